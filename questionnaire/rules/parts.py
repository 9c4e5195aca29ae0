"""Rules on the choice of parts A-D, coverage of the day, and the parts' minimum answers (EQ-01..03, EQ-21,
PR-04, PR-05, PR-09, PR-11, LV-01)."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.ids import (
    A_VARIANT,
    C_TYPES,
    D_SUPPLIER_TIME,
    GROUPS,
    OFF_HOURS,
    ORGANISATION,
    PART_E,
    PARTS,
    any_doctor_at,
    parts,
    purchase_cells,
    staff_cells,
    ticked,
    used,
)
from questionnaire.rules.registry import ERROR, WARNING, Hit, Reference, Values, rule

INTER_MUNICIPAL = ("iks", "ik_saerregnskap", "ik_annet")  # the 2-3 options that mean a cooperation
TIME_LABELS = {"dag": "dag", "kveld": "kveld", "natt": "natt", "helg": "helg/helligdag"}


def _times(times) -> str:
    return ", ".join(TIME_LABELS[t] for t in times)


def _grid_answered(values: Values, part: str) -> bool:
    """Any cell of the part's time grid (D: its purchase grid) has an answer; if none, coverage is undecided."""
    if part == "D":
        cells = (cell for _s, _t, cell in purchase_cells(values))
    else:
        cells = (cell for group in GROUPS for _time, cell in staff_cells(values, part, group))
    return any(values.get(cell) is not None for cell in cells)


