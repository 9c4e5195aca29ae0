"""Demo data for `make run`: the calibrated 2021 year with its editing history, and one user per role."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from demo.history import replay, send_back_after_follow_up
from kostra.roles import ADMINS, EDITORS
from surveys.models import Membership, Survey

DEMO_YEAR = 2021  # the year fixtures/demo-2021 holds
# The demo reporter's municipalities (Bergen, Ulvik, Voss). Ulvik did not answer SSB's follow-up and was sent
# back, so it is editable again (and still counts in the tables: it was submitted once); the others are under
# review.
REPORTER_MUNICIPALITIES = (("4601", "", True), ("4620", "", True), ("4621", "", False))
SENT_BACK = "4620"
DEMO_PASSWORD = "legevakt-demo-2021"  # noqa: S105 - printed on purpose: a local demo, never production


@dataclass
class DemoReport:
    summary: str = ""
    users: list[tuple[str, str, str]] = field(default_factory=list)


def _user(username: str, *, group: str | None = None, superuser: bool = False):
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.set_password(DEMO_PASSWORD)
    user.is_staff = superuser or group is not None
    user.is_superuser = superuser
    user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def load_demo(year: int = DEMO_YEAR) -> DemoReport:
    """Idempotent: the year's history is written only into a year without responses, all or nothing."""
    survey = Survey.objects.get(year=year)
    report = DemoReport()
    with transaction.atomic():
        editor = _user("kontrollor", group=EDITORS)
        admin = _user("admin", group=ADMINS, superuser=True)
        reporter = _user("rapportor")
        if survey.responses.exists():
            report.summary = f"{year} already has {survey.responses.count()} responses; left as they are."
        elif year != DEMO_YEAR:
            report.summary = f"No demo data for {year} (the demo year is {DEMO_YEAR})."
        else:
            history = replay(survey, editor)
            send_back_after_follow_up(survey, SENT_BACK, editor)
            report.summary = (
                f"Loaded the calibrated {year} year: {history.imported} responses, {history.corrections} "
                f"corrections, {history.confirmed} confirmed flags, {history.codes} editor codes, "
                f"{history.contacts} follow-up contacts; {SENT_BACK} sent back to the demo reporter."
            )
        for number, parts, main in REPORTER_MUNICIPALITIES:
            Membership.objects.update_or_create(
                user=reporter, municipality_number=number, defaults={"parts": parts, "is_main_contact": main}
            )
    report.users = [
        ("rapportor", DEMO_PASSWORD, "reporter for " + ", ".join(n for n, _p, _m in REPORTER_MUNICIPALITIES)),
        (editor.get_username(), DEMO_PASSWORD, "editor"),
        (admin.get_username(), DEMO_PASSWORD, "admin"),
    ]
    return report
