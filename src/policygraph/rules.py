"""Repository rules: what SHACL cannot see, and where each finding is in the text.

Two stages. :func:`read_source` is the syntax gate: it reads one file, rejects
a byte-order mark and non-UTF-8 bytes, parses it strictly
(:func:`.loading.parse_file`) and turns a parser error into a finding that
names the rule, the position and the offending token. :func:`repository_findings`
then checks the parsed files against each other and against the model:

==================  ====================================================
``duplicate-subject``  a subject given an ``rdf:type`` in two data files
``undeclared-term``    a ``pg:`` term that the ontology does not declare
``unknown-concept``    a principle, SDG, theme, CHIME or organisation-kind
                       IRI that the vocabularies do not define
``untyped-subject``    a subject that no file gives an ``rdf:type``
``placeholder``        a ``TODO`` placeholder left in a literal
``relative-iri``       an ``<IRI>`` without a scheme (resolved by ``@base``)
==================  ====================================================

:class:`Locator` maps a focus node to the file and first line of its block.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import LoadError
from .findings import ValidationResult
from .loading import LoadedFile, parse_file
from .sourcemap import TurtleText, expand_iri, line_text, scan, token_at

PG = "https://w3id.org/policygraph/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SHARED_CLASSES = {
    PG + "Municipality",
    PG + "Region",
    PG + "PartnerOrganisation",
    "http://www.w3.org/ns/org#Organization",
}
_TEXT_FORMATS = {".ttl", ".nt"}
#: The IRIs the project's files bind these prefixes to, for "add @prefix" advice.
KNOWN_PREFIXES = {
    "chime": "https://w3id.org/policygraph/id/chime/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "kind": "https://w3id.org/policygraph/id/organisation-kind/",
    "mun": "https://w3id.org/policygraph/id/municipality/",
    "org": "https://w3id.org/policygraph/id/organisation/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pg": PG,
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rp": "https://w3id.org/policygraph/id/recovery-principle/",
    "sdg": "http://metadata.un.org/sdg/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "theme": "https://w3id.org/policygraph/id/theme/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: What each vocabulary file holds, for "is not ..." messages.
_VOCABULARY_NAMES = {
    "recovery-principles": "one of the eight national recovery principles (rp:1 to rp:8)",
    "sdg": "a UN SDG goal or target",
    "chime": "a CHIME recovery process",
    "themes": "a theme",
    "organisation-kinds": "an organisation kind",
}
_PARSER_PREFIX = re.compile(
    r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): "
)
_UNBOUND = re.compile(r"The prefix (\S*): has not been declared")


@dataclass(frozen=True)
class SourceFile:
    """A file that passed the syntax gate: its triples and, for Turtle, its text map."""

    loaded: LoadedFile
    text: TurtleText | None

    @property
    def name(self) -> str:
        return str(self.loaded.path)


# ---------------------------------------------------------------------------
# The syntax gate
# ---------------------------------------------------------------------------


def read_source(path: Path, role: str = "data") -> tuple[SourceFile | None, list[ValidationResult]]:
    """Parse one file; on failure return no file and the findings that say why."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [_input(name, "unreadable", f"the file cannot be read ({exc.strerror}).")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            _input(
                name,
                "bom",
                "the file starts with a byte-order mark (BOM), which RDF parsers reject; "
                "save it as UTF-8 without BOM (in most editors: encoding 'UTF-8', not "
                "'UTF-8 with BOM').",
                line=1,
                column=1,
                value="U+FEFF",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        byte = data[exc.start]
        return None, [
            _input(
                name,
                "encoding",
                f"the file is not UTF-8: byte {byte:#04x} at line {line}, column {column} "
                f"(in Latin-1 that is {bytes([byte]).decode('latin-1')!r}); save the file "
                "as UTF-8.",
                line=line,
                column=column,
                value=f"{byte:#04x}",
            )
        ]
    try:
        loaded = parse_file(path, role)
    except LoadError as exc:
        return None, _load_error_findings(name, text, exc)
    turtle = scan(text) if path.suffix in _TEXT_FORMATS else None
    return SourceFile(loaded, turtle), []


