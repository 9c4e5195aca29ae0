"""Reporters' systems: read, PATCH with If-Match, findings, explanations and submit, through the form's services."""

import pytest

from surveys.models import ChangeLog, Explanation, Response

URL = "/api/v1/2021/responses/4601/"
pytestmark = pytest.mark.django_db


def _patch(client, values, version):
    return client.patch(URL, {"values": values}, format="json", HTTP_IF_MATCH=f'"{version}"')


def test_read_of_an_unsaved_response_gives_version_1(reporter_api):
    got = reporter_api.get(URL)
    assert got.status_code == 200
    assert got["ETag"] == '"1"'
    assert got.json()["values"] == {} and got.json()["edited_values"] is None


def test_patch_saves_values_with_the_token_name_in_the_change_log(reporter_api, survey_2021):
    got = _patch(reporter_api, {"s24_legevakt_parts": "A", "a_variant": "ordinaer"}, 1)
    assert got.status_code == 200, got.json()
    assert got.json()["values"] == {"s24_legevakt_parts": "A", "a_variant": "ordinaer"}
    version = got.json()["version"]
    assert got["ETag"] == f'"{version}"' and version > 1
    log = ChangeLog.objects.filter(response__municipality__number="4601")
    assert {(c.variable, c.source, c.client) for c in log} == {
        ("s24_legevakt_parts", "api", "Fagsystem"),
        ("a_variant", "api", "Fagsystem"),
    }


def test_a_stale_if_match_is_412_and_nothing_is_saved(reporter_api, survey_2021):
    first = _patch(reporter_api, {"s24_legevakt_parts": "A"}, 1)
    stale = _patch(reporter_api, {"s24_legevakt_parts": "B"}, 1)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["current_version"] == first.json()["version"]
    assert Response.objects.get().raw_values == {"s24_legevakt_parts": "A"}


def test_patch_without_if_match_is_428(reporter_api, survey_2021):
    got = reporter_api.patch(URL, {"values": {"s24_legevakt_parts": "A"}}, format="json")
    assert got.status_code == 428 and got.json()["type"].endswith("if-match-required")


def test_unknown_and_invalid_values_are_refused_naming_each_variable(reporter_api, survey_2021):
    got = _patch(reporter_api, {"no_such_var": "1", "a_variant": "x"}, 1)
    assert got.status_code == 422
    assert [e["name"] for e in got.json()["errors"]] == ["no_such_var"]
    got = _patch(reporter_api, {"a_fastleger_count": "mange", "a_variant": "ordinaer"}, 1)
    assert got.status_code == 422
    assert [e["name"] for e in got.json()["errors"]] == ["a_fastleger_count"]
    assert not Response.objects.exists()


def test_a_malformed_body_is_a_problem_naming_the_field(reporter_api, survey_2021):
    got = reporter_api.patch(URL, {"values": "A"}, format="json", HTTP_IF_MATCH='"1"')
    assert got.status_code == 400
    assert got.json()["errors"][0]["name"] == "values"


def test_another_municipality_is_404(reporter_api, survey_2021):
    assert reporter_api.get("/api/v1/2021/responses/0301/").status_code == 404
    assert _patch(reporter_api, {}, 1).status_code == 400  # empty values refused before anything


def test_a_member_limited_to_part_b_may_not_write_part_a(reporter, reporter_api, survey_2021):
    reporter.memberships.update(parts="B")
    got = _patch(reporter_api, {"a_variant": "ordinaer"}, 1)
    assert got.status_code == 403
    assert got.json()["errors"][0]["name"] == "a_variant"


def test_findings_explanations_and_submit(reporter_api, survey_2021):
    _patch(reporter_api, {"s24_legevakt_parts": "A"}, 1)
    blocked = reporter_api.post(URL + "submit/")
    assert blocked.status_code == 409
    assert any(f["variables"] == ["a_variant"] for f in blocked.json()["findings"])
    findings = reporter_api.get(URL + "findings/").json()
    assert any(f["kind"] == "missing" for f in findings)


def test_explaining_an_unknown_rule_hit_is_refused(reporter_api, survey_2021):
    got = reporter_api.post(
        URL + "explanations/",
        {"explanations": [{"rule_id": "EQ-99", "variables": ["a_variant"], "text": "Fordi"}]},
        format="json",
    )
    assert got.status_code == 422 and got.json()["errors"][0]["name"] == "EQ-99:a_variant"


def test_a_nul_character_is_refused_naming_the_variable(reporter_api, survey_2021):
    got = _patch(reporter_api, {"b_participant_contribution_other_text": "a\x00b"}, 1)
    assert got.status_code == 400
    assert [e["name"] for e in got.json()["errors"]] == ["values.b_participant_contribution_other_text"]
    assert not Response.objects.exists()


def test_a_rule_hit_is_explained_and_no_longer_blocks(reporter_api, survey_2021):
    _patch(reporter_api, {"s24_legevakt_parts": "A", "a_variant": "ordinaer", "a_net_operating_cost": "9000000"}, 1)
    hits = [f for f in reporter_api.get(URL + "findings/").json() if f["kind"] == "rule" and f["blocks"]]
    assert hits, "the amount should hit EQ-06"
    item = {"rule_id": hits[0]["rule_id"], "variables": hits[0]["variables"], "text": "Beløpet er riktig."}
    answer = reporter_api.post(URL + "explanations/", {"explanations": [item]}, format="json")
    assert answer.status_code == 200
    same = [f for f in answer.json() if f["rule_id"] == item["rule_id"] and f["variables"] == item["variables"]]
    assert same and same[0]["explanation"] == "Beløpet er riktig." and not same[0]["blocks"]
    assert Explanation.objects.get().text == "Beløpet er riktig."
