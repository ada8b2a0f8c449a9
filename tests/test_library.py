"""The library API: loading, typed parameters, binding, export, stats and engines."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pyparsing
import pytest
import rdflib
from rdflib.compare import isomorphic

import policygraph
from policygraph import IRI, LangString
from policygraph.queries import PARAM_TYPES, ParamSpec, parse_saved_query
from policygraph.terms import to_rdflib

from .conftest import ROOT, Server
from .documents import DOCUMENTS, shipped_graph

PREFIXES = """PREFIX pg: <https://w3id.org/policygraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
HERLEV = IRI("https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022")


def test_public_api_is_listed() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import policygraph; print(policygraph.__all__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in (
        "load",
        "connect",
        "saved_queries",
        "diff",
        "push",
        "validate",
        "QueryResult",
        "SavedQuery",
        "LoadError",
        "EndpointError",
        "PolicyGraph",
    ):
        assert repr(name) in out, name
    for name in policygraph.__all__:
        assert getattr(policygraph, name) is not None, name


def test_import_does_not_load_pyshacl_or_networkx() -> None:
    code = "import sys, policygraph; print('pyshacl' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- loading ---------------------------------------------------------------


def test_load_holds_model_and_every_document(graph: policygraph.PolicyGraph) -> None:
    # sources/README.md lists five documents; load() finds every one data/ holds.
    assert len(graph.documents()) == 5
    assert len(policygraph.load().documents()) == len(DOCUMENTS)
    roles = {f.role for f in graph.files}
    assert roles == {"ontology", "vocabulary", "data"}
    assert graph.engine == "oxigraph"


def test_load_given_files_only(tmp_path: Path) -> None:
    only = policygraph.load([ROOT / "data" / "municipalities.ttl"])
    assert only.documents() == []
    result = only.sparql(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?m pg:municipalityCode ?c }")
    assert result.rows == ((98,),)  # the authority list: every Danish municipality


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix pg: <https://w3id.org/policygraph/def#> .\n\n<a:b> pg:x x:y .\n")
    with pytest.raises(policygraph.LoadError) as info:
        policygraph.load([bad])
    assert (info.value.path, info.value.line, info.value.column) == (str(bad), 3, 12)
    assert str(info.value).startswith(f"{bad}:3:12: syntax error")
    assert "x" in str(info.value)


def test_missing_file_and_unknown_engine(tmp_path: Path) -> None:
    with pytest.raises(policygraph.LoadError, match="no such file"):
        policygraph.load([tmp_path / "nope.ttl"])
    with pytest.raises(policygraph.ParameterError, match="unknown engine 'blazegraph'"):
        policygraph.load(engine="blazegraph")


def test_non_utf8_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('<a:b> <a:c> "Helsing\u00f8r" .\n'.encode("latin-1"))
    with pytest.raises(policygraph.LoadError, match=r"latin1.ttl:1: the file is not UTF-8"):
        policygraph.load([bad])


# -- parameter types -----------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("iri", "https://example.org/x", "<https://example.org/x>"),
        ("string", 'a "quoted" }', '"a \\"quoted\\" }"'),
        ("lang-string", "Værdighed og respekt@da", '"Værdighed og respekt"@da'),
        ("integer", "18", f'"18"^^<{XSD}integer>'),
        ("integer", 7, f'"7"^^<{XSD}integer>'),
        ("decimal", "0.50", f'"0.50"^^<{XSD}decimal>'),
        ("date", "2021-06-01", f'"2021-06-01"^^<{XSD}date>'),
        ("date", dt.date(2020, 1, 31), f'"2020-01-31"^^<{XSD}date>'),
        ("boolean", "yes", f'"true"^^<{XSD}boolean>'),
        ("principle", "5", "<https://w3id.org/policygraph/id/recovery-principle/5>"),
        ("sdg", "3.4", "<http://metadata.un.org/sdg/3.4>"),
        ("sdg", "10", "<http://metadata.un.org/sdg/10>"),
        ("sdg", "14.B", "<http://metadata.un.org/sdg/14.b>"),
        ("basis", "explicit", "<https://w3id.org/policygraph/def#Explicit>"),
        ("document", "herlev-socialpsykiatri-2019-2022", f"<{HERLEV}>"),
        (
            "municipality",
            "Helsingør Kommune",
            "<https://w3id.org/policygraph/id/municipality/helsingoer>",
        ),
        (
            "municipality",
            "vallensbaek",
            "<https://w3id.org/policygraph/id/municipality/vallensbaek>",
        ),
        ("theme", "housing", "<https://w3id.org/policygraph/id/theme/housing>"),
        ("chime", "hope-and-optimism", "<https://w3id.org/policygraph/id/chime/hope-and-optimism>"),
    ],
)
def test_parameter_values_become_rdf_terms(kind: str, value: object, expected: str) -> None:
    term = ParamSpec("p", kind).convert(value)
    assert str(term) == expected


