"""Principle, CHIME, theme or SDG × municipality (or document) coverage counts."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParameterError
from ..results import QueryResult
from .projection import (
    FACETS,
    THEME_CARRIERS,
    Source,
    as_network,
    check_facets,
    concept_label,
    concept_sort_key,
    document_items,
    local_name,
    municipality_documents,
    nodes_of_type,
    short_label,
)

BASES = ("explicit", "curated")


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
            (local_name(row), label_, *values)
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
    (kind,) = check_facets([kind])
    network = as_network(source)
    relation, types = FACETS[kind]
    rows = sorted(nodes_of_type(network, *types), key=lambda n: concept_sort_key(network, n))
    if kind == "sdg":  # the linked goals and targets, not the goals above linked targets
        rows = [
            r
            for r in rows
            if any(d["relation"] == relation for *_, d in network.in_edges(r, data=True))
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
        row_labels=tuple(concept_label(network, r) for r in rows),
        columns=tuple(columns),
        column_labels=tuple(short_label(network, c) for c in columns),
        explicit=tuple(tuple(counts["explicit"][(r, c)] for c in columns) for r in rows),
        curated=tuple(tuple(counts["curated"][(r, c)] for c in columns) for r in rows),
    )
