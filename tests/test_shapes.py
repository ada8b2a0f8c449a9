"""Data-driven tests of the SHACL shapes (ontology/shapes.ttl).

tests/shapes/valid/*.ttl must produce no validation result of any severity.
tests/shapes/invalid/*.ttl each contain one mistake and declare, in header
comment lines, exactly the results it must produce:

    # expect: severity=Violation shape=pgsh:ItemSourceText
    #         component=sh:MinCountConstraintComponent focus=<IRI> path=<IRI>

(written on one line). For SPARQL-based constraints, component is the
sh:sourceConstraint (e.g. pgsh:AlignmentMissing). path is `-` when the result
has none, `^<IRI>` for an inverse path, `alt(<IRI> <IRI>)` for an alternative
path and `seq(<IRI> <IRI>)` for a sequence path.

Every constraint of shapes.ttl, i.e. every (shape, constraint component) pair
and every SPARQL constraint, must be exercised by at least one invalid case,
and no invalid case may claim a constraint that does not exist.

The data graph of a case is the case file + ontology/policygraph.ttl + every
ontology/vocab/*.ttl. pySHACL runs with advanced=True, as `policygraph
validate` does: pgsh:AlignmentMatchShape finds its focus nodes with a SHACL-AF
SPARQL target, which a core-only run silently skips.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "policygraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
VOCAB_DIR = ROOT / "ontology" / "vocab"
CASES = ROOT / "tests" / "shapes"
VALID_CASES = sorted((CASES / "valid").glob("*.ttl"))
INVALID_CASES = sorted((CASES / "invalid").glob("*.ttl"))
PYSHACL_ASSETS = Path(pyshacl.__file__).resolve().parent / "assets"

# A plain Namespace, not rdflib.namespace.SH: the misspelling checks below need
# to build IRIs that are not SHACL terms.
SH = Namespace("http://www.w3.org/ns/shacl#")
PGSH = Namespace("https://w3id.org/policygraph/shapes#")
PG = Namespace("https://w3id.org/policygraph/def#")
PREFIXES = {"sh": str(SH), "pgsh": str(PGSH)}

# Constraint parameter -> constraint component, for every core constraint
# component of SHACL (https://www.w3.org/TR/shacl/#core-components).
# sh:property is deliberately absent: its results are reported by the property
# shape it points to, which is walked as a shape of its own.
PARAMETER_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
}
# Shape properties that are not constraint parameters of their own.
NON_CONSTRAINT_PARAMETERS = {
    SH.path,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.property,
    SH.sparql,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.qualifiedValueShape,
    SH.qualifiedValueShapesDisjoint,
    SH.ignoredProperties,
    SH.flags,
}
TARGET_PREDICATES = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
)

Constraint = tuple[URIRef, URIRef]  # (source shape, component or SPARQL constraint)


# --------------------------------------------------------------------------
# Deriving the constraints of a shapes graph
# --------------------------------------------------------------------------


def top_level_shapes(shapes: Graph) -> set[Node]:
    """Shapes that are validated in their own right: declared shapes, shapes
    with targets, and property shapes reachable from them through sh:property.
    Shapes nested in sh:or / sh:not / sh:qualifiedValueShape lists are not."""
    found: set[Node] = set()
    for shape_class in (SH.NodeShape, SH.PropertyShape):
        found.update(shapes.subjects(RDF.type, shape_class))
    for predicate in TARGET_PREDICATES:
        found.update(shapes.subjects(predicate, None))
    frontier = set(found)
    while frontier:
        nxt = set()
        for shape in frontier:
            for prop in shapes.objects(shape, SH.property):
                if prop not in found:
                    found.add(prop)
                    nxt.add(prop)
        frontier = nxt
    return found


def derive_constraints(shapes: Graph) -> set[Constraint]:
    """Every (shape, constraint component) pair of the top-level shapes, and
    (shape, SPARQL constraint) for each sh:sparql. Fails on a sh: parameter
    this table does not know, so a new kind of constraint is not missed."""
    constraints: set[Constraint] = set()
    for shape in top_level_shapes(shapes):
        for predicate, obj in shapes.predicate_objects(shape):
            if predicate in PARAMETER_COMPONENTS:
                constraints.add((shape, PARAMETER_COMPONENTS[predicate]))
            elif predicate == SH.sparql:
                constraints.add((shape, obj))
            elif str(predicate).startswith(str(SH)) and predicate not in NON_CONSTRAINT_PARAMETERS:
                raise AssertionError(f"unknown SHACL parameter {predicate} on {shape}")
    return constraints


def constraint_nodes(shapes: Graph) -> dict[Constraint, Node]:
    """Map each constraint to the node that carries its sh:message and
    sh:severity: the shape, or the SPARQL constraint node."""
    return {
        (shape, c): (c if (shape, SH.sparql, c) in shapes else shape)
        for shape, c in derive_constraints(shapes)
    }


# --------------------------------------------------------------------------
# Expected results declared in a case file
# --------------------------------------------------------------------------

EXPECT_LINE = re.compile(r"^#\s*expect\b")
EXPECT = re.compile(
    r"^#\s*expect:\s+severity=(?P<severity>\w+)\s+shape=(?P<shape>\S+)\s+"
    r"component=(?P<component>\S+)\s+focus=<(?P<focus>[^<>\s]+)>\s+path=(?P<path>.+?)\s*$"
)

Result = tuple[URIRef, URIRef, URIRef, Node, str]  # severity, shape, component, focus, path


def expand(name: str) -> URIRef:
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in PREFIXES:
        raise ValueError(f"unknown prefixed name {name!r} (use sh:, pgsh: or <IRI>)")
    return URIRef(PREFIXES[prefix] + local)


def normalise_path(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", text))


def read_expectations(path: Path) -> set[Result]:
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not EXPECT_LINE.match(line):
            continue
        match = EXPECT.match(line)
        if not match:
            raise AssertionError(f"{path.name}:{number}: malformed expect line: {line!r}")
        expected.add(
            (
                SH[match["severity"]],
                expand(match["shape"]),
                expand(match["component"]),
                URIRef(match["focus"]),
                normalise_path(match["path"]),
            )
        )
    return expected


# --------------------------------------------------------------------------
# Running pyshacl and reading its report
# --------------------------------------------------------------------------


def path_string(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (inverse := graph.value(node, SH.inversePath)) is not None:
        return "^" + path_string(graph, inverse)
    for predicate, name in (
        (SH.alternativePath, "alt"),
        (SH.zeroOrMorePath, "zeroOrMore"),
        (SH.oneOrMorePath, "oneOrMore"),
        (SH.zeroOrOnePath, "zeroOrOne"),
    ):
        if (inner := graph.value(node, predicate)) is not None:
            if predicate == SH.alternativePath:
                members = " ".join(path_string(graph, m) for m in Collection(graph, inner))
                return f"alt({members})"
            return f"{name}({path_string(graph, inner)})"
    if graph.value(node, RDF.first) is not None:
        return "seq(" + " ".join(path_string(graph, m) for m in Collection(graph, node)) + ")"
    raise AssertionError(f"cannot read path {node!r}")


@dataclass(frozen=True)
class Reported:
    key: Result
    value: Node | None
    messages: frozenset[str]

    def __str__(self) -> str:
        severity, shape, component, focus, path = self.key
        return (
            f"severity={severity.removeprefix(str(SH))} shape={short(shape)} "
            f"component={short(component)} focus=<{focus}> path={path} value={self.value!r}"
        )


def read_report(report: Graph) -> list[Reported]:
    results = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(top, SH.result):
            component = report.value(result, SH.sourceConstraintComponent)
            if component == SH.SPARQLConstraintComponent:
                component = report.value(result, SH.sourceConstraint)
            key = (
                report.value(result, SH.resultSeverity),
                report.value(result, SH.sourceShape),
                component,
                report.value(result, SH.focusNode),
                path_string(report, report.value(result, SH.resultPath)),
            )
            messages = frozenset(str(m) for m in report.objects(result, SH.resultMessage))
            results.append(Reported(key, report.value(result, SH.value), messages))
    return results


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def base_graph() -> Graph:
    """Ontology and vocabularies, loaded once for all cases."""
    graph = Graph().parse(ONTOLOGY, format="turtle")
    for vocab in sorted(VOCAB_DIR.glob("*.ttl")):
        graph.parse(vocab, format="turtle")
    return graph


@pytest.fixture(scope="module")
def prepared_sparql() -> Iterator[None]:
    """pyshacl hands rdflib the text of a SHACL-SPARQL constraint once per focus
    node, and rdflib parses it every time (a third of the corpus's run time).
    While this module runs, translated queries are kept and reused, exactly as
    rdflib's own prepareQuery() intends (a prepared query is evaluated afresh
    with each call's initBindings)."""
    original = SPARQLProcessor.query
    prepared: dict[tuple, Query] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, frozenset((initNs or {}).items()))
            if key not in prepared:
                prepared[key] = prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SPARQLProcessor, "query", query)
        yield


