"""Every API operation × every role × own and other municipality, with each role's own token.

Denied means: anonymous → 401; a token of someone without the right → 403 or 404. A denied write changes
nothing. Allowed means the request passed authorisation (it may still be refused on its content: 409, 412, 422).
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import create_token
from surveys.models import ChangeLog, Explanation, Response, SubmissionRound
from surveys.tables.services import publish
from validation.models import Flag

ROLES = ("anonymous", "reporter_x", "reporter_y", "editor", "admin")
STAFF = frozenset({"editor", "admin"})
EVERYONE = frozenset(ROLES)
OWN = {"year": 2021, "kommune": "4601"}  # reporter_x's
OTHER = {"year": 2021, "kommune": "0301"}  # reporter_y's
YEAR = {"year": 2021}
PATCH_BODY = {"values": {"a_variant": "ordinaer"}}
EXPLAIN_BODY = {"explanations": [{"rule_id": "EQ-06", "variables": ["a_net_operating_cost"], "text": "Stemmer"}]}
TABLE = {"year": 2021, "table": "4.2"}
# (method, url name, kwargs, body, roles allowed)
MATRIX = [
    ("get", "api:questionnaire", YEAR, None, EVERYONE),
    ("get", "api:tables", YEAR, None, EVERYONE),
    ("get", "api:table", TABLE, None, EVERYONE),
    ("get", "api:responses", YEAR, None, STAFF),
    ("get", "api:queue", YEAR, None, STAFF),
    ("get", "api:changes", YEAR, None, STAFF),
    ("get", "api:response", OWN, None, {"reporter_x", *STAFF}),
    ("get", "api:response", OTHER, None, {"reporter_y", *STAFF}),
    ("patch", "api:response", OWN, PATCH_BODY, {"reporter_x"}),
    ("patch", "api:response", OTHER, PATCH_BODY, {"reporter_y"}),
    ("get", "api:findings", OWN, None, {"reporter_x"}),
    ("get", "api:findings", OTHER, None, {"reporter_y"}),
    ("post", "api:explanations", OWN, EXPLAIN_BODY, {"reporter_x"}),
    ("post", "api:explanations", OTHER, EXPLAIN_BODY, {"reporter_y"}),
    ("post", "api:submit", OWN, None, {"reporter_x"}),
    ("post", "api:submit", OTHER, None, {"reporter_y"}),
    ("get", "api:flags", OWN, None, STAFF),
    ("get", "api:flags", OTHER, None, STAFF),
]
# Besides the operations: the schema and its documentation page are public; any other /api/v1/ address is 404.
API_OPERATION_NAMES = {name for _m, name, *_rest in MATRIX} | {"api:schema", "api:docs", "api:not-found"}


@pytest.fixture
def objects(response_factory, reporter, outsider, editor, admin_user):
    x = response_factory("4601", s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="9000000")
    y = response_factory("0301", s24_legevakt_parts="A", a_variant="ordinaer", a_net_operating_cost="9000000")
    now = timezone.now()
    for response in (x, y):
        Flag.objects.create(
            response=response,
            rule_id="EQ-06",
            variables="a_net_operating_cost",
            severity="error",
            message="1000-feil?",
            first_seen_at=now,
            last_seen_at=now,
        )
    publish(x.survey, admin_user)
    return {"reporter_x": reporter, "reporter_y": outsider, "editor": editor, "admin": admin_user}


def _client(role, users):
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_token(users[role], 'matrix', 1).secret}")
    return client


def _state():
    return (
        sorted(Response.objects.values_list("pk", "raw_values", "status", "version")),
        ChangeLog.objects.count(),
        Explanation.objects.count(),
        SubmissionRound.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "name", "kwargs", "body", "allowed"), MATRIX, ids=[f"{m[0]}:{m[1]}#{i}" for i, m in enumerate(MATRIX)]
)
@pytest.mark.parametrize("role", ROLES)
def test_api_access(objects, method, name, kwargs, body, allowed, role):
    url = reverse(name, kwargs=kwargs)
    client = _client(role, objects)
    headers = {}
    if method == "patch":
        headers["HTTP_IF_MATCH"] = f'"{Response.objects.get(municipality__number=kwargs["kommune"]).version}"'
    before = _state()
    response = getattr(client, method)(url, body, format="json", **headers)
    assert response.status_code < 500, (url, role, response.status_code)
    if role in allowed:
        assert response.status_code not in (401, 403, 404), (method, url, role, response.status_code)
        if method == "patch":
            assert response.status_code == 200, response.json()
    else:
        expected = (401,) if role == "anonymous" else (403, 404)
        assert response.status_code in expected, (method, url, role, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
        assert _state() == before, f"denied {method} of {url} by {role} changed data"


@pytest.mark.django_db
def test_a_session_write_needs_a_csrf_token(objects):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(objects["reporter_x"])
    before = _state()
    url = reverse("api:response", kwargs=OWN)
    response = client.patch(url, PATCH_BODY, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.django_db
def test_a_revoked_or_expired_token_is_refused(objects):
    created = create_token(objects["reporter_x"], "gammel", 1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    url = reverse("api:response", kwargs=OWN)
    assert client.get(url).status_code == 200
    created.token.expires_at = timezone.now()
    created.token.save()
    assert client.get(url).status_code == 401
    created.token.expires_at = timezone.now() + timezone.timedelta(days=1)
    created.token.revoked_at = timezone.now()
    created.token.save()
    assert client.get(url).status_code == 401


@pytest.mark.django_db
def test_unknown_api_addresses_are_problem_documents(objects):
    response = APIClient().get("/api/v1/no/such/thing/")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
