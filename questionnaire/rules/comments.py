"""Rules that read the respondents' free-text comments for known problems (EQ-08, EQ-14, EQ-19, EQ-20).

Keyword lists are regular expressions on lower-cased text, matched at word starts so that 'test' does not
match 'protest'. They are deliberately short: a comment rule that fires on ordinary remarks is ignored.
"""

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.ids import (
    A_COST,
    A_VARIANT,
    ARSVERK_COMMENTS,
    B_CONTRIBUTION_TEXT,
    COST_COMMENTS,
    COSTS,
    parts,
)
from questionnaire.rules.registry import INFO, WARNING, Hit, Reference, Values, rule

CORONA = r"\b(korona|corona|covid|sars-cov|luftvei|feberpoliklinikk|feberklinikk|test(stasjon|senter|ing)|vaksin)"
CALL_CENTRE = r"(legevaktsentral|\bamk\b)"
AMOUNT_PROBLEMS = re.compile(
    "|".join(
        (
            CORONA,
            CALL_CENTRE,
            r"\bkad\b|\bkommunal[e]? akutt",
            r"legekontor",
            r"(kan|lar seg) ikke (skilles|skille|splittes)|ikke (skilt|utskilt|skilles) ut",
            r"\b(anslag|anslått|estimat|skjønn)",
        )
    )
)
EXCLUDED_SERVICES = re.compile(f"{CORONA}|{CALL_CENTRE}")
NOT_PART_D = re.compile(
    r"\b(vikar|innleie|innleid|lei[de]r? inn|leie av lokal|husleie|lokaler? (fra|i|hos) (sykehus|helseforetak)"
    r"|sykepleiere? fra (sykehus|helseforetak)|helseforetak)"
)
STANDBY_ONLY = re.compile(
    r"(beredskapstillegg|vakttillegg|vaktgodtgjør|\b(bare|kun)\b.{0,30}(tillegg|godtgjør|kompensasjon|lønn))"
)


def _matches(pattern: re.Pattern, text: str | None) -> list[str]:
    return sorted({m.group(0) for m in pattern.finditer(text.lower())}) if text else []


@rule(
    "EQ-08",
    severity=WARNING,
    title=gettext_lazy("Beløpet er trolig feil ifølge kommunens egen merknad"),
    variables=tuple(COST_COMMENTS.values()),
    suggested_fix=gettext_lazy(
        "Be om et rettet beløp uten koronatjenester og legevaktsentral; går det ikke, behold beløpet, men hold det "
        "utenfor kostnadsanalysene."
    ),
)
def amount_doubted_by_comment(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-08: a cost comment says the amount includes corona services, the legevaktsentral, KAD or the GP
    office, cannot be separated, or is an estimate (sets the analysis flag cost_suspect)."""
    ticked_parts = parts(values)
    for part, comment_var in COST_COMMENTS.items():
        if part not in ticked_parts:
            continue
        amounts = [var for var in COSTS[part] if values.get(var) is not None]
        words = _matches(AMOUNT_PROBLEMS, values.get(comment_var))
        if amounts and words:
            yield Hit(
                (*amounts, comment_var),
                WARNING,
                _("Del %(part)s: merknaden («%(comment)s») tyder på at beløpet ikke er sammenlignbart (%(words)s).")
                % {"part": part, "comment": values.get(comment_var), "words": ", ".join(words)},
                seen={**{var: values.get(var) for var in amounts}, comment_var: values.get(comment_var)},
            )


def _other_comments(values: Values) -> Iterator[str]:
    """Comment fields of the ticked parts, leaving out cost comments on a given amount (EQ-08 reads those)."""
    ticked_parts = parts(values)
    for part, comment_vars in ARSVERK_COMMENTS.items():
        if part in ticked_parts:
            yield from comment_vars
    for part, comment_var in COST_COMMENTS.items():
        if part in ticked_parts and all(values.get(var) is None for var in COSTS[part]):
            yield comment_var
    if "B" in ticked_parts:
        yield B_CONTRIBUTION_TEXT


@rule(
    "EQ-14",
    severity=WARNING,
    title=gettext_lazy("Koronalegevakt, luftveisklinikk eller legevaktsentral kan være tatt med"),
    variables=(*(v for vs in ARSVERK_COMMENTS.values() for v in vs), *COST_COMMENTS.values()),
    suggested_fix=gettext_lazy("Be om tall uten disse tjenestene; ellers merk kommunen i analysene."),
)
def excluded_services_mentioned(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-14: a comment mentions corona/covid, respiratory or fever clinics, test or vaccination centres, or the
    legevaktsentral, which the survey excludes from counts and costs."""
    for var in _other_comments(values):
        words = _matches(EXCLUDED_SERVICES, values.get(var))
        if words:
            yield Hit(
                (var,),
                WARNING,
                _("Merknaden («%(comment)s») nevner %(words)s, som skal holdes utenfor tallene.")
                % {"comment": values.get(var), "words": ", ".join(words)},
                seen={var: values.get(var)},
            )


@rule(
    "EQ-19",
    severity=WARNING,
    title=gettext_lazy("Del D brukt for innleie av personell eller lokaler"),
    variables=("s24_legevakt_parts", "d_comment"),
    suggested_fix=gettext_lazy("Før innholdet under del A/B (egen drift) og fjern krysset for D."),
)
def part_d_is_hire(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-19: Part D ticked and its comment speaks of locum agencies, rented premises or nurses from a health
    trust, which is hire for a service the municipality runs itself, not a purchase under Part D."""
    comment = values.get(COST_COMMENTS["D"])
    words = _matches(NOT_PART_D, comment) if "D" in parts(values) else []
    if words:
        yield Hit(
            (COST_COMMENTS["D"], "s24_legevakt_parts"),
            WARNING,
            _("Del D: merknaden («%(comment)s») tyder på innleie (%(words)s), ikke kjøp av en tjeneste.")
            % {"comment": comment, "words": ", ".join(words)},
            seen={COST_COMMENTS["D"]: comment},
        )


@rule(
    "EQ-20",
    severity=INFO,
    title=gettext_lazy("Utgiftene til daglegevakt dekker bare fastlegenes beredskapstillegg"),
    variables=(A_COST, COST_COMMENTS["A"], A_VARIANT),
    suggested_fix=gettext_lazy("Godta; hold beløpet utenfor kostnadssammenligninger (analyseflagg cost_partial)."),
)
def daytime_cost_partial(values: Values, ref: Reference) -> Iterator[Hit]:
    """EQ-20: daytime-only Part A whose cost comment says the amount covers only the GPs' standby allowance or
    other pay."""
    if "A" not in parts(values) or values.get(A_VARIANT) != "kun_daglegevakt":
        return
    comment = values.get(COST_COMMENTS["A"])
    if _matches(STANDBY_ONLY, comment):
        yield Hit(
            (A_COST, COST_COMMENTS["A"]),
            INFO,
            _("Daglegevakt: merknaden («%(comment)s») tyder på at beløpet bare dekker tillegg til fastlegene.")
            % {"comment": comment},
            seen={COST_COMMENTS["A"]: comment, A_COST: values.get(A_COST)},
        )
