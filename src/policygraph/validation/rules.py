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

and then the fidelity rules of :mod:`.fidelity` (a document against its source text
and the authority list).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..loading import LoadedFile
from ..namespaces import shorten
from ..turtle.lexer import expand_iri
from .fidelity import fidelity_findings, fidelity_key
from .locate import Locator, subjects, term_text, typed_subjects
from .model import ValidationResult
from .syntax import SourceFile, relative_message

PG = "https://w3id.org/policygraph/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SHARED_CLASSES = {
    PG + "Municipality",
    PG + "Region",
    PG + "PartnerOrganisation",
    "http://www.w3.org/ns/org#Organization",
}
#: What each vocabulary file holds, for "is not ..." messages.
_VOCABULARY_NAMES = {
    "recovery-principles": "one of the eight national recovery principles (rp:1 to rp:8)",
    "sdg": "a UN SDG goal or target",
    "chime": "a CHIME recovery process",
    "themes": "a theme",
    "organisation-kinds": "an organisation kind",
}

#: The repository rules and the input rules of the syntax gate, with what they check.
REPOSITORY_RULES = {
    "syntax": "The file must be valid Turtle (or the RDF format its extension names).",
    "unbound-prefix": "Every prefix used must be declared with @prefix.",
    "relative-iri": "IRIs must be absolute: no <relative> IRIs, no @base.",
    "bom": "Files are UTF-8 without a byte-order mark.",
    "encoding": "Files are UTF-8.",
    "unreadable": "The file must be readable: a regular file within the size limit.",
    "empty": "A file holds at least one triple (an empty file is a truncated document).",
    "limit": "Literals stay within the resource limit (README, Resource limits).",
    "remote-context": "JSON-LD files carry their @context inline (nothing is fetched).",
    "duplicate-subject": "A subject is defined (given an rdf:type) in one data file only.",
    "undeclared-term": "Every pg: term is declared in ontology/policygraph.ttl.",
    "unknown-concept": (
        "Every principle, SDG, theme, CHIME and organisation-kind IRI exists in ontology/vocab/."
    ),
    "untyped-subject": "Every subject has an rdf:type, so that the shapes check it.",
    "placeholder": "No TODO placeholder is left in a literal.",
}


#: Runs the rules that read one file and the model only; may answer from a cache. The
#: text is what else the results depend on ("" for none), part of the cache key.
FileRules = Callable[
    [SourceFile, Callable[[], list[ValidationResult]], str], list[ValidationResult]
]


def repository_findings(
    targets: Sequence[SourceFile],
    context: Sequence[SourceFile],
    others: Sequence[SourceFile],
    model: Sequence[LoadedFile],
    per_file: FileRules | None = None,
    locator: Locator | None = None,
) -> list[ValidationResult]:
    """Every repository-rule finding in ``targets``.

    ``context`` (municipalities, organisations) and ``others`` (the rest of
    the data directory) are only compared with, never reported on. The rules
    that depend on one file and the model only are run through ``per_file``
    (given the file and a function computing them), so that a cache can answer.
    ``locator`` is ``Locator([*targets, *context])`` if the caller has one.
    """
    locator = locator or Locator([*targets, *context])
    found: list[ValidationResult] = []
    found += duplicate_subjects(targets, [*context, *others])
    declared = {
        s
        for loaded in model
        for s in subjects(loaded)
        if s.startswith(PG) and loaded.role == "ontology"
    }
    concepts = _vocabulary(model)
    typed = set().union(*(typed_subjects(f.loaded) for f in [*targets, *context, *others]))
    typed |= set().union(*(typed_subjects(loaded) for loaded in model))
    for source in targets:
        found += untyped_subjects(source, typed)

        def own(source: SourceFile = source) -> list[ValidationResult]:
            prefixes = source.text.prefixes if source.text else {}
            return [
                *undeclared_terms(source, declared, prefixes, locator),
                *unknown_concepts(source, concepts, prefixes, locator),
                *placeholders(source, prefixes, locator),
                *relative_iris(source, locator),
            ]

        found += per_file(source, own, "") if per_file else own()

    memo = None
    if per_file is not None:
        cached = per_file

        def memo(
            number: int, compute: Callable[[], list[ValidationResult]]
        ) -> list[ValidationResult]:
            return cached(targets[number], compute, fidelity_key(targets[number]))

    found += fidelity_findings(
        [(s.name, s.loaded.statements, s.text.prefixes if s.text else {}) for s in targets],
        [c.loaded.statements for c in context],
        locator,
        memo,
    )
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
        for quad in source.loaded.statements:
            if (
                quad.predicate.value == RDF_TYPE
                and isinstance(quad.subject, ox.NamedNode)
                and term_text(quad.object) in _SHARED_CLASSES
            ):
                shared.add(quad.subject.value)
        for subject in sorted(typed_subjects(source.loaded)):
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
                        f"{_short(subject, prefixes)} is also defined in {elsewhere}: each "
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
                f"{_short(subject, prefixes)} has no rdf:type, so no shape checks it and no "
                "query finds it; add 'a pg:Initiative' (or the class it is)."
            ),
            focus_node=subject,
            file=source.name,
            line=lines.get(subject),
            rule="untyped-subject",
        )
        for subject in sorted(subjects(source.loaded) - typed)
    ]


