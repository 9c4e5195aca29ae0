"""Benchmark of the reporter form: server time to render and to save the largest section (Part B, all grids),
by a plain post (answered with a redirect) and in place, as the page's script saves (answered with JSON); and
the entry pages' first read (surveys/services/entry_read.py) against the same read composed by the ORM on each
request, run alternately in one process.

Usage (from the repository root; the database is created and migrated if needed):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kostra_bench .venv/bin/python scripts/bench_form.py [-n 200]

Requests go through Django's test Client in-process, so the figures are server time without the network.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from benchmachine import describe

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kostra_bench"
FORM_ENCODED = "application/x-www-form-urlencoded"  # as browsers and form.js post the form
IN_PLACE = {"Accept": "application/json"}


def ensure_database(url: str) -> None:
    """Create the benchmark database on the server if it is not there yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')  # noqa: S608 - our own database name, from the URL


def part_b_values(questionnaire) -> dict[str, str]:
    """A host's answers with every question of Part B shown and every grid in use."""
    sample = {
        "yes_no": "ja",
        "integer": "5",
        "decimal": "2.5",
        "amount_1000nok": "150000",
        "text": "Kommentar",
        "kommune_list": "4602|4603",
    }
    values = {"s24_legevakt_parts": "B"}
    for question in questionnaire.section("part_b").questions:
        for var_id in question.variables:
            var = questionnaire.variables[var_id]
            if var.type == "checkbox":
                values[var_id] = "1" if var.column in ("kveld", "natt", "tilstede", "hjemme", None) else "0"
            elif var.type in ("choice", "multi_choice"):
                values[var_id] = var.option_codes[0]
            else:
                values[var_id] = sample[var.type]
    values["b_participant_contribution"] = "vakter|finansiering|annet"
    return values


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms"


def compare_entry_reads(user, number: str, iterations: int) -> None:
    """read_entry against the ORM-built reads it replaced (membership, then the response with its survey and
    municipality, locked with whether it has active corrections, then its explanations), alternating, so the
    machine's drift hits both."""
    from django.db import transaction
    from django.db.models import Exists, OuterRef

    from surveys.models import Correction, Explanation, Response
    from surveys.services.entry.membership import membership_for
    from surveys.services.entry_read import read_entry

    def orm_read(lock):
        membership_for(user, number)
        responses = Response.objects.select_related("survey", "municipality")
        if lock:
            active = Correction.objects.filter(response=OuterRef("pk"), superseded_at__isnull=True)
            responses = responses.select_for_update(of=("self",)).annotate(has_active_corrections=Exists(active))
        found = responses.filter(survey__year=2021, municipality__year=2021, municipality__number=number).first()
        list(Explanation.objects.filter(response_id=found.pk).values_list("rule_id", "variables", "text"))
        return found

    reads = {"one query (read_entry)": lambda lock: read_entry(user, 2021, number, lock=lock), "ORM-built": orm_read}
    for lock in (True, False):
        wall, cpu = {name: [] for name in reads}, {name: [] for name in reads}
        for i in range(iterations):
            for name, read in list(reads.items())[:: 1 if i % 2 else -1]:
                start, start_cpu = time.perf_counter(), time.process_time()
                with transaction.atomic():
                    read(lock)
                wall[name].append((time.perf_counter() - start) * 1000)
                cpu[name].append((time.process_time() - start_cpu) * 1000)
        for name in reads:
            print(
                f"entry read ({'locked, ' if lock else ''}{name}): wall p50 {statistics.median(wall[name]):5.2f} ms"
                f"   CPU mean {statistics.mean(cpu[name]):5.2f} ms"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--iterations", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")
    sys.path.insert(0, str(ROOT))
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kostra.reference.models import Municipality
    from surveys.models import Membership, Response, Survey
    from surveys.services.years import load_reference_data
    from tests.surveys.test_reporter_support import form_data, page_state, section_url

    setup_test_environment()
    settings.DEBUG = False  # as in tests and production: no query log
    call_command("migrate", verbosity=0)
    load_reference_data(2021)
    survey = Survey.objects.get(year=2021)
    municipality = Municipality.objects.get(year=2021, number="4601")
    questionnaire = survey.questionnaire
    user, _ = get_user_model().objects.get_or_create(username="bench-reporter")
    Membership.objects.update_or_create(user=user, municipality_number="4601", defaults={"parts": ""})
    values = part_b_values(questionnaire)
    Response.objects.update_or_create(
        survey=survey,
        municipality=municipality,
        defaults={"raw_values": values, "status": Response.Status.IN_PROGRESS},
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = section_url("4601", "part_b")
    own = set(questionnaire.section("part_b").variable_ids)
    post = form_data(questionnaire, {k: v for k, v in values.items() if k in own})

    def timed(samples: list[float] | None, call):
        """The answer of `call`, its milliseconds appended to `samples` (None: a warm-up)."""
        start = time.perf_counter()
        answer = call()
        if samples is not None:
            samples.append((time.perf_counter() - start) * 1000)
        assert answer.status_code in (200, 302), answer.status_code
        return answer

    def post_form(data, **headers):
        return client.post(url, urlencode(data, doseq=True), content_type=FORM_ENCODED, headers=headers)

    for _ in range(10):  # warm-up: questionnaire cache, connections, templates
        timed(None, lambda: client.get(url))
    render, save, in_place = [], [], []
    for _ in range(args.iterations):
        timed(render, lambda: client.get(url))
    for i in range(args.iterations):
        state = page_state(client, "4601", "part_b")
        data = {**state, **post, "b_fastleger_count": str(5 + i % 2)}  # a real change on every save
        timed(save, lambda data=data: post_form(data))
    state = page_state(client, "4601", "part_b")
    for i in range(args.iterations):  # as form.js saves: the answer's version and base serve the next save
        data = {**state, **post, "b_fastleger_count": str(6 - i % 2), "save": ""}
        saved = timed(in_place, lambda data=data: post_form(data, **IN_PLACE)).json()
        assert saved["status"] == "saved", saved
        state = {"_version": str(saved["version"]), "_base": saved["base"]}

    cells = sum(1 for v in own if questionnaire.variables[v].type == "checkbox")
    print(f"Part B: {len(own)} variables ({cells} grid cells), {args.iterations} iterations each")
    print(f"database: {django.db.connection.vendor} {django.db.connection.settings_dict['NAME']}")
    print(f"machine:  {describe()}")
    print(f"render (GET):        {percentiles(render)}")
    print(f"save (POST, 302):    {percentiles(save)}")
    print(f"save in place (JSON): {percentiles(in_place)}")
    compare_entry_reads(user, "4601", 2 * args.iterations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
