"""The policygraph command line: every command, every exit code, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import policygraph
from policygraph.cli import main

from .conftest import ROOT
from .documents import DOCUMENTS


def run(*args: str, input: str | None = None) -> Result:
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    return result


def test_version_and_help() -> None:
    version = run("--version")
    assert version.exit_code == 0
    assert version.output.strip() == f"policygraph, version {policygraph.__version__}"
    helped = run("--help")
    assert helped.exit_code == 0, helped.output
    for command in ("queries", "query", "sparql", "export", "stats", "diff", "push", "validate"):
        assert f"\n  {command} " in helped.output, command
        sub = run(command, "--help")
        assert sub.exit_code == 0, sub.output
        assert "Example:" in sub.output and f"policygraph {command}" in sub.output, command


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policygraph", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("policygraph, version")


def test_queries_lists_every_saved_query() -> None:
    result = CliRunner(env={"COLUMNS": "160"}).invoke(main, ["queries"])
    assert result.exit_code == 0, result.output
    for query in policygraph.saved_queries():
        assert query.name in result.output  # names longer than the column wrap at 80
    listed = json.loads(run("queries", "--format", "json").output)
    assert [q["name"] for q in listed] == [q.name for q in policygraph.saved_queries()]
    assert all(q["summary"] and q["example"] for q in listed)


def test_query_table_is_readable_in_80_columns() -> None:
    result = run("query", "principle-initiatives", "-p", "principle=5")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[-1].endswith("rows)")


def test_query_csv_tsv_json_are_exact(graph: policygraph.PolicyGraph) -> None:
    expected = graph.query("principle-initiatives", principle=5, municipality="helsingoer")
    args = ("query", "principle-initiatives", "-p", "principle=5", "-p", "municipality=helsingoer")
    as_csv = list(csv.reader(io.StringIO(run(*args, "--format", "csv").output)))
    assert tuple(as_csv[0]) == expected.columns
    index = as_csv[0].index("initiative")
    assert [row[index] for row in as_csv[1:]] == [str(v) for v in expected.column("initiative")]
    as_tsv = run(*args, "--format", "tsv").output.splitlines()
    assert as_tsv[0].split("\t") == list(expected.columns)
    as_json = json.loads(run(*args, "--format", "json").output)
    assert len(as_json) == len(expected)
    assert as_json[0]["initiative"] == expected.column("initiative")[0]


def test_query_rdflib_engine_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "rows.csv"
    result = run(
        "query",
        "principle-initiatives",
        "-p",
        "principle=2",
        "--engine",
        "rdflib",
        "--format",
        "csv",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    oxigraph = run("query", "principle-initiatives", "-p", "principle=2", "--format", "csv")
    assert sorted(out.read_text().splitlines()) == sorted(oxigraph.output.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("query", "principle-initiatives", "-p", "principle=9"),
            "parameter 'principle': '9' is not a national recovery principle",
        ),
        (("query", "principle-initiatives"), "needs parameter 'principle'"),
        (("query", "principle-initiatives", "-p", "principle"), "is not NAME=VALUE"),
        (
            ("query", "principle-initiatives", "-p", "principle=1", "-p", "colour=red"),
            "has no parameter 'colour'",
        ),
        (("query", "no-such-query"), "there is no saved query 'no-such-query'"),
        (
            ("query", "principle-initiatives", "-p", "principle=1", "missing.ttl"),
            "missing.ttl: no such file or directory",
        ),
        (("query", "principle-initiatives", "--format", "xml"), "Invalid value for '--format'"),
        (("export", "--format", "rdfxml"), "Invalid value for '--format'"),
        (("diff", "ballerup", "ballerup-psykiatripolitik"), "no policy document"),
        (("stats", "--engine", "virtuoso"), "Invalid value for '--engine'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_syntax_error_in_data_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a:b> <a:c> .\n")
    result = run("stats", str(bad))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {bad}:1:")


def test_broken_saved_query_exits_3(tmp_path: Path) -> None:
    (tmp_path / "evil.rq").write_text(
        "#+ summary: evil\nSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }\n"
    )
    result = run("query", "evil", "--queries", str(tmp_path))
    assert result.exit_code == 3, result.output
    assert "SERVICE is not allowed" in result.output


def test_extra_query_directory(tmp_path: Path) -> None:
    (tmp_path / "count-documents.rq").write_text(
        "#+ summary: how many documents\n"
        "#+ example: policygraph query count-documents\n"
        "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
        "SELECT (COUNT(?d) AS ?documents) WHERE { ?d a pg:PolicyDocument }\n"
    )
    result = run("query", "count-documents", "--queries", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == f"documents\n{len(DOCUMENTS)}\n"  # every document of data/


def test_sparql_from_stdin_and_file(tmp_path: Path) -> None:
    query = (
        "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
        "SELECT ?code WHERE { ?m pg:municipalityCode ?code"
        ' FILTER(STRSTARTS(?code, "015")) } ORDER BY ?code'
    )
    result = run("sparql", "-", "--format", "csv", input=query)
    assert result.exit_code == 0, result.output
    # The DAGI code list: Ballerup 0151, Brøndby 0153, Dragør 0155, Gentofte 0157, Gladsaxe 0159.
    assert result.output.split() == ["code", "0151", "0153", "0155", "0157", "0159"]
    path = tmp_path / "ask.rq"
    path.write_text("ASK { ?s a <https://w3id.org/policygraph/def#PolicyDocument> }")
    asked = run("sparql", str(path), "--format", "json")
    assert json.loads(asked.output) == [{"answer": True}]


def test_sparql_rejects_updates() -> None:
    result = run("sparql", "-", input="DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2, result.output  # bad input: the query is the user's
    assert "read-only" in result.output


def test_export_to_file_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "graph.trig"
    result = run("export", "--format", "trig", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "GRAPH" in target.read_text() or "{" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.trig"]
    unwritable = run("export", "-o", str(tmp_path / "graph.trig" / "x.ttl"))
    assert unwritable.exit_code == 2, unwritable.output
    assert "cannot write" in unwritable.output


def test_output_into_a_named_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    # -o /dev/null, /dev/stdout or a FIFO: written into. Renaming a file over it (as for
    # a regular file) would, as root, replace /dev/null itself; a FIFO shows it safely.
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "--format", "ttl", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the named pipe was replaced by a file"
    assert b"pg:PolicyDocument" in received[0]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.ttl"]


@pytest.mark.skipif(
    not (Path("/dev/full").exists() and stat.S_ISCHR(Path("/dev/full").stat().st_mode)),
    reason="no /dev/full device",
)
def test_a_full_disk_on_stdout_is_an_error_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [sys.executable, "-m", "policygraph", "stats"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert process.returncode == 2, process.stderr
    assert process.stderr.startswith("error: cannot write the output: No space left on device")
    assert "Traceback" not in process.stderr and "Exception ignored" not in process.stderr


def test_stats_formats() -> None:
    table = run("stats")
    assert table.exit_code == 0, table.output
    rows = json.loads(run("stats", "--format", "json").output)
    herlev = next(r for r in rows if r["document"].endswith("herlev-socialpsykiatri-2019-2022"))
    # Herlev (sources/001_...): 3 themes with 5 initiatives each.
    assert (herlev["focus_areas"], herlev["initiatives"]) == (3, 15)


def test_diff_command() -> None:
    result = run("diff", "ballerup-psykiatripolitik-udkast", "ballerup-psykiatripolitik")
    assert result.exit_code == 0, result.output
    expected = policygraph.diff(
        policygraph.load(), "ballerup-psykiatripolitik-udkast", "ballerup-psykiatripolitik"
    )
    assert (
        f"{len(expected.added)} added, {len(expected.removed)} removed, "
        f"{len(expected.reworded)} reworded" in result.output
    )
    # The final version adds a housing focus area, "6.6 BOLIG" (sources/004_..., section 6.6).
    assert "BOLIG" in result.output


def test_docs_queries_md_is_current() -> None:
    generated = run("queries", "--format", "markdown").output
    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == generated, (
        "docs/queries.md is stale: run `make docs`"
    )


def test_readme_documents_every_command_and_exit_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in main.commands:
        assert f"policygraph {command}" in readme, command
    for code in range(6):
        assert f"| {code} |" in readme, code
