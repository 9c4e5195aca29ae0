"""The questionnaire of a year as a document for reporters' systems: sections, questions, their variables,
types, options, conditions (as written in the definition file) and texts in bokmål, nynorsk and English.
Where the definition has no nynorsk (or English) text, the bokmål text stands in."""

from questionnaire.schema import Option, Question, Questionnaire, Section, Variable


def texts(obj, field: str) -> dict[str, str] | None:
    """{nb, nn, en} of `field` (e.g. "label"): `<field>_no`, `<field>_nn`, `<field>_en`, falling back to bokmål."""
    nb = getattr(obj, f"{field}_no", None)
    if nb is None:
        return None
    return {"nb": nb, "nn": getattr(obj, f"{field}_nn", None) or nb, "en": getattr(obj, f"{field}_en", None) or nb}


def _option(option: Option) -> dict:
    return {"code": option.code, "label": texts(option, "label")}


def _variable(var: Variable) -> dict:
    return {
        "id": var.id,
        "type": var.type,
        "options": [_option(o) for o in var.options],
        "min": var.min,
        "max": var.max,
        "decimals": var.decimals,
        "block": var.block,
        "row": var.row,
        "column": var.column,
        "shown_when": [c.source for c in var.conditions],
    }


def _question(questionnaire: Questionnaire, question: Question) -> dict:
    return {
        "id": question.id,
        "number": question.number,
        "type": question.type,
        "label": texts(question, "label"),
        "help": texts(question, "help"),
        "unit": question.unit,
        "shown_when": question.shown_when.source if question.shown_when else None,
        "variables": [_variable(questionnaire.variables[v]) for v in question.variables],
    }


def _section(questionnaire: Questionnaire, section: Section) -> dict:
    return {
        "id": section.id,
        "number": section.number,
        "part": section.part,
        "title": texts(section, "title"),
        "shown_when": section.shown_when.source if section.shown_when else None,
        "questions": [_question(questionnaire, q) for q in section.questions],
    }


_DOCUMENTS: dict[tuple, dict] = {}


def definition_document(questionnaire: Questionnaire) -> dict:
    """Built once per questionnaire file version (a loaded questionnaire is immutable)."""
    key = (questionnaire.source, questionnaire.year, questionnaire.version)
    if key not in _DOCUMENTS:
        _DOCUMENTS[key] = _document(questionnaire)
    return _DOCUMENTS[key]


def _document(questionnaire: Questionnaire) -> dict:
    return {
        "year": questionnaire.year,
        "version": questionnaire.version,
        "title": texts(questionnaire, "title"),
        "sections": [_section(questionnaire, s) for s in questionnaire.sections],
    }
