"""The editors' pages: rules with open flag counts, a rule's flags, status changes, starting and following a run."""

import pytest
from django.urls import reverse

from surveys.models import Explanation
from validation.models import Flag, RuleRun
from validation.services import run_rules_for_response

THOUSAND_ERROR = {"s24_legevakt_parts": "C", "c_net_operating_cost": "1358000", "c_cooperation_types": "omgang"}


@pytest.fixture
def flagged(submitted):
    response = submitted("1851", **THOUSAND_ERROR)
    run_rules_for_response(response)
    return response


def test_it_sends_anonymous_users_to_login(client, year_2021):
    response = client.get(reverse("validation:rules"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_rejects_a_reporter(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("validation:rules")).status_code == 403
    assert client.post(reverse("validation:run-start"), {"year": 2021}).status_code == 403


def test_rules_page_lists_every_rule_with_open_flags(client, editor, flagged):
    client.force_login(editor)
    page = client.get(reverse("validation:rules"), {"year": 2021})
    html = page.content.decode()
    assert page.status_code == 200
    for rule_id in ("EQ-01", "EQ-06", "EQ-09", "PR-11", "LV-05"):
        assert f'id="{rule_id}"' in html
    assert "Foreslått retting" in html and "Be kommunen bekrefte enheten (1000 kr)" in html
    assert "EQ-06: more than 20 000" not in html  # the English docstring only on the English page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "EQ-06: more than 20 000" in client.get(reverse("validation:rules"), {"year": 2021}).content.decode()
    [(rule, counts)] = [(r, c) for r, c, _outcome in page.context["rules"] if r.id == "EQ-06"]
    assert counts == {"error": 1}


def test_rule_page_shows_flags_with_the_respondents_explanation(client, editor, flagged):
    Explanation.objects.create(
        response=flagged, rule_id="EQ-06", variables="c_net_operating_cost", text="Beløpet er riktig i kroner"
    )
    client.force_login(editor)
    html = client.get(reverse("validation:rule-detail", args=["EQ-06"]), {"year": 2021}).content.decode()
    assert "1851 Lødingen" in html and "Beløpet er riktig i kroner" in html and "c_net_operating_cost = 1358" in html


def test_unknown_rule_is_404(client, editor, year_2021):
    client.force_login(editor)
    assert client.get(reverse("validation:rule-detail", args=["EQ-99"])).status_code == 404


def test_an_editor_confirms_a_flag_with_a_reason(client, editor, flagged):
    client.force_login(editor)
    flag = Flag.objects.get(rule_id="EQ-06")
    url = reverse("validation:flag-status", args=[flag.pk])
    client.post(url, {"status": "confirmed", "reason": "Bekreftet av kommunen"})
    flag.refresh_from_db()
    assert (flag.status, flag.status_by, flag.status_reason) == ("confirmed", editor, "Bekreftet av kommunen")


def test_a_status_change_without_reason_is_refused(client, editor, flagged):
    client.force_login(editor)
    flag = Flag.objects.get(rule_id="EQ-06")
    response = client.post(reverse("validation:flag-status", args=[flag.pk]), {"status": "dismissed"}, follow=True)
    flag.refresh_from_db()
    assert flag.status == "open" and "begrunnelse" in response.content.decode()


def test_an_editor_starts_a_run_and_follows_its_progress(client, editor, flagged, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("validation:run-start"), {"year": 2021})
    run = RuleRun.objects.get(scope="year")
    assert response["Location"] == reverse("validation:run-progress", args=[run.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"run_progress.js" in page.content and b"<progress" in page.content
    data = client.get(reverse("validation:run-progress-json", args=[run.pk])).json()
    assert data["status"] == "finished" and data["percent"] == 100 and data["done"] == data["total"] == 2


def test_run_start_is_post_only(client, editor, year_2021):
    client.force_login(editor)
    assert client.get(reverse("validation:run-start")).status_code == 405


def test_the_rules_pages_status_action_writes_the_review_event(client, editor, flagged):
    from validation.models import ReviewEvent

    flag = Flag.objects.get(rule_id="EQ-06")
    client.force_login(editor)
    client.post(reverse("validation:flag-status", args=[flag.pk]), {"status": "dismissed", "reason": "Kjent"})
    client.post(reverse("validation:flag-status", args=[flag.pk]), {"status": "open", "reason": "Likevel"})
    events = list(ReviewEvent.objects.order_by("id").values_list("action", "flag", "user", "reason"))
    assert events == [("flag.dismissed", flag.pk, editor.pk, "Kjent"), ("flag.reopened", flag.pk, editor.pk, "Likevel")]


def test_rule_runs_write_audit_events(editor, flagged):
    from surveys.models import AuditEvent
    from validation.services import run_year_sync

    run = run_year_sync(flagged.survey, user=editor)
    events = AuditEvent.objects.filter(subject=f"run:{run.pk}").order_by("id")
    assert [(e.action, e.user_id) for e in events] == [("run.started", editor.pk), ("run.finished", None)]
    assert "'error': 1" in events.last().detail
