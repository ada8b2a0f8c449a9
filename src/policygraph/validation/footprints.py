"""The core shapes' results per unit, kept while nothing they read has changed.

:meth:`.core.CoreShapes.results` evaluates the shapes over the union of all files. Its
results can be split by *owner*: each focus node is the subject of a triple in at
least one unit (a file, or the model), and the unit with the first name among those
owns it. A unit's results are computed through :class:`Recording`, which notes every
node whose triples the checks read (the value nodes along each path, the classes
behind ``sh:class``, the unit's own subjects and their types). They depend on nothing
else, so they are reused, unchanged, while:

* the unit's own files are unchanged (the cache key has their digests);
* every other unit that held one of those nodes then is unchanged (``deps``); and
* no other unit holds one of them now (a new or edited file that says something
  about a node the unit read).

A unit *holds* a node when it has a triple with the node as subject, or as the object
of a predicate a shape walks backwards. What each unit holds is cached with its
results, so an unchanged file is not walked again. Blank nodes are relabelled on
every parse: a unit whose triples have one has its holdings found again, and results
that name one are not kept. The read of a blank node held by another unit needs no
check of its own, because only that unit can hold it, and it is a dependency.

With one file changed, a run thus evaluates the shapes on that file and on the files
that read what it holds, instead of on every file; the results are the same as one
evaluation over the union (``tests/test_validation_scale.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TypedDict, cast

import pyoxigraph as ox

from .core import Classes, CoreShapes, Index, Term
from .model import ValidationResult
from .units import Cache, Unit, digest, file_digest, names_blank_node, term_text

__all__ = ["core_findings"]

#: Evaluate over one index of every triple when more than this share of units changed.
WHOLE_SHARE = 0.25


class Entry(TypedDict):
    """A unit's cache entry."""

    subjects: list[str]  # what it holds (term texts)
    inverse: list[str]
    blank: bool  # it has blank nodes: its holdings are found again on every run
    reads: list[str]  # the other nodes its results read (not blank ones)
    deps: dict[str, str]  # unit name -> digest of the other units holding those nodes
    results: list[dict[str, str | int | None]] | None  # None: they name a blank node


class Recording(Classes):
    """A reader that notes every node whose triples it was asked for."""

    def __init__(self, reader: Index | Union) -> None:
        super().__init__()
        self.reader = reader
        self.read: set[Term] = set()

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Sequence[Term]:
        self.read.add(subject)
        return self.reader.objects(subject, predicate)

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Sequence[Term]:
        self.read.add(obj)
        return self.reader.subjects(predicate, obj)

    def supers(self, cls: Term) -> frozenset[Term]:
        found = self.reader.supers(cls)
        self.read.update(found)  # the rdfs:subClassOf of each of them was read
        return found


class Union(Classes):
    """The union of the units, read through the units that hold each node; a unit's
    triples are indexed the first time a read needs them."""

    def __init__(
        self,
        units: Sequence[Unit],
        holders: dict[str, list[int]],
        engine: CoreShapes,
    ) -> None:
        super().__init__()
        self.units = units
        self.holders = holders
        self.engine = engine
        self.parts: dict[int, Index] = {}

    def _part(self, number: int) -> Index:
        part = self.parts.get(number)
        if part is None:
            quads = (q for f in self.units[number].files for q in f.statements)
            part = self.parts[number] = self.engine.index(quads)
        return part

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Sequence[Term]:
        found = self.holders.get(term_text(subject), ())
        if len(found) == 1:
            return self._part(found[0]).objects(subject, predicate)
        parts = [self._part(h).objects(subject, predicate) for h in found]
        return list(dict.fromkeys(v for part in parts for v in part))

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Sequence[Term]:
        found = self.holders.get(term_text(obj), ())
        if len(found) == 1:
            return self._part(found[0]).subjects(predicate, obj)
        parts = [self._part(h).subjects(predicate, obj) for h in found]
        return list(dict.fromkeys(v for part in parts for v in part))


