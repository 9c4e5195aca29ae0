"""Chapter 5: personnel on duty (5.1-5.5) and shift types (5.6-5.25), worked out by hand."""

import pytest

from surveys.tables import ch5
from surveys.tables.ch5 import TABLE_5_1, TABLE_5_2, TABLE_5_3, TABLE_5_4, TABLE_5_5, TABLE_5_6
from surveys.tables.parts import FORMS, PART_A, PART_B, PART_C, ROLES
from tests.surveys.tables.factories import kommune, values

N = None
ZERO, NULL = [0, 0, 0, 0], [N, N, N, N]


@pytest.fixture
def on_duty(make_year):
    return make_year(
        kommune(
            "0001",
            1_000,
            s24_legevakt_parts="A|C",
            a_variant="ordinaer",
            a_fastleger_used="ja",
            a_staff_time_fastleger_dag="1",
            a_staff_time_fastleger_kveld="1",
            a_sykepleiere_used="ja",
            a_staff_time_sykepleiere_dag="1",
            c_fastleger_used="ja",
            c_staff_time_fastleger_kveld="1",
            c_staff_time_fastleger_natt="1",
        ),
        kommune(
            "0002",
            3_000,
            s24_legevakt_parts="B",
            b_fastleger_used="nei",
            b_staff_time_fastleger_natt="1",  # the group is not used: the tick is hidden (I-14)
            b_andre_leger_used="ja",
            b_staff_time_andre_leger_helg="1",
        ),
        kommune(
            "0003",
            4_000,
            s24_legevakt_parts="C",
            c_fast_ansatte_used="ja",
            c_staff_time_fast_ansatte_natt="1",
            c_fastleger_used="ja",
            c_staff_time_fastleger_dag="0",
        ),
        kommune("0004", 60_000, s24_legevakt_parts="D"),
    )


def test_table_5_1_on_duty_in_any_part_counts_a_municipality_once(on_duty):
    result = TABLE_5_1.compute(on_duty)
    assert result["N"] == 4
    assert result["values"] == [
        [0, 0, 25, 0],  # fast ansatte: 0003 at night
        [25, 25, 25, 0],  # fastleger: 0001 by day (A), evening (A and C: once), night (C)
        [0, 0, 0, 25],  # andre leger: 0002 at weekends
        [25, 0, 0, 0],
        ZERO,
    ]


def test_table_5_2_by_size_has_no_national_rows(on_duty):
    rows = values(TABLE_5_2, on_duty)
    assert len(rows) == 30
    assert rows[0:5] == [ZERO, [100, 100, 100, 0], ZERO, [100, 0, 0, 0], ZERO]  # under 2 000: 0001
    assert rows[5:10] == [[0, 0, 50, 0], ZERO, [0, 0, 0, 50], ZERO, ZERO]  # 2 000 - 4 999: 0002, 0003
    assert rows[10:25] == [NULL] * 15
    assert rows[25:30] == [ZERO] * 5  # 50 000+: 0004 (Part D has no personnel grid)


def test_table_5_3_part_a_only(on_duty):
    assert values(TABLE_5_3, on_duty) == [ZERO, [100, 100, 0, 0], ZERO, [100, 0, 0, 0], ZERO]


def test_table_5_4_part_b_ignores_ticks_of_groups_not_used(on_duty):
    assert values(TABLE_5_4, on_duty) == [ZERO, ZERO, [0, 0, 0, 100], ZERO, ZERO]


def test_table_5_5_part_c(on_duty):
    result = TABLE_5_5.compute(on_duty)
    assert result["N"] == 2
    assert result["values"] == [[0, 0, 50, 0], [0, 50, 50, 0], ZERO, ZERO, ZERO]


