"""Fault runs: the soak scenario against services of its own, a fault injected at a random moment, and the
promises checked against the database afterwards.

Usage (from the repository root; `make faults` installs the `load` extra first):

    .venv/bin/python scripts/faults.py [--runs 5] [--faults worker broker database] [--users 6] [--duration 60]

Each run of each fault gets a PostgreSQL cluster (initdb, pg_ctl) and a redis-server of its own, on free ports in
a temporary folder; the machine's shared PostgreSQL and Redis are never touched. scripts/soak.py runs against
them (gunicorn, one Celery worker, locust: reporters saving Part B in place, submitters sending in responses, an
editor running every rule over the year, an admin exporting the tables), recording every save answered "saved"
and every submission answered with its receipt. At a random moment of the measured window:

  worker    SIGKILL to the Celery worker and its pool while a year run is in progress; a new worker after
            WORKER_DOWN seconds (the killed worker's tasks come back after the broker's visibility timeout)
  broker    the redis-server stopped for BROKER_DOWN seconds and started again (its append-only file kept)
  database  the PostgreSQL cluster stopped (fast: connections cut) and started again after DB_DOWN seconds

Once the soak has drained its queues and stopped its services, the checks: every acknowledged save is in the
database with its value; every recorded submission is submitted, with one rule run for it, finished; every year
run finished with all its parts; the outbox holds nothing unsent or unfinished; the queues are empty; no
connection is left. Then, with the data frozen, one more year run through Celery (its worker killed in the middle
too for the worker fault) and a clean rerun in-process: the flags must be the same and the rerun must change
nothing. Results: var/faults/results.json; `--markdown` prints the table of docs/reliability.md.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.own_services import OwnPostgres, OwnRedis, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
WORKER_DOWN = 5
BROKER_DOWN = 10
DB_DOWN = 8
VISIBILITY_TIMEOUT = 15  # seconds before a vanished worker's tasks go to another (CELERY_VISIBILITY_TIMEOUT)
FAULTS = ("worker", "broker", "database")


def worker_processes(root_pid: int) -> list:
    import psutil

    found = []
    for proc in psutil.Process(root_pid).children(recursive=True):
        try:
            line = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        if "celery" in line and " worker" in line:
            found.append(proc)
    return found


def kill_workers(root_pid: int) -> int:
    """SIGKILL every Celery worker process under `root_pid` (main processes and pools); how many."""
    victims = worker_processes(root_pid)
    for proc in victims:
        try:
            os.kill(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(victims)


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    command = [str(BIN / "celery"), "-A", "kostra", "worker", "-Q", "entry,batch", "--concurrency", "1",
               "--loglevel", "WARNING", "-n", f"replacement-{os.getpid()}-{time.monotonic_ns()}@%h"]  # fmt: skip
    with log.open("a") as handle:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def query(url: str, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        return conn.execute(sql, params).fetchall()


def year_run_in_progress(url: str, parts_done: int = 1) -> bool:
    try:
        rows = query(url, "SELECT count(*) FROM validation_rulerun WHERE scope = 'year' AND status = 'running'"
                          " AND done_chunks >= %s", (parts_done,))  # fmt: skip
    except Exception:  # noqa: BLE001 - not migrated yet, or busy: not in progress
        return False
    return rows[0][0] > 0


class Fault:
    """Injects one fault into the run's own services and records when it began and ended."""

    def __init__(self, kind: str, pg: OwnPostgres, redis: OwnRedis, env: dict, out: Path):
        self.kind, self.pg, self.redis, self.env, self.out = kind, pg, redis, env, out
        self.began = self.ended = None
        self.note = ""
        self.replacement: subprocess.Popen | None = None
        self.run_id = None

    def inject(self, soak: subprocess.Popen, database_url: str) -> None:
        if self.kind == "worker":
            # A year run of its own, in small parts, so that the kill lands in the middle of one.
            manage(self.env, "run_edits", "--chunk-size", "10", timeout=120)
            deadline = time.monotonic() + 60
            while not year_run_in_progress(database_url, parts_done=2) and time.monotonic() < deadline:
                time.sleep(0.05)
            self.began = time.time()
            killed = kill_workers(soak.pid)
            self.run_id = query(database_url, "SELECT max(id) FROM validation_rulerun WHERE scope = 'year'"
                                              " AND status = 'running'")[0][0]  # fmt: skip
            self.note = f"killed {killed} worker process(es) during year run {self.run_id}"
            time.sleep(WORKER_DOWN)
            self.replacement = start_worker(self.env, self.out / "replacement-worker.log")
        elif self.kind == "broker":
            self.began = time.time()
            self.redis.stop()
            time.sleep(BROKER_DOWN)
            self.redis.start()
            self.note = f"redis-server stopped for {BROKER_DOWN} s"
        else:
            self.began = time.time()
            self.pg.stop("fast")
            time.sleep(DB_DOWN)
            self.pg.start()
            self.note = f"PostgreSQL stopped (fast) for {DB_DOWN} s"
        self.ended = time.time()


