"""Canonical Turtle for the data files (``policygraph fmt``).

The layout, so that diffs stay small and every file reads the same way:

- the file's header comment block, verbatim; then its ``@prefix`` lines,
  sorted by name, only those used (in a statement, or as ``name:x`` in a
  comment, like the TODOs of ``policygraph new``), one space after the name;
- subjects grouped, one block each, a blank line between blocks: the policy
  document first, then its period and source file; then visions, purposes,
  values, target groups and the document's principles, each kind in numeric
  order; then focus areas, objectives and initiatives in reading order (by
  the numbers in their IRIs: ``focus-area-1``, ``objective-1.1``,
  ``initiative-1.1.1``, ..., ``initiative-1.10`` after ``initiative-1.9``);
  every alignment right after the item that points to it; then regions,
  municipalities, partner organisations and anything else by IRI;
- in a block, ``a`` first, then a fixed order of the usual properties
  (:data:`PREDICATE_ORDER`), then the rest alphabetically; one predicate
  per line; objects sorted, on one line when they are IRIs that fit in 100
  columns, else one per line;
- comments between or inside statements move with the subject they precede
  or stand in, and are written just above its block.

The graph never changes: the result is parsed again and compared with the
input (blank nodes included) before anything is written.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib.compare import isomorphic

from ..errors import LoadError, StewardError
from ..loading import expand, parse_file
from ..terms import add_to_rdflib
from ..text import natural_key, quote
from .lexer import Statement, TurtleText, scan, tokens

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PG = "https://w3id.org/policygraph/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
WIDTH = 100

#: Predicates in this order after ``a``; any other predicate follows, by IRI.
PREDICATE_ORDER = (
    PG + "inDocument",
    SKOS + "notation",
    PG + "section",
    DCTERMS + "title",
    PG + "sourceText",
    SKOS + "prefLabel",
    SKOS + "altLabel",
    PG + "issuedBy",
    PG + "status",
    DCTERMS + "issued",
    DCTERMS + "temporal",
    DCAT + "startDate",
    DCAT + "endDate",
    PROV + "wasDerivedFrom",
    PROV + "wasRevisionOf",
    PG + "fileName",
    PG + "sha256",
    PG + "municipalityCode",
    PG + "region",
    PG + "organisationKind",
    PG + "minAge",
    PG + "maxAge",
    PG + "hasVision",
    PG + "hasPurpose",
    PG + "hasValue",
    PG + "hasTargetGroup",
    PG + "hasAudience",
    PG + "hasDocumentPrinciple",
    PG + "hasProcessStatement",
    PG + "informedBy",
    DCTERMS + "date",
    PROV + "wasAssociatedWith",
    PG + "describedBy",
    PG + "hasFocusArea",
    PG + "servesPurpose",
    PG + "hasObjective",
    PG + "hasInitiative",
    PG + "hasTheme",
    PG + "involvesPartner",
    PG + "supportsPrinciple",
    PG + "contributesTo",
    PG + "alignment",
    PG + "alignedTo",
    PG + "basis",
    PG + "evidence",
    PG + "rationale",
    PG + "reviewedBy",
)
_PREDICATE_RANK = {iri: i for i, iri in enumerate(PREDICATE_ORDER)}

# Order of subject blocks by class; the document's own parts follow it.
_DOCUMENT = 0
_PREAMBLE = {
    PG + "Vision": 10,
    PG + "Purpose": 11,
    PG + "Value": 12,
    PG + "TargetGroup": 13,
    PG + "Audience": 14,
    PG + "DocumentPrinciple": 15,
    PG + "ProcessStatement": 16,
    PG + "Consultation": 17,
}
_STRUCTURE = {PG + "FocusArea": 0, PG + "Objective": 1, PG + "Initiative": 2}
_LATER = {PG + "Region": 30, PG + "Municipality": 31, PG + "PartnerOrganisation": 32}
_ATTACHED = {
    DCTERMS + "PeriodOfTime": 0,
    PG + "SourceFile": 1,
    PG + "Alignment": 2,
}
_OTHER = 40

_LOCAL = re.compile(r"^(?:[^\W\d_]|[\d_:])(?:[\w.:\-\u00b7]*[\w:\-\u00b7])?$|^$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Subject = ox.NamedNode | ox.BlankNode


@dataclass
class _Block:
    subject: Subject
    predicates: dict[str, list[Term]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


def format_file(path: Path) -> tuple[str, str]:
    """The file's text as it is and as :func:`format_turtle` would write it."""
    loaded = parse_file(path)  # first: it reports a BOM, bad UTF-8 or bad Turtle precisely
    original = path.read_text(encoding="utf-8")
    triples = [(q.subject, q.predicate, q.object) for q in loaded.quads]
    return original, format_turtle(original, triples, name=str(path))


