"""Collection fixtures: a season around a chosen day, main contacts, and a real SMTP server in a subprocess."""

import datetime
import email
import email.policy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collection.contacts import set_contact
from collection.models import Reminder, Season
from kostra.reference.models import Municipality

SINK = Path(__file__).with_name("smtp_sink.py")


def make_season(survey, deadline: datetime.date, *, reminders=(14, 3, -7)) -> Season:
    season = Season.objects.create(
        survey=survey,
        opens_on=deadline - datetime.timedelta(days=60),
        deadline=deadline,
        closes_on=deadline + datetime.timedelta(days=30),
        editors_final_on=deadline + datetime.timedelta(days=120),
    )
    for days in reminders:
        Reminder.objects.create(season=season, days_before_deadline=days)
    return season


@pytest.fixture
def season(survey_2021):
    """Deadline 15 March 2022; reminders 1 March, 12 March and 22 March."""
    return make_season(survey_2021, datetime.date(2022, 3, 15))


@pytest.fixture
def contacts(survey_2021):
    """Main contacts of three municipalities: Bergen, Ulvik and Oslo."""
    found = {}
    for number in ("4601", "4620", "0301"):
        m = Municipality.objects.get(year=2021, number=number)
        set_contact(
            survey_2021, m, name=f"Kontakt {m.name}", email=f"k{number}@kommune.example", user=None, source="import"
        )
        found[number] = m
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """aiosmtpd in a subprocess; `messages()` parses what it received so far."""

    def __init__(self, port: int, out: Path):
        self.port, self.out, self.process = port, out, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SINK), str(self.port), str(self.out)], stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process.stdout.close()
            self.process = None

    def messages(self) -> list[email.message.EmailMessage]:
        files = sorted(self.out.glob("*.eml"), key=lambda p: int(p.stem))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]

    def wait_for(self, count: int, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.messages()

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }


@pytest.fixture
def smtp_server(tmp_path, settings):
    """A running SMTP server; Django's SMTP backend points at it."""
    server = SmtpServer(free_port(), tmp_path / "mail")
    server.start()
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def body(message, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()
