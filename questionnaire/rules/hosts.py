"""Rules on host cooperations: participants and contributions (PR-08, LV-04), and the checks across
municipalities that the link fields c_host_kommune_ids / b_participant_kommune_ids make possible (LV-05,
EQ-10, EQ-12). A blank link list is undecided: the 2021 form had no such fields."""

from collections import defaultdict
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.ids import (
    B_CONTRIBUTION,
    B_CONTRIBUTION_COUNTS,
    B_CONTRIBUTION_TEXT,
    B_OWN,
    B_PARTICIPANT_COUNT,
    B_PARTICIPANT_IDS,
    B_TOTAL,
    C_COST,
    C_HOST_IDS,
    COUNT,
    PARTS,
    USED,
    parts,
    used,
)
from questionnaire.rules.registry import ERROR, INFO, WARNING, Hit, Reference, Values, YearData, rule

LINK_READS = (PARTS, B_PARTICIPANT_IDS, C_HOST_IDS)
MAX_PARTICIPANTS = 11  # the register has cooperations of 2-12 municipalities
PAYMENT_TOLERANCE = 0.10  # EQ-10: participants' payments may differ this much from what the host received


@rule(
    "PR-08",
    severity=ERROR,
    title=gettext_lazy("Antall deltakerkommuner og bidrag (B.9, B-9.1) henger ikke sammen"),
    variables=(B_PARTICIPANT_COUNT, B_CONTRIBUTION, B_CONTRIBUTION_TEXT, B_CONTRIBUTION_COUNTS),
    suggested_fix=gettext_lazy("Rett antall deltakerkommuner eller svarene om hvordan de bidrar."),
)
def participants_and_contributions(values: Values, ref: Reference) -> Iterator[Hit]:
    """PR-08: fewer than 1 participant (error); more than 11 (warning); participants but no way of contributing
    ticked (warning); 'annet' without text (warning); a contribution count above the number of participants
    (error)."""
    if "B" not in parts(values):
        return
    count = values.get(B_PARTICIPANT_COUNT)
    if count is None:
        return
    labels = {"count": count, "max": MAX_PARTICIPANTS}
    if count < 1:
        yield Hit(
            (B_PARTICIPANT_COUNT,),
            ERROR,
            _("Vertskommunen oppgir %(count)s deltakerkommuner; et samarbeid har minst én.") % labels,
            seen={B_PARTICIPANT_COUNT: count},
        )
        return
    if count > MAX_PARTICIPANTS:
        yield Hit(
            (B_PARTICIPANT_COUNT,),
            WARNING,
            _("%(count)s deltakerkommuner er flere enn i noe samarbeid i registeret (høyst %(max)s).") % labels,
            seen={B_PARTICIPANT_COUNT: count},
        )
    contribution = values.get(B_CONTRIBUTION) or ()
    if not contribution:
        yield Hit((B_CONTRIBUTION,), WARNING, _("Det er ikke krysset av for hvordan deltakerkommunene bidrar."))
    elif "annet" in contribution and not values.get(B_CONTRIBUTION_TEXT):
        yield Hit((B_CONTRIBUTION_TEXT,), WARNING, _("«På annen måte» er krysset av, men ikke spesifisert."))
    for way in ("vakter", "finansiering", "annet"):
        cell = values.cell(B_CONTRIBUTION_COUNTS, way)
        if (values.get(cell) or 0) > count:
            yield Hit(
                (cell, B_PARTICIPANT_COUNT),
                ERROR,
                _("%(n)s deltakerkommuner bidrar med %(way)s, men samarbeidet har bare %(count)s.")
                % {**labels, "n": values.get(cell), "way": way},
                seen={cell: values.get(cell), B_PARTICIPANT_COUNT: count},
                suggestion={cell: str(count)},
            )


@rule(
    "LV-04",
    severity=WARNING,
    title=gettext_lazy("Antall deltakerkommuner stemmer ikke med listen over deltakere"),
    variables=(B_PARTICIPANT_COUNT, B_PARTICIPANT_IDS),
    suggested_fix=gettext_lazy("Rett antallet (B.9) eller listen over deltakerkommuner."),
)
def participant_count_matches_list(values: Values, ref: Reference) -> Iterator[Hit]:
    """LV-04 (own rule): b_participant_count differs from the number of municipalities in
    b_participant_kommune_ids."""
    listed, count = values.get(B_PARTICIPANT_IDS), values.get(B_PARTICIPANT_COUNT)
    if "B" not in parts(values) or not listed or count is None or count == len(listed):
        return
    yield Hit(
        (B_PARTICIPANT_COUNT, B_PARTICIPANT_IDS),
        WARNING,
        _("Antall deltakerkommuner er %(count)s, men listen har %(n)s (%(list)s).")
        % {"count": count, "n": len(listed), "list": ", ".join(listed)},
        seen={B_PARTICIPANT_COUNT: count, B_PARTICIPANT_IDS: "|".join(listed)},
        suggestion={B_PARTICIPANT_COUNT: str(len(listed))},
    )


