"""Benchmark of the editing rules: the sample year (356 responses) copied up to 35 600, timed in two ways.

  memory   decoding and rule time only, no database: 1 process, then the unit rules split over --workers
           processes (the cross-unit rules run once over the whole year either way)
  celery   the real path: responses in PostgreSQL, `run_edits --wait` through Redis and a Celery worker with
           --workers processes, flags written; needs --database-url (a database of its own: it is migrated and
           its benchmark year is replaced) and Redis

Usage (from the repository root):
  .venv/bin/python scripts/bench_rules.py --mode memory --sizes 356,3560,35600 --workers 2
  .venv/bin/python scripts/bench_rules.py --mode celery --sizes 356,3560,35600 --workers 2 \\
      --database-url postgres://postgres@127.0.0.1:5432/kostra_rules_bench --broker redis://127.0.0.1:6379/14

Copies get municipality numbers of their own ('X' and three base-36 digits), with the link fields renumbered, so
cooperations stay inside a copy and cross-unit work grows with the year as it would with more municipalities.
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

from benchmachine import describe

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-2021" / "responses_linked.csv"
LINKS = ("c_host_kommune_ids", "b_participant_kommune_ids")
BENCH_YEAR = 9021  # the celery mode's survey year, with a register of its own


def setup_django(database_url: str | None = None, broker: str | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    if broker:
        os.environ["CELERY_BROKER_URL"] = os.environ["CELERY_RESULT_BACKEND"] = broker
    import django

    django.setup()


def sample_rows() -> dict[str, dict[str, str]]:
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        return {r.pop("kommunenummer"): {k: v for k, v in r.items() if v} for r in csv.DictReader(handle)}


def register_rows() -> dict[str, tuple[int, int]]:
    from kostra.reference.loading import read_register, register_path

    return {
        r["kommunenummer"]: (int(r["innbyggere"]), int(r["sentralitet_klasse"]))
        for r in read_register(register_path(2021))
    }


def _code(index: int) -> str:
    """A 4-character municipality number of a copy ('X' and three base-36 digits), never a real one."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = ""
    for _ in range(3):
        index, digit = divmod(index, 36)
        code = digits[digit] + code
    return "X" + code


def copies(size: int, rows, register) -> tuple[dict, list]:
    """`size` responses: whole copies of the sample (and part of one), renumbered; and their register rows."""
    numbers = sorted(rows)
    position = {n: i for i, n in enumerate(numbers)}

    def renumber(copy: int, number: str) -> str:
        return _code(copy * len(numbers) + position[number]) if copy else number

    texts, reference = {}, []
    for i in range(size):
        copy, index = divmod(i, len(numbers))
        old = numbers[index]
        renumbered = dict(rows[old])
        for link in LINKS:
            if link in renumbered:
                renumbered[link] = "|".join(renumber(copy, n) for n in renumbered[link].split("|"))
        texts[renumber(copy, old)] = renumbered
        reference.append((renumber(copy, old), *register[old]))
    return texts, reference


# --- memory mode -------------------------------------------------------------------------------------------------

_STATE = {}


def _unit_chunk(items):
    from questionnaire.rules.registry import make_values
    from validation.services.evaluation import unit_hits

    q, refs = _STATE["q"], _STATE["refs"]
    hits = 0
    for number, texts in items:
        hits += len(unit_hits(make_values(q, texts), refs[number]))
    return hits


def _init(reference_rows):
    setup_django()
    from questionnaire.loader import load_definition
    from questionnaire.rules.registry import make_references

    _STATE["q"] = load_definition("legevakt_2021.yaml")
    _STATE["refs"] = make_references(reference_rows)


