"""Similarity of documents or municipalities over their profiles (Jaccard, cosine)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

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

    @property
    def pair_count(self) -> int:
        """How many unordered pairs there are: ``n (n - 1) / 2`` for ``n`` keys."""
        return len(self.keys) * (len(self.keys) - 1) // 2

    def pairs(self, metric: str = "jaccard", *, top: int | None = None) -> list[SimilarPair]:
        """Every unordered pair, most similar first (ties: the other metric, then keys);
        with ``top``, only the first ``top`` of that ranking."""
        self.matrix(metric)
        if top is not None and top < 0:
            raise ParameterError(f"top must be 0 or more, not {top}.")
        count = len(self.keys)
        if count < 2:
            return []
        other = "cosine" if metric == "jaccard" else "jaccard"
        first, second = np.triu_indices(count, 1)  # i < j, so keys[i] < keys[j] (keys sorted)
        by = np.array(self.matrix(metric), dtype=np.float64)[first, second]
        then = np.array(self.matrix(other), dtype=np.float64)[first, second]
        # Stable sort on the last key first: metric descending, the other descending,
        # then a and b ascending (the row and column of the sorted keys).
        order = np.lexsort((second, first, -then, -by))[:top]
        return [
            SimilarPair(self.keys[i], self.keys[j], self.jaccard[i][j], self.cosine[i][j])
            for i, j in zip(first[order].tolist(), second[order].tolist(), strict=True)
        ]

    def pairs_result(self, metric: str = "jaccard", *, top: int | None = None) -> QueryResult:
        """:meth:`pairs` as a table (the first ``top`` rows with ``top``)."""
        index = dict(zip(self.keys, self.labels, strict=True))
        rows = tuple(
            (index[p.a], index[p.b], round(p.jaccard, 4), round(p.cosine, 4))
            for p in self.pairs(metric, top=top)
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
    any count).

    Both are computed from integer matrix products (shared keys, dot products), exact
    on integer counts, and one division (and one square root) per cell, the same
    floating-point operations as :func:`jaccard` and :func:`cosine`: the values are
    identical to theirs, at the cost of two products instead of a loop over pairs."""
    count = len(vectors)
    if count == 0:
        return (), ()
    features = sorted({key for vector in vectors for key in vector})
    column = {key: index for index, key in enumerate(features)}
    values = np.zeros((count, len(features)), dtype=np.int64)
    for row, vector in enumerate(vectors):
        for key, value in vector.items():
            values[row, column[key]] = value
    present = (values > 0).astype(np.int64)
    sizes = present.sum(axis=1)
    shared = present @ present.T
    union = sizes[:, None] + sizes[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, shared / np.where(union > 0, union, 1), 0.0)
        dot = values @ values.T  # integers: exact
        squares = (values * values).sum(axis=1)
        norm = np.sqrt((squares[:, None] * squares[None, :]).astype(np.float64))
        cos = np.where(norm > 0, np.minimum(1.0, dot / np.where(norm > 0, norm, 1.0)), 0.0)
    nonempty = np.array([bool(vector) for vector in vectors])
    np.fill_diagonal(jac, np.where(nonempty, 1.0, 0.0))
    jac_rows: tuple[tuple[float, ...], ...] = tuple(map(tuple, jac.tolist()))
    cos_rows: tuple[tuple[float, ...], ...] = tuple(map(tuple, cos.tolist()))
    return jac_rows, cos_rows


def _as_counter(value: Mapping[str, int] | Iterable[str]) -> Counter[str]:
    if isinstance(value, Mapping):
        return Counter({str(k): int(v) for k, v in value.items() if v})
    return Counter({str(k): 1 for k in value})
