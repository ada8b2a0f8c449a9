"""Reading RDF files: the only place that parses them.

Files are parsed with pyoxigraph's strict Turtle parser, which reports the
file, line and column of a syntax error. Each file goes into its own named
graph, so that a document can be exported, replaced or pushed on its own;
queries see the union. The graph is named by the document the file holds
(``<https://w3id.org/policygraph/id/doc/X>`` goes to
``<https://w3id.org/policygraph/graph/X>``), not by where the file lies; a file
without a policy document (``municipalities.ttl``) is named by its file name.
Two files writing one graph, or a data file writing a graph of the ontology or
the vocabularies, is an error (:func:`check_graphs`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeAlias
from urllib.parse import quote

import pyoxigraph as ox

from . import limits, resources
from .errors import LoadError
from .namespaces import DOC, GRAPH, PG, PREFIXES

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


#: The format of a file by its suffix, and the usual cause of a syntax error in it.
_SYNTAX_HINTS = {
    ".ttl": ("Turtle", "a missing '.', ';' or prefix declaration"),
    ".trig": ("TriG", "a missing '.', ';', '}' or prefix declaration"),
    ".nt": ("N-Triples", "a statement that is not one line ending in ' .'"),
    ".nq": ("N-Quads", "a statement that is not one line ending in ' .'"),
    ".jsonld": ("JSON-LD", "a missing ',', '}' or ']', or nesting deeper than the parser reads"),
}


def syntax_hint(path: str | Path) -> tuple[str, str]:
    """The name of a data file's format and the usual cause of a syntax error in it."""
    return _SYNTAX_HINTS.get(Path(path).suffix.lower(), _SYNTAX_HINTS[".ttl"])


#: What :func:`load` and :func:`~policygraph.validate` accept: one file or directory, or several.
Paths: TypeAlias = "str | Path | Sequence[str | Path] | None"


def as_paths(paths: Paths) -> list[str | Path] | None:
    """``"data"`` means the directory ``data``, not the letters d, a, t, a."""
    if paths is None:
        return None
    if isinstance(paths, str | Path):
        return [paths]
    return list(paths)


class LoadedFile:
    """One parsed file: where it came from, its named graph and its quads.

    Loaded straight into a store (:func:`load_store`), a file reads its quads back
    from the store on first use, so that loading makes no Python object per triple.
    Parsed by :func:`parse_file`, it keeps the quads as parsed (:attr:`statements`),
    and puts them in its named graph only when :attr:`quads` is first asked for.
    """

    __slots__ = ("_graph", "_parsed", "_quads", "_store", "path", "role")

    def __init__(
        self,
        path: Path,
        graph: ox.NamedNode | None,
        quads: tuple[ox.Quad, ...] | None = None,
        role: str = "data",  # "ontology", "vocabulary" or "data"
        *,
        store: ox.Store | None = None,
        parsed: tuple[ox.Quad, ...] | None = None,
    ) -> None:
        if quads is None and store is None and parsed is None:
            raise ValueError("a LoadedFile needs its quads or the store that holds them")
        if graph is None and parsed is None:
            raise ValueError("a LoadedFile needs its graph, or its parsed quads to name it")
        self.path = path
        self._graph = graph
        self.role = role
        self._quads = quads
        self._store = store
        self._parsed = parsed

    @property
    def graph(self) -> ox.NamedNode:
        """The named graph of the file (:func:`graph_name`)."""
        if self._graph is None:
            self._graph = graph_name(self.path, self.role, self._parsed)
        return self._graph

    @graph.setter
    def graph(self, value: ox.NamedNode) -> None:
        self._graph = value

    @property
    def quads(self) -> tuple[ox.Quad, ...]:
        """The quads, in the file's named graph (triples of a default graph moved there)."""
        if self._quads is None:
            if self._parsed is not None:
                graph = self.graph
                self._quads = tuple(
                    ox.Quad(q.subject, q.predicate, q.object, graph)
                    if isinstance(q.graph_name, ox.DefaultGraph)
                    else q
                    for q in self._parsed
                )
            else:
                assert self._store is not None
                self._quads = tuple(self._store.quads_for_pattern(None, None, None, self.graph))
        return self._quads

    @property
    def statements(self) -> tuple[ox.Quad, ...]:
        """The quads in whatever graph they were read into: for code that ignores graph
        names, which then need not be set on every quad."""
        return self._parsed if self._parsed is not None else self.quads

    def __len__(self) -> int:
        return len(self.quads)

    def __repr__(self) -> str:
        return f"LoadedFile(path={self.path!r}, graph={self.graph!r}, role={self.role!r})"


