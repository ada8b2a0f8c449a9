"""The graph object: load or connect, then query, export, summarise and compare."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from .backends import ENGINES, Backend, Engine, OxigraphBackend, RdflibBackend
from .errors import ParameterError, QueryError, SavedQueryError, UnknownQueryError
from .loading import LoadedFile, Paths, as_paths, load_files, load_store, parse_file
from .memory import no_cycle_collection
from .namespaces import PREFIXES, SPARQL_PREFIXES
from .queries import (
    ParamSpec,
    SavedQuery,
    find_saved_query,
    parse_saved_query,
    saved_query_names,
)
from .remote import Auth, RemoteBackend
from .results import QueryResult
from .sparql import check_query
from .terms import IRI, LangString, jsonld, to_python

if TYPE_CHECKING:
    from .revisions import Diff
    from .validation import ValidationReport

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class PolicyGraph:
    """The knowledge graph behind one engine: embedded (pyoxigraph or rdflib) or remote.

    Create it with :func:`load` or :func:`connect`.
    """

    def __init__(
        self,
        backend: Backend,
        files: Sequence[LoadedFile] = (),
        query_dirs: Sequence[str | Path] = (),
    ) -> None:
        self.backend = backend
        self.files = tuple(files)
        self.query_dirs = tuple(query_dirs)

    def __repr__(self) -> str:
        return f"<PolicyGraph engine={self.engine} files={len(self.files)}>"

    @property
    def engine(self) -> str:
        """``"oxigraph"``, ``"rdflib"`` or ``"endpoint"``."""
        return self.backend.name

    # -- queries -----------------------------------------------------------

    def saved_query(self, name: str) -> SavedQuery:
        """The saved query called ``name`` (shipped or from ``query_dirs``)."""
        query = find_saved_query(name, *self.query_dirs)
        if query is None:
            names = saved_query_names(*self.query_dirs)
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            close += [n for n in names if name.lower() in n and n not in close]
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            if re.search(r"[\s{]", name):
                hint = " (This looks like SPARQL text: use sparql() for SPARQL text.)"
            raise UnknownQueryError(
                f"there is no saved query {name!r}.{hint} Run 'policygraph queries' to list them."
            )
        return query

    def query(self, name: str | SavedQuery, /, **params: Any) -> QueryResult:
        """Run the saved query ``name`` with typed parameters (see :class:`ParamSpec`).

        Values are checked against the parameter's type and bound as RDF terms; a
        municipality may also be given by its kommunekode. For SPARQL text use
        :meth:`sparql`.

        >>> graph = load()
        >>> result = graph.query("principle-initiatives", principle=5, municipality="0217")
        >>> "initiative" in result.columns
        True
        """
        saved = name if isinstance(name, SavedQuery) else self.saved_query(name)
        return self.run(self.bind(saved, self.resolve(saved, params)))

    def bind(self, saved: SavedQuery, values: Mapping[str, Any]) -> str:
        """``saved``'s text with ``values`` bound as RDF terms, in the form this
        engine needs (a VALUES row, or BINDs on rdflib)."""
        return saved.bind(values, self.backend.binding)

    def resolve(
        self, saved: SavedQuery, params: Mapping[str, Any], *, strict: bool = False
    ) -> dict[str, Any]:
        """``params`` with enumeration values (municipality, document, theme, chime) found
        in the graph: a kommunekode, a Danish or English label (``Herlev``, ``bolig``), a
        prefixed name (``mun:ballerup``) or a slug become the concept's IRI.

        With ``strict`` a value that names nothing in the graph is a
        :class:`ParameterError` with the closest names (the CLI does this); otherwise
        it is bound as given and simply matches nothing.
        """
        resolved = dict(params)
        for spec in saved.params:
            value = resolved.get(spec.name)
            if value is None:
                continue
            if spec.type == "municipality" and re.fullmatch(r"\s*[0-9]{3,4}\s*", str(value)):
                resolved[spec.name] = self._municipality_by_code(str(value).strip().zfill(4))
            elif spec.type in _ENUM_CLASSES:
                resolved[spec.name] = self._enumerated(spec, str(value), strict)
        return resolved

    def _enumerated(self, spec: ParamSpec, value: str, strict: bool) -> Any:
        known = self._concepts(spec.type)
        text = value.strip()
        prefix, colon, local = text.partition(":")
        if colon and prefix in PREFIXES and not local.startswith("//"):
            text = PREFIXES[prefix] + local
        if text in known:
            return IRI(text)
        try:
            slug_iri = spec.convert(text)
        except ParameterError:
            slug_iri = None
        if slug_iri is not None and slug_iri.value in known:
            return IRI(slug_iri.value)
        wanted = _folded(text)
        for iri, names in known.items():
            if wanted in names:
                return IRI(iri)
        if not strict:
            return value
        every = sorted({n for found in known.values() for n in found})
        close = difflib.get_close_matches(wanted, every, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        slugs = ", ".join(sorted(iri.rsplit("/", 1)[-1] for iri in known)[:12])
        raise ParameterError(
            f"parameter {spec.name!r}: {value!r} names no {spec.type} in the graph.{hint} "
            f"Give a slug, a label or an IRI; known: {slugs}"
            f"{', ...' if len(known) > 12 else ''}."
        )

    def _concepts(self, kind: str) -> dict[str, set[str]]:
        """The IRIs of one enumeration's class, each with its folded names (cached)."""
        cache: dict[str, dict[str, set[str]]] = self.__dict__.setdefault("_concept_cache", {})
        if kind not in cache:
            text = (
                SPARQL_PREFIXES + "SELECT ?iri ?name WHERE { ?iri a " + _ENUM_CLASSES[kind] + " "
                "OPTIONAL { ?iri skos:prefLabel|skos:altLabel|dcterms:title ?name } }"
            )
            found: dict[str, set[str]] = {}
            for iri, name in self.run(text).rows:
                names = found.setdefault(str(iri), {_folded(str(iri).rsplit("/", 1)[-1])})
                if name is not None:
                    names.add(_folded(str(name)))
                    names.add(
                        _folded(re.sub(r"\b(kommune|municipality)\b", "", str(name), flags=re.I))
                    )
            cache[kind] = found
        return cache[kind]

    def _municipality_by_code(self, code: str) -> IRI:
        text = SPARQL_PREFIXES + "SELECT ?m WHERE { ?m pg:municipalityCode $code }"
        rows = self.sparql(text, code=code).rows
        if not rows:
            raise ParameterError(
                f"no municipality has kommunekode {code}; give a four-digit code of an "
                "encoded municipality (e.g. 0217) or its name."
            )
        return IRI(str(rows[0][0]))

    def sparql(self, text: str, /, **params: Any) -> QueryResult:
        """Run an ad-hoc read-only SELECT or ASK query.

        ``$name`` variables are parameters: each takes its type from the Python value
        given for it (:class:`IRI`, ``bool``, ``int``, ``Decimal``/``float``,
        ``datetime.date``, else ``str``) and is bound as an RDF term, never pasted.

        >>> graph = load()
        >>> text = 'SELECT ?t WHERE { $doc <http://purl.org/dc/terms/title> ?t '
        >>> text += 'FILTER(LANG(?t) = "da") }'
        >>> doc = IRI("https://w3id.org/policygraph/id/doc/helsingoer-psykiatripolitik")
        >>> graph.sparql(text, doc=doc).column("t")
        [LangString('Psykiatripolitik- og handleplan for Helsingør Kommune', 'da')]

        A query that is not read-only, does not parse or names outside data (FROM,
        SERVICE) raises :class:`QueryError` (bad input, exit 2) before it runs.
        """
        if params:
            return self.run(self.bind(_adhoc(text, params), params))
        _check_adhoc(text)
        return self.run(text)

    def with_labels(self, result: QueryResult, lang: str) -> QueryResult:
        """``result`` with a ``<column>_label`` column after each column holding IRIs:
        the IRI's skos:prefLabel (else dcterms:title) in ``lang`` (``da`` or ``en``)."""
        if lang not in ("da", "en"):
            raise ParameterError(f"labels in {lang!r}: give da or en.")
        iris = sorted({v for row in result.rows for v in row if isinstance(v, IRI)})
        found: dict[str, tuple[int, str]] = {}
        for chunk in range(0, len(iris), 500):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[chunk : chunk + 500])
            text = (
                SPARQL_PREFIXES + "SELECT ?iri ?rank ?label WHERE { VALUES ?iri { " + values + " } "
                "{ ?iri skos:prefLabel ?label . BIND(0 AS ?rank) } UNION "
                "{ ?iri dcterms:title ?label . BIND(1 AS ?rank) } "
                f'FILTER(LANG(?label) = "{lang}") }}'
            )
            for iri, rank, label in self.run(text).rows:
                key = (int(str(rank)), str(label))
                if str(iri) not in found or key < found[str(iri)]:
                    found[str(iri)] = key
        with_iris = [
            i for i in range(len(result.columns)) if any(isinstance(r[i], IRI) for r in result.rows)
        ]
        columns: list[str] = []
        for i, name in enumerate(result.columns):
            columns.append(name)
            if i in with_iris:
                columns.append(f"{name}_label")

        def widen(row: Sequence[Any], label: Callable[[Any], Any]) -> tuple[Any, ...]:
            out: list[Any] = []
            for i, value in enumerate(row):
                out.append(value)
                if i in with_iris:
                    out.append(label(value))
            return tuple(out)

        def python_label(value: Any) -> Any:
            hit = found.get(str(value)) if isinstance(value, IRI) else None
            return LangString(hit[1], lang) if hit else None

        def term_label(term: Any) -> Any:
            hit = found.get(term.value) if isinstance(term, ox.NamedNode) else None
            return ox.Literal(hit[1], language=lang) if hit else None

        return QueryResult(
            columns=tuple(columns),
            rows=tuple(widen(row, python_label) for row in result.rows),
            terms=tuple(widen(row, term_label) for row in result.terms),
        )

    def construct(self, text: str) -> list[ox.Triple]:
        """The triples of an ad-hoc CONSTRUCT or DESCRIBE query.

        DESCRIBE answers differ between engines (each chooses what describes a node).
        """
        _check_adhoc(text)
        return self.backend.construct(text)

    def run(self, text: str) -> QueryResult:
        """Run SPARQL text as it is (internal; use :meth:`query`)."""
        if _is_ask(text):
            answer = self.backend.ask(text)
            return QueryResult(columns=("answer",), rows=((answer,),), boolean=answer)
        names, rows = self.backend.select(text)
        with no_cycle_collection():  # plain values, no cycles (see policygraph.memory)
            return QueryResult(
                columns=tuple(names),
                rows=tuple(tuple(to_python(term) for term in row) for row in rows),
                terms=tuple(tuple(row) for row in rows),
            )

    # -- export ------------------------------------------------------------

    def quads(self, *, include_model: bool = False) -> list[ox.Quad]:
        """All quads (data graphs only unless ``include_model``), in a stable order."""
        model = {f.graph.value for f in self.files if f.role != "data"}
        model_prefix = "https://w3id.org/policygraph/graph/vocab/"
        quads = [
            q
            for q in self.backend.quads()
            if include_model
            or not (
                isinstance(q.graph_name, ox.NamedNode)
                and (
                    q.graph_name.value in model
                    or q.graph_name.value.startswith(model_prefix)
                    or q.graph_name.value.endswith("/graph/ontology")
                )
            )
        ]
        quads.sort(
            key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
        return quads

    def export(self, format: str = "ttl", *, include_model: bool = False) -> str:
        """Serialise the graph: ``ttl``, ``nt``, ``trig`` (a named graph per file),
        ``nq`` or ``jsonld`` (compacted with the policygraph ``@context``)."""
        if format not in EXPORT_FORMATS:
            raise ParameterError(
                f"unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}."
            )
        quads = self.quads(include_model=include_model)
        rdf_format = EXPORT_FORMATS[format]
        if format == "jsonld":
            return jsonld(quads)
        if rdf_format.supports_datasets:
            data = ox.serialize(quads, format=rdf_format, prefixes=PREFIXES)
        else:
            triples = sorted({q.triple for q in quads}, key=str)
            data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")

    # -- summaries -----------------------------------------------------------

    def documents(self) -> list[IRI]:
        """IRIs of the policy documents, sorted."""
        result = self.run(
            "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
            "SELECT DISTINCT ?doc WHERE { ?doc a pg:PolicyDocument } ORDER BY ?doc"
        )
        return [IRI(row[0]) for row in result.rows]

    def stats(self) -> list[DocumentStats]:
        """Per document: focus areas, objectives, initiatives, alignments, partners, triples."""
        counts: dict[str, dict[str, Any]] = {}
        for key, text in _STATS_QUERIES.items():
            for row in self.run(SPARQL_PREFIXES + text).rows:
                counts.setdefault(str(row[0]), {})[key] = row[1]
        return [
            DocumentStats(
                document=IRI(doc),
                title=str(values.get("title") or ""),
                focus_areas=int(values.get("focus_areas") or 0),
                objectives=int(values.get("objectives") or 0),
                initiatives=int(values.get("initiatives") or 0),
                explicit_alignments=int(values.get("explicit") or 0),
                curated_alignments=int(values.get("curated") or 0),
                partners=int(values.get("partners") or 0),
                triples=int(values.get("triples") or 0),
            )
            for doc, values in sorted(counts.items())
            if "title" in values
        ]

    def stats_result(self) -> QueryResult:
        """:meth:`stats` as a table."""
        stats = self.stats()
        columns = tuple(DocumentStats.__dataclass_fields__)
        rows = tuple(tuple(getattr(s, c) for c in columns) for s in stats)
        return QueryResult(columns=columns, rows=rows)

    # -- validation and revisions ------------------------------------------------

    def validate(self) -> ValidationReport:
        """Validate the data files this graph was loaded from: the SHACL shapes and the
        repository rules, with the shipped municipalities and organisations as context.

        >>> load(["data/herlev-socialpsykiatri-2019-2022.ttl"]).validate().conforms
        True
        """
        if not self.files:
            raise ParameterError(
                "this graph was not loaded from files (it is a remote endpoint): validate the "
                "files before pushing them, with policygraph validate."
            )
        from .validation import CONTEXT_FILES, context_files, validate_loaded

        data = [f for f in self.files if f.role == "data"]
        targets = [f for f in data if f.path.name not in CONTEXT_FILES]
        context = [f for f in data if f.path.name in CONTEXT_FILES]
        context += [parse_file(p) for p in context_files([f.path for f in data])]
        model = [f for f in self.files if f.role != "data"]
        return validate_loaded(targets, context, model)

    def diff(self, old: str, new: str) -> Diff:
        """What changed from document ``old`` to its revision ``new`` (slugs or IRIs);
        see :func:`policygraph.diff`."""
        from .revisions import diff

        return diff(self, old, new)


@dataclass(frozen=True)
class DocumentStats:
    """Counts for one policy document."""

    document: IRI
    title: str
    focus_areas: int
    objectives: int
    initiatives: int
    explicit_alignments: int
    curated_alignments: int
    partners: int
    triples: int


_STATS_QUERIES = {
    "title": """SELECT ?doc (SAMPLE(?t) AS ?title) WHERE {
        ?doc a pg:PolicyDocument ; dcterms:title ?t . FILTER(LANG(?t) = "da") } GROUP BY ?doc""",
    "focus_areas": """SELECT ?doc (COUNT(DISTINCT ?fa) AS ?n) WHERE {
        ?doc pg:hasFocusArea ?fa } GROUP BY ?doc""",
    "objectives": """SELECT ?doc (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?o a pg:Objective ; pg:inDocument ?doc } GROUP BY ?doc""",
    "initiatives": """SELECT ?doc (COUNT(DISTINCT ?i) AS ?n) WHERE {
        ?i a pg:Initiative ; pg:inDocument ?doc } GROUP BY ?doc""",
    "explicit": """SELECT ?doc (COUNT(DISTINCT ?a) AS ?n) WHERE {
        { ?item pg:inDocument ?doc } UNION { ?doc a pg:PolicyDocument . BIND(?doc AS ?item) }
        ?item pg:alignment ?a . ?a pg:basis pg:Explicit } GROUP BY ?doc""",
    "curated": """SELECT ?doc (COUNT(DISTINCT ?a) AS ?n) WHERE {
        { ?item pg:inDocument ?doc } UNION { ?doc a pg:PolicyDocument . BIND(?doc AS ?item) }
        ?item pg:alignment ?a . ?a pg:basis pg:Curated } GROUP BY ?doc""",
    "partners": """SELECT ?doc (COUNT(DISTINCT ?org) AS ?n) WHERE {
        { ?item pg:inDocument ?doc } UNION { ?doc a pg:PolicyDocument . BIND(?doc AS ?item) }
        ?item pg:involvesPartner ?org } GROUP BY ?doc""",
    "triples": """SELECT ?doc (COUNT(*) AS ?n) WHERE {
        GRAPH ?g { ?doc a pg:PolicyDocument }
        GRAPH ?g { ?s ?p ?o } } GROUP BY ?doc""",
}


def load(
    paths: Paths = None,
    *,
    engine: Engine = "oxigraph",
    queries: Sequence[str | Path] = (),
) -> PolicyGraph:
    """Load the ontology, the vocabularies and data into an embedded engine.

    ``paths`` is a Turtle file or directory, or several (default: the shipped ``data/``);
    ``engine`` is ``"oxigraph"`` (default) or ``"rdflib"``; ``queries`` are
    extra directories of saved queries. Raises :class:`LoadError` naming the
    file, line and column of a syntax error.

    >>> graph = load("data")
    >>> graph.engine, len(graph.documents()) >= 1
    ('oxigraph', True)
    """
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}.")
    if engine == "oxigraph":
        store, files = load_store(as_paths(paths))
        return PolicyGraph(OxigraphBackend(files, store), files, queries)
    files = load_files(as_paths(paths))
    return PolicyGraph(RdflibBackend(files), files, queries)


