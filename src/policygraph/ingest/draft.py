"""From a source text to a draft document file (``policygraph ingest``).

:func:`ingest` reads a source (:mod:`.readers`), applies the heuristics
(:mod:`.heuristics`), matches the municipality and partner names against
``data/``, and returns a :class:`Draft`; :meth:`Draft.turtle` is the document
file in the canonical layout, :meth:`Draft.outline` the structure it found.

The file fails ``policygraph validate`` until a steward has confirmed it: every
English label is ``"TODO: ..."@en`` (the ``placeholder`` rule), the guesses
(title, status, issue date, period) are listed in a ``skos:editorialNote``
starting with ``TODO`` on the document, and the initiatives have no themes or
curated alignments yet (the SHACL shapes). Partner names found in an item are
suggestions in a comment above it, never triples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .. import resources
from ..errors import PolicyGraphError, StewardError
from ..files import write_atomically
from ..loading import parse_file
from ..namespaces import PREFIXES as PROJECT_PREFIXES
from ..queries import slugify
from ..steward.new import Municipality, municipalities
from ..steward.sources import next_name, register, registered
from ..text import quote
from . import heuristics as h
from .readers import SourceText, read_source

DOC = "https://w3id.org/policygraph/id/doc/"
ORG = "https://w3id.org/policygraph/id/organisation/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_STOP = {"for", "af", "til", "og", "i", "om", "kommune", "kommunes", "kommuner", "kommuners"}

#: The prefixes a draft declares (the project's table; unused ones are dropped by fmt).
PREFIXES = {
    p: PROJECT_PREFIXES[p]
    for p in ("chime", "dcat", "dcterms", "mun", "partner", "pg", "prov", "rp", "sdg", "skos",
              "theme", "xsd")
}  # fmt: skip


class IngestError(StewardError):
    """A source that ingest cannot read, or a municipality it cannot match (exit 2)."""


@dataclass(frozen=True)
class Partner:
    iri: str
    local: str
    labels: tuple[str, ...]


@dataclass
class Draft:
    """What ingest found in one source."""

    source: SourceText
    slug: str
    title: str
    municipalities: list[Municipality]
    draft: bool
    draft_evidence: str
    issued: str
    period: tuple[int, int] | None
    container: str
    areas: list[h.Item]
    links: list[h.Link]
    partners: dict[str, list[tuple[Partner, str]]] = field(default_factory=dict)
    guesses: list[str] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return DOC + self.slug

    def items(self) -> list[h.Item]:
        return [item for area in self.areas for item in area.walk()]

    def outline(self) -> str:
        """The structure found, indented by nesting (``--dry-run``)."""
        names = ", ".join(m.name for m in self.municipalities)
        lines = [
            f"document  {self.iri}",
            f"  title     {self.title or '(none found: give --title)'}",
            f"  issued by {names}",
            f"  status    {'Draft' if self.draft else 'Final'}"
            + (f" ({self.draft_evidence!r})" if self.draft else ""),
        ]
        if self.period:
            lines.append(f"  period    {self.period[0]}-{self.period[1]}")
        if self.issued:
            lines.append(f"  issued    {self.issued}")
        lines.append(f"  source    {self.source.name} ({self.source.kind})")
        for link in (x for x in self.links if x.subject == "document"):
            lines.append(f"  link      {link.scheme}:{link.target}  « {link.evidence[0][:70]} »")
        by_subject: dict[str, list[h.Link]] = {}
        for link in self.links:
            by_subject.setdefault(link.subject, []).append(link)
        if self.container:
            lines.append(f"  under     {self.container}")
        for item in self.items():
            depth = {"focus-area": 1, "objective": 2, "initiative": 3}[item.kind]
            if item.kind == "initiative" and item.number.count(".") == 1:
                depth = 2
            notation = f"[{item.notation}] " if item.notation else ""
            text = item.text if len(item.text) <= 90 else item.text[:87] + "..."
            lines.append(f"{'  ' * depth}{item.local:<18} {notation}{text}")
            for link in by_subject.get(item.local, []):
                lines.append(f"{'  ' * (depth + 1)}link {link.scheme}:{link.target}")
            for partner, said in self.partners.get(item.local, []):
                lines.append(f"{'  ' * (depth + 1)}partner? partner:{partner.local} ({said!r})")
        counts = self.counts()
        lines.append(
            f"{counts['focus-area']} focus areas, {counts['objective']} objectives, "
            f"{counts['initiative']} initiatives, {len(self.links)} explicit links"
        )
        return "\n".join(lines) + "\n"

    def counts(self) -> dict[str, int]:
        found = {"focus-area": 0, "objective": 0, "initiative": 0}
        for item in self.items():
            found[item.kind] += 1
        return found

    def turtle(self) -> str:
        """The draft document file, in the canonical layout."""
        from ..turtle.canonical import format_turtle

        text = _write(self)
        try:
            parsed = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
            triples = [(t.subject, t.predicate, t.object) for t in parsed]
        except SyntaxError as exc:  # a bug here, not bad input
            raise RuntimeError(f"ingest wrote Turtle it cannot read: {exc}") from exc
        return format_turtle(text, triples, name=f"{self.slug}.ttl")


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def ingest(
    path: Path,
    municipality: Sequence[str] = (),
    title: str | None = None,
    slug: str | None = None,
    pdf_engine: str = "pdfplumber",
) -> Draft:
    """Read ``path`` and return the draft encoding (nothing is written)."""
    source = read_source(path, pdf_engine=pdf_engine)
    return ingest_text(source, municipality, title, slug)


def ingest_text(
    source: SourceText,
    municipality: Sequence[str] = (),
    title: str | None = None,
    slug: str | None = None,
) -> Draft:
    """The draft encoding of an already read source."""
    found = h.blocks(source.text)
    head, body = h.split_title(found)
    entries = h.contents(found)
    root = h.tree(body, entries)
    lists = h.action_lists(root)
    container, areas = h.focus_areas(root, lists)
    if not areas:
        raise IngestError(
            f"{source.name}: no focus areas, objectives or initiatives found: no action lead-in "
            "(e.g. 'Derfor vil vi:', 'følgende særlige opmærksomhedspunkter:') followed by "
            "bullets, and no action table ('... ved at: | ... indsatser:'). Check that the text "
            "was extracted with its headings and bullets (try --dry-run), or encode it with "
            "`policygraph new`."
        )
    area_headings = _area_headings(root, areas)
    footnotes = {b.marker: b.text for b in found if b.kind == "footnote"}
    links = h.explicit_links(root, areas, area_headings, footnotes)
    known = municipalities()
    issuers = (
        _resolve(list(municipality), known, source.name)
        if municipality
        else _detect(head, source, known)
    )
    doc_title = " ".join((title or head.title or _title_from_text(body, issuers)).split())
    guesses: list[str] = []
    if not title:
        guesses.append(
            f"title {doc_title!r} (from the first page)" if doc_title else "title (none found)"
        )
    if not municipality:
        guesses.append("issuer " + ", ".join(m.name for m in issuers) + " (names in the text)")
    period = head.period
    if title:
        match = h.PERIOD.search(title)
        period = (int(match["start"]), int(match["end"])) if match else period
    draft = head.draft_mark is not None or bool(title and h.DRAFT_MARK.search(title))
    evidence = head.draft_mark.text if head.draft_mark else ""
    guesses.append(
        f"status Draft (the text says {evidence!r}, line {head.draft_mark.line})"
        if head.draft_mark
        else "status Final (no draft mark found)"
    )
    if period:
        guesses.append(f"period {period[0]}-{period[1]} (from the title)")
    if head.issued:
        guesses.append(f"issued {head.issued} (from {head.issued_text!r})")
    doc_slug = slugify(slug) if slug else _slug(issuers, doc_title or source.name, draft)
    result = Draft(
        source=source,
        slug=doc_slug,
        title=doc_title,
        municipalities=issuers,
        draft=draft,
        draft_evidence=evidence,
        issued=head.issued,
        period=period,
        container=container.text if container is not None and container.parent else "",
        areas=areas,
        links=links,
        guesses=guesses,
    )
    result.partners = _partners(result.items())
    return result


def _area_headings(root: h.Heading, areas: Sequence[h.Item]) -> dict[str, h.Heading]:
    """Each focus area's heading (found by its line)."""
    by_line = {area.line: area.local for area in areas}
    found: dict[str, h.Heading] = {}
    for heading in root.walk():
        local = by_line.get(heading.line)
        if local and heading.parent is not None:
            found.setdefault(local, heading)
    return found


