from django.core.management.base import BaseCommand, CommandError

from kostra.outbox.sending import backlog, send_pending


class Command(BaseCommand):
    help = "Send the background tasks still waiting in the outbox (after a broker outage); --check only counts them."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="count pending and unfinished messages, send none")

    def handle(self, *args, **options):
        if not options["check"]:
            counts = send_pending()
            self.stdout.write(", ".join(f"{label}: {n}" for label, n in counts.items()))
            if counts["not sent"]:
                raise CommandError(f"{counts['not sent']} message(s) could not be sent: is the broker up?")
        self.stdout.write(", ".join(f"{label}: {n}" for label, n in backlog().items()))