@pytest.fixture(scope="module")
def validate_case(
    base_graph: Graph, shapes_graph: Graph, prepared_sparql: None
) -> Callable[[Path], list[Reported]]:
    """Validate a case against case + ontology + vocabularies, once per case.

    Instead of copying the ~4,000 ontology and vocabulary triples for every
    case, the case's own triples are added to the shared graph for the run and
    removed after it (only those the graph did not already hold): the same data
    graph as a copy, at a fraction of the cost. The size check makes sure every
    case starts from the same graph."""
    cache: dict[Path, list[Reported]] = {}
    size = len(base_graph)

    def run(case: Path) -> list[Reported]:
        if case not in cache:
            own = Graph().parse(case, format="turtle")
            added = [triple for triple in own if triple not in base_graph]
            try:
                for triple in added:
                    base_graph.add(triple)
                _, report, _ = pyshacl.validate(
                    base_graph,
                    shacl_graph=shapes_graph,
                    allow_warnings=True,
                    advanced=True,
                    inplace=True,
                )
            finally:
                for triple in added:
                    base_graph.remove(triple)
            assert len(base_graph) == size, "the shared data graph was changed by a run"
            cache[case] = read_report(report)
        return cache[case]

    return run


def ids(paths: Iterable[Path]) -> list[str]:
    return [p.stem for p in paths]