def _title_from_text(body: Sequence[h.Block], issuers: Sequence[Municipality]) -> str:
    """ "Ballerup Kommunes Psykiatripolitik" named in the first paragraphs."""
    pattern = re.compile(r"\b([A-ZÆØÅ][\wæøå-]+ Kommunes (?:[A-ZÆØÅ][\wæøå-]*(?:politik|plan)\w*))")
    for block in body[:12]:
        match = pattern.search(block.text)
        if match:
            return match.group(1)
    return ""


def _slug(issuers: Sequence[Municipality], title: str, draft: bool) -> str:
    names = {w for m in issuers for w in slugify(m.name).split("-")}
    words = [w for w in slugify(title).split("-") if w and w not in names and w not in _STOP]
    if draft:
        words = [w for w in words if w not in ("udkast", "hoeringsudkast")] + ["udkast"]
    head = "-".join(m.slug for m in issuers)
    return "-".join([head, *words]) if words else head


def _resolve(wanted: list[str], known: list[Municipality], source: str) -> list[Municipality]:
    found: list[Municipality] = []
    for raw in (part.strip() for value in wanted for part in value.split(",")):
        if not raw:
            continue
        key = slugify(raw).removesuffix("-kommune")
        code = raw.zfill(4) if raw.isdigit() else None
        exact = [
            m
            for m in known
            if key in (m.slug, slugify(m.name).removesuffix("-kommune")) or code == m.code
        ]
        partial = [m for m in known if key and (m.slug.startswith(key) or key in m.slug)]
        matches = exact or partial
        if len(matches) == 1:
            found.append(matches[0])
            continue
        if len(matches) > 1:
            names = ", ".join(f"{m.name} ({m.code})" for m in matches)
            raise IngestError(
                f"--municipality {raw!r} is ambiguous: it matches {names}. "
                "Give the full name or the four-digit kommunekode."
            )
        listing = ", ".join(f"{m.name} ({m.code})" for m in known)
        raise IngestError(
            f"--municipality {raw!r}: no such municipality in data/municipalities.ttl "
            f"(known: {listing}). Give its name or kommunekode, or add it to "
            "data/municipalities.ttl first."
        )
    return found


