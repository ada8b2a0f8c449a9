"""Communities of initiatives that share principles and themes (Louvain)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from ..results import QueryResult
from .projection import (
    Source,
    as_network,
    check_facets,
    concept_label,
    links,
    local_name,
    nodes_of_type,
    superseded,
)

DEFAULT_SEED = 20240601


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
    linked concepts in ``facets``. Initiatives with the same concepts are alike in
    everything the method sees, so they form one weighted node (:func:`_louvain`) and
    stay together. ``source`` is a PolicyGraph, its projection (the
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
        facets = check_facets(facets)
        network = as_network(source)
        skip = set() if include_superseded else superseded(network)
        features = {}
        for item in nodes_of_type(network, "initiative"):
            if network.nodes[item].get("document") in skip:
                continue
            features[item] = set()
            documents_of[item] = str(network.nodes[item].get("document", ""))
            for facet, concept in links(network, item, facets):
                features[item].add(concept)
                facet_of[concept] = facet
                names[concept] = concept_label(network, concept)
    found = _louvain(features, seed=seed, resolution=resolution)
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


def communities_result(found: Sequence[Community], *, limit: int = 3) -> QueryResult:
    """Communities as a table: size, dominant themes and principles, documents."""
    rows = tuple(
        (
            c.index,
            len(c.members),
            c.describe(limit),
            "; ".join(f"{local_name(d)} ({n})" for d, n in c.documents),
        )
        for c in found
    )
    return QueryResult(columns=("community", "size", "dominant", "documents"), rows=rows)


def _louvain(features: Mapping[str, set[str]], *, seed: int, resolution: float) -> list[set[str]]:
    """Louvain over the Jaccard similarity graph of ``features``, with the items that
    have the same features merged first.

    ``n`` items with the same non-empty features are one node with a self-loop of
    weight ``n (n - 1) / 2`` (their pairs, each of similarity 1), and two such nodes are
    joined by ``n * m`` times the similarity of their features: the modularity of any
    grouping that keeps them together is the one of the graph of the items (this is the
    aggregation step of Louvain itself). The graph has one node per distinct set of
    features, not per item, which keeps it small at national scale. An item without
    features is similar to nothing and stays alone.
    """
    groups: dict[frozenset[str], list[str]] = {}
    alone: list[set[str]] = []
    for item in sorted(features):
        if features[item]:
            groups.setdefault(frozenset(features[item]), []).append(item)
        else:
            alone.append({item})
    # One node per feature set, named by its first item (a stable, sortable name).
    nodes = sorted((members[0], key, len(members)) for key, members in groups.items())
    bit = {f: 1 << i for i, f in enumerate(sorted({f for key in groups for f in key}))}
    masks = [sum(bit[f] for f in key) for _, key, _ in nodes]  # a set as the bits of an int
    merged: nx.Graph[str] = nx.Graph()
    merged.add_nodes_from(name for name, _, _ in nodes)
    edges = [(name, name, count * (count - 1) / 2) for name, _, count in nodes if count > 1]
    for i, (a, set_a, count_a) in enumerate(nodes):
        mask_a, size_a = masks[i], len(set_a)
        for j in range(i + 1, len(nodes)):
            shared = (mask_a & masks[j]).bit_count()
            if shared:
                b, set_b, count_b = nodes[j]
                similar = shared / (size_a + len(set_b) - shared)  # Jaccard
                edges.append((a, b, count_a * count_b * similar))
    merged.add_weighted_edges_from(edges)
    del edges
    members = {name: groups[key] for name, key, _ in nodes}
    found = nx.community.louvain_communities(
        merged, weight="weight", resolution=resolution, seed=seed
    )
    return [{m for name in community for m in members[name]} for community in found] + alone
