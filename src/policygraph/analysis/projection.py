"""The projection: the knowledge graph as a typed networkx graph, and the helpers every
analysis uses to read it (labels, documents, issuers, profiles)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx

from ..errors import ParameterError
from ..memory import no_cycle_collection
from ..namespaces import SPARQL_PREFIXES
from ..terms import to_text

if TYPE_CHECKING:
    from ..graph import PolicyGraph

#: Anything an analysis accepts: the knowledge graph or its projection.
Source: TypeAlias = "PolicyGraph | nx.DiGraph[str]"
#: Plain profiles: a set of feature keys, or feature counts, per document/municipality.
Profiles: TypeAlias = Mapping[str, Mapping[str, int] | Iterable[str]]

#: Facets of a profile: the relation followed and the node types it reaches.
FACETS: dict[str, tuple[str, frozenset[str]]] = {
    "principle": ("supports_principle", frozenset({"principle"})),
    "chime": ("supports_principle", frozenset({"chime"})),
    "theme": ("has_theme", frozenset({"theme"})),
    "sdg": ("contributes_to", frozenset({"sdg_goal", "sdg_target"})),
}
#: Theme coverage (docs/encoding.md): a theme counts only where an initiative carries
#: it; focus-area themes describe headings and are left out of profiles and coverage.
THEME_CARRIERS = frozenset({"initiative"})


# Node classes and the type name they get in the projection.
_NODE_QUERY = """SELECT ?node ?type ?notation ?en ?da ?document ?status ?kind WHERE {
  VALUES (?class ?type) {
    (pg:PolicyDocument "document") (pg:Municipality "municipality")
    (pg:Vision "vision") (pg:Purpose "purpose") (pg:Value "value")
    (pg:TargetGroup "target_group") (pg:DocumentPrinciple "document_principle")
    (pg:FocusArea "focus_area") (pg:Objective "objective") (pg:Initiative "initiative")
    (pg:NationalRecoveryPrinciple "principle") (pg:ChimeProcess "chime")
    (pg:Theme "theme") (pg:PartnerOrganisation "partner")
  }
  ?node a ?class .
  # The authority list holds every municipality; only issuers belong in the network.
  FILTER(?type != "municipality" || EXISTS { ?issued pg:issuedBy ?node })
  OPTIONAL { ?node skos:notation ?notation }
  OPTIONAL { ?node skos:prefLabel|dcterms:title ?en . FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?node skos:prefLabel|dcterms:title|pg:sourceText ?da .
             FILTER(LANGMATCHES(LANG(?da), "da")) }
  OPTIONAL { ?node pg:inDocument ?document }
  OPTIONAL { ?node pg:status ?status }
  OPTIONAL { ?node pg:organisationKind/skos:prefLabel ?kind .
             FILTER(LANGMATCHES(LANG(?kind), "en")) }
}"""

# Only the SDG goals and targets the data links to (and the goals of those targets);
# the linked nodes are made distinct first, so that labels are read once per node, not
# once per link.
_SDG_QUERY = """SELECT DISTINCT ?node ?type ?notation ?en ?da WHERE {
  { SELECT DISTINCT ?node WHERE {
      { ?linked pg:contributesTo ?node } UNION { ?linked pg:contributesTo/sdgo:isTargetOf ?node }
  } }
  VALUES (?class ?type) { (sdgo:Goal "sdg_goal") (sdgo:Target "sdg_target") }
  ?node a ?class .
  OPTIONAL { ?node skos:notation ?notation . FILTER(DATATYPE(?notation) = sdgo:SDGCodeCompact) }
  OPTIONAL { ?node skos:prefLabel ?en . FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?node skos:prefLabel ?da . FILTER(LANGMATCHES(LANG(?da), "da")) }
}"""

_EDGE_QUERY = """SELECT ?s ?relation ?o ?basis WHERE {
  VALUES (?p ?relation) {
    (pg:issuedBy "issued_by") (pg:hasVision "has_vision") (pg:hasPurpose "has_purpose")
    (pg:hasValue "has_value") (pg:hasTargetGroup "has_target_group")
    (pg:hasDocumentPrinciple "has_document_principle") (pg:hasFocusArea "has_focus_area")
    (pg:hasObjective "has_objective") (pg:hasInitiative "has_initiative")
    (pg:hasTheme "has_theme") (pg:involvesPartner "involves_partner")
    (pg:supportsPrinciple "supports_principle") (pg:contributesTo "contributes_to")
    (prov:wasRevisionOf "revision_of") (sdgo:isTargetOf "target_of")
  }
  ?s ?p ?o .
  FILTER(ISIRI(?o))
  OPTIONAL { ?s pg:alignment ?alignment . ?alignment pg:alignedTo ?o ; pg:basis ?basis }
}"""

# The type an edge's object has when the data does not declare it.
_OBJECT_TYPES = {
    "issued_by": "municipality",
    "has_theme": "theme",
    "involves_partner": "partner",
    "contributes_to": "sdg_target",
}


def projection(graph: PolicyGraph) -> nx.DiGraph[str]:
    """The knowledge graph as a typed directed networkx graph.

    Nodes are IRIs with attributes ``type`` (``document``, ``municipality``,
    ``focus_area``, ``objective``, ``initiative``, ``vision``, ``purpose``, ``value``,
    ``target_group``, ``document_principle``, ``principle``, ``chime``, ``theme``,
    ``partner``, ``sdg_goal``, ``sdg_target``), ``iri``, ``label_en``, ``label_da``
    (an item's Danish label is its source text) and, where they apply, ``notation``,
    ``document`` (of an item), ``status`` (of a document) and ``kind`` (of a partner).
    Edges carry ``relation`` (``issued_by``, ``has_focus_area``, ``has_initiative``,
    ``supports_principle``, ``contributes_to``, ``has_theme``, ``involves_partner``,
    ``revision_of``, ``target_of`` …) and, for principle and SDG links, ``basis``
    (``explicit`` or ``curated``). Only the SDG goals and targets the data links to
    are included. Missing values are absent attributes, never ``None``.

    >>> from policygraph import load
    >>> g = projection(load())
    >>> g.nodes["https://w3id.org/policygraph/id/recovery-principle/5"]["label_da"]
    'Hjælp borgerne så tidligt som muligt'
    """
    with no_cycle_collection():  # millions of tuples and dicts, and no cycles
        return _projection(graph)


def _projection(graph: PolicyGraph) -> nx.DiGraph[str]:
    result: nx.DiGraph[str] = nx.DiGraph()
    columns = ("notation", "label_en", "label_da", "document", "status", "kind")
    attributes: dict[str, dict[str, str]] = {}
    rows = _rows(graph, _NODE_QUERY)
    rows += (row + (None,) * 3 for row in _rows(graph, _SDG_QUERY))  # no document, status, kind
    rows.sort(key=_order)
    for node, kind, *values in rows:
        assert node is not None and kind is not None
        attrs = attributes.setdefault(node, {"type": kind, "iri": node})
        for name, value in zip(columns, values, strict=True):
            if value is not None and name not in attrs:
                attrs[name] = local_name(value).lower() if name == "status" else value
    del rows
    for node in sorted(attributes):
        result.add_node(node, **attributes[node])
    del attributes
    edges = _rows(graph, _EDGE_QUERY)
    edges.sort(key=_order)
    for subject, relation, obj, basis in edges:
        assert subject is not None and relation is not None and obj is not None
        s, o, rel = subject, obj, relation
        if s not in result:
            continue  # e.g. a target's isTargetOf when the target is not linked
        if o not in result:
            if rel not in _OBJECT_TYPES:
                continue
            result.add_node(o, type=_OBJECT_TYPES[rel], iri=o)
        attrs = {"relation": rel}
        if basis is not None:
            attrs["basis"] = local_name(basis).lower()
        result.add_edge(s, o, **attrs)
    return result


def _rows(graph: PolicyGraph, query: str) -> list[tuple[str | None, ...]]:
    """A SELECT query's rows as plain strings: the text of each value as
    :meth:`~policygraph.PolicyGraph.query` gives it (``str`` of its Python value),
    without keeping the engine's terms or a result object beside them."""
    _, rows = graph.backend.select(SPARQL_PREFIXES + query)
    return [tuple(map(to_text, row)) for row in rows]


def _order(row: tuple[str | None, ...]) -> tuple[str, ...]:
    """Rows in a stable order (an unbound value sorts as the text "None", as always)."""
    return tuple("None" if value is None else value for value in row)


def as_network(source: Source) -> nx.DiGraph[str]:
    if isinstance(source, nx.Graph):
        return source
    return projection(source)


def local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def label(network: nx.Graph[str], node: str, lang: str = "en") -> str:
    """A node's label in ``lang`` (``en`` or ``da``), else the other, else its notation/IRI tail."""
    attrs = network.nodes[node] if node in network else {}
    other = "da" if lang == "en" else "en"
    for key in (f"label_{lang}", f"label_{other}", "notation"):
        if attrs.get(key):
            return str(attrs[key])
    return local_name(node)


def short_label(network: nx.Graph[str], node: str) -> str:
    """A compact name for tables and figures: a document's slug, a municipality's Danish
    name without "Kommune", otherwise the Danish (else English) label."""
    kind = network.nodes[node].get("type") if node in network else None
    if kind == "document":
        return local_name(node)
    text = label(network, node, "da")
    if kind == "municipality":
        return re.sub(r"\s+Kommune$", "", text)
    return text


def nodes_of_type(network: nx.Graph[str], *types: str) -> list[str]:
    return sorted(n for n, d in network.nodes(data=True) if d.get("type") in types)


def concept_sort_key(network: nx.Graph[str], node: str) -> tuple[Any, ...]:
    """Principles 1–8 by number, CHIME in C-H-I-M-E order, SDG codes numerically."""
    attrs = network.nodes[node] if node in network else {}
    notation = str(attrs.get("notation") or local_name(node))
    if attrs.get("type") == "chime" and len(notation) == 1 and notation in "CHIME":
        return (1, "CHIME".index(notation))
    parts = notation.split(".")
    if parts[0].isdigit():
        rest = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts[1:])
        return (0, int(parts[0]), rest)
    return (2, label(network, node))