def _detect(
    head: h.TitleBlock, source: SourceText, known: list[Municipality]
) -> list[Municipality]:
    def names(m: Municipality) -> str:
        return re.escape(m.name.removesuffix(" Kommune"))

    first_page = " ".join(b.text for b in head.lines)
    on_title = [m for m in known if re.search(rf"\b{names(m)}\b", first_page, re.IGNORECASE)]
    if on_title:
        return on_title
    counts = sorted(
        ((len(re.findall(rf"\b{names(m)}\b", source.text)), m) for m in known),
        key=lambda pair: -pair[0],
    )
    counts = [c for c in counts if c[0]]
    if not counts:
        raise IngestError(
            f"{source.name}: no municipality of data/municipalities.ttl is named in the text. "
            "Give --municipality NAME|KOMMUNEKODE (add the municipality to "
            "data/municipalities.ttl first if it is missing)."
        )
    if len(counts) > 1 and counts[0][0] < 3 * counts[1][0]:
        named = ", ".join(f"{m.name} ({n}×)" for n, m in counts[:4])
        raise IngestError(
            f"{source.name}: cannot tell which municipality issued the document: the text names "
            f"{named}. Give --municipality NAME|KOMMUNEKODE (repeat it for a joint plan)."
        )
    return [counts[0][1]]


def organisations(path: Path | None = None) -> list[Partner]:
    """Partner organisations of ``data/organisations.ttl`` with their Danish labels."""
    loaded = parse_file(path or resources.data_dir() / "organisations.ttl")
    labels: dict[str, list[str]] = {}
    for quad in loaded.quads:
        if (
            isinstance(quad.subject, ox.NamedNode)
            and quad.subject.value.startswith(ORG)
            and quad.predicate.value in (_SKOS + "prefLabel", _SKOS + "altLabel")
            and isinstance(quad.object, ox.Literal)
            and quad.object.language == "da"
        ):
            labels.setdefault(quad.subject.value, []).append(quad.object.value)
    found = []
    for iri, names in sorted(labels.items()):
        # "Psykiatrirådet, Ballerup Kommune": the part before the comma is what a text says
        short = {n.split(",")[0].strip() for n in names}
        found.append(Partner(iri, iri.removeprefix(ORG), tuple(sorted(short | set(names)))))
    return found


