"""Per-document SHACL runs and the digest-keyed cache of their results.

Validation at scale runs the core shapes (:mod:`.plan`) once per *unit* —
each validated file, each context file, and the model (ontology + vocabularies) —
over the unit's own triples plus its **neighbourhood** in the union:

* every triple (from any file) whose subject is a subject of the unit;
* every triple whose object is such a subject and whose predicate the shapes walk
  backwards (``sh:inversePath``);
* every triple whose subject is a node one step away from the unit's subjects
  (their types, the municipality's ``pg:municipalityCode`` behind ``pg:issuedBy``);
* the model's ``rdf:type`` and every ``rdfs:subClassOf`` triple (for ``sh:class``).

The shapes look at most two steps from a focus node (checked by
:func:`.plan.plan`), so a unit's focus nodes get exactly the results a run
over the whole union gives them; a unit keeps only the results whose focus node is
one of its subjects. Several units may share one pySHACL run (a *batch*): their
neighbourhoods together are still a part of the union that holds each focus node's
whole neighbourhood.

A unit's results are cached under a key made of the cache format, the versions of
policygraph and pySHACL, the shapes file, the model's types and class axioms, the
unit's file bytes and the foreign triples of its neighbourhood, so a result is
reused only when nothing it depends on changed. Blank nodes get new labels on every
parse; cached results name them by their file and position instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..loading import LoadedFile
from ..turtle.lexer import RelativeIri, Statement, TurtleText, scan
from .model import ValidationResult

CACHE_FORMAT = "1"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Unit:
    """What one SHACL result list is cached for: one file, or the whole model."""

    name: str
    files: tuple[LoadedFile, ...]
    subjects: set[str] = field(default_factory=set)  # focus nodes this unit reports
    key: str = ""
    triples: set[ox.Triple] = field(default_factory=set)  # its data graph, axioms aside


def term_text(term: Term) -> str:
    """A node as findings name it: the IRI, or ``_:label``."""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value if isinstance(term, ox.NamedNode) else str(term)


class Neighbourhoods:
    """An index of the union of all units, to cut out each unit's neighbourhood."""

    def __init__(self, units: Sequence[Unit], inverse_predicates: Iterable[str]) -> None:
        inverse = {ox.NamedNode(p) for p in inverse_predicates}
        out: defaultdict[Term, set[ox.Triple]] = defaultdict(set)
        into: defaultdict[Term, set[ox.Triple]] = defaultdict(set)
        self.blank: dict[str, str] = {}  # blank node label -> file digest + position
        self.axioms: set[ox.Triple] = set()
        rdf_type, subclass = ox.NamedNode(RDF_TYPE), ox.NamedNode(SUBCLASS)
        blank = ox.BlankNode
        for unit in units:
            for loaded in unit.files:
                prefix = file_digest(loaded)[:16]
                model = loaded.role != "data"
                before = len(self.blank)  # labels count from each file's own start
                for quad in loaded.statements:
                    triple = quad.triple
                    subject, predicate, obj = triple.subject, triple.predicate, triple.object
                    out[subject].add(triple)
                    if predicate in inverse:
                        into[obj].add(triple)
                    if predicate == subclass or (model and predicate == rdf_type):
                        self.axioms.add(triple)
                    if type(subject) is blank and subject.value not in self.blank:
                        self.blank[subject.value] = f"{prefix}.{len(self.blank) - before}"
                    if type(obj) is blank and obj.value not in self.blank:
                        self.blank[obj.value] = f"{prefix}.{len(self.blank) - before}"
        self.out: dict[Term, set[ox.Triple]] = dict(out)
        self.into: dict[Term, set[ox.Triple]] = dict(into)
        self.unblank = {v: k for k, v in self.blank.items()}
        self.axiom_digest = digest(sorted(self.canonical(t) for t in self.axioms))

    def graph(self, unit: Unit) -> set[ox.Triple]:
        """The unit's triples and its neighbourhood (add :attr:`axioms` to validate)."""
        found: set[ox.Triple] = set()
        subjects = {q.subject for loaded in unit.files for q in loaded.statements}
        for subject in subjects:
            found |= self.out.get(subject, set())
            found |= self.into.get(subject, set())
        neighbours = {t.object for t in found if not isinstance(t.object, ox.Literal)}
        neighbours |= {t.subject for t in found}
        for node in neighbours - subjects:
            found |= self.out.get(node, set())
        unit.subjects = {term_text(s) for s in subjects}
        return found - self.axioms

    def canonical(self, triple: ox.Triple) -> str:
        return f"{self._term(triple.subject)} {triple.predicate} {self._term(triple.object)}"

    def _term(self, term: Term) -> str:
        if isinstance(term, ox.BlankNode):
            return "_:" + self.blank.get(term.value, term.value)
        return str(term)

    def key(self, unit: Unit, graph: set[ox.Triple], stamp: str) -> str:
        own = {q.triple for loaded in unit.files for q in loaded.statements}
        foreign = sorted(self.canonical(t) for t in graph - own)
        material = [stamp, self.axiom_digest, *(file_digest(f) for f in unit.files), *foreign]
        return digest(material)

    def freeze(self, result: ValidationResult) -> dict[str, object]:
        """A result as cached: blank nodes by file and position."""
        record = asdict(result)
        for name in ("focus_node", "value"):
            text = record[name]
            if isinstance(text, str) and text.startswith("_:") and text[2:] in self.blank:
                record[name] = "_:" + self.blank[text[2:]]
        return record

    def thaw(self, record: dict[str, object]) -> ValidationResult | None:
        for name in ("focus_node", "value"):
            text = record.get(name)
            if isinstance(text, str) and text.startswith("_:") and "." in text:
                label = self.unblank.get(text[2:])
                if label is None:
                    return None  # the node is gone: the entry does not fit
                record[name] = "_:" + label
        return ValidationResult(**record)  # type: ignore[arg-type]


