"""The embedded query engines, pyoxigraph and rdflib (a remote endpoint is in :mod:`.remote`).

Every backend answers the same three calls with pyoxigraph terms, so the rest
of the library never sees which engine ran a query.

Every query runs under the resource policy (:mod:`.limits`): text naming outside
data (FROM, SERVICE, LOAD) is refused before an engine parses it, results are read
row by row up to ``max_rows``, and the whole evaluation runs in a worker thread
that the caller stops waiting for after ``query_timeout`` seconds. The worker then
stops itself at the next row; rdflib (pure Python) is also interrupted inside a
long evaluation, while pyoxigraph finishes an evaluation that yields no rows (a
huge aggregate) in the background before its thread ends.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, Protocol, TypeAlias, TypeVar

import pyoxigraph as ox
import rdflib
from pyparsing import ParseException
from rdflib.plugins.sparql.sparql import SPARQLError

from . import limits
from .errors import QueryError
from .loading import LoadedFile
from .memory import no_cycle_collection
from .sparql import BindForm, refuse_external
from .terms import Term, add_to_rdflib, from_rdflib

Row = tuple[Term | None, ...]
#: The embedded engines :func:`policygraph.load` can use.
Engine: TypeAlias = Literal["oxigraph", "rdflib"]
ENGINES: tuple[Engine, ...] = ("oxigraph", "rdflib")
T = TypeVar("T")


class QueryTimeout(QueryError):
    """A query ran longer than the limit (``POLICYGRAPH_QUERY_TIMEOUT``)."""


def _deadline_message(seconds: float) -> str:
    return (
        f"the query did not finish within {seconds:g} s (the limit for one query); "
        "make it more selective, or raise POLICYGRAPH_QUERY_TIMEOUT."
    )


def read_rows(rows: Iterable[T], deadline: float) -> list[T]:
    """The rows of a lazy result, stopping at the row cap or the deadline."""
    cap = limits.current().max_rows
    found: list[T] = []
    for row in rows:
        found.append(row)
        if len(found) > cap:
            raise QueryError(
                f"the query returns more than {cap:,} rows (the limit for one result); "
                "add LIMIT or a more selective pattern, or raise POLICYGRAPH_MAX_ROWS."
            )
        if len(found) % 1024 == 0 and time.monotonic() > deadline:
            raise QueryTimeout(_deadline_message(limits.current().query_timeout))
    return found


def run_with_deadline(work: Callable[[float], T], *, interrupt: bool) -> T:
    """Run ``work(deadline)`` in a worker thread; give up at the query time limit.

    With ``interrupt`` the worker is also stopped by an asynchronous exception (this
    reaches pure-Python code such as rdflib's evaluator, not code in an extension).
    """
    seconds = limits.current().query_timeout
    return limits.run_within(
        seconds, work, lambda: QueryTimeout(_deadline_message(seconds)), interrupt=interrupt
    )


class Backend(Protocol):
    """What the library needs from a query engine."""

    name: str
    #: How this engine needs parameters bound (:func:`.sparql.bind_terms`).
    binding: BindForm

    def select(self, query: str) -> tuple[list[str], list[Row]]: ...

    def ask(self, query: str) -> bool: ...

    def construct(self, query: str) -> list[ox.Triple]: ...

    def quads(self) -> Iterator[ox.Quad]: ...


class OxigraphBackend:
    """pyoxigraph's in-memory store; the default graph is the union of all graphs."""

    name = "oxigraph"
    binding: BindForm = "values"

    def __init__(self, files: Sequence[LoadedFile], store: ox.Store | None = None) -> None:
        """The quads of ``files``, or ``store`` if it already holds them (:func:`load_store`)."""
        if store is None:
            store = ox.Store()
            for loaded in files:
                store.extend(loaded.quads)
        self.store = store

    def _run(self, query: str) -> Any:
        refuse_external(query, where="query")
        try:
            return self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"the query does not parse: {exc}") from None

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        def work(deadline: float) -> tuple[list[str], list[Row]]:
            solutions = self._run(query)
            if not isinstance(solutions, ox.QuerySolutions):
                raise QueryError("expected a SELECT query")
            names = [v.value for v in solutions.variables]
            # Each solution becomes its row as it is read (no list of solutions as well).
            # Rows hold no cycles: the collector would only walk every loaded file again.
            with no_cycle_collection():
                return names, read_rows((tuple(solution) for solution in solutions), deadline)

        return run_with_deadline(work, interrupt=False)

    def ask(self, query: str) -> bool:
        return run_with_deadline(lambda deadline: bool(self._run(query)), interrupt=False)

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
    # rdflib drops the rows of an OPTIONAL that finds nothing when the OPTIONAL uses a
    # VALUES variable (a parameter used only inside an OPTIONAL); a BIND it keeps.
    binding: BindForm = "bind"

    def __init__(self, files: Sequence[LoadedFile]) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        for loaded in files:
            add_to_rdflib(loaded.quads, self.dataset.graph(rdflib.URIRef(loaded.graph.value)))

    def _run(self, query: str, read: Callable[[Any], Any]) -> Any:
        """Run ``query`` and ``read`` its (lazy) result inside one warnings guard."""
        refuse_external(query, where="query")
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
        def work(deadline: float) -> tuple[list[str], list[Row]]:
            def read(result: Any) -> tuple[list[str], list[Row]]:
                names = [str(v) for v in (result.vars or [])]
                rows: list[Row] = [
                    tuple(from_rdflib(row[i]) for i in range(len(names)))
                    for row in read_rows(result, deadline)
                ]
                return names, rows

            return self._run(query, read)  # type: ignore[no-any-return]

        return run_with_deadline(work, interrupt=True)

    def ask(self, query: str) -> bool:
        return run_with_deadline(
            lambda deadline: bool(self._run(query, lambda result: result.askAnswer)),
            interrupt=True,
        )

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
