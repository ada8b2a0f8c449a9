"""The fidelity rules: a document against its registered source text and the authority
list of municipalities (:func:`fidelity_findings`), run after the repository rules of
:mod:`.rules`:

=====================  =========  ==============================================
``source-file``        violation  the document names a registered source file
``source-digest``      violation  its ``pg:sha256`` is the file's (and the manifest's)
``source-text``        violation  every ``pg:sourceText`` occurs in the source
``evidence``           violation  every ``pg:evidence`` quote occurs in the source
``item-numbering``     violation  ``<kind>-<n>`` IRIs: kind = class, n = position under
                                  the parent, 1, 2, ... (warning: printed notations in
                                  another order than the positions)
``english-label``      warning    the English label is not (nearly) the Danish text
``draft-status``       warning    "udkast" in the title or the source's first lines
                                  agrees with ``pg:status``
``issuer``             violation  issuers and municipalities agree with the authority
                                  list (``data/municipalities.ttl``)
``literal``            violation  dates, years, integers, booleans, decimals are valid
=====================  =========  ==============================================

Quotes are compared after :func:`.steward.sources.normalise` (docs/encoding.md).
"""

from __future__ import annotations

import calendar
import difflib
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .. import resources
from ..errors import LoadError, StewardError
from ..loading import parse_file
from ..steward.sources import MANIFEST, normalise, read_manifest, sha256_of, sources_dir_for
from .model import Severity, ValidationResult
from .syntax import SourceFile
from .units import path_digest

PG = "https://w3id.org/policygraph/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fidelity_key(source: SourceFile) -> str:
    """What a self-contained file's fidelity findings depend on besides the file itself
    and the code: its registered source texts, their manifest and the authority list."""
    hasher = hashlib.sha256(b"fidelity\n")
    directory = sources_dir_for(Path(source.name))
    names = sorted(
        {
            q.object.value
            for q in source.loaded.statements
            if q.predicate.value == PG + "fileName" and isinstance(q.object, ox.Literal)
        }
    )
    for path in [directory / MANIFEST, resources.data_dir() / "municipalities.ttl"]:
        hasher.update(f"{path}\n".encode())
        hasher.update(_bytes_digest(path).encode())
    for name in names:
        hasher.update(f"{name}\n".encode())
        hasher.update(_bytes_digest(directory / name).encode() if "/" not in name else b"-")
    return hasher.hexdigest()


def _bytes_digest(path: Path) -> str:
    """The manifest, the authority list and a source are the same for many documents:
    hashed once per run (:func:`.units.path_digest`)."""
    try:
        return path_digest(path)
    except OSError:
        return "missing"


SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The fidelity rules, their severity and what each checks (for the rule catalogue).
FIDELITY_RULES: dict[str, tuple[Severity, str]] = {
    "source-file": (
        "violation",
        "The document's pg:fileName is a file in sources/ and its manifest.",
    ),
    "source-digest": ("violation", "The document's pg:sha256 is the SHA-256 of its source file."),
    "source-text": ("violation", "Every pg:sourceText occurs in the source (after normalisation)."),
    "evidence": (
        "violation",
        "Every pg:evidence quote occurs in the source (after normalisation).",
    ),
    "item-numbering": (
        "violation",
        "Item IRIs are <kind>-<n>: the kind of the class, n its position under its parent.",
    ),
    "english-label": ("warning", "The English label is a translation, not the Danish text."),
    "draft-status": ("warning", "A draft marker in the title or source agrees with pg:status."),
    "issuer": ("violation", "Issuers and municipalities agree with the authority list."),
    "literal": ("violation", "Typed literals are valid values of their datatype."),
}
_ITEM_KIND = {
    "Vision": "vision",
    "Value": "value",
    "Purpose": "purpose",
    "TargetGroup": "target-group",
    "Audience": "audience",
    "DocumentPrinciple": "principle",
    "ProcessStatement": "process",
    "FocusArea": "focus-area",
    "Objective": "objective",
    "Initiative": "initiative",
}
_ITEM_IRI = re.compile(
    r"(?P<kind>vision|value|purpose|target-group|audience|principle|process|focus-area"
    r"|objective|initiative)"
    r"-(?P<number>[1-9][0-9]*(?:\.[1-9][0-9]*)*)"
)
_DRAFT = re.compile(r"\b(?:høringsudkast|udkast)\b", re.IGNORECASE)
_DRAFT_LINES = 15
_NEAR = 0.9


