"""Cross-unit rules on small years worked out by hand: links (LV-05), payments (EQ-10), double counting
(EQ-12) and cost outliers (EQ-09)."""

from questionnaire.rules.registry import YearData, get_rule

HOST, P1, P2 = "1804", "1851", "1875"  # Bodø hosts Lødingen and Hamarøy


def year(values_of, references, **responses) -> YearData:
    return YearData(2021, {k.lstrip("k"): values_of(**v) for k, v in responses.items()}, references)


def host(**extra):
    return {
        "s24_legevakt_parts": "B",
        "b_participant_count": "2",
        "b_participant_kommune_ids": f"{P1}|{P2}",
        "b_total_net_operating_cost": "10000",
        "b_own_share_net_operating_cost": "7000",
        "b_andre_leger_used": "ja",
        "b_andre_leger_count": "8",
        **extra,
    }


def participant(cost, host_ids=HOST, **extra):
    return {
        "s24_legevakt_parts": "C",
        "c_host_kommune_ids": host_ids,
        "c_net_operating_cost": str(cost),
        "c_fastleger_used": "ja",
        "c_fastleger_count": "2",
        **extra,
    }


def run(rule_id, data):
    return get_rule(rule_id).run(data)


def test_lv05_is_quiet_when_host_and_participants_agree(values_of, references):
    data = year(values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(1500))
    assert run("LV-05", data) == []


def test_lv05_flags_both_sides_when_a_participant_names_another_host(values_of, references):
    data = year(
        values_of,
        references,
        k1804=host(),
        k1851=participant(1500, host_ids="5001"),
        k1875=participant(1500),
        k5001=host(b_participant_kommune_ids="5028", b_participant_count="1"),
    )
    hits = {(h.kommunenummer, h.variables): h for h in run("LV-05", data)}
    assert set(hits) == {
        (HOST, ("b_participant_kommune_ids",)),
        (P1, ("c_host_kommune_ids",)),
        ("5001", ("b_participant_kommune_ids",)),
    }
    assert hits[(P1, ("c_host_kommune_ids",))].related == ("1804", "5001")
    assert hits[(HOST, ("b_participant_kommune_ids",))].related == (P1,)


def test_lv05_flags_a_listed_municipality_without_part_c(values_of, references):
    data = year(values_of, references, k1804=host(), k1851={"s24_legevakt_parts": "A", "a_variant": "kun_daglegevakt"})
    hits = {(h.kommunenummer, h.variables) for h in run("LV-05", data)}
    assert hits == {(P1, ("s24_legevakt_parts",)), (HOST, ("b_participant_kommune_ids",))}


def test_lv05_flags_a_participant_naming_a_municipality_that_is_not_a_host(values_of, references):
    data = year(values_of, references, k1851=participant(1500), k1804={"s24_legevakt_parts": "A"})
    assert [(h.kommunenummer, h.variables) for h in run("LV-05", data)] == [(P1, ("c_host_kommune_ids",))]


def test_lv05_is_undecided_without_lists(values_of, references):
    plain = host(b_participant_kommune_ids="")
    data = year(values_of, references, k1804=plain, k1851=participant(1500, host_ids=""))
    assert run("LV-05", data) == []


def test_eq10_is_quiet_within_ten_percent(values_of, references):
    data = year(values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(1650))
    assert run("EQ-10", data) == []  # received 3000, paid 3150: 5 %


def test_eq10_flags_the_host_when_payments_differ(values_of, references):
    data = year(values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(2500))
    [hit] = run("EQ-10", data)
    assert (hit.kommunenummer, hit.related, hit.severity) == (HOST, (P1, P2), "info")
    assert hit.variables == ("b_total_net_operating_cost", "b_own_share_net_operating_cost")
    assert "3000" in hit.message and "4000" in hit.message


def test_eq10_is_undecided_when_a_participant_amount_is_missing(values_of, references):
    data = year(values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(""))
    assert run("EQ-10", data) == []


def test_eq10_is_undecided_when_a_participant_names_two_hosts(values_of, references):
    data = year(
        values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(9000, host_ids="1804|5001")
    )
    assert run("EQ-10", data) == []


def test_eq12_notes_doctors_counted_by_host_and_participants(values_of, references):
    data = year(values_of, references, k1804=host(), k1851=participant(1500), k1875=participant(1500))
    [hit] = run("EQ-12", data)
    assert (hit.kommunenummer, hit.severity, hit.related) == (HOST, "info", (P1, P2))


def test_eq12_is_quiet_when_the_host_has_fewer_other_doctors(values_of, references):
    data = year(values_of, references, k1804=host(b_andre_leger_count="3"), k1851=participant(1), k1875=participant(1))
    assert run("EQ-12", data) == []


def _c_year(values_of, references, amounts: dict[str, int]) -> YearData:
    responses = {f"k{n}": {"s24_legevakt_parts": "C", "c_net_operating_cost": str(a)} for n, a in amounts.items()}
    return year(values_of, references, **responses)


SMALL = ["1851", "1875", "1813", "1816", "1818", "1820", "1822", "1825", "1826", "1827"]  # all under 5000


def test_eq09_flags_a_cost_far_from_the_size_group_median(values_of, references):
    amounts = {n: references[n].population * 800 // 1000 for n in SMALL}  # 800 kr per inhabitant each
    amounts["1851"] = references["1851"].population * 6 * 800 // 1000  # 6 times the median
    [hit] = run("EQ-09", _c_year(values_of, references, amounts))
    assert (hit.kommunenummer, hit.variables, hit.severity) == ("1851", ("c_net_operating_cost",), "warning")
    assert hit.seen == {"c_net_operating_cost": amounts["1851"]}


def test_eq09_leaves_unit_errors_and_negative_amounts_to_other_rules(values_of, references):
    amounts = {n: references[n].population * 800 // 1000 for n in SMALL}
    amounts["1851"] = amounts["1851"] * 1000  # a kroner error: EQ-06
    amounts["1875"] = -500  # PR-10
    assert run("EQ-09", _c_year(values_of, references, amounts)) == []


def test_eq09_is_undecided_with_too_few_amounts(values_of, references):
    amounts = {n: 1000 for n in SMALL[:3]}
    amounts["1851"] = 900_000
    assert run("EQ-09", _c_year(values_of, references, amounts)) == []