def _load_error_findings(name: str, text: str, exc: LoadError) -> list[ValidationResult]:
    detail = _PARSER_PREFIX.sub("", exc.detail or str(exc))
    line, column = exc.line, exc.column
    token = token_at(text, line, column) if line and column else None
    if exc.detail == "remote JSON-LD @context":
        return [_input(name, "remote-context", _after_path(str(exc), name))]
    unbound = _UNBOUND.search(detail)
    if unbound:
        prefix = unbound.group(1)
        namespace = KNOWN_PREFIXES.get(prefix, "…")
        return [
            _input(
                name,
                "unbound-prefix",
                f"the prefix '{prefix}:' is used but not declared; add "
                f"'@prefix {prefix}: <{namespace}> .' at the top of the file.",
                line=line,
                column=column,
                value=token,
            )
        ]
    if "No scheme found" in detail or "relative IRI" in detail:
        relative = scan(text).relative_iris
        if relative:
            return [
                _input(
                    name,
                    "relative-iri",
                    _relative_message(r.text),
                    line=r.line,
                    column=r.column,
                    value=r.text,
                )
                for r in relative
            ]
    if "dot is expected" in detail and token and line:
        return [
            _input(
                name,
                "syntax",
                f"syntax error: a '.' is missing before {token!r} (line {line}): end the "
                "statement before it with '.', or continue it with ';' or ','.",
                line=line,
                column=column,
                value=token,
            )
        ]
    if "Line jumps are not allowed" in detail and line:
        return [
            _input(
                name,
                "syntax",
                f"syntax error: a string on line {line} is not closed before the end of the "
                "line; add its closing quote (write a line break inside a string as \\n).",
                line=line,
                column=column,
                value=line_text(text, line).strip(),
            )
        ]
    where = f"near {token!r}: " if token else ""
    return [
        _input(
            name,
            "syntax",
            f"syntax error {where}{detail.rstrip('.')}. Fix the Turtle at line {line}"
            f"{f', column {column}' if column else ''}: "
            f"{line_text(text, line).strip()!r} (a missing '.', ';' or ',' is the usual cause)."
            if line
            else f"syntax error: {detail}",
            line=line,
            column=column,
            value=token,
        )
    ]


def _relative_message(raw: str) -> str:
    return (
        f"relative IRI {raw}: IRIs in policygraph files must be absolute; write the full IRI "
        "(e.g. <https://w3id.org/policygraph/id/doc/<doc-slug>/initiative-1.1>) or a "
        "prefixed name (d:initiative-1.1) instead."
    )


def _after_path(message: str, name: str) -> str:
    return message[len(name) + 2 :] if message.startswith(name + ": ") else message


def _input(
    name: str,
    rule: str,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    value: str | None = None,
) -> ValidationResult:
    return ValidationResult(
        severity="violation",
        message=message,
        focus_node="",
        value=value,
        file=name,
        line=line,
        column=column,
        rule=rule,
    )


# ---------------------------------------------------------------------------
# Locating focus nodes
# ---------------------------------------------------------------------------


class Locator:
    """Focus node -> (file, line of the first statement with that subject).

    A file that gives the node an ``rdf:type`` wins over one that only adds
    triples about it; among those, the first file given.
    """

    def __init__(self, files: Sequence[SourceFile]) -> None:
        self._where: dict[str, tuple[str, int | None]] = {}
        # A blank node is located where the statement that holds it is: [ ... ] inline.
        self._holder: dict[str, str] = {}
        for source in files:
            for quad in source.loaded.quads:
                if isinstance(quad.object, ox.BlankNode):
                    self._holder.setdefault(_text(quad.object), _text(quad.subject))
        typed = [(f, _typed_subjects(f.loaded)) for f in files]
        for wanted_typed in (True, False):
            for source, typed_here in typed:
                lines = source.text.subject_lines() if source.text else {}
                subjects = typed_here if wanted_typed else _subjects(source.loaded)
                for subject in subjects:
                    self._where.setdefault(subject, (source.name, lines.get(subject)))

    def locate(self, focus: str) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while focus not in self._where and focus in self._holder and focus not in seen:
            seen.add(focus)
            focus = self._holder[focus]
        return self._where.get(focus, (None, None))


def _subjects(loaded: LoadedFile) -> set[str]:
    return {q.subject.value for q in loaded.quads if isinstance(q.subject, ox.NamedNode)}


def _typed_subjects(loaded: LoadedFile) -> set[str]:
    return {
        q.subject.value
        for q in loaded.quads
        if isinstance(q.subject, ox.NamedNode) and q.predicate.value == RDF_TYPE
    }


# ---------------------------------------------------------------------------
# Rules over parsed files
# ---------------------------------------------------------------------------


def repository_findings(
    targets: Sequence[SourceFile],
    context: Sequence[SourceFile],
    others: Sequence[SourceFile],
    model: Sequence[LoadedFile],
) -> list[ValidationResult]:
    """Every repository-rule finding in ``targets``.

    ``context`` (municipalities, organisations) and ``others`` (the rest of
    the data directory) are only compared with, never reported on.
    """
    locator = Locator([*targets, *context])
    found: list[ValidationResult] = []
    found += duplicate_subjects(targets, [*context, *others])
    declared = {
        s
        for loaded in model
        for s in _subjects(loaded)
        if s.startswith(PG) and loaded.role == "ontology"
    }
    concepts = _vocabulary(model)
    typed = set().union(*(_typed_subjects(f.loaded) for f in [*targets, *context, *others]))
    typed |= set().union(*(_typed_subjects(loaded) for loaded in model))
    for source in targets:
        found += untyped_subjects(source, typed)
        prefixes = source.text.prefixes if source.text else {}
        found += undeclared_terms(source, declared, prefixes, locator)
        found += unknown_concepts(source, concepts, prefixes, locator)
        found += placeholders(source, prefixes, locator)
        found += relative_iris(source, locator)
    return found


