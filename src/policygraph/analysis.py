"""Network analysis over a projection of the graph (the only module that imports networkx).

:func:`projection` turns the knowledge graph into a typed :class:`networkx.DiGraph`
with a handful of SELECT queries. Every analysis takes a :class:`PolicyGraph`, that
projection, or plain Python data (so it can be checked on small hand-made inputs):

- :func:`similarity` of documents or municipalities over their principle, CHIME,
  theme and SDG profiles (Jaccard on sets, cosine on count vectors);
- :func:`partner_network`: the municipality–partner bipartite graph, its projections
  and centralities;
- :func:`communities` of initiatives that share principles and themes (Louvain);
- :func:`coverage`: principle, CHIME, theme or SDG × municipality counts, explicit
  and curated apart;
- :func:`export_network` as GraphML, GEXF or node-link JSON.

>>> graph = policygraph.load()                          # doctest: +SKIP
>>> policygraph.similarity(graph).pairs()[0]            # doctest: +SKIP
SimilarPair(a='…/ishoej', b='…/vallensbaek', jaccard=1.0, cosine=1.0)
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx

from .errors import ParameterError
from .namespaces import PREFIXES
from .results import QueryResult
from .terms import PyValue

if TYPE_CHECKING:
    from .graph import PolicyGraph

#: Anything an analysis accepts: the knowledge graph or its projection.
Source: TypeAlias = "PolicyGraph | nx.DiGraph"
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
EXPORT_FORMATS = ("graphml", "gexf", "json")
METRICS = ("jaccard", "cosine")
BASES = ("explicit", "curated")
DEFAULT_SEED = 20240601

_PG = PREFIXES["pg"]
_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

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
  OPTIONAL { ?node skos:notation ?notation }
  OPTIONAL { ?node skos:prefLabel|dcterms:title ?en . FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?node skos:prefLabel|dcterms:title|pg:sourceText ?da .
             FILTER(LANGMATCHES(LANG(?da), "da")) }
  OPTIONAL { ?node pg:inDocument ?document }
  OPTIONAL { ?node pg:status ?status }
  OPTIONAL { ?node pg:organisationKind/skos:prefLabel ?kind .
             FILTER(LANGMATCHES(LANG(?kind), "en")) }
}"""

# Only the SDG goals and targets the data links to (and the goals of those targets).
_SDG_QUERY = """SELECT DISTINCT ?node ?type ?notation ?en ?da WHERE {
  VALUES (?class ?type) { (sdgo:Goal "sdg_goal") (sdgo:Target "sdg_target") }
  { ?linked pg:contributesTo ?node } UNION { ?linked pg:contributesTo/sdgo:isTargetOf ?node }
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


# -- projection ------------------------------------------------------------------------


def projection(graph: PolicyGraph) -> nx.DiGraph:
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

    >>> g = projection(policygraph.load())                  # doctest: +SKIP
    >>> g.nodes["https://w3id.org/policygraph/id/recovery-principle/5"]["label_da"] # doctest: +SKIP
    'Hjælp borgerne så tidligt som muligt'
    """
    result = nx.DiGraph()
    rows = (
        graph.run(_HEADER + _NODE_QUERY).to_records() + graph.run(_HEADER + _SDG_QUERY).to_records()
    )
    attributes: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        node = str(row["node"])
        attrs = attributes.setdefault(node, {"type": str(row["type"]), "iri": node})
        for column, name in (
            ("notation", "notation"),
            ("en", "label_en"),
            ("da", "label_da"),
            ("document", "document"),
            ("status", "status"),
            ("kind", "kind"),
        ):
            value = row.get(column)
            if value is not None and name not in attrs:
                attrs[name] = _local(str(value)).lower() if column == "status" else str(value)
    for node in sorted(attributes):
        result.add_node(node, **attributes[node])
    edges = graph.run(_HEADER + _EDGE_QUERY).rows
    for subject, relation, obj, basis in sorted(edges, key=lambda r: tuple(map(str, r))):
        s, o, rel = str(subject), str(obj), str(relation)
        if s not in result:
            continue  # e.g. a target's isTargetOf when the target is not linked
        if o not in result:
            if rel not in _OBJECT_TYPES:
                continue
            result.add_node(o, type=_OBJECT_TYPES[rel], iri=o)
        attrs = {"relation": rel}
        if basis is not None:
            attrs["basis"] = _local(str(basis)).lower()
        result.add_edge(s, o, **attrs)
    return result


