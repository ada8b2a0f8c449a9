"""Communities of initiatives that share principles and themes (Louvain)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

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
    features is similar to nothing and stays alone. The communities are the ones
    :func:`networkx.community.louvain_communities` finds on that graph
    (:func:`_louvain_levels`).
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
    column = {f: i for i, f in enumerate(sorted({f for key in groups for f in key}))}
    present = np.zeros((len(nodes), len(column)), dtype=np.int64)
    for row, (_, key, _) in enumerate(nodes):
        present[row, [column[f] for f in key]] = 1
    counts = np.array([count for _, _, count in nodes], dtype=np.int64)
    sizes = present.sum(axis=1)
    shared = present @ present.T
    union = sizes[:, None] + sizes[None, :] - shared
    # n * m * Jaccard (the same two operations as on Python numbers) where two feature
    # sets share a feature, else no edge (0).
    weights = np.where(
        shared > 0, (counts[:, None] * counts[None, :]) * (shared / np.maximum(union, 1)), 0.0
    )
    np.fill_diagonal(weights, counts * (counts - 1) / 2)  # 0 (no self-loop) for n = 1
    del shared, union, present
    found = _louvain_levels(weights, resolution=resolution, seed=random.Random(seed))
    members = [groups[key] for _, key, _ in nodes]
    return [{m for node in community for m in members[node]} for community in found] + alone


#: networkx's default: another level only if it raises modularity by more than this.
_THRESHOLD = 0.0000001

# A level's graph from the second level on: node -> {neighbour: weight} in networkx's
# adjacency order (self-loops included).
_Adjacency: TypeAlias = list[dict[int, float]]


def _louvain_levels(
    weights: npt.NDArray[np.float64], *, resolution: float, seed: random.Random
) -> list[set[int]]:
    """The communities :func:`networkx.community.louvain_communities` (threshold 1e-7,
    a :class:`random.Random` ``seed``) finds on the undirected graph with nodes
    ``0 … n-1`` and an edge of weight ``weights[i, j]`` wherever that is positive (the
    diagonal holds self-loops), added self-loops first, then row by row.

    networkx keeps the graph in dictionaries, and its first level (one node per feature
    set, most of them joined) costs several Python steps per edge: quadratic work in
    the number of feature sets. This is the same algorithm with the first level on
    arrays and the later ones (one node per community) on dictionaries, step for step
    as networkx 3.x does it: the nodes are visited in the same shuffled order, each
    neighbouring community's weight is summed in the same order and the gains are
    computed with the same operations (so the floats are equal), the first best gain
    wins, and aggregated graphs keep networkx's edge order. Only the modularity that
    decides whether another level is worth it is summed over a community's members in
    ascending order, where networkx uses set order (itself varying between runs); the
    two differ in the last bits at most.
    """
    count = len(weights)
    edge = weights > 0
    if not edge.any():  # networkx: an empty graph is its singletons
        return [{u} for u in range(count)]
    loops = [float(w) for w in np.diagonal(weights)]
    # Degrees as networkx sums them: on the graph as built, a self-loop comes first in
    # its node's adjacency; on louvain_partitions' copy, the neighbours are in order.
    built: list[float] = []
    degrees: list[float] = []
    for u, loop in enumerate(loops):
        row = weights[u][edge[u]].tolist()
        degrees.append(_degree(row, loop))
        built.append(_degree([loop, *_without(row, u, edge)], loop) if loop else degrees[-1])
    mod = _modularity(built, [[loop] if loop else [] for loop in loops], resolution)
    m = sum(degrees) / 2
    node2com = _first_level(weights, edge, degrees, m, resolution, seed)
    coms = sorted(set(node2com.tolist()))
    inner = [set(np.flatnonzero(node2com == c).tolist()) for c in coms]
    partition = [set(c) for c in inner]
    improvement = True
    adjacency: _Adjacency | None = None
    result = partition
    while improvement:
        result = [set(c) for c in partition]
        if adjacency is None:
            inside = [
                weights[np.ix_(members, members)][np.triu_indices(len(members))].tolist()
                for members in (sorted(c) for c in inner)
            ]
            new_mod = _modularity(degrees, inside, resolution, [sorted(c) for c in inner])
        else:
            new_mod = _dict_modularity(adjacency, inner, resolution)
        if new_mod - mod <= _THRESHOLD:
            return result
        mod = new_mod
        if adjacency is None:
            adjacency = _first_aggregate(weights, edge, inner)
        else:
            adjacency = _aggregate(adjacency, inner)
        partition, inner, improvement = _dict_level(adjacency, m, partition, resolution, seed)
    return result


def _without(row: list[float], u: int, edge: npt.NDArray[np.bool_]) -> list[float]:
    """``row`` (node ``u``'s edge weights in order) without its self-loop."""
    at = int(np.count_nonzero(edge[u][:u]))
    return row[:at] + row[at + 1 :]


def _degree(row: Sequence[float], loop: float) -> float:
    """A weighted degree as networkx's DegreeView sums it: the adjacency in order, then
    the self-loop once more."""
    return sum(row) + (loop if loop else False)


def _modularity(
    degrees: Sequence[float],
    inside: Sequence[Sequence[float]],
    resolution: float,
    communities: Sequence[Sequence[int]] | None = None,
) -> float:
    """networkx's modularity from the weighted degrees and, per community, the weights
    of the edges inside it (each once); ``communities`` None: the singletons."""
    deg_sum = sum(degrees)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    members = communities if communities is not None else [[u] for u in range(len(degrees))]

    def contribution(index: int) -> float:
        degree_sum = sum(degrees[u] for u in members[index])
        return float(sum(inside[index]) / m - resolution * degree_sum * degree_sum * norm)

    return float(sum(map(contribution, range(len(members)))))


def _first_level(
    weights: npt.NDArray[np.float64],
    edge: npt.NDArray[np.bool_],
    degrees: Sequence[float],
    m: float,
    resolution: float,
    seed: random.Random,
) -> npt.NDArray[np.intp]:
    """networkx's ``_one_level`` on the dense graph: each node's community at the end."""
    count = len(weights)
    node2com = np.arange(count)
    stot = np.array(degrees, dtype=np.float64)
    neighbours = []
    for u in range(count):
        row = edge[u].copy()
        row[u] = False
        neighbours.append((np.flatnonzero(row), weights[u][row]))
    order = list(range(count))
    seed.shuffle(order)
    candidate = np.zeros(count, dtype=bool)
    moves = 1
    while moves > 0:
        moves = 0
        for u in order:
            own = int(node2com[u])
            nodes, wts = neighbours[u]
            coms = node2com[nodes]
            # Weight to each neighbouring community, summed in adjacency order.
            to_com = np.bincount(coms, weights=wts, minlength=count)
            degree = degrees[u]
            stot[own] -= degree
            remove_cost = -to_com[own] / m + resolution * (stot[own] * degree) / (2 * m**2)
            gains = remove_cost + to_com / m - resolution * (stot * degree) / (2 * m**2)
            candidate[:] = False
            candidate[coms] = True
            candidate[own] = True
            gains[~candidate] = -np.inf
            best_gain = gains.max()
            best = own
            if best_gain > 0:
                ties = np.flatnonzero(gains == best_gain)
                best = int(ties[0])
                if len(ties) > 1:  # networkx takes the community it met first
                    best = min((int(t) for t in ties), key=lambda t: _first(coms, t))
            stot[best] += degree
            if best != own:
                node2com[u] = best
                moves += 1
    return node2com


def _first(coms: npt.NDArray[np.intp], community: int) -> int:
    """Where networkx's neighbour-weight dict has ``community``: its first neighbour in
    it, or after all of them for the node's own community when no neighbour is in it."""
    at = np.flatnonzero(coms == community)
    return int(at[0]) if len(at) else len(coms)


def _first_aggregate(
    weights: npt.NDArray[np.float64], edge: npt.NDArray[np.bool_], inner: Sequence[set[int]]
) -> _Adjacency:
    """networkx's ``_gen_graph`` on the dense graph: one node per community, each edge
    the sum of the edges between them in networkx's edge order (row by row, each edge
    once), neighbours in the order their first edge came."""
    count = len(weights)
    com = np.empty(count, dtype=np.intp)
    for index, members in enumerate(inner):
        com[sorted(members)] = index
    rows, cols = np.nonzero(np.triu(edge))
    a, b = com[rows], com[cols]
    low, high = np.minimum(a, b), np.maximum(a, b)
    keys = low * len(inner) + high
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weights[rows, cols])
    adjacency: _Adjacency = [{} for _ in inner]
    for index in np.argsort(first, kind="stable").tolist():
        u, v, total = int(a[first[index]]), int(b[first[index]]), float(sums[index])
        adjacency[u][v] = total
        adjacency[v][u] = total
    del unique
    return adjacency