def test_table_5_6_part_a_fastleger_by_day(make_year):
    year = make_year(
        kommune(
            "0001",
            1_000,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fastleger_used="ja",
            a_staff_time_fastleger_dag="1",
            a_fastleger_shifts_dag_primaervakt_tilstede="1",
            a_fastleger_shifts_dag_kompetansebakvakt_hjemme="1",
        ),
        kommune(
            "0002",
            3_000,
            s24_legevakt_parts="A",
            a_variant="kun_daglegevakt",  # daytime-only Part A municipalities are in the base
            a_fastleger_used="ja",
            a_staff_time_fastleger_dag="1",
            a_fastleger_shifts_dag_primaervakt_ved_behov="1",
        ),
        kommune(  # not on duty by day: its block is hidden, so it is not in the base
            "0003",
            3_500,
            s24_legevakt_parts="A",
            a_variant="ordinaer",
            a_fastleger_used="ja",
            a_staff_time_fastleger_kveld="1",
            a_fastleger_shifts_dag_primaervakt_tilstede="1",
        ),
    )
    result = TABLE_5_6.compute(year)
    assert result["N"] == 2
    expected = [
        [50, 0, 50, 0, 0],
        [0, 50, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [100, 0, 0, 0, 0],  # under 2 000: 0001
        [0, 100, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 100, 0, 0],  # 2 000 - 4 999: 0002
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        *([[N] * 5] * 12),
    ]
    assert result["values"] == expected


SHIFT_TABLES = [
    (table, part, doctor, time)
    for table, part, doctor, time in (
        (ch5.TABLE_5_6, PART_A, "fastleger", "dag"),
        (ch5.TABLE_5_7, PART_A, "andre_leger", "dag"),
        (ch5.TABLE_5_8, PART_A, "fastleger", "kveld"),
        (ch5.TABLE_5_9, PART_A, "andre_leger", "kveld"),
        (ch5.TABLE_5_10, PART_A, "fastleger", "natt"),
        (ch5.TABLE_5_11, PART_A, "andre_leger", "natt"),
        (ch5.TABLE_5_12, PART_A, "fastleger", "helg"),
        (ch5.TABLE_5_13, PART_A, "andre_leger", "helg"),
        (ch5.TABLE_5_14, PART_B, "fastleger", "dag"),
        (ch5.TABLE_5_15, PART_B, "andre_leger", "dag"),
        (ch5.TABLE_5_16, PART_B, "fastleger", "kveld"),
        (ch5.TABLE_5_17, PART_B, "andre_leger", "kveld"),
        (ch5.TABLE_5_18, PART_B, "fastleger", "natt"),
        (ch5.TABLE_5_19, PART_B, "andre_leger", "natt"),
        (ch5.TABLE_5_20, PART_B, "fastleger", "helg"),
        (ch5.TABLE_5_21, PART_B, "andre_leger", "helg"),
        (ch5.TABLE_5_22, PART_C, "fastleger", "dag"),
        (ch5.TABLE_5_23, PART_C, "fastleger", "kveld"),
        (ch5.TABLE_5_24, PART_C, "fastleger", "natt"),
        (ch5.TABLE_5_25, PART_C, "fastleger", "helg"),
    )
]


def _shift_year(make_year, questionnaire, part, doctor, time):
    """Seven municipalities; three answered the block (the base), four must be left out."""

    def shift(role, form, block=time):
        return questionnaire.questions[part.shifts[doctor]].matrix.cell_id(role, form, block)

    staff_time = questionnaire.questions[part.staff_time].matrix
    on = {part.used[doctor]: "ja", staff_time.cell_id(doctor, time): "1"}
    other_time = next(t for t in ("dag", "kveld") if t != time)
    parts = {"s24_legevakt_parts": part.letter, "a_variant": "ordinaer"}
    return make_year(
        kommune(
            "0001",
            1_000,
            **parts,
            **on,
            **{
                shift("primaervakt", "tilstede"): "1",
                shift("primaervakt", "hjemme"): "1",
                shift("kompetansebakvakt", "ikke_aktuelt"): "1",
            },
        ),
        kommune("0002", 1_500, **parts, **on, **{shift("primaervakt", "tilstede"): "1"}),
        # Only "mangler" ticked: the block is answered (I-15).
        kommune("0003", 3_000, **parts, **on, **{shift("primaervakt", "mangler"): "1"}),
        # On duty but the block left blank: not answered, not in the base.
        kommune("0004", 3_500, **parts, **on),
        # Cells ticked, but the time is not: the block is hidden.
        kommune(
            "0005",
            4_000,
            **parts,
            **{
                part.used[doctor]: "ja",
                staff_time.cell_id(doctor, other_time): "1",
                shift("primaervakt", "tilstede"): "1",
            },
        ),
        # The doctor type is not used: the time grid row and the block are hidden.
        kommune(
            "0006",
            8_000,
            **parts,
            **{
                part.used[doctor]: "nei",
                staff_time.cell_id(doctor, time): "1",
                shift("primaervakt", "tilstede"): "1",
            },
        ),
        # Not in the part at all.
        kommune(
            "0007",
            12_000,
            s24_legevakt_parts="D",
            **on,
            **{shift("primaervakt", "tilstede"): "1"},
        ),
    )


@pytest.mark.parametrize(("table", "part", "doctor", "time"), SHIFT_TABLES, ids=lambda v: getattr(v, "id", None))
def test_shift_tables_base_is_the_answered_block_and_roles_may_stay_blank(
    make_year, questionnaire, table, part, doctor, time
):
    result = table.compute(_shift_year(make_year, questionnaire, part, doctor, time))
    assert result["N"] == 3
    national = [
        [67, 33, 0, 0, 33],  # primærvakt: tilstede 2/3, hjemme 1/3, mangler 1/3
        [0, 0, 0, 33, 0],  # kompetansebakvakt: ikke aktuelt 1/3
        [0, 0, 0, 0, 0],  # bakvakt av andre grunner: nobody, still in the denominator
    ]
    if len(result["rows"]) == 3:
        assert result["values"] == national
        return
    assert result["values"] == [
        *national,
        [100, 50, 0, 0, 0],  # under 2 000: 0001, 0002
        [0, 0, 0, 50, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 100],  # 2 000 - 4 999: 0003
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        *([[N] * 5] * 12),  # no answered municipality of 5 000 or more
    ]


def test_shift_rows_follow_roles_and_forms_in_report_order():
    assert ROLES == ("primaervakt", "kompetansebakvakt", "bakvakt_andre")
    assert FORMS == ("tilstede", "hjemme", "ved_behov", "ikke_aktuelt", "mangler")
    assert [t for t, *_rest in SHIFT_TABLES] == list(ch5.TABLES[5:])
