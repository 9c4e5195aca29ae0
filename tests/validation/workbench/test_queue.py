"""The work queue: submitted responses with open flags, highest flag score first, filtered and paginated,
with counts per editing status; assigning responses to editors."""

import re

import pytest
from django.urls import reverse

from surveys.models import Response
from surveys.services.values import correct_value
from tests.validation.workbench.conftest import BAERUM, HAA, HVALER, KRONER_ERROR
from validation.models import Flag
from validation.workbench import actions
from validation.workbench.queue import QueueFilters, status_counts, work_queue


@pytest.fixture
def three(submitted, run_rules, survey_2021):
    """Hå: a 1000-error (high score). Hvaler: an implausibly low amount (warning). Bærum: two warnings."""
    haa, hvaler, baerum = run_rules(
        submitted(HAA, **KRONER_ERROR),
        submitted(HVALER, a_net_operating_cost="1"),
        submitted(BAERUM, e_split_own_residents="", e_split_own_contribution=""),
    )
    return haa, hvaler, baerum


def _numbers(queryset) -> list[str]:
    return [r.municipality.number for r in queryset]


def _scores(response):
    scores = list(response.flags.filter(status=Flag.Status.OPEN).values_list("score", flat=True))
    return max(scores), sum(scores)


def test_queue_can_rank_by_the_highest_open_flag(three, survey_2021, editor):
    expected = sorted(three, key=lambda r: _scores(r)[0], reverse=True)
    queue = work_queue(survey_2021, QueueFilters(sort="max"), editor)
    assert _numbers(queue) == [r.municipality.number for r in expected]
    assert _numbers(queue)[0] == HAA
    top = queue[0]
    assert top.top_score == pytest.approx(Flag.objects.filter(status="open").order_by("-score")[0].score)


def test_queue_ranks_by_the_sum_of_open_flags_by_default(three, survey_2021, editor):
    expected = sorted(three, key=lambda r: _scores(r)[1], reverse=True)
    queue = work_queue(survey_2021, QueueFilters(), editor)
    assert _numbers(queue) == [r.municipality.number for r in expected]
    assert [round(r.total_score, 2) for r in queue] == [round(_scores(r)[1], 2) for r in expected]


def test_queue_leaves_out_responses_without_open_flags_and_drafts(three, survey_2021, editor, submitted):
    clean = submitted("1133")  # no flags at all
    draft = three[1]
    Response.objects.filter(pk=draft.pk).update(first_submitted_at=None, status=Response.Status.IN_PROGRESS)
    numbers = _numbers(work_queue(survey_2021, QueueFilters(), editor))
    assert clean.municipality.number not in numbers and HVALER not in numbers
    assert "1133" in _numbers(work_queue(survey_2021, QueueFilters(everything=True), editor))


def test_a_judged_flag_no_longer_counts(three, survey_2021, editor):
    haa = three[0]
    for flag in haa.flags.filter(status=Flag.Status.OPEN):
        actions.judge_flag(flag, Flag.Status.CONFIRMED, editor=editor, reason="Kommunen bekreftet beløpet.")
    assert HAA not in _numbers(work_queue(survey_2021, QueueFilters(), editor))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (QueueFilters(rule="EQ-06"), {HAA, HVALER}),
        (QueueFilters(rule="PR-11"), {BAERUM}),
        (QueueFilters(severity="error"), {HAA}),
        (QueueFilters(severity="warning"), {HVALER, BAERUM}),
        (QueueFilters(part="A"), {HAA, HVALER, BAERUM}),
        (QueueFilters(part="B"), set()),
        (QueueFilters(size=3), {HAA}),  # 10 000 - 19 999
        (QueueFilters(size=5), {BAERUM}),  # 50 000 or more
        (QueueFilters(county="11"), {HAA}),  # Rogaland
        (QueueFilters(county="30"), {HVALER, BAERUM}),  # Viken
        (QueueFilters(centrality=4), {HAA, HVALER}),
        (QueueFilters(centrality=1), {BAERUM}),
        (QueueFilters(editing_status="UNDER_ARBEID"), set()),
    ],
)
def test_queue_filters(three, survey_2021, editor, filters, expected):
    assert set(_numbers(work_queue(survey_2021, filters, editor))) == expected


