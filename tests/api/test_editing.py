"""SSB's systems: responses with filters, raw and edited values, flags, the queue and the change log since a time."""

import pytest
from django.utils import timezone

from api.views import editing
from surveys.services.values import correct_value
from validation.models import Flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(response_factory, editor):
    own = response_factory("4601", s24_legevakt_parts="A", a_net_operating_cost="9000000")
    own.first_submitted_at = timezone.now()
    own.status = "submitted"
    own.save()
    response_factory("0301", s24_legevakt_parts="B")
    now = timezone.now()
    Flag.objects.create(
        response=own,
        rule_id="EQ-06",
        variables="a_net_operating_cost",
        severity="error",
        message="1000-feil?",
        score=40.0,
        first_seen_at=now,
        last_seen_at=now,
    )
    correct_value(own, "a_net_operating_cost", "9000", editor=editor, reason="Oppgitt i kroner")
    return own


def test_the_list_filters_by_status(editor_api, year):
    everyone = editor_api.get("/api/v1/2021/responses/").json()
    assert [r["municipality"]["number"] for r in everyone] == ["0301", "4601"]
    submitted = editor_api.get("/api/v1/2021/responses/?status=submitted").json()
    assert [r["municipality"]["number"] for r in submitted] == ["4601"]
    refused = editor_api.get("/api/v1/2021/responses/?status=nonsense")
    assert refused.status_code == 400 and refused.json()["errors"][0]["name"] == "status"


def test_an_editor_reads_raw_and_edited_values(editor_api, year):
    body = editor_api.get("/api/v1/2021/responses/4601/").json()
    assert body["values"]["a_net_operating_cost"] == "9000000"
    assert body["edited_values"]["a_net_operating_cost"] == "9000"


def test_flags_and_queue(editor_api, year):
    flags = editor_api.get("/api/v1/2021/responses/4601/flags/").json()
    assert [(f["rule_id"], f["score"], f["status"]) for f in flags] == [("EQ-06", 40.0, "open")]
    assert editor_api.get("/api/v1/2021/responses/4601/flags/?status=dismissed").json() == []
    queue = editor_api.get("/api/v1/2021/queue/").json()
    assert [(q["municipality"]["number"], q["top_score"], q["open_count"]) for q in queue] == [("4601", 40.0, 1)]


def test_the_change_log_pages_from_a_time(editor_api, year, monkeypatch, reporter_api):
    reporter_api.patch(
        "/api/v1/2021/responses/4601/", {"values": {"a_variant": "ordinaer"}}, format="json", HTTP_IF_MATCH='"1"'
    )  # submitted: refused, nothing logged
    first = editor_api.get("/api/v1/2021/changes/").json()
    assert [(c["variable"], c["source"], c["new_value"]) for c in first["results"]] == [
        ("a_net_operating_cost", "editor", "9000")
    ]
    monkeypatch.setattr(editing, "CHANGES_PAGE", 1)
    year.status = "sent_back"
    year.save()
    version = editor_api.get("/api/v1/2021/responses/4601/").json()["version"]
    reporter_api.patch(
        "/api/v1/2021/responses/4601/",
        {"values": {"a_variant": "ordinaer", "a_hospital_colocated": "ja"}},
        format="json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    since = first["results"][0]["at"]
    seen, url = [], f"/api/v1/2021/changes/?since={since.replace('+', '%2B')}"
    while url:
        page = editor_api.get(url).json()
        seen += [(c["variable"], c["source"], c["client"]) for c in page["results"]]
        url = page["next"]
    assert seen == [
        ("a_net_operating_cost", "editor", ""),
        ("a_variant", "api", "Fagsystem"),
        ("a_hospital_colocated", "api", "Fagsystem"),
    ]
    assert editor_api.get("/api/v1/2021/changes/?since=yesterday").json()["errors"][0]["name"] == "since"