def _partners(items: Sequence[h.Item]) -> dict[str, list[tuple[Partner, str]]]:
    known = organisations()
    found: dict[str, list[tuple[Partner, str]]] = {}
    for item in items:
        for partner in known:
            for label in partner.labels:
                flags = re.IGNORECASE if label[:1].islower() else 0
                match = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", item.text, flags)
                if match:
                    found.setdefault(item.local, []).append((partner, match.group(0)))
                    break
    return found


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _target(link: h.Link) -> str:
    return f"{link.scheme}:{link.target}"


def _align_local(link: h.Link) -> str:
    return f"align-{link.subject}-{link.scheme}-{link.target}"


def _write(draft: Draft) -> str:
    doc = f"<{draft.iri}>"
    counts = draft.counts()
    names = ", ".join(m.name for m in draft.municipalities)
    header = [
        "# " + "=" * 77,
        f"# {names}: {draft.title or 'TODO title'}",
        "# " + "-" * 77,
        f"# Source: sources/{draft.source.name} ({draft.source.kind}"
        + (f", from {draft.source.original}" if draft.source.original else "")
        + ")",
        "#",
        "# Draft written by `policygraph ingest`: "
        f"{counts['focus-area']} focus areas, {counts['objective']} objectives, "
        f"{counts['initiative']} initiatives",
        f"# ({'under ' + repr(draft.container) if draft.container else 'top-level headings'}),"
        f" {len(draft.links)} explicit links.",
        "# pg:sourceText is copied from the source; nothing curated has been added.",
        "#",
        "# TODO before this file can pass `policygraph validate` (docs/encoding.md):",
        "# - confirm the guesses in the document's skos:editorialNote, then delete it;",
        '# - write every English label (skos:prefLabel "TODO: ..."@en);',
        "# - give every initiative its themes and curated alignments (principles, SDG",
        "#   targets) with a rationale, e.g. with `policygraph sheet export/import`;",
        "# - check the partner suggestions in the comments (partner:... from",
        "#   data/organisations.ttl) and add pg:involvesPartner where they hold;",
        "# - list here the sections encoded and the interpretation decisions.",
        "# " + "=" * 77,
        "",
    ]
    lines = [*header, f"@prefix d: <{draft.iri}/> ."]
    lines += [f"@prefix {p}: <{iri}> ." for p, iri in sorted(PREFIXES.items())]
    lines.append("")
    doc_links = [x for x in draft.links if x.subject == "document"]
    note = "TODO: confirm these guesses, then delete this note: " + "; ".join(draft.guesses) + "."
    props = [
        "a pg:PolicyDocument",
        f"dcterms:title {quote(draft.title or 'TODO: the title as printed')}@da , "
        f"{quote('TODO: the English title')}@en",
        "pg:issuedBy " + " , ".join(f"mun:{m.slug}" for m in draft.municipalities),
        f"pg:status {'pg:Draft' if draft.draft else 'pg:Final'}",
    ]
    if draft.issued:
        props.append(f'dcterms:issued "{draft.issued}"^^xsd:gYearMonth')
    if draft.period:
        props.append("dcterms:temporal d:period")
    props += [
        "prov:wasDerivedFrom d:source",
        f"skos:editorialNote {quote(note)}",
        "pg:hasFocusArea " + " , ".join(f"d:{a.local}" for a in draft.areas),
    ]
    props += _link_props(doc_links)
    lines += _subject(doc, props)
    if draft.period:
        start, end = draft.period
        lines += _subject(
            "d:period",
            [
                "a dcterms:PeriodOfTime",
                f'dcat:startDate "{start}-01-01"^^xsd:date',
                f'dcat:endDate "{end}-12-31"^^xsd:date',
            ],
        )
    lines += _subject(
        "d:source",
        [
            "a pg:SourceFile",
            f"pg:fileName {quote(draft.source.name)}",
            f"pg:sha256 {quote(draft.source.sha256)}",
        ],
    )
    for link in doc_links:
        lines += _alignment(link)
    by_subject: dict[str, list[h.Link]] = {}
    for link in draft.links:
        by_subject.setdefault(link.subject, []).append(link)
    for item in draft.items():
        comments = [
            f"# partner? partner:{p.local} (the text says {said!r})"
            for p, said in draft.partners.get(item.local, [])
        ]
        kind = {"focus-area": "FocusArea", "objective": "Objective", "initiative": "Initiative"}
        props = [
            f"a pg:{kind[item.kind]}",
            f"pg:inDocument {doc}",
        ]
        if item.notation:
            props.append(f"skos:notation {quote(item.notation)}")
        props += [
            f"pg:section {quote(item.section)}@da",
            f"pg:sourceText {quote(item.text)}@da",
            f"skos:prefLabel {quote('TODO: English translation')}@en",
        ]
        objectives = [c for c in item.children if c.kind == "objective"]
        initiatives = [c for c in item.children if c.kind == "initiative"]
        if objectives:
            props.append("pg:hasObjective " + " , ".join(f"d:{c.local}" for c in objectives))
        if initiatives:
            props.append("pg:hasInitiative " + " , ".join(f"d:{c.local}" for c in initiatives))
        props += _link_props(by_subject.get(item.local, []))
        lines += comments
        lines += _subject(f"d:{item.local}", props)
        for link in by_subject.get(item.local, []):
            lines += _alignment(link)
    return "\n".join(lines) + "\n"


