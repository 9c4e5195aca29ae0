"""Plant the sample's twelve kinds of error into a clean year at random municipalities (seeded), so the rules are
scored on years they were not tuned on, the way fixtures/sample-2021/README.md scores the sample."""

import random
from decimal import Decimal

GROUPS = ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")
KINDS = (
    "thousand_error",
    "negative_amount",
    "used_without_count",
    "staff_time_without_use",
    "arsverk_gt_heads",
    "b_own_share_gt_total",
    "missing_key_variable",
    "fastleger_double_count",
    "participant_count_mismatch",
    "payment_mismatch",
    "link_mismatch",
    "only_daglegevakt_no_cover",
)


def _parts(texts) -> list[str]:
    return texts.get("s24_legevakt_parts", "").split("|") if texts.get("s24_legevakt_parts") else []


def _int(texts, var):
    try:
        return int(texts[var])
    except (KeyError, ValueError):
        return None


class Planter:
    def __init__(self, year: dict[str, dict[str, str]], seed: int):
        self.year, self.rng = {k: dict(v) for k, v in year.items()}, random.Random(seed)
        self.used: set[str] = set()
        self.hosts = {
            k: v["b_participant_kommune_ids"].split("|")
            for k, v in self.year.items()
            if "B" in _parts(v) and v.get("b_participant_kommune_ids")
        }

    def members(self, number: str) -> set[str]:
        """Every municipality in a cooperation with `number` (its hosts and their participants)."""
        found = set()
        for host, participants in self.hosts.items():
            if number == host or number in participants:
                found |= {host, *participants}
        return found - {number}

    def pick(self, condition):
        candidates = sorted(k for k, v in self.year.items() if k not in self.used and condition(k, v))
        if not candidates:
            return None
        number = self.rng.choice(candidates)
        self.used.add(number)
        return number

    def plant(self, kind: str) -> dict | None:
        return getattr(self, kind)()

    def _record(self, number, kind, variables, partners=()):
        return {
            "kommunenummer": number,
            "error_type": kind,
            "variables": "|".join(variables),
            "partners": "|".join(sorted(set(partners) - {number})),
        }

    def thousand_error(self):
        costs = {"A": ["a_net_operating_cost"], "B": ["b_total_net_operating_cost", "b_own_share_net_operating_cost"]}
        costs["C"] = ["c_net_operating_cost"]

        def usable(k, v):
            return any(p in costs and all(_int(v, c) for c in costs[p]) for p in _parts(v))

        number = self.pick(usable)
        texts = self.year[number]
        part = self.rng.choice([p for p in _parts(texts) if p in costs and all(_int(texts, c) for c in costs[p])])
        for var in costs[part]:
            texts[var] = str(_int(texts, var) * 1000)
        return self._record(number, "thousand_error", costs[part], self.members(number) if part != "A" else ())

    def negative_amount(self):
        var = self.rng.choice(["a_net_operating_cost", "c_net_operating_cost"])
        number = self.pick(lambda k, v: var[0].upper() in _parts(v) and (_int(v, var) or 0) > 200)
        self.year[number][var] = str(-self.rng.randint(100, 900))
        return self._record(number, "negative_amount", [var], self.members(number) if var[0] == "c" else ())

    def _used_count(self, texts):
        return [
            (p.lower(), g)
            for p in _parts(texts)
            if p in "ABC"
            for g in GROUPS
            if texts.get(f"{p.lower()}_{g}_used") == "ja" and (_int(texts, f"{p.lower()}_{g}_count") or 0) > 0
        ]

    def used_without_count(self):
        number = self.pick(lambda k, v: self._used_count(v))
        part, group = self.rng.choice(self._used_count(self.year[number]))
        self.year[number][f"{part}_{group}_count"] = "0"
        return self._record(number, "used_without_count", [f"{part}_{group}_used", f"{part}_{group}_count"])

    def staff_time_without_use(self):
        def unused(v):
            pairs = [(p.lower(), g) for p in _parts(v) if p in "ABC" for g in GROUPS]
            return [(p, g) for p, g in pairs if v.get(f"{p}_{g}_used") == "nei"]

        number = self.pick(lambda k, v: unused(v))
        part, group = self.rng.choice(unused(self.year[number]))
        cells = [f"{part}_staff_time_{group}_{t}" for t in self.rng.sample(["dag", "kveld", "natt", "helg"], 2)]
        for cell in cells:
            self.year[number][cell] = "1"
        return self._record(number, "staff_time_without_use", [f"{part}_{group}_used", *cells])

    def arsverk_gt_heads(self):
        def has(v):
            return [p.lower() for p in _parts(v) if p in "AB" and (_int(v, f"{p.lower()}_fast_ansatte_count") or 0) > 0]

        number = self.pick(lambda k, v: has(v))
        part = self.rng.choice(has(self.year[number]))
        count = _int(self.year[number], f"{part}_fast_ansatte_count")
        self.year[number][f"{part}_fast_ansatte_arsverk"] = str(Decimal(count) + Decimal("1.5"))
        return self._record(number, "arsverk_gt_heads", [f"{part}_fast_ansatte_arsverk", f"{part}_fast_ansatte_count"])

    def b_own_share_gt_total(self):
        number = self.pick(lambda k, v: "B" in _parts(v) and (_int(v, "b_total_net_operating_cost") or 0) > 100)
        total = _int(self.year[number], "b_total_net_operating_cost")
        self.year[number]["b_own_share_net_operating_cost"] = str(int(total * self.rng.uniform(1.3, 3)))
        variables = ["b_own_share_net_operating_cost", "b_total_net_operating_cost"]
        return self._record(number, "b_own_share_gt_total", variables, self.members(number))

    def missing_key_variable(self):
        number = self.pick(lambda k, v: self._used_count(v) or _int(v, "c_net_operating_cost"))
        texts = self.year[number]
        options = [f"{p}_{g}_count" for p, g in self._used_count(texts)]
        if "C" in _parts(texts) and _int(texts, "c_net_operating_cost"):
            options.append("c_net_operating_cost")
        var = self.rng.choice(options)
        texts[var] = ""
        return self._record(number, "missing_key_variable", [var], self.members(number) if "cost" in var else ())

    def fastleger_double_count(self):
        def counts(v):
            parts = [p.lower() for p in _parts(v) if p in "ABC"]
            return [
                f"{p}_fastleger_count"
                for p in parts
                if v.get(f"{p}_fastleger_used") == "ja" and _int(v, f"{p}_fastleger_count")
            ]

        number = self.pick(lambda k, v: counts(v) and _int(v, "s22_doctors_with_gp_contract"))
        texts, contracts = self.year[number], _int(self.year[number], "s22_doctors_with_gp_contract")
        found = counts(texts)
        if len(found) > 1:
            texts[found[0]] = str(contracts)
            return self._record(number, "fastleger_double_count", [*found, "s22_doctors_with_gp_contract"])
        texts[found[0]] = str(contracts + self.rng.randint(2, 20))
        return self._record(number, "fastleger_double_count", [found[0], "s22_doctors_with_gp_contract"])

    def participant_count_mismatch(self):
        number = self.pick(lambda k, v: k in self.hosts and _int(v, "b_participant_count") is not None)
        texts = self.year[number]
        texts["b_participant_count"] = str(_int(texts, "b_participant_count") + self.rng.randint(1, 3))
        variables = ["b_participant_count", "b_participant_kommune_ids"]
        return self._record(number, "participant_count_mismatch", variables, self.members(number))

    def _reconciles(self, host):
        texts = self.year[host]
        total, own = _int(texts, "b_total_net_operating_cost"), _int(texts, "b_own_share_net_operating_cost")
        paid = [_int(self.year.get(p, {}), "c_net_operating_cost") for p in self.hosts[host]]
        if total is None or own is None or None in paid or total <= own:
            return False
        return abs(sum(paid) - (total - own)) / (total - own) < 0.05 and not (self.members(host) & self.used)

    def payment_mismatch(self):
        number = self.pick(lambda k, v: k in self.hosts and self._reconciles(k))
        if number is None:
            return None
        texts = self.year[number]
        own, total = _int(texts, "b_own_share_net_operating_cost"), _int(texts, "b_total_net_operating_cost")
        texts["b_total_net_operating_cost"] = str(own + int((total - own) * self.rng.uniform(0.3, 0.6)))
        self.used |= self.members(number)  # a participant's missing amount would hide the mismatch altogether
        return self._record(number, "payment_mismatch", ["b_total_net_operating_cost"], self.members(number))

    def link_mismatch(self):
        def single_host(k, v):
            return v.get("c_host_kommune_ids", "") in self.hosts

        number = self.pick(single_host)
        old = self.year[number]["c_host_kommune_ids"]
        new = self.rng.choice(sorted(set(self.hosts) - {old, number}))
        self.year[number]["c_host_kommune_ids"] = new
        return self._record(number, "link_mismatch", ["c_host_kommune_ids"], self.members(number) | {new})

    def only_daglegevakt_no_cover(self):
        def daytime_and_c(k, v):
            return _parts(v) == ["A", "C"] and v.get("a_variant") == "kun_daglegevakt"

        number = self.pick(daytime_and_c)
        if number is None:
            return None
        texts, partners = self.year[number], self.members(number)
        for var in [v for v in texts if v.startswith("c_")]:
            texts[var] = ""
        texts["s24_legevakt_parts"] = "A"
        texts["s23_legevakt_organisation"] = "egen_kommunal"
        return self._record(number, "only_daglegevakt_no_cover", ["s24_legevakt_parts", "a_variant"], partners)


def plant(year: dict[str, dict[str, str]], seed: int, per_kind: int = 7) -> tuple[dict, list[dict]]:
    """A copy of `year` with `per_kind` errors of every kind, one per municipality, and the list of them."""
    planter = Planter(year, seed)
    planted = []
    for _round in range(per_kind):
        for kind in KINDS:
            record = planter.plant(kind)
            if record:
                planted.append(record)
    return {k: {var: t for var, t in v.items() if t != ""} for k, v in planter.year.items()}, planted