def test_basis_any_leaves_the_parameter_unbound() -> None:
    assert ParamSpec("basis", "basis").convert("any") is None


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("iri", "not an iri", "'x': 'not an iri' is not an absolute IRI"),
        ("iri", "http://x/a>b", "is not an absolute IRI"),
        ("lang-string", "no tag", "has no language tag"),
        ("integer", "1.5", "'1.5' is not an integer"),
        ("integer", True, "expected an integer"),
        ("decimal", "NaN", "is not a finite number"),
        ("decimal", "abc", "is not a decimal number"),
        ("date", "2021-13-01", "is not a date; write it as YYYY-MM-DD"),
        ("boolean", "maybe", "is not a boolean"),
        ("principle", "9", "'9' is not a national recovery principle; give a number from 1 to 8"),
        ("principle", "0", "is not a national recovery principle"),
        ("sdg", "18", "is not a UN SDG code"),
        ("sdg", "3.44.1", "is not a UN SDG code"),
        ("basis", "sure", "give explicit, curated or any"),
        ("theme", "!!!", "give a theme slug"),
        ("municipality", "0217", "kommunekode 0217 can only be resolved against a graph"),
    ],
)
def test_invalid_values_name_the_parameter(kind: str, value: object, message: str) -> None:
    with pytest.raises(policygraph.ParameterError, match=message.replace("(", r"\(")) as info:
        ParamSpec("x", kind).convert(value)
    assert "parameter 'x'" in str(info.value)


def test_every_parameter_type_is_tested() -> None:
    assert set(PARAM_TYPES) == {
        "iri",
        "string",
        "lang-string",
        "integer",
        "decimal",
        "date",
        "boolean",
        "principle",
        "sdg",
        "basis",
        "document",
        "municipality",
        "theme",
        "chime",
        "enum",
    }


def test_enum_and_ranges() -> None:
    spec = ParamSpec("lang", "enum", options={"values": ["da", "en"]})
    assert str(spec.convert("da")) == '"da"'
    with pytest.raises(policygraph.ParameterError, match="give one of da, en"):
        spec.convert("de")
    ranged = ParamSpec("age", "integer", options={"min": 0, "max": 130})
    with pytest.raises(policygraph.ParameterError, match="out of range"):
        ranged.convert("131")


# -- binding -----------------------------------------------------------------

LABEL_QUERY = """#+ summary: things by label
#+ params:
#+   - name: label
#+     type: string
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing WHERE { ?thing rdfs:label $label } ORDER BY ?thing
"""
NASTY = [
    "plain",
    'with "double" quotes',
    "with 'single' quotes",
    "closing } brace { and ) paren",
    "hash # not a comment",
    "new\nline and\r\ncarriage return",
    'triple """ quotes',
    "caret ^^<http://www.w3.org/2001/XMLSchema#integer>",
    "angle <http://evil/> > <",
    'injection" } UNION { ?thing ?p ?o } #',
    "backslash \\ and \\n escaped",
    "Ærø æøå ÆØÅ ü",
]


