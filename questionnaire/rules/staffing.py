"""Rules on personnel: used flags, head counts, årsverk, the time-of-day and shift grids, staffing challenges
(EQ-04, EQ-05, EQ-11, EQ-13, PR-01, PR-02, PR-03, PR-06, LV-02, LV-03)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.ids import (
    ARSVERK,
    CHALLENGES,
    COUNT,
    D_DOCTORS,
    FORMS,
    GP_CONTRACTS,
    GROUPS,
    NON_FORMS,
    OTHER_KINDS,
    PERSONNEL_PARTS,
    ROLES,
    SHIFTS,
    USED,
    parts,
    shift_block,
    staff_cells,
    ticked,
    used,
)
from questionnaire.rules.registry import ERROR, INFO, WARNING, Hit, Reference, Values, rule

GROUP_LABELS = {
    "fast_ansatte": "leger fast ansatt ved legevakten",
    "fastleger": "fastleger",
    "andre_leger": "andre leger",
    "sykepleiere": "sykepleiere",
    "annet_helsepersonell": "annet helsepersonell",
}
ROLE_LABELS = {
    "primaervakt": "primærvakt",
    "kompetansebakvakt": "kompetansebakvakt",
    "bakvakt_andre": "bakvakt av andre grunner",
}


def _active_parts(values: Values) -> Iterator[str]:
    ticked_parts = parts(values)
    return (p for p in PERSONNEL_PARTS if p in ticked_parts)


@rule(
    "EQ-04",
    severity=ERROR,
    title=gettext_lazy("Antall personer mangler"),
    variables=tuple(COUNT[p][g] for p in PERSONNEL_PARTS for g in GROUPS) + (D_DOCTORS,),
    suggested_fix=gettext_lazy("Be om antall personer per 31.12.2021."),
)
def head_count_missing(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-04: a group took part (used == ja) but its head count is blank; Part D without the number of
    doctors."""
    for part in _active_parts(values):
        for group in GROUPS:
            count = COUNT[part][group]
            if used(values, part, group) and values.get(count) is None:
                yield Hit(
                    (count, USED[part][group]),
                    ERROR,
                    _("Del %(part)s: %(group)s bidro i legevakten, men antall personer mangler.")
                    % {"part": part, "group": GROUP_LABELS[group]},
                    seen={USED[part][group]: "ja"},
                )
    if "D" in parts(values) and values.get(D_DOCTORS) is None:
        yield Hit((D_DOCTORS,), ERROR, _("Del D: antall leger i den kjøpte tjenesten mangler."))