def core_findings(
    units: Sequence[Unit], engine: CoreShapes, cache: Cache, stamp: str
) -> list[ValidationResult]:
    """What ``engine.results`` gives over the union of ``units``, unit by unit, with
    each unit's results reused from ``cache`` while what they read is unchanged."""
    if cache.directory is None or not engine.per_node:
        return engine.results([q for u in units for f in u.files for q in f.statements])
    inverse = {ox.NamedNode(p) for p in engine.inverse}
    names = [u.name for u in units]
    digests = [digest([file_digest(f) for f in u.files]) for u in units]
    numbers = {name: n for n, name in enumerate(names)}
    keys = [digest([stamp, "core", n, d]) for n, d in zip(names, digests, strict=True)]
    entries = [_entry(cache.get("core", key)) for key in keys]
    holdings: list[tuple[list[str], list[str], bool]] = []
    for unit, entry in zip(units, entries, strict=True):
        if entry is not None and not entry["blank"]:
            holdings.append((entry["subjects"], entry["inverse"], False))
        else:
            holdings.append(_holdings(unit, inverse))
    holders: dict[str, list[int]] = {}
    for number, (subjects, objects, _) in enumerate(holdings):
        for held in dict.fromkeys([*subjects, *objects]):
            holders.setdefault(held, []).append(number)

    found: list[ValidationResult] = []
    stale: list[int] = []
    for number, entry in enumerate(entries):
        kept = _kept(number, entry, holdings[number][0], holders, digests, numbers)
        if kept is None:
            stale.append(number)
        else:
            found += kept
    if not stale:
        return found
    reader: Index | Union
    if len(stale) > WHOLE_SHARE * len(units):
        reader = engine.index(q for u in units for f in u.files for q in f.statements)
    else:
        reader = Union(units, holders, engine)
    for number in stale:
        subjects, objects, blank = holdings[number]
        owned = _owned(units[number], number, holders, names)
        recording = Recording(reader)
        mine = engine.results_for(recording, owned)
        found += mine
        deps: dict[str, str] = {}
        reads: list[str] = []
        own = set(subjects)
        for node in recording.read:
            text = term_text(node)
            for holder in holders.get(text, ()):
                if holder != number:
                    deps[names[holder]] = digests[holder]
            if text not in own and not isinstance(node, ox.BlankNode):
                reads.append(text)
        records = [cast(dict[str, str | int | None], asdict(r)) for r in mine]
        fresh: Entry = {
            "subjects": subjects,
            "inverse": objects,
            "blank": blank,
            "reads": sorted(reads),
            "deps": deps,
            "results": None if names_blank_node(mine) else records,
        }
        cache.put("core", keys[number], fresh)
    return found


def _holdings(unit: Unit, inverse: set[ox.NamedNode]) -> tuple[list[str], list[str], bool]:
    """The nodes ``unit`` holds: its subjects, and the objects of inverse predicates."""
    subjects: dict[str, None] = {}
    objects: dict[str, None] = {}
    blank = False
    for loaded in unit.files:
        for quad in loaded.statements:
            subject = quad.subject
            if type(subject) is ox.BlankNode:
                blank = True
            subjects[term_text(subject)] = None
            if quad.predicate in inverse:
                obj = quad.object
                if type(obj) is ox.BlankNode:
                    blank = True
                objects[term_text(obj)] = None
    return list(subjects), list(objects), blank


def _owned(unit: Unit, number: int, holders: dict[str, list[int]], names: list[str]) -> list[Term]:
    """The unit's subjects it reports on: those no unit with an earlier name holds."""
    subjects = dict.fromkeys(q.subject for f in unit.files for q in f.statements)
    owned: list[Term] = []
    for subject in subjects:
        found = holders[term_text(subject)]
        if len(found) == 1 or min(found, key=names.__getitem__) == number:
            owned.append(subject)  # type: ignore[arg-type]
    return owned


def _kept(
    number: int,
    entry: Entry | None,
    subjects: list[str],
    holders: dict[str, list[int]],
    digests: list[str],
    numbers: dict[str, int],
) -> list[ValidationResult] | None:
    """The unit's cached results, if nothing they read has changed; else None."""
    if entry is None or entry["results"] is None:
        return None
    allowed = {number}
    for name, recorded in entry["deps"].items():
        other = numbers.get(name)
        if other is None or digests[other] != recorded:
            return None  # a file it read was removed or changed
        allowed.add(other)
    for nodes in (subjects, entry["reads"]):
        for node in nodes:
            found = holders.get(node)
            if found is not None and found != [number] and not allowed.issuperset(found):
                return None  # another file now says something about it
    try:
        return [ValidationResult(**r) for r in entry["results"]]  # type: ignore[arg-type]
    except TypeError:
        return None


def _entry(stored: object) -> Entry | None:
    """A cache entry of the expected shape, or None."""
    if not isinstance(stored, dict):
        return None
    try:
        ok = (
            isinstance(stored["subjects"], list)
            and isinstance(stored["inverse"], list)
            and isinstance(stored["blank"], bool)
            and isinstance(stored["reads"], list)
            and isinstance(stored["deps"], dict)
            and (stored["results"] is None or isinstance(stored["results"], list))
        )
    except KeyError:
        return None
    return cast(Entry, stored) if ok else None