def _link_props(links: Sequence[h.Link]) -> list[str]:
    props = []
    principles = [x for x in links if x.scheme in ("rp", "chime")]
    goals = [x for x in links if x.scheme == "sdg"]
    if principles:
        props.append("pg:supportsPrinciple " + " , ".join(_target(x) for x in principles))
    if goals:
        props.append("pg:contributesTo " + " , ".join(_target(x) for x in goals))
    if links:
        props.append("pg:alignment " + " , ".join(f"d:{_align_local(x)}" for x in links))
    return props


def _alignment(link: h.Link) -> list[str]:
    evidence = " , ".join(f"{quote(e)}@da" for e in link.evidence)
    return _subject(
        f"d:{_align_local(link)}",
        [
            "a pg:Alignment",
            f"pg:alignedTo {_target(link)}",
            "pg:basis pg:Explicit",
            f"pg:evidence {evidence}",
        ],
    )


def _subject(name: str, props: Sequence[str]) -> list[str]:
    body = " ;\n    ".join(props)
    return [f"{name}\n    {body} .", ""]


def _existing_document(iri: str, data: Path) -> Path | None:
    for path in sorted(data.glob("*.ttl")):
        try:
            loaded = parse_file(path)
        except PolicyGraphError:
            continue
        if any(
            isinstance(q.subject, ox.NamedNode) and q.subject.value == iri for q in loaded.quads
        ):
            return path
    return None


def write_draft(
    draft: Draft, output: Path | None = None, sources: Path | None = None
) -> list[Path]:
    """Write the draft (default ``data/<slug>.ttl``) and register the text it was read
    from in ``sources`` (default ``sources/``) as ``policygraph source add`` does, unless
    that text is registered already: the draft's ``pg:fileName`` and ``pg:sha256`` then
    name a registered source. Never overwrites; checks everything before writing
    anything. Returns the files written."""
    path = output or Path("data") / f"{draft.slug}.ttl"
    if path.suffix != ".ttl":
        raise IngestError(f"{path}: a document file is Turtle; name it <slug>.ttl.")
    if path.exists():
        raise IngestError(
            f"{path} already exists; ingest never overwrites a file. Give another -o FILE "
            "(or --slug)."
        )
    existing = _existing_document(draft.iri, resources.data_dir())
    if existing is not None:
        raise IngestError(
            f"a document {draft.iri} already exists in {existing}; give another --slug "
            "(or --title) for the new one."
        )
    directory = sources or Path("sources")
    data = draft.source.data
    try:
        known = registered(data, directory)
        name = known.file if known is not None else next_name(data, directory)
    except StewardError as exc:  # a broken manifest
        raise IngestError(str(exc)) from None
    draft = replace(draft, source=replace(draft.source, name=name))
    turtle = draft.turtle()
    written = []
    if known is None:
        codes = tuple(m.code for m in draft.municipalities)
        entry = register(data, codes, draft.title, "", directory)
        written.append(directory / entry.file)
    written.append(write_atomically(path, turtle, exclusive=True))
    return written