def hosts_and_participants(year: YearData) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(host -> its participant list, participant -> the hosts it names), for the ticked parts with lists."""
    hosts, claims = {}, {}
    for number, values in year.values.items():
        ticked_parts = parts(values)
        if "B" in ticked_parts and values.get(B_PARTICIPANT_IDS):
            hosts[number] = values.get(B_PARTICIPANT_IDS)
        if "C" in ticked_parts and values.get(C_HOST_IDS):
            claims[number] = values.get(C_HOST_IDS)
    return hosts, claims


def participants_of(year: YearData, host: str, hosts, claims) -> tuple[str, ...] | None:
    """The participants on the host's list, or None (undecided) if the list is blank, a listed municipality has
    no response, or one names several hosts (its payment cannot be split between them). The host's list
    decides; a participant naming another single host is LV-05's business, not a reason to give up here."""
    members = tuple(p for p in hosts.get(host, ()) if p != host)
    if not members or any(p not in year.values or len(claims.get(p, ())) > 1 for p in members):
        return None
    return members


def _c_answer(values: Values, var: str):
    """A Part C value, or None when Part C is not ticked (the routing hides it)."""
    return values.get(var) if "C" in parts(values) else None


@rule(
    "LV-05",
    severity=WARNING,
    title=gettext_lazy("Vertskommune og deltakerkommune oppgir ikke hverandre"),
    variables=(B_PARTICIPANT_IDS, C_HOST_IDS, PARTS),
    cross_unit=True,
    reads=LINK_READS,
    suggested_fix=gettext_lazy(
        "Kontakt begge kommunene og rett listen over deltakere (vert) eller vertskommuner (deltaker), eventuelt "
        "krysset for del B eller C."
    ),
)
def links_agree(year: YearData) -> Iterator[Hit]:
    """LV-05 (own rule): a host lists a participant that does not name it as host (or has not ticked Part C),
    or a participant names a host that does not list it (or has not ticked Part B). Both sides are flagged."""
    hosts, claims = hosts_and_participants(year)
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (kommune, variable) -> other -> why

    for host, members in hosts.items():
        for member in members:
            if member not in year.values:
                continue
            if "C" not in parts(year.values[member]):
                found[(member, PARTS)][host] = _("%(host)s oppgir kommunen som deltaker, men del C er ikke krysset av")
                found[(host, B_PARTICIPANT_IDS)][member] = _("%(member)s har ikke krysset av for del C")
            elif member in claims and host not in claims[member]:
                found[(host, B_PARTICIPANT_IDS)][member] = _("%(member)s oppgir ikke kommunen som vert")
                found[(member, C_HOST_IDS)][host] = _("%(host)s oppgir kommunen som deltaker")
    for member, named in claims.items():
        for host in named:
            if host not in year.values:
                continue
            if "B" not in parts(year.values[host]):
                found[(member, C_HOST_IDS)][host] = _("%(host)s har ikke krysset av for del B (vertskommune)")
            elif host in hosts and member not in hosts[host]:
                found[(member, C_HOST_IDS)][host] = _("%(host)s har ikke kommunen på sin deltakerliste")
                found[(host, B_PARTICIPANT_IDS)][member] = _("%(member)s oppgir kommunen som vert")

    for (number, var), reasons in sorted(found.items()):
        values = year.values[number]
        own = values.get(var)
        details = "; ".join(why % {"host": other, "member": other} for other, why in sorted(reasons.items()))
        yield Hit(
            (var,),
            WARNING,
            _("Koblingen til %(others)s stemmer ikke: %(details)s.")
            % {"others": ", ".join(sorted(reasons)), "details": details},
            seen={var: "|".join(own) if own else ""},
            kommunenummer=number,
            related=tuple(sorted(reasons)),
        )