@rule(
    "EQ-05",
    severity=ERROR,
    title=gettext_lazy("Årsverk for fast ansatte leger mangler eller er usannsynlige"),
    variables=tuple(v for pair in ARSVERK.values() for v in pair),
    suggested_fix=gettext_lazy(
        "Oppgi avtalte årsverk (stillingsprosent/100, uten overtid) for de samme personene som i antallet."
    ),
)
def arsverk_plausible(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-05: count > 0 and årsverk blank (error); årsverk > count (warning, one person is at most 1.0
    årsverk); count > 0 and årsverk 0 (warning); årsverk > 0 and count 0 (error)."""
    for part in _active_parts(values):
        if part not in ARSVERK or not used(values, part, "fast_ansatte"):
            continue
        count_var, arsverk_var = ARSVERK[part]
        count, arsverk = values.get(count_var), values.get(arsverk_var)
        seen = {count_var: count, arsverk_var: arsverk}
        labels = {"part": part, "count": count, "arsverk": arsverk}
        if count and count > 0 and arsverk is None:
            yield Hit(
                (arsverk_var, count_var),
                ERROR,
                _("Del %(part)s: %(count)s fast ansatte leger, men årsverk mangler.") % labels,
                seen=seen,
            )
        elif count and arsverk is not None and arsverk > count:
            yield Hit(
                (arsverk_var, count_var),
                WARNING,
                _("Del %(part)s: %(arsverk)s årsverk er flere enn de %(count)s fast ansatte legene.") % labels,
                seen=seen,
            )
        elif count and count > 0 and arsverk == 0:
            yield Hit(
                (arsverk_var, count_var),
                WARNING,
                _("Del %(part)s: %(count)s fast ansatte leger, men 0 årsverk.") % labels,
                seen=seen,
            )
        elif count == 0 and arsverk is not None and arsverk > 0:
            yield Hit(
                (count_var, arsverk_var),
                ERROR,
                _("Del %(part)s: %(arsverk)s årsverk, men 0 fast ansatte leger.") % labels,
                seen=seen,
            )


def _fastleger_counts(values: Values) -> dict[str, int]:
    """fastleger count variable -> count, for the ticked parts where fastleger took part."""
    counts = {}
    for part in _active_parts(values):
        count = values.get(COUNT[part]["fastleger"])
        if used(values, part, "fastleger") and count is not None:
            counts[COUNT[part]["fastleger"]] = count
    return counts


@rule(
    "EQ-11",
    severity=INFO,
    title=gettext_lazy("Fastleger telt i flere deler: summen overstiger antall fastleger i 2-2"),
    variables=(COUNT["A"]["fastleger"], COUNT["B"]["fastleger"], COUNT["C"]["fastleger"], GP_CONTRACTS),
    suggested_fix=gettext_lazy(
        "Ikke summer antall på tvers av deler; bruk min(sum, antall i 2-2) som anslag for unike fastleger."
    ),
)
def fastleger_counted_in_several_parts(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-11: fastleger counted in two or more parts and their sum exceeds s22_doctors_with_gp_contract (the
    same GPs are probably counted twice; an aggregation note, not an error)."""
    contracts, counts = values.get(GP_CONTRACTS), _fastleger_counts(values)
    positive = {var: n for var, n in counts.items() if n > 0}
    if contracts is None or len(positive) < 2 or sum(positive.values()) <= contracts:
        return
    yield Hit(
        (*positive, GP_CONTRACTS),
        INFO,
        _(
            "Fastleger er telt i %(n)s deler, til sammen %(sum)s, mens 2-2 oppgir %(contracts)s leger "
            "med fastlegeavtale."
        )
        % {"n": len(positive), "sum": sum(positive.values()), "contracts": contracts},
        seen={**positive, GP_CONTRACTS: contracts},
    )


@rule(
    "EQ-13",
    severity=WARNING,
    title=gettext_lazy("Flere fastleger i legevakt enn leger med fastlegeavtale (2-2)"),
    variables=(COUNT["A"]["fastleger"], COUNT["B"]["fastleger"], COUNT["C"]["fastleger"], GP_CONTRACTS),
    suggested_fix=gettext_lazy(
        "Spør om antallet gjelder hele året eller tar med vikarer eller fastleger fra andre kommuner; oppgi egne "
        "fastleger per 31.12.2021 (andre kommuners fastleger føres som «andre leger»)."
    ),
)
def fastleger_within_gp_contracts(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-13: for a part, p_fastleger_count > s22_doctors_with_gp_contract."""
    contracts = values.get(GP_CONTRACTS)
    if contracts is None:
        return
    for var, count in _fastleger_counts(values).items():
        if count > contracts:
            yield Hit(
                (var, GP_CONTRACTS),
                WARNING,
                _("%(count)s fastleger i legevakten, men bare %(contracts)s leger med fastlegeavtale i 2-2.")
                % {"count": count, "contracts": contracts},
                seen={var: count, GP_CONTRACTS: contracts},
                suggestion={var: str(contracts)},
            )


@rule(
    "PR-01",
    severity=WARNING,
    title=gettext_lazy("Bidro-svar og antall personer stemmer ikke"),
    variables=tuple(v for p in PERSONNEL_PARTS for g in GROUPS for v in (USED[p][g], COUNT[p][g])),
    suggested_fix=gettext_lazy("Rett enten svaret på om gruppen bidro, eller antallet."),
)
def used_matches_count(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-01: used == nei but a count > 0 is stored, or used == ja and the count is 0."""
    for part in _active_parts(values):
        for group in GROUPS:
            used_var, count_var = USED[part][group], COUNT[part][group]
            answer, count = values.get(used_var), values.get(count_var)
            labels = {"part": part, "group": GROUP_LABELS[group], "count": count}
            if answer == "nei" and count is not None and count > 0:
                yield Hit(
                    (used_var, count_var),
                    WARNING,
                    _("Del %(part)s: %(group)s bidro ikke ifølge svaret, men antallet er %(count)s.") % labels,
                    seen={used_var: answer, count_var: count},
                    suggestion={used_var: "ja"},
                )
            elif answer == "ja" and count == 0:
                yield Hit(
                    (count_var, used_var),
                    WARNING,
                    _("Del %(part)s: %(group)s bidro ifølge svaret, men antallet er 0.") % labels,
                    seen={used_var: answer, count_var: count},
                )


@rule(
    "PR-02",
    severity=WARNING,
    title=gettext_lazy("Bidro-svar og tid-på-døgnet-rutenettet stemmer ikke"),
    variables=(*(USED[p][g] for p in PERSONNEL_PARTS for g in GROUPS), "a_staff_time", "b_staff_time", "c_staff_time"),
    suggested_fix=gettext_lazy("Fyll ut rutenettet eller rett svaret på om gruppen bidro."),
)
def used_matches_time_grid(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-02: used == ja and no tick in the group's row of the time-of-day grid; or ticks in the row (stored,
    though the routing hides them) and used == nei. Reads hidden answers on purpose."""
    for part in _active_parts(values):
        for group in GROUPS:
            used_var, answer = USED[part][group], values.get(USED[part][group])
            row = list(staff_cells(values, part, group))
            ticks = [cell for _time, cell in row if ticked(values, cell)]
            labels = {"part": part, "group": GROUP_LABELS[group], "n": len(ticks)}
            if answer == "ja" and not ticks:
                yield Hit(
                    (row[0][1], used_var),
                    WARNING,
                    _("Del %(part)s: %(group)s bidro, men er ikke krysset av for noen tid på døgnet.") % labels,
                    seen={used_var: answer},
                )
            elif answer == "nei" and ticks:
                yield Hit(
                    (used_var, *ticks),
                    WARNING,
                    _("Del %(part)s: %(group)s bidro ikke ifølge svaret, men har %(n)s kryss i tid på døgnet.")
                    % labels,
                    seen={used_var: answer, **dict.fromkeys(ticks, "1")},
                    suggestion={used_var: "ja"},
                )


@rule(
    "PR-03",
    severity=WARNING,
    title=gettext_lazy("Vakttype-rutenettet er ufullstendig eller selvmotsigende"),
    variables=tuple(SHIFTS.values()),
    suggested_fix=gettext_lazy("Fyll ut eller rydd raden: «ikke aktuelt» og «mangler» utelukker en vaktform."),
)
def shift_grid_complete(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-03: a doctor type ticked at time t with no tick in its shift block for t; 'ikke_aktuelt' or 'mangler'
    ticked together with a duty form in one row. Only the blocks the routing shows are read."""
    for (part, doctor), question in SHIFTS.items():
        if part not in parts(values) or not used(values, part, doctor):
            continue
        for time, staff_cell in staff_cells(values, part, doctor):
            if ticked(values, staff_cell):
                yield from _shift_block(values, question, time, staff_cell, part=part, doctor=doctor)


def _shift_block(values: Values, question: str, time: str, staff_cell: str, **labels) -> Iterator[Hit]:
    block = shift_block(values, question, time)
    labels = {**labels, "doctor": GROUP_LABELS[labels["doctor"]], "time": time}
    if not any(ticked(values, cell) for cell in block.values()):
        message = _("Del %(part)s: %(doctor)s er på vakt (%(time)s), men vakttype er ikke krysset av.")
        yield Hit((block[("primaervakt", "tilstede")], staff_cell), WARNING, message % labels)
        return
    for role in ROLES:
        forms = [block[(role, f)] for f in FORMS if ticked(values, block[(role, f)])]
        non_forms = [block[(role, f)] for f in NON_FORMS if ticked(values, block[(role, f)])]
        if forms and non_forms:
            message = _(
                "Del %(part)s, %(doctor)s, %(time)s, %(role)s: «ikke aktuelt» eller «mangler» er krysset av "
                "sammen med en vaktform."
            )
            yield Hit(
                (*non_forms, *forms),
                WARNING,
                message % {**labels, "role": ROLE_LABELS[role]},
                seen=dict.fromkeys(non_forms + forms, "1"),
            )


@rule(
    "PR-06",
    severity=WARNING,
    title=gettext_lazy("Bemanningsutfordringer og grupper stemmer ikke"),
    variables=tuple(v for pair in CHALLENGES.values() for v in pair),
    suggested_fix=gettext_lazy("Kryss av for gruppene det gjaldt, eller rett svaret om utfordringer."),
)
def challenges_match_groups(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-06: challenges == ja and no group ticked; or groups stored while challenges is not ja."""
    for part in _active_parts(values):
        flag_var, groups_var = CHALLENGES[part]
        answer, groups = values.get(flag_var), values.get(groups_var)
        if answer == "ja" and not groups:
            yield Hit(
                (groups_var, flag_var),
                WARNING,
                _("Del %(part)s: kommunen hadde bemanningsutfordringer, men ingen gruppe er krysset av.")
                % {"part": part},
                seen={flag_var: answer},
            )
        elif answer != "ja" and groups:
            yield Hit(
                (flag_var, groups_var),
                WARNING,
                _(
                    "Del %(part)s: grupper med utfordringer er krysset av, men svaret på om det var "
                    "utfordringer er «%(answer)s»."
                )
                % {"part": part, "answer": answer or "ikke besvart"},
                seen={flag_var: answer, groups_var: "|".join(groups)},
                suggestion={flag_var: "ja"},
            )


@rule(
    "LV-02",
    severity=WARNING,
    title=gettext_lazy("Ikke besvart om personellgruppen bidro"),
    variables=tuple(USED[p][g] for p in PERSONNEL_PARTS for g in GROUPS),
    suggested_fix=gettext_lazy("Svar ja eller nei for hver personellgruppe."),
)
def used_answered(values: Values, ref: Reference) -> Iterator[Hit]:
    """LV-02 (own rule): a ticked part leaves a personnel group's Ja/Nei blank (answer required, spec section 6);
    its count, grid and tables then have nothing to go on."""
    for part in _active_parts(values):
        for group in GROUPS:
            if values.get(USED[part][group]) is None:
                yield Hit(
                    (USED[part][group],),
                    WARNING,
                    _("Del %(part)s: ikke besvart om %(group)s bidro i legevakten.")
                    % {"part": part, "group": GROUP_LABELS[group]},
                )


@rule(
    "LV-03",
    severity=WARNING,
    title=gettext_lazy("Andre leger bidro, men ingen type er krysset av"),
    variables=tuple(v for pair in OTHER_KINDS.values() for v in pair),
    suggested_fix=gettext_lazy("Kryss av for hvilke typer andre leger som bidro."),
)
def other_doctor_kinds_given(values: Values, ref: Reference) -> Iterator[Hit]:
    """LV-03 (own rule): andre_leger_used == ja in Part A or B but no kind of other doctor ticked (proposed
    constraint 'at least one kind when shown')."""
    for part in _active_parts(values):
        if part in OTHER_KINDS:
            used_var, kinds_var = OTHER_KINDS[part]
            if values.get(used_var) == "ja" and not values.get(kinds_var):
                yield Hit(
                    (kinds_var, used_var),
                    WARNING,
                    _("Del %(part)s: andre leger bidro, men ingen type andre leger er krysset av.") % {"part": part},
                )