def documents(network: nx.DiGraph[str]) -> list[str]:
    """The document nodes, sorted."""
    return nodes_of_type(network, "document")


def issuers(network: nx.DiGraph[str], document: str) -> list[str]:
    """The municipalities that issue ``document``."""
    return sorted(
        o for _, o, d in network.out_edges(document, data=True) if d["relation"] == "issued_by"
    )


def superseded(network: nx.DiGraph[str]) -> set[str]:
    """Documents a later document revises (a draft and its adopted version)."""
    return {
        o
        for s, o, d in network.edges(data=True)
        if d["relation"] == "revision_of" and network.nodes[s].get("type") == "document"
    }


def document_items(network: nx.DiGraph[str]) -> dict[str, list[str]]:
    """Each document with the items in it (the document itself first)."""
    items: dict[str, list[str]] = {doc: [doc] for doc in documents(network)}
    for node, doc in sorted((n, d.get("document")) for n, d in network.nodes(data=True)):
        if doc in items and node != doc:
            items[doc].append(node)
    return items


def municipality_documents(
    network: nx.DiGraph[str], *, include_superseded: bool = False
) -> dict[str, list[str]]:
    """Each municipality with the documents it issues; a superseded draft is left out
    unless ``include_superseded`` (so a draft and its adopted version count once)."""
    skip = set() if include_superseded else superseded(network)
    result: dict[str, list[str]] = {m: [] for m in nodes_of_type(network, "municipality")}
    for doc in documents(network):
        if doc not in skip:
            for municipality in issuers(network, doc):
                result.setdefault(municipality, []).append(doc)
    return result


