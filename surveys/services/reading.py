"""Reading values as rules, forms and tables need them: decoded, and with routing applied."""

from collections.abc import Mapping
from typing import Any

from questionnaire.schema import Questionnaire
from questionnaire.values import decode_all


def decoded(questionnaire: Questionnaire, texts: Mapping[str, str]) -> dict[str, Any]:
    """All stored values decoded (also those the routing hides); blanks are absent."""
    return decode_all(questionnaire.variables, texts)


def shown_values(questionnaire: Questionnaire, texts: Mapping[str, str]) -> dict[str, Any]:
    """Decoded values of the shown questions only: a hidden answer counts as blank (table-definitions G2)."""
    values = decoded(questionnaire, texts)
    visible = questionnaire.shown(values)
    return {k: v for k, v in values.items() if k in visible}
