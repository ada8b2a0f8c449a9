"""Repository tests of the ontology, the shapes file and the vocabularies.

- every ontology file parses with rdflib and with pyoxigraph;
- every class and property of the pg: namespace has Danish and English labels
  and a comment;
- every pg: term used anywhere in the repository is declared in
  ontology/policygraph.ttl;
- the vocabularies hold what the shapes and the queries rely on.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Set
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "policygraph.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
VOCAB_DIR = ROOT / "ontology" / "vocab"
ONTOLOGY_FILES = [ONTOLOGY, SHAPES, *sorted(VOCAB_DIR.glob("*.ttl"))]

PG_NS = "https://w3id.org/policygraph/def#"
PG = Namespace(PG_NS)
SH = Namespace("http://www.w3.org/ns/shacl#")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
ID = Namespace("https://w3id.org/policygraph/id/")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ONTOLOGY_FILES, ids=[rel(p) for p in ONTOLOGY_FILES])
def test_parses_with_rdflib_and_pyoxigraph(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0, f"{rel(path)} holds no triples"
    triples = set(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(graph), (
        f"{rel(path)}: pyoxigraph reads {len(triples)} triples, rdflib {len(graph)}"
    )


# --------------------------------------------------------------------------
# Labels and comments
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def test_every_term_has_labels_and_comment(ontology: Graph) -> None:
    problems = []
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        terms.update(t for t in ontology.subjects(RDF.type, kind) if t.startswith(PG_NS))
    assert len(terms) > 30, "expected the classes and properties of the ontology"
    for term in sorted(terms):
        labels = list(ontology.objects(term, RDFS.label))
        for lang in ("da", "en"):
            if not any(isinstance(label, Literal) and label.language == lang for label in labels):
                problems.append(f"{term}: no rdfs:label @{lang}")
        comments = [str(c).strip() for c in ontology.objects(term, RDFS.comment)]
        if not any(comments):
            problems.append(f"{term}: no rdfs:comment")
    assert not problems, "\n".join(problems)


def test_every_pg_subject_is_an_owl_term(ontology: Graph) -> None:
    """So that no term escapes the label check by a type it does not look at."""
    known = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    untyped = [
        s
        for s in set(ontology.subjects())
        if isinstance(s, URIRef)
        and s.startswith(PG_NS)
        and not known & set(ontology.objects(s, RDF.type))
    ]
    assert not untyped, f"pg: subjects that are no class, property or individual: {untyped}"


# --------------------------------------------------------------------------
# Every pg: term used in the repository is declared
# --------------------------------------------------------------------------

NAME = r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
PREFIXED = re.compile(r"(?<![\w:/#.-])pg:(" + NAME + ")")
FULL_IRI = re.compile(re.escape(PG_NS) + "(" + NAME + ")")
PG_ATTRIBUTE = re.compile(r"\bPG\.([A-Za-z][A-Za-z0-9_]*)\b(?!\s*\()")
PG_ITEM = re.compile(r"\bPG\[\s*[\"']([^\"']+)[\"']\s*\]")
PREFIX_DECLARATION = re.compile(r"(?:PREFIX|@prefix)\s+pg:\s*<([^>]*)>", re.IGNORECASE)
PY_PREFIX_MAPPING = re.compile(
    r"[\"']pg[\"']\s*[:,]\s*(?:str\(\s*PG\._NS\s*\)|[\"']" + re.escape(PG_NS) + r"[\"'])"
)
SPARQL_PROPERTIES = {str(SH.select), str(SH.ask), str(SH.construct), str(SH.update)}


def binds_pg(text: str, python: bool) -> bool:
    """Whether the file binds the prefix pg: to the policygraph namespace."""
    declared = PREFIX_DECLARATION.findall(text)
    if any(iri != PG_NS for iri in declared):
        return False
    return bool(declared) or (python and bool(PY_PREFIX_MAPPING.search(text)))


def pg_terms_in_turtle(path: Path) -> set[str]:
    """All pg: IRIs of a Turtle file (as subject, predicate, object or literal
    datatype), read with pyoxigraph for speed. Files that do not parse (the
    validator's corpus of broken files has some on purpose) are read as text."""
    names = set()
    declarations: dict[object, dict[str, str]] = {}
    sparql_texts = []
    try:
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        return pg_terms_in_broken_turtle(path)
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, pyoxigraph.Literal):
                term = term.datatype
            if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(PG_NS):
                names.add(term.value[len(PG_NS) :])
        predicate = quad.predicate.value
        if predicate in (str(SH.prefix), str(SH.namespace)):
            declarations.setdefault(quad.subject, {})[predicate] = quad.object.value
        elif predicate in SPARQL_PROPERTIES:
            sparql_texts.append(quad.object.value)
    # SPARQL text inside SHACL-SPARQL constraints, where the shapes graph
    # declares the prefix with sh:declare.
    if {str(SH.prefix): "pg", str(SH.namespace): PG_NS} in declarations.values():
        for text in sparql_texts:
            names.update(PREFIXED.findall(text))
    names.discard("")
    return names