def _as_network(source: Source) -> nx.DiGraph:
    if isinstance(source, nx.Graph):
        return source
    return projection(source)


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def label(network: nx.Graph, node: str, lang: str = "en") -> str:
    """A node's label in ``lang`` (``en`` or ``da``), else the other, else its notation/IRI tail."""
    attrs = network.nodes[node] if node in network else {}
    other = "da" if lang == "en" else "en"
    for key in (f"label_{lang}", f"label_{other}", "notation"):
        if attrs.get(key):
            return str(attrs[key])
    return _local(node)


def short_label(network: nx.Graph, node: str) -> str:
    """A compact name for tables and figures: a document's slug, a municipality's Danish
    name without "Kommune", otherwise the Danish (else English) label."""
    kind = network.nodes[node].get("type") if node in network else None
    if kind == "document":
        return _local(node)
    text = label(network, node, "da")
    if kind == "municipality":
        return re.sub(r"\s+Kommune$", "", text)
    return text


def _nodes_of_type(network: nx.Graph, *types: str) -> list[str]:
    return sorted(n for n, t in network.nodes(data="type") if t in types)


def concept_sort_key(network: nx.Graph, node: str) -> tuple[Any, ...]:
    """Principles 1–8 by number, CHIME in C-H-I-M-E order, SDG codes numerically."""
    attrs = network.nodes[node] if node in network else {}
    notation = str(attrs.get("notation") or _local(node))
    if attrs.get("type") == "chime" and len(notation) == 1 and notation in "CHIME":
        return (1, "CHIME".index(notation))
    parts = notation.split(".")
    if parts[0].isdigit():
        rest = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts[1:])
        return (0, int(parts[0]), rest)
    return (2, label(network, node))


# -- documents, municipalities and profiles ---------------------------------------------


def documents(network: nx.DiGraph) -> list[str]:
    """The document nodes, sorted."""
    return _nodes_of_type(network, "document")


def issuers(network: nx.DiGraph, document: str) -> list[str]:
    """The municipalities that issue ``document``."""
    return sorted(o for _, o, r in network.out_edges(document, data="relation") if r == "issued_by")


def superseded(network: nx.DiGraph) -> set[str]:
    """Documents a later document revises (a draft and its adopted version)."""
    return {
        o
        for s, o, r in network.edges(data="relation")
        if r == "revision_of" and network.nodes[s].get("type") == "document"
    }


def document_items(network: nx.DiGraph) -> dict[str, list[str]]:
    """Each document with the items in it (the document itself first)."""
    items: dict[str, list[str]] = {doc: [doc] for doc in documents(network)}
    for node, doc in sorted(network.nodes(data="document")):
        if doc in items and node != doc:
            items[doc].append(node)
    return items


def municipality_documents(
    network: nx.DiGraph, *, include_superseded: bool = False
) -> dict[str, list[str]]:
    """Each municipality with the documents it issues; a superseded draft is left out
    unless ``include_superseded`` (so a draft and its adopted version count once)."""
    skip = set() if include_superseded else superseded(network)
    result: dict[str, list[str]] = {m: [] for m in _nodes_of_type(network, "municipality")}
    for doc in documents(network):
        if doc not in skip:
            for municipality in issuers(network, doc):
                result.setdefault(municipality, []).append(doc)
    return result


def _links(network: nx.DiGraph, node: str, facets: Sequence[str]) -> Iterable[tuple[str, str]]:
    """(facet, concept) for each link of ``node`` in the given facets (themes only
    from initiatives, see ``THEME_CARRIERS``)."""
    carries_themes = network.nodes[node].get("type") in THEME_CARRIERS
    for _, target, relation in network.out_edges(node, data="relation"):
        kind = network.nodes[target].get("type")
        for facet in facets:
            wanted_relation, types = FACETS[facet]
            if facet == "theme" and not carries_themes:
                continue
            if relation == wanted_relation and kind in types:
                yield facet, target