def format_turtle(
    text: str, triples: Sequence[tuple[object, ox.NamedNode, object]], name: str
) -> str:
    """Canonical Turtle for ``triples``, keeping ``text``'s header, prefixes and comments."""
    found = scan(text)
    header = _header(text)
    blocks = _blocks(triples)
    trailing = _attach_comments(blocks, found)
    namer = _Namer(found.prefixes)
    ordered = _order(blocks)
    inline = _inlinable(blocks)
    labelled = (
        b for b in ordered if isinstance(b.subject, ox.BlankNode) and b.subject.value not in inline
    )
    labels = {b.subject.value: f"_:b{i}" for i, b in enumerate(labelled, 1)}
    body = []
    for block in ordered:
        if isinstance(block.subject, ox.BlankNode) and block.subject.value in inline:
            continue
        lines = list(block.comments)
        lines += _write_block(block, blocks, inline, labels, namer)
        body.append("\n".join(lines))
    parts = []
    if header:
        parts.append(header)
    # A prefix a comment tells the reader to use (a TODO of `policygraph new`) stays.
    namer.keep_mentioned(" ".join([header, *(c for _, c in found.comments)]))
    prefixes = namer.declarations()
    if prefixes:
        parts.append("\n".join(prefixes))
    parts += body
    if trailing:
        parts.append("\n".join(trailing))
    result = "\n\n".join(parts) + "\n"
    _check_same_graph(triples, result, name)
    return result


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _header(text: str) -> str:
    """Everything before the first statement or directive: the header comment block."""
    for token in tokens(text):
        if token.kind not in ("ws", "comment"):
            offset = _offset(text, token.line, token.column)
            return text[:offset].strip()
    return text.strip()


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def _blocks(triples: Sequence[tuple[object, ox.NamedNode, object]]) -> dict[str, _Block]:
    blocks: dict[str, _Block] = {}
    seen: set[tuple[str, str, Term]] = set()  # a list would make 200,000 objects quadratic
    for subject, predicate, obj in triples:
        if not isinstance(subject, ox.NamedNode | ox.BlankNode) or not isinstance(
            obj, ox.NamedNode | ox.BlankNode | ox.Literal
        ):
            raise StewardError("fmt does not format RDF-star triples.")
        block = blocks.setdefault(_key(subject), _Block(subject))
        objects = block.predicates.setdefault(predicate.value, [])
        if (_key(subject), predicate.value, obj) not in seen:
            seen.add((_key(subject), predicate.value, obj))
            objects.append(obj)
    return blocks


def _key(term: Subject) -> str:
    return ("_:" if isinstance(term, ox.BlankNode) else "") + term.value


def _attach_comments(blocks: dict[str, _Block], found: TurtleText) -> list[str]:
    """Give each comment to the named subject of the statement it precedes or stands in;
    return the others (after the last statement, or only before anonymous ``[ ]`` ones),
    which are written at the end so that no comment is lost."""
    named: list[Statement] = [s for s in found.statements if s.subject in blocks]
    ends = [s.last_line for s in named]  # statements are in text order
    leftover = []
    for line, text in found.comments:
        index = bisect.bisect_left(ends, line)
        owner = named[index] if index < len(named) else None
        if owner is not None and owner.subject is not None:
            blocks[owner.subject].comments.append(text)
        else:
            leftover.append(text)
    return leftover


# ---------------------------------------------------------------------------
# Ordering
# ---------------------------------------------------------------------------


def _types(block: _Block) -> list[str]:
    return [o.value for o in block.predicates.get(RDF + "type", []) if isinstance(o, ox.NamedNode)]