def pg_terms_in_broken_turtle(path: Path) -> set[str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    text = re.sub(r"(?m)^\s*#.*$", "", text)  # whole-line comments
    names = set(FULL_IRI.findall(text))
    if binds_pg(text, python=False):
        names.update(PREFIXED.findall(text))
    return names


def pg_terms_in_sparql(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    names = set(FULL_IRI.findall(text))
    if binds_pg(text, python=False):
        names.update(PREFIXED.findall(text))
    return names


def defined_namespace_members(tree: ast.AST) -> set[str]:
    """Annotated members of ``class PG(DefinedNamespace)``: they are pg: terms
    that rdflib lets through as attributes."""
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ClassDef)
            and node.name == "PG"
            and any(
                (isinstance(b, ast.Name) and b.id == "DefinedNamespace")
                or (isinstance(b, ast.Attribute) and b.attr == "DefinedNamespace")
                for b in node.bases
            )
        ):
            for statement in node.body:
                if (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and not statement.target.id.startswith("_")
                ):
                    names.add(statement.target.id)
    return names


def pg_terms_in_python(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    names = set(FULL_IRI.findall(text))
    names.update(n for n in PG_ATTRIBUTE.findall(text) if not n.startswith("_"))
    names.update(PG_ITEM.findall(text))
    if binds_pg(text, python=True):
        names.update(PREFIXED.findall(text))
    names.update(defined_namespace_members(ast.parse(text, filename=str(path))))
    return names


def files_to_scan(root: Path) -> list[Path]:
    patterns = ("data/*.ttl", "ontology/**/*.ttl", "queries/*.rq", "tests/**/*.ttl", "src/**/*.py")
    return sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()})


def pg_term_uses(root: Path) -> dict[str, set[str]]:
    """Every pg: local name used under root -> the files (relative) using it."""
    uses: dict[str, set[str]] = {}
    for path in files_to_scan(root):
        if path.suffix == ".ttl":
            names = pg_terms_in_turtle(path)
        elif path.suffix == ".rq":
            names = pg_terms_in_sparql(path)
        else:
            names = pg_terms_in_python(path)
        for name in names:
            uses.setdefault(name, set()).add(str(path.relative_to(root)))
    return uses