@pytest.fixture(scope="module")
def nasty_graph(tmp_path_factory: pytest.TempPathFactory) -> policygraph.PolicyGraph:
    path = tmp_path_factory.mktemp("nasty") / "nasty.ttl"
    triples = [
        ox.Triple(
            ox.NamedNode(f"https://example.org/thing/{i}"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(value),
        )
        for i, value in enumerate(NASTY)
    ]
    ox.serialize(triples, str(path), ox.RdfFormat.TURTLE)
    return policygraph.load([path])


@pytest.mark.parametrize("value", NASTY)
def test_metacharacters_are_just_a_string(nasty_graph: policygraph.PolicyGraph, value: str) -> None:
    query = parse_saved_query(LABEL_QUERY, name="by-label")
    # The plain lookup: filter every (thing, label) pair in Python.
    everything = nasty_graph.sparql(
        "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    )
    expected = [row[0] for row in everything if row[1] == value]
    assert len(expected) == 1
    assert nasty_graph.query(query, label=value).column("thing") == expected
    # The value never changes the query's shape: the bound text differs from the
    # plain one only by the serialised literal.
    bound = query.bind({"label": value})
    plain = query.bind({"label": "X"})
    assert bound.replace(str(ox.Literal(value)), '"X"') == plain
    assert bound.count("VALUES") == 1


def test_metacharacters_on_rdflib_too(tmp_path: Path) -> None:
    path = tmp_path / "nasty.ttl"
    path.write_text(
        "<https://example.org/t> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"injection\\" } UNION { ?thing ?p ?o } #" .\n'
    )
    query = parse_saved_query(LABEL_QUERY, name="by-label")
    for engine in ("oxigraph", "rdflib"):
        result = policygraph.load([path], engine=engine).query(
            query, label='injection" } UNION { ?thing ?p ?o } #'
        )
        assert result.column("thing") == ["https://example.org/t"], engine


def test_missing_and_unknown_parameters(graph: policygraph.PolicyGraph) -> None:
    with pytest.raises(policygraph.ParameterError, match="needs parameter 'principle'"):
        graph.query("principle-initiatives")
    with pytest.raises(policygraph.ParameterError, match="has no parameter 'colour'"):
        graph.query("principle-initiatives", principle=1, colour="red")
    with pytest.raises(policygraph.SavedQueryError, match="no saved query 'nonsense'"):
        graph.query("nonsense")


def test_municipality_by_kommunekode(graph: policygraph.PolicyGraph) -> None:
    by_code = graph.query("principle-initiatives", principle=5, municipality="217")
    by_name = graph.query("principle-initiatives", principle=5, municipality="Helsingør")
    assert by_code.rows == by_name.rows
    assert len(by_code.rows) > 0
    with pytest.raises(policygraph.ParameterError, match="no municipality has kommunekode 0999"):
        graph.query("principle-initiatives", principle=5, municipality="0999")


def test_adhoc_query_with_typed_python_values(graph: policygraph.PolicyGraph) -> None:
    result = graph.sparql(
        PREFIXES + "SELECT ?m WHERE { ?m pg:municipalityCode $code } ORDER BY ?m", code="0163"
    )
    assert result.rows == ((IRI("https://w3id.org/policygraph/id/municipality/herlev"),),)


def test_query_runs_saved_queries_only(graph: policygraph.PolicyGraph) -> None:
    # No guessing from the text: SPARQL goes to sparql(), and query() says so.
    with pytest.raises(policygraph.SavedQueryError, match=r"use sparql\(\) for SPARQL text"):
        graph.query("SELECT ?s WHERE { ?s ?p ?o }")


SAVED_REJECTIONS = [
    ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "", "SERVICE is not allowed"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "", "not a valid read-only SPARQL query"),
    ("LOAD <http://example.org/x>", "", "LOAD is not allowed"),
    ("DESCRIBE <a:b>", "", "DESCRIBE is engine-specific"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p $x } } }", "x", "inside a sub-query"),
    ("SELECT ?s WHERE { ?s ?p ?o MINUS { ?s ?q $x } }", "x", "inside MINUS"),
    ("SELECT ?s WHERE { ?s ?p ?o BIND(1 AS $x) }", "x", "as a BIND/AS target"),
    ("SELECT ?s WHERE { VALUES $x { 1 } ?s ?p $x }", "x", "in a VALUES block"),
    (
        "SELECT ?s WHERE { { ?s ?p ?o FILTER(?o = $x) } UNION { ?s ?q ?o } }",
        "x",
        "in a FILTER, EXISTS or BIND inside a nested group",
    ),
    (
        "SELECT ?s WHERE { { ?s ?p ?o FILTER NOT EXISTS { ?o ?r $x } } UNION { ?s ?q ?o } }",
        "x",
        "in a FILTER, EXISTS or BIND inside a nested group",
    ),
    ("SELECT ?s WHERE { ?s ?p $y }", "", "uses $y but does not declare it"),
    ("SELECT ?s WHERE { ?s ?p ?o }", "x", "declares parameter(s) x that the query never uses"),
]


