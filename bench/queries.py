"""Benchmark: every saved query on every engine over the shipped data.

Prints one row per saved query with the median wall time (ms) over several
runs on pyoxigraph (embedded), rdflib (embedded) and a live ``oxigraph serve``
on 127.0.0.1 (HTTP, JSON results), plus load times. Parameters come from each
query's example command. Usage: python bench/queries.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_ms  # noqa: E402

import policygraph  # noqa: E402
from tests.servers import running_oxigraph  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    args = parser.parse_args()

    loads = {
        engine: median_ms(lambda e=engine: policygraph.load(engine=e), max(3, args.runs // 2))
        for engine in ("oxigraph", "rdflib")
    }
    graphs = {engine: policygraph.load(engine=engine) for engine in loads}
    with tempfile.TemporaryDirectory() as tmp, running_oxigraph(Path(tmp)) as server:
        start = time.perf_counter()
        report = policygraph.push(server.store_url)
        push_ms = (time.perf_counter() - start) * 1000
        assert report.exit_code == 0, report
        graphs["endpoint"] = policygraph.connect(server.query_url)
        rows = []
        for query in policygraph.saved_queries():
            params = query.example_params()
            timings = [
                median_ms(lambda g=graph, q=query.name, p=params: g.query(q, **p), args.runs)
                for graph in graphs.values()
            ]
            count = len(graphs["oxigraph"].query(query.name, **params))
            ratio = timings[1] / timings[0] if timings[0] else float("nan")
            rows.append([query.name, count, *(f"{t:.1f}" for t in timings), f"{ratio:.1f}x"])
    triples = sum(len(f) for f in graphs["oxigraph"].files)
    print(
        f"policygraph {policygraph.__version__}: {len(graphs['oxigraph'].documents())} "
        f"documents, {triples} triples loaded; median of {args.runs} runs"
    )
    print(
        f"load: oxigraph {loads['oxigraph']:.0f} ms, rdflib {loads['rdflib']:.0f} ms; "
        f"validate + push to oxigraph serve {push_ms:.0f} ms\n"
    )
    print(
        tabulate(
            rows,
            headers=["query", "rows", "oxigraph ms", "rdflib ms", "endpoint ms", "rdflib/oxigraph"],
            disable_numparse=True,
            colalign=("left", "right", "right", "right", "right", "right"),
        )
    )


if __name__ == "__main__":
    main()