class Located(Protocol):
    """Where a focus node is: ``locate(iri) -> (file, line)`` (a :class:`.rules.Locator`)."""

    def locate(self, focus: str) -> tuple[str | None, int | None]: ...


@dataclass
class _Index:
    """Subject -> predicate -> objects, over the files given."""

    triples: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = field(
        default_factory=dict
    )
    _members: dict[str, list[str]] | None = None  # document -> its items (pg:inDocument)
    _borrowed: set[str] = field(default_factory=set)  # subjects whose dict is another's

    def add(self, quads: Sequence[ox.Quad]) -> None:
        triples = self.triples
        blank, triple = ox.BlankNode, ox.Triple
        for q in quads:
            subject, obj = q.subject, q.object
            if type(subject) is triple or type(obj) is triple:
                continue
            key = "_:" + subject.value if type(subject) is blank else subject.value  # type: ignore[union-attr]
            predicates = triples.get(key)
            if predicates is None:
                predicates = triples[key] = {}
            elif key in self._borrowed:  # merged from another index: copy before changing
                predicates = triples[key] = {p: list(o) for p, o in predicates.items()}
                self._borrowed.discard(key)
            objects = predicates.get(q.predicate.value)
            if objects is None:
                predicates[q.predicate.value] = [obj]  # type: ignore[list-item]
            else:
                objects.append(obj)  # type: ignore[arg-type]
        self._members = None

    def merge(self, other: _Index) -> None:
        """Add ``other``'s triples; ``other`` is shared, never changed (nor changed after)."""
        triples = self.triples
        for subject, predicates in other.triples.items():
            mine = triples.get(subject)
            if mine is None:
                triples[subject] = predicates  # borrowed until something adds to it
                self._borrowed.add(subject)
                continue
            merged = {p: list(objects) for p, objects in mine.items()}
            for predicate, objects in predicates.items():
                merged.setdefault(predicate, []).extend(objects)
            triples[subject] = merged
            self._borrowed.discard(subject)
        self._members = None

    def items(self, document: str) -> list[str]:
        """The subjects that say ``pg:inDocument document``, sorted."""
        if self._members is None:
            members: dict[str, set[str]] = {}
            for subject, predicates in self.triples.items():
                for o in predicates.get(PG + "inDocument", ()):
                    if isinstance(o, ox.NamedNode):
                        members.setdefault(o.value, set()).add(subject)
            self._members = {doc: sorted(found) for doc, found in members.items()}
        return self._members.get(document, [])

    def objects(
        self, subject: str, predicate: str
    ) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return self.triples.get(subject, {}).get(predicate, [])

    def iris(self, subject: str, predicate: str) -> list[str]:
        return [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

    def literal(self, subject: str, predicate: str, language: str | None = None) -> str | None:
        for o in self.objects(subject, predicate):
            if isinstance(o, ox.Literal) and (language is None or o.language == language):
                return o.value
        return None

    def types(self, subject: str) -> set[str]:
        return set(self.iris(subject, RDF_TYPE))

    def subjects_of_type(self, cls: str) -> list[str]:
        return sorted(s for s in self.triples if cls in self.types(s))


@dataclass(frozen=True)
class Municipality:
    iri: str
    code: str
    name: str


@cache
def authority(path: Path | None = None) -> dict[str, Municipality]:
    """The authority list: every municipality of the shipped ``data/municipalities.ttl``."""
    source = path or resources.data_dir() / "municipalities.ttl"
    try:
        loaded = parse_file(source)
    except LoadError:
        return {}
    index = _Index()
    index.add(loaded.statements)
    return {
        iri: Municipality(
            iri,
            index.literal(iri, PG + "municipalityCode") or "",
            index.literal(iri, SKOS + "prefLabel", "da") or "",
        )
        for iri in index.subjects_of_type(PG + "Municipality")
    }


def fidelity_findings(
    targets: Sequence[tuple[str, Sequence[ox.Quad], dict[str, str]]],
    context: Sequence[Sequence[ox.Quad]],
    locator: Located,
    memo: Callable[[int, Callable[[], list[ValidationResult]]], list[ValidationResult]]
    | None = None,
) -> list[ValidationResult]:
    """Every fidelity finding in the target files.

    ``targets`` are (file name, quads, the file's prefixes); ``context`` the
    quads of the municipalities and organisations validated alongside.

    A *self-contained* target (:func:`_self_contained`) is checked against its own
    triples alone, which then give exactly what the union gives, and through ``memo``
    (its number and a function computing its findings) if one is given, so that a
    cache can answer for it; the union is indexed only if some target is not.
    """
    contained = _self_contained([q for _, q, _ in targets], context)
    union: _Index | None = None
    found: list[ValidationResult] = []
    for number, (name, quads, prefixes) in enumerate(targets):

        def compute(
            number: int = number,
            name: str = name,
            quads: Sequence[ox.Quad] = quads,
            prefixes: dict[str, str] = prefixes,
        ) -> list[ValidationResult]:
            nonlocal union
            own = _Index()
            own.add(quads)
            if number in contained:
                index = own
            else:
                if union is None:
                    union = _Index()
                    for other in [*(q for _, q, _ in targets), *context]:
                        union.add(other)
                index = union
            check = _Checker(name, index, own, prefixes, locator)
            for document in own.subjects_of_type(PG + "PolicyDocument"):
                check.document(document)
            check.municipalities()
            check.literals(quads)
            return check.found

        found += memo(number, compute) if memo and number in contained else compute()
    return found


#: The predicates the fidelity rules follow from a document to other nodes.
_FOLLOWED = frozenset(
    PG + p for p in ("alignment", "hasObjective", "hasInitiative", "hasFocusArea")
) | {"http://www.w3.org/ns/prov#wasDerivedFrom"}


def _self_contained(
    targets: Sequence[Sequence[ox.Quad]], context: Sequence[Sequence[ox.Quad]]
) -> set[int]:
    """The targets whose fidelity checks read nothing another file says.

    A target is self-contained when no other file (target or context) states anything
    about its subjects or about a node it links to with a predicate the checks follow,
    and none says ``pg:inDocument`` one of its subjects.
    """
    files = [*targets, *context]
    subjects: list[set[str]] = []
    followed: list[set[str]] = []
    members: list[set[str]] = []
    count: dict[str, int] = {}
    for quads in files:
        mine: set[str] = set()
        links: set[str] = set()
        documents: set[str] = set()
        for q in quads:
            mine.add(_node(q.subject))
            predicate = q.predicate.value
            if predicate in _FOLLOWED and not isinstance(q.object, ox.Literal):
                links.add(_node(q.object))
            elif predicate == PG + "inDocument" and isinstance(q.object, ox.NamedNode):
                documents.add(q.object.value)
        for subject in mine:
            count[subject] = count.get(subject, 0) + 1
        subjects.append(mine)
        followed.append(links)
        members.append(documents)
    pointed: dict[str, int] = {}  # document -> how many files say pg:inDocument it
    for documents in members:
        for document in documents:
            pointed[document] = pointed.get(document, 0) + 1
    contained = set()
    for number in range(len(targets)):
        mine, links = subjects[number], followed[number]
        if any(count[s] > 1 for s in mine):
            continue
        if any(count.get(o, 0) > (1 if o in mine else 0) for o in links):
            continue
        own_documents = members[number]
        if any(pointed.get(s, 0) > (1 if s in own_documents else 0) for s in mine):
            continue
        contained.add(number)
    return contained


class _Checker:
    def __init__(
        self, name: str, index: _Index, own: _Index, prefixes: dict[str, str], locator: Located
    ) -> None:
        self.name = name
        self.index = index
        self.own = own
        self.prefixes = prefixes
        self.locator = locator
        self.found: list[ValidationResult] = []

    # -- reporting ------------------------------------------------------------------

    def report(
        self,
        rule: str,
        focus: str,
        message: str,
        *,
        path: str | None = None,
        value: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        file, line = self.locator.locate(focus)
        if file != self.name:
            file, line = self.name, None
        self.found.append(
            ValidationResult(
                severity=severity or FIDELITY_RULES[rule][0],
                message=message,
                focus_node=focus,
                path=path,
                value=value,
                file=file,
                line=line,
                rule=rule,
            )
        )

    def short(self, iri: str) -> str:
        best = ""
        for prefix, namespace in self.prefixes.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and re.fullmatch(r"[\w.\-]+", local):
                candidate = f"{prefix}:{local}"
                if not best or len(candidate) < len(best):
                    best = candidate
        return best or f"<{iri}>"

    # -- one document ---------------------------------------------------------------

    def document(self, doc: str) -> None:
        items = self.index.items(doc)
        source_text = self.source(doc)
        if source_text is not None:
            self.quotes(doc, items, source_text)
        self.draft(doc, source_text)
        self.numbering(doc, items)
        for item in items:
            self.english(item)
        self.issuers(doc)

    def source(self, doc: str) -> str | None:
        """The document's source text, or None (with a finding) when it cannot be read."""
        sources = self.index.iris(doc, "http://www.w3.org/ns/prov#wasDerivedFrom")
        if not sources:
            return None  # the shapes require prov:wasDerivedFrom and say so
        node = sources[0]
        names = self.index.objects(node, PG + "fileName")
        if len(sources) > 1 or len(names) > 1 or len(self.index.objects(node, PG + "sha256")) > 1:
            return None  # two sources: the shapes (or duplicate-subject, for a copied block) say so
        file_name = self.index.literal(node, PG + "fileName")
        digest = self.index.literal(node, PG + "sha256")
        if not file_name or "TODO" in file_name:
            return None  # the shapes or the placeholder rule report it
        directory = sources_dir_for(Path(self.name))
        path = directory / file_name
        try:
            entries = {e.file: e for e in read_manifest(directory)}
        except StewardError as exc:
            self.report("source-file", node, str(exc), path=PG + "fileName")
            entries = {}
        shown = f"sources/{file_name}"
        if "/" in file_name or not path.is_file():
            self.report(
                "source-file",
                node,
                f"{shown} does not exist: register the source text with `policygraph source "
                f"add FILE --municipality CODE --title TITLE` and write the file name it "
                f"prints in pg:fileName.",
                path=PG + "fileName",
                value=file_name,
            )
            return None
        if file_name not in entries:
            self.report(
                "source-file",
                node,
                f"{shown} is not listed in sources/{MANIFEST}: register it with `policygraph "
                "source add` (which copies the file and writes its entry) instead of copying it "
                "by hand.",
                path=PG + "fileName",
                value=file_name,
            )
        actual = sha256_of(path)
        if digest and "TODO" not in digest and digest != actual:
            self.report(
                "source-digest",
                node,
                f"pg:sha256 is not the SHA-256 of {shown} ({actual}): either the source file "
                "changed since the document was encoded (restore it: sources are never "
                "edited) or the digest was mistyped (copy it from `policygraph source list`).",
                path=PG + "sha256",
                value=digest,
            )
        entry = entries.get(file_name)
        if entry is not None and entry.sha256 != actual:
            self.report(
                "source-digest",
                node,
                f"{shown} no longer has the SHA-256 its manifest entry records ({entry.sha256}): "
                "sources are byte-for-byte copies and are never edited; restore the file.",
                path=PG + "sha256",
                value=actual,
            )
        if entry is not None:
            issuers = {
                m.code
                for iri in self.index.iris(doc, PG + "issuedBy")
                if (m := authority().get(iri)) is not None
            }
            if issuers and entry.municipality and not issuers & set(entry.municipality):
                self.report(
                    "source-file",
                    doc,
                    f"the document is issued by {', '.join(sorted(issuers))} but {shown} is "
                    f"registered for {' '.join(entry.municipality)} in sources/{MANIFEST}: "
                    "check pg:issuedBy and pg:fileName.",
                    path=PG + "issuedBy",
                    severity="warning",
                )
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.report("source-file", node, f"{shown} cannot be read as UTF-8 text ({exc}).")
            return None

    def quotes(self, doc: str, items: list[str], text: str) -> None:
        source = normalise(text)
        for item in items:
            for literal in self.own.objects(item, PG + "sourceText"):
                if isinstance(literal, ox.Literal) and normalise(literal.value) not in source:
                    self.report(
                        "source-text",
                        item,
                        f"the pg:sourceText of {self.short(item)} does not occur in its source "
                        f"({_divergence(literal.value, source)}): copy the wording verbatim "
                        "from the source; only line breaks, spaces, soft hyphens and words "
                        "split at a line end may differ (docs/encoding.md, Normalisation).",
                        path=PG + "sourceText",
                        value=_excerpt(literal.value),
                    )
        for owner in [doc, *items]:
            for alignment in self.index.iris(owner, PG + "alignment"):
                for literal in self.index.objects(alignment, PG + "evidence"):
                    if not isinstance(literal, ox.Literal) or alignment not in self.own.triples:
                        continue
                    if normalise(literal.value) not in source:
                        self.report(
                            "evidence",
                            alignment,
                            f"the pg:evidence of {self.short(alignment)} does not occur in the "
                            f"source ({_divergence(literal.value, source)}): an explicit link "
                            "quotes the "
                            "words that state it, verbatim; if the document does not state the "
                            "link, make it pg:Curated with a pg:rationale instead.",
                            path=PG + "evidence",
                            value=_excerpt(literal.value),
                        )

    def draft(self, doc: str, text: str | None) -> None:
        title = self.index.literal(doc, DCTERMS + "title", "da") or ""
        head = "\n".join(
            [line for line in (text or "").splitlines() if line.strip()][:_DRAFT_LINES]
        )
        marked = _DRAFT.search(title) or _DRAFT.search(head)
        status = self.index.iris(doc, PG + "status")
        if marked and PG + "Final" in status:
            where = "the title" if _DRAFT.search(title) else "the first lines of the source"
            self.report(
                "draft-status",
                doc,
                f"{where} say {marked.group(0)!r} but pg:status is pg:Final: if this is the "
                "draft, set pg:status pg:Draft; if it is the adopted version, check that the "
                "source is the adopted text.",
                path=PG + "status",
                value=PG + "Final",
            )
        elif not marked and PG + "Draft" in status and text is not None:
            self.report(
                "draft-status",
                doc,
                "pg:status is pg:Draft but neither the title nor the first lines of the source "
                "say 'udkast' or 'høringsudkast': set pg:status pg:Final unless the document "
                "says elsewhere that it is a draft (then note where in the header comment).",
                path=PG + "status",
                value=PG + "Draft",
            )

    def numbering(self, doc: str, items: list[str]) -> None:
        prefix = doc + "/"
        parents: dict[str, str] = {}
        for parent in [doc, *items]:
            for predicate in ("hasObjective", "hasInitiative"):
                for child in self.index.iris(parent, PG + predicate):
                    parents.setdefault(child, parent)
        siblings: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for item in items:
            if item not in self.own.triples:
                continue
            classes = [t[len(PG) :] for t in self.index.types(item) if t.startswith(PG)]
            kind = next((_ITEM_KIND[c] for c in classes if c in _ITEM_KIND), None)
            if kind is None:
                continue
            local = item[len(prefix) :] if item.startswith(prefix) else ""
            match = _ITEM_IRI.fullmatch(local)
            if not match:
                self.report(
                    "item-numbering",
                    item,
                    f"{self.short(item)} is not named <document>/{kind}-<n>: name items of this "
                    f"document d:{kind}-1, d:{kind}-2, ... by their position (docs/encoding.md, "
                    "IRIs).",
                )
                continue
            if match["kind"] != kind:
                self.report(
                    "item-numbering",
                    item,
                    f"{self.short(item)} is a pg:{classes[0]} but its IRI says "
                    f"{match['kind']}: rename it d:{kind}-{match['number']} (and every reference "
                    "to it), or correct its rdf:type.",
                )
            *head, last = match["number"].split(".")
            if head and item not in parents:
                continue  # attached to nothing: the shapes say so (pgsh:InitiativeOwner ...)
            parent = parents.get(item, doc)
            parent_number = ""
            if parent != doc:
                parent_match = _ITEM_IRI.fullmatch(parent[len(prefix) :])
                parent_number = parent_match["number"] if parent_match else ""
            if ".".join(head) != parent_number:
                under = self.short(parent) if parent != doc else "the document"
                self.report(
                    "item-numbering",
                    item,
                    f"{self.short(item)} is numbered {match['number']} but hangs under {under}: "
                    f"a child's number starts with its parent's ({parent_number or 'none'}.); "
                    "rename the item after its position, or attach it to the right parent.",
                )
            siblings.setdefault((match["kind"], parent), []).append((int(last), item))
        for (kind, parent), numbered in sorted(siblings.items()):
            numbers = sorted(n for n, _ in numbered)
            if numbers != list(range(1, len(numbers) + 1)):
                first = min(numbered)[1]
                under = self.short(parent) if parent != doc else "the document"
                self.report(
                    "item-numbering",
                    first,
                    f"the {kind} items under {under} are numbered {numbers}, not 1 to "
                    f"{len(numbers)}: positions run 1, 2, ... without gaps or repeats; renumber "
                    "them in reading order.",
                )
            printed = [
                (n, self.index.literal(item, SKOS + "notation"), item)
                for n, item in sorted(numbered)
            ]
            keys = [_notation_key(notation or "") for _, notation, _ in printed]
            if all(keys) and keys != sorted(keys):
                for (_, notation, item), key, previous in zip(
                    printed[1:], keys[1:], keys[:-1], strict=True
                ):
                    if key < previous:
                        self.report(
                            "item-numbering",
                            item,
                            f"{self.short(item)} prints skos:notation {notation!r}, out of order "
                            "with its position among its siblings: IRIs follow the reading order, "
                            "so the printed numbers should increase with them; check the "
                            "notation or the IRI.",
                            path=SKOS + "notation",
                            value=notation,
                            severity="warning",
                        )
                        break

    def english(self, item: str) -> None:
        if item not in self.own.triples:
            return
        danish = self.index.literal(item, PG + "sourceText", "da")
        english = self.index.literal(item, SKOS + "prefLabel", "en")
        if not danish or not english:
            return
        a, b = _letters(danish), _letters(english)
        if len(a) < 12:
            return  # short names ("Sundhed"/"Health", "Recovery") may legitimately coincide
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=True)
        # real_quick_ratio() and quick_ratio() are upper bounds of ratio(): most pairs stop there.
        if a == b or (
            matcher.real_quick_ratio() >= _NEAR
            and matcher.quick_ratio() >= _NEAR
            and matcher.ratio() >= _NEAR
        ):
            self.report(
                "english-label",
                item,
                f"the English skos:prefLabel of {self.short(item)} is (nearly) the Danish "
                f"pg:sourceText ({_excerpt(english)}): write a faithful English translation.",
                path=SKOS + "prefLabel",
                value=_excerpt(english),
            )

    def issuers(self, doc: str) -> None:
        known = authority()
        if not known:
            return
        for iri in self.index.iris(doc, PG + "issuedBy"):
            if iri in known:
                continue
            slug = iri.rsplit("/", 1)[-1]
            by_slug = {m.iri.rsplit("/", 1)[-1]: m for m in known.values()}
            close = difflib.get_close_matches(slug, list(by_slug), n=2, cutoff=0.6)
            hint = (
                " Did you mean "
                + " or ".join(f"mun:{c} ({by_slug[c].name}, {by_slug[c].code})" for c in close)
                + "?"
                if close
                else ""
            )
            self.report(
                "issuer",
                doc,
                f"the issuer {self.short(iri)} is not a municipality of the authority list "
                f"(data/municipalities.ttl).{hint} `policygraph vocab municipalities --search "
                "NAME` finds the IRI.",
                path=PG + "issuedBy",
                value=iri,
            )

    def municipalities(self) -> None:
        """A municipality this file defines agrees with the authority list."""
        shipped = resources.data_dir() / "municipalities.ttl"
        if Path(self.name).resolve() == shipped.resolve():
            self.unique_codes()
            return
        known = authority()
        by_code = {m.code: m for m in known.values()}
        for iri in self.own.subjects_of_type(PG + "Municipality"):
            code = self.own.literal(iri, PG + "municipalityCode")
            name = self.own.literal(iri, SKOS + "prefLabel", "da")
            listed = known.get(iri)
            if code is None:
                continue  # the shapes require the code
            holder = by_code.get(code)
            if listed is not None and code != listed.code:
                other = f" ({code} is {holder.name})" if holder else ""
                self.report(
                    "issuer",
                    iri,
                    f"pg:municipalityCode {code!r} of {self.short(iri)} is not its kommunekode: "
                    f"the authority list gives {listed.code} for {listed.name}{other}. Use "
                    f"{listed.code}.",
                    path=PG + "municipalityCode",
                    value=code,
                )
            elif listed is not None and name and name != listed.name:
                self.report(
                    "issuer",
                    iri,
                    f"the Danish name {name!r} of {self.short(iri)} is not the authority list's "
                    f"{listed.name!r}: use the official name.",
                    path=SKOS + "prefLabel",
                    value=name,
                )
            elif listed is None and holder is not None:
                self.report(
                    "issuer",
                    iri,
                    f"{self.short(iri)} is not in the authority list, and kommunekode {code} is "
                    f"{holder.name} (<{holder.iri}>): refer to that municipality instead of "
                    "declaring a new one.",
                    path=PG + "municipalityCode",
                    value=code,
                )
            elif listed is None:
                self.report(
                    "issuer",
                    iri,
                    f"{self.short(iri)} with kommunekode {code!r} is not a Danish municipality "
                    "of the authority list (data/municipalities.ttl, all 98): `policygraph vocab "
                    "municipalities` lists the IRIs and codes.",
                    path=PG + "municipalityCode",
                    value=code,
                )

    def unique_codes(self) -> None:
        seen: dict[str, str] = {}
        for iri in self.own.subjects_of_type(PG + "Municipality"):
            code = self.own.literal(iri, PG + "municipalityCode")
            if code is None:
                continue
            if code in seen:
                self.report(
                    "issuer",
                    iri,
                    f"kommunekode {code} is given to both {self.short(seen[code])} and "
                    f"{self.short(iri)}: each municipality has its own code.",
                    path=PG + "municipalityCode",
                    value=code,
                )
            seen.setdefault(code, iri)

    def literals(self, quads: Sequence[ox.Quad]) -> None:
        for q in quads:
            if not isinstance(q.object, ox.Literal) or isinstance(q.subject, ox.Triple):
                continue
            problem = literal_problem(q.object)
            if problem:
                self.report(
                    "literal",
                    _node(q.subject),
                    f"{self.short(q.predicate.value)} {problem}",
                    path=q.predicate.value,
                    value=f'"{q.object.value}"^^<{q.object.datatype.value}>',
                )


_DATE = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_YEAR_MONTH = re.compile(r"^(-?\d{4,})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")
_YEAR = re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def literal_problem(literal: ox.Literal) -> str | None:
    """Why a typed literal is not a valid value of its datatype, or None."""
    datatype = literal.datatype.value
    value = literal.value
    if datatype == XSD + "date":
        match = _DATE.match(value)
        if not match:
            return f'{value!r} is not an xsd:date: write YYYY-MM-DD, e.g. "2025-03-01".'
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if not 1 <= month <= 12:
            return f"{value!r} has month {month:02d}: there is no such date; write YYYY-MM-DD."
        last = calendar.monthrange(year, month)[1] if year > 0 else 31
        if not 1 <= day <= last:
            return (
                f"{value!r} has day {day:02d}, but month {month:02d} has {last} days: there is "
                "no such date; write the date the document states."
            )
    elif datatype == XSD + "gYearMonth":
        match = _YEAR_MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            return f"{value!r} is not an xsd:gYearMonth: write YYYY-MM with a month 01-12."
    elif datatype == XSD + "gYear":
        if not _YEAR.match(value):
            return f'{value!r} is not an xsd:gYear: write the four-digit year, e.g. "2025".'
    elif datatype in (XSD + "integer", XSD + "nonNegativeInteger", XSD + "int"):
        if not _INTEGER.match(value):
            return f"{value!r} is not an integer: write digits only, e.g. 18."
    elif datatype == XSD + "decimal":
        if not _DECIMAL.match(value):
            return f"{value!r} is not an xsd:decimal: write e.g. 2.5."
    elif datatype == XSD + "boolean" and value not in ("true", "false", "1", "0"):
        return f"{value!r} is not an xsd:boolean: write true or false."
    return None


def _notation_key(notation: str) -> tuple[int, ...]:
    """The numbers of a printed notation ("2.3" -> (2, 3)); () when it has none."""
    return tuple(int(p) for p in re.findall(r"\d+", notation))


def _letters(text: str) -> str:
    """The letters and digits of ``text``, case-folded (``\\W`` and ``_`` are what
    ``str.isalnum()`` rejects)."""
    return _NOT_ALNUM.sub("", text.casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")


def _divergence(quote: str, normalised_source: str) -> str:
    """Where a quote stops matching its source: the words from there on."""
    words = quote.split()
    low, high = 0, len(words)  # the first `low` words occur; all `high` do not
    while low < high - 1:
        middle = (low + high) // 2
        if normalise(" ".join(words[:middle])) in normalised_source:
            low = middle
        else:
            high = middle
    if low == 0:
        return f"not even its first words: {_excerpt(quote)}"
    before = _excerpt(" ".join(words[max(0, low - 3) : low]), 40)
    return f"it matches up to {before}, then differs at {_excerpt(' '.join(words[low:]), 40)}"


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _node(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value if not isinstance(term, ox.Triple) else str(term)
