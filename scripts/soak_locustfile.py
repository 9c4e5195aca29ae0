"""The soak scenario (run by scripts/soak.py): reporters open and save sections, an editor runs all rules, an
admin exports all tables (built by the Celery worker, then downloaded).

A reporter logs in once when spawned, then mostly saves Part B as the page's script does ("Lagre" saves without
leaving the page): the page's own form is read back from its HTML (every input, hidden `_version`/`_base` and
CSRF token included, ticked boxes and chosen radios only) and posted whole, with one answer changed, asking for
JSON; the answer must say "saved" with the next version, and its `_version`/`_base` go into the next save, as
form.js puts them into the page. With SOAK_SAVE=plain it saves as a browser without the script: the post, then
the page its redirect leads to, which must show the saved value. Now and then a reporter reloads Part B (which
must show the last saved value), or opens the overview or another section. Each reporter has a municipality of
its own; after a save that failed it reloads Part B (as a person would after "try again").

For the fault runs (scripts/faults.py): with SOAK_RECORD set, every save answered "saved" and every submission
answered with the receipt is written there, one JSON line each, so that the database can be checked against
what users were told afterwards. Submitters (not in the default roles) send in the responses listed in
SOAK_SUBMITTABLE, one after another, explaining whatever the check page asks them to explain.
"""

import html
import itertools
import json
import os
import re
import time
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, constant_throughput, events, task

YEAR = 2021
PASSWORD = os.environ.get("SOAK_PASSWORD", "soak-test-password-2021")
FORM_ENCODED = {"Content-Type": "application/x-www-form-urlencoded"}
SAVE_IN_PLACE = {**FORM_ENCODED, "Accept": "application/json"}
PLAIN_POST = os.environ.get("SOAK_SAVE") == "plain"  # a browser without form.js: post, redirect, page
_TAG = re.compile(r"<input\b([^>]*)>|<textarea\b([^>]*)>(.*?)</textarea>", re.S)
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_MUNICIPALITIES = None
_next = itertools.count()
_logged_in = 0
_SUBMITTABLE: list[str] = []
_next_submission = itertools.count()
_EXPLAIN = re.compile(r'<textarea[^>]*name="(explain:[^"]+)"')
_RECORD = open(os.environ["SOAK_RECORD"], "a", encoding="utf-8") if os.environ.get("SOAK_RECORD") else None  # noqa: SIM115


def record(**fields) -> None:
    """What a user was told succeeded (a save, a submission), for the fault run's checks."""
    if _RECORD is not None:
        _RECORD.write(json.dumps({"at": time.time(), **fields}) + "\n")
        _RECORD.flush()


def form_fields(page: str) -> list[tuple[str, str]]:
    """What a browser submits for the section form on `page` (disabled inputs and unticked boxes left out)."""
    start = page.index('id="section-form"')
    body = page[start : page.index("</form>", start)]
    fields = []
    for input_attrs, textarea_attrs, content in _TAG.findall(body):
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(input_attrs or textarea_attrs)}
        if "name" not in attrs or "disabled" in attrs:
            continue
        if textarea_attrs:
            fields.append((attrs["name"], html.unescape(content).removeprefix("\n")))
        elif attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                fields.append((attrs["name"], attrs.get("value") or "on"))
        else:
            fields.append((attrs["name"], attrs.get("value", "")))
    return fields


@events.test_start.add_listener
def load_reporters(environment, **_kwargs):
    """The municipality numbers the soak data has reporters for, one per line (written by scripts/soak.py)."""
    global _MUNICIPALITIES
    with open(os.environ["SOAK_MUNICIPALITIES"], encoding="utf-8") as handle:
        _MUNICIPALITIES = handle.read().split()
    submittable = os.environ.get("SOAK_SUBMITTABLE")
    if submittable and os.path.exists(submittable):
        with open(submittable, encoding="utf-8") as handle:
            _SUBMITTABLE[:] = handle.read().split()
    # Reporters take the other municipalities: a submitted response can no longer be saved.
    _MUNICIPALITIES = [n for n in _MUNICIPALITIES if n not in set(_SUBMITTABLE)]