@pytest.mark.parametrize(("sparql", "param", "message"), SAVED_REJECTIONS)
def test_unsafe_saved_queries_are_rejected(sparql: str, param: str, message: str) -> None:
    header = "#+ summary: s\n"
    if param:
        header += f"#+ params:\n#+   - name: {param}\n#+     type: integer\n"
    with pytest.raises(
        policygraph.SavedQueryError,
        match=message.replace("$", r"\$").replace("(", r"\(").replace(")", r"\)"),
    ) as info:
        parse_saved_query(header + sparql, name="bad")
    assert info.value.exit_code == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "has no 'summary:'"),
        ("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }", "is not valid YAML"),
        (
            "#+ summary: s\n#+ params:\n#+   - name: a\n#+     type: colour\nSELECT * { ?s ?p $a }",
            "unknown type 'colour'",
        ),
        (
            "#+ summary: s\n#+ params:\n#+   - name: a\n#+     type: enum\nSELECT * { ?s ?p $a }",
            "needs 'values: \\[...\\]'",
        ),
    ],
)
def test_malformed_headers(text: str, message: str) -> None:
    with pytest.raises(policygraph.SavedQueryError, match=message):
        parse_saved_query(text, name="bad")


def test_parameter_in_filter_aggregate_and_optional_is_allowed() -> None:
    text = """#+ summary: s
#+ params:
#+   - name: doc
#+     type: document
#+   - name: min
#+     type: integer
#+     required: false
PREFIX pg: <https://w3id.org/policygraph/def#>
SELECT ?fa (COUNT(?i) AS ?n) WHERE {
  ?fa pg:inDocument ?d . FILTER(?d = $doc)
  OPTIONAL { ?fa pg:hasInitiative ?i }
} GROUP BY ?fa HAVING (!BOUND($min) || COUNT(?i) >= $min) ORDER BY ?fa"""
    query = parse_saved_query(text, name="ok")
    assert [p.name for p in query.params] == ["doc", "min"]
    assert query.params[1].required is False


# -- results ------------------------------------------------------------------


def test_result_values_are_python_values(graph: policygraph.PolicyGraph) -> None:
    result = graph.sparql(
        PREFIXES
        + """PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        SELECT ?doc ?title ?start (COUNT(?fa) AS ?n) (1.5 AS ?d) (true AS ?b) ?none WHERE {
          ?doc dcterms:title ?title ; dcterms:temporal/dcat:startDate ?start ;
               pg:hasFocusArea ?fa . FILTER(LANG(?title) = "da")
        } GROUP BY ?doc ?title ?start ?none ORDER BY ?doc"""
    )
    herlev = result.to_records()[0]
    assert herlev["doc"] == HERLEV and isinstance(herlev["doc"], IRI)
    assert isinstance(herlev["title"], LangString) and herlev["title"].lang == "da"
    assert herlev["start"] == dt.date(2019, 1, 1)
    assert herlev["n"] == 3  # Herlev: three themes
    assert herlev["d"] == Decimal("1.5")
    assert herlev["b"] is True
    assert herlev["none"] is None
    csv_lines = result.to_csv().splitlines()
    assert csv_lines[0] == "doc,title,start,n,d,b,none"
    assert csv_lines[1].endswith(",2019-01-01,3,1.5,true,")
    assert '"start": "2019-01-01"' in result.to_json()
    assert "(2 rows)" in result.to_table()


