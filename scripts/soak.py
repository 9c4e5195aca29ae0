"""Load and soak test: locust (headless) against gunicorn + PostgreSQL + Redis + a Celery worker on this machine.

Usage (from the repository root; `make soak` installs the `load` extra first):

    .venv/bin/python scripts/soak.py [--users 50] [--duration 60] [--web-workers 4]

Sets everything up on its own: a fresh database `kostra_soak` (every municipality with a reporter, a response
sent back for correction with Part B and all its grids filled, one editor and one admin), Redis database 12,
collected static files, one Celery worker and gunicorn on port 8011 in production mode (DEBUG off). Then
`scripts/soak_locustfile.py` runs: users log in while they are spawned, the statistics are reset once all are
running, and the next `--duration` seconds are measured. Afterwards it waits for the Celery queue to drain, checks
that the database connections are idle and, once the services are stopped, released, and prints the figures
(also written to var/soak/summary.json). Every process it starts is stopped when it ends.

scripts/faults.py runs it against services of its own, with SOAK_SUBMITTERS (that many responses get clean
answers so that the `submitters` role can send them in) and SOAK_RECORD (where the locustfile writes what users
were told succeeded).
"""

import argparse
import csv
import json
import math
import os
import platform
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from benchmachine import cpu_model

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kostra_soak"
DEFAULT_BROKER = "redis://127.0.0.1:6379/12"
PASSWORD = "soak-test-password-2021"  # noqa: S105 - throwaway users of the throwaway soak database
QUEUES = ("entry", "batch")


def environment(args) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kostra.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.broker,
        "CACHE_URL": args.broker,  # the soak's own Redis database, flushed before each run
        "SECURE_SSL_REDIRECT": "False",  # plain HTTP on loopback, as behind a TLS terminator
        "SOAK_PASSWORD": PASSWORD,
    }


# -- set-up ----------------------------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    """Drop and create the soak database, so every run starts from the same data."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def flush_broker(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()  # only this database number: the soak's own


def seed() -> None:
    """Users, memberships and responses (run with the soak environment, after migrate)."""
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from kostra.reference.models import Municipality
    from kostra.roles import ADMINS, EDITORS
    from scripts.bench_form import part_b_values
    from surveys.models import Membership, Response, Survey

    survey = Survey.objects.get(year=2021)
    users = get_user_model()
    hashed = make_password(os.environ["SOAK_PASSWORD"])  # one hash for all: 1M PBKDF2 rounds each would take minutes
    places = list(Municipality.objects.filter(year=2021).order_by("number"))
    users.objects.bulk_create([users(username=f"soak-{m.number}", password=hashed) for m in places])
    by_name = {u.username: u for u in users.objects.filter(username__startswith="soak-")}
    Membership.objects.bulk_create(
        [
            Membership(user=by_name[f"soak-{m.number}"], municipality_number=m.number, is_main_contact=True)
            for m in places
        ]
    )
    values = part_b_values(survey.questionnaire)
    now = timezone.now()
    Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                municipality=m,
                raw_values=dict(values),
                status=Response.Status.SENT_BACK,  # submitted once and sent back: open to edit, in the tables
                first_submitted_at=now,
                submitted_at=now,
            )
            for m in places
        ]
    )
    editor = users.objects.create(username="soak-editor", password=hashed)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    admin = users.objects.create(username="soak-admin", password=hashed, is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get_or_create(name=ADMINS)[0])
    Path(os.environ["SOAK_MUNICIPALITIES"]).write_text("\n".join(m.number for m in places) + "\n")
    print(f"seeded {len(places)} reporters with responses, soak-editor and soak-admin")
    submitters = int(os.environ.get("SOAK_SUBMITTERS") or 0)
    if submitters:
        seed_submittable(survey, submitters)


