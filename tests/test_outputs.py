"""Analyst-friendly and standard outputs: SPARQL results formats, labels, data frames,
enumeration parameters checked against the graph, and the ad-hoc ``sparql`` command."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import policygraph
from policygraph.cli import main
from policygraph.terms import IRI, LangString, from_json

SR = "{http://www.w3.org/2005/sparql-results#}"
HEL = "https://w3id.org/policygraph/id/doc/helsingoer-psykiatripolitik"


def test_sparql_json_keeps_the_engines_terms(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("target-groups", document="helsingoer-psykiatripolitik")
    document = json.loads(result.to_sparql("sparql-json"))
    assert document["head"]["vars"] == list(result.columns)
    rows = [
        tuple(from_json(b[c]) if c in b else None for c in result.columns)
        for b in document["results"]["bindings"]
    ]
    assert rows == [tuple(r) for r in result.terms]
    first = document["results"]["bindings"][0]
    assert first["sourceText"]["xml:lang"] == "da"
    assert first["documentLevel"] == {
        "type": "literal",
        "value": "true",
        "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
    }
    assert "ageRange" not in first  # unbound: left out, as the format says


def test_sparql_xml_and_csv(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("sdg-coverage")
    root = ET.fromstring(result.to_sparql("sparql-xml"))
    names = [v.get("name") for v in root.iter(SR + "variable")]
    assert names == list(result.columns)
    results = list(root.iter(SR + "result"))
    assert len(results) == len(result)
    code = next(b for b in results[0] if b.get("name") == "code")[0]
    assert code.get("datatype") == "http://metadata.un.org/sdg/ontology#SDGCodeCompact"
    table = list(csv.reader(io.StringIO(result.to_sparql("sparql-csv"), newline="")))
    assert table[0] == list(result.columns)
    assert len(table) == len(result) + 1
    assert result.to_sparql("sparql-csv").endswith("\r\n")
    ask = graph.sparql("ASK { ?s a <https://w3id.org/policygraph/def#Municipality> }")
    assert json.loads(ask.to_sparql("sparql-json")) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in ask.to_sparql("sparql-xml")


def test_labels_next_to_iri_columns(graph: policygraph.PolicyGraph) -> None:
    result = graph.with_labels(graph.query("themes", municipality="Herlev"), "da")
    assert result.columns[:4] == ("issuer", "issuer_label", "document", "document_label")
    row = dict(zip(result.columns, result.rows[0], strict=True))
    assert row["issuer_label"] == LangString("Herlev Kommune", "da")
    assert row["document_label"].lang == "da"  # the document's Danish dcterms:title
    assert row["theme_label"] is not None and row["theme_label"].lang == "da"
    english = graph.with_labels(graph.query("themes", municipality="Herlev"), "en")
    assert dict(zip(english.columns, english.rows[0], strict=True))["issuer_label"] == (
        "Herlev Municipality"
    )
    with pytest.raises(policygraph.ParameterError):
        graph.with_labels(result, "de")


def test_to_dataframe(graph: policygraph.PolicyGraph) -> None:
    pandas = pytest.importorskip("pandas")
    result = graph.query("partners-shared")
    frame = result.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(result.columns)
    assert len(frame) == len(result)
    assert frame["municipalities"].tolist() == result.column("municipalities")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Herlev", "herlev"),
        ("mun:herlev", "herlev"),
        ("Herlev Kommune", "herlev"),
        ("herlev municipality", "herlev"),
    ],
)
def test_municipality_by_label_or_prefixed_name(
    graph: policygraph.PolicyGraph, value: str, expected: str
) -> None:
    saved = graph.saved_query("themes")
    resolved = graph.resolve(saved, {"municipality": value}, strict=True)
    assert resolved["municipality"] == IRI(
        f"https://w3id.org/policygraph/id/municipality/{expected}"
    )


def test_theme_by_danish_label(graph: policygraph.PolicyGraph) -> None:
    assert graph.query("gaps", theme="bolig") == graph.query("gaps", theme="housing")


def test_unknown_enumeration_value_is_exit_2_with_did_you_mean() -> None:
    runner = CliRunner()
    unknown = runner.invoke(main, ["query", "themes", "-p", "municipality=Atlantis"])
    assert unknown.exit_code == 2, unknown.output
    assert "names no municipality" in unknown.output and "ballerup" in unknown.output
    # The English name of a municipality that has no document yet: found, 0 rows.
    english = runner.invoke(main, ["query", "themes", "-p", "municipality=Copenhagen"])
    assert english.exit_code == 0, english.output
    assert "(0 rows)" in english.output
    close = runner.invoke(main, ["query", "gaps", "-p", "theme=boliger"])
    assert close.exit_code == 2, close.output
    assert "Did you mean 'bolig'" in close.output
    ok = runner.invoke(main, ["query", "gaps", "-p", "theme=bolig", "--format", "csv"])
    assert ok.exit_code == 0, ok.output
    assert "theme/housing" in ok.output


def test_cli_formats_and_labels() -> None:
    runner = CliRunner()
    out = runner.invoke(
        main, ["query", "partners-shared", "--format", "sparql-json", "--labels", "en"]
    )
    assert out.exit_code == 0, out.output
    document = json.loads(out.output)
    assert "partner_label" in document["head"]["vars"]


def test_sparql_command_forms_and_syntax_error() -> None:
    runner = CliRunner()
    describe = runner.invoke(
        main,
        ["sparql", "-"],
        input="DESCRIBE <https://w3id.org/policygraph/id/municipality/herlev>",
    )
    assert describe.exit_code == 0, describe.output
    assert '"Herlev Kommune"@da' in describe.output
    construct = runner.invoke(
        main,
        ["sparql", "-"],
        input="PREFIX pg: <https://w3id.org/policygraph/def#>\n"
        "CONSTRUCT { ?d a pg:PolicyDocument } WHERE { ?d a pg:PolicyDocument }",
    )
    assert construct.exit_code == 0, construct.output
    assert construct.output.count("pg:PolicyDocument") == 5
    ask = runner.invoke(main, ["sparql", "-", "--format", "sparql-json"], input="ASK { ?s ?p ?o }")
    assert ask.exit_code == 0 and json.loads(ask.output)["boolean"] is True
    broken = runner.invoke(main, ["sparql", "-"], input="SELECT WHERE {")
    assert broken.exit_code == 2, broken.output
    assert "Traceback" not in broken.output


def test_document_parameter_accepts_iri(graph: policygraph.PolicyGraph) -> None:
    saved = graph.saved_query("focus-areas")
    assert graph.resolve(saved, {"document": "doc:helsingoer-psykiatripolitik"})["document"] == HEL
