from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from validation.workbench.codes import CodesRejected, import_codes


class Command(BaseCommand):
    help = "Import editor codes from a CSV kommunenummer,variable,code (table-definitions.md section 2): all or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)
        parser.add_argument("--replace", action="store_true", help="also remove the year's codes the file lacks")

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            result = import_codes(options["file"], survey, replace=options["replace"])
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except CodesRejected as rejected:
            for line in rejected.errors:
                self.stderr.write(line)
            raise CommandError(f"nothing imported: {len(rejected.errors)} error(s)") from None
        self.stdout.write(f"imported {result.written} code(s), removed {result.removed}")
