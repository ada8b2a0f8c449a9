"""Where a focus node is written: the file and first line of its block."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..loading import LoadedFile
from .syntax import SourceFile

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
            for quad in source.loaded.statements:
                if isinstance(quad.object, ox.BlankNode):
                    self._holder.setdefault(term_text(quad.object), term_text(quad.subject))
        typed = [(f, typed_subjects(f.loaded)) for f in files]
        for wanted_typed in (True, False):
            for source, typed_here in typed:
                lines = source.text.subject_lines() if source.text else {}
                found = typed_here if wanted_typed else subjects(source.loaded)
                for subject in found:
                    self._where.setdefault(subject, (source.name, lines.get(subject)))

    def locate(self, focus: str) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while focus not in self._where and focus in self._holder and focus not in seen:
            seen.add(focus)
            focus = self._holder[focus]
        return self._where.get(focus, (None, None))


def subjects(loaded: LoadedFile) -> set[str]:
    """The named subjects of a file (do not change the set: it is shared)."""
    return _memo("subjects", loaded)


def typed_subjects(loaded: LoadedFile) -> set[str]:
    """The named subjects given an ``rdf:type`` in a file (shared, like :func:`subjects`)."""
    return _memo("typed", loaded)


#: (kind, id of a LoadedFile) -> (the file, its subjects): the locator and several
#: rules read them for every file, and a file's quads never change.
_SUBJECTS: dict[tuple[str, int], tuple[LoadedFile, set[str]]] = {}


def _memo(kind: str, loaded: LoadedFile) -> set[str]:
    key = (kind, id(loaded))
    hit = _SUBJECTS.get(key)
    if hit is not None and hit[0] is loaded:
        return hit[1]
    named = ox.NamedNode
    if kind == "typed":
        found = {
            q.subject.value
            for q in loaded.statements
            if type(q.subject) is named and q.predicate.value == RDF_TYPE
        }
    else:
        found = {q.subject.value for q in loaded.statements if type(q.subject) is named}
    if len(_SUBJECTS) > 4096:
        _SUBJECTS.clear()
    _SUBJECTS[key] = (loaded, found)
    return found


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term) if isinstance(term, ox.Triple) else term.value