def bench_memory(sizes, workers):
    from questionnaire.loader import load_definition
    from questionnaire.rules.registry import YearData, make_references, make_values, run_cross_unit_rules
    from validation.services.evaluation import unit_hits

    rows, register = sample_rows(), register_rows()
    q = load_definition("legevakt_2021.yaml")
    print(
        "| responses | decode (s) | unit rules (s) | cross-unit rules (s) | total, 1 process (s) | "
        f"total, unit rules on {workers} processes (s) | hits |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        texts, reference = copies(size, rows, register)
        refs = make_references(reference)
        t0 = time.perf_counter()
        values = {n: make_values(q, t) for n, t in texts.items()}
        t1 = time.perf_counter()
        hits = sum(len(unit_hits(v, refs[n])) for n, v in values.items())
        t2 = time.perf_counter()
        hits += len(run_cross_unit_rules(YearData(2021, values, refs)))
        t3 = time.perf_counter()
        items = list(texts.items())
        chunks = [items[i::workers] for i in range(workers)]
        with Pool(workers, initializer=_init, initargs=(reference,)) as pool:
            pool.map(_unit_chunk, [items[:workers]] * workers)  # warm up: imports and questionnaire loaded
            p0 = time.perf_counter()
            pool.map(_unit_chunk, chunks)
            values = {n: make_values(q, t) for n, t in texts.items()}
            run_cross_unit_rules(YearData(2021, values, refs))
            p1 = time.perf_counter()
        print(
            f"| {size:,} | {t1 - t0:.2f} | {t2 - t1:.2f} | {t3 - t2:.2f} | {t3 - t0:.2f} | {p1 - p0:.2f} | {hits:,} |"
        )


# --- celery mode -------------------------------------------------------------------------------------------------


def load_bench_year(texts, reference):
    """Replace the benchmark year: register, survey and submitted responses (bulk, no change log)."""
    from django.db import transaction

    from kostra.reference.models import Municipality
    from surveys.models import Response, Survey
    from validation.models import Flag, RuleRun

    with transaction.atomic():
        Flag.objects.filter(response__survey__year=BENCH_YEAR).delete()
        RuleRun.objects.filter(survey__year=BENCH_YEAR).delete()
        Response.objects.filter(survey__year=BENCH_YEAR).delete()
        Municipality.objects.filter(year=BENCH_YEAR).delete()
        Municipality.objects.bulk_create(
            [
                Municipality(
                    year=BENCH_YEAR,
                    number=n,
                    name=n,
                    county_number="00",
                    county_name="-",
                    population=p,
                    centrality_class=c,
                    centrality_index=500,
                )
                for n, p, c in reference
            ],
            batch_size=2000,
        )
        survey, _ = Survey.objects.get_or_create(
            year=BENCH_YEAR, defaults={"definition_file": "legevakt_2021.yaml", "questionnaire_version": "bench"}
        )
        places = {m.number: m for m in Municipality.objects.filter(year=BENCH_YEAR)}
        Response.objects.bulk_create(
            [
                Response(survey=survey, municipality=places[n], raw_values=t, status=Response.Status.SUBMITTED)
                for n, t in texts.items()
            ],
            batch_size=1000,
        )


def _run_edits(env, *args) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `run_edits` of the benchmark year in a process of its own."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "manage.py", "run_edits", "--year", str(BENCH_YEAR), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(done.stderr)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def analyze() -> None:
    """Vacuum and fresh planner statistics after bulk loads and deletes, as autovacuum would give a production
    database in a while (this machine's PostgreSQL runs with autovacuum off, so dead flag rows of earlier runs
    would otherwise pile up in the table and its indexes)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE surveys_response, validation_flag, validation_rulerun, reference_municipality")


def create_database(database_url: str) -> None:
    """Create the benchmark's database if it is not there yet."""
    from urllib.parse import urlparse

    import psycopg
    from psycopg import sql

    parts = urlparse(database_url)
    name = parts.path.lstrip("/")
    server = {"host": parts.hostname, "port": parts.port or 5432, "user": parts.username, "password": parts.password}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_celery(sizes, workers, database_url, broker, chunk_size=None):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows, register = sample_rows(), register_rows()
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "celery", "-A", "kostra", "worker", "-Q", "entry,batch", "-c", str(workers)]
        + ["-n", f"bench-{os.getpid()}@%h", "-l", "warning", "--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)
        print(
            f"| responses | run_edits through Celery, {workers} worker processes, first run (s) | second run, flags "
            "unchanged (s) | run_edits --sync, 1 process (s) | CPU of that process (s) | flags |"
        )
        print("|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            texts, reference = copies(size, rows, register)
            load_bench_year(texts, reference)
            analyze()
            chunks = ("--chunk-size", chunk_size) if chunk_size else ()
            first, _cpu = _run_edits(env, "--wait", "--timeout", "1800", *chunks)
            analyze()
            second, _cpu = _run_edits(env, "--wait", "--timeout", "1800", *chunks)
            analyze()
            sync, cpu = _run_edits({**env, "CELERY_BROKER_URL": ""}, "--sync", *chunks)
            from validation.models import Flag

            flags = Flag.objects.filter(response__survey__year=BENCH_YEAR).count()
            print(f"| {size:,} | {first:.1f} | {second:.1f} | {sync:.1f} | {cpu:.1f} | {flags:,} |")
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("memory", "celery"), default="memory")
    parser.add_argument("--sizes", default="356,3560,35600")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="celery mode: a PostgreSQL database of the benchmark's own")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--chunk-size", help="celery mode: run_edits --chunk-size (default: its own)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {describe()}")
    if args.mode == "memory":
        setup_django()
        bench_memory(sizes, args.workers)
    else:
        if not args.database_url:
            parser.error("--mode celery needs --database-url")
        create_database(args.database_url)
        setup_django(args.database_url, args.broker)
        bench_celery(sizes, args.workers, args.database_url, args.broker, args.chunk_size)


if __name__ == "__main__":
    main()