def seed_submittable(survey, count: int) -> None:
    """The last `count` municipalities get the clean sample answers (nothing missing, rule hits to explain), so
    the Submitter users of the fault runs can send them in; their numbers go to SOAK_SUBMITTABLE."""
    from surveys.models import Response

    with open(ROOT / "fixtures" / "sample-2021" / "responses_linked.csv", encoding="utf-8", newline="") as handle:
        sample = {row.pop("kommunenummer"): {k: v for k, v in row.items() if v != ""} for row in csv.DictReader(handle)}
    numbers = sorted(sample)[-count:]
    for response in Response.objects.filter(survey=survey, municipality__number__in=numbers):
        response.raw_values = sample[response.municipality.number]
        response.save(update_fields=["raw_values"])
    Path(os.environ["SOAK_SUBMITTABLE"]).write_text("\n".join(numbers) + "\n")
    print(f"{len(numbers)} responses can be submitted")


# -- processes -------------------------------------------------------------------------------------------------


def start(cmd: list[str], env: dict, log: Path, nice: int = 0, idle: bool = False) -> subprocess.Popen:
    """A service in its own process group, so stopping it stops its children too.

    With `nice`, it yields the CPU to the others. Its own session is also its own scheduler autogroup where the
    kernel has them (Linux's default): the CPU is then shared between groups first, and a process's nice value
    only counts inside its group, so the group's nice is set as well. With `idle` it runs under SCHED_IDLE
    (inherited by the processes it forks): any other process that wakes up takes its CPU at once.
    """
    if nice:
        cmd = ["nice", "-n", str(nice), *cmd]
    process = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=(lambda: os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))) if idle else None,
    )
    autogroup = Path(f"/proc/{process.pid}/autogroup")
    if nice and autogroup.exists():
        try:
            autogroup.write_text(str(nice))
        except OSError as error:  # not permitted: the plain nice value still applies within the group
            print(f"could not lower the priority of its autogroup: {error}")
    return process


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_healthy(base_url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/health/", timeout=5) as answer:  # noqa: S310 - our own URL
                body = json.loads(answer.read())
                if body.get("status") == "ok":
                    return body
                last = body
        except OSError as exc:
            last = str(exc)
        time.sleep(1)
    raise SystemExit(f"the service did not become healthy: {last}")


# -- checks afterwards -----------------------------------------------------------------------------------------


def connections(url: str) -> dict[str, int]:
    """Other sessions on the soak database by state (this check's own connection left out)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT coalesce(state, '?'), count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid() GROUP BY 1",
            (parts.path.lstrip("/"),),
        ).fetchall()
    return dict(rows)


def queue_lengths(url: str) -> dict[str, int]:
    import redis

    client = redis.Redis.from_url(url)
    return {queue: client.llen(queue) for queue in QUEUES}


def worker_busy(env: dict) -> int:
    """Tasks the worker is running or holds reserved, from `celery inspect` (0 when idle)."""
    out = subprocess.run(
        [str(BIN / "celery"), "-A", "kostra", "inspect", "active", "reserved", "--json", "--timeout", "3"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    busy = 0
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("{"):
            busy += sum(len(tasks) for tasks in json.loads(line).values())
    return busy


def wait_drained(env: dict, broker: str, timeout: float = 180) -> tuple[dict[str, int], int, float]:
    start_at = time.monotonic()
    while True:
        lengths, busy = queue_lengths(broker), worker_busy(env)
        if (not any(lengths.values()) and busy == 0) or time.monotonic() - start_at > timeout:
            return lengths, busy, time.monotonic() - start_at
        time.sleep(2)


def runs(env: dict) -> list[dict]:
    code = (
        "from validation.models import RuleRun; import json;"
        "print(json.dumps(list(RuleRun.objects.filter(scope='year').order_by('pk')"
        ".values('pk', 'status', 'done_chunks', 'total_chunks', 'started_at', 'finished_at')), default=str))"
    )
    out = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else []


# -- figures ---------------------------------------------------------------------------------------------------


def machine() -> dict:
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "loadavg": os.getloadavg(),
    }


# --competing-load: busy loops at normal priority, each taking its share of a core in 10 ms slices (a slower
# machine, or a neighbour on it), to see how much room the targets have. The marker names them in `ps`.
COMPETING = "soak-competing-load"
BUSY_LOOP = """import sys, time
share = float(sys.argv[1])
while True:
    start = time.perf_counter()
    while time.perf_counter() - start < 0.01 * share:
        pass
    time.sleep(0.01 * (1 - share))
"""

# --roles: the locustfile's user classes
ROLES = {"reporters": "Reporter", "editor": "Editor", "admin": "Admin", "submitters": "Submitter"}

# Which service a process belongs to, by its command line; the load generator shares the machine too.
CPU_GROUPS = (("web", "gunicorn"), ("worker", "celery"), ("load generator", "locust"), ("postgres", "postgres"),
              ("redis", "redis-server"), ("competing load", COMPETING))  # fmt: skip


class Sample(NamedTuple):
    at: float  # time.time()
    busy: float  # the machine's CPU seconds so far, as below
    steal: float
    iowait: float
    procs: dict[int, tuple[str, float]]  # pid -> (group, its CPU seconds so far)


class CpuSampler(threading.Thread):
    """Every second: each process's CPU seconds (user + system), the machine's busy seconds and the seconds its
    hypervisor gave to others (steal) and the seconds its CPUs sat idle waiting for the disk (iowait), so that the
    measured window's CPU can be split by service afterwards (cpu_by_group). On a virtual machine, steal is one
    reason the same code runs slower from one run to the next."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[Sample] = []
        self.done = threading.Event()

    def run(self):
        import psutil

        while not self.done.wait(1.0):
            procs = {}
            for proc in psutil.process_iter(["cmdline", "name", "cpu_times"]):
                line = " ".join(proc.info["cmdline"] or [proc.info["name"] or ""])
                group = next((g for g, word in CPU_GROUPS if word in line), None)
                if group and proc.info["cpu_times"]:
                    procs[proc.pid] = (group, proc.info["cpu_times"].user + proc.info["cpu_times"].system)
            total = psutil.cpu_times()
            steal, iowait = getattr(total, "steal", 0.0), getattr(total, "iowait", 0.0)
            busy = sum(total) - total.idle - iowait - steal
            self.samples.append(Sample(time.time(), busy, steal, iowait, procs))

    def write_timeline(self, path: Path) -> None:
        """Each second's cores by group (as cpu_by_group), beside locust's per-second history of the same run."""
        pairs = zip(self.samples, self.samples[1:], strict=False)
        rows = [{"timestamp": round(b.at), **self.cpu_by_group(a.at, b.at)} for a, b in pairs]
        if rows:
            with path.open("w", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)

    def cpu_by_group(self, first: float, last: float) -> dict[str, float]:
        """Cores busy on average over [first, last], by group, from the samples inside the window. A process
        started meanwhile counts from zero and one that ended counts to its last sample (PostgreSQL's backends
        live at most CONN_MAX_AGE); 'other' is the rest of the machine's busy time, 'stolen' the hypervisor's,
        'iowait' the idle time spent waiting for the disk (not counted as busy)."""
        inside = [s for s in self.samples if first <= s.at <= last]
        if len(inside) < 2:
            return {}
        start, end = inside[0], inside[-1]
        seen: dict[int, tuple[str, float]] = {}
        for sample in inside:
            seen.update(sample.procs)  # each process's latest CPU seconds in the window
        groups = {g: 0.0 for g, _word in CPU_GROUPS}
        for pid, (group, cpu) in seen.items():
            groups[group] += cpu - start.procs.get(pid, (group, 0.0))[1]
        machine_busy = end.busy - start.busy
        groups["other"] = max(0.0, machine_busy - sum(groups.values()))
        groups["machine"] = machine_busy
        groups["stolen"] = end.steal - start.steal
        groups["iowait"] = end.iowait - start.iowait
        return {g: round(v / (end.at - start.at), 2) for g, v in groups.items()}


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def table(stats: list[dict], seconds: float) -> str:
    lines = [f"{'request':42} {'count':>7} {'fail':>5} {'per s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}"]
    for row in stats:
        lines.append(
            f"{row['Name'][:42]:42} {row['Request Count']:>7} {row['Failure Count']:>5}"
            f" {int(row['Request Count']) / seconds:6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
            f" {float(row['Max Response Time']):7.0f}"
        )
    return "\n".join(lines)


# -- main ------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2.0, help="users started per second (each logs in)")
    parser.add_argument("--duration", type=int, default=60, help="measured seconds once all users run")
    parser.add_argument("--settle", type=int, default=30, help="seconds after the last login before measuring")
    parser.add_argument("--rate", type=float, default=1.6, help="task runs per second per reporter (most: a save)")
    parser.add_argument(
        "--save",
        choices=("in-place", "plain"),
        default="in-place",
        help="save as form.js does (JSON answer) or as a browser without it (redirect, page)",
    )
    parser.add_argument(
        "--roles",
        nargs="+",
        choices=ROLES,
        default=["reporters", "editor", "admin"],
        help="who takes part (the editor's year runs and the admin's exports can be left out to see their share;"
        " submitters, who send in responses, take part in the fault runs)",
    )
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--celery-concurrency", type=int, default=1)
    parser.add_argument(
        "--worker-nice", type=int, default=19, help="the Celery worker's nice value (0: as the web workers)"
    )
    parser.add_argument(
        "--worker-idle",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the Celery worker under SCHED_IDLE (Linux): web requests take its CPU as they arrive",
    )
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--broker", default=DEFAULT_BROKER)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "soak")
    parser.add_argument("--profile", action="store_true", help="record a py-spy profile of one web worker")
    parser.add_argument(
        "--competing-load",
        type=float,
        default=0.0,
        metavar="CORES",
        help="busy loops at normal priority taking about this many cores throughout (a slower machine)",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed()
        return 0

    env = environment(args)
    args.out.mkdir(parents=True, exist_ok=True)
    env["SOAK_MUNICIPALITIES"] = str(args.out / "municipalities.txt")
    env["SOAK_SUBMITTABLE"] = str(args.out / "submittable.txt")
    base_url = f"http://127.0.0.1:{args.port}"
    print("setting up: database, broker, static files, data")
    recreate_database(args.database_url)
    flush_broker(args.broker)
    py = str(BIN / "python")
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([py, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([py, __file__, "--seed"], env=env, cwd=ROOT, check=True)

    services = []
    try:
        services.append(
            start(
                [str(BIN / "celery"), "-A", "kostra", "worker", "-Q", ",".join(QUEUES),
                 "--concurrency", str(args.celery_concurrency), "--loglevel", "WARNING"],
                env,
                args.out / "celery.log",
                nice=args.worker_nice,
                idle=args.worker_idle,
            )
        )  # fmt: skip
        web = start(
            [str(BIN / "gunicorn"), "kostra.wsgi", "--bind", f"127.0.0.1:{args.port}",
             "--workers", str(args.web_workers), "--threads", str(args.threads), "--backlog", "256",
             "--log-level", "warning"],
            env,
            args.out / "gunicorn.log",
        )  # fmt: skip
        services.append(web)
        services.extend(competing_load(args.competing_load, env, args.out))
        print("health:", wait_healthy(base_url))
        if args.profile:
            services.append(profile_worker(web, args))
        before = machine()
        print(f"machine: {before['nproc']} CPUs, {before['cpu']}, load average at start {before['loadavg']}")
        spawn_seconds = args.users / args.spawn_rate
        prefix = args.out / "locust"
        locust = [
            str(BIN / "locust"), "-f", str(ROOT / "scripts" / "soak_locustfile.py"), "--headless",
            "--host", base_url, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
            "--run-time", f"{int(3 * spawn_seconds + args.settle + args.duration + 60)}s", "--stop-timeout", "10",
            "--csv", str(prefix), "--csv-full-history", "--only-summary", "--loglevel", "WARNING",
            *(ROLES[r] for r in args.roles),
        ]  # fmt: skip
        print("running:", " ".join(locust[1:]).replace(str(ROOT) + "/", ""))
        window = args.out / "window.txt"
        window.unlink(missing_ok=True)
        env.update(
            SOAK_WINDOW=str(window),
            SOAK_DURATION=str(args.duration),
            SOAK_SETTLE=str(args.settle),
            SOAK_RATE=str(args.rate),
            SOAK_SAVE=args.save,
        )
        sampler = CpuSampler()
        sampler.start()
        locust_rc = subprocess.run(locust, env=env, cwd=ROOT, check=False).returncode
        sampler.done.set()
        after_load = os.getloadavg()
        lengths, busy, drain_seconds = wait_drained(env, args.broker)
        open_after = connections(args.database_url)
        year_runs = runs(env)
    finally:
        for process in reversed(services):
            stop(process)
    time.sleep(1)
    released = connections(args.database_url)

    measured, cpu = args.duration, {}
    if window.exists():
        first, last = map(float, window.read_text().split())
        measured = last - first
        cpu = sampler.cpu_by_group(first, last)
    sampler.write_timeline(args.out / "cpu_timeline.csv")
    stats = read_stats(prefix)
    rows = [r for r in stats if r["Name"] != "Aggregated" and r["Request Count"] != "0"]
    total = next(r for r in stats if r["Name"] == "Aggregated")
    saves = next((r for r in rows if r["Name"].startswith("save")), None)
    summary = {
        "machine": before,
        "load_average_after": after_load,
        "users": args.users,
        "rate_per_reporter": args.rate,
        "save": args.save,
        "measured_seconds": round(measured, 1),
        "roles": args.roles,
        "web_workers": args.web_workers,
        "celery_concurrency": args.celery_concurrency,
        "worker_nice": args.worker_nice,
        "worker_idle": args.worker_idle,
        "competing_load_cores": args.competing_load,
        "saves_per_second": int(saves["Request Count"]) / measured if saves else 0,
        "requests": total["Request Count"],
        "failures": total["Failure Count"],
        "stats": rows,
        "queues_after": lengths,
        "worker_tasks_after": busy,
        "drain_seconds": round(drain_seconds, 1),
        "cores_busy_in_window": cpu,
        "db_connections_after_load": open_after,
        "db_connections_after_stop": released,
        "year_runs": year_runs,
        "locust_exit_code": locust_rc,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    print(f"measured window: {measured:.1f} s, after all {args.users} users had logged in")
    print(table(rows + [total], measured))
    print(f"saves/s: {summary['saves_per_second']:.1f}   failures: {total['Failure Count']}")
    print(f"year runs: {[(r['status'], r['done_chunks'], r['total_chunks']) for r in year_runs]}")
    print(
        f"Celery queues afterwards: {lengths}, tasks held by the worker: {busy} (drained after {drain_seconds:.0f} s)"
    )
    print(f"database connections after the load: {open_after}; after stopping the services: {released or 'none'}")
    print(f"load average: {before['loadavg']} at start, {after_load} after the load")
    print("cores busy in the window, by process:", ", ".join(f"{g} {v:.2f}" for g, v in cpu.items()) or "no samples")
    healthy = (
        total["Failure Count"] == "0"
        and not any(lengths.values())
        and busy == 0
        and not released
        and set(open_after) <= {"idle"}
        and all(r["status"] == "finished" for r in year_runs)
        and window.exists()
    )
    return 0 if healthy and locust_rc == 0 else 1


def competing_load(cores: float, env: dict, out: Path) -> list[subprocess.Popen]:
    """Busy loops taking `cores` between them, one per started core, each its equal share."""
    count = math.ceil(cores)
    return [
        start([str(BIN / "python"), "-c", BUSY_LOOP, str(cores / count), COMPETING], env, out / "competing.log")
        for _ in range(count)
    ]


def profile_worker(web: subprocess.Popen, args) -> subprocess.Popen:
    """py-spy on one gunicorn worker for the whole run (collapsed stacks in the output folder)."""
    time.sleep(1)
    children = Path(f"/proc/{web.pid}/task/{web.pid}/children").read_text().split()
    return start(
        [str(BIN / "py-spy"), "record", "--pid", children[0], "--output", str(args.out / "worker-profile.txt"),
         "--format", "raw", "--duration", str(int(args.users / args.spawn_rate + args.duration)),
         "--rate", "50", "--nonblocking"],
        os.environ.copy(),
        args.out / "py-spy.log",
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