def short(term: Node) -> str:
    for prefix, namespace in PREFIXES.items():
        if isinstance(term, URIRef) and term.startswith(namespace):
            return f"{prefix}:{term[len(namespace) :]}"
    return f"<{term}>" if isinstance(term, URIRef) else str(term)


def describe(results: Iterable[object]) -> str:
    return "\n  ".join(sorted(str(r) for r in results)) or "(none)"


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------


def test_corpus_is_present() -> None:
    assert len(VALID_CASES) >= 3, "expected the valid corpus in tests/shapes/valid"
    assert len(INVALID_CASES) >= 1, "expected the invalid corpus in tests/shapes/invalid"


ALL_CASES = VALID_CASES + INVALID_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in ALL_CASES])
def test_case_is_a_whole_document(case: Path) -> None:
    """Cases are documents, not fragments that only trip one rule."""
    graph = Graph().parse(case, format="turtle")
    assert (None, RDF.type, PG.PolicyDocument) in graph, f"{case.name} holds no pg:PolicyDocument"
    assert (None, RDF.type, PG.Municipality) in graph, f"{case.name} holds no pg:Municipality"


@pytest.mark.parametrize("case", VALID_CASES, ids=ids(VALID_CASES))
def test_valid_case_has_no_results(case: Path, validate_case) -> None:
    assert not read_expectations(case), f"{case.name}: a valid case must not declare results"
    results = validate_case(case)
    assert not results, f"{case.name} should produce no results, got:\n  {describe(results)}"


@pytest.mark.parametrize("case", INVALID_CASES, ids=ids(INVALID_CASES))
def test_invalid_case_produces_exactly_the_declared_results(case: Path, validate_case) -> None:
    expected = read_expectations(case)
    assert expected, f"{case.name} declares no '# expect:' line"
    results = validate_case(case)
    actual = {r.key for r in results}
    missing = expected - actual
    unexpected = [r for r in results if r.key not in expected]
    assert not missing and not unexpected, (
        f"{case.name}\nexpected but not produced:\n  {describe(missing)}"
        f"\nproduced but not expected:\n  {describe(unexpected)}"
    )


