"""SSB's questions as the reporter's pages show them: the fields each one is about (with links), and what the
reporter changed since it was asked."""

from django.urls import reverse

from surveys.forms.fields import display_text
from surveys.forms.layout import anchor_for
from surveys.forms.section import variable_label


def question_items(entry, states: list) -> list[dict]:
    questionnaire = entry.survey.questionnaire
    items = []
    for state in states:
        known = [v for v in state.variables if v in questionnaire.variables]
        fields = []
        for var_id in known:
            var = questionnaire.variables[var_id]
            question = questionnaire.questions[var.question_id]
            url = reverse("surveys:section", args=(*entry.url_args, var.section_id))
            fields.append(
                {"label": variable_label(questionnaire, var_id), "url": f"{url}#{anchor_for(question, var_id)}"}
            )
        changes = [
            {
                "label": variable_label(questionnaire, var_id),
                "old": display_text(questionnaire.variables[var_id], old),
                "new": display_text(questionnaire.variables[var_id], new),
            }
            for var_id, old, new in state.changes
            if var_id in questionnaire.variables
        ]
        items.append({"state": state, "fields": fields, "changes": changes})
    return items