def _aggregate(adjacency: _Adjacency, inner: Sequence[set[int]]) -> _Adjacency:
    """networkx's ``_gen_graph`` on a level held in dictionaries."""
    node2com = {node: index for index, part in enumerate(inner) for node in part}
    result: _Adjacency = [{} for _ in inner]
    seen: set[int] = set()
    for node, neighbours in enumerate(adjacency):
        for neighbour, weight in neighbours.items():
            if neighbour not in seen:
                c1, c2 = node2com[node], node2com[neighbour]
                total = weight + result[c1].get(c2, 0)
                result[c1][c2] = total
                result[c2][c1] = total
        seen.add(node)
    return result


def _dict_modularity(
    adjacency: _Adjacency, communities: Sequence[set[int]], resolution: float
) -> float:
    """networkx's modularity on a level held in dictionaries."""
    degrees = [_degree(list(n.values()), n.get(u, 0.0)) for u, n in enumerate(adjacency)]
    inside = []
    for community in communities:
        seen: set[int] = set()
        weights = []
        for node in community:
            for neighbour, weight in adjacency[node].items():
                if neighbour not in seen and neighbour in community:
                    weights.append(weight)
            seen.add(node)
        inside.append(weights)
    return _modularity(degrees, inside, resolution, [list(c) for c in communities])