def test_every_constraint_has_an_invalid_case(shapes_graph: Graph) -> None:
    derived = derive_constraints(shapes_graph)
    declared: dict[Constraint, list[str]] = {}
    for case in INVALID_CASES:
        for _, shape, component, _, _ in read_expectations(case):
            declared.setdefault((shape, component), []).append(case.name)
    uncovered = [f"{short(s)} {short(c)}" for s, c in derived - declared.keys()]
    unknown = [
        f"{short(s)} {short(c)} (in {', '.join(declared[s, c])})"
        for s, c in declared.keys() - derived
    ]
    assert not uncovered and not unknown, (
        "constraints without an invalid case:\n  "
        + describe(uncovered)
        + "\ncases for constraints that shapes.ttl does not have:\n  "
        + describe(unknown)
    )


def test_invalid_results_carry_the_shape_message(shapes_graph: Graph, validate_case) -> None:
    problems = []
    for case in INVALID_CASES:
        for result in validate_case(case):
            shape, component = result.key[1], result.key[2]
            carrier = component if (shape, SH.sparql, component) in shapes_graph else shape
            templates = [str(m) for m in shapes_graph.objects(carrier, SH.message)]
            patterns = [
                re.escape(t).replace(r"\{\?value\}", ".+").replace(r"\{\$value\}", ".+")
                for t in templates
            ]
            if not patterns or not all(
                any(re.fullmatch(p, m, re.DOTALL) for m in result.messages) for p in patterns
            ):
                problems.append(f"{case.name}: {result} has messages {sorted(result.messages)}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# The shapes graph itself
# --------------------------------------------------------------------------


def test_every_constraint_has_message_and_severity(shapes_graph: Graph) -> None:
    problems = []
    for (shape, component), carrier in sorted(constraint_nodes(shapes_graph).items()):
        if not isinstance(shape, URIRef):
            problems.append(f"a shape with {component} has no IRI")
            continue
        messages = list(shapes_graph.objects(carrier, SH.message))
        severities = list(shapes_graph.objects(carrier, SH.severity))
        if len(messages) != 1 or not isinstance(messages[0], Literal):
            problems.append(f"{carrier}: needs exactly one sh:message literal, has {messages}")
        if len(severities) != 1 or severities[0] not in (SH.Violation, SH.Warning, SH.Info):
            problems.append(f"{carrier}: needs exactly one sh:severity, has {severities}")
    assert not problems, "\n".join(problems)


def test_sparql_constraint_severity_matches_the_shape(shapes_graph: Graph) -> None:
    """The SHACL engine takes the severity of a SPARQL constraint's results from
    the shape that holds the sh:sparql (default sh:Violation); a sh:severity on
    the constraint node itself is not read. Keep the two in agreement so the
    declared severity is the one reported."""
    for shape, constraint in shapes_graph.subject_objects(SH.sparql):
        shape_severity = shapes_graph.value(shape, SH.severity) or SH.Violation
        declared = shapes_graph.value(constraint, SH.severity)
        assert declared in (None, shape_severity), (
            f"{constraint} declares {declared} but its results get {shape_severity} from {shape}"
        )


SHACL_SHACL = PYSHACL_ASSETS / "shacl-shacl.ttl"


def shacl_for_shacl(shapes: Graph) -> tuple[bool, str]:
    shsh = Graph().parse(SHACL_SHACL, format="turtle")
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shsh)
    return conforms, text


def test_shapes_pass_shacl_for_shacl(shapes_graph: Graph) -> None:
    conforms, text = shacl_for_shacl(shapes_graph)
    assert conforms, text