def duplicate_subjects(
    targets: Sequence[SourceFile], others: Sequence[SourceFile]
) -> list[ValidationResult]:
    """A subject typed in a target file and in another data file (shared nodes excepted)."""
    files = _unique([*targets, *others])
    shared: set[str] = set()
    defined: dict[str, list[tuple[SourceFile, int | None]]] = {}
    for source in files:
        lines = source.text.subject_lines() if source.text else {}
        for quad in source.loaded.quads:
            if (
                quad.predicate.value == RDF_TYPE
                and isinstance(quad.subject, ox.NamedNode)
                and _text(quad.object) in _SHARED_CLASSES
            ):
                shared.add(quad.subject.value)
        for subject in sorted(_typed_subjects(source.loaded)):
            defined.setdefault(subject, []).append((source, lines.get(subject)))
    target_names = {t.name for t in targets}
    found = []
    for subject, places in defined.items():
        if len(places) < 2 or subject in shared:
            continue
        for source, line in places:
            if source.name not in target_names:
                continue
            elsewhere = ", ".join(
                f"{_relative(other.name)}:{other_line}" if other_line else _relative(other.name)
                for other, other_line in places
                if other is not source
            )
            prefixes = source.text.prefixes if source.text else {}
            found.append(
                ValidationResult(
                    severity="violation",
                    message=(
                        f"{short(subject, prefixes)} is also defined in {elsewhere}: each "
                        "subject is defined in one file only. If this file was copied from "
                        "another document, change its IRIs (the d: prefix) to this "
                        "document's slug."
                    ),
                    focus_node=subject,
                    file=source.name,
                    line=line,
                    rule="duplicate-subject",
                )
            )
    return found


def untyped_subjects(source: SourceFile, typed: set[str]) -> list[ValidationResult]:
    """Subjects with triples but no ``rdf:type`` anywhere: no shape targets them."""
    lines = source.text.subject_lines() if source.text else {}
    prefixes = source.text.prefixes if source.text else {}
    return [
        ValidationResult(
            severity="violation",
            message=(
                f"{short(subject, prefixes)} has no rdf:type, so no shape checks it and no "
                "query finds it; add 'a pg:Initiative' (or the class it is)."
            ),
            focus_node=subject,
            file=source.name,
            line=lines.get(subject),
            rule="untyped-subject",
        )
        for subject in sorted(_subjects(source.loaded) - typed)
    ]


def undeclared_terms(
    source: SourceFile, declared: set[str], prefixes: dict[str, str], locator: Locator
) -> list[ValidationResult]:
    """``pg:`` IRIs in ``source`` that the ontology does not declare."""
    locals_ = sorted(term[len(PG) :] for term in declared)
    found = []
    for focus, path, term in _uses(source.loaded, lambda iri: iri.startswith(PG)):
        if term in declared:
            continue
        local = term[len(PG) :]
        guess = difflib.get_close_matches(local, locals_, n=1, cutoff=0.6)
        hint = f" Did you mean {short(PG + guess[0], prefixes)}?" if guess else ""
        found.append(
            _finding(
                locator,
                source,
                focus,
                path,
                term,
                "undeclared-term",
                f"{short(term, prefixes)} is not a term of the policygraph ontology "
                f"(ontology/policygraph.ttl).{hint}",
            )
        )
    return found


@dataclass(frozen=True)
class _Vocabulary:
    concepts: dict[str, set[str]]  # namespace -> defined IRIs
    names: dict[str, str]  # namespace -> "a UN SDG goal or target"
    files: dict[str, str]  # namespace -> ontology/vocab/<file>