def _rank(block: _Block) -> tuple[object, ...]:
    types = _types(block)
    iri = block.subject.value
    local = iri.rsplit("/", 1)[-1]
    if PG + "PolicyDocument" in types:
        return (_DOCUMENT, natural_key(iri))
    preamble = [_PREAMBLE[t] for t in types if t in _PREAMBLE]
    if preamble:
        return (min(preamble), natural_key(iri))
    structure = [_STRUCTURE[t] for t in types if t in _STRUCTURE]
    if structure:
        numbers = tuple(int(n) for n in re.findall(r"\d+", local))
        return (20, numbers, min(structure), natural_key(iri))
    later = [_LATER[t] for t in types if t in _LATER]
    if later:
        return (min(later), natural_key(iri))
    attached = [_ATTACHED[t] for t in types if t in _ATTACHED]
    if attached:
        return (_OTHER - 1, min(attached), natural_key(iri))
    if isinstance(block.subject, ox.BlankNode):  # its id is random: order by content
        return (_OTHER + 1, _content_key(block))
    return (_OTHER, natural_key(iri))


def _content_key(block: _Block) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (predicate, "_" if isinstance(o, ox.BlankNode) else str(o))
            for predicate, objects in block.predicates.items()
            for o in objects
        )
    )


def _order(blocks: dict[str, _Block]) -> list[_Block]:
    """Blocks in writing order; attached nodes (alignments, period, source) after their owner."""
    referrers: dict[str, set[str]] = {}
    for key, block in blocks.items():
        for objects in block.predicates.values():
            for obj in objects:
                if isinstance(obj, ox.NamedNode) and obj.value in blocks and obj.value != key:
                    referrers.setdefault(obj.value, set()).add(key)
    children: dict[str, list[_Block]] = {}
    roots = []
    for key, block in blocks.items():
        owners = referrers.get(key, set())
        attachable = any(t in _ATTACHED for t in _types(block))
        if attachable and len(owners) == 1:
            children.setdefault(next(iter(owners)), []).append(block)
        else:
            roots.append(block)
    ordered: list[_Block] = []
    seen: set[str] = set()

    def visit(start: _Block) -> None:  # depth first, without recursion
        stack = [start]
        while stack:
            block = stack.pop()
            key = _key(block.subject)
            if key in seen:
                continue
            seen.add(key)
            ordered.append(block)
            stack.extend(reversed(sorted(children.get(key, []), key=_rank)))

    for block in sorted(roots, key=_rank):
        visit(block)
    for block in sorted(blocks.values(), key=_rank):  # attachment cycles, if any
        visit(block)
    return ordered


MAX_NESTING = 50


def _inlinable(blocks: dict[str, _Block]) -> set[str]:
    """Blank nodes used once as an object, not in a cycle and nested at most
    :data:`MAX_NESTING` levels deep: written inline as ``[ ]`` or ``( )``.

    Deeper nodes get a label and a block of their own, so writing never recurses
    deeper than that however the data nests. Computed without recursion.
    """
    uses: dict[str, int] = {}
    for block in blocks.values():
        for objects in block.predicates.values():
            for obj in objects:
                if isinstance(obj, ox.BlankNode):
                    uses[obj.value] = uses.get(obj.value, 0) + 1
    candidates = {node for node, count in uses.items() if count == 1}
    # each candidate has exactly one parent: the block that uses it
    parent: dict[str, tuple[str, int]] = {}
    for key, block in blocks.items():
        list_node = set(block.predicates) == {RDF + "first", RDF + "rest"}
        for predicate, objects in block.predicates.items():
            step = 0 if list_node and predicate == RDF + "rest" else 1  # ( ) stays one level
            for obj in objects:
                if isinstance(obj, ox.BlankNode) and obj.value in candidates:
                    parent[obj.value] = (key[2:] if key.startswith("_:") else "", step)
    # depth at which a node is written: 0 for a block of its own, None on a cycle
    depth: dict[str, int | None] = {}
    for node in candidates:
        chain: list[str] = []
        on_chain: set[str] = set()
        current = node
        while current in candidates and current not in depth and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = parent[current][0]
        if current in on_chain:  # a cycle: its members get labels
            for member in chain[chain.index(current) :]:
                depth[member] = None
            chain = chain[: chain.index(current)]
        for member in reversed(chain):
            owner, step = parent[member]
            above = depth.get(owner, 0) if owner in candidates else 0
            level = (above or 0) + step
            depth[member] = level if level <= MAX_NESTING else 0
    return {node for node in candidates if depth.get(node) is not None and depth[node] != 0}


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


