"""How close a draft comes to the hand encoding of the same source.

Used by ``bench/ingest_recall.py`` (which prints the table) and by the test
that holds the floors. An item is a focus area, objective or initiative,
compared as (kind, ``pg:sourceText``, parent), the parent being the document
or the (kind, ``pg:sourceText``) of the item holding it. An explicit link is
compared as (subject, target), the subject being the document or an item's
(kind, ``pg:sourceText``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF

from .. import resources
from ..namespaces import PG

_KINDS = {PG.FocusArea: "focus-area", PG.Objective: "objective", PG.Initiative: "initiative"}
Key = tuple[str, str]
Entry = tuple[str, str, Key | None]


@dataclass(frozen=True)
class Comparison:
    """Recall of one draft against one hand encoding."""

    document: str
    hand_items: int
    draft_items: int
    found_items: int
    spurious_items: int
    hand_links: int
    draft_links: int
    found_links: int
    missed: tuple[Entry, ...]
    spurious: tuple[Key, ...]
    missed_links: tuple[tuple[Key | None, str], ...]
    wrong_links: tuple[tuple[Key | None, str], ...]

    @property
    def recall(self) -> float:
        return self.found_items / self.hand_items if self.hand_items else 1.0

    @property
    def spurious_share(self) -> float:
        return self.spurious_items / self.draft_items if self.draft_items else 0.0

    @property
    def link_precision(self) -> float:
        return self.found_links / self.draft_links if self.draft_links else 1.0

    @property
    def link_recall(self) -> float:
        return self.found_links / self.hand_links if self.hand_links else 1.0


def _items(graph: rdflib.Graph) -> tuple[set[Entry], dict[rdflib.term.Node, Key]]:
    keys: dict[rdflib.term.Node, Key] = {}
    for cls, kind in _KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            keys[node] = (kind, str(graph.value(node, PG.sourceText)))
    parents: dict[rdflib.term.Node, rdflib.term.Node] = {}
    for prop in (PG.hasObjective, PG.hasInitiative):
        for parent, child in graph.subject_objects(prop):
            parents[child] = parent
    entries = {(*keys[n], keys.get(parents[n]) if n in parents else None) for n in keys}
    return entries, keys


def _links(graph: rdflib.Graph, keys: dict[rdflib.term.Node, Key]) -> set[tuple[Key | None, str]]:
    found = set()
    for subject, alignment in graph.subject_objects(PG.alignment):
        if graph.value(alignment, PG.basis) != PG.Explicit:
            continue
        target = str(graph.value(alignment, PG.alignedTo))
        found.add((keys.get(subject), target))
    return found


def compare(draft_turtle: str, hand: Path, document: str = "") -> Comparison:
    """Compare a draft (Turtle text) with a hand-encoded document file."""
    draft = rdflib.Graph().parse(data=draft_turtle, format="turtle")
    encoded = rdflib.Graph().parse(hand, format="turtle")
    draft_items, draft_keys = _items(draft)
    hand_items, hand_keys = _items(encoded)
    hand_plain = {(kind, text) for kind, text, _ in hand_items}
    spurious = sorted((k, t) for k, t, _ in draft_items if (k, t) not in hand_plain)
    draft_links = _links(draft, draft_keys)
    hand_links = _links(encoded, hand_keys)
    return Comparison(
        document=document or hand.stem,
        hand_items=len(hand_items),
        draft_items=len(draft_items),
        found_items=len(hand_items & draft_items),
        spurious_items=len(spurious),
        hand_links=len(hand_links),
        draft_links=len(draft_links),
        found_links=len(hand_links & draft_links),
        missed=tuple(sorted(hand_items - draft_items, key=str)),
        spurious=tuple(spurious),
        missed_links=tuple(sorted(hand_links - draft_links, key=str)),
        wrong_links=tuple(sorted(draft_links - hand_links, key=str)),
    )


def hand_encodings(data: Path | None = None) -> dict[str, Path]:
    """Source file name -> the data file whose ``pg:SourceFile`` names it."""
    found: dict[str, Path] = {}
    for path in sorted((data or resources.data_dir()).glob("*.ttl")):
        graph = rdflib.Graph().parse(path, format="turtle")
        for source in graph.subjects(RDF.type, PG.SourceFile):
            name = graph.value(source, PG.fileName)
            if name is not None:
                found[str(name)] = path
    return found