def _vocabulary(model: Sequence[LoadedFile]) -> _Vocabulary:
    concepts: dict[str, set[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for loaded in model:
        if loaded.role != "vocabulary":
            continue
        for subject in _typed_subjects(loaded):
            namespace = _namespace(subject)
            if namespace is None or namespace.startswith(PG):
                continue
            concepts.setdefault(namespace, set()).add(subject)
            per_file = counts.setdefault(namespace, {})
            per_file[loaded.path.stem] = per_file.get(loaded.path.stem, 0) + 1
    files = {ns: max(per_file, key=lambda f: per_file[f]) for ns, per_file in counts.items()}
    names = {
        ns: _VOCABULARY_NAMES.get(stem, f"a concept of ontology/vocab/{stem}.ttl")
        for ns, stem in files.items()
    }
    return _Vocabulary(concepts, names, {ns: f"ontology/vocab/{s}.ttl" for ns, s in files.items()})


def unknown_concepts(
    source: SourceFile, vocabulary: _Vocabulary, prefixes: dict[str, str], locator: Locator
) -> list[ValidationResult]:
    """IRIs in a vocabulary's namespace that the vocabulary does not define."""

    def in_vocabulary_namespace(iri: str) -> bool:
        return _namespace(iri) in vocabulary.concepts

    found = []
    for focus, path, term in _uses(source.loaded, in_vocabulary_namespace):
        namespace = _namespace(term)
        assert namespace is not None
        known = vocabulary.concepts[namespace]
        if term in known:
            continue
        guess = difflib.get_close_matches(
            term[len(namespace) :], sorted(k[len(namespace) :] for k in known), n=1, cutoff=0.75
        )
        hint = f" Did you mean {short(namespace + guess[0], prefixes)}?" if guess else ""
        found.append(
            _finding(
                locator,
                source,
                focus,
                path,
                term,
                "unknown-concept",
                f"{short(term, prefixes)} does not exist: it is not {vocabulary.names[namespace]} "
                f"in {vocabulary.files[namespace]}.{hint}",
            )
        )
    return found


def placeholders(
    source: SourceFile, prefixes: dict[str, str], locator: Locator
) -> list[ValidationResult]:
    """Literals still holding a ``TODO`` placeholder (as ``policygraph new`` writes them)."""
    found = []
    for quad in source.loaded.quads:
        if isinstance(quad.object, ox.Literal) and "TODO" in quad.object.value:
            found.append(
                _finding(
                    locator,
                    source,
                    _text(quad.subject),
                    quad.predicate.value,
                    _literal_text(quad.object),
                    "placeholder",
                    f"{short(quad.predicate.value, prefixes)} still holds a TODO placeholder; "
                    "replace it with the real value.",
                )
            )
    return found


def relative_iris(source: SourceFile, locator: Locator) -> list[ValidationResult]:
    """``<IRI>``\\ s without a scheme that parsed only because of an ``@base``."""
    if source.text is None:
        return []
    return [
        ValidationResult(
            severity="violation",
            message=_relative_message(r.text)
            + f" (the @base resolves it to <{expand_iri(r.text, source.text.base)}>.)",
            focus_node="",
            value=r.text,
            file=source.name,
            line=r.line,
            column=r.column,
            rule="relative-iri",
        )
        for r in source.text.relative_iris
    ]


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _uses(loaded: LoadedFile, wanted: Callable[[str], bool]) -> Iterable[tuple[str, str, str]]:
    """(subject, predicate, IRI) for each IRI in predicate or object position that is wanted."""
    seen: set[tuple[str, str, str]] = set()
    for quad in loaded.quads:
        subject = _text(quad.subject)
        predicate = quad.predicate.value
        for term in (quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode) and wanted(term.value):
                key = (subject, predicate, term.value)
                if key not in seen:
                    seen.add(key)
                    yield key


def _finding(
    locator: Locator,
    source: SourceFile,
    focus: str,
    path: str,
    value: str,
    rule: str,
    message: str,
) -> ValidationResult:
    file, line = locator.locate(focus)
    if file != source.name:  # defined elsewhere: point at this file's own statement
        file = source.name
        line = source.text.subject_lines().get(focus) if source.text else None
    return ValidationResult(
        severity="violation",
        message=message,
        focus_node=focus,
        path=path,
        value=value,
        file=file,
        line=line,
        rule=rule,
    )


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term) if isinstance(term, ox.Triple) else term.value


def _literal_text(literal: ox.Literal) -> str:
    escaped = literal.value.replace("\\", "\\\\").replace('"', '\\"')
    if literal.language:
        return f'"{escaped}"@{literal.language}'
    if literal.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return f'"{escaped}"'
    return f'"{escaped}"^^<{literal.datatype.value}>'


def _relative(name: str) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    try:
        return Path(name).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return name


def _namespace(iri: str) -> str | None:
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut > len("https://") else None


def _unique(files: Iterable[SourceFile]) -> list[SourceFile]:
    seen: set[Path] = set()
    unique = []
    for source in files:
        key = source.loaded.path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


_LOCAL = re.compile(r"^[\w\-](?:[\w.\-]*[\w\-])?$")


def short(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` with the file's own prefixes where one fits, else ``<iri>``."""
    best: tuple[int, str] | None = None
    for name, namespace in prefixes.items():
        fits = iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :])
        if fits and (best is None or len(namespace) > best[0]):
            best = (len(namespace), f"{name}:{iri[len(namespace) :]}")
    return best[1] if best else f"<{iri}>"