def test_shacl_for_shacl_catches_a_broken_shape() -> None:
    broken = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:PropertyShape ; sh:path <urn:x:p> ; sh:minCount "one" .
    """,
        format="turtle",
    )
    conforms, _ = shacl_for_shacl(broken)
    assert not conforms


def known_shacl_terms() -> set[URIRef]:
    vocabulary = Graph().parse(PYSHACL_ASSETS / "shacl.ttl", format="turtle")
    return {s for s in vocabulary.subjects() if isinstance(s, URIRef) and s.startswith(str(SH))}


def unknown_shacl_terms(graph: Graph, known: set[URIRef]) -> set[URIRef]:
    used = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, Literal) and term.datatype is not None:
                term = term.datatype
            if isinstance(term, URIRef) and term.startswith(str(SH)):
                used.add(term)
    return used - known


def test_shapes_use_only_known_shacl_terms(shapes_graph: Graph) -> None:
    unknown = unknown_shacl_terms(shapes_graph, known_shacl_terms())
    assert not unknown, f"unknown sh: terms (misspelled?): {sorted(unknown)}"


def test_unknown_shacl_term_check_catches_a_misspelling() -> None:
    known = known_shacl_terms()
    assert SH.minCount in known and SH.PropertyShape in known
    graph = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:PropertyShape ; sh:path <urn:x:p> ; sh:minCont 1 ;
            sh:severity sh:Violaton .
    """,
        format="turtle",
    )
    assert unknown_shacl_terms(graph, known) == {SH.minCont, SH.Violaton}


# --------------------------------------------------------------------------
# Self-checks of the machinery above
# --------------------------------------------------------------------------


def test_derive_constraints_counts_top_level_parameters_only() -> None:
    graph = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <urn:x:> .
        ex:N a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P ;
            sh:or ( [ sh:path ex:q ; sh:minCount 1 ] [ sh:not [ sh:hasValue ex:v ] ] ) ;
            sh:sparql ex:Q .
        ex:P sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ;
            sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 .
        ex:Q a sh:SPARQLConstraint ; sh:select "SELECT $this WHERE {}" .
    """,
        format="turtle",
    )
    x = Namespace("urn:x:")
    assert derive_constraints(graph) == {
        (x.N, SH.OrConstraintComponent),
        (x.N, x.Q),
        (x.P, SH.MinCountConstraintComponent),
        (x.P, SH.MaxCountConstraintComponent),
        (x.P, SH.QualifiedMinCountConstraintComponent),
    }
    graph.add((x.P, SH.minCont, Literal(1)))
    with pytest.raises(AssertionError, match="unknown SHACL parameter"):
        derive_constraints(graph)


def test_expect_lines_are_parsed(tmp_path: Path) -> None:
    case = tmp_path / "case.ttl"
    case.write_text(
        "# expect: severity=Warning shape=pgsh:FocusAreaContent "
        "component=sh:MinCountConstraintComponent focus=<urn:x:f> "
        "path=alt(<urn:x:a>   <urn:x:b>)\n"
        "# expect: severity=Violation shape=pgsh:AlignmentMatchShape "
        "component=pgsh:AlignmentMissing focus=<urn:x:i> path=<urn:x:p>\n",
        encoding="utf-8",
    )
    assert read_expectations(case) == {
        (
            SH.Warning,
            PGSH.FocusAreaContent,
            SH.MinCountConstraintComponent,
            URIRef("urn:x:f"),
            "alt(<urn:x:a> <urn:x:b>)",
        ),
        (
            SH.Violation,
            PGSH.AlignmentMatchShape,
            PGSH.AlignmentMissing,
            URIRef("urn:x:i"),
            "<urn:x:p>",
        ),
    }
    case.write_text("# expect: severity=Violation shape=pgsh:X\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="malformed"):
        read_expectations(case)


def test_path_string_reads_complex_paths() -> None:
    graph = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:s> <urn:x:inv> [ sh:inversePath <urn:x:p> ] ;
            <urn:x:alt> [ sh:alternativePath ( <urn:x:p> <urn:x:q> ) ] ;
            <urn:x:seq> ( <urn:x:p> [ sh:inversePath <urn:x:q> ] ) .
    """,
        format="turtle",
    )
    s = URIRef("urn:x:s")

    def read(p: str) -> str:
        return path_string(graph, graph.value(s, URIRef(p)))

    assert read("urn:x:inv") == "^<urn:x:p>"
    assert read("urn:x:alt") == "alt(<urn:x:p> <urn:x:q>)"
    assert read("urn:x:seq") == "seq(<urn:x:p> ^<urn:x:q>)"
    assert path_string(graph, None) == "-"
    assert isinstance(graph.value(s, URIRef("urn:x:inv")), BNode)
