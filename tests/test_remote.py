"""A real SPARQL server (oxigraph serve) and real misbehaving HTTP servers."""

from __future__ import annotations

import base64
import http.server
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import policygraph
from policygraph.cli import main

from .conftest import ROOT, Server, answer, http_server, stall

HERLEV = str(ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _triples_in(server: Server) -> int:
    return int(policygraph.connect(server.query_url).sparql(COUNT).rows[0][0])  # type: ignore[arg-type]


def test_push_writes_every_graph_and_counts_match(empty_server: Server) -> None:
    progress: list[str] = []
    report = policygraph.push(
        empty_server.store_url,
        endpoint=empty_server.query_url,
        progress=lambda o: progress.append(o.status),
    )
    assert report.exit_code == 0
    data_files = sorted((ROOT / "data").glob("*.ttl"))
    model_files = 1 + len(list((ROOT / "ontology" / "vocab").glob("*.ttl")))
    assert len(report.outcomes) == model_files + len(data_files)
    assert progress == ["written"] * len(report.outcomes)
    assert all("triples in the store" in o.detail for o in report.outcomes)
    assert "expected" not in " ".join(o.detail for o in report.outcomes)
    assert _triples_in(empty_server) == sum(o.triples for o in report.outcomes)
    # Pushing again replaces each graph: the count does not double.
    again = policygraph.push(empty_server.store_url, endpoint=empty_server.query_url)
    assert again.exit_code == 0
    assert _triples_in(empty_server) == sum(o.triples for o in report.outcomes)


def test_remote_query_matches_embedded(
    loaded_server: Server, graph: policygraph.PolicyGraph
) -> None:
    remote = policygraph.connect(loaded_server.query_url)
    assert remote.engine == "endpoint"
    assert remote.documents() == graph.documents()
    assert remote.stats() == graph.stats()


def test_non_conforming_document_is_not_pushed(empty_server: Server, tmp_path: Path) -> None:
    good = ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl"
    bad = tmp_path / "broken-plan.ttl"
    # A steward's mistake: the Danish wording of one item went under skos:note.
    text = good.read_text(encoding="utf-8").replace(
        "herlev-socialpsykiatri-2019-2022", "broken-plan"
    )
    bad.write_text(text.replace('pg:sourceText "', 'skos:note "', 1), encoding="utf-8")
    report = policygraph.push(empty_server.store_url, [good, bad])
    statuses = {Path(o.file).name: o.status for o in report.outcomes}
    assert statuses["broken-plan.ttl"] == "skipped"
    assert statuses["herlev-socialpsykiatri-2019-2022.ttl"] == "written"
    assert report.exit_code == 1
    remote = policygraph.connect(empty_server.query_url)
    assert remote.documents() == [
        "https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022"
    ]


def test_push_to_a_server_that_is_down(closed_port: str) -> None:
    report = policygraph.push(closed_port + "/store")
    assert report.exit_code == 4
    assert report.count("written") == 0
    first, *rest = report.outcomes
    assert first.status == "failed" and "nothing was written" in first.detail
    assert {o.status for o in rest} == {"not-sent"}


def test_push_to_a_failing_server() -> None:
    with http_server(answer(500, b"boom")) as url:
        report = policygraph.push(url + "/store")
    assert report.exit_code == 4
    assert "answered HTTP 500" in report.outcomes[0].detail
    assert report.count("written") == 0


def test_push_redirect_is_not_followed() -> None:
    with http_server(answer(307, headers={"Location": "http://127.0.0.1:9/elsewhere"})) as url:
        report = policygraph.push(url + "/store")
    assert report.exit_code == 4
    assert "redirect to http://127.0.0.1:9/elsewhere" in report.outcomes[0].detail


def test_push_time_out_after_sending_is_unknown() -> None:
    with http_server(stall(3)) as url:
        report = policygraph.push(url + "/store", timeout=0.5)
    assert report.exit_code == 5
    assert report.outcomes[0].status == "unknown"
    assert "may or may not have been written" in report.outcomes[0].detail
    assert report.count("written") == 0


def test_query_endpoint_errors(closed_port: str) -> None:
    with pytest.raises(policygraph.EndpointError, match="cannot reach") as down:
        policygraph.connect(closed_port + "/query").sparql("ASK {}")
    assert down.value.exit_code == 4
    with (
        http_server(answer(500, b"oops")) as url,
        pytest.raises(policygraph.EndpointError, match="answered HTTP 500") as failed,
    ):
        policygraph.connect(url + "/query").sparql("ASK {}")
    assert failed.value.status == 500
    with (
        http_server(stall(3)) as url,
        pytest.raises(policygraph.EndpointError, match="did not answer within 1 s"),
    ):
        policygraph.connect(url + "/query", timeout=1).sparql("ASK {}")
    with (
        http_server(answer(200, b"<html>not json</html>")) as url,
        pytest.raises(policygraph.EndpointError, match="did not answer with SPARQL JSON results"),
    ):
        policygraph.connect(url + "/query").sparql("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(policygraph.EndpointError, match="is not an http"):
        policygraph.connect("ftp://example.org/sparql")


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_query_redirect_is_reported(status: int, loaded_server: Server) -> None:
    with (
        http_server(answer(status, headers={"Location": loaded_server.query_url})) as url,
        pytest.raises(policygraph.EndpointError, match="redirect"),
    ):
        policygraph.connect(url + "/query").sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_cli_push_and_remote_query(empty_server: Server) -> None:
    runner = CliRunner()
    pushed = runner.invoke(
        main, ["push", "--store", empty_server.store_url, "--endpoint", empty_server.query_url]
    )
    assert pushed.exit_code == 0, pushed.output
    assert "graph(s) written" in pushed.output and "0 failed" in pushed.output
    queried = runner.invoke(
        main,
        [
            "query",
            "principle-initiatives",
            "-p",
            "principle=5",
            "--endpoint",
            empty_server.query_url,
            "--format",
            "csv",
        ],
    )
    assert queried.exit_code == 0, queried.output
    local = runner.invoke(
        main, ["query", "principle-initiatives", "-p", "principle=5", "--format", "csv"]
    )
    assert queried.output == local.output


def test_cli_push_exit_codes(closed_port: str) -> None:
    runner = CliRunner()
    down = runner.invoke(main, ["push", "--store", closed_port + "/store"])
    assert down.exit_code == 4, down.output
    assert "0 graph(s) written" in down.output
    with http_server(stall(3)) as url:
        unknown = runner.invoke(main, ["push", "--store", url + "/store", "--timeout", "0.5"])
    assert unknown.exit_code == 5, unknown.output
    query_down = runner.invoke(
        main,
        [
            "query",
            "principle-initiatives",
            "-p",
            "principle=1",
            "--endpoint",
            closed_port + "/query",
        ],
    )
    assert query_down.exit_code == 4, query_down.output
    assert "Traceback" not in query_down.output
    assert query_down.output.startswith("error: cannot reach")


def test_server_holds_named_graph_per_document(loaded_server: Server) -> None:
    query = (
        "SELECT DISTINCT ?g WHERE "
        "{ GRAPH ?g { ?s a <https://w3id.org/policygraph/def#PolicyDocument> } }"
    )
    url = loaded_server.query_url + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        names = sorted(response.read().decode().split()[1:])
    assert names == sorted(
        f"https://w3id.org/policygraph/graph/{p.stem}"
        for p in (ROOT / "data").glob("*.ttl")
        if p.stem not in ("municipalities", "organisations", "reviewers")
    )


def test_cli_push_skips_a_non_conforming_document(empty_server: Server, tmp_path: Path) -> None:
    good = ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl"
    bad = tmp_path / "broken-plan.ttl"
    text = good.read_text(encoding="utf-8").replace(
        "herlev-socialpsykiatri-2019-2022", "broken-plan"
    )
    bad.write_text(text.replace('pg:sourceText "', 'skos:note "', 1), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["push", "--store", empty_server.store_url, str(good), str(bad)]
    )
    assert result.exit_code == 1, result.output
    assert "skipped" in result.output and "1 skipped" in result.output
    assert f"{bad}: does not conform to the shapes" in result.output


def test_server_message_is_shown_trimmed() -> None:
    page = b"<html><body><h1>Bad query</h1><p>line 1: unexpected '}'</p></body></html>"
    with (
        http_server(answer(400, page)) as url,
        pytest.raises(policygraph.EndpointError, match="answered HTTP 400") as failed,
    ):
        policygraph.connect(url + "/query").sparql("ASK {}")
    assert "Bad query line 1: unexpected '}'" in str(failed.value)
    with http_server(answer(403, b"x" * 5000)) as url:
        report = policygraph.push(url + "/store")
    detail = report.outcomes[0].detail
    assert "answered HTTP 403" in detail and "xxx…" in detail
    assert len(detail) < 600


def _require(expected: str) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        ok = request.headers.get("Authorization") == expected
        answer(201 if ok else 401, b"" if ok else b"wrong credentials")(request)

    return handle


def test_push_basic_and_bearer_auth_secrets_never_echoed() -> None:
    runner = CliRunner()
    basic = "Basic " + base64.b64encode(b"steward:s3cret-pw").decode()
    with http_server(_require(basic)) as url:
        args = ["push", "--store", url + "/store", "--user", "steward", HERLEV]
        prompted = runner.invoke(
            main, args, input="s3cret-pw\n", env={"POLICYGRAPH_PASSWORD": None}
        )
        assert prompted.exit_code == 0, prompted.output
        assert "s3cret-pw" not in prompted.output
        refused = runner.invoke(main, args, env={"POLICYGRAPH_PASSWORD": "other"})
        assert refused.exit_code == 4 and "wrong credentials" in refused.output
    with http_server(_require("Bearer t0ken-xyz")) as url:
        args = ["push", "--store", url + "/store", "--auth", "bearer", HERLEV]
        ok = runner.invoke(main, args, env={"POLICYGRAPH_TOKEN": "t0ken-xyz"})
        assert ok.exit_code == 0, ok.output
        prompted = runner.invoke(main, args, input="t0ken-xyz\n", env={"POLICYGRAPH_TOKEN": None})
        assert prompted.exit_code == 0 and "t0ken-xyz" not in prompted.output
    bad = runner.invoke(main, ["push", "--store", "http://127.0.0.1:9/x", "--user", "a:b", HERLEV])
    assert bad.exit_code == 2, bad.output
