"""Benchmark: a PATCH of a whole Part B through the API against a save of the Part B form in place (as the page's
script saves, answered with JSON), measured in the same run, alternating in rounds, so the machine's drift and the
other load on it hit both alike; the result is their ratio.

Usage (from the repository root; the database is created and migrated if needed):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kostra_bench .venv/bin/python scripts/bench_api.py \
        [-n 100] [--rounds 4] [--threads 4]

Requests go through Django's test Client in-process (server time without the network). With --threads N, N
clients save at once, each its own municipality (a reporter per municipality, a token per reporter), so the
saves do not conflict; Python runs them on one core at a time, as one gunicorn worker would.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench_form import DEFAULT_URL, FORM_ENCODED, IN_PLACE, ensure_database, part_b_values
from benchmachine import describe

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITIES = ("4601", "4602", "4611", "4612", "4613", "4614", "4615", "4616")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--iterations", type=int, default=100, help="saves per client and round")
    parser.add_argument("--rounds", type=int, default=4, help="form and API take turns this many times")
    parser.add_argument("--threads", type=int, default=4, help=f"clients at once (at most {len(MUNICIPALITIES)})")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")
    os.environ.setdefault("API_THROTTLE_RATE", "1000000/min")
    sys.path.insert(0, str(ROOT))
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from api.models import ApiToken
    from api.tokens import create_token
    from kostra.reference.models import Municipality
    from surveys.models import Membership, Response, Survey
    from surveys.services.years import load_reference_data
    from tests.surveys.test_reporter_support import form_data, page_state, section_url

    setup_test_environment()
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    load_reference_data(2021)
    survey = Survey.objects.get(year=2021)
    questionnaire = survey.questionnaire
    # The form's benchmark answers, with a cooperation of municipalities that exist in 2021: the API refuses an
    # invalid value where the form keeps it as a draft.
    values = {**part_b_values(questionnaire), "b_participant_kommune_ids": "4602|4611"}
    own = set(questionnaire.section("part_b").variable_ids)
    part_b = {k: v for k, v in values.items() if k in own}

    class Saver:
        """One municipality's reporter: saves Part B by the form (in place) or through the API, alternately."""

        def __init__(self, number: str):
            self.number = number
            user, _ = get_user_model().objects.get_or_create(username=f"bench-api-{number}")
            Membership.objects.update_or_create(user=user, municipality_number=number, defaults={"parts": ""})
            municipality = Municipality.objects.get(year=2021, number=number)
            Response.objects.update_or_create(
                survey=survey, municipality=municipality, defaults={"raw_values": values, "status": "in_progress"}
            )
            ApiToken.objects.filter(user=user).delete()
            self.form = Client(HTTP_HOST="localhost")
            self.form.force_login(user)
            self.api = Client(
                HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {create_token(user, 'bench', 1).secret}"
            )
            self.url = section_url(number, "part_b")
            self.api_url = f"/api/v1/2021/responses/{number}/"
            self.i = 0

        def form_saves(self, n: int, samples: list[float]) -> None:
            state = page_state(self.form, self.number, "part_b")
            post = form_data(questionnaire, part_b)
            for _ in range(n):
                self.i += 1
                data = {**state, **post, "b_fastleger_count": str(5 + self.i % 2), "save": ""}
                start = time.perf_counter()
                answer = self.form.post(
                    self.url, urlencode(data, doseq=True), content_type=FORM_ENCODED, headers=IN_PLACE
                )
                samples.append((time.perf_counter() - start) * 1000)
                saved = answer.json()
                assert saved["status"] == "saved", saved
                state = {"_version": str(saved["version"]), "_base": saved["base"]}
            connection.close()

        def api_saves(self, n: int, samples: list[float]) -> None:
            etag = self.api.get(self.api_url)["ETag"]
            for _ in range(n):
                self.i += 1
                body = {"values": {**part_b, "b_fastleger_count": str(5 + self.i % 2)}}
                start = time.perf_counter()
                answer = self.api.patch(self.api_url, body, content_type="application/json", headers={"If-Match": etag})
                samples.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 200, answer.content
                etag = answer["ETag"]
            connection.close()

    savers = [Saver(number) for number in MUNICIPALITIES[: args.threads]]
    for saver in savers:  # warm-up: questionnaire cache, templates, connections
        saver.form_saves(5, [])
        saver.api_saves(5, [])

    def run(kind: str) -> tuple[float, list[float]]:
        samples: list[float] = []
        threads = [
            threading.Thread(target=getattr(s, f"{kind}_saves"), args=(args.iterations, samples)) for s in savers
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(samples) / (time.perf_counter() - start), samples

    results = {"form": [], "api": []}
    for r in range(args.rounds):
        for kind in ("form", "api") if r % 2 == 0 else ("api", "form"):
            results[kind].append(run(kind))

    print(f"Part B: {len(part_b)} variables; {args.threads} clients at once, {args.iterations} saves each per round")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"machine:  {describe()}")
    summary = {}
    for kind, label in (("form", "form save in place"), ("api", "API PATCH of Part B")):
        rates = [rate for rate, _s in results[kind]]
        samples = [ms for _r, s in results[kind] for ms in s]
        summary[kind] = (statistics.median(rates), p95(samples))
        print(
            f"{label:22} saves/s per round {', '.join(f'{x:.1f}' for x in rates)}; median {summary[kind][0]:.1f};"
            f" p50 {statistics.median(samples):.1f} ms, p95 {summary[kind][1]:.1f} ms"
        )
    rate, tail = summary["api"][0] / summary["form"][0], summary["api"][1] / summary["form"][1]
    print(f"API / form: saves/s {rate:.2f}, p95 {tail:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