def undeclared_terms(
    source: SourceFile, declared: set[str], prefixes: dict[str, str], locator: Locator
) -> list[ValidationResult]:
    """``pg:`` IRIs in ``source`` that the ontology does not declare."""
    found = []
    for focus, path, term in _uses(source.loaded, lambda iri: iri.startswith(PG)):
        if term in declared:
            continue
        hint = _did_you_mean(term, PG, declared, prefixes, cutoff=0.6)
        found.append(
            _finding(
                locator,
                source,
                focus,
                path,
                term,
                "undeclared-term",
                f"{_short(term, prefixes)} is not a term of the policygraph ontology "
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
        for subject in typed_subjects(loaded):
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
        namespace = _namespace(term) or ""  # never empty: the filter above found one
        known = vocabulary.concepts[namespace]
        if term in known:
            continue
        hint = _did_you_mean(term, namespace, known, prefixes, cutoff=0.75)
        found.append(
            _finding(
                locator,
                source,
                focus,
                path,
                term,
                "unknown-concept",
                f"{_short(term, prefixes)} does not exist: it is not {vocabulary.names[namespace]} "
                f"in {vocabulary.files[namespace]}.{hint}",
            )
        )
    return found


def placeholders(
    source: SourceFile, prefixes: dict[str, str], locator: Locator
) -> list[ValidationResult]:
    """Literals still holding a ``TODO`` placeholder (as ``policygraph new`` writes them)."""
    found = []
    for quad in source.loaded.statements:
        if isinstance(quad.object, ox.Literal) and "TODO" in quad.object.value:
            found.append(
                _finding(
                    locator,
                    source,
                    term_text(quad.subject),
                    quad.predicate.value,
                    _literal_text(quad.object),
                    "placeholder",
                    f"{_short(quad.predicate.value, prefixes)} still holds a TODO placeholder; "
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
            message=relative_message(r.text)
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


def _uses(loaded: LoadedFile, wanted: Callable[[str], bool]) -> Iterable[tuple[str, str, str]]:
    """(subject, predicate, IRI) for each IRI in predicate or object position that is wanted."""
    seen: set[tuple[str, str, str]] = set()
    for quad in loaded.statements:
        subject = term_text(quad.subject)
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
        return Path(os.path.realpath(name)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return name


def _namespace(iri: str) -> str | None:
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut > len("https://") else None


def _unique(files: Iterable[SourceFile]) -> list[SourceFile]:
    seen: set[Path] = set()
    unique = []
    for source in files:
        key = Path(os.path.realpath(source.loaded.path))
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique


def _short(iri: str, prefixes: dict[str, str]) -> str:
    """An IRI as the file being reported on writes it (``<iri>`` where no prefix fits)."""
    return shorten(iri, prefixes, brackets=True)


def _did_you_mean(
    term: str, namespace: str, known: Iterable[str], prefixes: dict[str, str], *, cutoff: float
) -> str:
    """`` Did you mean pg:X?`` for the closest known local name, or nothing."""
    names = sorted(k[len(namespace) :] for k in known)
    guess = difflib.get_close_matches(term[len(namespace) :], names, n=1, cutoff=cutoff)
    return f" Did you mean {_short(namespace + guess[0], prefixes)}?" if guess else ""


# ---------------------------------------------------------------------------
# Fidelity rules: a document against its source and the authority list
# ---------------------------------------------------------------------------