def test_table_fits_eighty_columns(graph: policygraph.PolicyGraph) -> None:
    table = graph.query("principle-initiatives", principle=3).to_table(width=80)
    assert max(len(line) for line in table.splitlines()) <= 80


# -- stats, export ------------------------------------------------------------


def test_stats_counts_by_hand(graph: policygraph.PolicyGraph) -> None:
    stats = {s.document: s for s in graph.stats()}
    herlev = stats[HERLEV]
    # Herlev (sources/001_...): three themes, five bullets each; no objectives;
    # no stated principle or SDG, so no explicit alignment.
    assert (herlev.focus_areas, herlev.objectives, herlev.initiatives) == (3, 0, 15)
    assert herlev.explicit_alignments == 0
    helsingoer = stats[IRI("https://w3id.org/policygraph/id/doc/helsingoer-psykiatripolitik")]
    # Helsingør: four focus areas, 6+9+7+8 table rows.
    assert (helsingoer.focus_areas, helsingoer.objectives) == (4, 30)
    assert all(s.triples > 0 for s in stats.values())


def _graphs(text: str, fmt: ox.RdfFormat) -> dict[str, rdflib.Graph]:
    """Parse with an independent parser (pyoxigraph); one rdflib graph per graph name."""
    graphs: dict[str, rdflib.Graph] = {}
    for quad in ox.parse(text.encode(), format=fmt):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, rdflib.Graph()).add(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        )
    return graphs


def _shipped_data() -> dict[str, rdflib.Graph]:
    return {
        f"https://w3id.org/policygraph/graph/{path.stem}": rdflib.Graph().parse(path)
        for path in sorted((ROOT / "data").glob("*.ttl"))
    }


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_round_trips(graph: policygraph.PolicyGraph, fmt: str) -> None:
    rdf_format = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    parsed = _graphs(graph.export(fmt), rdf_format)
    union = rdflib.Graph()
    for part in _shipped_data().values():
        union += part
    assert list(parsed) == [""]
    assert isomorphic(parsed[""], union)


def test_export_jsonld_uses_the_context(graph: policygraph.PolicyGraph) -> None:
    import json

    document = json.loads(graph.export("jsonld"))
    assert document["@context"]["pg"] == "https://w3id.org/policygraph/def#"
    assert "issuedBy" in json.dumps(document)


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_export_keeps_a_named_graph_per_file(graph: policygraph.PolicyGraph, fmt: str) -> None:
    rdf_format = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}[fmt]
    parsed = _graphs(graph.export(fmt), rdf_format)
    expected = _shipped_data()
    assert set(parsed) == set(expected)
    for name, part in expected.items():
        assert isomorphic(parsed[name], part), name


def test_export_with_model_and_unknown_format(graph: policygraph.PolicyGraph) -> None:
    # The UN's caption of target 3.4 lives in the vocabulary, not in the data.
    assert '"Target 3.4"@en' in graph.export("nt", include_model=True)
    assert '"Target 3.4"@en' not in graph.export("nt")
    with pytest.raises(policygraph.ParameterError, match="unknown export format 'xml'"):
        graph.export("xml")


# -- engines and the remote endpoint ------------------------------------------


def test_every_saved_query_has_a_runnable_example() -> None:
    for query in policygraph.saved_queries():
        assert query.example.startswith(f"policygraph query {query.name}"), query.name
        required = {p.name for p in query.params if p.required and p.default is None}
        assert required <= set(query.example_params()), query.name