def _dict_level(
    adjacency: _Adjacency,
    m: float,
    partition: list[set[int]],
    resolution: float,
    seed: random.Random,
) -> tuple[list[set[int]], list[set[int]], bool]:
    """networkx's ``_one_level`` on a level held in dictionaries (its code, on lists)."""
    count = len(adjacency)
    node2com = list(range(count))
    inner = [{u} for u in range(count)]
    degrees = [_degree(list(n.values()), n.get(u, 0.0)) for u, n in enumerate(adjacency)]
    stot = list(degrees)
    nbrs = [{v: w for v, w in n.items() if v != u} for u, n in enumerate(adjacency)]
    nodes_of = [set(p) for p in partition]
    order = list(range(count))
    seed.shuffle(order)
    moves = 1
    improvement = False
    while moves > 0:
        moves = 0
        for u in order:
            best_mod = 0.0
            best_com = node2com[u]
            to_com: defaultdict[int, float] = defaultdict(float)
            for nbr, wt in nbrs[u].items():
                to_com[node2com[nbr]] += wt
            degree = degrees[u]
            stot[best_com] -= degree
            remove_cost = -to_com[best_com] / m + resolution * (stot[best_com] * degree) / (
                2 * m**2
            )
            for nbr_com, wt in to_com.items():
                gain = remove_cost + wt / m - resolution * (stot[nbr_com] * degree) / (2 * m**2)
                if gain > best_mod:
                    best_mod = gain
                    best_com = nbr_com
            stot[best_com] += degree
            if best_com != node2com[u]:
                com = nodes_of[u]
                partition[node2com[u]].difference_update(com)
                inner[node2com[u]].remove(u)
                partition[best_com].update(com)
                inner[best_com].add(u)
                improvement = True
                moves += 1
                node2com[u] = best_com
    return list(filter(len, partition)), list(filter(len, inner)), improvement
