"""Shared argument handling of the interchange commands."""

from django.core.management.base import CommandError

from surveys.models import Survey


def add_year_argument(parser) -> None:
    parser.add_argument("--year", type=int, default=2021, help="survey year (default 2021)")


def get_survey(year: int) -> Survey:
    try:
        return Survey.objects.get(year=year)
    except Survey.DoesNotExist:
        raise CommandError(f"no survey for the year {year}") from None
