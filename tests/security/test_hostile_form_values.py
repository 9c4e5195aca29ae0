"""Random and hostile values posted to every section through the reporter's own view: never a server error, an
invalid value always comes back as a message at its field, and nothing saved before is lost.

A draft keeps what was typed, valid or not (tests/surveys/test_reporter_save.py), so "not lost" means: answers
the POST did not touch are unchanged, a value the POST replaced is in the change log as the old value, and a POST
the form refuses as a whole changes nothing at all.
"""

import os

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaire.loader import load_definition
from questionnaire.values import problem
from surveys.forms.layout import anchor_for
from surveys.forms.section import variable_label
from surveys.models import ChangeLog, Response
from surveys.services.entry import checks
from surveys.services.references import reference_for
from tests.surveys.test_reporter_support import form_data, page_state, section_url

QUESTIONNAIRE = load_definition("legevakt_2021.yaml")
SECTIONS = [s.id for s in QUESTIONNAIRE.sections]
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))  # per section; raise it for a longer hunt
HOSTILE = [
    "",
    " ",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "-inf",
    "0x1F",
    "1,5",
    "1.23456789",
    "٣",  # an Arabic-Indic digit: Python's int() takes it, the codec must not
    "9" * 5000,  # beyond Python's 4300-digit limit for int()
    "1" + "0" * 40,
    "-" + "9" * 40,
    "x" * 20_000,
    "ja\x00",
    "\x1b[31mred",
    "line\r\nbreak",
    "Tromsø ÆØÅ 😀",
    "'; DROP TABLE surveys_response; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "ja|nei",
    "A|A",
    "zz",
    "0301|0301",
    "9999",
    "0301, 4601;abc",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(HOSTILE),  # twice: half the values come from the list above
    st.text(max_size=20),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def valid_sample(var) -> str:
    """A valid stored text for `var`, so every question starts answered and shown."""
    kind = var.type
    if kind == "checkbox":
        return "1"
    if kind in ("choice", "multi_choice"):
        return var.option_codes[0]
    number = max(var.min or 0, 1)
    text = {
        "yes_no": "ja",
        "integer": str(number),
        "decimal": str(number),
        "amount_1000nok": "1500",
        "text": "Kommentar",
        "kommune_list": "4602",
    }[kind]
    return text if problem(var, text) is None else ""


def baseline() -> dict[str, str]:
    values = {v: valid_sample(var) for v, var in QUESTIONNAIRE.variables.items()}
    values["s24_legevakt_parts"] = "A|B|C|D"
    return {k: v for k, v in values.items() if v}


@st.composite
def hostile_posts(draw, section_id):
    """(changes, extra fields, fields left out, duplicated fields, keep the page's _version/_base)."""
    own = [v for q in QUESTIONNAIRE.section(section_id).questions for v in q.variables]
    typed = [v for v in own if QUESTIONNAIRE.variables[v].type != "checkbox"]  # grid boxes are most fields
    targets = draw(st.lists(st.sampled_from(typed) | st.sampled_from(own), min_size=1, max_size=6, unique=True))
    changes = {}
    for var_id in targets:
        if QUESTIONNAIRE.variables[var_id].type == "multi_choice":
            changes[var_id] = draw(
                st.lists(hostile_text | st.sampled_from(QUESTIONNAIRE.variables[var_id].option_codes), max_size=3)
            )
        else:
            changes[var_id] = draw(hostile_text)
    unknown = draw(
        st.dictionaries(
            st.sampled_from(["bogus", "id", "raw_values", "version", "status", "a_x"]), hostile_text, max_size=2
        )
    )
    missing = draw(st.lists(st.sampled_from(own), max_size=3, unique=True))
    duplicated = draw(st.lists(st.sampled_from(own), max_size=2, unique=True))
    state = draw(st.sampled_from(["page", "page", "page", "none", "tampered"]))
    return changes, unknown, missing, duplicated, state


@pytest.fixture
def hostile_setup(client, reporter, kommune, survey_2021):
    Response.objects.create(survey=survey_2021, municipality=kommune, raw_values=baseline())
    client.force_login(reporter)
    return client, kommune


def post_hostile(client: Client, kommune, section_id, example):
    changes, unknown, missing, duplicated, state_kind = example
    response = Response.objects.get(municipality=kommune)
    own = {v for q in QUESTIONNAIRE.section(section_id).questions for v in q.variables}
    current = {k: v for k, v in response.raw_values.items() if k in own}
    data = form_data(QUESTIONNAIRE, current)
    for var_id in missing:
        data.pop(var_id, None)
    data.update(changes)
    for var_id in duplicated:
        value = data.get(var_id, "")
        data[var_id] = [*value, "zz"] if isinstance(value, list) else [value, "-1"]
    data.update(unknown)
    if state_kind == "page":
        data.update(page_state(client, kommune.number, section_id))
    elif state_kind == "tampered":
        data.update({"_version": "-1", "_base": "eyJub3QiOiJzaWduZWQifQ"})
    return client.post(section_url(kommune.number, section_id), data)


def check_example(client: Client, kommune, section_id, example):
    before = Response.objects.get(municipality=kommune)
    raw_before = dict(before.raw_values)
    last_change = ChangeLog.objects.filter(response=before).order_by("-pk").values_list("pk", flat=True).first() or 0
    answer = post_hostile(client, kommune, section_id, example)
    assert answer.status_code in (302, 400), answer.status_code  # never a server error
    after = Response.objects.get(municipality=kommune)
    raw_after = after.raw_values
    own = {v for q in QUESTIONNAIRE.section(section_id).questions for v in q.variables}
    assert set(raw_after) <= set(QUESTIONNAIRE.variables)  # unknown names never reach storage
    assert {k: v for k, v in raw_after.items() if k not in own} == {
        k: v for k, v in raw_before.items() if k not in own
    }  # other sections untouched
    changed = {v for v in own if raw_before.get(v, "") != raw_after.get(v, "")}
    log = {c.variable: c for c in ChangeLog.objects.filter(response=after, pk__gt=last_change)}
    assert set(log) == changed
    for var_id in changed:  # the replaced value is kept in the change log
        assert (log[var_id].old_value, log[var_id].new_value) == (raw_before.get(var_id, ""), raw_after.get(var_id, ""))
    changes, _unknown, missing, duplicated, state_kind = example
    touched = set(changes) | set(missing) | set(duplicated)
    untouched_texts = {v for v in own - touched if QUESTIONNAIRE.variables[v].type not in ("checkbox", "multi_choice")}
    assert not changed & untouched_texts  # an answer the POST did not touch stays
    for var_id in set(missing) - set(changes) - set(duplicated):
        if QUESTIONNAIRE.variables[var_id].type not in ("checkbox", "multi_choice"):
            assert var_id not in changed  # a field the POST left out is not cleared
    page = client.get(section_url(kommune.number, section_id)).content.decode()
    if state_kind != "page":
        assert raw_after == raw_before and not log
        assert "Siden var utdatert" in page
        return
    assert answer.status_code == 302
    refused = [
        v
        for v, value in changes.items()
        if v not in duplicated and QUESTIONNAIRE.variables[v].type != "checkbox" and "\x00" in "".join(value)
    ]
    if refused:  # the database cannot hold a NUL: the form refuses the POST and names the field
        assert raw_after == raw_before and not log
        assert escape(f"{variable_label(QUESTIONNAIRE, refused[0])}: ") in page
        return
    check = checks.check_response(after)
    numbers = frozenset(reference_for(kommune).populations)
    for var_id in touched:
        var = QUESTIONNAIRE.variables[var_id]
        text = raw_after.get(var_id, "")
        reason = problem(var, text, numbers) if text else None
        if reason is None or var_id not in check.shown:
            continue
        question = QUESTIONNAIRE.questions[var.question_id]
        assert any(f.kind == "invalid" and var_id in f.variables for f in check.for_section(section_id))
        assert f'id="err-{question.id}"' in page  # the message sits at the field
        assert escape(reason) in page
        assert f'href="#{anchor_for(question, var_id)}"' in page  # and the summary links to it


@pytest.mark.django_db
@pytest.mark.parametrize("section_id", SECTIONS)
def test_hostile_values_never_crash_and_are_reported_at_their_field(hostile_setup, section_id):
    client, kommune = hostile_setup

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(example=hostile_posts(section_id))
    def run(example):
        check_example(client, kommune, section_id, example)

    run()


@pytest.mark.django_db
def test_an_invalid_form_names_the_field_and_changes_nothing(hostile_setup):
    client, kommune = hostile_setup
    before = dict(Response.objects.get(municipality=kommune).raw_values)
    state = page_state(client, kommune.number, "s2_2")
    answer = client.post(
        section_url(kommune.number, "s2_2"), {**state, "s22_doctors_with_gp_contract": "12\x00", "bogus": "1"}
    )
    assert answer.status_code == 302
    page = client.get(section_url(kommune.number, "s2_2")).content.decode()
    label = QUESTIONNAIRE.questions["s22_doctors_with_gp_contract"].label
    assert escape(f"{label}: ") in page  # the message says which field
    assert Response.objects.get(municipality=kommune).raw_values == before


@pytest.mark.django_db
def test_a_post_that_leaves_out_text_fields_keeps_their_answers(hostile_setup):
    client, kommune = hostile_setup
    before = dict(Response.objects.get(municipality=kommune).raw_values)
    state = page_state(client, kommune.number, "s2_2")
    answer = client.post(section_url(kommune.number, "s2_2"), {**state, "s22_doctors_without_gp_contract": "7"})
    assert answer.status_code == 302
    after = Response.objects.get(municipality=kommune).raw_values
    assert after["s22_doctors_with_gp_contract"] == before["s22_doctors_with_gp_contract"]
    assert after["s22_doctors_without_gp_contract"] == "7"


@pytest.mark.django_db
@pytest.mark.parametrize("var_id", ["s22_doctors_with_gp_contract", "a_net_operating_cost", "a_fast_ansatte_arsverk"])
def test_numbers_too_long_for_python_are_invalid_values(hostile_setup, var_id):
    """int() refuses more than 4300 digits; the codec must call that an invalid value, not fail."""
    client, kommune = hostile_setup
    section_id = QUESTIONNAIRE.variables[var_id].section_id
    check_example(client, kommune, section_id, ({var_id: "9" * 5000}, {}, [], [], "page"))
