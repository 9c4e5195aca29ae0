"""Reading what the rules need from the database, and running the rules over it (no writes here)."""

import dataclasses
from collections.abc import Iterable

from django.db.models.fields.json import KT

from questionnaire.rules.registry import (
    Hit,
    Reference,
    Values,
    YearData,
    make_values,
    run_cross_unit_rules,
    run_unit_rules,
)
from surveys.models import Correction, Survey
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
    """(kommunenummer -> response pk, kommunenummer -> edited texts) of the year's responses (or those with the
    primary keys `ids`): raw values overlaid with active corrections, as `Response.edited_values` gives them,
    read as plain rows (no model instances) and, with `variables`, only those keys of the stored documents.
    Blank texts are left in (a correction may blank a value): decoding drops them."""
    ids = None if ids is None else list(ids)
    rows = survey.responses.all() if ids is None else survey.responses.filter(pk__in=ids)
    corrections = Correction.objects.filter(superseded_at__isnull=True)
    corrections = corrections.filter(response__survey=survey) if ids is None else corrections.filter(response__in=ids)
    if variables is None:
        found = rows.values_list("pk", "municipality__number", "raw_values")
    else:
        variables = list(variables)
        keys = {f"v{i}": KT(f"raw_values__{var}") for i, var in enumerate(variables)}
        found = (
            (pk, number, {var: text for var, text in zip(variables, texts, strict=True) if text is not None})
            for pk, number, *texts in rows.annotate(**keys).values_list("pk", "municipality__number", *keys)
        )
        corrections = corrections.filter(variable__in=variables)
    pks, texts, by_pk = {}, {}, {}
    for pk, number, raw in found:
        pks[number] = pk
        texts[number] = by_pk[pk] = raw  # a fresh dict per row, decoded from the stored document
    for pk, var, value in corrections.order_by("created_at", "id").values_list("response_id", "variable", "value"):
        by_pk[pk][var] = value
    return pks, texts


def unit_hits(values: Values, ref: Reference) -> list[Hit]:
    """Every unit rule's hits for one response, each naming its municipality."""
    return [dataclasses.replace(hit, kommunenummer=ref.kommunenummer) for hit in run_unit_rules(values, ref)]


def evaluate(year: YearData) -> list[Hit]:
    """All hits of all rules over a year, unit and cross-unit, each naming its municipality."""
    hits = []
    for number, values in year.values.items():
        hits.extend(unit_hits(values, year.references[number]))
    return hits + run_cross_unit_rules(year)
