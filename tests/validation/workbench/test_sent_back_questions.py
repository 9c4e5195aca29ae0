"""SSB's questions on send-back: one per picked flag; answered by a changed value or a reply (in the flag's
history); resubmission needs an answer to each and closes them; a new send-back asks anew."""

import pytest

from surveys.models import Membership, Response
from surveys.services.entry import checks, drafts, errors, submission
from tests.validation.workbench.conftest import HVALER
from validation.dialogue import services as dialogue
from validation.dialogue.models import FlagQuestion
from validation.models import Flag, ReviewEvent
from validation.workbench.actions import send_back


@pytest.fixture
def asked(submitted, run_rules, editor):
    """Hvaler sent back with its EQ-06 flag (an amount far too low) as SSB's one question."""
    (response,) = run_rules(submitted(HVALER, a_net_operating_cost="8"))
    flag = Flag.objects.get(response=response, rule_id="EQ-06")
    return send_back(response, editor=editor, message="Se på beløpet.", flags=[flag])


@pytest.fixture
def hvaler_member(reporter):
    return Membership.objects.create(user=reporter, municipality_number=HVALER, is_main_contact=True)


def _reload(response):
    return Response.objects.select_related("survey", "municipality").get(pk=response.pk)


def test_send_back_asks_one_question_per_flag_with_the_values_seen(asked):
    (question,) = FlagQuestion.objects.filter(response=asked)
    assert question.flag.rule_id == "EQ-06"
    assert question.seen == {"a_net_operating_cost": "8"}
    (state,) = dialogue.open_questions(asked)
    assert not state.answered and state.changes == ()


def test_a_changed_value_answers_the_question(asked):
    (state,) = dialogue.open_questions(asked, {**asked.raw_values, "a_net_operating_cost": "8240"})
    assert state.answered
    assert state.changes == (("a_net_operating_cost", "8", "8240"),)


def test_a_reply_answers_the_question_and_is_in_the_flags_history(asked, reporter):
    (question,) = FlagQuestion.objects.filter(response=asked)
    assert dialogue.save_replies(asked, {question.pk: "  Beløpet er riktig: vi kjøper bare dagtid.  "}, user=reporter)
    question.refresh_from_db()
    assert (question.reply, question.replied_by) == ("Beløpet er riktig: vi kjøper bare dagtid.", reporter)
    event = ReviewEvent.objects.get(action="flag.replied")
    assert (event.flag, event.source, event.reason) == (question.flag, "respondent", question.reply)
    assert dialogue.unanswered(asked) == []


def test_an_unchanged_reply_is_not_logged_again(asked, reporter):
    (question,) = FlagQuestion.objects.filter(response=asked)
    dialogue.save_replies(asked, {question.pk: "Riktig."}, user=reporter)
    assert dialogue.save_replies(asked, {question.pk: "Riktig."}, user=reporter) == 0
    assert ReviewEvent.objects.filter(action="flag.replied").count() == 1


def _explain_entry_findings(response, member, user):
    """EQ-06 still hits at entry (the amount is unchanged): explained, as on the check page."""
    check = checks.check_response(_reload(response))
    texts = {f.key: "Beløpet er riktig." for f in check.findings if f.kind == "rule"}
    drafts.save_explanations(_reload(response), member, check, texts, user=user)


def test_resubmission_needs_an_answer_to_each_question(asked, hvaler_member, reporter):
    _explain_entry_findings(asked, hvaler_member, reporter)
    with pytest.raises(errors.SubmitBlocked, match="SSB venter på svar på 1 spørsmål"):
        submission.submit_response(_reload(asked), hvaler_member, user=reporter)
    assert _reload(asked).status == Response.Status.SENT_BACK


def test_resubmission_with_a_reply_closes_the_question(asked, hvaler_member, reporter):
    (question,) = FlagQuestion.objects.filter(response=asked)
    dialogue.save_replies(asked, {question.pk: "Beløpet er riktig."}, user=reporter)
    _explain_entry_findings(asked, hvaler_member, reporter)
    submission.submit_response(_reload(asked), hvaler_member, user=reporter)
    question.refresh_from_db()
    assert question.closed_at is not None and question.reply == "Beløpet er riktig."
    assert dialogue.open_questions(_reload(asked)) == []


def test_a_new_send_back_closes_the_earlier_round(asked, editor):
    flag = Flag.objects.get(response=asked, rule_id="EQ-06")
    Response.objects.filter(pk=asked.pk).update(status=Response.Status.SUBMITTED)
    send_back(_reload(asked), editor=editor, message="Igjen.", flags=[flag])
    assert FlagQuestion.objects.filter(response=asked).count() == 2
    assert FlagQuestion.objects.filter(response=asked, closed_at__isnull=True).count() == 1


def test_replies_reach_only_open_questions_of_the_response(asked, reporter, submitted):
    (question,) = FlagQuestion.objects.filter(response=asked)
    question.closed_at = question.asked_at
    question.save()
    assert dialogue.save_replies(asked, {question.pk: "For sent."}, user=reporter) == 0