def test_part_filter_reads_the_edited_parts(three, survey_2021, editor):
    correct_value(three[1], "s24_legevakt_parts", "A|C", editor=editor, reason="Kommunen deltar også i del C.")
    assert _numbers(work_queue(survey_2021, QueueFilters(part="C"), editor)) == [HVALER]


def test_editor_filters_and_status_counts(three, survey_2021, editor, other_editor):
    haa, hvaler, _baerum = three
    actions.assign(haa, editor, by=editor)
    actions.assign(hvaler, other_editor, by=editor)
    Response.objects.filter(pk=haa.pk).update(editing_status=Response.EditingStatus.UNDER_ARBEID)
    assert _numbers(work_queue(survey_2021, QueueFilters(editor="me"), editor)) == [HAA]
    assert _numbers(work_queue(survey_2021, QueueFilters(editor=str(other_editor.pk)), editor)) == [HVALER]
    assert _numbers(work_queue(survey_2021, QueueFilters(editor="none"), editor)) == [BAERUM]
    assert status_counts(survey_2021, QueueFilters(), editor) == {"UBEHANDLET": 2, "UNDER_ARBEID": 1, "FERDIG": 0}
    assert status_counts(survey_2021, QueueFilters(editor="none"), editor) == {
        "UBEHANDLET": 1,
        "UNDER_ARBEID": 0,
        "FERDIG": 0,
    }
    under_way = QueueFilters(editing_status="UNDER_ARBEID")
    assert _numbers(work_queue(survey_2021, under_way, editor)) == [HAA]


def test_queue_page_shows_counts_top_flag_and_filters(editor_client, three):
    answer = editor_client.get(reverse("workbench:queue"), {"severity": "warning"})
    html = answer.content.decode()
    assert answer.status_code == 200
    rows = re.findall(r'data-kommune="(\d{4})"', html)
    assert set(rows) == {HVALER, BAERUM}
    assert "2</span> Ubehandlet" in html
    assert "EQ-06" in html


def test_queue_is_paginated(editor_client, three, monkeypatch):
    from validation.workbench.views import queue as view

    monkeypatch.setattr(view, "PER_PAGE", 2)
    first = editor_client.get(reverse("workbench:queue")).content.decode()
    second = editor_client.get(reverse("workbench:queue"), {"page": 2}).content.decode()
    on_first, on_second = (re.findall(r'data-kommune="(\d{4})"', html) for html in (first, second))
    assert len(on_first) == 2 and on_first[0] == HAA
    assert len(on_second) == 1 and set(on_first + on_second) == {HAA, HVALER, BAERUM}
    assert "Side 2 av 2" in second


def test_editor_assigns_to_self_and_to_a_colleague(editor_client, three, editor, other_editor):
    url = reverse("workbench:assign", args=(2021, HAA))
    editor_client.post(url, {"editor": "me"})
    assert Response.objects.get(pk=three[0].pk).assigned_editor == editor
    editor_client.post(url, {"editor": str(other_editor.pk)})
    assert Response.objects.get(pk=three[0].pk).assigned_editor == other_editor
    editor_client.post(url, {"editor": ""})
    assert Response.objects.get(pk=three[0].pk).assigned_editor is None


def test_a_response_is_assigned_only_to_editors(editor_client, three, reporter):
    editor_client.post(reverse("workbench:assign", args=(2021, HAA)), {"editor": str(reporter.pk)})
    assert Response.objects.get(pk=three[0].pk).assigned_editor is None


def test_invalid_filter_values_are_ignored(editor_client, three):
    answer = editor_client.get(reverse("workbench:queue"), {"size": "huge", "severity": "fatal", "page": "x"})
    assert answer.status_code == 200
    assert set(re.findall(r'data-kommune="(\d{4})"', answer.content.decode())) == {HAA, HVALER, BAERUM}