def measure(environment) -> None:
    """Once every user has logged in and SOAK_SETTLE seconds more have passed: reset the statistics, then stop
    after SOAK_DURATION seconds, writing the measured window to SOAK_WINDOW. Logins (1M PBKDF2 rounds each, by
    design slow) are left out of the window, and so are the requests they held up."""
    users = environment.parsed_options.num_users
    while _logged_in < users:
        gevent.sleep(0.2)
    gevent.sleep(float(os.environ.get("SOAK_SETTLE", "30")))
    environment.runner.stats.reset_all()
    started = time.time()
    with open(os.environ["SOAK_WINDOW"] + ".start", "w", encoding="utf-8") as handle:
        handle.write(f"{started}\n")  # the fault runs inject their fault inside the measured window
    gevent.sleep(float(os.environ.get("SOAK_DURATION", "60")))
    with open(os.environ["SOAK_WINDOW"], "w", encoding="utf-8") as handle:
        handle.write(f"{started} {time.time()}\n")
    environment.runner.quit()


@events.test_start.add_listener
def start_measuring(environment, **_kwargs):
    if environment.parsed_options is not None and os.environ.get("SOAK_WINDOW"):
        gevent.spawn(measure, environment)


class LoopbackPolicy(DefaultCookiePolicy):
    """Send the Secure session and CSRF cookies over the plain HTTP of loopback, as a TLS terminator in front
    of gunicorn would receive them."""

    def return_ok_secure(self, cookie, request):
        return True


def report_job(name: str, started: float, status: str) -> None:
    """A Celery job followed from its button to its end, as one entry of locust's statistics."""
    events.request.fire(
        request_type="RUN",
        name=name,
        response_time=(time.monotonic() - started) * 1000,
        response_length=0,
        exception=None if status == "finished" else RuntimeError(f"{name}: {status}"),
        context={},
    )


