"""What the web application asks of the graph: saved queries with request
parameters, ad-hoc read-only SPARQL, descriptions of resources and labels.

Everything here is synchronous and framework-free; the application runs it in
worker threads under a time-out and a limit on concurrent queries.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.plugins.sparql.parserutils import CompValue

from ..backends import OxigraphBackend
from ..errors import ParameterError, QueryError, SparqlSyntaxError
from ..graph import PolicyGraph
from ..namespaces import PREFIXES, SPARQL_PREFIXES
from ..queries import ParamSpec, SavedQuery, parse_saved_query, saved_queries
from ..results import QueryResult
from ..sparql import is_update, nesting_problem, parse_algebra, query_form, walk
from ..terms import Term, to_python
from ..text import natural_key

#: Query-string names the API reads itself; no saved query may use them as parameters.
RESERVED = ("_format",)
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
)


@dataclass(frozen=True)
class Limits:
    """Request and query limits of one application."""

    #: seconds a query may run before the request is answered 504
    timeout: float = 20.0
    #: rows (or triples) a response holds at most; more are cut off and flagged
    max_results: int = 10_000
    #: queries running at once; more wait up to ``queue_wait`` seconds, then 503
    max_concurrent: int = 8
    queue_wait: float = 10.0
    #: longest request target (path and query string) in bytes; longer is 414
    max_url: int = 8192
    #: largest request body in bytes; larger is 413
    max_body: int = 256 * 1024


class RequestProblem(Exception):
    """A request the application refuses: becomes an RFC 9457 problem."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        parameter: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.headers = dict(headers or {})


def bad_parameter(name: str | None, detail: str) -> RequestProblem:
    return RequestProblem(400, "Invalid parameter", detail, parameter=name)


@dataclass(frozen=True)
class TermResult:
    """A SELECT or ASK answer as RDF terms (None for unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None
    truncated: bool = False

    def to_query_result(self) -> QueryResult:
        """The library's Python-valued result (as :meth:`PolicyGraph.query` returns it)."""
        if self.boolean is not None:
            return QueryResult(columns=("answer",), rows=((self.boolean,),))
        return QueryResult(
            columns=self.columns,
            rows=tuple(tuple(to_python(t) for t in row) for row in self.rows),
        )


@dataclass(frozen=True)
class GraphResult:
    """A CONSTRUCT or DESCRIBE answer."""

    triples: tuple[ox.Triple, ...]
    truncated: bool = False


@dataclass(frozen=True)
class Description:
    """Everything the graph says about one IRI: out- and incoming statements."""

    iri: str
    outgoing: tuple[tuple[ox.NamedNode, Term], ...]
    incoming: tuple[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode], ...]

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    def values(self, predicate: str) -> list[Term]:
        return [o for p, o in self.outgoing if p.value == predicate]

    def triples(self) -> list[ox.Triple]:
        subject = ox.NamedNode(self.iri)
        return [ox.Triple(subject, p, o) for p, o in self.outgoing]


