"""The embedded query engines, pyoxigraph and rdflib (a remote endpoint is in :mod:`.remote`).

Every backend answers the same three calls with pyoxigraph terms, so the rest
of the library never sees which engine ran a query.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, Protocol, TypeAlias

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException
from rdflib.plugins.sparql.sparql import SPARQLError

from .errors import QueryError
from .loading import LoadedFile
from .terms import Term, add_to_rdflib, from_rdflib

Row = tuple[Term | None, ...]
#: The embedded engines :func:`policygraph.load` can use.
Engine: TypeAlias = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")


class Backend(Protocol):
    """What the library needs from a query engine."""

    name: str

    def select(self, query: str) -> tuple[list[str], list[Row]]: ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> list[ox.Triple]: ...

    def quads(self) -> Iterator[ox.Quad]: ...


class OxigraphBackend:
    """pyoxigraph's in-memory store; the default graph is the union of all graphs."""

    name = "oxigraph"

    def __init__(self, files: Sequence[LoadedFile], store: ox.Store | None = None) -> None:
        """The quads of ``files``, or ``store`` if it already holds them (:func:`load_store`)."""
        if store is None:
            store = ox.Store()
            for loaded in files:
                store.extend(loaded.quads)
        self.store = store

    def _run(self, query: str) -> Any:
        try:
            return self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {exc}") from None

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        solutions = self._run(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        rows: list[Row] = [tuple(solution[name] for name in names) for solution in solutions]
        return names, rows

    def ask(self, query: str) -> bool:
        return bool(self._run(query))

    def construct(self, query: str) -> list[ox.Triple]:
        triples = self._run(query)
        if not isinstance(triples, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return list(triples)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self.store)


class RdflibBackend:
    """rdflib's in-memory Dataset with the union of all graphs as default graph."""

    name = "rdflib"

    def __init__(self, files: Sequence[LoadedFile]) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        for loaded in files:
            add_to_rdflib(loaded.quads, self.dataset.graph(rdflib.URIRef(loaded.graph.value)))

    def _run(self, query: str, read: Callable[[Any], Any]) -> Any:
        """Run ``query`` and ``read`` its (lazy) result inside one warnings guard."""
        try:
            with warnings.catch_warnings():
                # rdflib's own SPARQL engine still calls its deprecated
                # Dataset.default_context; nothing we can change from here.
                warnings.filterwarnings(
                    "ignore",
                    message="Dataset.default_context is deprecated",
                    category=DeprecationWarning,
                )
                return read(self.dataset.query(query))
        except ParseException as exc:
            raise QueryError(f"the query does not parse on rdflib: {exc}") from None
        except SPARQLError as exc:
            raise QueryError(f"the query cannot be run on rdflib: {exc}") from None

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        def read(result: Any) -> tuple[list[str], list[Row]]:
            names = [str(v) for v in (result.vars or [])]
            rows: list[Row] = [
                tuple(from_rdflib(row[i]) for i in range(len(names))) for row in result
            ]
            return names, rows

        return self._run(query, read)  # type: ignore[no-any-return]

    def ask(self, query: str) -> bool:
        return bool(self._run(query, lambda result: result.askAnswer))

    def construct(self, query: str) -> list[ox.Triple]:
        def read(result: Any) -> list[ox.Triple]:
            return [
                ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
                for s, p, o in result.graph
            ]

        return self._run(query, read)  # type: ignore[no-any-return]

    def quads(self) -> Iterator[ox.Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            graph = from_rdflib(g.identifier if isinstance(g, rdflib.Graph) else g)
            yield ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), graph)  # type: ignore[arg-type]
