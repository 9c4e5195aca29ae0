"""Benchmark of the collection season (docs/benchmarks.md, section "Collection").

On the database of DATABASE_URL with the demo year loaded (`load_demo`): the dashboard's figures for all 356
municipalities, and a reminder run that writes an invitation and a reminder to each of them (the demo year moved
to a season open today with nobody submitted), then the same run again, which must write nothing. Everything the
run writes is rolled back; e-mail goes to Django's memory backend.

Run from the repository root: .venv/bin/python scripts/bench_collection.py
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")

import django  # noqa: E402

django.setup()

from benchmachine import describe  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from collection import dashboard, mailings  # noqa: E402
from collection.models import Message, Season  # noqa: E402
from surveys.models import Response, Survey  # noqa: E402


class Rollback(Exception):
    """Leaves the database as it was."""


def main() -> None:
    print(describe())
    survey = Survey.objects.get(year=2021)
    start = time.perf_counter()
    board = dashboard.build(survey, dashboard.Filters())
    print(f"dashboard figures for {board.whole.total} municipalities: {(time.perf_counter() - start) * 1000:.0f} ms")
    today = timezone.localdate()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        try:
            with transaction.atomic():
                Season.objects.filter(survey=survey).update(
                    opens_on=today - datetime.timedelta(days=30),
                    deadline=today + datetime.timedelta(days=3),
                    closes_on=today + datetime.timedelta(days=30),
                )
                Response.objects.filter(survey=survey).update(first_submitted_at=None)
                Message.objects.filter(survey=survey).delete()
                for label in ("first run", "second run"):
                    start = time.perf_counter()
                    result = mailings.send_due()
                    took = time.perf_counter() - start
                    print(f"{label}: {result.invitations} invitations, {result.reminders} reminders in {took:.2f} s")
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
