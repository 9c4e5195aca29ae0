"""What the review page shows of one response: every section and question with raw and edited values side by
side (matrices as compact grids), flags at their questions with the respondent's explanations, amounts per
inhabitant, and the editor codes. Read only; no business rules here."""

from dataclasses import dataclass, field

from questionnaire.rules.amounts import per_inhabitant
from questionnaire.rules.registry import make_values
from questionnaire.schema import Question, Questionnaire, Section
from surveys.forms.fields import display_text
from surveys.models import EditorCode, Explanation, Response
from surveys.services.reading import decoded
from surveys.services.references import references_for
from validation.models import Flag
from validation.workbench.actions import flag_variables
from validation.workbench.codes import CODES_FOR, code_choices

TICK = "1"


@dataclass
class ValueView:
    var_id: str
    type: str
    raw: str  # as a reader reads it ('' for blank)
    edited: str
    changed: bool
    correction: object | None  # the active Correction
    codes: tuple[str, ...] = ()  # editor codes this variable takes
    choices: list = field(default_factory=list)
    code: EditorCode | None = None
    per_inhabitant_raw: float | None = None
    per_inhabitant_edited: float | None = None


@dataclass
class CellView:
    var_id: str
    raw: str
    edited: str

    @property
    def changed(self) -> bool:
        return self.raw != self.edited


@dataclass
class GridView:
    columns: list[str]
    rows: list[tuple[str, list[CellView]]]  # label, cells; rows without any answer are left out
    checkbox: bool


@dataclass
class QuestionReview:
    question: Question
    shown: bool
    values: list[ValueView] = field(default_factory=list)
    grid: GridView | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"q-{self.question.id}"

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.status == Flag.Status.OPEN]


@dataclass
class SectionReview:
    section: Section
    questions: list[QuestionReview]

    @property
    def open_flags(self) -> int:
        return sum(len(q.open_flags) for q in self.questions)


@dataclass
class Review:
    response: Response
    population: int
    sections: list[SectionReview]
    flags: list[Flag]  # every flag, open first, by score
    unplaced: list[Flag]  # flags naming no question of the questionnaire

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.status == Flag.Status.OPEN]


def _text(var, text: str) -> str:
    return "" if text == "" else display_text(var, text)


def _question_of(questionnaire: Questionnaire, name: str) -> str | None:
    if name in questionnaire.variables:
        return questionnaire.variables[name].question_id
    return name if name in questionnaire.questions else None


def _grid(questionnaire: Questionnaire, question: Question, raw: dict, edited: dict) -> GridView:
    matrix = question.matrix
    columns = [c.label for c in matrix.columns] or [question.label]
    checkbox = matrix.cell_type == "checkbox"
    rows = []
    for block in matrix.blocks or (None,):
        for row in matrix.rows:
            cells = []
            for column in matrix.columns or (None,):
                var_id = matrix.cell_id(row.code, column.code if column else None, block.code if block else None)
                cells.append(CellView(var_id, raw.get(var_id, ""), edited.get(var_id, "")))
            answered = any((c.raw or c.edited) and (not checkbox or TICK in (c.raw, c.edited)) for c in cells)
            if answered:
                rows.append((f"{block.label}: {row.label}" if block else row.label, cells))
    return GridView(columns, rows, checkbox)


def _flags(response: Response) -> list[Flag]:
    flags = list(
        response.flags.select_related("status_by", "response__survey").order_by("-score", "rule_id", "variables")
    )
    explanations = {(e.rule_id, e.variables): e for e in Explanation.objects.filter(response=response)}
    for flag in flags:
        flag.explanation = explanations.get((flag.rule_id, flag.variables))
        flag.choices = flag_variables(flag)
    flags.sort(key=lambda f: (f.status != Flag.Status.OPEN, -f.score))
    return flags


def build_review(response: Response) -> Review:
    questionnaire = response.survey.questionnaire
    raw = dict(response.raw_values)
    edited = response.edited_values()
    corrections = response.active_corrections()
    codes = {c.variable: c for c in EditorCode.objects.filter(response=response)}
    shown = questionnaire.shown(decoded(questionnaire, edited))
    ref = references_for(response.municipality.year)[response.municipality.number]
    raw_values, edited_values = make_values(questionnaire, raw), make_values(questionnaire, edited)
    flags = _flags(response)
    by_question: dict[str, list[Flag]] = {}
    unplaced = []
    for flag in flags:
        target = next((q for q in (_question_of(questionnaire, n) for n in flag.variable_list) if q), None)
        (by_question.setdefault(target, []) if target else unplaced).append(flag)
    sections = []
    for section in questionnaire.sections:
        items = []
        for question in section.questions:
            is_shown = any(v in shown for v in question.variables)
            answered = any(raw.get(v, "") or edited.get(v, "") for v in question.variables)
            if not (is_shown or answered or question.id in by_question):
                continue
            item = QuestionReview(question, is_shown, flags=by_question.get(question.id, []))
            if question.matrix is not None:
                item.grid = _grid(questionnaire, question, raw, edited)
            else:
                item.values = [_value(questionnaire, v, raw, edited, corrections, codes) for v in question.variables]
                for value in item.values:
                    if value.type == "amount_1000nok":
                        value.per_inhabitant_raw = per_inhabitant(value.var_id, raw_values, ref)
                        value.per_inhabitant_edited = per_inhabitant(value.var_id, edited_values, ref)
            items.append(item)
        if items:
            sections.append(SectionReview(section, items))
    return Review(response, ref.population, sections, flags, unplaced)


def _value(questionnaire, var_id: str, raw: dict, edited: dict, corrections: dict, codes: dict) -> ValueView:
    var = questionnaire.variables[var_id]
    raw_text, edited_text = raw.get(var_id, ""), edited.get(var_id, "")
    return ValueView(
        var_id=var_id,
        type=var.type,
        raw=_text(var, raw_text),
        edited=_text(var, edited_text),
        changed=raw_text != edited_text,
        correction=corrections.get(var_id),
        codes=CODES_FOR.get(var_id, ()),
        choices=code_choices(CODES_FOR[var_id]) if var_id in CODES_FOR else [],
        code=codes.get(var_id),
    )
