"""Fixtures of the table tests: small hand-made years built without the database, and table helpers."""

import pandas as pd
import pytest

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
