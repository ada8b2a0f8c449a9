"""Similarity of documents or municipalities over their profiles (Jaccard, cosine)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import ParameterError
from ..results import QueryResult
from ..terms import PyValue
from .projection import (
    FACETS,
    Profiles,
    Source,
    as_network,
    profiles,
    short_label,
)

METRICS = ("jaccard", "cosine")


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
        network = as_network(source)
        counted = dict(
            profiles(network, by=by, facets=facets, include_superseded=include_superseded)
        )
        names = {key: short_label(network, key) for key in counted}
    keys = tuple(sorted(counted))
    jac, cos = _matrices([counted[k] for k in keys])
    return Similarity(keys, tuple(names[k] for k in keys), jac, cos)


def _matrices(
    vectors: Sequence[Mapping[str, int]],
) -> tuple[tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]:
    """The Jaccard and cosine matrices of ``vectors``, as :func:`jaccard` of the
    positive keys and :func:`cosine` give them (a vector is 1.0 with itself when it has
    any count), each pair computed once: both measures are symmetric, exactly so on
    integer counts."""
    count = len(vectors)
    present = [frozenset(k for k, v in vector.items() if v > 0) for vector in vectors]
    keys = [frozenset(vector) for vector in vectors]
    squares = [sum(v * v for v in vector.values()) for vector in vectors]
    jac = [[0.0] * count for _ in range(count)]
    cos = [[0.0] * count for _ in range(count)]
    for i, (a, set_a, square_a) in enumerate(zip(vectors, present, squares, strict=True)):
        jac[i][i] = 1.0 if a else jaccard(set_a, set_a)
        for j in range(i, count):
            b = vectors[j]
            if j > i:
                shared = len(set_a & present[j])
                union = len(set_a) + len(present[j]) - shared
                jac[i][j] = jac[j][i] = shared / union if union else 0.0
            dot = sum(a[key] * b[key] for key in keys[i] & keys[j])  # integers: exact
            norm = math.sqrt(square_a * squares[j])
            cos[i][j] = cos[j][i] = min(1.0, dot / norm) if norm else 0.0
    return tuple(map(tuple, jac)), tuple(map(tuple, cos))


def _as_counter(value: Mapping[str, int] | Iterable[str]) -> Counter[str]:
    if isinstance(value, Mapping):
        return Counter({str(k): int(v) for k, v in value.items() if v})
    return Counter({str(k): 1 for k in value})
