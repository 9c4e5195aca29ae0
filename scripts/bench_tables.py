"""Benchmark of the table aggregation (docs/benchmarks.md, section "Tables").

1. Every table for the sample year (356 responses): decoding, routing and all 55 tables, from the responses CSV.
2. The same for the sample rows replicated `--copies` times (100: 35 600 responses) under synthetic
   municipality numbers with the original municipality's register data; in memory, no database.
3. DuckDB computing three of the same tables (3.1, 4.1, 6.2) in SQL from the replicated responses CSV, against
   the pandas module computing them from the same file; the results must be equal.

Run from the repository root: .venv/bin/python scripts/bench_tables.py [--copies 100] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kostra.settings")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
from benchmachine import describe  # noqa: E402

from kostra.reference.loading import read_register  # noqa: E402
from questionnaire.loader import load_definition  # noqa: E402
from surveys.tables.catalogue import TABLES  # noqa: E402
from surveys.tables.ch3 import TABLE_3_1  # noqa: E402
from surveys.tables.ch4 import TABLE_4_1  # noqa: E402
from surveys.tables.ch6 import TABLE_6_2  # noqa: E402
from surveys.tables.data import build  # noqa: E402

SAMPLE = ROOT / "fixtures" / "sample-2021" / "responses.csv"
REGISTER = ROOT / "fixtures" / "kommuner_2021.csv"
THREE = (TABLE_3_1, TABLE_4_1, TABLE_6_2)

SQL_SETUP = """
CREATE OR REPLACE TEMP TABLE m AS
SELECT
    CASE WHEN k.population < 2000 THEN 0 WHEN k.population < 5000 THEN 1 WHEN k.population < 10000 THEN 2
         WHEN k.population < 20000 THEN 3 WHEN k.population < 50000 THEN 4 ELSE 5 END AS size_group,
    k.population,
    CASE WHEN r.s24_legevakt_parts IS NULL THEN []::VARCHAR[]
         ELSE string_split(r.s24_legevakt_parts, '|') END AS parts,
    r.*
FROM read_csv('{responses}', all_varchar = true, header = true) AS r
JOIN read_csv('{register}', header = true, types = {{'kommunenummer': 'VARCHAR'}}) AS k USING (kommunenummer)
"""

# The routing the three tables need: a part's answers count only when the part is ticked.
SQL_3_1 = """
WITH f AS (
    SELECT list_contains(parts, 'A') AND a_variant = 'ordinaer' AS a_ord,
           list_contains(parts, 'A') AND a_variant = 'kun_daglegevakt' AS a_day,
           list_contains(parts, 'B') AS b, list_contains(parts, 'C') AS c, list_contains(parts, 'D') AS d,
           len(parts) >= 2 AS comb
    FROM m
), k AS (
    SELECT 0 AS r, count_if(a_ord) AS k, count(*) AS n FROM f UNION ALL
    SELECT 1, count_if(a_day), count(*) FROM f UNION ALL
    SELECT 2, count_if(b), count(*) FROM f UNION ALL
    SELECT 3, count_if(c), count(*) FROM f UNION ALL
    SELECT 4, count_if(d), count(*) FROM f UNION ALL
    SELECT 5, count_if(comb), count(*) FROM f
)
SELECT k, (200 * k + n) // (2 * n) FROM k ORDER BY r
"""

SQL_4_1 = """
WITH f AS (
    SELECT size_group,
        {used}
    FROM m
)
SELECT {percents}
FROM f GROUP BY GROUPING SETS ((), (size_group)) ORDER BY size_group NULLS FIRST
"""

SQL_6_2 = """
WITH f AS (
    SELECT CASE WHEN population < 2000 THEN 1 WHEN population < 5000 THEN 2 WHEN population < 20000 THEN 3
                ELSE 4 END AS cost_group,
           CAST(a_net_operating_cost AS BIGINT) * 1000.0 / population AS per_inhabitant
    FROM m
    WHERE len(parts) = 1 AND parts[1] = 'A' AND a_variant = 'ordinaer' AND a_net_operating_cost IS NOT NULL
)
SELECT count(*), CAST(round(avg(per_inhabitant)) AS BIGINT)
FROM f GROUP BY GROUPING SETS ((), (cost_group)) ORDER BY cost_group NULLS FIRST
"""

GROUPS = ("fast_ansatte", "fastleger", "andre_leger", "sykepleiere", "annet_helsepersonell")


def _sql_4_1() -> str:
    used = ",\n        ".join(
        "(" + " OR ".join(f"(list_contains(parts, '{p.upper()}') AND {p}_{g}_used = 'ja')" for p in "abc") + f") AS {g}"
        for g in GROUPS
    )
    percents = ", ".join(f"(200 * count_if({g}) + count(*)) // (2 * count(*))" for g in GROUPS)
    return SQL_4_1.format(used=used, percents=percents)


def register_frame() -> pd.DataFrame:
    frame = pd.DataFrame(read_register(REGISTER))
    frame = frame.rename(columns={"kommunenummer": "number", "kommunenavn": "name", "innbyggere": "population"})
    frame["population"] = frame["population"].astype(int)
    frame["centrality_class"] = frame["sentralitet_klasse"].astype(int)
    return frame.set_index("number")[["name", "population", "centrality_class"]]


def replicate(texts: pd.DataFrame, register: pd.DataFrame, copies: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`copies` copies of every response, numbered <original><copy>, each with its original's register data."""
    numbers = [f"{number}{copy:03d}" for copy in range(copies) for number in texts.index]
    big = pd.concat([texts] * copies)
    big.index = pd.Index(numbers, name="kommunenummer")
    big_register = pd.concat([register.loc[texts.index]] * copies)
    big_register.index = pd.Index(numbers, name="number")
    return big, big_register