def _sorted_rows(result: policygraph.QueryResult) -> list[tuple[str, ...]]:
    return sorted(tuple(repr(v) for v in row) for row in result.rows)


@pytest.mark.parametrize("query", policygraph.saved_queries(), ids=lambda q: q.name)
def test_saved_queries_agree_on_every_engine(
    query: policygraph.SavedQuery,
    graph: policygraph.PolicyGraph,
    rdflib_graph: policygraph.PolicyGraph,
    loaded_server: Server,
) -> None:
    params = query.example_params()
    embedded = graph.query(query.name, **params)
    remote = policygraph.connect(loaded_server.query_url).query(query.name, **params)
    other = rdflib_graph.query(query.name, **params)
    assert embedded.columns == other.columns == remote.columns
    assert embedded.rows == remote.rows, "oxigraph serve differs"
    assert _sorted_rows(embedded) == _sorted_rows(other), "rdflib differs"
    assert embedded.rows == other.rows, "rdflib orders differently"


def test_nested_filter_is_fine_when_its_group_binds_the_parameter() -> None:
    text = (
        "#+ summary: s\n#+ params:\n#+   - name: x\n#+     type: integer\n"
        "SELECT ?s WHERE { { ?s ?p $x FILTER NOT EXISTS { ?o ?r $x } } UNION { ?s ?q ?o } }"
    )
    assert parse_saved_query(text, name="ok").params[0].name == "x"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_diff_between_unrelated_documents_is_refused(engine: str) -> None:
    graph = shipped_graph(engine)
    # Ballerup's policy does not say prov:wasRevisionOf Herlev's plan: there is no
    # revision to compare, and the saved query revision-changes has no rows for it.
    with pytest.raises(policygraph.ParameterError, match="is not a revision of"):
        policygraph.diff(graph, "herlev-socialpsykiatri-2019-2022", "ballerup-psykiatripolitik")
    assert (
        len(
            graph.query(
                "revision-changes",
                old="herlev-socialpsykiatri-2019-2022",
                new="ballerup-psykiatripolitik",
            )
        )
        == 0
    )