ONTOLOGY_GRAPH = str(GRAPH["ontology"])
VOCABULARY_GRAPHS = str(GRAPH["vocab/"])
_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_POLICY_DOCUMENT = ox.NamedNode(str(PG.PolicyDocument))


def graph_name(path: Path, role: str, quads: Iterable[ox.Quad] | None = None) -> ox.NamedNode:
    """The named graph a file is loaded into, stable across runs and moves.

    A data file holding a ``pg:PolicyDocument`` is named by that document (the
    first by IRI if there are several); any other file by its file name.

    >>> graph_name(Path("any/where/x y.ttl"), "data").value
    'https://w3id.org/policygraph/graph/x%20y'
    """
    if role == "ontology":
        return ox.NamedNode(ONTOLOGY_GRAPH)
    if role == "vocabulary":
        return ox.NamedNode(VOCABULARY_GRAPHS + _segment(path.stem))
    documents = sorted(
        q.subject.value
        for q in quads or ()
        if q.predicate == _TYPE
        and q.object == _POLICY_DOCUMENT
        and isinstance(q.subject, ox.NamedNode)
    )
    if documents:
        iri = documents[0]
        key = iri[len(str(DOC)) :] if iri.startswith(str(DOC)) else "doc/" + iri
        return ox.NamedNode(str(GRAPH) + _segment(key))
    return ox.NamedNode(str(GRAPH) + _segment(path.stem))


def _segment(text: str) -> str:
    """``text`` as one IRI path segment (spaces, ``%``, ``/`` and non-ASCII escaped)."""
    return quote(text, safe="-._~")


def _owner(graph: str) -> str | None:
    """What a reserved graph name is reserved for, or None."""
    if graph == ONTOLOGY_GRAPH:
        return "the ontology"
    if graph.startswith(VOCABULARY_GRAPHS):
        return "a vocabulary"
    return None


def check_graphs(files: Sequence[LoadedFile]) -> None:
    """Refuse a set of files in which two write one graph, or data writes a model graph.

    Without this check the second file would silently replace the first on
    ``push`` and hide it in ``export``.
    """
    writers: dict[str, LoadedFile] = {}
    for loaded in files:
        named: set[str] = set()
        fmt = _FORMATS.get(loaded.path.suffix)
        if fmt is not None and fmt.supports_datasets:  # only these can name other graphs
            named = {
                q.graph_name.value for q in loaded.quads if isinstance(q.graph_name, ox.NamedNode)
            }
        for graph in sorted(named | {loaded.graph.value}):
            owner = _owner(graph)
            if loaded.role == "data" and owner:
                raise LoadError(
                    f"{loaded.path}: writes into the graph <{graph}>, which is reserved for "
                    f"{owner}; a data file may write only its own document's graph.",
                    path=str(loaded.path),
                )
            first = writers.setdefault(graph, loaded)
            if first is not loaded:
                raise LoadError(
                    f"{loaded.path}: would go to the graph <{graph}>, like {first.path}; one "
                    "would replace the other. Each file must hold a different document "
                    "(rename one document's IRI, or give only one of the files).",
                    path=str(loaded.path),
                )


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the RDF files inside directories named (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in _FORMATS))
        elif path.exists():
            found.append(path)
        else:
            raise LoadError(
                f"{path}: no such file or directory. Give a Turtle file or a directory of them.",
                path=str(path),
            )
    return found