def timed(function, repeat: int) -> tuple[float, object]:
    """Median wall time over `repeat` runs, and the last result."""
    times, result = [], None
    for _run in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def all_tables(questionnaire, texts, register):
    data = build(questionnaire, texts, register)
    return [table.compute(data) for table in TABLES.values()]


def pandas_three(questionnaire, csv_path: Path, register):
    texts = pd.read_csv(csv_path, dtype=str, keep_default_na=False).set_index("kommunenummer")
    data = build(questionnaire, texts, register)
    return [table.compute(data)["values"] for table in THREE]


def duckdb_three(csv_path: Path, register_path: Path):
    connection = duckdb.connect()
    connection.execute(SQL_SETUP.format(responses=csv_path, register=register_path))
    results = [connection.execute(sql).fetchall() for sql in (SQL_3_1, _sql_4_1(), SQL_6_2)]
    connection.close()
    return [[list(row) for row in result] for result in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    questionnaire = load_definition("legevakt_2021.yaml")
    register = register_frame()
    texts = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).set_index("kommunenummer")
    print(f"machine: {describe()}")
    print(f"pandas {pd.__version__}, duckdb {duckdb.__version__}")

    small, _result = timed(lambda: all_tables(questionnaire, texts, register), args.repeat)
    print(f"all {len(TABLES)} tables, {len(texts)} responses: {small:.3f} s")

    big_texts, big_register = replicate(texts, register, args.copies)
    build_time, data = timed(lambda: build(questionnaire, big_texts, big_register), max(1, args.repeat // 2))
    compute_time, _tables = timed(lambda: [t.compute(data) for t in TABLES.values()], max(1, args.repeat // 2))
    print(
        f"all tables, {len(big_texts)} responses: {build_time + compute_time:.2f} s "
        f"(decode + routing {build_time:.2f} s, tables {compute_time:.2f} s)"
    )

    with tempfile.TemporaryDirectory() as directory:
        csv_path, register_path = Path(directory) / "responses.csv", Path(directory) / "register.csv"
        big_texts.to_csv(csv_path)
        big_register.rename_axis("kommunenummer").to_csv(register_path)
        pandas_time, ours = timed(lambda: pandas_three(questionnaire, csv_path, big_register), args.repeat)
        duck_time, theirs = timed(lambda: duckdb_three(csv_path, register_path), args.repeat)
    if ours != theirs:
        raise SystemExit(f"DuckDB and pandas disagree:\n{ours}\n{theirs}")
    print(
        f"tables 3.1, 4.1, 6.2 from the {len(big_texts)}-row CSV: pandas module {pandas_time:.2f} s, "
        f"DuckDB SQL {duck_time:.2f} s (pandas/DuckDB = {pandas_time / duck_time:.1f}); results equal"
    )


if __name__ == "__main__":
    main()