# -- checks ----------------------------------------------------------------------------------------------------


def read_record(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_saves(url: str, record: list[dict]) -> dict:
    """Every municipality's last acknowledged save is what the database holds, or a later version is."""
    last: dict[str, dict] = {}
    for entry in record:
        if entry["kind"] == "save" and entry["version"] >= last.get(entry["number"], {}).get("version", -1):
            last[entry["number"]] = entry
    rows = query(url, "SELECT m.number, r.version, r.raw_values ->> 'b_fastleger_count' FROM surveys_response r"
                      " JOIN reference_municipality m ON m.id = r.municipality_id")  # fmt: skip
    stored = {number: (version, value) for number, version, value in rows}
    missing = []
    for number, ack in last.items():
        version, value = stored.get(number, (None, None))
        if version is None or version < ack["version"] or (version == ack["version"] and value != ack["value"]):
            missing.append({"number": number, "acknowledged": ack, "stored": [version, value]})
    acked = sum(1 for e in record if e["kind"] == "save")
    return {"ok": not missing, "acknowledged saves": acked, "municipalities": len(last), "missing": missing[:10]}


def check_submissions(url: str, record: list[dict]) -> dict:
    numbers = sorted({e["number"] for e in record if e["kind"] == "submit"})
    rows = query(
        url,
        "SELECT m.number, r.status,"
        " (SELECT count(*) FROM surveys_submissionround s WHERE s.response_id = r.id),"
        " (SELECT count(*) FROM validation_rulerun u WHERE u.response_id = r.id AND u.scope = 'response'),"
        " (SELECT count(*) FROM validation_rulerun u WHERE u.response_id = r.id AND u.scope = 'response'"
        "  AND u.status = 'finished')"
        " FROM surveys_response r JOIN reference_municipality m ON m.id = r.municipality_id WHERE m.number = ANY(%s)",
        (numbers,),
    )
    wrong = [row for row in rows if row[1] != "submitted" or row[2] != 1 or row[3] != 1 or row[4] != 1]
    return {"ok": not wrong and len(rows) == len(numbers), "submissions": len(numbers), "wrong": wrong[:10]}


def check_runs_and_outbox(url: str) -> dict:
    runs = query(url, "SELECT id, status, done_chunks, total_chunks FROM validation_rulerun WHERE scope = 'year'")
    unfinished = [r for r in runs if r[1] != "finished" or r[2] != r[3]]
    backlog = query(
        url,
        "SELECT count(*) FILTER (WHERE sent_at IS NULL), count(*) FILTER (WHERE sent_at IS NOT NULL AND"
        " done_at IS NULL), count(*) FILTER (WHERE error <> ''), count(*) FILTER (WHERE sends > 1),"
        " count(*), count(*) FILTER (WHERE sent_at - created_at > interval '2 seconds') FROM outbox_outboxmessage",
    )[0]
    pending, not_done, failed, resent, total, waited = backlog
    return {
        "ok": not unfinished and not (pending or not_done or failed),
        "year runs": len(runs),
        "unfinished year runs": unfinished,
        "outbox": {
            "messages": total,
            "pending": pending,
            "not done": not_done,
            "failed": failed,
            "resent": resent,
            "sent later than 2 s after commit": waited,
        },
    }


def check_backup(env: dict, archive: Path) -> dict:
    """backup_year while the users save: inside the archive every response's b_fastleger_count is the newest value
    its change log gives it (a dump that read the responses and the change log at different moments would hold a
    change log entry newer than its response)."""
    import zipfile

    began = time.monotonic()
    done = manage(env, "backup_year", str(archive), "--year", "2021")
    seconds = round(time.monotonic() - began, 1)
    if done.returncode != 0:
        return {"ok": False, "seconds": seconds, "error": done.stderr[-500:]}
    rows = json.loads(zipfile.ZipFile(archive).read("data.json"))
    responses = {r["pk"]: r["fields"]["raw_values"].get("b_fastleger_count") for r in rows
                 if r["model"] == "surveys.response"}  # fmt: skip
    newest: dict[int, tuple[str, int, str]] = {}
    for r in rows:
        fields = r["model"] == "surveys.changelog" and r["fields"]
        if fields and fields["variable"] == "b_fastleger_count" and fields["layer"] == "raw":
            key = (fields["at"], r["pk"])
            if fields["response"] not in newest or key > newest[fields["response"]][:2]:
                newest[fields["response"]] = (*key, fields["new_value"])
    torn = [pk for pk, (_at, _pk, value) in newest.items() if responses.get(pk) != value]
    changes = sum(1 for r in rows if r["model"] == "surveys.changelog")
    return {"ok": not torn, "seconds": seconds, "responses": len(responses), "change log rows": changes,
            "responses unlike their change log": torn[:10]}  # fmt: skip


def flags(url: str) -> list[tuple]:
    return query(url, "SELECT response_id, rule_id, variables, severity, score::text, status FROM validation_flag"
                      " ORDER BY 1, 2, 3")  # fmt: skip


def manage(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "python"), "manage.py", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)  # fmt: skip


