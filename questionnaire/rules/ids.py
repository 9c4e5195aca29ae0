"""The questionnaire ids the rules read, spelled out once per part so that each is one search away.

Matrix cells are not listed here: rules look them up with `Values.cell(question, row, column, block)`.
"""

from collections.abc import Callable
from typing import Any

from questionnaire.memo import per_questionnaire
from questionnaire.rules.registry import Values

PARTS = "s24_legevakt_parts"
ORGANISATION = "s23_legevakt_organisation"
GP_CONTRACTS = "s22_doctors_with_gp_contract"

PERSONNEL_PARTS = ("A", "B", "C")  # parts asking which personnel groups took part
GROUPS = ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")
DOCTOR_GROUPS = ("fast_ansatte", "fastleger", "andre_leger")
TIMES = ("dag", "kveld", "natt", "helg")
OFF_HOURS = ("kveld", "natt", "helg")  # the legevakt must cover these beyond the GPs' office hours
ROLES = ("primaervakt", "kompetansebakvakt", "bakvakt_andre")
FORMS = ("tilstede", "hjemme", "ved_behov")  # the duty forms proper
NON_FORMS = ("ikke_aktuelt", "mangler")  # 'not applicable' / 'no information': exclusive of a duty form

USED = {
    "A": {
        "fast_ansatte": "a_fast_ansatte_used",
        "fastleger": "a_fastleger_used",
        "andre_leger": "a_andre_leger_used",
        "sykepleiere": "a_sykepleiere_used",
        "annet_helsepersonell": "a_annet_helsepersonell_used",
    },
    "B": {
        "fast_ansatte": "b_fast_ansatte_used",
        "fastleger": "b_fastleger_used",
        "andre_leger": "b_andre_leger_used",
        "sykepleiere": "b_sykepleiere_used",
        "annet_helsepersonell": "b_annet_helsepersonell_used",
    },
    "C": {
        "fast_ansatte": "c_fast_ansatte_used",
        "fastleger": "c_fastleger_used",
        "andre_leger": "c_andre_leger_used",
        "sykepleiere": "c_sykepleiere_used",
        "annet_helsepersonell": "c_annet_helsepersonell_used",
    },
}
COUNT = {
    "A": {
        "fast_ansatte": "a_fast_ansatte_count",
        "fastleger": "a_fastleger_count",
        "andre_leger": "a_andre_leger_count",
        "sykepleiere": "a_sykepleiere_count",
        "annet_helsepersonell": "a_annet_helsepersonell_count",
    },
    "B": {
        "fast_ansatte": "b_fast_ansatte_count",
        "fastleger": "b_fastleger_count",
        "andre_leger": "b_andre_leger_count",
        "sykepleiere": "b_sykepleiere_count",
        "annet_helsepersonell": "b_annet_helsepersonell_count",
    },
    "C": {
        "fast_ansatte": "c_fast_ansatte_count",
        "fastleger": "c_fastleger_count",
        "andre_leger": "c_andre_leger_count",
        "sykepleiere": "c_sykepleiere_count",
        "annet_helsepersonell": "c_annet_helsepersonell_count",
    },
}
ARSVERK = {
    "A": ("a_fast_ansatte_count", "a_fast_ansatte_arsverk"),
    "B": ("b_fast_ansatte_count", "b_fast_ansatte_arsverk"),
}
OTHER_KINDS = {"A": ("a_andre_leger_used", "a_andre_leger_kinds"), "B": ("b_andre_leger_used", "b_andre_leger_kinds")}
ARSVERK_COMMENTS = {
    "A": ("a_fast_ansatte_arsverk_comment", "a_fastleger_arsverk_comment", "a_andre_leger_arsverk_comment"),
    "B": ("b_fast_ansatte_arsverk_comment", "b_fastleger_arsverk_comment", "b_andre_leger_arsverk_comment"),
    "C": ("c_fast_ansatte_arsverk_comment", "c_fastleger_arsverk_comment", "c_andre_leger_arsverk_comment"),
}
STAFF_TIME = {"A": "a_staff_time", "B": "b_staff_time", "C": "c_staff_time"}
SHIFTS = {
    ("A", "fastleger"): "a_fastleger_shifts",
    ("A", "andre_leger"): "a_andre_leger_shifts",
    ("B", "fastleger"): "b_fastleger_shifts",
    ("B", "andre_leger"): "b_andre_leger_shifts",
    ("C", "fastleger"): "c_fastleger_shifts",
}
CHALLENGES = {
    "A": ("a_staffing_challenges", "a_staffing_challenge_groups"),
    "B": ("b_staffing_challenges", "b_staffing_challenge_groups"),
    "C": ("c_staffing_challenges", "c_staffing_challenge_groups"),
}