def connect(
    endpoint_url: str,
    *,
    timeout: float = 30.0,
    auth: Auth = None,
    queries: Sequence[str | Path] = (),
) -> PolicyGraph:
    """The same query interface over a remote SPARQL 1.1 endpoint.

    Requests are POSTed with a time-out (``timeout`` seconds, always set);
    HTTP errors and time-outs raise :class:`EndpointError`.
    """
    return PolicyGraph(RemoteBackend(endpoint_url, timeout=timeout, auth=auth), (), queries)


def _is_ask(text: str) -> bool:
    stripped = re.sub(r"#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>", " ", text, flags=re.I)
    return stripped.strip().upper().startswith("ASK")


_ENUM_CLASSES = {
    "municipality": "pg:Municipality",
    "document": "pg:PolicyDocument",
    "theme": "pg:Theme",
    "chime": "pg:ChimeProcess",
}


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _check_adhoc(text: str) -> None:
    """A user's own query: a syntax error is bad input (exit 2), not a broken project."""
    try:
        check_query(text, set(), where="query", describe=True)
    except SavedQueryError as exc:
        message = str(exc).replace(
            "Saved queries must be SELECT, ASK or CONSTRUCT",
            "Give a SELECT, ASK, CONSTRUCT or DESCRIBE query",
        )
        raise QueryError(message) from None


def _adhoc(text: str, params: Mapping[str, Any]) -> SavedQuery:
    """An ad-hoc query whose ``$``-parameters take their type from the Python values."""
    header = ["#+ summary: ad-hoc query", "#+ params:"] if params else ["#+ summary: ad-hoc"]
    for name, value in params.items():
        header += [f"#+   - name: {name}", f"#+     type: {_python_type(value)}"]
    try:
        return parse_saved_query("\n".join(header) + "\n" + text, name="query")
    except SavedQueryError as exc:
        raise QueryError(str(exc)) from None


def _python_type(value: Any) -> str:
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, IRI):
        return "iri"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, Decimal | float):
        return "decimal"
    if isinstance(value, dt.date):
        return "date"
    return "string"
