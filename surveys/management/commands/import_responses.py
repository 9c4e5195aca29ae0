from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from surveys.services.interchange import ImportRejected, import_responses


class Command(BaseCommand):
    help = "Import a responses CSV (interchange.md section 1): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)
        parser.add_argument("--replace", action="store_true", help="replace existing responses of these municipalities")

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            result = import_responses(options["file"], survey, replace=options["replace"])
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except ImportRejected as rejected:
            for line in rejected.errors:
                self.stderr.write(line)
            raise CommandError(f"nothing imported: {len(rejected.errors)} error(s)") from None
        self.stdout.write(f"imported {result.created} new and {result.replaced} replaced response(s)")
