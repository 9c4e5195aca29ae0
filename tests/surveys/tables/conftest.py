"""Fixtures of the table tests: small hand-made years built without the database, a small stored year, and
table helpers."""

import re

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.tables.data import build


@pytest.fixture
def make_year(questionnaire):
    """make_year(*responding, register_only=()) -> YearData, as the tables see it (routing applied)."""

    def make(*responding: dict, register_only: tuple[dict, ...] = ()):
        register = pd.DataFrame(
            [
                {
                    "number": m["number"],
                    "name": f"Kommune {m['number']}",
                    "population": m["population"],
                    "centrality_class": m["centrality"],
                }
                for m in (*responding, *register_only)
            ]
        ).set_index("number")
        answers = {
            m["number"]: {k: v for k, v in m.items() if k not in ("number", "population", "centrality", "codes")}
            for m in responding
        }
        texts = pd.DataFrame(list(answers.values()), index=pd.Index(list(answers), dtype=object), dtype=object)
        codes = [(m["number"], var, code) for m in responding for var, code in m["codes"].items()]
        return build(questionnaire, texts, register, codes)

    return make


@pytest.fixture
def stored_year(survey_2021, response_factory):
    """The 2021 survey in the database with four submitted responses; the two Part C participants make the 6.4
    cost groups small."""
    answers = {
        "4601": {"s24_legevakt_parts": "B", "b_own_share_net_operating_cost": "50000"},
        "4620": {"s24_legevakt_parts": "C", "c_net_operating_cost": "900"},
        "4621": {"s24_legevakt_parts": "C", "c_net_operating_cost": "12000"},
        "0301": {"s24_legevakt_parts": "A", "a_variant": "ordinaer"},
    }
    for number, values in answers.items():
        response = response_factory(number, **values)
        response.first_submitted_at = timezone.now()
        response.save()
    return survey_2021


def confirm_publish(client, year: int = 2021):
    """Publish as an admin does: open the confirmation page, then confirm the tables it showed."""
    url = reverse("tables:publish", args=(year,))
    page = client.get(url)
    if page.status_code != 200:
        return page
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page.content.decode()).group(1)
    return client.post(url, {"confirm": "yes", "fingerprint": fingerprint})
