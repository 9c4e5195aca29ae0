"""python manage.py create_api_token USERNAME --name NAME [--days N]: prints a new token, and nothing else."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api.forms import DEFAULT_DAYS
from api.tokens import TokenError, create_token


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (only) on standard output."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for; shown in the change log")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"validity (default {DEFAULT_DAYS})")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no such user: {username}")
        try:
            created = create_token(user, name, days)
        except TokenError as exc:
            raise CommandError(f"--{exc.field}: {exc}") from None
        self.stdout.write(created.secret)
