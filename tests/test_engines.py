"""Every saved query gives identical rows on every engine and real server.

Embedded pyoxigraph and rdflib, ``oxigraph serve`` and Virtuoso: the same
columns and the same rows, compared as RDF terms (values, datatypes, language
tags) in the same order, for each saved query's example parameters and every
variant the hand-derived tests use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

import policygraph
from policygraph.cli import main
from policygraph.queries import saved_queries

from .conftest import ROOT, Server
from .test_queries_a import ENGINE_CASES
from .test_queries_b import RUNS

Answer = tuple[list[str], list[tuple[object, ...]]]


def _cases() -> list[tuple[str, dict[str, object]]]:
    cases: list[tuple[str, dict[str, object]]] = [
        (query.name, dict(query.example_params())) for query in saved_queries()
    ]
    for name, params in [*ENGINE_CASES, *RUNS]:
        if (name, params) not in cases:
            cases.append((name, params))
    return cases


CASES = _cases()
IDS = [f"{name}-{i}" for i, (name, _) in enumerate(CASES)]


def _answer(graph: policygraph.PolicyGraph, name: str, params: dict[str, object]) -> Answer:
    """The raw terms the engine answers with (before conversion to Python values)."""
    text = graph.saved_query(name).bind(params)
    names, rows = graph.backend.select(text)
    return names, list(rows)


@pytest.fixture(scope="module")
def expected(graph: policygraph.PolicyGraph) -> dict[int, Answer]:
    return {i: _answer(graph, name, params) for i, (name, params) in enumerate(CASES)}


def test_cases_cover_every_saved_query() -> None:
    assert {name for name, _ in CASES} == {q.name for q in saved_queries()}
    assert {name for name, _ in CASES} == {p.stem for p in (ROOT / "queries").glob("*.rq")}


def test_cases_are_not_all_empty(expected: dict[int, Answer]) -> None:
    assert sum(len(rows) for _, rows in expected.values()) > 500


@pytest.fixture(scope="module", params=["rdflib", "oxigraph-serve", "virtuoso"])
def engine(
    request: pytest.FixtureRequest, rdflib_graph: policygraph.PolicyGraph
) -> Iterator[policygraph.PolicyGraph]:
    if request.param == "rdflib":
        yield rdflib_graph
        return
    fixture = "loaded_server" if request.param == "oxigraph-serve" else "virtuoso_server"
    server: Server = request.getfixturevalue(fixture)
    yield policygraph.connect(server.query_url, timeout=120)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=IDS)
def test_same_rows_on_every_engine(
    engine: policygraph.PolicyGraph,
    expected: dict[int, Answer],
    index: int,
    case: tuple[str, dict[str, object]],
) -> None:
    name, params = case
    columns, rows = _answer(engine, name, params)
    want_columns, want_rows = expected[index]
    assert columns == want_columns, name
    assert len(rows) == len(want_rows), name
    for number, (got, want) in enumerate(zip(rows, want_rows, strict=True)):
        assert got == want, f"{name} {params} row {number}"


def test_virtuoso_system_graphs_stay_out_of_our_answers(virtuoso_server: Server) -> None:
    """Virtuoso's own graphs are in its union default graph but in no answer of ours."""
    remote = policygraph.connect(virtuoso_server.query_url)
    graphs = {
        str(row[0])
        for row in remote.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    }
    ours = {g for g in graphs if g.startswith("https://w3id.org/policygraph/graph/")}
    assert graphs - ours, "expected Virtuoso's system graphs beside ours"
    local = policygraph.load()
    assert remote.documents() == local.documents()
    assert remote.stats() == local.stats()


def test_virtuoso_error_shows_the_servers_message(virtuoso_server: Server) -> None:
    remote = policygraph.connect(virtuoso_server.query_url)
    with pytest.raises(policygraph.EndpointError, match="answered HTTP 400") as failed:
        remote.backend.select("SELECT * WHERE { ?s ?p ?o } ORDER BY bif:no_such_function(?s)")
    assert "no_such_function" in str(failed.value)
    assert "SPARQL query:" not in str(failed.value)  # the echoed query is cut off
    assert failed.value.exit_code == 4


def test_export_from_virtuoso_leaves_its_system_graphs_out(virtuoso_server: Server) -> None:
    remote = policygraph.connect(virtuoso_server.query_url)
    local = policygraph.load()
    assert remote.export("nq") == local.export("nq")

    # The model has blank nodes (their labels differ by server): count, by graph.
    def per_graph(graph: policygraph.PolicyGraph) -> Counter[str]:
        return Counter(str(q.graph_name) for q in graph.quads(include_model=True))

    assert per_graph(remote) == per_graph(local)


HERLEV = str(ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl")


def test_push_with_digest_auth_to_virtuoso(virtuoso_server: Server) -> None:
    store = virtuoso_server.base + "/sparql-graph-crud-auth"  # Virtuoso's Digest-only GSP
    runner = CliRunner()
    command = ["push", "--store", store, "--auth", "digest", "--user", "dba", HERLEV]
    ok = runner.invoke(main, command, env={"POLICYGRAPH_PASSWORD": "dba"})
    assert ok.exit_code == 0, ok.output
    assert "0 failed" in ok.output
    prompted = runner.invoke(main, command, input="dba\n", env={"POLICYGRAPH_PASSWORD": None})
    assert prompted.exit_code == 0, prompted.output
    wrong = runner.invoke(main, command, env={"POLICYGRAPH_PASSWORD": "not-the-password"})
    assert wrong.exit_code == 4, wrong.output
    assert "HTTP 401" in wrong.output and "not-the-password" not in wrong.output
    basic = runner.invoke(
        main,
        ["push", "--store", store, "--user", "dba", HERLEV],
        env={"POLICYGRAPH_PASSWORD": "dba"},
    )
    assert basic.exit_code == 4, basic.output  # this endpoint accepts Digest only