@dataclass
class Service:
    """The graph seen from the web: saved queries, SPARQL, descriptions, labels."""

    graph: PolicyGraph
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        self.queries: dict[str, SavedQuery] = {
            q.name: q for q in saved_queries(*self.graph.query_dirs)
        }
        self._labels: dict[str, dict[str, str]] | None = None
        self._lock = threading.Lock()

    # -- saved queries ---------------------------------------------------------

    def saved(self, name: str) -> SavedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise RequestProblem(
                404,
                "Unknown query",
                f"there is no saved query {name!r}; GET /api/queries lists them.",
            ) from None

    def bind(
        self, query: SavedQuery, given: Mapping[str, Sequence[str]]
    ) -> tuple[str, dict[str, str]]:
        """Check request parameters against the query's declared types; the bound text.

        An empty value counts as not given (an HTML form sends empty fields).
        Raises :class:`RequestProblem` (400) naming the parameter at fault.
        """
        declared = {p.name for p in query.params}
        for name in given:
            if name in RESERVED:
                continue
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise bad_parameter(
                    name,
                    f"query {query.name!r} has no parameter {name!r}; its parameters are: {known}.",
                )
        values: dict[str, str] = {}
        for spec in query.params:
            raw = [v for v in given.get(spec.name, ()) if v.strip()]
            if len(raw) > 1:
                raise bad_parameter(
                    spec.name, f"parameter {spec.name!r} is given {len(raw)} times; give it once."
                )
            if not raw:
                if spec.required and spec.default is None:
                    raise bad_parameter(
                        spec.name,
                        f"query {query.name!r} needs parameter {spec.name!r} ({spec.type}"
                        f"{': ' + spec.description if spec.description else ''}).",
                    )
                continue
            values[spec.name] = self._checked(spec, raw[0])
        try:
            text = self.graph.bind(query, values)
        except ParameterError as exc:  # pragma: no cover - every value was checked above
            raise bad_parameter(None, str(exc)) from None
        return text, values

    def _checked(self, spec: ParamSpec, value: str) -> str:
        if spec.type == "municipality" and re.fullmatch(r"\s*[0-9]{3,4}\s*", value):
            code = value.strip().zfill(4)
            found = self.select(
                "SELECT ?m WHERE { ?m pg:municipalityCode $code }", code=ox.Literal(code)
            )
            if not found.rows:
                raise bad_parameter(
                    spec.name,
                    f"parameter {spec.name!r}: no municipality has kommunekode {code}; give a "
                    "four-digit code of an encoded municipality (e.g. 0217) or its name.",
                )
            return str(found.rows[0][0].value)  # type: ignore[union-attr]
        try:
            spec.convert(value)
        except ParameterError as exc:
            raise bad_parameter(spec.name, str(exc)) from None
        return value

    def run_saved(self, text: str) -> TermResult:
        """Run a saved query's bound text (SELECT or ASK)."""
        return self._run_select_or_ask(text)

    # -- ad-hoc SPARQL -----------------------------------------------------------

    def check_read_only(self, text: str) -> str:
        """The query form of a read-only query; :class:`RequestProblem` otherwise."""
        problem = nesting_problem(text)
        if problem:
            raise RequestProblem(400, "Query nested too deeply", problem)
        try:
            algebra = parse_algebra(text)
        except SparqlSyntaxError as exc:
            if is_update(text):
                raise RequestProblem(
                    403,
                    "Updates are refused",
                    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
                    "DROP, CREATE, ...) is not accepted.",
                ) from None
            raise RequestProblem(
                400, "Malformed query", f"the query does not parse: {exc}"
            ) from None
        for node in walk(algebra):
            if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
                raise RequestProblem(
                    403,
                    "SERVICE is refused",
                    "this endpoint does not call other endpoints: SERVICE is not accepted.",
                )
        return "DESCRIBE" if algebra.name == "DescribeQuery" else query_form(text)

    def sparql(self, text: str) -> TermResult | GraphResult:
        """Run a checked read-only query: SELECT/ASK on every engine, CONSTRUCT and
        DESCRIBE on the embedded pyoxigraph engine."""
        form = self.check_read_only(text)
        backend = self.graph.backend
        if isinstance(backend, OxigraphBackend):
            return self._oxigraph(backend, text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            raise RequestProblem(
                400,
                "Query form not available",
                f"{form} is answered only over the embedded engine; this application runs over "
                f"the {self.graph.engine} engine. Use SELECT or ASK.",
            )
        return self._run_select_or_ask(text)

    def _oxigraph(self, backend: OxigraphBackend, text: str) -> TermResult | GraphResult:
        cap = self.limits.max_results
        try:
            answer = backend.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise RequestProblem(
                400, "Malformed query", f"the query does not parse: {exc}"
            ) from None
        except OSError as exc:
            raise RequestProblem(
                400, "Query failed", f"the query could not be evaluated: {exc}"
            ) from None
        if isinstance(answer, ox.QueryBoolean):
            return TermResult(columns=(), rows=(), boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = tuple(v.value for v in answer.variables)
            rows: list[tuple[Term | None, ...]] = []
            for solution in answer:
                if len(rows) == cap:
                    return TermResult(names, tuple(rows), truncated=True)
                rows.append(tuple(solution[name] for name in names))
            return TermResult(names, tuple(rows))
        triples: list[ox.Triple] = []
        for triple in answer:
            if len(triples) == cap:
                return GraphResult(tuple(triples), truncated=True)
            triples.append(triple)
        return GraphResult(tuple(triples))

    def _run_select_or_ask(self, text: str) -> TermResult:
        backend = self.graph.backend
        try:
            if query_form(text) == "ASK":
                return TermResult(columns=(), rows=(), boolean=backend.ask(text))
            names, rows = backend.select(text)
        except QueryError as exc:
            raise RequestProblem(400, "Query failed", str(exc)) from None
        cap = self.limits.max_results
        return TermResult(tuple(names), tuple(rows[:cap]), truncated=len(rows) > cap)

    # -- fixed queries of the pages ----------------------------------------------

    def select(self, text: str, **params: ox.NamedNode | ox.Literal) -> TermResult:
        """A fixed query of the application, with parameters bound as RDF terms."""
        kinds = tuple(
            (name, "iri" if isinstance(term, ox.NamedNode) else "string")
            for name, term in sorted(params.items())
        )
        saved = _internal_query(text, kinds)
        values = {name: term.value for name, term in params.items()}
        return self._run_select_or_ask(self.graph.bind(saved, values))

    def describe(self, iri: str) -> Description:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return Description(iri, (), ())
        out = self.select("SELECT ?p ?o WHERE { $s ?p ?o }", s=node)
        into = self.select("SELECT ?s ?p WHERE { ?s ?p $s }", s=node)
        outgoing = tuple(sorted({(p, o) for p, o in out.rows}, key=_sort_pair))
        incoming = tuple(sorted({(s, p) for s, p in into.rows}, key=_sort_pair))
        return Description(iri, outgoing, incoming)  # type: ignore[arg-type]

    def labels(self) -> dict[str, dict[str, str]]:
        """IRI -> language -> label (skos:prefLabel, dcterms:title or rdfs:label).

        Read once: the graph an application serves does not change under it.
        """
        with self._lock:
            if self._labels is None:
                found: dict[str, dict[str, str]] = {}
                for prop in reversed(LABEL_PROPERTIES):  # skos:prefLabel wins
                    result = self.select(
                        "SELECT ?s ?label WHERE { ?s $p ?label FILTER(isIRI(?s)) }",
                        p=ox.NamedNode(prop),
                    )
                    for subject, label in result.rows:
                        if isinstance(subject, ox.NamedNode) and isinstance(label, ox.Literal):
                            found.setdefault(subject.value, {})[label.language or ""] = label.value
                self._labels = found
            return self._labels

    def label(self, iri: str, lang: str = "en") -> str | None:
        by_lang = self.labels().get(iri)
        if not by_lang:
            return None
        for key in (lang, "en", "da", ""):
            if key in by_lang:
                return by_lang[key]
        return next(iter(by_lang.values()))

    def choices(self, spec: ParamSpec) -> list[tuple[str, str]]:
        """(value, label) pairs for an enumerated parameter type; [] for free input."""
        kind = spec.type
        if kind == "enum":
            return [(str(v), str(v)) for v in spec.options.get("values", [])]
        if kind == "boolean":
            return [("false", "false"), ("true", "true")]
        if kind == "basis":
            return [
                ("any", "any basis"),
                ("explicit", "explicit (stated by the document)"),
                ("curated", "curated (derived by a curator)"),
            ]
        if kind in _CONCEPT_QUERIES:
            return list(self._concepts(kind))
        return []

    def _concepts(self, kind: str) -> tuple[tuple[str, str], ...]:
        with self._lock:
            cache: dict[str, tuple[tuple[str, str], ...]] = self.__dict__.setdefault(
                "_concept_cache", {}
            )
            if kind in cache:
                return cache[kind]
        text, prefix = _CONCEPT_QUERIES[kind]
        rows = self.select(text).rows
        pairs = []
        for row in rows:
            iri = row[0]
            if not isinstance(iri, ox.NamedNode):
                continue
            value = iri.value.removeprefix(prefix) if prefix else iri.value
            notation = row[1].value if len(row) > 1 and row[1] is not None else ""
            name = self.label(iri.value, "da" if kind == "municipality" else "en") or value
            pairs.append((value, f"{notation} {name}".strip() if notation else name))
        if kind in ("principle", "sdg"):
            pairs.sort(key=lambda pair: natural_key(pair[0]))
        else:
            pairs.sort(key=lambda pair: pair[1].lower())
        with self._lock:
            cache[kind] = tuple(pairs)
        return cache[kind]


_CONCEPT_QUERIES: dict[str, tuple[str, str]] = {
    "principle": (
        "SELECT DISTINCT ?c ?n WHERE { ?c a pg:NationalRecoveryPrinciple ; skos:notation ?n }",
        str(PREFIXES["rp"]),
    ),
    "sdg": (
        "SELECT DISTINCT ?c ?n WHERE { { ?c a sdgo:Goal } UNION { ?c a sdgo:Target } "
        "?c skos:notation ?n FILTER(DATATYPE(?n) = sdgo:SDGCodeCompact) }",
        str(PREFIXES["sdg"]),
    ),
    "document": (
        "SELECT DISTINCT ?c WHERE { ?c a pg:PolicyDocument }",
        "https://w3id.org/policygraph/id/doc/",
    ),
    "municipality": (
        "SELECT DISTINCT ?c WHERE { ?c a pg:Municipality }",
        str(PREFIXES["mun"]),
    ),
    "theme": ("SELECT DISTINCT ?c WHERE { ?c a pg:Theme }", str(PREFIXES["theme"])),
    "chime": ("SELECT DISTINCT ?c WHERE { ?c a pg:ChimeProcess }", str(PREFIXES["chime"])),
}


@functools.lru_cache(maxsize=64)
def _internal_query(text: str, params: tuple[tuple[str, str], ...]) -> SavedQuery:
    header = ["#+ summary: a query of the web application"]
    if params:
        header.append("#+ params:")
        for name, kind in params:
            header += [f"#+   - name: {name}", f"#+     type: {kind}"]
    return parse_saved_query("\n".join(header) + "\n" + SPARQL_PREFIXES + text, name="web")


def _sort_pair(pair: tuple[Any, Any]) -> tuple[str, str]:
    return (str(pair[0]), str(pair[1]))