def test_diff_over_a_chain_of_three_versions(tmp_path: Path) -> None:
    def version(n: int, text: str, previous: int | None) -> str:
        doc = f"https://example.org/doc/v{n}"
        revision = (
            f"<{doc}> prov:wasRevisionOf <https://example.org/doc/v{previous}> ."
            if (previous)
            else ""
        )
        item_revision = (
            f"<{doc}/i> prov:wasRevisionOf <https://example.org/doc/v{previous}/i> ."
            if previous
            else ""
        )
        return (
            f"<{doc}> a pg:PolicyDocument . {revision}\n"
            f'<{doc}/i> a pg:Initiative ; pg:inDocument <{doc}> ; pg:sourceText "{text}"@da .\n'
            f"{item_revision}\n"
        )

    path = tmp_path / "chain.ttl"
    path.write_text(
        "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        + version(1, "a", None)
        + version(2, "b", 1)
        + version(3, "b", 2)
    )
    for engine in ("oxigraph", "rdflib"):
        graph = policygraph.load([path], engine=engine)
        one_two = graph.diff("https://example.org/doc/v1", "https://example.org/doc/v2")
        assert [c.item for c in one_two.reworded] == ["https://example.org/doc/v2/i"], engine
        two_three = graph.diff("https://example.org/doc/v2", "https://example.org/doc/v3")
        assert (len(two_three.changes), two_three.unchanged) == (0, 1), engine
        # v3 revises v2, not v1: a diff compares a document with the version it revises.
        with pytest.raises(policygraph.ParameterError, match="is not a revision of"):
            graph.diff("https://example.org/doc/v1", "https://example.org/doc/v3")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_parameter_used_only_inside_an_optional(engine: str, tmp_path: Path) -> None:
    # The bound value joins the WHERE group before its OPTIONAL: i2, whose only
    # principle is another one, keeps its row with nothing optional bound (rdflib
    # dropped it when the value was bound by VALUES), as i3 without any principle.
    path = tmp_path / "optional.ttl"
    path.write_text(
        "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
        "@prefix rp: <https://w3id.org/policygraph/id/recovery-principle/> .\n"
        "<https://example.org/i1> a pg:Initiative ; pg:supportsPrinciple rp:5 .\n"
        "<https://example.org/i2> a pg:Initiative ; pg:supportsPrinciple rp:3 .\n"
        "<https://example.org/i3> a pg:Initiative .\n",
        encoding="utf-8",
    )
    graph = policygraph.load([path], engine=engine)
    text = (
        "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
        "SELECT ?i ?supports WHERE { ?i a pg:Initiative "
        "OPTIONAL { ?i pg:supportsPrinciple $p BIND(true AS ?supports) } } ORDER BY ?i"
    )
    five = IRI("https://w3id.org/policygraph/id/recovery-principle/5")
    assert graph.sparql(text, p=five).rows == (
        ("https://example.org/i1", True),
        ("https://example.org/i2", None),
        ("https://example.org/i3", None),
    )


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_nested_to_the_limit_runs_and_one_level_more_is_refused(
    engine: str, tmp_path: Path
) -> None:
    from policygraph.sparql import MAX_NESTING

    path = tmp_path / "two.ttl"
    path.write_text(
        "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
        "<https://example.org/i1> a pg:Initiative .\n"
        "<https://example.org/i2> a pg:Initiative .\n",
        encoding="utf-8",
    )
    graph = policygraph.load([path], engine=engine)

    def nested(depth: int) -> str:
        # WHERE { and FILTER( are two levels; the rest are parentheses, the deepest
        # kind for rdflib's parser
        inner = depth - 2
        return (
            "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
            "SELECT ?i WHERE { ?i a pg:Initiative FILTER("
            + "(" * inner
            + "?i = <https://example.org/i1>"
            + ")" * inner
            + ") }"
        )

    def from_below(frames: int, text: str) -> policygraph.QueryResult:
        # as a caller that deep in its own stack (a web framework, a test runner)
        return from_below(frames - 1, text) if frames else graph.sparql(text)

    # The worst case: pyparsing's packrat cache on, as matplotlib leaves it for the
    # whole process (it makes rdflib's parser recurse deeper for each level).
    pyparsing.ParserElement.enable_packrat()
    for frames in (0, 600):
        assert from_below(frames, nested(MAX_NESTING)).rows == (("https://example.org/i1",),)
    with pytest.raises(policygraph.QueryError, match=f"{MAX_NESTING + 1} levels deep"):
        graph.sparql(nested(MAX_NESTING + 1))


def test_a_syntax_error_on_a_megabyte_line_names_its_format_and_quotes_little(
    tmp_path: Path,
) -> None:
    # JSON-LD is often one line: the finding quotes 200 characters of it, not all of it,
    # and names JSON-LD (it used to say "Fix the Turtle").
    path = tmp_path / "deep.jsonld"
    inner = '{"http://example.org/q": ' * 70_000 + '"z"' + "}" * 70_000
    path.write_text('{"@id": "http://example.org/a", "http://example.org/p": ' + inner + "}")
    [finding] = policygraph.validate([path]).results
    assert finding.rule == "syntax" and "Fix the JSON-LD at line 1" in finding.message
    assert len(finding.message) < 600


@pytest.mark.parametrize("query", policygraph.saved_queries(), ids=lambda q: q.name)
def test_saved_query_headers_are_complete(query: policygraph.SavedQuery) -> None:
    # Parsing already proved: valid SPARQL, read-only, every $parameter declared
    # and every declared parameter used. The header must also document itself.
    assert query.path is not None and query.path.name == f"{query.name}.rq"
    assert query.summary and len(query.summary) <= 100, "summary: one line"
    assert query.description, "description"
    assert query.tags, "tags"
    for param in query.params:
        assert param.description, f"parameter {param.name} has no description"
    assert "ORDER BY" in query.text.upper(), "results need a stable order on every engine"