class Session(FastHttpUser):
    abstract = True
    username = ""

    def login(self):
        self.client.cookiejar.set_policy(LoopbackPolicy())
        page = self.client.get("/login/", name="login page").text
        token = _CSRF.search(page).group(1)
        data = {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        with self.client.post(
            "/login/", data=urlencode(data), headers=FORM_ENCODED, name="log in", allow_redirects=False,
            catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"login refused: {answer.status_code}")
                return
        global _logged_in
        _logged_in += 1


class Reporter(Session):
    """A municipality's reporter filling in the long Part B, saving often."""

    # at most this many task runs (mostly a save) per second per reporter
    wait_time = constant_throughput(float(os.environ.get("SOAK_RATE", "1.6")))

    def on_start(self):
        self.number = _MUNICIPALITIES[next(_next) % len(_MUNICIPALITIES)]
        self.username = f"soak-{self.number}"
        self.section_url = f"/skjema/{YEAR}/{self.number}/del/part_b/"
        self.saves = 0
        self.login()
        self.open_part_b(name="open Part B")

    def open_part_b(self, name="reload Part B", saved=None):
        with self.client.get(self.section_url, name=name, catch_response=True) as page:
            text = page.text or ""
            fields = form_fields(text) if 'id="section-form"' in text else []
            if not fields:
                page.failure(f"no form on the page ({page.status_code})")
                return
            if saved is not None and dict(fields).get("b_fastleger_count") != saved:
                page.failure("the last saved value is not on the page")
                return
            self.fields = fields

    @task(10)
    def save_part_b(self):
        self.saves += 1
        value = str(5 + self.saves % 2)
        fields = [(k, v) for k, v in self.fields if k != "b_fastleger_count"]
        fields.append(("b_fastleger_count", value))
        fields.append(("save", ""))
        if PLAIN_POST:
            self.save_plainly(fields, value)
            return
        version = int(dict(fields)["_version"])
        with self.client.post(
            self.section_url, data=urlencode(fields), headers=SAVE_IN_PLACE, name="save Part B",
            allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            is_json = (answer.headers.get("Content-Type") or "").startswith("application/json")
            saved = answer.json() if is_json else {}
            if saved.get("status") != "saved" or saved.get("version") != version + 1 or saved.get("inputs"):
                answer.failure(f"save answered {answer.status_code} {saved.get('status')} {saved.get('code', '')}")
                self.open_part_b(name="reload Part B (after a failed save)")
                return
        record(kind="save", number=self.number, version=saved["version"], value=value)
        state = {"_version": str(saved["version"]), "_base": saved["base"]}
        self.fields = [(k, state.get(k, v)) for k, v in fields if k != "save"]
        self.last_saved = value

    def save_plainly(self, fields, value):
        """As a browser without the script saves: the post, then the page its redirect leads to."""
        with self.client.post(
            self.section_url, data=urlencode(fields), headers=FORM_ENCODED, name="save Part B",
            allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302 or not answer.headers.get("Location", "").endswith(self.section_url):
                answer.failure(f"save answered {answer.status_code} {answer.headers.get('Location')}")
                self.open_part_b(name="reload Part B (after a failed save)")
                return
        record(kind="save", number=self.number, value=value)
        self.open_part_b(name="open Part B (after a plain save)", saved=value)
        self.last_saved = value

    @task(1)
    def reload_part_b(self):
        self.open_part_b(saved=getattr(self, "last_saved", None))

    @task(1)
    def open_overview(self):
        self.client.get(f"/skjema/{YEAR}/{self.number}/", name="open overview")

    @task(1)
    def open_other_section(self):
        section = ("s2_2", "s2_3", "s2_4", "part_e")[self.saves % 4]
        self.client.get(f"/skjema/{YEAR}/{self.number}/del/{section}/", name="open section 2-2/2-3/2-4/E")


class Submitter(Session):
    """Sends in the submittable responses one after another (each once): the check page, an explanation for
    every finding it lists, "Send inn", and the receipt it leads to."""

    fixed_count = 1
    wait_time = constant_throughput(0.2)

    @task
    def submit_next(self):
        index = next(_next_submission)
        if index >= len(_SUBMITTABLE):
            return
        number = _SUBMITTABLE[index]
        self.client.cookiejar.clear()  # each municipality has its own reporter
        self.username = f"soak-{number}"
        self.login()
        url = f"/skjema/{YEAR}/{number}/kontroll/"
        page = self.client.get(url, name="submitter: check page").text or ""
        token = _CSRF.search(page)
        if token is None:
            return
        data = [("csrfmiddlewaretoken", token.group(1)), ("action", "submit")]
        data += [(name, "Stemmer, kontrollert mot regnskapet.") for name in _EXPLAIN.findall(page)]
        with self.client.post(
            url, data=urlencode(data), headers=FORM_ENCODED, name="submitter: send in", allow_redirects=False,
            catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302 or not answer.headers.get("Location", "").endswith("/kvittering/"):
                answer.failure(f"submit answered {answer.status_code} {answer.headers.get('Location')}")
                return
        record(kind="submit", number=number)


class Editor(Session):
    """Starts a run of every rule over the year from the rules page and follows it until it is finished."""

    fixed_count = 1
    username = "soak-editor"
    wait_time = between(15, 20)  # about three runs a minute: far more than a real editor starts

    def on_start(self):
        self.login()

    @task
    def run_all_rules(self):
        page = self.client.get(f"/kontroll/regler/?year={YEAR}", name="editor: rules page").text
        token = _CSRF.search(page).group(1)
        started = time.monotonic()
        with self.client.post(
            "/kontroll/kjoringer/start/", data=urlencode({"year": YEAR, "csrfmiddlewaretoken": token}),
            headers=FORM_ENCODED, name="editor: start run of all rules", allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"run not started: {answer.status_code}")
                return
            progress = answer.headers["Location"].rstrip("/") + "/framdrift.json"
        status = "running"
        while status == "running" and time.monotonic() - started < 120:
            time.sleep(1)
            status = self.client.get(progress, name="editor: run progress (json)").json()["status"]
        report_job("editor: whole year run, start to finished", started, status)


class Admin(Session):
    """Asks for every table of the year as one Excel workbook from the tables page, follows the job the worker
    builds it in, and downloads the file."""

    fixed_count = 1
    username = "soak-admin"
    wait_time = between(15, 20)

    def on_start(self):
        self.login()

    @task
    def export_all_tables(self):
        page = self.client.get(f"/tabeller/{YEAR}/", name="admin: tables page").text
        token = _CSRF.search(page).group(1)
        started = time.monotonic()
        with self.client.post(
            f"/tabeller/{YEAR}/excel/", data=urlencode({"csrfmiddlewaretoken": token}), headers=FORM_ENCODED,
            name="admin: start export of all tables", allow_redirects=False, catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"export not started: {answer.status_code}")
                return
            status_url = answer.headers["Location"]
        status = "running"
        while status == "running" and time.monotonic() - started < 120:
            time.sleep(0.5)
            status = self.client.get(
                status_url, headers={"Accept": "application/json"}, name="admin: export status (json)"
            ).json()["status"]
        if status == "finished":
            with self.client.get(f"{status_url}tabeller.xlsx", name="admin: download the workbook (xlsx)",
                                 catch_response=True) as answer:  # fmt: skip
                if answer.status_code != 200 or not (answer.content or b"").startswith(b"PK"):
                    answer.failure(f"download answered {answer.status_code}")
                    status = "not downloaded"
        report_job("admin: export all tables (xlsx), start to file", started, status)
