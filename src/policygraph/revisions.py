"""What changed between two versions of a document, from prov:wasRevisionOf links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias, cast

from .errors import ParameterError
from .graph import PolicyGraph
from .namespaces import DOC
from .queries import slugify
from .terms import IRI

# Items of ``new`` that continue an item of ``old`` with the same wording: what the
# saved query leaves out, counted so that a diff accounts for every item.
_UNCHANGED = """PREFIX pg: <https://w3id.org/policygraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE {
  ?item pg:inDocument $new ; pg:sourceText ?text ; prov:wasRevisionOf ?previous .
  ?previous pg:inDocument $old ; pg:sourceText ?previousText .
  FILTER(REPLACE(REPLACE(STR(?text), "\\\\s+", " "), "^ | $", "")
      = REPLACE(REPLACE(STR(?previousText), "\\\\s+", " "), "^ | $", ""))
}"""


#: What happened to an item between two versions.
ChangeKind: TypeAlias = Literal["added", "removed", "reworded"]


@dataclass(frozen=True)
class Change:
    """One item added, removed or reworded between two versions."""

    change: ChangeKind
    kind: str  # local name of the item's class, e.g. "Initiative"
    item: IRI | None  # the item in the new version (None when removed)
    previous: IRI | None  # the item in the old version (None when added)
    notation: str | None
    text: str | None
    previous_text: str | None


@dataclass(frozen=True)
class Diff:
    """Changes from ``old`` to ``new``; unchanged items are only counted."""

    old: IRI
    new: IRI
    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    reworded: tuple[Change, ...]
    unchanged: int

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.added + self.removed + self.reworded


def document_iri(value: str) -> IRI:
    """A document IRI from an IRI or a slug like ``ballerup-psykiatripolitik``."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return IRI(value)
    return IRI(str(DOC[slugify(value)]))


def diff(graph: PolicyGraph, old_document: str, new_document: str) -> Diff:
    """Items added, removed and reworded from ``old_document`` to ``new_document``.

    Both are document IRIs or slugs, and ``new_document`` must be a revision of
    ``old_document`` (``prov:wasRevisionOf``). The changes are the rows of the saved
    query ``revision-changes`` (one definition for the library, the CLI and every
    endpoint); items that continue an old item word for word are counted as
    ``unchanged``.

    >>> import policygraph
    >>> graph = policygraph.load()
    >>> d = diff(graph, "ballerup-psykiatripolitik-udkast", "ballerup-psykiatripolitik")
    >>> len(d.added) > 0 and d.unchanged > 0
    True
    """
    old, new = document_iri(old_document), document_iri(new_document)
    documents = set(graph.documents())
    for iri in (old, new):
        if iri not in documents:
            raise ParameterError(
                f"no policy document {iri} in the graph; give a document slug or IRI "
                "(run 'policygraph stats' to list them)."
            )
    revises = "ASK { $new <http://www.w3.org/ns/prov#wasRevisionOf> $old }"
    if not graph.sparql(revises, new=new, old=old).rows[0][0]:
        raise ParameterError(
            f"{new} is not a revision of {old} (it has no prov:wasRevisionOf link to it); "
            "diff compares a document with the version it revises."
        )
    changes: dict[str, list[Change]] = {"added": [], "removed": [], "reworded": []}
    for record in graph.query("revision-changes", old=old, new=new).to_records():
        change = Change(
            change=cast(ChangeKind, str(record["change"])),
            kind=str(record["itemType"]).rsplit("#", 1)[-1],
            item=_iri(record["item"]),
            previous=_iri(record["previous"]),
            notation=_text(record["notation"]),
            text=_text(record["text"]),
            previous_text=_text(record["previousText"]),
        )
        changes[change.change].append(change)
    unchanged = graph.sparql(_UNCHANGED, old=old, new=new).rows[0][0]

    def key(c: Change) -> str:
        return str(c.item or c.previous)

    return Diff(
        old=old,
        new=new,
        added=tuple(sorted(changes["added"], key=key)),
        removed=tuple(sorted(changes["removed"], key=key)),
        reworded=tuple(sorted(changes["reworded"], key=key)),
        unchanged=int(str(unchanged or 0)),
    )


def _iri(value: object) -> IRI | None:
    return IRI(str(value)) if value is not None else None


def _text(value: object) -> str | None:
    return str(value) if value is not None else None