def _check_facets(facets: Sequence[str]) -> tuple[str, ...]:
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
    facets = _check_facets(facets)
    network = _as_network(source)
    items = document_items(network)
    per_document: dict[str, Counter[str]] = {
        doc: Counter(c for item in members for _, c in _links(network, item, facets))
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


# -- similarity ------------------------------------------------------------------------


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0.0 when both are empty."""
    set_a, set_b = set(a), set(b)
    union = set_a | set_b
    return len(set_a & set_b) / len(union) if union else 0.0


def cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    """The cosine of two count vectors; 0.0 when either is all zeros."""
    dot = sum(count * b.get(key, 0) for key, count in a.items())
    # One square root of the product, so that a vector's cosine with itself is exactly 1.
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return min(1.0, dot / norm) if norm else 0.0


@dataclass(frozen=True)
class SimilarPair:
    """Two documents or municipalities and how alike their profiles are."""

    a: str
    b: str
    jaccard: float
    cosine: float


@dataclass(frozen=True)
class Similarity:
    """Jaccard and cosine similarity matrices over the same ordered keys."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    jaccard: tuple[tuple[float, ...], ...]
    cosine: tuple[tuple[float, ...], ...]

    def matrix(self, metric: str = "jaccard") -> tuple[tuple[float, ...], ...]:
        """The ``jaccard`` or ``cosine`` matrix (rows and columns in ``keys`` order)."""
        if metric not in METRICS:
            raise ParameterError(f"unknown metric {metric!r}; use jaccard or cosine.")
        return self.jaccard if metric == "jaccard" else self.cosine

    def pairs(self, metric: str = "jaccard") -> list[SimilarPair]:
        """Every unordered pair, most similar first (ties: the other metric, then keys)."""
        self.matrix(metric)
        pairs = [
            SimilarPair(self.keys[i], self.keys[j], self.jaccard[i][j], self.cosine[i][j])
            for i in range(len(self.keys))
            for j in range(i + 1, len(self.keys))
        ]
        other = "cosine" if metric == "jaccard" else "jaccard"
        return sorted(pairs, key=lambda p: (-getattr(p, metric), -getattr(p, other), p.a, p.b))

    def pairs_result(self, metric: str = "jaccard") -> QueryResult:
        """:meth:`pairs` as a table."""
        index = dict(zip(self.keys, self.labels, strict=True))
        rows = tuple(
            (index[p.a], index[p.b], round(p.jaccard, 4), round(p.cosine, 4))
            for p in self.pairs(metric)
        )
        return QueryResult(columns=("a", "b", "jaccard", "cosine"), rows=rows)

    def matrix_result(self, metric: str = "jaccard") -> QueryResult:
        """:meth:`matrix` as a table with a row label column."""
        rows: tuple[tuple[PyValue, ...], ...] = tuple(
            (label_, *(round(v, 4) for v in values))
            for label_, values in zip(self.labels, self.matrix(metric), strict=True)
        )
        return QueryResult(columns=("", *self.labels), rows=rows)


def similarity(
    source: Source | Profiles,
    *,
    by: str = "municipality",
    facets: Sequence[str] = tuple(FACETS),
    include_superseded: bool = False,
) -> Similarity:
    """Pairwise similarity of documents or municipalities over their profiles.

    Jaccard compares the *sets* of linked concepts; cosine compares how often each
    is linked. ``source`` is a PolicyGraph, its projection, or plain profiles: a mapping
    from a name to a set of feature keys or to feature counts.

    >>> s = similarity({"a": {"x", "y"}, "b": {"y", "z"}})
    >>> s.jaccard[0][1], round(s.cosine[0][1], 3)
    (0.3333333333333333, 0.5)
    """
    if isinstance(source, Mapping):
        counted = {key: _as_counter(value) for key, value in source.items()}
        names = {key: key for key in counted}
    else:
        network = _as_network(source)
        counted = dict(
            profiles(network, by=by, facets=facets, include_superseded=include_superseded)
        )
        names = {key: short_label(network, key) for key in counted}
    keys = tuple(sorted(counted))
    jac = tuple(
        tuple(1.0 if a == b and counted[a] else jaccard(+counted[a], +counted[b]) for b in keys)
        for a in keys
    )
    cos = tuple(tuple(cosine(counted[a], counted[b]) for b in keys) for a in keys)
    return Similarity(keys, tuple(names[k] for k in keys), jac, cos)


def _as_counter(value: Mapping[str, int] | Iterable[str]) -> Counter[str]:
    if isinstance(value, Mapping):
        return Counter({str(k): int(v) for k, v in value.items() if v})
    return Counter({str(k): 1 for k in value})


# -- partners --------------------------------------------------------------------------


@dataclass(frozen=True)
class Centrality:
    """A node of the municipality–partner graph and how central it is."""

    node: str
    type: str  # "municipality" or "partner"
    label: str
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class PartnerNetwork:
    """The municipality–partner bipartite graph, its projections and centralities.

    ``graph`` has node attribute ``bipartite`` (0 municipality, 1 partner) and the
    projection's ``type``/labels; the projections are weighted by the number of shared
    neighbours (``weight``). Degree centrality is a node's degree over the size of the
    other side; betweenness is networkx's bipartite normalisation.
    """

    graph: nx.Graph
    municipality_graph: nx.Graph
    partner_graph: nx.Graph
    centrality: tuple[Centrality, ...]

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, b in self.graph.nodes(data="bipartite") if b == 0))

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, b in self.graph.nodes(data="bipartite") if b == 1))

    def partners_of(self, municipality: str) -> frozenset[str]:
        """The partners a municipality's documents name."""
        return frozenset(self.graph[municipality]) if municipality in self.graph else frozenset()

    def shared(self, a: str, b: str) -> frozenset[str]:
        """The partners both municipalities name."""
        return self.partners_of(a) & self.partners_of(b)

    def shared_partners(self) -> dict[str, tuple[str, ...]]:
        """Partners named by two or more municipalities, with those municipalities."""
        return {p: tuple(sorted(self.graph[p])) for p in self.partners if self.graph.degree(p) >= 2}

    def label(self, node: str) -> str:
        """The node's short Danish name."""
        return short_label(self.graph, node)

    def centrality_result(self) -> QueryResult:
        rows = tuple(
            (c.label, c.type, c.degree, round(c.degree_centrality, 4), round(c.betweenness, 4))
            for c in self.centrality
        )
        columns = ("node", "type", "degree", "degree_centrality", "betweenness")
        return QueryResult(columns=columns, rows=rows)

    def shared_result(self) -> QueryResult:
        rows = tuple(
            (self.label(p), len(ms), "; ".join(self.label(m) for m in ms))
            for p, ms in sorted(self.shared_partners().items(), key=lambda i: (-len(i[1]), i[0]))
        )
        return QueryResult(columns=("partner", "municipalities", "named_by"), rows=rows)

    def pairs_result(self) -> QueryResult:
        """Every pair of municipalities with the partners they share."""
        ms = self.municipalities
        rows = []
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                common = sorted(self.shared(a, b), key=self.label)
                rows.append(
                    (self.label(a), self.label(b), len(common), "; ".join(map(self.label, common)))
                )
        rows.sort(key=lambda r: (-int(r[2]), str(r[0]), str(r[1])))
        return QueryResult(columns=("a", "b", "shared", "partners"), rows=tuple(rows))

    def links_result(self) -> QueryResult:
        """Which municipality works with whom: one row per municipality and partner."""
        rows = tuple(
            (self.label(m), self.label(p), str(self.graph.nodes[p].get("kind", "")))
            for m in self.municipalities
            for p in sorted(self.partners_of(m), key=self.label)
        )
        return QueryResult(columns=("municipality", "partner", "kind"), rows=rows)