def check_flags(url: str, env: dict, out: Path, kill: bool) -> dict:
    """The data frozen: a year run through Celery (killed in the middle when `kill`), then a clean rerun in this
    process must find the same flags and change none."""
    worker = start_worker(env, out / "final-worker.log")
    try:
        started = subprocess.Popen([str(BIN / "python"), "manage.py", "run_edits", "--chunk-size", "10", "--wait",
                                    "--timeout", "300"], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)  # fmt: skip
        if kill:
            deadline = time.monotonic() + 120
            while not year_run_in_progress(url) and time.monotonic() < deadline:
                time.sleep(0.05)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            time.sleep(1)
            worker = start_worker(env, out / "final-worker.log")
        output = started.communicate(timeout=400)[0]
    finally:
        stop_process(worker)
    through_celery = flags(url)
    rerun = manage(env, "run_edits", "--sync")
    after = flags(url)
    changed = "; 0 new, 0 reopened, 0 corrected" in rerun.stdout
    return {
        "ok": started.returncode == 0 and rerun.returncode == 0 and through_celery == after and changed,
        "flags": len(after),
        "celery run": output.strip().splitlines()[-1:] if output else [],
        "clean rerun": rerun.stdout.strip() or rerun.stderr.strip()[-300:],
    }


def what_users_saw(out: Path) -> dict:
    """Failed requests by name and message (locust's failures file) and the soak's totals."""
    import csv

    seen = {}
    failures = out / "locust_failures.csv"
    if failures.exists():
        with failures.open(newline="") as handle:
            for row in csv.DictReader(handle):
                seen[f"{row['Name']}: {row['Error'][:90]}"] = int(row["Occurrences"])
    summary = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
    return {"requests": summary.get("requests"), "failures": summary.get("failures"), "failed": seen,
            "queues after": summary.get("queues_after"), "connections after stop":
            summary.get("db_connections_after_stop")}  # fmt: skip


def recovery_seconds(record: list[dict], fault: Fault) -> float | None:
    """From the end of the fault (service back) to the first save acknowledged after it."""
    after = [e["at"] for e in record if e["kind"] == "save" and e["at"] >= fault.ended]
    return round(min(after) - fault.ended, 1) if after else None


def longest_gap(record: list[dict], fault: Fault) -> float | None:
    """The longest time without an acknowledged save around the fault: what users felt of it."""
    times = sorted(e["at"] for e in record if e["kind"] == "save" and fault.began - 30 <= e["at"] <= fault.ended + 60)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    return round(max(gaps), 1) if gaps else None


