"""The variables of parts A-D the tables read, spelled out so that each id is one search away.

GROUPS, KINDS, TIMES, ROLES and FORMS are the option codes of questionnaire.yaml in the column or row order of
the report (table-definitions.md section 3). Matrix cells are looked up by (row, column, block) in the loaded
questionnaire (YearData.cell), never spelled here.
"""

from dataclasses import dataclass

import numpy as np

from surveys.tables.base import Selection, in_part
from surveys.tables.data import YearData

GROUPS = ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")
DOCTOR_GROUPS = ("fast_ansatte", "fastleger", "andre_leger")  # rows of Tables 7.5-7.7
KINDS = ("kommunalt_ansatte", "lis1", "fastleger_andre_kommuner", "private", "annet")
TIMES = ("dag", "kveld", "natt", "helg")
ROLES = ("primaervakt", "kompetansebakvakt", "bakvakt_andre")
FORMS = ("tilstede", "hjemme", "ved_behov", "ikke_aktuelt", "mangler")
E_QUESTIONS = (  # the report's questions 1-5 of Part E (E1..E5)
    "e_hours_from_systems",
    "e_hours_not_discretionary",
    "e_split_onsite_backup",
    "e_split_own_residents",
    "e_split_own_contribution",
)


@dataclass(frozen=True)
class Part:
    """The variable ids of one part (A, B or C: those with personnel questions)."""

    letter: str
    used: dict[str, str]  # group -> yes_no "does the group contribute"
    count: dict[str, str]  # group -> head count
    comment: dict[str, str]  # doctor group -> årsverk comment (editor-coded can / cannot / unclear)
    challenges: str
    challenge_groups: str
    staff_time: str  # matrix question: group x time of day
    shifts: dict[str, str]  # doctor type -> matrix question: time block x role x form
    cost: str
    arsverk: str | None = None  # contracted årsverk of fast_ansatte (not asked in Part C)
    kinds: str | None = None  # kinds of other doctors (not asked in Part C)

    @property
    def members(self) -> Selection:
        return in_part(self.letter)

    def used_mask(self, data: YearData, group: str) -> np.ndarray:
        return self.members(data) & data.yes(self.used[group])

    def on(self, data: YearData, group: str, time: str) -> np.ndarray:
        """on(m, p, g, t) of chapter 5: in the part, group used, time-grid cell ticked (G2, I-14)."""
        cell = data.cell(self.staff_time, row=group, column=time)
        return self.used_mask(data, group) & data.ticked(cell)

    def shift_cell(self, data: YearData, doctor: str, time: str, role: str, form: str) -> np.ndarray:
        return data.ticked(data.cell(self.shifts[doctor], block=time, row=role, column=form))

    def answered(self, data: YearData, doctor: str, time: str) -> np.ndarray:
        """answered(m, p, d, t): on duty at t and at least one cell of the block ticked (I-15)."""
        ticks = ~data.everyone()
        for role in ROLES:
            for form in FORMS:
                ticks = ticks | self.shift_cell(data, doctor, time, role, form)
        return self.on(data, doctor, time) & ticks


PART_A = Part(
    letter="A",
    used={
        "fast_ansatte": "a_fast_ansatte_used",
        "fastleger": "a_fastleger_used",
        "andre_leger": "a_andre_leger_used",
        "sykepleiere": "a_sykepleiere_used",
        "annet_helsepersonell": "a_annet_helsepersonell_used",
    },
    count={
        "fast_ansatte": "a_fast_ansatte_count",
        "fastleger": "a_fastleger_count",
        "andre_leger": "a_andre_leger_count",
        "sykepleiere": "a_sykepleiere_count",
        "annet_helsepersonell": "a_annet_helsepersonell_count",
    },
    comment={
        "fast_ansatte": "a_fast_ansatte_arsverk_comment",
        "fastleger": "a_fastleger_arsverk_comment",
        "andre_leger": "a_andre_leger_arsverk_comment",
    },
    challenges="a_staffing_challenges",
    challenge_groups="a_staffing_challenge_groups",
    staff_time="a_staff_time",
    shifts={"fastleger": "a_fastleger_shifts", "andre_leger": "a_andre_leger_shifts"},
    cost="a_net_operating_cost",
    arsverk="a_fast_ansatte_arsverk",
    kinds="a_andre_leger_kinds",
)

PART_B = Part(
    letter="B",
    used={
        "fast_ansatte": "b_fast_ansatte_used",
        "fastleger": "b_fastleger_used",
        "andre_leger": "b_andre_leger_used",
        "sykepleiere": "b_sykepleiere_used",
        "annet_helsepersonell": "b_annet_helsepersonell_used",
    },
    count={
        "fast_ansatte": "b_fast_ansatte_count",
        "fastleger": "b_fastleger_count",
        "andre_leger": "b_andre_leger_count",
        "sykepleiere": "b_sykepleiere_count",
        "annet_helsepersonell": "b_annet_helsepersonell_count",
    },
    comment={
        "fast_ansatte": "b_fast_ansatte_arsverk_comment",
        "fastleger": "b_fastleger_arsverk_comment",
        "andre_leger": "b_andre_leger_arsverk_comment",
    },
    challenges="b_staffing_challenges",
    challenge_groups="b_staffing_challenge_groups",
    staff_time="b_staff_time",
    shifts={"fastleger": "b_fastleger_shifts", "andre_leger": "b_andre_leger_shifts"},
    cost="b_own_share_net_operating_cost",  # B-8.2, the host's own share (I-10)
    arsverk="b_fast_ansatte_arsverk",
    kinds="b_andre_leger_kinds",
)

PART_C = Part(
    letter="C",
    used={
        "fast_ansatte": "c_fast_ansatte_used",
        "fastleger": "c_fastleger_used",
        "andre_leger": "c_andre_leger_used",
        "sykepleiere": "c_sykepleiere_used",
        "annet_helsepersonell": "c_annet_helsepersonell_used",
    },
    count={
        "fast_ansatte": "c_fast_ansatte_count",
        "fastleger": "c_fastleger_count",
        "andre_leger": "c_andre_leger_count",
        "sykepleiere": "c_sykepleiere_count",
        "annet_helsepersonell": "c_annet_helsepersonell_count",
    },
    comment={
        "fast_ansatte": "c_fast_ansatte_arsverk_comment",
        "fastleger": "c_fastleger_arsverk_comment",
        "andre_leger": "c_andre_leger_arsverk_comment",
    },
    challenges="c_staffing_challenges",
    challenge_groups="c_staffing_challenge_groups",
    staff_time="c_staff_time",
    shifts={"fastleger": "c_fastleger_shifts"},  # Part C has no grid for other doctors
    cost="c_net_operating_cost",
)

PARTS = (PART_A, PART_B, PART_C)  # the parts with personnel questions: "any part" means one of these (I-3)

D_DOCTORS_COUNT = "d_doctors_count"
D_PURCHASE_STAFFING_CHALLENGE = "d_purchase_staffing_challenge"
PARTS_TICKED = "s24_legevakt_parts"
GP_CONTRACTS = "s22_doctors_with_gp_contract"


def any_part(test) -> Selection:
    """G8 / I-3: true when `test(part, data, key)` holds in at least one of the parts A, B, C."""

    def select(data, key=None):
        mask = ~data.everyone()
        for part in PARTS:
            mask = mask | test(part, data, key)
        return mask

    return select