A_VARIANT = "a_variant"
A_COST = "a_net_operating_cost"
B_TOTAL = "b_total_net_operating_cost"  # B-8.1: the whole cooperation's cost
B_OWN = "b_own_share_net_operating_cost"  # B-8.2: what the host paid itself
C_COST = "c_net_operating_cost"
D_COST = "d_net_operating_cost"
COSTS = {"A": (A_COST,), "B": (B_TOTAL, B_OWN), "C": (C_COST,), "D": (D_COST,)}
COST_COMMENTS = {"A": "a_cost_comment", "B": "b_cost_comment", "C": "c_cost_comment", "D": "d_comment"}

B_PARTICIPANT_COUNT = "b_participant_count"
B_PARTICIPANT_IDS = "b_participant_kommune_ids"
B_CONTRIBUTION = "b_participant_contribution"
B_CONTRIBUTION_TEXT = "b_participant_contribution_other_text"
B_CONTRIBUTION_COUNTS = "b_participant_contribution_counts"
C_TYPES = "c_cooperation_types"
C_HOST_IDS = "c_host_kommune_ids"
D_SUPPLIER_TIME = "d_purchase_supplier_time"
D_SUPPLIERS = ("private", "spesialisthelsetjeneste")
D_DOCTORS = "d_doctors_count"

PART_E = (
    "e_hours_from_systems",
    "e_hours_not_discretionary",
    "e_split_onsite_backup",
    "e_split_own_residents",
    "e_split_own_contribution",
)
E_OWN_CONTRIBUTION = "e_split_own_contribution"


def parts(values: Values) -> tuple[str, ...]:
    """The parts A-D ticked in 2-4."""
    return values.get(PARTS) or ()


def ticked(values: Values, cell: str) -> bool:
    return values.get(cell) is True


def used(values: Values, part: str, group: str) -> bool:
    return values.get(USED[part][group]) == "ja"


def _cells(values: Values, key: tuple, build: Callable[[], Any]) -> Any:
    """Cell ids of a questionnaire, worked out once per process (rules run over thousands of responses)."""
    return per_questionnaire(values.questionnaire, ("rule-cells", *key), build)


def staff_cells(values: Values, part: str, group: str) -> tuple[tuple[str, str], ...]:
    """(time of day, cell id) of one row of a part's personnel x time-of-day grid."""
    return _cells(
        values, ("staff", part, group), lambda: tuple((t, values.cell(STAFF_TIME[part], group, t)) for t in TIMES)
    )


def purchase_cells(values: Values) -> tuple[tuple[str, str, str], ...]:
    """(supplier, time of day, cell id) of Part D's purchase grid."""
    return _cells(
        values,
        ("purchase",),
        lambda: tuple((s, t, values.cell(D_SUPPLIER_TIME, s, t)) for s in D_SUPPLIERS for t in TIMES),
    )


def shift_block(values: Values, question: str, time: str) -> dict[tuple[str, str], str]:
    """(role, form) -> cell id of one time-of-day block of a shift-type grid."""
    forms = FORMS + NON_FORMS
    return _cells(
        values,
        ("shifts", question, time),
        lambda: {(r, f): values.cell(question, r, f, time) for r in ROLES for f in forms},
    )


def doctor_on_duty(values: Values, part: str, time: str) -> bool:
    """A doctor group that took part in `part` is ticked at `time` (answers the routing shows only)."""
    for group in DOCTOR_GROUPS:
        if used(values, part, group) and any(
            t == time and ticked(values, c) for t, c in staff_cells(values, part, group)
        ):
            return True
    return False


def purchased_at(values: Values, time: str) -> bool:
    return any(t == time and ticked(values, cell) for _s, t, cell in purchase_cells(values))


def any_doctor_at(values: Values, time: str) -> bool:
    """drv_any_doctor_at_<time> over the ticked parts."""
    ticked_parts = parts(values)
    if "D" in ticked_parts and purchased_at(values, time):
        return True
    return any(doctor_on_duty(values, part, time) for part in PERSONNEL_PARTS if part in ticked_parts)
