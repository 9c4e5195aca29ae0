from django.core.management.base import BaseCommand, CommandError

from collection.contacts import ContactsRejected, import_contacts
from surveys.management.commands._common import add_year_argument, get_survey


class Command(BaseCommand):
    help = "Import the main contacts of a year from CSV (kommunenummer,name,email): all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_year_argument(parser)

    def handle(self, *args, **options):
        survey = get_survey(options["year"])
        try:
            result = import_contacts(options["file"], survey)
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except ContactsRejected as rejected:
            for line in rejected.errors:
                self.stderr.write(line)
            raise CommandError(f"nothing imported: {len(rejected.errors)} error(s)") from None
        self.stdout.write(
            f"imported {result.created} new and {result.changed} changed contact(s); {result.unchanged} unchanged"
        )
