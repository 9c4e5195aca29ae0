"""The 2021 definition file holds every question and cell of the spec, and bad files fail with precise errors."""

import re
from pathlib import Path

import pytest
import yaml

from questionnaire.errors import QuestionnaireError
from questionnaire.loader import load_file

SPEC = yaml.safe_load((Path(__file__).parents[1] / "data" / "spec_questionnaire.yaml").read_text(encoding="utf-8"))
SPEC_QUESTIONS = [q for s in SPEC["sections"] for q in s["questions"]]
EXTENSIONS = {"c_host_kommune_ids", "b_participant_kommune_ids"}


def _spec_cells(question):
    """Cell ids of a spec matrix, expanded independently of the loader."""
    matrix = question["matrix"]

    def codes(dim):
        if dim is None:
            return [None]
        if isinstance(dim, dict):
            return [o["code"] for o in SPEC["enumerations"][dim["ref"]]["options"]]
        return [o["code"] for o in dim]

    pattern = matrix["cell_id_pattern"]
    cells = []
    for block in codes(matrix.get("blocks")) if "{block}" in pattern else [None]:
        for row in codes(matrix["rows"]):
            for column in codes(matrix.get("columns")) if "{column}" in pattern else [None]:
                cells.append(pattern.format(block=block, row=row, column=column))
    return cells


def test_it_has_all_86_questions_of_the_spec(questionnaire):
    spec_ids = {q["id"] for q in SPEC_QUESTIONS}
    assert len(spec_ids) == 86
    assert spec_ids <= set(questionnaire.questions)
    assert set(questionnaire.questions) - spec_ids == EXTENSIONS


def test_it_has_every_matrix_cell_of_the_spec(questionnaire):
    for question in (q for q in SPEC_QUESTIONS if q["type"] == "matrix"):
        expected = _spec_cells(question)
        assert len(expected) == question["matrix"]["n_cells"], question["id"]
        assert list(questionnaire.questions[question["id"]].variables) == expected


def test_types_and_options_follow_the_spec(questionnaire):
    for spec in SPEC_QUESTIONS:
        question = questionnaire.questions[spec["id"]]
        assert question.type == spec["type"], spec["id"]
        if spec["type"] in ("choice", "multi_choice"):
            raw = spec["options"]
            codes = (
                [o["code"] for o in SPEC["enumerations"][raw[0]["ref"]]["options"]]
                if "ref" in raw[0]
                else [o["code"] for o in raw]
            )
            assert [o.code for o in question.options] == codes, spec["id"]


def test_matrix_cells_are_looked_up_not_built(questionnaire):
    grid = questionnaire.questions["a_fastleger_shifts"].matrix
    assert grid.cell_id("primaervakt", "tilstede", block="natt") == "a_fastleger_shifts_natt_primaervakt_tilstede"
    assert len(questionnaire.variables) == 449


def _shown(questionnaire, **values):
    return questionnaire.shown(values)


def test_parts_are_shown_only_when_ticked(questionnaire):
    shown = _shown(questionnaire, s24_legevakt_parts=("A", "C"))
    assert "a_variant" in shown and "c_cooperation_types" in shown
    assert "b_participant_count" not in shown and "d_doctors_count" not in shown
    assert "e_hours_from_systems" in shown  # Part E always


def test_follow_up_questions_need_their_controlling_answer(questionnaire):
    shown = _shown(questionnaire, s24_legevakt_parts=("A",), a_variant="kun_daglegevakt", a_fastleger_used="ja")
    assert "a_hospital_colocated" not in shown  # only for ordinaer
    assert "a_fastleger_count" in shown
    assert "a_andre_leger_count" not in shown  # used not answered
    shown = _shown(questionnaire, s24_legevakt_parts=("A",), a_variant="ordinaer")
    assert "a_hospital_colocated" in shown


def test_arsverk_needs_a_shown_positive_count(questionnaire):
    base = {"s24_legevakt_parts": ("B",), "b_fast_ansatte_used": "ja"}
    assert "b_fast_ansatte_arsverk" in _shown(questionnaire, **base, b_fast_ansatte_count=3)
    assert "b_fast_ansatte_arsverk" not in _shown(questionnaire, **base, b_fast_ansatte_count=0)
    # count given but the part unticked: the count is hidden, so årsverk is hidden too (G2)
    assert "b_fast_ansatte_arsverk" not in _shown(
        questionnaire, s24_legevakt_parts=("A",), b_fast_ansatte_used="ja", b_fast_ansatte_count=3
    )


def test_time_grid_rows_and_shift_blocks_follow_use_and_ticks(questionnaire):
    values = {
        "s24_legevakt_parts": ("C",),
        "c_fastleger_used": "ja",
        "c_sykepleiere_used": "nei",
        "c_staff_time_fastleger_natt": True,
    }
    shown = _shown(questionnaire, **values)
    assert "c_staff_time_fastleger_dag" in shown
    assert "c_staff_time_sykepleiere_dag" not in shown  # I-14
    assert "c_fastleger_shifts_natt_primaervakt_tilstede" in shown
    assert "c_fastleger_shifts_dag_primaervakt_tilstede" not in shown  # I-15: not ticked at dag


