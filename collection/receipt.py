"""The copy of a submission the receipt carries: the answers as the form shows them, with routing applied."""

from dataclasses import dataclass

from questionnaire.schema import Questionnaire
from questionnaire.values import decoded
from surveys.forms.fields import display_text
from surveys.forms.section import variable_label


@dataclass(frozen=True)
class SectionCopy:
    title: str
    answers: list[tuple[str, str]]  # (label, answer as shown)


def answers_copy(questionnaire: Questionnaire, texts: dict[str, str]) -> list[SectionCopy]:
    """Each section with its shown, answered questions in form order; hidden answers are left out as the form
    leaves them out."""
    visible = questionnaire.shown(decoded(questionnaire, texts))
    sections = []
    for section in questionnaire.sections:
        answers = [
            (variable_label(questionnaire, var), display_text(questionnaire.variables[var], texts[var]))
            for question in section.questions
            for var in question.variables
            if var in visible and texts.get(var, "") != ""
        ]
        if answers:
            title = f"{section.number} {section.title}" if not section.part else section.title
            sections.append(SectionCopy(title, answers))
    return sections