def digest(parts: Iterable[str]) -> str:
    """SHA-256 of the parts, each ended by a newline: the one cache-key digest."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\n")
    return hasher.hexdigest()


_FILE_DIGESTS: dict[tuple[str, int, int], str] = {}


def path_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, read once per process while the file is unchanged
    (raises OSError)."""
    stat = path.stat()
    memo = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if memo not in _FILE_DIGESTS:
        _FILE_DIGESTS[memo] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _FILE_DIGESTS[memo]


def names_blank_node(results: Iterable[ValidationResult]) -> bool:
    """Whether a result names a blank node (its label changes on every parse, so such
    results are not cached as they are)."""
    return any(
        (r.focus_node or "").startswith("_:") or (r.value or "").startswith("_:") for r in results
    )


def file_digest(loaded: LoadedFile) -> str:
    """SHA-256 of the file's bytes (the quads come from exactly these bytes)."""
    try:
        return path_digest(loaded.path)
    except OSError:  # parsed from memory: the quads are the content
        return digest(sorted(str(q) for q in loaded.statements))


# ---------------------------------------------------------------------------
# The cache directory
# ---------------------------------------------------------------------------


class Cache:
    """Findings and text maps on disk, under ``directory`` (never required to work).

    A file that cannot be read or written is a miss; writes are atomic. Every entry
    read or written has its modification time set to now, and :meth:`prune` removes
    the entries no run has used for :data:`MAX_AGE` seconds, so the directory does
    not grow with every version of every file.
    """

    #: Entries unused for this long (30 days) are removed by :meth:`prune`.
    MAX_AGE = 30 * 24 * 3600

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, kind: str, key: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str) -> object | None:
        path = self._path(kind, key)
        if path is None:
            return None
        try:
            found: object = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used: keep it
        return found

    def prune(self, now: float | None = None) -> int:
        """Remove the entries unused for :data:`MAX_AGE`; how many were removed."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        limit = (time.time() if now is None else now) - self.MAX_AGE
        removed = 0
        for entry in self.directory.glob("*/*/*.json"):
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < limit:
                    entry.unlink()
                    removed += 1
        return removed

    def put(self, kind: str, key: str, value: object) -> None:
        path = self._path(kind, key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self.directory is not None and not (self.directory / ".gitignore").exists():
                (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
            handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(value, stream, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)

    def scanner(self, text: str) -> TurtleText:
        """:func:`..turtle.lexer.scan`, remembered by the text's digest."""
        if self.directory is None:
            return scan(text)
        key = hashlib.sha256(_lexer_digest().encode() + text.encode("utf-8")).hexdigest()
        stored = self.get("text", key)
        if isinstance(stored, dict):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return _turtle_text(stored)
        found = scan(text)
        self.put("text", key, asdict(found))
        return found


@functools.cache
def _lexer_digest() -> str:
    """The lexer's own code: a text map is reused only if it would be read the same way."""
    from ..turtle import lexer

    return hashlib.sha256(Path(lexer.__file__).read_bytes()).hexdigest()


def _turtle_text(data: dict[str, object]) -> TurtleText:
    statements = [Statement(**s) for s in data["statements"]]  # type: ignore[attr-defined]
    relative = [RelativeIri(**r) for r in data["relative_iris"]]  # type: ignore[attr-defined]
    return TurtleText(
        prefixes=dict(data["prefixes"]),  # type: ignore[call-overload]
        base=data["base"],  # type: ignore[arg-type]
        statements=statements,
        used_prefixes=dict(data["used_prefixes"]),  # type: ignore[call-overload]
        relative_iris=relative,
        header=list(data["header"]),  # type: ignore[call-overload]
        comments=[(int(line), str(text)) for line, text in data["comments"]],  # type: ignore[attr-defined]
    )


def batches(units: Sequence[Unit], count: int) -> list[list[Unit]]:
    """``units`` in ``count`` groups of about the same number of triples."""
    groups: list[list[Unit]] = [[] for _ in range(max(1, count))]
    sizes = [0] * len(groups)
    for unit in sorted(units, key=lambda u: -len(u.triples)):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(unit)
        sizes[smallest] += len(unit.triples)
    return [g for g in groups if g]
