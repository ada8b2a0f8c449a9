"""The IRIs a steward writes, with their labels: ``policygraph vocab``.

Each vocabulary is read from its own file (``ontology/vocab/*.ttl``, and the
authority list ``data/municipalities.ttl``), so a lookup needs no graph:

>>> rows = lookup("principles", search="tidligt")
>>> [(r.curie, r.label_en) for r in rows]
[('rp:5', 'Help the citizens as early as possible')]
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import ParameterError
from ..loading import parse_file
from ..namespaces import shorten
from ..results import QueryResult

_PG = "https://w3id.org/policygraph/def#"
_SDGO = "http://metadata.un.org/sdg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: vocabulary -> (files, classes whose members are listed)
VOCABULARIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "principles": (
        ("ontology/vocab/recovery-principles.ttl",),
        (_PG + "NationalRecoveryPrinciple",),
    ),
    "sdg": (
        ("ontology/vocab/sdg.ttl", "ontology/vocab/sdg-da.ttl"),
        (_SDGO + "Goal", _SDGO + "Target"),
    ),
    "chime": (("ontology/vocab/chime.ttl",), (_PG + "ChimeProcess",)),
    "themes": (("ontology/vocab/themes.ttl",), (_PG + "Theme",)),
    "organisation-kinds": (("ontology/vocab/organisation-kinds.ttl",), (_PG + "OrganisationKind",)),
    "municipalities": (("data/municipalities.ttl",), (_PG + "Municipality",)),
}
COLUMNS = ("curie", "notation", "label_da", "label_en", "iri")


@dataclass(frozen=True)
class Term:
    """One IRI to use: how to write it, its printed code and its names."""

    iri: str
    curie: str  # e.g. rp:5, sdg:3.4, mun:herlev
    notation: str  # rp 5, SDG 3.4, a kommunekode, a theme slug
    label_da: str
    label_en: str


def lookup(vocabulary: str, search: str | None = None) -> list[Term]:
    """The terms of ``vocabulary`` (one of :data:`VOCABULARIES`), optionally filtered.

    ``search`` matches case- and accent-insensitively (``oe`` finds ``ø``)
    anywhere in the IRI, notation or labels.
    """
    if vocabulary not in VOCABULARIES:
        raise ParameterError(
            f"unknown vocabulary {vocabulary!r}; use one of {', '.join(VOCABULARIES)}."
        )
    files, classes = VOCABULARIES[vocabulary]
    quads: list[ox.Quad] = []
    for name in files:
        path: Path = resources.root() / name
        quads += parse_file(path).quads
    members: set[str] = set()
    notation: dict[str, str] = {}
    labels: dict[tuple[str, str], str] = {}
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        s, p, o = q.subject.value, q.predicate.value, q.object
        if p == _TYPE and isinstance(o, ox.NamedNode) and o.value in classes:
            members.add(s)
        elif isinstance(o, ox.Literal) and p in (_SKOS + "notation", _PG + "municipalityCode"):
            compact = o.datatype.value != _SDGO + "SDGCode"  # "3.4", not "03.04"
            if compact and (p == _PG + "municipalityCode" or s not in notation):
                notation[s] = o.value
        elif isinstance(o, ox.Literal) and p == _SKOS + "prefLabel" and o.language:
            labels.setdefault((s, o.language), o.value)
    terms = [
        Term(
            iri,
            shorten(iri),
            notation.get(iri, ""),
            labels.get((iri, "da"), ""),
            labels.get((iri, "en"), ""),
        )
        for iri in members
    ]
    terms.sort(key=lambda t: (_sort_key(t.notation), t.iri))
    if search:
        wanted = _fold(search, "oe")
        terms = [
            t
            for t in terms
            if any(wanted in _fold(v, "oe") or wanted in _fold(v, "o") for v in _fields(t))
        ]
    return terms


def as_result(terms: list[Term]) -> QueryResult:
    """The terms as a table (``curie``, ``notation``, ``label_da``, ``label_en``, ``iri``)."""
    return QueryResult(
        columns=COLUMNS,
        rows=tuple((t.curie, t.notation, t.label_da, t.label_en, t.iri) for t in terms),
    )


def _fields(term: Term) -> tuple[str, ...]:
    return (term.iri, term.curie, term.notation, term.label_da, term.label_en)


def _fold(text: str, oe: str) -> str:
    """Lower case without accents; æ ae, å aa, ø ``oe`` (or "o", as typed without ø)."""
    text = text.casefold().replace("æ", "ae").replace("ø", oe).replace("å", "aa")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _sort_key(notation: str) -> tuple[tuple[int, int | str], ...]:
    parts = notation.replace("-", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)
