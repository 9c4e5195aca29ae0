from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from surveys.services.backup import dump_year


class Command(BaseCommand):
    help = "Dump a survey year (responses raw+edited, change log, flags, contacts, codes, ...) to one archive."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        target = Path(options["file"])
        partial = target.with_name(f".{target.name}.partial")
        try:
            counts = dump_year(survey, partial)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{target}: {exc.strerror}") from None
        self.stdout.write(", ".join(f"{label}: {n}" for label, n in counts.items()))
