"""Reading what the rules need from the database, and running the rules over it (no writes here)."""

import dataclasses
from collections.abc import Iterable

from django.db.models.fields.json import KT

from kostra.reference.models import Municipality
from surveys.models import Correction, Response, Survey
from validation.rules.registry import (
    Hit,
    Reference,
    Values,
    YearData,
    make_references,
    make_values,
    run_cross_unit_rules,
    run_unit_rules,
)


def references_for(year: int, numbers: Iterable[str] | None = None) -> dict[str, Reference]:
    """Reference data of every municipality of the year's register (or of `numbers` only, each knowing the
    populations of those)."""
    rows = Municipality.objects.filter(year=year)
    if numbers is not None:
        rows = rows.filter(number__in=list(numbers))
    return make_references(rows.values_list("number", "population", "centrality_class"))


def reference_for(municipality: Municipality) -> Reference:
    """Reference data of one municipality (with its peers' populations, which a host's B-8.1 needs)."""
    return references_for(municipality.year)[municipality.number]


def responses_of(survey: Survey, ids: Iterable[int] | None = None):
    """Responses with what reading their edited values needs, in one query each."""
    responses = survey.responses.select_related("municipality").prefetch_related("corrections")
    return responses.filter(pk__in=list(ids)) if ids is not None else responses


def response_values(response: Response, questionnaire) -> Values:
    """The values rules judge: the raw answers overlaid with editors' corrections, hidden ones included."""
    return make_values(questionnaire, response.edited_values())


def load_year(
    survey: Survey, references: dict[str, Reference] | None = None, variables: Iterable[str] | None = None
) -> YearData:
    """Every response of the survey year, as cross-unit rules see it: all values, or (`variables`) only those,
    read out of the stored documents by the database (a year of 35 600 responses is then quick to load)."""
    questionnaire = survey.questionnaire
    if variables is None:
        values = {r.municipality.number: response_values(r, questionnaire) for r in responses_of(survey)}
    else:
        values = {n: make_values(questionnaire, texts) for n, texts in _edited_texts(survey, list(variables)).items()}
    return YearData(survey.year, values, references if references is not None else references_for(survey.year))


def _edited_texts(survey: Survey, variables: list[str]) -> dict[str, dict[str, str]]:
    """kommunenummer -> edited texts of `variables` (raw values overlaid with active corrections, as
    Response.edited_values gives them)."""
    keys = {f"v{i}": KT(f"raw_values__{var}") for i, var in enumerate(variables)}
    rows = survey.responses.annotate(**keys).values_list("pk", "municipality__number", *keys)
    texts, numbers = {}, {}
    for pk, number, *found in rows:
        numbers[pk] = number
        texts[number] = {var: text for var, text in zip(variables, found, strict=True) if text is not None}
    corrections = (
        Correction.objects.filter(response__survey=survey, superseded_at__isnull=True, variable__in=variables)
        .order_by("created_at", "id")
        .values_list("response_id", "variable", "value")
    )
    for pk, var, value in corrections:
        texts[numbers[pk]][var] = value
    return {n: {k: v for k, v in t.items() if v != ""} for n, t in texts.items()}


def unit_hits(values: Values, ref: Reference) -> list[Hit]:
    """Every unit rule's hits for one response, each naming its municipality."""
    return [dataclasses.replace(hit, kommunenummer=ref.kommunenummer) for hit in run_unit_rules(values, ref)]


def evaluate(year: YearData) -> list[Hit]:
    """All hits of all rules over a year, unit and cross-unit, each naming its municipality."""
    hits = []
    for number, values in year.values.items():
        hits.extend(unit_hits(values, year.references[number]))
    return hits + run_cross_unit_rules(year)
