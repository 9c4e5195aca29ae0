"""The entry pages' one-query read (surveys/services/entry_read.py) gives what the ORM gives, fresh each time."""

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from surveys.models import Explanation, Membership, Response, Survey
from surveys.services.entry_read import read_entry
from surveys.services.values import correct_value

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("lock", [False, True])
def test_reads_the_response_survey_municipality_and_membership_as_the_orm_does(
    reporter, kommune, response_factory, lock
):
    stored = response_factory(kommune.number, b_fastleger_count="7", a_organisation_comment="Tekst, med «sitat»")
    Membership.objects.filter(user=reporter).update(parts="B|E")
    read_entry(reporter, 2021, kommune.number)  # the process's first read builds the SQL (SQLite: a JSON check)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = read_entry(reporter, 2021, kommune.number, lock=lock)
    assert len(queries) == 1, [q["sql"][:80] for q in queries]
    expected = Response.objects.select_related("survey", "municipality").get(pk=stored.pk)
    assert fields(found.response) == fields(expected)
    assert fields(found.response.survey) == fields(expected.survey)
    assert fields(found.response.municipality) == fields(expected.municipality)
    assert model_to_dict(found.membership) == model_to_dict(Membership.objects.get(user=reporter))
    assert found.membership.allows_part("B") and not found.membership.allows_part("C")


def test_a_reader_of_another_municipality_gets_the_response_without_a_membership(outsider, kommune, response_factory):
    response_factory(kommune.number)
    found = read_entry(outsider, 2021, kommune.number)
    assert found.response.municipality.number == kommune.number and found.membership is None


def test_nothing_saved_yet_reads_as_none(reporter, kommune, other_kommune, response_factory):
    response_factory(other_kommune.number)  # another municipality's response is not this one's
    assert read_entry(reporter, 2021, kommune.number) is None
    response_factory(kommune.number)
    assert read_entry(reporter, 2022, kommune.number) is None  # nor in another year


def test_the_survey_is_read_fresh_with_its_booleans_as_booleans(reporter, kommune, response_factory):
    response_factory(kommune.number)
    assert read_entry(reporter, 2021, kommune.number).response.survey.is_open is True
    Survey.objects.filter(year=2021).update(is_open=False)
    assert read_entry(reporter, 2021, kommune.number).response.survey.is_open is False


def test_the_locked_read_says_whether_the_response_has_an_active_correction(
    reporter, editor, kommune, response_factory
):
    response = response_factory(kommune.number, e_hours_from_systems="ja")

    def has_corrections():
        with transaction.atomic():
            return read_entry(reporter, 2021, kommune.number, lock=True).has_corrections

    assert has_corrections() is False
    correct_value(response, "e_hours_from_systems", "nei", editor=editor, reason="telefon")
    assert has_corrections() is True
    response.corrections.update(superseded_at=response.last_changed_at)
    assert has_corrections() is False
    # Unlocked, it is not read: the caller must look for corrections itself.
    assert read_entry(reporter, 2021, kommune.number).has_corrections is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_the_locked_read_locks_the_response_row_only(reporter, kommune, response_factory):
    response_factory(kommune.number)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        read_entry(reporter, 2021, kommune.number, lock=True)
    assert queries[0]["sql"].endswith('FOR UPDATE OF "surveys_response"')


@pytest.mark.parametrize("lock", [False, True])
def test_reads_the_responses_explanations_with_it(reporter, kommune, other_kommune, response_factory, lock):
    response = response_factory(kommune.number)
    with transaction.atomic():
        assert read_entry(reporter, 2021, kommune.number, lock=lock).explanations == {}
    text = 'Vakt "delt" med nabo\\kommunen,\nog «natt» ÆØÅ'
    Explanation.objects.create(response=response, rule_id="EQ-01", variables="b_a|b_b", text=text)
    Explanation.objects.create(response=response, rule_id="PR-02", variables="c_x", text="Kjent")
    elsewhere = response_factory(other_kommune.number)
    Explanation.objects.create(response=elsewhere, rule_id="EQ-09", variables="v", text="-")
    with transaction.atomic():
        found = read_entry(reporter, 2021, kommune.number, lock=lock)
    assert found.explanations == {"EQ-01:b_a|b_b": text, "PR-02:c_x": "Kjent"}  # another response's not among them
