"""Benchmark of selective editing: how fast does editing in queue order remove the error from the published tables?

Takes a clean year and the same year with planted errors, runs every rule on the planted year, scores the flags
as the service does (validation/services/selective.py) and replays perfect editing in an order: after the first
k responses are edited they carry their clean values, the others their planted ones; at each step it counts the
published table cells that differ from the clean year's. Orders compared: the queue (global score, then the
responses without flags), random order (mean over --seeds seeds) and an oracle (responses with planted errors
first, largest effect on the tables first). Reported per order: the share of responses edited when no published
cell differs any more, and the area under the wrong-cells curve (sum over k of the wrong cells after k edits).

Usage (from the repository root):
  .venv/bin/python scripts/bench_selective.py [--clean FILE] [--planted FILE] [--seeds 10]
  .venv/bin/python scripts/bench_selective.py --plant 1,2,3   # the sample's kinds planted at other municipalities
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-2021"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")
    import django

    django.setup()


def read_responses(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {r.pop("kommunenummer"): {k: v for k, v in r.items() if v != ""} for r in csv.DictReader(handle)}


class Year:
    """The questionnaire, the 2021 register and the published cells of a year's texts."""

    def __init__(self):
        import pandas as pd

        from kostra.reference.loading import read_register, register_path
        from questionnaire.loader import load_definition
        from questionnaire.rules.registry import make_references

        self.questionnaire = load_definition("legevakt_2021.yaml")
        rows = read_register(register_path(2021))
        self.references = make_references(
            (r["kommunenummer"], int(r["innbyggere"]), int(r["sentralitet_klasse"])) for r in rows
        )
        self.register = pd.DataFrame(
            [(r["kommunenummer"], r["kommunenavn"], int(r["innbyggere"]), int(r["sentralitet_klasse"])) for r in rows],
            columns=["number", "name", "population", "centrality_class"],
        ).set_index("number")

    def cells(self, texts: dict[str, dict[str, str]]) -> dict[tuple, object]:
        import pandas as pd

        from surveys.tables.catalogue import computed_tables
        from surveys.tables.data import build

        frame = pd.DataFrame(list(texts.values()), index=pd.Index(list(texts), dtype=object), dtype=object)
        data = build(self.questionnaire, frame, self.register)
        return {
            (t["table"], r, c): value
            for t in (table.compute(data) for table in computed_tables())
            for r, row in enumerate(t["values"])
            for c, value in enumerate(row)
        }

    def hits(self, texts):
        from questionnaire.rules.registry import YearData, make_values
        from validation.services.evaluation import evaluate

        values = {number: make_values(self.questionnaire, t) for number, t in texts.items()}
        return evaluate(YearData(2021, values, self.references))


def queue_order(year: Year, texts: dict[str, dict[str, str]]) -> tuple[list[str], dict[str, float], float]:
    """The service's queue over `texts`: numbers by global score (then number), then those without flags."""
    from validation.services.flags import variables_key
    from validation.services.priority import global_score
    from validation.services.selective import FlagToScore, score_flags

    started = time.perf_counter()
    hits = year.hits(texts)
    flags = [
        FlagToScore(i, h.kommunenummer, h.rule_id, h.severity, h.variables, h.seen, h.suggestion)
        for i, h in enumerate({(h.kommunenummer, h.rule_id, variables_key(h.variables)): h for h in hits}.values())
    ]
    scored = score_flags(year.questionnaire, texts, year.register, flags)
    seconds = time.perf_counter() - started
    per_response: dict[str, list[float]] = {}
    for flag in flags:
        per_response.setdefault(flag.kommunenummer, []).append(scored[flag.key].score)
    scores = {number: global_score(values) for number, values in per_response.items()}
    queue = sorted(scores, key=lambda n: (-scores[n], n))
    return queue + sorted(set(texts) - set(queue)), scores, seconds


def replay(year: Year, order: list[str], clean, planted, clean_cells) -> list[int]:
    """Wrong published cells after 0 … len(order) responses edited in `order`."""
    current = dict(planted)
    wrong = sum(1 for key, value in year.cells(current).items() if clean_cells[key] != value)
    curve = [wrong]
    for number in order:
        if current[number] != clean[number]:
            current[number] = clean[number]
            wrong = sum(1 for key, value in year.cells(current).items() if clean_cells[key] != value)
        curve.append(wrong)
    return curve


def oracle_order(year: Year, clean, planted, clean_cells) -> list[str]:
    """Planted responses first, the one whose error moves most published cells first; then the rest."""
    effect = {}
    for number in planted:
        if planted[number] != clean[number]:
            alone = dict(clean)
            alone[number] = planted[number]
            effect[number] = sum(1 for key, value in year.cells(alone).items() if clean_cells[key] != value)
    first = sorted(effect, key=lambda n: (-effect[n], n))
    return first + sorted(set(planted) - set(first))


def summary(curve: list[int], n: int) -> tuple[float, int]:
    """(share of responses edited when no cell is wrong any more, area under the curve)."""
    last_wrong = max((k for k, wrong in enumerate(curve) if wrong), default=-1)
    return (last_wrong + 1) / n, sum(curve)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", type=Path, default=SAMPLE / "responses_linked.csv")
    parser.add_argument("--planted", type=Path, default=SAMPLE / "responses_linked_injected.csv")
    parser.add_argument("--seeds", type=int, default=10, help="random orders to average")
    parser.add_argument("--plant", default="", help="plant the sample's kinds anew with these seeds (comma list)")
    args = parser.parse_args()
    setup_django()
    year = Year()
    clean = read_responses(args.clean)
    years = [("sample", read_responses(args.planted))]
    if args.plant:
        sys.path.insert(0, str(ROOT))
        from tests.validation.planting import plant

        years = [(f"planted seed {seed}", plant(clean, int(seed))[0]) for seed in args.plant.split(",")]
    clean_cells = year.cells(clean)
    for name, planted in years:
        n = len(planted)
        queue, scores, seconds = queue_order(year, planted)
        rows = [("queue", summary(replay(year, queue, clean, planted, clean_cells), n))]
        randoms = []
        for seed in range(args.seeds):
            order = sorted(planted)
            random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible order, not a secret
            randoms.append(summary(replay(year, order, clean, planted, clean_cells), n))
        rows.append(
            (
                f"random ({args.seeds} seeds)",
                (sum(s for s, _ in randoms) / len(randoms), sum(a for _, a in randoms) / len(randoms)),
            )
        )
        rows.append(
            (
                "oracle",
                summary(replay(year, oracle_order(year, clean, planted, clean_cells), clean, planted, clean_cells), n),
            )
        )
        random_area = rows[1][1][1]
        print(f"\n{name}: {n} responses, {len(scores)} in the queue, scored in {seconds:.2f} s")
        print(f"{'order':22s} {'edited at 0 wrong':>18s} {'area':>8s} {'area / random':>14s}")
        for label, (share, area) in rows:
            print(f"{label:22s} {100 * share:17.1f}% {area:8.0f} {area / random_area:14.3f}")


if __name__ == "__main__":
    main()
