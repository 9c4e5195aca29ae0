"""The year's data: routing over all responses at once equals shown_values; G1 base and edited values."""

from pathlib import Path

import pandas as pd
import pytest
from django.utils import timezone

from kostra.reference.loading import read_register
from questionnaire.routing import shown_values
from surveys.models import EditorCode, Response
from surveys.services.values import correct_value
from surveys.tables.ch3 import TABLE_3_1
from surveys.tables.data import build, load_year
from tests.surveys.tables.factories import kommune

SAMPLE = Path(__file__).parents[3] / "fixtures" / "sample-2021"
REGISTER = Path(__file__).parents[3] / "fixtures" / "kommuner_2021.csv"


def _register() -> pd.DataFrame:
    rows = read_register(REGISTER)
    frame = pd.DataFrame(rows).rename(
        columns={"kommunenummer": "number", "kommunenavn": "name", "innbyggere": "population"}
    )
    frame["centrality_class"] = frame["sentralitet_klasse"].astype(int)
    frame["population"] = frame["population"].astype(int)
    return frame.set_index("number")


@pytest.mark.parametrize("name", ["responses.csv", "responses_injected.csv"])
def test_vectorised_routing_equals_shown_values_for_every_response(questionnaire, name):
    texts = pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False).set_index("kommunenummer")
    data = build(questionnaire, texts, _register())
    for i, number in enumerate(data.numbers):
        expected = shown_values(questionnaire, {k: v for k, v in texts.loc[number].items() if v != ""})
        got = {var: values[i] for var, values in data.values.items() if values[i] is not None}
        assert got == expected, number


def test_unknown_variable_is_an_error_not_a_blank(make_year):
    year = make_year(kommune("0001", 1_000, s24_legevakt_parts="A"))
    with pytest.raises(KeyError):
        year.value("a_fastleger_usd")


def test_load_year_takes_edited_values_of_responses_submitted_at_least_once(survey_2021, editor, response_factory):
    submitted = response_factory("4601", s24_legevakt_parts="A", a_variant="ordinaer")
    submitted.first_submitted_at = timezone.now()
    submitted.save()
    response_factory("0301", s24_legevakt_parts="B")  # a draft never submitted: not in the base (G1)
    correct_value(submitted, "a_variant", "kun_daglegevakt", editor=editor, reason="checked by phone")
    EditorCode.objects.create(response=submitted, variable="a_net_operating_cost", code="unusable")

    data = load_year(survey_2021)

    assert list(data.numbers) == ["4601"]
    assert data.value("a_variant")[0] == "kun_daglegevakt"
    assert data.code("a_net_operating_cost")[0] == "unusable"
    assert data.register.n == 356


@pytest.mark.django_db
def test_load_year_of_an_empty_year(survey_2021):
    assert Response.objects.count() == 0
    data = load_year(survey_2021)
    assert data.n == 0
    assert TABLE_3_1.compute(data)["values"][0] == [0, None]
