from django.core.management.base import BaseCommand, CommandError

from surveys.management.commands._common import add_year_argument, get_survey
from surveys.tables.catalogue import computed_tables
from surveys.tables.data import load_year
from surveys.tables.export import FORMATS, interchange, write_tables


class Command(BaseCommand):
    help = (
        "Write every computable table of a year, live and unsuppressed, one file per table "
        "(interchange.md section 2). Table 6.1 (external accounts data) is not written (G11)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="directory to write table_<id>.<format> files into")
        add_year_argument(parser)
        parser.add_argument("--format", choices=FORMATS, default="json")

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        data = load_year(survey)
        if data.n == 0:
            self.stderr.write(f"warning: no submitted responses for {survey.year}; the tables are empty")
        tables = [interchange(table.compute(data)) for table in computed_tables()]
        try:
            paths = write_tables(tables, options["out"], options["format"])
        except OSError as exc:
            raise CommandError(f"{options['out']}: {exc.strerror or exc}") from None
        self.stdout.write(f"wrote {len(paths)} tables for {survey.year} ({data.n} municipalities) to {options['out']}")