@rule(
    "EQ-01",
    severity=ERROR,
    title=gettext_lazy("Organisasjonsform (del A-D) mangler eller dekker ikke hele døgnet"),
    variables=(PARTS,),
    suggested_fix=gettext_lazy(
        "Spør kommunen hvilke ordninger som dekker hver tid på døgnet, og kryss av for delene som mangler "
        "(typisk A for dagtid eller C for natt)."
    ),
)
def parts_present_and_cover_the_day(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-01: no part ticked in 2-4 (error); a single part whose grid has no doctor in the evening, at night or
    at weekends (warning: another arrangement probably covers the rest of the day). A daytime-only Part A on
    its own is EQ-03's business."""
    ticked_parts = parts(values)
    if not ticked_parts:
        yield Hit((PARTS,), ERROR, _("Ingen organisasjonsform (del A, B, C eller D) er krysset av i 2-4."))
        return
    if len(ticked_parts) != 1:
        return
    part = ticked_parts[0]
    if part == "A" and values.get(A_VARIANT) == "kun_daglegevakt":
        return
    if not _grid_answered(values, part):
        return
    missing = [t for t in OFF_HOURS if not any_doctor_at(values, t)]
    if missing:
        yield Hit(
            (PARTS,),
            WARNING,
            _("Bare del %(part)s er krysset av, men ingen lege er oppgitt på vakt %(times)s.")
            % {"part": part, "times": _times(missing)},
            seen={PARTS: part, "uten lege": _times(missing)},
        )


@rule(
    "EQ-02",
    severity=WARNING,
    title=gettext_lazy("Daglegevakt kan være utelatt"),
    variables=(PARTS,),
    suggested_fix=gettext_lazy(
        "Kontakt kommunen; finnes en avtale om daglegevakt, legg til del A med «kun daglegevakt»."
    ),
)
def daytime_legevakt_missing(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-02 (internal proxy for the KUHR comparison): Part A not ticked and no doctor on duty in the daytime in
    any part."""
    ticked_parts = parts(values)
    if not ticked_parts or "A" in ticked_parts:
        return
    if not any(_grid_answered(values, p) for p in ticked_parts):
        return
    if not any_doctor_at(values, "dag"):
        yield Hit(
            (PARTS,),
            WARNING,
            _("Del A er ikke krysset av, og ingen lege er oppgitt på vakt på dagtid (delene %(parts)s).")
            % {"parts": ", ".join(ticked_parts)},
            seen={PARTS: "|".join(ticked_parts)},
        )


@rule(
    "EQ-03",
    severity=ERROR,
    title=gettext_lazy("Daglegevakt oppgitt som eneste legevakttilbud"),
    variables=(PARTS, A_VARIANT),
    suggested_fix=gettext_lazy(
        "Legevakt skal dekke hele døgnet: oppgi ordningen for kveld, natt og helg (del B, C eller D, eller A ordinær)."
    ),
)
def only_daytime_legevakt(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-03: only Part A is ticked and it is daytime-only legevakt."""
    if parts(values) == ("A",) and values.get(A_VARIANT) == "kun_daglegevakt":
        yield Hit(
            (PARTS, A_VARIANT),
            ERROR,
            _("Bare del A med kun daglegevakt er oppgitt; kveld, natt og helg mangler."),
            seen={PARTS: "A", A_VARIANT: "kun_daglegevakt"},
        )


@rule(
    "EQ-21",
    severity=WARNING,
    title=gettext_lazy("Organisering i 2-3 stemmer ikke med delene i 2-4"),
    variables=(ORGANISATION, PARTS),
    suggested_fix=gettext_lazy("Be kommunen samordne svaret i 2-3 med delene A-D i 2-4."),
)
def organisation_matches_parts(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-21: B or C ticked in 2-4 but no inter-municipal option in 2-3, or the other way round."""
    organisation, ticked_parts = values.get(ORGANISATION), parts(values)
    if not organisation or not ticked_parts:
        return
    cooperation_23 = any(o in INTER_MUNICIPAL for o in organisation)
    cooperation_24 = "B" in ticked_parts or "C" in ticked_parts
    seen = {ORGANISATION: "|".join(organisation), PARTS: "|".join(ticked_parts)}
    if cooperation_24 and not cooperation_23:
        yield Hit(
            (ORGANISATION, PARTS),
            WARNING,
            _("Del %(parts)s er krysset av i 2-4, men 2-3 oppgir ikke noe interkommunalt samarbeid.")
            % {"parts": " og ".join(p for p in ticked_parts if p in "BC")},
            seen=seen,
        )
    elif cooperation_23 and not cooperation_24:
        yield Hit(
            (ORGANISATION, PARTS),
            WARNING,
            _("2-3 oppgir interkommunalt samarbeid, men verken del B eller C er krysset av i 2-4."),
            seen=seen,
        )


@rule(
    "PR-04",
    severity=WARNING,
    title=gettext_lazy("Kun daglegevakt, men personell på kveld, natt eller helg"),
    variables=(A_VARIANT, "a_staff_time"),
    suggested_fix=gettext_lazy("Endre til ordinær legevakt, eller flytt kryssene til delen som dekker disse tidene."),
)
def daytime_only_with_off_hours_staff(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-04: a_variant is daytime-only but personnel is ticked in the evening, at night or at weekends."""
    if "A" not in parts(values) or values.get(A_VARIANT) != "kun_daglegevakt":
        return
    cells = [
        cell
        for group in GROUPS
        if used(values, "A", group)
        for time, cell in staff_cells(values, "A", group)
        if time in OFF_HOURS and ticked(values, cell)
    ]
    if cells:
        yield Hit(
            (A_VARIANT, *cells),
            WARNING,
            _("Del A er oppgitt som kun daglegevakt, men %(n)s kryss står på kveld, natt eller helg.")
            % {"n": len(cells)},
            seen={A_VARIANT: "kun_daglegevakt", **dict.fromkeys(cells, "1")},
            suggestion={A_VARIANT: "ordinaer"},
        )


@rule(
    "PR-05",
    severity=WARNING,
    title=gettext_lazy("Ingen lege på kveld, natt eller helg i noen del"),
    variables=(PARTS, "a_staff_time", "b_staff_time", "c_staff_time", D_SUPPLIER_TIME),
    suggested_fix=gettext_lazy("Spør hvilken ordning som dekker tidene uten lege."),
)
def every_time_covered(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-05: with two or more parts ticked, some evening/night/weekend has no doctor in any part (a single part
    is left to EQ-01 and EQ-03, which say the same more precisely)."""
    ticked_parts = parts(values)
    if len(ticked_parts) < 2 or not any(_grid_answered(values, p) for p in ticked_parts):
        return
    missing = [t for t in OFF_HOURS if not any_doctor_at(values, t)]
    if missing:
        yield Hit(
            (PARTS,),
            WARNING,
            _("Ingen lege er oppgitt på vakt %(times)s i noen av delene %(parts)s.")
            % {"times": _times(missing), "parts": ", ".join(ticked_parts)},
            seen={PARTS: "|".join(ticked_parts), "uten lege": _times(missing)},
        )


@rule(
    "PR-09",
    severity=ERROR,
    title=gettext_lazy("Del C eller D mangler minstesvar"),
    variables=(C_TYPES, D_SUPPLIER_TIME),
    suggested_fix=gettext_lazy("Fyll ut spørsmålet."),
)
def part_c_and_d_answered(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-09: Part C ticked without a cooperation type; Part D ticked without any supplier/time tick."""
    ticked_parts = parts(values)
    if "C" in ticked_parts and not values.get(C_TYPES):
        yield Hit((C_TYPES,), ERROR, _("Del C er krysset av, men ingen type samarbeid er valgt."))
    if "D" in ticked_parts:
        if not any(ticked(values, cell) for _s, _t, cell in purchase_cells(values)):
            yield Hit(
                (D_SUPPLIER_TIME,), ERROR, _("Del D er krysset av, men verken leverandør eller tid er krysset av.")
            )


@rule(
    "PR-11",
    severity=WARNING,
    title=gettext_lazy("Del E er ikke besvart"),
    variables=PART_E,
    suggested_fix=gettext_lazy("Be om svar; står det fortsatt tomt, regnes det som «uoppgitt»."),
)
def part_e_answered(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-11: a Part E question is blank (kept as 'uoppgitt' if no answer comes); the question on own doctors'
    contribution matters most when B or C is ticked."""
    ticked_parts = parts(values)
    if not ticked_parts:
        return  # an empty form is EQ-01's business
    for var in PART_E:
        if values.get(var) is None:
            cooperation = var == "e_split_own_contribution" and ("B" in ticked_parts or "C" in ticked_parts)
            message = (
                _("Del E: spørsmålet om å skille ut timeverk i det interkommunale samarbeidet er ikke besvart.")
                if cooperation
                else _("Del E: spørsmålet er ikke besvart.")
            )
            yield Hit((var,), WARNING, message)


@rule(
    "LV-01",
    severity=ERROR,
    title=gettext_lazy("Del A: type legevakt er ikke valgt"),
    variables=(A_VARIANT,),
    suggested_fix=gettext_lazy("Velg ordinær legevakt eller kun daglegevakt."),
)
def part_a_variant_chosen(values: Values, ref: Reference) -> Iterator[Hit]:
    """LV-01 (own rule): Part A is ticked but a_variant (exactly one option) is blank; most Part A rules and
    tables depend on it."""
    if "A" in parts(values) and values.get(A_VARIANT) is None:
        yield Hit(
            (A_VARIANT,),
            ERROR,
            _("Del A er krysset av, men det er ikke valgt om det er ordinær legevakt eller kun daglegevakt."),
        )
