from django.core.management.base import BaseCommand

from demo.loading import load_demo


class Command(BaseCommand):
    help = "Load the demo survey year and create demo users (printed with their passwords)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2021)

    def handle(self, *args, **options):
        report = load_demo(options["year"])
        self.stdout.write(report.summary)
        self.stdout.write("Demo users (username / password / role):")
        for username, password, role in report.users:
            self.stdout.write(f"  {username:<12} {password:<18} {role}")
