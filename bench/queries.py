"""Benchmark: every saved query on every engine over the shipped data.

Prints one row per saved query with the median wall time (ms) over several
runs on pyoxigraph (embedded), rdflib (embedded), a live ``oxigraph serve`` and
a live Virtuoso (both on 127.0.0.1, HTTP, JSON results; Virtuoso's column is
"-" where it is not installed), plus load and push times. Parameters come
from each query's example command. Usage: python bench/queries.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_ms  # noqa: E402

import policygraph  # noqa: E402
from tests.servers import (  # noqa: E402
    ServerUnavailable,
    running_oxigraph,
    running_virtuoso,
    virtuoso_binaries,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    args = parser.parse_args()

    loads = {
        engine: median_ms(lambda e=engine: policygraph.load(engine=e), max(3, args.runs // 2))
        for engine in ("oxigraph", "rdflib")
    }
    graphs: dict[str, policygraph.PolicyGraph | None] = {
        engine: policygraph.load(engine=engine) for engine in loads
    }
    pushes = {}
    with contextlib.ExitStack() as stack:
        servers = {"oxigraph serve": running_oxigraph}
        try:
            virtuoso_binaries()
            servers["virtuoso"] = running_virtuoso
        except ServerUnavailable as exc:
            print(f"virtuoso: skipped ({exc})")
            graphs["virtuoso"] = None
        for label, run in servers.items():
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            server = stack.enter_context(run(tmp))
            start = time.perf_counter()
            report = policygraph.push(server.store_url)
            pushes[label] = (time.perf_counter() - start) * 1000
            assert report.exit_code == 0, report
            graphs[label] = policygraph.connect(server.query_url, timeout=300)
        rows = []
        for query in policygraph.saved_queries():
            params = query.example_params()
            timings = [
                median_ms(lambda g=graph, q=query.name, p=params: g.query(q, **p), args.runs)
                if graph is not None
                else None
                for graph in graphs.values()
            ]
            embedded = graphs["oxigraph"]
            assert embedded is not None
            count = len(embedded.query(query.name, **params))
            first, second = timings[0], timings[1]
            ratio = second / first if first and second is not None else float("nan")
            shown = ["-" if t is None else f"{t:.1f}" for t in timings]
            rows.append([query.name, count, *shown, f"{ratio:.1f}x"])
    embedded = graphs["oxigraph"]
    assert embedded is not None
    triples = sum(len(f) for f in embedded.files)
    print(
        f"policygraph {policygraph.__version__}: {len(embedded.documents())} "
        f"documents, {triples} triples loaded; median of {args.runs} runs"
    )
    print(
        f"load: oxigraph {loads['oxigraph']:.0f} ms, rdflib {loads['rdflib']:.0f} ms; "
        "validate + push: "
        + ", ".join(f"{label} {ms:.0f} ms" for label, ms in pushes.items())
        + "\n"
    )
    print(
        tabulate(
            rows,
            headers=[
                "query",
                "rows",
                "embedded oxigraph ms",
                "embedded rdflib ms",
                "oxigraph serve ms",
                "virtuoso ms",
                "rdflib/oxigraph",
            ],
            disable_numparse=True,
            colalign=("left", "right", "right", "right", "right", "right", "right"),
        )
    )


if __name__ == "__main__":
    main()
