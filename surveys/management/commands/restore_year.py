import zipfile

from django.core.management.base import BaseCommand, CommandError

from surveys.services.backup import RestoreError, restore_year


class Command(BaseCommand):
    help = "Restore a survey year archive (from backup_year) into a database where that year has no responses."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            counts = restore_year(options["file"])
        except (RestoreError, zipfile.BadZipFile, KeyError, FileNotFoundError) as exc:
            raise CommandError(f"nothing restored: {exc}") from None
        self.stdout.write("restored " + ", ".join(f"{label}: {n}" for label, n in counts.items()))
