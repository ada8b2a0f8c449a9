"""Benchmark: what the resource policy costs on the normal workload.

Prints the median cost of the deadline thread around one query (against a no-op and
against calling pyoxigraph directly), of reading every shipped file with the limit
checks (against ``Path.read_bytes``), and of refusing FROM/SERVICE/LOAD in a query's
text. Usage: python bench/limits.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_ms  # noqa: E402

import policygraph  # noqa: E402
from policygraph import limits, resources  # noqa: E402
from policygraph.sparql import refuse_external  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per measurement (median)")
    args = parser.parse_args()
    runs = args.runs

    thread = median_ms(lambda: limits.run_within(60, lambda d: None, TimeoutError), runs)
    graph = policygraph.load()
    saved = graph.saved_query("themes")
    text = saved.bind(saved.example_params())
    store = graph.backend.store  # type: ignore[attr-defined]
    direct = median_ms(lambda: list(store.query(text, use_default_graph_as_union=True)), runs)
    guarded = median_ms(lambda: graph.backend.select(text), runs)
    files = [
        resources.ontology_file(),
        *resources.vocabulary_files(),
        *resources.data_dir().glob("*.ttl"),
    ]
    raw = median_ms(lambda: [p.read_bytes() for p in files], runs)
    checked = median_ms(lambda: [limits.read_input_file(p) for p in files], runs)
    scan = median_ms(lambda: refuse_external(text, where="q"), runs)
    print(f"median of {runs} runs (ms)")
    print(f"deadline thread around a no-op        {thread:.3f}")
    print(f"query 'themes', pyoxigraph directly   {direct:.3f}")
    print(f"query 'themes', with deadline + cap   {guarded:.3f}")
    print(f"read {len(files)} shipped files, plain      {raw:.3f}")
    print(f"read {len(files)} shipped files, checked    {checked:.3f}")
    print(f"FROM/SERVICE/LOAD scan of one query   {scan:.3f}")


if __name__ == "__main__":
    main()
