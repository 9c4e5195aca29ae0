"""Reading what the rules need from the database, and running the rules over it (no writes here)."""

import dataclasses
from collections.abc import Iterable

from questionnaire.rules.registry import (
    Hit,
    Reference,
    Undecided,
    Values,
    YearData,
    make_values,
    run_cross_unit_rules,
    run_unit_rules,
)
from surveys.models import Survey
from surveys.services.edited import edited_texts as stored_edited_texts
from surveys.services.references import references_for


def load_year(
    survey: Survey, references: dict[str, Reference] | None = None, variables: Iterable[str] | None = None
) -> YearData:
    """Every response of the survey year, as cross-unit rules see it: all values, or (`variables`) only those,
    read out of the stored documents by the database (a year of 35 600 responses is then quick to load)."""
    questionnaire = survey.questionnaire
    _pks, texts = edited_texts(survey, variables=variables)
    values = {number: make_values(questionnaire, t) for number, t in texts.items()}
    return YearData(survey.year, values, references if references is not None else references_for(survey.year))


def edited_texts(
    survey: Survey, *, ids: Iterable[int] | None = None, variables: Iterable[str] | None = None
) -> tuple[dict[str, int], dict[str, dict[str, str]]]:
    """(kommunenummer -> response pk, kommunenummer -> edited texts) of the year's submitted responses (or those
    with the primary keys `ids`), as surveys/services/edited.py reads them; with `variables`, only those keys of
    the stored documents. A draft never submitted is not there. Blank texts are left in: decoding drops them."""
    rows = survey.responses.all() if ids is None else survey.responses.filter(pk__in=list(ids))
    by_pk = stored_edited_texts(rows, variables=variables)
    numbers = dict(rows.filter(pk__in=list(by_pk)).values_list("pk", "municipality__number"))
    return {numbers[pk]: pk for pk in by_pk}, {numbers[pk]: texts for pk, texts in by_pk.items()}


def unit_hits(values: Values, ref: Reference, undecided: list[Undecided] | None = None) -> list[Hit]:
    """Every unit rule's hits for one response, each naming its municipality; a rule that raises adds an
    Undecided (naming the municipality too) to `undecided` when given."""
    raised: list[Undecided] = []
    hits = run_unit_rules(values, ref, undecided=raised)
    if undecided is not None:
        undecided.extend(dataclasses.replace(u, kommunenummer=ref.kommunenummer) for u in raised)
    return [dataclasses.replace(hit, kommunenummer=ref.kommunenummer) for hit in hits]


def evaluate(year: YearData) -> list[Hit]:
    """All hits of all rules over a year, unit and cross-unit, each naming its municipality."""
    hits = []
    for number, values in year.values.items():
        hits.extend(unit_hits(values, year.references[number]))
    return hits + run_cross_unit_rules(year)