def parse_file(path: Path, role: str = "data") -> LoadedFile:
    """Parse one file into a named graph; raise :class:`LoadError` with its position."""
    fmt = _FORMATS.get(path.suffix)
    if fmt is None:
        raise LoadError(
            f"{path}: unknown RDF file type {path.suffix!r}; use one of "
            f"{', '.join(sorted(_FORMATS))}.",
            path=str(path),
        )
    data = limits.read_input_file(path, what="RDF file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise LoadError(
            f"{path}:{bad_line}: the file is not UTF-8 (byte {data[exc.start]:#x}); "
            "save it as UTF-8.",
            path=str(path),
            line=bad_line,
            column=exc.start - data.rfind(b"\n", 0, exc.start),
            detail=f"not UTF-8 (byte {data[exc.start]:#x})",
        ) from None
    try:
        parsed = tuple(ox.parse(data, format=fmt, base_iri=None))
    except SyntaxError as exc:
        line = exc.lineno
        column: int | None = exc.offset
        where = f"{path}:{line}:{column}" if line else str(path)
        detail = str(exc.msg) if hasattr(exc, "msg") else str(exc)
        if "LoadDocumentCallback" in detail:
            # pyoxigraph fetches nothing unless given a loader, and we give none.
            remote = ", ".join(_remote_contexts(data)) or "a remote document"
            raise LoadError(
                f"{path}: the JSON-LD @context refers to {remote}, which policygraph "
                "does not fetch (it reads only local files); put the context inline in the "
                "file (see ontology/context.jsonld).",
                path=str(path),
                detail="remote JSON-LD @context",
            ) from None
        kind, cause = syntax_hint(path)
        raise LoadError(
            f"{where}: syntax error: {detail}. Fix the {kind} at that position "
            f"({cause} is the usual cause).",
            path=str(path),
            line=line,
            column=column,
            detail=detail,
        ) from None
    _check_literals(path, data, parsed)
    return LoadedFile(path=path, graph=None, role=role, parsed=parsed)


def _check_literals(path: Path, data: bytes, quads: Sequence[ox.Quad]) -> None:
    """Refuse a literal longer than the limit (it would exhaust validation and fmt)."""
    limit = limits.current().max_literal_chars
    if len(data) <= limit:
        return
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and len(quad.object.value) > limit:
            start = quad.object.value[:40].encode("utf-8")
            offset = data.find(start)
            line = data.count(b"\n", 0, offset) + 1 if offset >= 0 else None
            where = f"{path}:{line}" if line else str(path)
            raise LoadError(
                f"{where}: a literal of {len(quad.object.value):,} characters, more than the "
                f"limit of {limit:,}; shorten it, or raise POLICYGRAPH_MAX_LITERAL_CHARS.",
                path=str(path),
                line=line,
                detail="literal too long",
            )


def _remote_contexts(data: bytes) -> list[str]:
    """The non-inline ``@context`` references of a JSON-LD document, for the message."""
    import json

    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    values = value if isinstance(value, list) else [value]
                    found.extend(repr(v) for v in values if isinstance(v, str))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    try:
        walk(json.loads(data))
    except ValueError:  # not JSON at all: the parser's own message says so
        return []
    return found


def shipped_model() -> list[LoadedFile]:
    """The ontology and the vocabularies."""
    files = [parse_file(resources.ontology_file(), "ontology")]
    files += [parse_file(p, "vocabulary") for p in resources.vocabulary_files()]
    return files


def load_files(paths: Sequence[str | Path] | None = None) -> list[LoadedFile]:
    """The ontology and vocabularies plus the data files (default: shipped ``data/``)."""
    files = shipped_model() + [parse_file(p, "data") for p in _data_paths(paths)]
    check_graphs(files)
    return files


def _data_paths(paths: Sequence[str | Path] | None) -> list[Path]:
    """The data files named (default: shipped ``data/``), each once, however named."""
    data_paths = expand([resources.data_dir()] if paths is None else paths)
    if paths is not None and not data_paths:
        where = ", ".join(str(p) for p in paths) or "(nothing)"
        raise LoadError(
            f"{where}: no RDF files (.ttl, .nt, .trig, .nq, .jsonld) to load; "
            "give a file or a directory that holds some.",
            path=where,
        )
    unique: dict[Path, Path] = {}
    for path in data_paths:
        unique.setdefault(Path(os.path.realpath(path)), path)
    return list(unique.values())


#: Formats that :func:`load_store` hands to the store as they are (triples only:
#: every triple goes to the file's named graph).
_BULK = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)
#: A graph a data file is parked in while its document is not yet known.
_PARKED = "urn:x-policygraph:loading:"


