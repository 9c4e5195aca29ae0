"""Malformed and hostile CSV files never crash import_responses and never change what was saved."""

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import Response

COLUMNS = [
    "s24_legevakt_parts",
    "a_variant",
    "a_fastleger_count",
    "a_fast_ansatte_arsverk",
    "a_net_operating_cost",
    "a_staff_time_fastleger_dag",
    "a_cost_comment",
    "c_host_kommune_ids",
    "e_hours_from_systems",
]
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "ja", "nei", "A", "A|C", "1", "0", "-1", "1.55", "0301", "9999|0301", "1e3", "'; DROP"]),
    st.integers(-(10**12), 10**12).map(str),
)


@st.composite
def csv_files(draw):
    header = ["kommunenummer", *draw(st.lists(st.sampled_from([*COLUMNS, "bogus", "kommunenummer"]), max_size=6))]
    numbers = st.sampled_from(["0301", "4601", "9999", "abc", ""])
    rows = [
        [draw(numbers), *draw(st.lists(cell, min_size=len(header) - 1, max_size=len(header) + 1))]
        for _ in range(draw(st.integers(0, 4)))
    ]
    lines = [",".join(header)] + [",".join(f'"{c}"' if "," in c or '"' in c else c for c in row) for row in rows]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n", "\x00"]))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=csv_files())
def test_import_never_crashes_and_rejects_all_or_nothing(survey_2021, tmp_path, content):
    saved = Response.objects.filter(municipality__number="3001").first()
    if saved is None:
        path = tmp_path / "good.csv"
        path.write_text("kommunenummer,a_fastleger_count\n3001,12\n", encoding="utf-8")
        call_command("import_responses", str(path))
    before = sorted(Response.objects.values_list("municipality__number", "raw_values", "version"))
    path = tmp_path / "fuzz.csv"
    path.write_text(content, encoding="utf-8", newline="")
    try:
        call_command("import_responses", str(path), "--replace")
    except CommandError:
        after = sorted(Response.objects.values_list("municipality__number", "raw_values", "version"))
        assert after == before  # a rejected file changes nothing
    else:
        assert Response.objects.filter(municipality__number="3001", raw_values__a_fastleger_count="12").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_rejected_with_a_message(survey_2021, tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("kommunenummer,a_cost_comment\n0301,Tromsø\n".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_responses", str(path))
    assert "not UTF-8" in capsys.readouterr().err
    assert not Response.objects.exists()
