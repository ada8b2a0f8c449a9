"""Benchmark: the network projection and each analysis over the shipped data.

Prints the median wall time (ms) over several runs of loading the graph, building the
networkx projection (SPARQL on pyoxigraph), each analysis on that projection, the
three export formats, rendering the report (figures and page, given the findings), and
the SHACL validation that ``policygraph report`` runs for its data-quality section.
Usage: python bench/analysis.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate
from timing import median_ms

import policygraph
from policygraph import analysis


class NoFindings:
    """An empty validation report, so that the report timing is the report's own."""

    files: tuple[str, ...] = ()
    results: tuple[object, ...] = ()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median)")
    args = parser.parse_args()
    runs = max(1, args.runs)

    graph = policygraph.load()
    network = analysis.projection(graph)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("load (pyoxigraph)", policygraph.load),
        ("projection", lambda: analysis.projection(graph)),
        ("similarity: municipalities", lambda: analysis.similarity(network)),
        ("similarity: documents", lambda: analysis.similarity(network, by="document")),
        ("partner network + centrality", lambda: analysis.partner_network(network)),
        ("communities (Louvain)", lambda: analysis.communities(network)),
        ("coverage: principles", lambda: analysis.coverage(network, kind="principle")),
        ("coverage: SDG", lambda: analysis.coverage(network, kind="sdg")),
        ("coverage: themes", lambda: analysis.coverage(network, kind="theme")),
        ("export: GraphML", lambda: analysis.export_network(network, "graphml")),
        ("export: GEXF", lambda: analysis.export_network(network, "gexf")),
        ("export: node-link JSON", lambda: analysis.export_network(network, "json")),
    ]
    rows = [(name, f"{median_ms(action, runs):.1f}") for name, action in steps]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        findings = NoFindings()

        def render() -> None:
            policygraph.write_report(out, graph=graph, validation=findings)  # type: ignore[arg-type]

        rows.append(("report (figures + page)", f"{median_ms(render, max(1, runs // 2)):.1f}"))
    # What `policygraph report` adds on top: the data-quality findings.
    rows.append(("validate (SHACL)", f"{median_ms(policygraph.validate, max(1, runs // 3)):.1f}"))
    print(
        f"policygraph {policygraph.__version__}: {network.number_of_nodes()} nodes, "
        f"{network.number_of_edges()} edges; median of {runs} runs "
        f"(report: {max(1, runs // 2)}, validate: {max(1, runs // 3)}), "
        f"Python {sys.version.split()[0]}"
    )
    print(tabulate(rows, headers=("step", "ms"), tablefmt="simple", disable_numparse=True))


if __name__ == "__main__":
    main()
