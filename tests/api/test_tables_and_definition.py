"""Tables as JSON-stat: the public reads the current publication with its disclosure control, editors the live
tables; the questionnaire definition with texts in nb, nn and en."""

import pytest
from django.utils import timezone

from surveys.tables.disclosure import disclose
from surveys.tables.export import SUPPRESSED, jsonstat
from surveys.tables.services import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(response_factory, admin_user):
    """Two Part C participants: the cost table's small groups are withheld from the public."""
    answers = {
        "4601": {"s24_legevakt_parts": "B", "b_own_share_net_operating_cost": "50000"},
        "4620": {"s24_legevakt_parts": "C", "c_net_operating_cost": "900"},
        "4621": {"s24_legevakt_parts": "C", "c_net_operating_cost": "12000"},
    }
    for number, values in answers.items():
        response = response_factory(number, **values)
        response.first_submitted_at = timezone.now()
        response.save()
    return publish(response.survey, admin_user)


def test_the_public_reads_the_publication_with_disclosure_control(client, published):
    stored = next(t for t in published.tables if t["table"] == "6.4")
    answer = client.get("/api/v1/2021/tables/6.4/")
    assert answer.status_code == 200
    assert answer.json() == jsonstat(disclose(stored))
    assert SUPPRESSED in answer.json()["status"].values()


def test_editors_read_live_tables_and_preview_the_public_ones(editor_api, published, client):
    live = editor_api.get("/api/v1/2021/tables/6.4/").json()
    assert "status" not in live or SUPPRESSED not in live["status"].values()
    assert (
        editor_api.get("/api/v1/2021/tables/6.4/?published=1").json() == client.get("/api/v1/2021/tables/6.4/").json()
    )


def test_nothing_is_public_before_publication(client, survey_2021):
    assert client.get("/api/v1/2021/tables/").json() == []
    assert client.get("/api/v1/2021/tables/4.2/").status_code == 404


def test_the_table_list_links_each_table(client, published):
    listed = client.get("/api/v1/2021/tables/").json()
    assert listed and all(client.get(t["url"]).status_code == 200 for t in listed[:3])


def test_the_questionnaire_has_every_variable_with_texts_in_three_languages(client, survey_2021, questionnaire):
    body = client.get("/api/v1/2021/questionnaire/").json()
    ids = [v["id"] for s in body["sections"] for q in s["questions"] for v in q["variables"]]
    assert ids == list(questionnaire.variables)
    question = body["sections"][0]["questions"][0]
    assert set(question["label"]) == {"nb", "nn", "en"}
    assert question["label"]["nn"]  # bokmål stands in where there is no nynorsk text


def test_lang_chooses_the_language_of_the_datasets_texts(client, published):
    norsk = client.get("/api/v1/2021/tables/6.4/?lang=nb").json()
    english = client.get("/api/v1/2021/tables/6.4/?lang=en")
    assert english["Content-Language"] == "en"
    assert norsk["dimension"]["rad"]["label"] == "Rad" and english.json()["dimension"]["rad"]["label"] == "Row"
    assert english.json()["value"] == norsk["value"]
