"""SSB's questions to a municipality and its answers: asked on send-back, answered by a reply or a changed
value, required before the response is submitted again, and closed by that submission."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from surveys.models import ChangeLog, Response
from validation.dialogue.models import FlagQuestion
from validation.models import Flag, ReviewEvent

REPLY_MAX = 4000


def flag_variables(flag: Flag, questionnaire) -> list[str]:
    """The variables behind a flag: its own, a question id expanded to the question's variables."""
    out = []
    for name in flag.variable_list:
        if name in questionnaire.variables:
            out.append(name)
        elif name in questionnaire.questions:
            out.extend(questionnaire.questions[name].variables)
    return list(dict.fromkeys(out))


def ask(response: Response, flags: Iterable[Flag], *, editor) -> list[FlagQuestion]:
    """One question per flag, the flagged answers as they stand; questions of an earlier round still open close."""
    questionnaire = response.survey.questionnaire
    now = timezone.now()
    FlagQuestion.objects.filter(response=response, closed_at__isnull=True).update(closed_at=now)
    return FlagQuestion.objects.bulk_create(
        FlagQuestion(
            flag=flag,
            response=response,
            asked_by=editor,
            seen={v: response.raw_values.get(v, "") for v in flag_variables(flag, questionnaire)},
        )
        for flag in flags
    )


@dataclass(frozen=True)
class QuestionState:
    """An open question as the reporter's pages show it: what was changed since it was asked, and the reply."""

    question: FlagQuestion
    changes: tuple[tuple[str, str, str], ...]  # (variable, value when asked, value now)

    @property
    def id(self) -> int:
        return self.question.pk

    @property
    def flag(self) -> Flag:
        return self.question.flag

    @property
    def variables(self) -> list[str]:
        return list(self.question.seen)

    @property
    def answered(self) -> bool:
        return bool(self.changes) or bool(self.question.reply.strip())


def open_questions(response: Response, texts: Mapping[str, str] | None = None) -> list[QuestionState]:
    """The response's open questions, each with the flagged answers changed since (against `texts`, else stored)."""
    if response.pk is None or response.status != Response.Status.SENT_BACK:
        return []
    texts = response.raw_values if texts is None else texts
    found = FlagQuestion.objects.filter(response=response, closed_at__isnull=True).select_related("flag")
    return [
        QuestionState(q, tuple((v, old, texts.get(v, "")) for v, old in q.seen.items() if texts.get(v, "") != old))
        for q in found
    ]


def unanswered(response: Response) -> list[QuestionState]:
    return [state for state in open_questions(response) if not state.answered]


def save_replies(response: Response, texts: Mapping[int, str], *, user) -> int:
    """Store the reporter's replies to open questions (by question id); each change is in the flag's history."""
    count = 0
    with transaction.atomic():
        for question in FlagQuestion.objects.select_for_update().filter(
            response=response, closed_at__isnull=True, pk__in=list(texts)
        ):
            text = texts[question.pk].strip()[:REPLY_MAX]
            if text == question.reply:
                continue
            question.reply, question.replied_by, question.replied_at = text, user, timezone.now()
            question.save(update_fields=["reply", "replied_by", "replied_at"])
            ReviewEvent.objects.create(
                response=response,
                action="flag.replied",
                flag=question.flag,
                variable=next(iter(question.seen), ""),
                detail=question.flag.rule_id,
                reason=text,
                source=ChangeLog.Source.RESPONDENT,
                user=user,
            )
            count += 1
    return count


def close(response: Response) -> None:
    """The response is submitted again: this round's questions are done (their replies stay with the flags)."""
    FlagQuestion.objects.filter(response=response, closed_at__isnull=True).update(closed_at=timezone.now())


def by_question(states: Iterable[QuestionState], questionnaire) -> dict[str, list[QuestionState]]:
    """question id -> the open questions about its answers, for showing them at the fields."""
    out: dict[str, list[QuestionState]] = {}
    for state in states:
        ids = {questionnaire.variables[v].question_id for v in state.variables if v in questionnaire.variables}
        for question_id in ids:
            out.setdefault(question_id, []).append(state)
    return out
