"""The core SHACL engine against pySHACL, component by component.

The shipped shapes are compared on whole corpora in ``test_validation_scale.py``; the
cases here cover what the engine implements beyond them (and the corners of what they
use): each pairs a small shapes graph with data that conforms in some places and not
in others, and pySHACL's results are the expected ones.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
import rdflib

from policygraph.validation import core, shacl

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:x:> .
"""

DATA = """
ex:Sub rdfs:subClassOf ex:C . ex:SubSub rdfs:subClassOf ex:Sub .
ex:a a ex:C ; ex:p ex:b , "text"@da , "3"^^xsd:integer ; ex:q ex:b ; ex:n 5 ; ex:m 4 .
ex:b a ex:SubSub ; ex:p "2020-02-30"^^xsd:date , "2020-02-03"^^xsd:date ; ex:n 1 ; ex:m 2 .
ex:c a ex:Sub ; ex:p [ ex:p "deep" ] ; ex:q ex:a , ex:c ; ex:n "x" ; ex:m 3 .
ex:d ex:r ex:a , ex:d ; ex:p "tekst"@da-DK , "text"@DA , "more"@en ; ex:n 2.5 .
"""

CASES = {
    "class-and-datatype": """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P1 , ex:P2 .
        ex:P1 sh:path ex:p ; sh:class ex:C ; sh:message "class" .
        ex:P2 sh:path ex:p ; sh:datatype xsd:date ; sh:severity sh:Warning ; sh:message "date" .
    """,
    "node-kind-in-has-value": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property ex:P1 , ex:P2 , ex:P3 .
        ex:P1 sh:path ex:p ; sh:nodeKind sh:BlankNodeOrIRI ; sh:message "kind" .
        ex:P2 sh:path ex:q ; sh:in ( ex:a ex:b ) ; sh:message "in" .
        ex:P3 sh:path ex:q ; sh:hasValue ex:b ; sh:message "has" .
    """,
    "counts-and-paths": """
        ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b , ex:c , ex:d ;
            sh:property ex:P1 , ex:P2 , ex:P3 , ex:P4 .
        ex:P1 sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ; sh:message "inverse" .
        ex:P2 sh:path ( ex:q ex:p ) ; sh:maxCount 2 ; sh:message "sequence" .
        ex:P3 sh:path [ sh:alternativePath ( ex:q ex:r ) ] ; sh:maxCount 1 ; sh:message "alt" .
        ex:P4 sh:path ( ex:p ex:p ) ; sh:minCount 1 ; sh:message "blank" .
    """,
    "strings": """
        ex:S a sh:NodeShape ; sh:targetObjectsOf ex:r ; sh:targetClass ex:C ;
            sh:property ex:P1 , ex:P2 , ex:P3 .
        ex:P1 sh:path ex:p ; sh:languageIn ( "da" ) ; sh:message "lang" .
        ex:P2 sh:path ex:p ; sh:uniqueLang true ; sh:message "unique" .
        ex:P3 sh:path ex:p ; sh:pattern "^T" ; sh:flags "i" ; sh:message "pattern" .
    """,
    "ranges-and-pairs": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:property ex:P1 , ex:P2 , ex:P3 ,
            ex:P4 .
        ex:P1 sh:path ex:n ; sh:minExclusive 1 ; sh:maxInclusive 4 ; sh:message "range" .
        ex:P2 sh:path ex:n ; sh:lessThanOrEquals ex:m ; sh:message "ltoe" .
        ex:P3 sh:path ex:q ; sh:equals ex:r ; sh:message "equals" .
        ex:P4 sh:path ex:m ; sh:minInclusive 3 ; sh:maxExclusive 4 ; sh:message "range2" .
    """,
    "logic": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:or ( [ sh:class ex:Sub ] [ sh:path ex:r ; sh:minCount 1 ] ) ;
            sh:message "or" .
        ex:T a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:and ( [ sh:path ex:n ; sh:datatype xsd:integer ] [ sh:path ex:m ; sh:minCount 1 ] ) ;
            sh:message "and" .
        ex:U a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:not [ sh:class ex:C ] ;
            sh:severity sh:Info ; sh:message "not" .
        ex:V a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:property ex:P1 .
        ex:P1 sh:path ex:q ; sh:or ( ex:N [ sh:class ex:Sub ] ) ; sh:message "nested" .
        ex:N a sh:NodeShape ; sh:property [ sh:path ex:m ; sh:maxInclusive 3 ] .
    """,
    "qualified": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property ex:P1 , ex:P2 .
        ex:P1 sh:path ex:p ; sh:qualifiedValueShape [ sh:languageIn ( "da" ) ] ;
            sh:qualifiedMinCount 2 ; sh:message "min" .
        ex:P2 sh:path ex:p ; sh:qualifiedValueShape [ sh:datatype xsd:date ] ;
            sh:qualifiedMaxCount 1 ; sh:message "max" .
    """,
}


def _triples(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


def _key(results: list[object]) -> Counter[tuple[object, ...]]:
    return Counter(
        (r.severity, r.focus_node, r.path, r.value, r.source_shape, r.constraint, r.message)  # type: ignore[attr-defined]
        for r in results
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_engine_gives_pyshacls_results(name: str) -> None:
    shapes = rdflib.Graph().parse(data=PREFIXES + CASES[name], format="turtle")
    data = _triples(DATA)
    expected = shacl.run_shapes([], shacl.Nowhere(), shapes, data)
    found = core.compile_shapes(shapes).results(data)
    assert expected, "the case must produce results"
    assert _key(found) == _key(expected)


@pytest.mark.parametrize(
    "shapes",
    [
        "ex:S sh:targetClass ex:C ; sh:xone ( [ sh:class ex:C ] ) .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ] .",
        "ex:S sh:targetClass ex:C ; sh:closed true .",
        "ex:S sh:targetClass ex:C ; sh:node [ sh:class ex:C ] .",
        "ex:S sh:targetClass ex:C ; sh:deactivated true ; sh:class ex:C .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:lessThan ex:q ] .",
        'ex:S sh:targetClass ex:C ; sh:class ex:D ; sh:message "{$this} is not a D" .',
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
        "[ sh:class ex:C ] ; sh:qualifiedValueShapesDisjoint true ; sh:qualifiedMinCount 1 ] .",
    ],
)
def test_what_the_engine_does_not_implement_is_refused(shapes: str) -> None:
    graph = rdflib.Graph().parse(data=PREFIXES + shapes, format="turtle")
    with pytest.raises(core.Unsupported):
        core.compile_shapes(graph)
