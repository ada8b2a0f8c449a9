"""``policygraph new``: the skeleton of a new document file.

The skeleton has the prefixes, the document IRI (a slug of municipality and
title, see docs/encoding.md), the issuing municipality, and one focus area
with one initiative whose Danish text is still missing. It is written to fail
``policygraph validate`` until the steward has done every ``TODO``: the
status and the period, which the skeleton cannot know, are ``TODO`` literals
to replace, the items have no ``pg:sourceText`` and the source file's name
and digest are placeholders (the ``placeholder`` rule), so a half-done file
cannot pass. ``policygraph fmt`` keeps the prefixes its TODO comments name.
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import LoadError, StewardError, WriteError
from ..files import write_atomically
from ..loading import expand, parse_file
from ..queries import slugify
from ..text import quote

MUNICIPALITY = "https://w3id.org/policygraph/id/municipality/"
DOC = "https://w3id.org/policygraph/id/doc/"
_PG = "https://w3id.org/policygraph/def#"
_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


@dataclass(frozen=True)
class Municipality:
    """A municipality of ``data/municipalities.ttl``."""

    iri: str
    slug: str
    name: str  # Danish name, e.g. "Herlev Kommune"
    code: str  # kommunekode, e.g. "0163"


def municipalities(path: Path | None = None) -> list[Municipality]:
    """Every municipality declared in ``data/municipalities.ttl`` (or ``path``)."""
    source = path or resources.data_dir() / "municipalities.ttl"
    loaded = parse_file(source)
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    found: list[str] = []
    for quad in loaded.quads:
        subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode):
            continue
        if predicate.endswith("#type") and isinstance(obj, ox.NamedNode):
            if obj.value == _PG + "Municipality":
                found.append(subject.value)
        elif predicate == _LABEL and isinstance(obj, ox.Literal) and obj.language == "da":
            names[subject.value] = obj.value
        elif predicate == _PG + "municipalityCode" and isinstance(obj, ox.Literal):
            codes[subject.value] = obj.value
    return [
        Municipality(iri, iri.rsplit("/", 1)[-1], names.get(iri, ""), codes.get(iri, ""))
        for iri in sorted(found)
    ]


def find_municipality(query: str, known: list[Municipality]) -> Municipality:
    """The municipality named ``query``: its name, slug or kommunekode."""
    wanted = slugify(query)
    for municipality in known:
        name = slugify(municipality.name)
        if wanted in (municipality.slug, name, name.removesuffix("-kommune")):
            return municipality
        if query.strip().isdigit() and query.strip().zfill(4) == municipality.code:
            return municipality
    by_name = {slugify(m.name).removesuffix("-kommune"): m for m in known}
    close = difflib.get_close_matches(wanted, list(by_name), n=3, cutoff=0.6)
    hint = (
        " (did you mean "
        + " or ".join(f"{by_name[c].name} ({by_name[c].code})" for c in close)
        + "?)"
        if close
        else ""
    )
    raise StewardError(
        f"no municipality {query!r} in data/municipalities.ttl{hint}. Give its Danish name, "
        "slug or four-digit kommunekode; `policygraph vocab municipalities` lists all 98."
    )


def document_slug(municipality: Municipality, title: str) -> str:
    """``<municipality>-<title>``, unless the title already starts with the municipality."""
    title_slug = slugify(title)
    if not title_slug:
        raise StewardError(f"the title {title!r} has no letters or digits to make a slug from.")
    if title_slug == municipality.slug or title_slug.startswith(municipality.slug + "-"):
        return title_slug
    return f"{municipality.slug}-{title_slug}"


def new_document(
    municipality: str, title: str, output: Path | None = None, slug: str | None = None
) -> Path:
    """Write the skeleton of a new document; return its path. Never overwrites."""
    found = find_municipality(municipality, municipalities())
    doc_slug = slugify(slug) if slug else document_slug(found, title)
    path = output or Path("data") / f"{doc_slug}.ttl"
    if path.suffix != ".ttl":
        raise StewardError(f"{path}: a document file is Turtle; name it <slug>.ttl.")
    if path.exists():
        raise StewardError(f"{path} already exists; policygraph new never overwrites a file.")
    existing = _existing_document(DOC + doc_slug)
    if existing:
        raise StewardError(
            f"a document {DOC + doc_slug} already exists in {existing}; give another --title "
            "or --slug."
        )
    text = skeleton(found, title, doc_slug)
    try:
        return write_atomically(path, text, exclusive=True)
    except WriteError:
        if path.exists():
            raise StewardError(
                f"{path} already exists; policygraph new never overwrites a file."
            ) from None
        raise


def _existing_document(iri: str) -> str | None:
    for path in expand([resources.data_dir()]):
        try:
            loaded = parse_file(path)
        except LoadError:
            continue
        if any(
            isinstance(q.subject, ox.NamedNode) and q.subject.value == iri for q in loaded.quads
        ):
            return str(path)
    return None


def skeleton(municipality: Municipality, title: str, slug: str) -> str:
    """The text of a new document file: ``templates/document.ttl`` filled in."""
    one_line_title = " ".join(title.split())
    template = string.Template(
        resources.package_text("policygraph.steward", "templates/document.ttl")
    )
    return template.substitute(
        document=f"{DOC}{slug}",
        municipality_name=municipality.name,
        municipality_namespace=MUNICIPALITY,
        municipality_slug=municipality.slug,
        pg=_PG,
        title_comment=one_line_title,
        title_literal=quote(one_line_title),
    )