def test_contribution_text_only_for_annet(questionnaire):
    base = {"s24_legevakt_parts": ("B",), "b_participant_count": 2}
    assert "b_participant_contribution_other_text" not in _shown(
        questionnaire, **base, b_participant_contribution=("vakter",)
    )
    assert "b_participant_contribution_other_text" in _shown(
        questionnaire, **base, b_participant_contribution=("vakter", "annet")
    )


TITLES = "title_no: T\ntitle_nn: T\ntitle_en: T\n"
SECTION = "sections:\n- id: s1\n  title_no: S\n  title_nn: S\n  title_en: S\n  questions:\n"
LABELS = "    label_no: Q\n    label_nn: Q\n    label_en: Q\n"


def _write(tmp_path, body: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2030\n" + TITLES + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "where", "field"),
    [
        (SECTION + "  - id: q1\n    type: number\n" + LABELS, "q1", "type"),
        (SECTION + "  - id: q1\n    type: text\n" + LABELS + "    shown_when: nope == 1\n", "q1", "shown_when"),
        (
            SECTION + "  - id: q1\n    type: text\n" + LABELS + "    shown_when: __import__('os')\n",
            "q1",
            "shown_when",
        ),
        (SECTION + "  - id: q1\n    type: text\n" + LABELS + "  - id: q1\n    type: text\n" + LABELS, "q1", "id"),
        (SECTION + "  - id: q1\n    type: integer\n", "q1", "label_no"),
        (SECTION + "  - id: q1\n    type: integer\n    label_no: Q\n    label_en: Q\n", "q1", "label_nn"),
        (SECTION + "  - id: q1\n    type: integer\n    label_no: Q\n    label_nn: Q\n", "q1", "label_en"),
        (SECTION + "  - id: q1\n    type: integer\n" + LABELS + "    help_no: H\n    help_en: H\n", "q1", "help_nn"),
        (
            SECTION + "  - id: q1\n    type: text\n" + LABELS + "    shown_when: __import__('os')\n",
            "q1",
            "shown_when",
        ),
        (SECTION + "  - id: q1\n    type: integer\n" + LABELS, "q1", "max"),
        (SECTION + "  - id: q1\n    type: integer\n" + LABELS + "    max: lots\n", "q1", "max"),
        (SECTION + "  - id: q1\n    type: decimal\n" + LABELS + "    min: 5\n    max: 1\n", "q1", "max"),
        (SECTION + "  - id: q1\n    type: yes_no\n" + LABELS + "    required: yes please\n", "q1", "required"),
        (
            SECTION + "  - id: q1\n    type: matrix\n" + LABELS + "    matrix:\n"
            "      cell_id_pattern: q1_{row}\n      rows: [{code: r, label_no: R, label_nn: R, label_en: R}]\n"
            "      cell: integer\n",
            "q1.matrix",
            "max",
        ),
        (
            SECTION + "  - id: q1\n    type: choice\n" + LABELS + "    options:\n    - code: a\n"
            "      label_no: A\n      label_nn: A\n",
            "q1.a",
            "label_en",
        ),
        (SECTION + "  - id: q1\n    type: integer\n" + LABELS + "    unit: persons\n", "q1", "unit"),
        ("sections:\n- id: s1\n  title_no: S\n  title_en: S\n  questions: []\n", "s1", "title_nn"),
    ],
)
def test_load_errors_name_file_question_and_field(tmp_path, body, where, field):
    with pytest.raises(QuestionnaireError) as error:
        load_file(_write(tmp_path, body))
    assert (error.value.file, error.value.where, error.value.field) == ("bad.yaml", where, field)
    assert re.match(rf"bad\.yaml: {re.escape(where)}: {field}: ", str(error.value))


SPEC_REQUIRED = {"answer required, Ja or Nei (proposed)", "required when shown (proposed)"}


def test_required_answers_come_from_the_definition_file(questionnaire):
    """`required: true` marks what the spec's constraints call required (and s24's "at least one option")."""
    marked = {q.id for q in questionnaire.questions.values() if q.required}
    spec = {q["id"] for q in SPEC_QUESTIONS if SPEC_REQUIRED & set(q.get("constraints") or ())}
    assert spec | {"s24_legevakt_parts", "a_variant"} == marked
    assert all(questionnaire.variables[var].required for var in marked)


def test_every_number_of_the_definition_has_a_range(questionnaire):
    numeric = [v for v in questionnaire.variables.values() if v.type in ("integer", "decimal", "amount_1000nok")]
    assert len(numeric) == 29  # 26 questions and the 3 cells of the contribution counts
    assert all(v.max is not None and v.min is not None for v in numeric), [v.id for v in numeric if v.max is None]


def test_a_file_missing_its_nynorsk_title_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2030\ntitle_no: T\ntitle_en: T\nsections: []\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="top level: title_nn: text is missing in nn"):
        load_file(path)
