"""Push documents to a triple store with the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import (
    EXIT_BAD_INPUT,
    EXIT_ENDPOINT,
    EXIT_NONCONFORMING,
    EXIT_OK,
    EXIT_UNKNOWN_OUTCOME,
    EndpointError,
    LoadError,
    UnknownOutcomeError,
)
from .loading import LoadedFile, Paths, as_paths, check_graphs, parse_file, shipped_model
from .remote import DEFAULT_TIMEOUT, Auth, RemoteBackend, put_graph
from .validation import context_files, data_files, validate_loaded


@dataclass(frozen=True)
class PushOutcome:
    """What happened to one named graph."""

    graph: str
    file: str
    #: "written", "skipped" (does not conform), "failed", "unknown" (sent, no answer),
    #: "unverified" (written, but the endpoint counts other triples or cannot be asked),
    #: "not-sent"
    status: str
    triples: int
    detail: str = ""


@dataclass(frozen=True)
class PushReport:
    """Every graph's outcome, and the exit code they add up to."""

    outcomes: tuple[PushOutcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        if self.count("unknown") or self.count("unverified"):
            return EXIT_UNKNOWN_OUTCOME
        if self.count("failed") or self.count("not-sent"):
            return EXIT_ENDPOINT
        if self.count("skipped"):
            return EXIT_NONCONFORMING if self.count("written") else EXIT_BAD_INPUT
        return EXIT_OK


def push(
    graph_store_url: str,
    paths: Paths = None,
    *,
    endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    auth: Auth = None,
    progress: Callable[[PushOutcome], None] | None = None,
) -> PushReport:
    """Validate, then PUT the ontology, vocabularies and each document into its own graph.

    Each PUT replaces one named graph atomically, so a document is either fully
    written or left as it was. A document that does not conform to the shapes
    is not pushed. After the first refused or unanswered request nothing more
    is sent. With ``endpoint`` set, the triples of every written graph are
    counted back through the query endpoint.

    >>> push("http://127.0.0.1:7878/store", "data",
    ...      endpoint="http://127.0.0.1:7878/query")  # doctest: +SKIP

    """
    check_store_url(graph_store_url)
    model = shipped_model()
    targets = [parse_file(p) for p in data_files(as_paths(paths))]
    context = [parse_file(p) for p in context_files([t.path for t in targets])]
    check_graphs([*model, *context, *targets])
    report = validate_loaded(targets, context, model)
    bad_files = {r.file for r in report.results if r.severity == "violation"}
    outcomes: list[PushOutcome] = []
    stop: str | None = None
    for loaded in [*model, *context, *targets]:
        name = loaded.graph.value
        if str(loaded.path) in bad_files:
            outcome = PushOutcome(
                name,
                str(loaded.path),
                "skipped",
                len(loaded),
                "does not conform to the shapes; run policygraph validate",
            )
        elif stop:
            outcome = PushOutcome(name, str(loaded.path), "not-sent", len(loaded), stop)
        else:
            outcome = _put(graph_store_url, loaded, timeout, auth)
            if outcome.status in ("failed", "unknown"):
                stop = f"not sent after an earlier failure ({outcome.detail.split(';')[0]})"
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    if endpoint and any(o.status == "written" for o in outcomes):
        outcomes = _verify(endpoint, outcomes, timeout, auth)
    return PushReport(tuple(outcomes))


def check_store_url(url: str) -> None:
    """Refuse a store URL the Graph Store Protocol cannot extend with ``?graph=``.

    A query string of its own (``...store?graph=x``) would make every PUT go to the
    same graph, each replacing the one before.
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise LoadError(
            f"--store {url!r} is not an http(s) URL; give the graph store's address, "
            "e.g. http://127.0.0.1:7878/store."
        )
    if parsed.query or parsed.fragment:
        raise LoadError(
            f"--store {url!r} has a query string or fragment of its own; give the store's "
            "address without '?...' (policygraph adds ?graph=<name> for each document)."
        )


def _put(store: str, loaded: LoadedFile, timeout: float, auth: Auth) -> PushOutcome:
    body = ox.serialize([q.triple for q in loaded.quads], format=ox.RdfFormat.N_TRIPLES) or b""
    name, file = loaded.graph.value, str(loaded.path)
    try:
        status = put_graph(store, name, body, timeout=timeout, auth=auth)
    except UnknownOutcomeError as exc:
        return PushOutcome(name, file, "unknown", len(loaded), str(exc))
    except EndpointError as exc:
        return PushOutcome(name, file, "failed", len(loaded), str(exc))
    return PushOutcome(name, file, "written", len(loaded), f"HTTP {status}")


def _verify(
    endpoint: str, outcomes: list[PushOutcome], timeout: float, auth: Auth
) -> list[PushOutcome]:
    backend = RemoteBackend(endpoint, timeout=timeout, auth=auth)
    try:
        _, rows = backend.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        counts = {
            r[0].value: int(r[1].value) for r in rows if r[0] is not None and r[1] is not None
        }
    except (EndpointError, ValueError) as exc:
        reason = str(exc).split(";")[0]
        return [
            PushOutcome(
                o.graph,
                o.file,
                "unverified",
                o.triples,
                f"{o.detail}; written, but not verified ({reason}): run push again",
            )
            if o.status == "written"
            else o
            for o in outcomes
        ]
    checked = []
    for o in outcomes:
        if o.status == "written":
            found = counts.get(o.graph, 0)
            if found == o.triples:
                o = PushOutcome(
                    o.graph,
                    o.file,
                    o.status,
                    o.triples,
                    f"{o.detail}; {found} triples in the store",
                )
            else:
                o = PushOutcome(
                    o.graph,
                    o.file,
                    "unverified",
                    o.triples,
                    f"{o.detail}; the store counts {found} triples, expected {o.triples} "
                    "(another writer, or a store that lost data): check it and push again",
                )
        checked.append(o)
    return checked
