"""Push faults against a real ``oxigraph serve``: after each, the store holds exactly
the graphs the exit code and the summary claim, and a retry restores everything.

What the Graph Store Protocol guarantees: each ``PUT ?graph=G`` replaces graph G as one
operation (oxigraph applies it in one transaction), so a reader sees G either before or
after, never half. It does not order two clients' PUTs: when two pushes of the same
documents run at once, every graph ends as one whole copy from one of them. Since
both push the same content, the store ends correct either way; with different
content, the last PUT of each graph wins, per graph.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import policygraph

from ..servers import Server, running_oxigraph


def _counts(server: Server) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    url = server.query_url + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as response:
        lines = response.read().decode().splitlines()[1:]
    return {line.split(",")[0]: int(line.split(",")[1]) for line in lines if line}


def _expected() -> dict[str, int]:
    graph = policygraph.load()
    return {f.graph.value: len(f) for f in graph.files}


def test_concurrent_pushes_leave_every_graph_whole(tmp_path: Path) -> None:
    """Three ``policygraph push`` processes at once (as from three CI jobs)."""
    with running_oxigraph(tmp_path / "store") as server:
        command = [
            sys.executable, "-m", "policygraph", "push",
            "--store", server.store_url, "--endpoint", server.query_url,
        ]  # fmt: skip
        processes = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(3)
        ]
        outputs = [p.communicate(timeout=300) for p in processes]
        for process, (out, err) in zip(processes, outputs, strict=True):
            assert b"Traceback" not in err, err
            # 0, or 5 when another push replaced a graph between this one's PUT and count
            assert process.returncode in (0, 5), err
            assert b"graph(s) written" in out, out
        assert _counts(server) == _expected()


def test_push_claims_exactly_what_was_written_and_a_retry_restores(tmp_path: Path) -> None:
    with running_oxigraph(tmp_path / "store") as server:
        report = policygraph.push(server.store_url, endpoint=server.query_url)
        assert report.exit_code == 0
        written = {o.graph for o in report.outcomes if o.status == "written"}
        assert set(_counts(server)) == written
        # A store that lost a graph: a retry restores it.
        request = urllib.request.Request(
            server.store_url + "?" + urllib.parse.urlencode({"graph": sorted(written)[-1]}),
            method="DELETE",
        )
        with urllib.request.urlopen(request, timeout=30):
            pass
        assert _counts(server) != _expected()
        retry = policygraph.push(server.store_url, endpoint=server.query_url)
        assert retry.exit_code == 0
        assert _counts(server) == _expected()


def test_store_killed_mid_push_then_retry(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with running_oxigraph(location) as server:
        store = server.store_url
    # the server is gone: nothing is written, exit 4, every graph accounted for
    report = policygraph.push(store, timeout=2)
    assert report.exit_code == 4
    assert report.count("written") == 0
    assert report.count("failed") + report.count("not-sent") == len(report.outcomes)
    with running_oxigraph(location) as server:
        retry = policygraph.push(server.store_url, endpoint=server.query_url)
        assert retry.exit_code == 0
        assert _counts(server) == _expected()
