"""Load a questionnaire definition file in stages: YAML -> checked dict -> frozen objects; cached per year."""

import functools
import re
from pathlib import Path

import yaml
from django.conf import settings

from questionnaire import errors
from questionnaire.conditions import Condition, ConditionSyntaxError, parse_condition
from questionnaire.errors import QuestionnaireError
from questionnaire.schema import Matrix, Option, Question, Questionnaire, Section, Variable

QUESTION_TYPES = frozenset(
    {
        "yes_no",
        "choice",
        "multi_choice",
        "integer",
        "decimal",
        "amount_1000nok",
        "text",
        "kommune_list",
        "matrix",
    }
)
NUMERIC_TYPES = frozenset({"integer", "decimal", "amount_1000nok"})  # every one needs a `max` in the file
_PLACEHOLDER = re.compile(r"\{(block|row|column)\}")
# Each text is written in the file once per language: `label_no` (bokmål), `label_nn`, `label_en`.
TEXT_SUFFIXES = {"nb": "_no", "nn": "_nn", "en": "_en"}


class _Builder:
    def __init__(self, raw: dict, file: str):
        self.raw, self.file = raw, file
        self.variables: dict[str, Variable] = {}
        self.units = {
            str(u.get("code")): self._option(u, "units") for u in raw.get("units") or [] if isinstance(u, dict)
        }
        self.enumerations = {
            name: tuple(self._option(o, f"enumerations.{name}") for o in options)
            for name, options in (raw.get("enumerations") or {}).items()
        }

    def fail(self, where: str, field: str, template: str, **kw) -> QuestionnaireError:
        return QuestionnaireError(self.file, where, field, template.format(**kw))

    def texts(self, raw: dict, name: str, where: str, required: bool = True) -> tuple[str | None, ...]:
        """A text in bokmål, nynorsk and English; a text given in one language must be given in all."""
        given = {language: raw.get(name + suffix) for language, suffix in TEXT_SUFFIXES.items()}
        if not required and not any(given.values()):
            return None, None, None
        for language, text in given.items():
            if not isinstance(text, str) or not text.strip():
                field = name + TEXT_SUFFIXES[language]
                raise self.fail(where, field, errors.MISSING_LANGUAGE, language=language)
        return given["nb"], given["nn"], given["en"]

    def _option(self, raw: dict, where: str) -> Option:
        if "code" not in raw:
            raise self.fail(where, "code", errors.MISSING_FIELD)
        no, nn, en = self.texts(raw, "label", f"{where}.{raw['code']}")
        return Option(str(raw["code"]), no, en, nn)

    def options(self, raw, where: str) -> tuple[Option, ...]:
        if raw is None:
            return ()
        if isinstance(raw, dict) and "ref" in raw:
            if raw["ref"] not in self.enumerations:
                raise self.fail(where, "options", errors.UNKNOWN_ENUM, value=raw["ref"])
            return self.enumerations[raw["ref"]]
        return tuple(self._option(o, where) for o in raw)

    def condition(self, source: str | None, where: str, field: str = "shown_when") -> Condition | None:
        if not source:
            return None
        try:
            cond = parse_condition(source)
        except ConditionSyntaxError as exc:
            raise self.fail(where, field, errors.BAD_CONDITION, value=source, reason=exc) from None
        # A condition may only read variables defined before it, so one pass in order decides what is shown.
        for name in cond.names:
            if name not in self.variables:
                raise self.fail(where, field, errors.UNKNOWN_NAME, value=name)
        return cond

    def build(self) -> Questionnaire:
        sections, questions = [], {}
        for raw_section in self.raw.get("sections") or []:
            sid = raw_section.get("id")
            if not sid:
                raise self.fail("sections", "id", errors.MISSING_FIELD)
            section_cond = self.condition(raw_section.get("shown_when"), sid)
            built = tuple(self.question(q, sid, section_cond) for q in raw_section.get("questions") or [])
            questions.update((q.id, q) for q in built)
            title_no, title_nn, title_en = self.texts(raw_section, "title", sid)
            help_no, help_nn, help_en = self.texts(raw_section, "help", sid, required=False)
            sections.append(
                Section(
                    id=sid,
                    number=str(raw_section.get("number", sid)),
                    title_no=title_no,
                    title_en=title_en,
                    shown_when=section_cond,
                    questions=built,
                    help_no=help_no,
                    title_nn=title_nn,
                    help_nn=help_nn,
                    help_en=help_en,
                )
            )
        title_no, title_nn, title_en = self.texts(self.raw, "title", "top level")
        return Questionnaire(
            survey=self.raw.get("survey", ""),
            year=int(self.raw["year"]),
            version=str(self.raw.get("version", self.raw["year"])),
            title_no=title_no,
            title_en=title_en,
            sections=tuple(sections),
            enumerations=self.enumerations,
            variables=dict(self.variables),
            questions=questions,
            source=self.file,
            title_nn=title_nn,
            units=dict(self.units),
        )

    def add(self, var: Variable, where: str) -> None:
        if var.id in self.variables:
            raise self.fail(where, "id", errors.DUPLICATE_ID, value=var.id)
        self.variables[var.id] = var

    def question(self, raw: dict, section_id: str, section_cond: Condition | None) -> Question:
        qid = raw.get("id")
        if not qid:
            raise self.fail(section_id, "id", errors.MISSING_FIELD)
        qtype = raw.get("type")
        if qtype not in QUESTION_TYPES:
            raise self.fail(qid, "type", errors.UNKNOWN_TYPE, value=qtype)
        label_no, label_nn, label_en = self.texts(raw, "label", qid)
        help_no, help_nn, help_en = self.texts(raw, "help", qid, required=False)
        unit = raw.get("unit")
        if unit is not None and unit not in self.units:
            raise self.fail(qid, "unit", errors.UNKNOWN_UNIT, value=unit)
        own_cond = self.condition(raw.get("shown_when"), qid)
        conds = tuple(c for c in (section_cond, own_cond) if c is not None)
        options = self.options(raw.get("options"), qid)
        bounds = self.bounds(raw, qid, qtype)
        common = dict(question_id=qid, section_id=section_id, required=self.required(raw, qid), **bounds)
        matrix = None
        if qtype == "matrix":
            matrix = self.matrix(raw, qid, section_id, conds)
            var_ids = matrix.cells
        else:
            self.add(Variable(id=qid, type=qtype, conditions=conds, options=options, **common), qid)
            var_ids = (qid,)
        return Question(
            id=qid,
            section_id=section_id,
            type=qtype,
            label_no=label_no,
            label_en=label_en,
            label_nn=label_nn,
            number=raw.get("number"),
            unit=unit,
            unit_texts=self.units.get(unit),
            help_no=help_no,
            help_nn=help_nn,
            help_en=help_en,
            options=options,
            shown_when=own_cond,
            required=common["required"],
            matrix=matrix,
            **bounds,
            certainty=raw.get("certainty", "stated"),
            variables=var_ids,
        )

    def bounds(self, raw: dict, where: str, kind: str) -> dict:
        """min, max and decimals of a numeric question or matrix cell: numbers, and a `max` for every numeric one
        (no count, årsverk or amount is unbounded)."""
        found = {}
        for name in ("min", "max", "decimals"):
            value = raw.get(name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise self.fail(where, name, errors.NOT_A_NUMBER, value=value)
            found[name] = value
        if kind in NUMERIC_TYPES and found["max"] is None:
            raise self.fail(where, "max", errors.MISSING_FIELD)
        if None not in (found["min"], found["max"]) and found["min"] > found["max"]:
            raise self.fail(where, "max", errors.EMPTY_RANGE, low=found["min"], high=found["max"])
        return found

    def required(self, raw: dict, where: str) -> bool:
        """`required: true`: an answer is needed while the question is shown (entry refuses to submit without)."""
        value = raw.get("required", False)
        if not isinstance(value, bool):
            raise self.fail(where, "required", errors.NOT_A_FLAG, value=value)
        return value

    def matrix(self, raw: dict, qid: str, section_id: str, conds: tuple[Condition, ...]) -> Matrix:
        spec = raw.get("matrix") or {}
        pattern = spec.get("cell_id_pattern")
        if not pattern:
            raise self.fail(qid, "matrix.cell_id_pattern", errors.MISSING_FIELD)
        if not pattern.startswith(qid):
            raise self.fail(qid, "matrix.cell_id_pattern", errors.BAD_PATTERN, value=pattern)
        rows = self.options(spec.get("rows"), f"{qid}.rows")
        columns = self.options(spec.get("columns"), f"{qid}.columns") if "{column}" in pattern else ()
        blocks = self.options(spec.get("blocks"), f"{qid}.blocks") if "{block}" in pattern else ()
        cell_type = spec.get("cell", "checkbox")
        cell_bounds = self.bounds(spec, f"{qid}.matrix", cell_type)
        # Expanding the cell ids happens here and nowhere else.
        cells, index = [], {}
        for block in blocks or (None,):
            block_cond = self._template_condition(spec.get("block_shown_when"), qid, block=block)
            for row in rows:
                row_cond = self._template_condition(spec.get("row_shown_when"), qid, row=row)
                for column in columns or (None,):
                    names = {"block": block and block.code, "row": row.code, "column": column and column.code}
                    cell = _PLACEHOLDER.sub(lambda m, names=names: names[m.group(1)], pattern)
                    extra = tuple(c for c in (row_cond, block_cond) if c is not None)
                    self.add(
                        Variable(
                            id=cell,
                            question_id=qid,
                            section_id=section_id,
                            type=cell_type,
                            conditions=conds + extra,
                            **cell_bounds,
                            block=names["block"],
                            row=names["row"],
                            column=names["column"],
                        ),
                        qid,
                    )
                    cells.append(cell)
                    index[(names["block"], names["row"], names["column"])] = cell
        matrix = Matrix(rows=rows, columns=columns, blocks=blocks, cell_type=cell_type, cells=tuple(cells))
        matrix.__dict__["_index_cache"] = index
        return matrix

    def _template_condition(self, template: str | None, qid: str, **parts: Option | None) -> Condition | None:
        if not template or any(v is None for v in parts.values()):
            return None
        source = template.format(**{k: v.code for k, v in parts.items()})
        return self.condition(source, qid, "matrix template")


def load_file(path: Path) -> Questionnaire:
    """Load and check one definition file (uncached)."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if not isinstance(raw, dict) or "year" not in raw:
        raise QuestionnaireError(path.name, "top level", "year", errors.MISSING_FIELD)
    return _Builder(raw, path.name).build()


@functools.cache
def load_definition(name: str) -> Questionnaire:
    """A definition file of QUESTIONNAIRE_DIR, loaded once per process."""
    return load_file(Path(settings.QUESTIONNAIRE_DIR) / name)


def definition_name(year: int) -> str:
    return f"legevakt_{year}.yaml"
