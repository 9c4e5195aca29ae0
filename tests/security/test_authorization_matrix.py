"""Every URL × every role × own and other municipality's objects: who may read and who may write.

Denied means: anonymous → redirect to login; signed in → 403 or 404. A denied POST changes nothing.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from api.models import ApiToken
from api.tokens import create_token
from surveys.models import ChangeLog, EditorCode, Response, TableSnapshot, TableWorkbook
from tests.security.test_api_authorization_matrix import API_OPERATION_NAMES
from validation.models import Flag
from validation.selective.models import ThresholdChange
from validation.workbench.models import FollowUpContact

ROLES = ("anonymous", "reporter_x", "reporter_y", "editor", "admin")
STAFF = frozenset({"editor", "admin"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
# (url name, kwargs builder, roles that may GET, roles that may POST). Builders take the objects dict.
OWN = {"year": 2021, "kommune": "4601"}
OTHER = {"year": 2021, "kommune": "0301"}
MATRIX = [
    ("surveys:overview", lambda o: OWN, {"reporter_x"}, {"reporter_x"}),
    ("surveys:overview", lambda o: OTHER, {"reporter_y"}, {"reporter_y"}),
    ("surveys:section", lambda o: {**OWN, "section_id": "part_a"}, {"reporter_x"}, {"reporter_x"}),
    ("surveys:section", lambda o: {**OTHER, "section_id": "part_b"}, {"reporter_y"}, {"reporter_y"}),
    ("surveys:check", lambda o: OWN, {"reporter_x"}, {"reporter_x"}),
    ("surveys:check", lambda o: OTHER, {"reporter_y"}, {"reporter_y"}),
    ("surveys:receipt", lambda o: OWN, {"reporter_x"}, {"reporter_x"}),
    ("surveys:team", lambda o: OWN, {"reporter_x"}, {"reporter_x"}),
    ("surveys:team", lambda o: OTHER, {"reporter_y"}, {"reporter_y"}),
    ("workbench:queue", lambda o: {}, STAFF, STAFF),
    ("workbench:threshold", lambda o: {}, set(), STAFF),
    ("workbench:review", lambda o: OWN, STAFF, STAFF),
    ("workbench:review", lambda o: OTHER, STAFF, STAFF),
    ("workbench:flag-action", lambda o: {"pk": o["flag_x"].pk}, set(), STAFF),
    ("workbench:metrics", lambda o: {}, STAFF, STAFF),
    ("workbench:contacts", lambda o: {}, STAFF, STAFF),
    ("workbench:contact-edit", lambda o: {"pk": o["contact_y"].pk}, STAFF, STAFF),
    ("workbench:contact-new", lambda o: OTHER, STAFF, STAFF),
    ("workbench:coding", lambda o: {}, STAFF, STAFF),
    ("workbench:codes-csv", lambda o: {}, {"admin"}, {"admin"}),
    ("workbench:correct", lambda o: OWN, set(), STAFF),
    ("workbench:send-back", lambda o: OTHER, set(), STAFF),
    ("workbench:status", lambda o: OWN, set(), STAFF),
    ("workbench:assign", lambda o: OWN, set(), STAFF),
    ("workbench:code", lambda o: OWN, set(), STAFF),
    ("workbench:audit", lambda o: OWN, STAFF, STAFF),
    ("validation:rules", lambda o: {}, STAFF, STAFF),
    ("validation:rule-detail", lambda o: {"rule_id": "EQ-06"}, STAFF, STAFF),
    ("validation:flag-status", lambda o: {"pk": o["flag_y"].pk}, set(), STAFF),
    ("validation:run-start", lambda o: {}, set(), STAFF),
    ("tables:publish", lambda o: {"year": 2021}, {"admin"}, {"admin"}),
    ("tables:workbook-start", lambda o: {"year": 2021}, set(), STAFF),
    ("tables:workbook-status", lambda o: {"year": 2021, "pk": o["workbook"].pk}, STAFF, STAFF),
    ("tables:workbook-file", lambda o: {"year": 2021, "pk": o["workbook"].pk}, STAFF, STAFF),
    ("collection:dashboard", lambda o: {}, STAFF, STAFF),
    ("collection:non-respondents", lambda o: {"fmt": "csv"}, STAFF, STAFF),
    ("collection:municipality", lambda o: OTHER, STAFF, STAFF),
    ("api:tokens", lambda o: {}, SIGNED_IN, SIGNED_IN),
    ("api:token-revoke", lambda o: {"pk": o["token_x"].pk}, set(), {"reporter_x"}),
    ("admin:auth_user_changelist", lambda o: {}, {"admin"}, {"admin"}),
    ("admin:surveys_response_changelist", lambda o: {}, {"admin"}, {"admin"}),
]
# Pages everyone may read (public tables serve the published snapshot; health and login are open).
PUBLIC = ["home", "health", "login", "tables:latest", "tables:index", "tables:summary"]
CHECKED = (
    {name for name, *_ in MATRIX}
    | set(PUBLIC)
    | {
        "logout",
        "set_language",
        "surveys:index",
        "surveys:set-password",
        "tables:detail",
        "tables:download",
        "tables:cell",
        "tables:workbook",
        "validation:run-progress",
        "validation:run-progress-json",
    }
    | API_OPERATION_NAMES  # tests/security/test_api_authorization_matrix.py
)


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":
                yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


@pytest.fixture
def objects(response_factory, reporter, outsider, editor, admin_user):
    x = response_factory("4601", s24_legevakt_parts="A", a_net_operating_cost="9000000")
    y = response_factory("0301", s24_legevakt_parts="B", b_own_share_net_operating_cost="5")
    now = timezone.now()

    def flag(response, variable):
        return Flag.objects.create(
            response=response,
            rule_id="EQ-06",
            variables=variable,
            severity="error",
            message="1000-feil?",
            first_seen_at=now,
            last_seen_at=now,
        )

    contact = FollowUpContact.objects.create(
        survey=y.survey,
        municipality=y.municipality,
        editor=editor,
        channel="telefon",
        question="Beløp?",
        contacted_on=now.date(),
    )
    return {
        "x": x,
        "y": y,
        "flag_x": flag(x, "a_net_operating_cost"),
        "flag_y": flag(y, "b_own_share_net_operating_cost"),
        "contact_y": contact,
        "token_x": create_token(reporter, "Fagsystem", 30).token,
        "workbook": TableWorkbook.objects.create(survey=x.survey, status="finished", content=b"PK\x03\x04"),
        "users": {"reporter_x": reporter, "reporter_y": outsider, "editor": editor, "admin": admin_user},
    }


def _client(role, objects, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    if role != "anonymous":
        client.force_login(objects["users"][role])
    return client


def _state():
    """Everything a write could touch."""
    return (
        sorted(
            Response.objects.values_list("pk", "raw_values", "status", "editing_status", "version", "assigned_editor")
        ),
        sorted(Flag.objects.values_list("pk", "status", "status_reason")),
        ChangeLog.objects.count(),
        EditorCode.objects.count(),
        FollowUpContact.objects.count(),
        TableSnapshot.objects.count(),
        TableWorkbook.objects.count(),
        ThresholdChange.objects.count(),
        sorted(ApiToken.objects.values_list("pk", "revoked_at")),
    )


def _to_login(response):
    return response.status_code == 302 and "login" in response["Location"]


def _denied(role, response):
    """Anonymous users are sent to a login page; signed-in users get 403/404 (the admin sends them to its login)."""
    if role == "anonymous":
        return _to_login(response)
    return response.status_code in (403, 404) or _to_login(response)


def _allowed(response):
    return response.status_code == 200 or (response.status_code == 302 and not _to_login(response))


def test_every_url_pattern_is_in_the_matrix():
    assert set(_url_names()) <= CHECKED, set(_url_names()) - CHECKED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "readers", "writers"), MATRIX, ids=[f"{m[0]}#{i}" for i, m in enumerate(MATRIX)]
)
@pytest.mark.parametrize("role", ROLES)
def test_access(objects, name, kwargs, readers, writers, role):
    url = reverse(name, kwargs=kwargs(objects))
    client = _client(role, objects)
    response = client.get(url)
    assert response.status_code != 500
    if role in readers:
        assert _allowed(response), (url, role, response.status_code)
    elif readers:
        assert _denied(role, response), (url, role, response.status_code)
    else:
        assert response.status_code == 405 or _denied(role, response), (url, role, response.status_code)

    before = _state()
    response = client.post(url, {})
    assert response.status_code != 500
    if role in writers:
        assert _allowed(response) or response.status_code == 400, (url, role, response.status_code)
    else:
        assert _denied(role, response), (url, role, response.status_code)
        assert _state() == before, f"denied POST to {url} by {role} changed data"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_are_readable_by_everyone(objects, name):
    url = reverse(name, kwargs={"year": 2021} if name in ("tables:index", "tables:summary") else {})
    for role in ROLES:
        response = _client(role, objects).get(url, follow=name == "tables:latest")
        assert response.status_code in (200, 503), (url, role)  # health is 503 only when degraded


@pytest.mark.django_db
def test_public_tables_show_no_live_data_before_publication(objects):
    anonymous = _client("anonymous", objects)
    assert anonymous.get(reverse("tables:workbook", kwargs={"year": 2021})).status_code == 404
    editor = _client("editor", objects)  # live tables are a job of the editor's own, not a public address
    answer = editor.get(reverse("tables:workbook", kwargs={"year": 2021}))
    assert answer.status_code == 302 and answer["Location"] == reverse("tables:index", kwargs={"year": 2021})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "readers", "writers"), [m for m in MATRIX if m[3]])
def test_every_post_needs_a_csrf_token(objects, name, kwargs, readers, writers):
    role = sorted(writers)[0]
    url = reverse(name, kwargs=kwargs(objects))
    before = _state()
    response = _client(role, objects, csrf=True).post(url, {})
    assert response.status_code == 403, (url, response.status_code)
    assert _state() == before
