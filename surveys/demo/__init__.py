"""Demo data for `make run`: the sample survey year and one user per role."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kostra.roles import ADMINS, EDITORS
from surveys.models import Membership, Response, Survey
from surveys.services.interchange import import_responses

DEMO_RESPONSES = Path(settings.BASE_DIR) / "fixtures" / "sample-2021" / "responses_linked_injected.csv"
# Bergen, Ulvik, Voss: the demo reporter's municipalities; the first is fully theirs, the others share parts.
REPORTER_MUNICIPALITIES = (("4601", "", True), ("4620", "", True), ("4621", "", False))
# So the demo reporter has something to fill in: Bergen starts empty, the other two are drafts with the
# imported answers (no longer submitted).
DRAFT_MUNICIPALITY = "4601"
RESET_MUNICIPALITIES = ("4620", "4621")
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


def _reset_reporter_municipalities(survey: Survey) -> None:
    survey.responses.filter(municipality__number=DRAFT_MUNICIPALITY).delete()
    for response in survey.responses.filter(municipality__number__in=RESET_MUNICIPALITIES):
        response.rounds.all().delete()
        response.status = Response.Status.IN_PROGRESS
        response.submitted_at = response.first_submitted_at = None
        response.save(update_fields=["status", "submitted_at", "first_submitted_at"])


def load_demo(year: int) -> DemoReport:
    """Idempotent: responses are imported only into an empty year."""
    survey = Survey.objects.get(year=year)
    report = DemoReport()
    if not survey.responses.exists():
        result = import_responses(DEMO_RESPONSES, survey)
        _reset_reporter_municipalities(survey)
        report.summary = (
            f"Imported {result.created} demo responses for {year}; "
            f"{DRAFT_MUNICIPALITY} left empty and {', '.join(RESET_MUNICIPALITIES)} reset to drafts."
        )
    else:
        report.summary = f"{year} already has {survey.responses.count()} responses; left as they are."
    reporter = _user("rapportor")
    for number, parts, main in REPORTER_MUNICIPALITIES:
        Membership.objects.update_or_create(
            user=reporter, municipality_number=number, defaults={"parts": parts, "is_main_contact": main}
        )
    _user("kontrollor", group=EDITORS)
    _user("admin", group=ADMINS, superuser=True)
    report.users = [
        ("rapportor", DEMO_PASSWORD, "reporter for " + ", ".join(n for n, _p, _m in REPORTER_MUNICIPALITIES)),
        ("kontrollor", DEMO_PASSWORD, "editor"),
        ("admin", DEMO_PASSWORD, "admin"),
    ]
    return report