def partner_network(
    source: Source | Mapping[str, Iterable[str]], *, include_superseded: bool = False
) -> PartnerNetwork:
    """The partner network: which municipality names which partner organisation.

    A municipality works with a partner when one of its documents (superseded drafts
    left out unless ``include_superseded``), or an item in one, names it. ``source``
    is a PolicyGraph, its projection, or a mapping municipality → partners.

    >>> net = partner_network({"A": {"p", "q"}, "B": {"q"}})
    >>> sorted(net.shared("A", "B"))
    ['q']
    """
    bipartite = nx.Graph()
    if isinstance(source, Mapping):
        for municipality, partners in sorted(source.items()):
            bipartite.add_node(municipality, bipartite=0, type="municipality")
            for partner in sorted(partners):
                bipartite.add_node(partner, bipartite=1, type="partner")
                bipartite.add_edge(municipality, partner)
    else:
        network = _as_network(source)
        items = document_items(network)
        by_municipality = municipality_documents(network, include_superseded=include_superseded)
        for municipality, docs in sorted(by_municipality.items()):
            bipartite.add_node(municipality, **network.nodes[municipality], bipartite=0)
            for doc in docs:
                for item in items[doc]:
                    for _, partner, rel in network.out_edges(item, data="relation"):
                        if rel == "involves_partner":
                            bipartite.add_node(partner, **network.nodes[partner], bipartite=1)
                            bipartite.add_edge(municipality, partner)
    municipalities = sorted(n for n, b in bipartite.nodes(data="bipartite") if b == 0)
    partners = sorted(n for n, b in bipartite.nodes(data="bipartite") if b == 1)
    if municipalities and partners:
        degree = nx.bipartite.degree_centrality(bipartite, municipalities)
        betweenness = _bipartite_betweenness(bipartite, municipalities)
    else:
        degree = betweenness = dict.fromkeys(bipartite, 0.0)
    centrality = sorted(
        (
            Centrality(
                node=n,
                type=str(bipartite.nodes[n].get("type", "")),
                label=short_label(bipartite, n),
                degree=int(bipartite.degree(n)),
                degree_centrality=float(degree[n]),
                betweenness=float(betweenness[n]),
            )
            for n in bipartite
        ),
        key=lambda c: (-c.betweenness, -c.degree, c.node),
    )

    def project(nodes: list[str]) -> nx.Graph:
        if not nodes or len(nodes) == len(bipartite):  # networkx refuses a one-sided graph
            return bipartite.subgraph(nodes).copy()
        return nx.bipartite.weighted_projected_graph(bipartite, nodes)

    return PartnerNetwork(
        graph=bipartite,
        municipality_graph=project(municipalities),
        partner_graph=project(partners),
        centrality=tuple(centrality),
    )