def load_store(paths: Sequence[str | Path] | None = None) -> tuple[ox.Store, list[LoadedFile]]:
    """:func:`load_files` straight into a pyoxigraph store, parsed by the store itself.

    Turtle and N-Triples files are parsed by the store (``Store.load``), each once, with
    no Python object per triple; the files' quads are read back from the store only if asked for. A
    data file is loaded into the graph its file name suggests; its document (read
    from the store's index) names its graph, and in the rare file whose document
    is not named like the file, the store moves the graph. If any file fails,
    everything is parsed again file by file, so that the error is the
    :class:`LoadError` of :func:`parse_file` (file, line, column, advice).
    """
    data_paths = _data_paths(paths)
    wanted = [(resources.ontology_file(), "ontology")]
    wanted += [(p, "vocabulary") for p in resources.vocabulary_files()]
    wanted += [(p, "data") for p in data_paths]
    store = ox.Store()
    files: list[LoadedFile] = []
    parsed: list[LoadedFile] = []  # by parse_file: into the store once all are named
    parked: dict[str, int] = {}  # graph a data file was loaded into -> index in files
    try:
        for path, role in wanted:
            graph = graph_name(path, role)
            fmt = _FORMATS.get(path.suffix)
            if fmt in _BULK and role != "data":
                store.load(path=str(path), format=fmt, to_graph=graph)
                files.append(LoadedFile(path, graph, role=role, store=store))
                continue
            data = _utf8_input(path) if fmt in _BULK else None
            if data is None:
                parsed.append(parse_file(path, role))
                files.append(parsed[-1])
                continue
            if graph.value in parked or _owner(graph.value):
                graph = ox.NamedNode(f"{_PARKED}{len(files)}")
            store.load(data, format=fmt, to_graph=graph)
            if len(data) > limits.current().max_literal_chars and _long_literal(store, graph):
                parse_file(path, role)  # raises the LoadError naming the literal's line
            parked[graph.value] = len(files)
            files.append(LoadedFile(path, graph, role=role, store=store))
    except (SyntaxError, OSError, ValueError):
        files = [parse_file(path, role) for path, role in wanted]  # raises the LoadError
        store = ox.Store()
        for loaded in files:
            store.extend(loaded.quads)
        check_graphs(files)
        return store, files
    _name_by_documents(store, files, parked)
    check_graphs(files)
    moves = [(old, f.graph) for old, i in parked.items() if (f := files[i]).graph.value != old]
    # Through a graph nobody writes, so that files swapping names cannot clobber each other.
    for step, (old, _) in enumerate(moves):
        store.update(f"MOVE GRAPH <{old}> TO <{_PARKED}move-{step}>")
    for step, (_, new) in enumerate(moves):
        store.update(f"MOVE GRAPH <{_PARKED}move-{step}> TO <{new.value}>")
    for loaded in parsed:
        store.extend(loaded.quads)
    return store, files


def _utf8_input(path: Path) -> bytes | None:
    """A file's bytes for the store to parse, or None if it is not UTF-8 (then
    :func:`parse_file` reads it, to report where)."""
    data = limits.read_input_file(path, what="RDF file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return data


def _long_literal(store: ox.Store, graph: ox.NamedNode) -> bool:
    """Whether ``graph`` holds a literal longer than the limit (:func:`_check_literals`)."""
    limit = int(limits.current().max_literal_chars)
    test = f"FILTER(ISLITERAL(?o) && STRLEN(?o) > {limit})"
    query = f"ASK {{ GRAPH <{graph.value}> {{ ?s ?p ?o {test} }} }}"
    return bool(store.query(query))


def _name_by_documents(store: ox.Store, files: list[LoadedFile], parked: dict[str, int]) -> None:
    """Name each data file the store parsed by its policy document (:func:`graph_name`)."""
    found: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, _TYPE, _POLICY_DOCUMENT, None):
        graph = quad.graph_name
        if (
            isinstance(graph, ox.NamedNode)
            and graph.value in parked
            and isinstance(quad.subject, ox.NamedNode)
        ):
            found.setdefault(graph.value, []).append(quad.subject.value)
    for old, index in parked.items():
        loaded = files[index]
        documents = [ox.Quad(ox.NamedNode(d), _TYPE, _POLICY_DOCUMENT) for d in found.get(old, ())]
        loaded.graph = graph_name(loaded.path, "data", documents)