class _Namer:
    """IRIs as prefixed names with the file's own prefixes; records which are used."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so the most specific prefix wins; ties by name
        self._prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self._used: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        for name, namespace in self._prefixes:
            if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :]):
                self._used[name] = namespace
                return f"{name}:{iri[len(namespace) :]}"
        return "<" + iri.replace("\\", "\\u005C").replace(">", "\\u003E") + ">"

    def keep_mentioned(self, comments: str) -> None:
        """Also declare the prefixes written as ``name:`` in ``comments``."""
        for name, namespace in self._prefixes:
            if re.search(rf"(?<![\w:/-]){re.escape(name)}:[\w.]", comments):
                self._used.setdefault(name, namespace)

    def declarations(self) -> list[str]:
        return [f"@prefix {name}: <{ns}> ." for name, ns in sorted(self._used.items())]


def _object_key(term: Term) -> tuple[object, ...]:
    if isinstance(term, ox.NamedNode):
        return (0, natural_key(term.value))
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    return (2, term.language or "", term.datatype.value, natural_key(term.value))


def _predicate_key(predicate: str) -> tuple[int, int, str]:
    if predicate == RDF + "type":
        return (0, 0, "")
    if predicate in _PREDICATE_RANK:
        return (1, _PREDICATE_RANK[predicate], "")
    return (2, 0, predicate)


def _write_block(
    block: _Block,
    blocks: dict[str, _Block],
    inline: set[str],
    labels: dict[str, str],
    namer: _Namer,
) -> list[str]:
    subject = (
        labels[block.subject.value]
        if isinstance(block.subject, ox.BlankNode)
        else namer.iri(block.subject.value)
    )
    lines = [subject]
    body = _predicate_lines(block, blocks, inline, labels, namer, indent=4)
    if body:
        body[-1] += " ."
        lines += body
    return lines


def _predicate_lines(
    block: _Block,
    blocks: dict[str, _Block],
    inline: set[str],
    labels: dict[str, str],
    namer: _Namer,
    indent: int,
) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    predicates = sorted(block.predicates, key=_predicate_key)
    for i, predicate in enumerate(predicates):
        verb = "a" if predicate == RDF + "type" else namer.iri(predicate)
        objects = sorted(block.predicates[predicate], key=_object_key)
        written = [_term(o, blocks, inline, labels, namer, indent + 4) for o in objects]
        one_line = f"{pad}{verb} {' , '.join(written)}"
        simple = all(isinstance(o, ox.NamedNode) for o in objects)
        if (simple and len(one_line) + 2 <= WIDTH) or (len(written) == 1 and "\n" not in one_line):
            text = one_line
        else:
            text = f"{pad}{verb} " + f" ,\n{pad}    ".join(written)
        lines.append(text + (" ;" if i < len(predicates) - 1 else ""))
    return lines


def _term(
    term: Term,
    blocks: dict[str, _Block],
    inline: set[str],
    labels: dict[str, str],
    namer: _Namer,
    indent: int,
) -> str:
    if isinstance(term, ox.NamedNode):
        return namer.iri(term.value)
    if isinstance(term, ox.BlankNode):
        if term.value in inline:
            block = blocks.get("_:" + term.value)
            if block is None or not block.predicates:
                return "[]"
            items = _list_items(term, blocks, inline)
            if items is not None:
                written = [_term(i, blocks, inline, labels, namer, indent + 4) for i in items]
                return "( " + " ".join(written) + " )"
            inner = _predicate_lines(block, blocks, inline, labels, namer, indent)
            return "[\n" + "\n".join(inner) + "\n" + " " * (indent - 4) + "]"
        return labels.setdefault(term.value, f"_:b{len(labels) + 1}")
    return _literal(term, namer)


def _list_items(
    node: ox.BlankNode, blocks: dict[str, _Block], inline: set[str]
) -> list[Term] | None:
    """The members of an RDF list starting at ``node``, if it can be written as ``( … )``."""
    items: list[Term] = []
    current: Term = node
    while not (isinstance(current, ox.NamedNode) and current.value == RDF + "nil"):
        if not isinstance(current, ox.BlankNode) or current.value not in inline:
            return None
        block = blocks.get("_:" + current.value)
        if block is None or set(block.predicates) != {RDF + "first", RDF + "rest"}:
            return None
        first, rest = block.predicates[RDF + "first"], block.predicates[RDF + "rest"]
        if len(first) != 1 or len(rest) != 1:
            return None
        items.append(first[0])
        current = rest[0]
    return items


def _literal(literal: ox.Literal, namer: _Namer) -> str:
    text = quote(literal.value)
    if literal.language:
        return f"{text}@{literal.language}"
    datatype = literal.datatype.value
    if datatype == XSD + "string":
        return text
    if datatype == XSD + "integer" and _INTEGER.match(literal.value):
        return literal.value
    if datatype == XSD + "decimal" and _DECIMAL.match(literal.value):
        return literal.value
    if datatype == XSD + "boolean" and literal.value in ("true", "false"):
        return literal.value
    return f"{text}^^{namer.iri(datatype)}"


# ---------------------------------------------------------------------------
# Safety and files
# ---------------------------------------------------------------------------


def _check_same_graph(
    triples: Sequence[tuple[object, ox.NamedNode, object]], result: str, name: str
) -> None:
    try:
        again = [(q.subject, q.predicate, q.object) for q in ox.parse(result, ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise StewardError(
            f"{name}: the formatted text does not parse ({exc}); this is a bug in "
            "policygraph fmt, please report it. The file was left as it was."
        ) from None
    if len(again) != len(triples) or not _same(triples, again):
        raise StewardError(
            f"{name}: formatting would change the graph; this is a bug in policygraph fmt, "
            "please report it. The file was left as it was."
        )


#: above this many blank nodes the full isomorphism test (quadratic on long chains of
#: blank nodes in rdflib) gives way to a linear one
ISOMORPHISM_LIMIT = 200


def _same(
    before: Sequence[tuple[object, object, object]], after: Sequence[tuple[object, object, object]]
) -> bool:
    """Whether two graphs are the same. Triples without blank nodes are compared as
    sets; the others are tested for isomorphism, or with many blank nodes compared with
    every blank node replaced by one placeholder (and as many blank nodes each)."""

    def blank(term: object) -> bool:
        return isinstance(term, ox.BlankNode)

    def split(
        triples: Sequence[tuple[object, object, object]],
    ) -> tuple[set[tuple[object, object, object]], list[tuple[object, object, object]]]:
        ground, rest = set(), []
        for triple in triples:
            (rest.append(triple) if any(blank(t) for t in triple) else ground.add(triple))
        return ground, rest

    ground_before, blank_before = split(before)
    ground_after, blank_after = split(after)
    if ground_before != ground_after or len(blank_before) != len(blank_after):
        return False
    if not blank_before:
        return True
    nodes = {t for triple in blank_before for t in triple if blank(t)}
    if len(nodes) <= ISOMORPHISM_LIMIT:
        return isomorphic(
            add_to_rdflib(ox.Triple(*t) for t in blank_before),  # type: ignore[arg-type]
            add_to_rdflib(ox.Triple(*t) for t in blank_after),  # type: ignore[arg-type]
        )
    again = {t for triple in blank_after for t in triple if blank(t)}

    def shape(triples: Sequence[tuple[object, object, object]]) -> Counter[tuple[str, ...]]:
        return Counter(tuple("_" if blank(t) else str(t) for t in triple) for triple in triples)

    return len(nodes) == len(again) and shape(blank_before) == shape(blank_after)


@dataclass(frozen=True)
class FormatResult:
    """One file: whether its text changes, and the canonical text."""

    path: Path
    changed: bool
    text: str


def format_paths(paths: Sequence[str | Path]) -> list[FormatResult]:
    """Format the Turtle files named (for a directory: its ``.ttl`` files); write nothing."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += [p for p in expand([path]) if p.suffix == ".ttl"]
        elif path.suffix != ".ttl" and path.exists():
            raise StewardError(f"{path}: fmt formats Turtle (.ttl) files only.")
        else:
            files += expand([path])
    if not files:
        raise LoadError(f"{', '.join(str(p) for p in paths)}: no Turtle (.ttl) files to format.")
    results = []
    for path in files:
        original, formatted = format_file(path)
        results.append(FormatResult(path, original != formatted, formatted))
    return results