def _bipartite_betweenness(graph: nx.Graph, top: Sequence[str]) -> dict[str, float]:
    """Betweenness normalised by the most a node of its side can have (Borgatti and
    Halgin 2011), as networkx's bipartite version, but 0 where that maximum is 0 (a
    side that cannot lie between anything, e.g. partners of a single municipality)."""
    raw = nx.betweenness_centrality(graph, normalized=False)
    top_set = set(top)
    sides = (top_set, set(graph) - top_set)
    result: dict[str, float] = {}
    for side, other in (sides, sides[::-1]):
        n, m = len(side), len(other)
        s, t = divmod(n - 1, m)
        most = (m * m * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2
        for node in side:
            result[node] = float(raw[node]) / most if most > 0 else 0.0
    return result


# -- communities -----------------------------------------------------------------------


@dataclass(frozen=True)
class Community:
    """Initiatives Louvain grouped together, described by what they most share."""

    index: int
    members: tuple[str, ...]
    #: (concept, label, number of members linked to it), most frequent first, per facet.
    dominant: Mapping[str, tuple[tuple[str, str, int], ...]]
    #: (document, number of members in it), most first.
    documents: tuple[tuple[str, int], ...]
    #: Members whose links are most common in the community, most typical first.
    typical: tuple[str, ...] = ()

    def describe(self, limit: int = 3) -> str:
        """e.g. ``"theme: Housing (12), Employment (5); principle: 6 (10)"``."""
        return "; ".join(
            f"{facet}: " + ", ".join(f"{lab} ({n})" for _, lab, n in entries[:limit])
            for facet, entries in self.dominant.items()
            if entries
        )


def communities(
    source: Source | Mapping[str, Iterable[str]],
    *,
    facets: Sequence[str] = ("theme", "principle"),
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    include_superseded: bool = False,
) -> list[Community]:
    """Communities of initiatives that share principles and themes (Louvain, fixed seed).

    Two initiatives are joined by an edge weighted with the Jaccard similarity of their
    linked concepts in ``facets``. ``source`` is a PolicyGraph, its projection (the
    initiatives of superseded drafts are left out unless ``include_superseded``), or a
    mapping item → feature keys (then every feature is of facet ``feature``). Returned
    largest first; isolated items form communities of one.
    """
    facet_of: dict[str, str] = {}
    names: dict[str, str] = {}
    documents_of: dict[str, str] = {}
    if isinstance(source, Mapping):
        features = {str(k): set(map(str, v)) for k, v in source.items()}
        facet_of = {f: "feature" for fs in features.values() for f in fs}
    else:
        facets = _check_facets(facets)
        network = _as_network(source)
        skip = set() if include_superseded else superseded(network)
        features = {}
        for item in _nodes_of_type(network, "initiative"):
            if network.nodes[item].get("document") in skip:
                continue
            features[item] = set()
            documents_of[item] = str(network.nodes[item].get("document", ""))
            for facet, concept in _links(network, item, facets):
                features[item].add(concept)
                facet_of[concept] = facet
                names[concept] = _concept_label(network, concept)
    similarity_graph = nx.Graph()
    similarity_graph.add_nodes_from(sorted(features))
    keys = sorted(features)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            weight = jaccard(features[a], features[b])
            if weight > 0:
                similarity_graph.add_edge(a, b, weight=weight)
    found = nx.community.louvain_communities(
        similarity_graph, weight="weight", resolution=resolution, seed=seed
    )
    groups = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    result = []
    for index, members in enumerate(groups, start=1):
        counts: Counter[str] = Counter(f for m in members for f in features[m])
        dominant: dict[str, list[tuple[str, str, int]]] = {
            f: [] for f in (("feature",) if isinstance(source, Mapping) else facets)
        }
        for concept, n in sorted(counts.items(), key=lambda i: (-i[1], i[0])):
            dominant[facet_of[concept]].append((concept, names.get(concept, concept), n))
        docs = Counter(documents_of[m] for m in members if documents_of.get(m))

        def typicality(member: str, counts: Counter[str] = counts) -> float:
            linked = features[member]
            return sum(counts[f] for f in linked) / len(linked) if linked else 0.0

        result.append(
            Community(
                index=index,
                members=tuple(members),
                dominant={f: tuple(v) for f, v in dominant.items()},
                documents=tuple(sorted(docs.items(), key=lambda i: (-i[1], i[0]))),
                typical=tuple(sorted(members, key=lambda m: (-typicality(m), m))),
            )
        )
    return result


def _concept_label(network: nx.Graph, concept: str) -> str:
    """Short English label of a concept: ``"P5 Help the citizens …"``, ``"SDG 3.4"``."""
    attrs = network.nodes[concept]
    kind = attrs.get("type")
    if kind == "principle":
        return f"P{attrs.get('notation', '')} {label(network, concept)}"
    if kind in ("sdg_goal", "sdg_target"):
        return f"SDG {attrs.get('notation', _local(concept))}"
    return label(network, concept)


def communities_result(found: Sequence[Community], *, limit: int = 3) -> QueryResult:
    """Communities as a table: size, dominant themes and principles, documents."""
    rows = tuple(
        (
            c.index,
            len(c.members),
            c.describe(limit),
            "; ".join(f"{_local(d)} ({n})" for d, n in c.documents),
        )
        for c in found
    )
    return QueryResult(columns=("community", "size", "dominant", "documents"), rows=rows)


# -- coverage --------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Counts of links to each concept (rows) per municipality or document (columns).

    ``explicit`` and ``curated`` count links by basis; theme links have no basis and
    are all curated (themes are assigned by curators).
    """

    kind: str
    rows: tuple[str, ...]
    row_labels: tuple[str, ...]
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]
    explicit: tuple[tuple[int, ...], ...]
    curated: tuple[tuple[int, ...], ...]

    @property
    def total(self) -> tuple[tuple[int, ...], ...]:
        return tuple(
            tuple(e + c for e, c in zip(er, cr, strict=True))
            for er, cr in zip(self.explicit, self.curated, strict=True)
        )

    def counts(self, basis: str = "any") -> tuple[tuple[int, ...], ...]:
        """``explicit``, ``curated`` or ``any`` (their sum)."""
        if basis == "any":
            return self.total
        if basis not in BASES:
            raise ParameterError(f"unknown basis {basis!r}; use explicit, curated or any.")
        return self.explicit if basis == "explicit" else self.curated

    def gaps(self) -> list[tuple[str, str]]:
        """(concept, column) with no link at all."""
        return [
            (row, column)
            for row, values in zip(self.rows, self.total, strict=True)
            for column, value in zip(self.columns, values, strict=True)
            if value == 0
        ]

    def to_result(self, basis: str = "any") -> QueryResult:
        """One row per concept, one column per municipality/document; ``basis`` as in
        :meth:`counts`, or ``both`` for ``"explicit/curated"`` cells."""
        if basis == "both":
            cells = tuple(
                tuple(f"{e}/{c}" for e, c in zip(er, cr, strict=True))
                for er, cr in zip(self.explicit, self.curated, strict=True)
            )
        else:
            cells = self.counts(basis)  # type: ignore[assignment]
        rows = tuple(
            (_local(row), label_, *values)
            for row, label_, values in zip(self.rows, self.row_labels, cells, strict=True)
        )
        return QueryResult(columns=("concept", "label", *self.column_labels), rows=rows)


def coverage(source: Source, *, kind: str = "principle", by: str = "municipality") -> Coverage:
    """How many links each municipality (or document) has to each concept, by basis.

    ``kind`` is a facet (``principle``, ``chime``, ``theme``, ``sdg``): its rows are
    every concept of the scheme (the SDG rows: the goals and targets the data links to).
    A municipality counts the links of its current documents and their items (themes:
    of their initiatives only, the theme coverage of docs/encoding.md).
    """
    (kind,) = _check_facets([kind])
    network = _as_network(source)
    relation, types = FACETS[kind]
    rows = sorted(_nodes_of_type(network, *types), key=lambda n: concept_sort_key(network, n))
    if kind == "sdg":  # the linked goals and targets, not the goals above linked targets
        rows = [
            r
            for r in rows
            if any(rel == relation for *_, rel in network.in_edges(r, data="relation"))
        ]
    items = document_items(network)
    if by == "document":
        groups = {doc: [doc] for doc in items}
    elif by == "municipality":
        groups = municipality_documents(network)
    else:
        raise ParameterError(f"unknown grouping {by!r}; use 'document' or 'municipality'.")
    columns = sorted(groups)
    counts = {basis: {(r, c): 0 for r in rows for c in columns} for basis in BASES}
    for column in columns:
        for doc in groups[column]:
            for item in items[doc]:
                if kind == "theme" and network.nodes[item].get("type") not in THEME_CARRIERS:
                    continue
                for _, target, attrs in network.out_edges(item, data=True):
                    if attrs.get("relation") == relation and (target, column) in counts["curated"]:
                        basis = "explicit" if attrs.get("basis") == "explicit" else "curated"
                        counts[basis][(target, column)] += 1
    return Coverage(
        kind=kind,
        rows=tuple(rows),
        row_labels=tuple(_concept_label(network, r) for r in rows),
        columns=tuple(columns),
        column_labels=tuple(short_label(network, c) for c in columns),
        explicit=tuple(tuple(counts["explicit"][(r, c)] for c in columns) for r in rows),
        curated=tuple(tuple(counts["curated"][(r, c)] for c in columns) for r in rows),
    )


# -- export ----------------------------------------------------------------------------


def sanitized(network: nx.Graph) -> nx.Graph:
    """A copy that GraphML and GEXF can hold: ``None`` attributes dropped, lists and
    other non-scalars joined into strings, ``str`` subclasses made plain, and a
    ``label`` (English, else Danish, else the IRI tail) on every node."""
    copy = network.__class__()
    copy.graph.update({k: _scalar(v) for k, v in network.graph.items() if v is not None})
    for node, attrs in network.nodes(data=True):
        clean = {k: _scalar(v) for k, v in attrs.items() if v is not None}
        clean.setdefault("label", label(network, node))
        copy.add_node(str(node), **clean)
    for s, o, attrs in network.edges(data=True):
        copy.add_edge(str(s), str(o), **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    return copy


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, Iterable):
        return "; ".join(str(v) for v in value)
    return str(value)


def export_network(source: Source, format: str = "graphml") -> str:
    """The projection (or any networkx graph) as ``graphml``, ``gexf`` or node-link
    ``json``, for Gephi, Cytoscape or a script."""
    if format not in EXPORT_FORMATS:
        raise ParameterError(
            f"unknown network format {format!r}; use one of {', '.join(EXPORT_FORMATS)}."
        )
    network = sanitized(_as_network(source))
    if format == "json":
        data = nx.node_link_data(network, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if format == "gexf":
        text = "\n".join(nx.generate_gexf(network)) + "\n"
        # The writer stamps today's date; without it the same graph gives the same file.
        return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
