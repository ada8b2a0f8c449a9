"""The municipality–partner network: bipartite graph, projections, centralities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from ..results import QueryResult
from .projection import (
    Source,
    as_network,
    document_items,
    municipality_documents,
    short_label,
)


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

    graph: nx.Graph[str]
    municipality_graph: nx.Graph[str]
    partner_graph: nx.Graph[str]
    centrality: tuple[Centrality, ...]

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, d in self.graph.nodes(data=True) if d["bipartite"] == 0))

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(sorted(n for n, d in self.graph.nodes(data=True) if d["bipartite"] == 1))

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
        labels = {n: self.label(n) for n in self.graph}
        partners = [self.partners_of(m) for m in ms]
        rows = []
        for i, a in enumerate(ms):
            for j in range(i + 1, len(ms)):
                common = sorted(partners[i] & partners[j], key=labels.__getitem__)
                names = "; ".join(labels[p] for p in common)
                rows.append((labels[a], labels[ms[j]], len(common), names))
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
    bipartite: nx.Graph[str] = nx.Graph()
    if isinstance(source, Mapping):
        for municipality, partners in sorted(source.items()):
            bipartite.add_node(municipality, bipartite=0, type="municipality")
            for partner in sorted(partners):
                bipartite.add_node(partner, bipartite=1, type="partner")
                bipartite.add_edge(municipality, partner)
    else:
        network = as_network(source)
        items = document_items(network)
        by_municipality = municipality_documents(network, include_superseded=include_superseded)
        for municipality, docs in sorted(by_municipality.items()):
            bipartite.add_node(municipality, **network.nodes[municipality], bipartite=0)
            for doc in docs:
                for item in items[doc]:
                    for _, partner, edge in network.out_edges(item, data=True):
                        if edge["relation"] == "involves_partner":
                            bipartite.add_node(partner, **network.nodes[partner], bipartite=1)
                            bipartite.add_edge(municipality, partner)
    municipalities = sorted(n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 0)
    partners = sorted(n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 1)
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

    def project(nodes: list[str]) -> nx.Graph[str]:
        if not nodes or len(nodes) == len(bipartite):  # networkx refuses a one-sided graph
            return bipartite.subgraph(nodes).copy()
        return nx.bipartite.weighted_projected_graph(bipartite, nodes)

    return PartnerNetwork(
        graph=bipartite,
        municipality_graph=project(municipalities),
        partner_graph=project(partners),
        centrality=tuple(centrality),
    )


def _bipartite_betweenness(graph: nx.Graph[str], top: Sequence[str]) -> dict[str, float]:
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