# -- one run ---------------------------------------------------------------------------------------------------


def one_run(kind: str, number: int, args) -> dict:
    out = args.out / f"{kind}-{number}"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*"):
        if stale.is_file():
            stale.unlink()
    folder = Path(tempfile.mkdtemp(prefix="faults-"))
    pg, redis = OwnPostgres(), OwnRedis(folder / "redis")
    pg.init()
    pg.start()
    redis.start()
    database_url, broker = pg.url("kostra_faults"), redis.url(0)
    record_path = out / "record.jsonl"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kostra.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "CACHE_URL": broker,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_RESTORE_INTERVAL": "2",
        "OUTBOX_SWEEP_SECONDS": "2",
        "SOAK_RECORD": str(record_path),
        "SOAK_SUBMITTERS": str(args.submissions),
        "DEBUG": "False",
        "SECRET_KEY": "fault-run-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
    }
    port = free_port()
    soak_cmd = [str(BIN / "python"), str(ROOT / "scripts" / "soak.py"), "--users", str(args.users),
                "--duration", str(args.duration), "--settle", "5", "--spawn-rate", "2", "--port", str(port),
                "--web-workers", "2", "--database-url", database_url, "--broker", broker, "--out", str(out),
                "--roles", "reporters", "editor", "admin", "submitters",
                # a worker at normal priority: on a busy shared machine an idle-priority one may never answer
                "--worker-nice", "0", "--no-worker-idle"]  # fmt: skip
    fault = Fault(kind, pg, redis, env, out)
    result = {"fault": kind, "run": number, "users": args.users, "duration": args.duration}
    try:
        with (out / "soak.log").open("w") as log:
            soak = subprocess.Popen(soak_cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            # The measured window starts once every user has logged in and settled (the locustfile writes when).
            window_start = out / "window.txt.start"
            while not window_start.exists() and soak.poll() is None:
                time.sleep(0.2)
            delay = random.uniform(0.1, 0.4) * args.duration
            result["fault at (s into the window)"] = round(delay, 1)
            result["backup under load"] = {"ok": False, "seconds": 0, "error": "the soak did not start"}

            def backup():
                result["backup under load"] = check_backup(env, out / "backup.zip")

            backup_thread = threading.Thread(target=backup)  # beside the fault, not delaying it
            if soak.poll() is None and kind != "database":  # a dump cut off by the restart proves nothing
                backup_thread.start()
            else:
                result["backup under load"] = {"ok": True, "seconds": 0, "skipped": "not during a database restart"}
            time.sleep(delay)
            if soak.poll() is None:
                fault.inject(soak, database_url)
            soak.wait(timeout=args.duration * 4 + 900)
            if backup_thread.ident:
                backup_thread.join()
        record = read_record(record_path)
        result["what happened"] = fault.note
        result["saves"] = check_saves(database_url, record)
        # A worker of its own until the outbox and the runs are done: tasks a killed worker held come back only
        # after the visibility timeout, and retries waiting for their countdown go back to the queue when the
        # soak stops its worker.
        checker = start_worker(env, out / "checker-worker.log")
        began = time.monotonic()
        while not (runs := check_runs_and_outbox(database_url))["ok"] and time.monotonic() - began < 120:
            time.sleep(2)
        runs["seconds until done after the soak"] = round(time.monotonic() - began, 1)
        result["runs and outbox"] = runs
        result["submissions"] = check_submissions(database_url, record)
        stop_process(checker)
        stop_process(fault.replacement)
        time.sleep(1)
        result["connections left"] = query(pg.url("postgres"), "SELECT count(*) FROM pg_stat_activity WHERE"
                                           " datname = 'kostra_faults' AND pid <> pg_backend_pid()")[0][0]  # fmt: skip
        result["users saw"] = what_users_saw(out)
        if fault.run_id:
            sql = "SELECT extract(epoch FROM finished_at) FROM validation_rulerun WHERE id = %s"
            finished = query(database_url, sql, (fault.run_id,))[0][0]
            result["killed run finished (s after the kill)"] = finished and round(float(finished) - fault.began, 1)
        result["recovery seconds (first save acknowledged after)"] = recovery_seconds(record, fault)
        result["longest gap between acknowledged saves (s)"] = longest_gap(record, fault)
        result["flags"] = check_flags(database_url, env, out, kill=kind == "worker")
        checks = ("saves", "submissions", "runs and outbox", "flags", "backup under load")
        ran = (  # the soak ran to its end, and the fault hit it
            bool(fault.note) and result["saves"]["acknowledged saves"] > 0 and (out / "summary.json").exists()
            and (kind != "worker" or fault.run_id is not None)
        )  # fmt: skip
        result["soak ran and the fault was injected"] = ran
        result["ok"] = ran and all(result[k]["ok"] for k in checks) and (result["connections left"] == 0)
    finally:
        stop_process(fault.replacement)
        redis.stop()
        pg.remove()
        shutil.rmtree(folder, ignore_errors=True)
    return result


def markdown(results: list[dict]) -> str:
    lines = [
        "| fault | run | at (s) | what users saw (failed requests) | recovery (s) | longest gap (s) | acknowledged"
        " saves kept | submissions: one rule run each | year runs finished, outbox empty | flags = clean rerun |"
        " backup consistent | connections left | all held |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['fault']} | {r['run']} | | the run failed: {r['error'][:200]} |" + " |" * 8 + " NO |")
            continue
        saw = r["users saw"]
        failed = "; ".join(f"{n}× {what}" for what, n in saw["failed"].items()) or "none"
        outbox = r["runs and outbox"]["outbox"]
        lines.append(
            f"| {r['fault']} | {r['run']} | {r['fault at (s into the window)']} |"
            f" {saw['failures']} of {saw['requests']}:"
            f" {failed} | {r['recovery seconds (first save acknowledged after)']} |"
            f" {r['longest gap between acknowledged saves (s)']} |"
            f" {'yes' if r['saves']['ok'] else 'NO'} ({r['saves']['acknowledged saves']}) |"
            f" {'yes' if r['submissions']['ok'] else 'NO'} ({r['submissions']['submissions']}) |"
            f" {'yes' if r['runs and outbox']['ok'] else 'NO'} ({r['runs and outbox']['year runs']} runs,"
            f" {outbox['messages']} messages, {outbox['sent later than 2 s after commit']} sent late) |"
            f" {'yes' if r['flags']['ok'] else 'NO'} ({r['flags']['flags']}) |"
            f" {'yes' if r['backup under load']['ok'] else 'NO'} ({r['backup under load']['seconds']} s) |"
            f" {r['connections left']} |"
            f" {'yes' if r['ok'] else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each fault")
    parser.add_argument("--faults", nargs="+", choices=FAULTS, default=list(FAULTS))
    parser.add_argument(
        "--users", type=int, default=6, help="locust users (reporters, plus the editor, admin, submitter)"
    )
    parser.add_argument("--duration", type=int, default=60, help="measured seconds of each soak")
    parser.add_argument("--submissions", type=int, default=40, help="responses the submitters may send in")
    parser.add_argument("--seed", type=int, help="seed of the random fault moments (default: a fresh one)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "faults")
    parser.add_argument("--markdown", action="store_true", help="print the results as docs/reliability.md's table")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads((args.out / "results.json").read_text())))
        return 0
    random.seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    results_path = args.out / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else []
    for number in range(1, args.runs + 1):
        for kind in args.faults:
            print(f"{time.strftime('%H:%M:%S')} {kind} run {number}", flush=True)
            number_of_kind = len([r for r in results if r["fault"] == kind]) + 1
            try:
                result = one_run(kind, number_of_kind, args)
            except Exception as exc:  # noqa: BLE001 - recorded as a failed run; the other runs go on
                result = {"fault": kind, "run": number_of_kind, "ok": False, "error": f"{type(exc).__name__}: {exc}"}
            results.append(result)
            results_path.write_text(json.dumps(results, indent=1, default=str))
            print(json.dumps({k: v for k, v in result.items() if k != "users saw"}, default=str)[:1500], flush=True)
            print("  users saw:", result.get("users saw"), flush=True)
    print(markdown(results))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