@rule(
    "EQ-10",
    severity=INFO,
    title=gettext_lazy("Vertskommune og deltakere: betalingene stemmer ikke"),
    variables=(B_TOTAL, B_OWN, C_COST),
    cross_unit=True,
    reads=(*LINK_READS, B_TOTAL, B_OWN, C_COST),
    suggested_fix=gettext_lazy(
        "Kontakt vert og deltakere: rapporterer deltakerne betalingen til verten eller egne utgifter, og hvordan "
        "er leger som lånes ut til verten verdsatt?"
    ),
)
def payments_reconcile(year: YearData) -> Iterator[Hit]:
    """EQ-10: what a host received (B-8.1 minus B-8.2) and what the participants on its list say they paid
    (their c_net_operating_cost; 0 for one that has not ticked Part C) differ by more than 10 %. With some
    amounts missing, the given ones are a lower bound: flagged only if they alone exceed what was received by
    more than 10 %. Undecided if a participant also names another host."""
    hosts, claims = hosts_and_participants(year)
    for host in sorted(hosts):
        members = participants_of(year, host, hosts, claims)
        values = year.values[host]
        total, own = values.get(B_TOTAL), values.get(B_OWN)
        if members is None or total is None or own is None or total - own <= 0:
            continue
        payments = {m: _payment(year.values[m]) for m in members}
        received = total - own
        known = [v for v in payments.values() if v is not None]
        paid = sum(known)
        if len(known) < len(payments):
            if not known or min(known) < 0 or paid <= received * (1 + PAYMENT_TOLERANCE):
                continue
        elif abs(paid - received) / received <= PAYMENT_TOLERANCE:
            continue
        yield Hit(
            (B_TOTAL, B_OWN),
            INFO,
            _(
                "Vertskommunen har mottatt %(received)s (B-8.1 %(total)s minus B-8.2 %(own)s), men deltakerne "
                "%(members)s oppgir til sammen %(paid)s (1000 kr) der beløpet er gitt."
            )
            % {"received": received, "total": total, "own": own, "members": ", ".join(members), "paid": paid},
            seen={B_TOTAL: total, B_OWN: own, **{f"{m}:{C_COST}": v for m, v in payments.items()}},
            kommunenummer=host,
            related=members,
        )


@rule(
    "EQ-12",
    severity=INFO,
    title=gettext_lazy("Leger kan være telt både hos vertskommunen og hos deltakerne"),
    variables=(COUNT["B"]["andre_leger"], COUNT["C"]["fastleger"], COUNT["C"]["andre_leger"]),
    cross_unit=True,
    reads=(
        *LINK_READS,
        *(COUNT["B"]["andre_leger"], USED["B"]["andre_leger"]),
        *(COUNT["C"][g] for g in ("fastleger", "andre_leger")),
        *(USED["C"][g] for g in ("fastleger", "andre_leger")),
    ),
    suggested_fix=gettext_lazy("Publiser antall per del; nasjonale summer bare etter fjerning av dobbelttelling."),
)
def doctors_counted_by_host_and_participants(year: YearData) -> Iterator[Hit]:
    """EQ-12: the participants report doctors they lend to the host, and the host's 'andre leger' (which
    include the participants' GPs) are at least as many: the same persons are probably counted twice across
    municipalities (an aggregation note)."""
    hosts, claims = hosts_and_participants(year)
    for host in sorted(hosts):
        members = participants_of(year, host, hosts, claims)
        host_values = year.values[host]
        host_count = host_values.get(COUNT["B"]["andre_leger"])
        if members is None or host_count is None or not used(host_values, "B", "andre_leger"):
            continue
        lent = {m: _doctors_lent(year.values[m]) for m in members}
        total_lent = sum(lent.values())
        if 0 < total_lent <= host_count:
            yield Hit(
                (COUNT["B"]["andre_leger"],),
                INFO,
                _(
                    "Deltakerne %(members)s oppgir %(lent)s leger i legevakten; de inngår trolig i vertskommunens "
                    "%(count)s «andre leger». Ikke summer på tvers av kommunene."
                )
                % {"members": ", ".join(members), "lent": total_lent, "count": host_count},
                seen={COUNT["B"]["andre_leger"]: host_count, **{f"{m}:leger": n for m, n in lent.items()}},
                kommunenummer=host,
                related=members,
            )


def _payment(values: Values) -> int | None:
    """What a listed participant says it paid: its Part C amount; nothing if it has not ticked Part C at all."""
    return values.get(C_COST) if "C" in parts(values) else 0


def _doctors_lent(values: Values) -> int:
    return sum(values.get(COUNT["C"][group]) or 0 for group in ("fastleger", "andre_leger") if used(values, "C", group))
