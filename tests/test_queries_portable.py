"""Repository test: saved queries avoid the constructs engines answer differently.

The rules and the reasons are in docs/queries.md ("Portability rules"); each rule is
checked here on every shipped query, and shown to catch the construct it forbids.
"""

from __future__ import annotations

import pytest

from policygraph.queries import saved_queries
from policygraph.sparql import PORTABILITY_RULES, portability_problems

from .conftest import ROOT

# The forbidden shapes, as they stood in the queries before the rewrite.
FORBIDDEN = {
    "cast-booleans": "SELECT ?d WHERE { ?d a ?t . BIND(EXISTS { ?d ?p ?o } AS ?flag) }",
    "bound-before-str": "SELECT ?r WHERE { OPTIONAL { ?g <urn:min> ?lo } "
    'BIND(COALESCE(CONCAT(STR(?lo), "+"), "none") AS ?r) }',
    "no-bind-copy-in-optional": "SELECT ?a WHERE { ?s <urn:a> ?a . "
    "OPTIONAL { ?a <urn:b> <urn:E> . BIND(?a AS ?e) } "
    "OPTIONAL { ?a <urn:b> <urn:C> . BIND(?a AS ?c) } }",
    "no-exists-guarded-by-bound": "SELECT ?m WHERE { { ?m a <urn:M> } UNION { ?d <urn:by> ?m } "
    "FILTER(!BOUND(?d) || NOT EXISTS { ?later <urn:rev> ?d }) }",
    "no-filter-exists-in-subquery": "SELECT ?d WHERE { { SELECT ?d WHERE { ?d <urn:p> ?o "
    "FILTER EXISTS { ?o a <urn:T> } } } }",
    "order-long-text-by-str": "PREFIX pg: <https://w3id.org/policygraph/def#> "
    "SELECT ?i ?t WHERE { ?i pg:sourceText ?t } ORDER BY ?i ?t",
}


def test_every_rule_has_a_forbidden_example() -> None:
    assert set(FORBIDDEN) == {rule.name for rule in PORTABILITY_RULES}


@pytest.mark.parametrize("rule", PORTABILITY_RULES, ids=lambda r: r.name)
def test_rule_catches_what_it_forbids(rule: object) -> None:
    name = rule.name  # type: ignore[attr-defined]
    found = portability_problems(FORBIDDEN[name])
    assert [f for f in found if f.startswith(name + ":")], found


def test_rules_ignore_comments_and_strings() -> None:
    text = '# BIND(EXISTS { ?x ?p ?o } AS ?y)\nSELECT ?s WHERE { ?s ?p "BIND(EXISTS {" }'
    assert portability_problems(text) == []


@pytest.mark.parametrize("query", saved_queries(), ids=lambda q: q.name)
def test_saved_query_is_portable(query: object) -> None:
    assert portability_problems(query.text) == [], query.name  # type: ignore[attr-defined]


def test_rules_are_documented() -> None:
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for rule in PORTABILITY_RULES:
        assert f"### `{rule.name}`" in text