def declared_pg_terms(ontology: Graph) -> set[str]:
    return {
        s[len(PG_NS) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(PG_NS)
    }


def deliberate_uses(root: Path) -> set[tuple[str, str]]:
    """(file, name) pairs of undeclared terms used on purpose: a test case of the
    validator whose case.json expects an 'undeclared-term' finding for it."""
    allowed = set()
    for case in root.glob("tests/**/case.json"):
        for finding in json.loads(case.read_text(encoding="utf-8")).get("findings", []):
            value = finding.get("value") or ""
            if finding.get("rule") == "undeclared-term" and value.startswith(PG_NS):
                file = case.parent / finding["file"]
                allowed.add((str(file.relative_to(root)), value[len(PG_NS) :]))
    return allowed


def undeclared(
    uses: dict[str, set[str]], declared: set[str], allowed: Set[tuple[str, str]] = frozenset()
) -> list[str]:
    return sorted(
        f"{file}: pg:{name}"
        for name, files in uses.items()
        if name not in declared
        for file in files
        if (file, name) not in allowed
    )


def test_every_used_pg_term_is_declared(ontology: Graph) -> None:
    declared = declared_pg_terms(ontology)
    uses = pg_term_uses(ROOT)
    assert {"PolicyDocument", "Initiative", "supportsPrinciple"} <= uses.keys(), (
        "the scan found none of the common terms: is it reading the repository?"
    )
    problems = undeclared(uses, declared, deliberate_uses(ROOT))
    assert not problems, "pg: terms used but not declared in ontology/policygraph.ttl:\n" + (
        "\n".join(problems)
    )


def test_undeclared_term_check_catches_misspellings(tmp_path: Path, ontology: Graph) -> None:
    files = {
        "data/doc.ttl": (
            "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
            "<urn:x:d> a pg:PolicyDocument ; pg:hasFocusAreas <urn:x:f> .\n"
        ),
        "ontology/vocab/extra.ttl": (
            "<urn:x:c> <https://w3id.org/policygraph/def#alignedTO> <urn:x:v> .\n"
        ),
        "tests/shapes/invalid/case.ttl": (
            "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
            '<urn:x:d> pg:minAge "3"^^pg:Years .\n'
        ),
        "queries/q.rq": (
            "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
            "SELECT ?i WHERE { ?i a pg:Initiative ; pg:supportPrinciple ?p . }\n"
        ),
        "queries/other-prefix.rq": (
            "PREFIX pg: <http://example.org/pg#>\nSELECT ?x WHERE { ?x pg:NotOurs ?y }\n"
        ),
        "src/policygraph/m.py": (
            'QUERY = ("PREFIX pg: <https://w3id.org/policygraph/def#> "\n'
            '         "SELECT * { ?x pg:Objectives ?y }")\n'
            "A = PG.Initiatives\nB = PG['Visions']\nC = PG.term('x')\n"
            'D = "https://w3id.org/policygraph/def#hasThemes"\n'
        ),
        "src/policygraph/ns.py": (
            "from rdflib.namespace import DefinedNamespace\n"
            "class PG(DefinedNamespace):\n    Initiative: str\n    Initiatve: str\n"
        ),
        "src/policygraph/unbound.py": '"""Text about pg:Whatever, no prefix bound."""\n',
        "tests/validate/broken/doc.ttl": (
            "\ufeff@prefix pg: <https://w3id.org/policygraph/def#> .\n"
            "# pg:InAComment is not a use\n"
            "<urn:x:d> a pg:PolicyDocument ; pg:hasIntiative <urn:x:i> ; pg:sourceTxt .\n"
        ),
        "tests/validate/broken/case.json": json.dumps(
            {
                "findings": [
                    {
                        "file": "doc.ttl",
                        "rule": "undeclared-term",
                        "value": "https://w3id.org/policygraph/def#hasIntiative",
                    }
                ]
            }
        ),
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = undeclared(
        pg_term_uses(tmp_path), declared_pg_terms(ontology), deliberate_uses(tmp_path)
    )
    assert found == [
        "data/doc.ttl: pg:hasFocusAreas",
        "ontology/vocab/extra.ttl: pg:alignedTO",
        "queries/q.rq: pg:supportPrinciple",
        "src/policygraph/m.py: pg:Initiatives",
        "src/policygraph/m.py: pg:Objectives",
        "src/policygraph/m.py: pg:Visions",
        "src/policygraph/m.py: pg:hasThemes",
        "src/policygraph/ns.py: pg:Initiatve",
        "tests/shapes/invalid/case.ttl: pg:Years",
        "tests/validate/broken/doc.ttl: pg:sourceTxt",
    ]


def test_sparql_in_shapes_is_scanned() -> None:
    names = pg_terms_in_turtle(SHAPES)
    assert {"alignment", "alignedTo", "supportsPrinciple", "contributesTo"} <= names


# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vocab() -> Graph:
    graph = Graph()
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def concepts_in(graph: Graph, scheme: URIRef) -> set[Node]:
    return set(graph.subjects(SKOS.inScheme, scheme))


def pref_labels(graph: Graph, concept: Node) -> dict[str | None, list[str]]:
    labels: dict[str | None, list[str]] = {}
    for label in graph.objects(concept, SKOS.prefLabel):
        labels.setdefault(getattr(label, "language", None), []).append(str(label))
    return labels


def test_recovery_principles(vocab: Graph) -> None:
    concepts = concepts_in(vocab, ID["scheme/recovery-principles"])
    assert len(concepts) == 8
    notations = {str(vocab.value(c, SKOS.notation)) for c in concepts}
    assert notations == {str(n) for n in range(1, 9)}
    for concept in concepts:
        n = str(vocab.value(concept, SKOS.notation))
        assert concept == ID[f"recovery-principle/{n}"]
        assert (concept, RDF.type, PG.NationalRecoveryPrinciple) in vocab
        labels = pref_labels(vocab, concept)
        assert len(labels.get("da", [])) == 1 and len(labels.get("en", [])) == 1, (concept, labels)


def test_chime(vocab: Graph) -> None:
    concepts = concepts_in(vocab, ID["scheme/chime"])
    assert concepts == {
        ID[f"chime/{slug}"]
        for slug in ("connectedness", "hope-and-optimism", "identity", "meaning", "empowerment")
    }
    for concept in concepts:
        assert (concept, RDF.type, PG.ChimeProcess) in vocab
        labels = pref_labels(vocab, concept)
        assert len(labels.get("da", [])) == 1 and len(labels.get("en", [])) == 1, (concept, labels)


GOAL_IRI = re.compile(r"http://metadata\.un\.org/sdg/([1-9][0-9]?)")
TARGET_IRI = re.compile(r"http://metadata\.un\.org/sdg/([1-9][0-9]?)\.([1-9][0-9]?|[a-z])")


def test_sdg_goals_and_targets() -> None:
    sdg = Graph().parse(VOCAB_DIR / "sdg.ttl", format="turtle")
    goals = set(sdg.subjects(RDF.type, SDGO.Goal))
    targets = set(sdg.subjects(RDF.type, SDGO.Target))
    assert len(goals) == 17
    assert goals == {SDG[str(n)] for n in range(1, 18)}
    assert len(targets) == 169
    for target in targets:
        match = TARGET_IRI.fullmatch(str(target))
        assert match, f"unexpected target IRI {target}"
        assert SDG[match[1]] in goals
        assert (target, SDGO.isTargetOf, SDG[match[1]]) in sdg, target
    assert all(GOAL_IRI.fullmatch(str(g)) for g in goals)


def test_every_goal_has_a_danish_label(vocab: Graph) -> None:
    goals = set(vocab.subjects(RDF.type, SDGO.Goal))
    missing = [g for g in goals if "da" not in pref_labels(vocab, g)]
    assert len(goals) == 17 and not missing, f"goals without prefLabel@da: {missing}"
    danish = Graph().parse(VOCAB_DIR / "sdg-da.ttl", format="turtle")
    assert set(danish.subjects()) <= goals, "sdg-da.ttl labels something that is not a goal"


def test_every_sdg_concept_has_one_label_per_language(vocab: Graph) -> None:
    concepts = set(vocab.subjects(RDF.type, SDGO.Goal)) | set(vocab.subjects(RDF.type, SDGO.Target))
    problems = []
    for concept in sorted(concepts):
        for lang, labels in pref_labels(vocab, concept).items():
            if lang is None or len(labels) != 1:
                problems.append(f"{concept} @{lang}: {labels}")
        if "en" not in pref_labels(vocab, concept):
            problems.append(f"{concept}: no prefLabel @en")
    assert not problems, "\n".join(problems)
    # The UN's KOS gives target 12.3 a stray second label ("By 2030,d"@en and
    # its fr/es twins); the extraction keeps only the full wording.
    assert "food waste" in pref_labels(vocab, SDG["12.3"])["en"][0]


THEMES = (
    "housing",
    "employment-education",
    "relatives-network",
    "children-young-people",
    "substance-use",
    "physical-health",
    "suicide-prevention",
    "stigma-inclusion",
    "peer-support",
    "cross-sector-coordination",
    "early-detection",
    "competence-development",
)


def test_themes(vocab: Graph) -> None:
    concepts = concepts_in(vocab, ID["scheme/themes"])
    missing = [slug for slug in THEMES if ID[f"theme/{slug}"] not in concepts]
    assert not missing, f"themes missing from the theme scheme: {missing}"
    for concept in concepts:
        assert (concept, RDF.type, PG.Theme) in vocab, concept
        assert str(concept) == str(ID["theme/"]) + str(vocab.value(concept, SKOS.notation))
        labels = pref_labels(vocab, concept)
        assert len(labels.get("da", [])) == 1 and len(labels.get("en", [])) == 1, (concept, labels)


def test_organisation_kinds_are_typed(vocab: Graph) -> None:
    concepts = concepts_in(vocab, ID["scheme/organisation-kinds"])
    assert ID["organisation-kind/ngo"] in concepts
    untyped = [c for c in concepts if (c, RDF.type, PG.OrganisationKind) not in vocab]
    assert not untyped, f"organisation kinds without rdf:type pg:OrganisationKind: {untyped}"
