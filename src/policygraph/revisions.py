"""What changed between two versions of a document, from prov:wasRevisionOf links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ParameterError
from .graph import PolicyGraph, load
from .namespaces import DOC
from .queries import slugify
from .terms import IRI

_QUERY = """
PREFIX pg: <https://w3id.org/policygraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?change ?item ?type ?notation ?text ?previous ?previousText WHERE {
  {
    # Each branch binds both documents itself: a FILTER in a UNION branch sees
    # only what its own branch binds.
    $old a pg:PolicyDocument .
    ?item pg:inDocument $new ; pg:sourceText ?text ; a ?type .
    FILTER NOT EXISTS { ?item prov:wasRevisionOf ?earlier . ?earlier pg:inDocument $old }
    OPTIONAL { ?item skos:notation ?notation }
    BIND("added" AS ?change)
  } UNION {
    $new a pg:PolicyDocument .
    ?previous pg:inDocument $old ; pg:sourceText ?previousText ; a ?type .
    FILTER NOT EXISTS { ?later prov:wasRevisionOf ?previous ; pg:inDocument $new }
    OPTIONAL { ?previous skos:notation ?notation }
    BIND("removed" AS ?change)
  } UNION {
    ?item pg:inDocument $new ; pg:sourceText ?text ; a ?type ; prov:wasRevisionOf ?previous .
    ?previous pg:inDocument $old ; pg:sourceText ?previousText .
    OPTIONAL { ?item skos:notation ?notation }
    BIND("revised" AS ?change)
  }
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/policygraph/def#"))
}
"""


@dataclass(frozen=True)
class Change:
    """One item added, removed or reworded between two versions."""

    change: str  # "added", "removed" or "reworded"
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


def _normalise(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def diff(old_document: str, new_document: str, graph: PolicyGraph | None = None) -> Diff:
    """Items added, removed and reworded from ``old_document`` to ``new_document``.

    Both are document IRIs or slugs. An item of the new version continues an
    item of the old one when it says ``prov:wasRevisionOf`` it; it is reworded
    when the Danish wording differs after whitespace normalisation.
    """
    graph = graph or load()
    old, new = document_iri(old_document), document_iri(new_document)
    documents = set(graph.documents())
    for iri in (old, new):
        if iri not in documents:
            raise ParameterError(
                f"no policy document {iri} in the graph; give a document slug or IRI "
                "(run 'policygraph stats' to list them)."
            )
    result = graph.query(_QUERY, old=old, new=new)
    added, removed, reworded = [], [], []
    unchanged = 0
    for record in result.to_records():
        change = Change(
            change=str(record["change"]),
            kind=str(record["type"]).rsplit("#", 1)[-1],
            item=IRI(record["item"]) if record["item"] else None,
            previous=IRI(record["previous"]) if record["previous"] else None,
            notation=str(record["notation"]) if record["notation"] is not None else None,
            text=str(record["text"]) if record["text"] is not None else None,
            previous_text=str(record["previousText"])
            if record["previousText"] is not None
            else None,
        )
        if change.change == "added":
            added.append(change)
        elif change.change == "removed":
            removed.append(change)
        elif _normalise(change.text) != _normalise(change.previous_text):
            reworded.append(Change(**{**change.__dict__, "change": "reworded"}))
        else:
            unchanged += 1

    def key(c: Change) -> str:
        return str(c.item or c.previous)

    return Diff(
        old=old,
        new=new,
        added=tuple(sorted(added, key=key)),
        removed=tuple(sorted(removed, key=key)),
        reworded=tuple(sorted(reworded, key=key)),
        unchanged=unchanged,
    )
