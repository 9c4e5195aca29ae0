"""The calibrated demo year: valid answers, routing respected, raw -> edited through the recorded corrections."""

import csv
from decimal import Decimal
from pathlib import Path

from questionnaire.values import decode_all, problem
from tests.calibrate.conftest import DEMO, read

REGISTER = Path(__file__).resolve().parents[2] / "fixtures" / "kommuner_2021.csv"
GROUPS = ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")


def test_every_municipality_once_with_every_variable(questionnaire, edited, raw):
    with REGISTER.open(encoding="utf-8") as handle:
        numbers = {row["kommunenummer"] for row in csv.DictReader(handle)}
    for name in ("responses_edited.csv", "responses_raw.csv"):
        with (DEMO / name).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == ["kommunenummer", *questionnaire.variables]
    assert set(edited) == numbers == set(raw)
    assert len(questionnaire.variables) == 449


def test_values_valid_in_themselves(questionnaire, edited, raw):
    numbers = frozenset(edited)
    for year in (edited, raw):
        for number, row in year.items():
            for var_id, text in row.items():
                assert problem(questionnaire.variables[var_id], text, numbers) is None, (number, var_id, text)


def test_routing_and_hard_rules(questionnaire, edited, raw):
    for year in (edited, raw):
        for number, row in year.items():
            texts = {k: v for k, v in row.items() if v != ""}
            shown = questionnaire.shown(decode_all(questionnaire.variables, texts))
            assert set(texts) <= shown, (number, sorted(set(texts) - shown)[:5])
            parts = texts["s24_legevakt_parts"].split("|")
            assert parts, number
            if "A" in parts:
                assert texts["a_variant"] in ("ordinaer", "kun_daglegevakt")
            for p in "abc":
                if p.upper() not in parts:
                    continue
                for g in GROUPS:
                    assert texts[f"{p}_{g}_used"] in ("ja", "nei")
                    count = texts.get(f"{p}_{g}_count")
                    if count is not None:
                        assert int(count) > 0
                arsverk = texts.get(f"{p}_fast_ansatte_arsverk")
                if arsverk is not None:
                    assert Decimal(0) < Decimal(arsverk) <= int(texts[f"{p}_fast_ansatte_count"])
            if "B" in parts and texts.get("b_own_share_net_operating_cost") and texts.get("b_total_net_operating_cost"):
                if year is edited:
                    assert int(texts["b_own_share_net_operating_cost"]) <= int(texts["b_total_net_operating_cost"])


def test_counts_missing_only_where_confirmed(edited):
    confirmed = {(r["kommunenummer"], r["variable"]) for r in read("confirmations.csv")}
    for number, row in edited.items():
        for p in "abc":
            for g in GROUPS:
                if row.get(f"{p}_{g}_used") == "ja" and row[f"{p}_{g}_count"] == "":
                    assert (number, f"{p}_{g}_count") in confirmed
            if p != "c" and row.get(f"{p}_fast_ansatte_count") and row.get(f"{p}_fast_ansatte_arsverk") == "":
                assert (number, f"{p}_fast_ansatte_arsverk") in confirmed


def test_corrections_turn_raw_into_edited(raw, edited):
    corrected = {number: dict(row) for number, row in raw.items()}
    seen = set()
    for c in read("corrections.csv"):
        key = (c["kommunenummer"], c["variable"])
        assert key not in seen
        seen.add(key)
        assert corrected[c["kommunenummer"]][c["variable"]] == c["raw_value"]
        assert c["raw_value"] != c["edited_value"]
        assert c["reason"] and c["date"].startswith("2022-") and c["channel"] in ("portal", "e-post", "telefon")
        corrected[c["kommunenummer"]][c["variable"]] = c["edited_value"]
    assert corrected == edited


def test_contact_metrics():
    contacts = read("contacts.csv")
    replied = [c for c in contacts if c["replied"] == "ja"]
    assert len(contacts) == len({c["kommunenummer"] for c in contacts}) == 85
    assert len(replied) == 79
    assert f"{100 * len(replied) / len(contacts):.1f}" == "92.9"
    channels = [c["channel"] for c in replied]
    assert 0.4 <= channels.count("portal") / len(replied) <= 0.6
    assert channels.count("telefon") > 0 and channels.count("e-post") > 0
    corrected = {c["kommunenummer"] for c in read("corrections.csv")}
    assert corrected <= {c["kommunenummer"] for c in replied if c["outcome"] == "korrigert"}
    planted = len(corrected)
    assert 70 <= planted <= 90


def test_editor_codes(edited):
    amounts = {
        "a_net_operating_cost",
        "b_total_net_operating_cost",
        "b_own_share_net_operating_cost",
        "c_net_operating_cost",
        "d_net_operating_cost",
    }
    for code in read("codes.csv"):
        value = edited[code["kommunenummer"]][code["variable"]]
        assert value != ""
        if code["code"] == "unusable":
            assert code["variable"] in amounts
        else:
            assert code["variable"].endswith("_arsverk_comment") and code["code"] in ("can", "cannot", "unclear")


def test_link_fields_agree_both_ways(edited):
    with REGISTER.open(encoding="utf-8") as handle:
        county = {row["kommunenummer"]: row["fylkesnummer"] for row in csv.DictReader(handle)}
    hosts = {
        n: row["b_participant_kommune_ids"].split("|") for n, row in edited.items() if row["b_participant_kommune_ids"]
    }
    named = {n: row["c_host_kommune_ids"].split("|") for n, row in edited.items() if row["c_host_kommune_ids"]}
    assert hosts and named
    for host, members in hosts.items():
        assert "B" in edited[host]["s24_legevakt_parts"].split("|")
        assert int(edited[host]["b_participant_count"]) == len(members) == len(set(members)) >= 1
        assert host not in members
        for member in members:
            assert named[member] == [host] and county[member] == county[host]
    for member, its_hosts in named.items():
        assert "vertskommunesamarbeid" in edited[member]["c_cooperation_types"].split("|")
        assert all(member in hosts[h] for h in its_hosts)
    in_host_cooperation = {
        n for n, row in edited.items() if "vertskommunesamarbeid" in row["c_cooperation_types"].split("|")
    }
    assert set(named) == in_host_cooperation
    # Every Part B host lists its participants.
    assert set(hosts) == {n for n, row in edited.items() if "B" in row["s24_legevakt_parts"].split("|")}