def links(network: nx.DiGraph[str], node: str, facets: Sequence[str]) -> Iterable[tuple[str, str]]:
    """(facet, concept) for each link of ``node`` in the given facets (themes only from
    initiatives, see ``THEME_CARRIERS``)."""
    carries_themes = network.nodes[node].get("type") in THEME_CARRIERS
    for _, target, edge in network.out_edges(node, data=True):
        relation = edge["relation"]
        kind = network.nodes[target].get("type")
        for facet in facets:
            wanted_relation, types = FACETS[facet]
            if facet == "theme" and not carries_themes:
                continue
            if relation == wanted_relation and kind in types:
                yield facet, target


def check_facets(facets: Sequence[str]) -> tuple[str, ...]:
    unknown = [f for f in facets if f not in FACETS]
    if unknown or not facets:
        raise ParameterError(
            f"unknown facet {', '.join(unknown) or '(none)'}; use some of {', '.join(FACETS)}."
        )
    return tuple(facets)


def profiles(
    source: Source,
    *,
    by: str = "municipality",
    facets: Sequence[str] = tuple(FACETS),
    include_superseded: bool = False,
) -> dict[str, Counter[str]]:
    """How often each principle, CHIME process, theme and SDG is linked, per document or
    municipality: the links of the document and of every item in it are counted
    (themes only where an initiative carries them, the theme coverage of
    docs/encoding.md).

    ``by`` is ``"document"`` or ``"municipality"`` (a municipality sums its documents;
    a joint plan counts for each issuer; superseded drafts are left out unless
    ``include_superseded``). ``facets`` picks among ``principle``, ``chime``, ``theme``
    and ``sdg``.
    """
    facets = check_facets(facets)
    network = as_network(source)
    items = document_items(network)
    per_document: dict[str, Counter[str]] = {
        doc: Counter(c for item in members for _, c in links(network, item, facets))
        for doc, members in items.items()
    }
    if by == "document":
        return per_document
    if by != "municipality":
        raise ParameterError(f"unknown grouping {by!r}; use 'document' or 'municipality'.")
    result: dict[str, Counter[str]] = {}
    for municipality, docs in municipality_documents(
        network, include_superseded=include_superseded
    ).items():
        total: Counter[str] = Counter()
        for doc in docs:
            total.update(per_document[doc])
        result[municipality] = total
    return result


def concept_label(network: nx.Graph[str], concept: str, *, short: bool = False) -> str:
    """English label of a concept: ``"P5 Help the citizens …"``, ``"SDG 3.4"``, a theme's
    label; with ``short``, just ``"P5"`` for a principle (for running text)."""
    attrs = network.nodes[concept]
    kind = attrs.get("type")
    if kind == "principle":
        number = f"P{attrs.get('notation', '')}"
        return number if short else f"{number} {label(network, concept)}"
    if kind in ("sdg_goal", "sdg_target"):
        return f"SDG {attrs.get('notation', local_name(concept))}"
    return label(network, concept)
