"""Curation in a spreadsheet: ``policygraph sheet export DOC`` / ``sheet import DOC SHEET``.

:func:`export_sheet` writes one row per item of a document file (the document
itself first) as XLSX (a second sheet ``allowed`` lists the allowed values) or
CSV (the allowed values in ``<name>-allowed.csv`` beside it). Columns:

===============  ==============================================================
``iri``          the item's local name (``initiative-2.3``), read-only
``kind``         ``document``, ``focus-area``, ``objective``, ``initiative`` ...
``parent``       the item holding it, read-only
``section``      ``pg:section``, read-only
``danish``       ``pg:sourceText`` (the document's title on its row), read-only
``english``      ``skos:prefLabel@en`` (the English title on the document row)
``principles``   curated national principles, ``3; 5``
``sdg``          curated UN SDG goals or targets, ``3.4; 10.2``
``chime``        curated CHIME processes, ``hope-and-optimism``
``themes``       ``pg:hasTheme``, local names of ontology/vocab/themes.ttl
``partners``     ``pg:involvesPartner``, local names in data/organisations.ttl
``rationale``    one line per curated link ``rp:3: why``; a line without a
                 prefix is the rationale of every link of the row without one
``reviewed_by``  who reviewed the row's curated links (``pg:reviewedBy``): local
                 names of the pg:Reviewer of data/reviewers.ttl
``explicit``     the links the text states, read-only
``note``         ``skos:editorialNote``; clear it to confirm ingest's guesses
===============  ==============================================================

:func:`import_sheet` merges the edited columns back: labels, curated
alignments with their rationale, themes, partners, reviewers and notes. Every
bad cell is reported by row and column (with "did you mean" where a close
value exists) and then nothing is written; otherwise the file is rewritten in
the canonical layout, atomically. Export then import without edits changes
nothing, byte for byte.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import limits, resources
from ..errors import LoadError, StewardError
from ..files import write_atomically
from ..loading import parse_file
from ..text import natural_key

PG = "https://w3id.org/policygraph/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
NS = {
    "rp": "https://w3id.org/policygraph/id/recovery-principle/",
    "sdg": "http://metadata.un.org/sdg/",
    "chime": "https://w3id.org/policygraph/id/chime/",
}
THEME = "https://w3id.org/policygraph/id/theme/"
ORG = "https://w3id.org/policygraph/id/organisation/"
REVIEWER = "https://w3id.org/policygraph/id/reviewer/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
COLUMNS = (
    "iri", "kind", "parent", "section", "danish", "english", "principles", "sdg", "chime",
    "themes", "partners", "rationale", "reviewed_by", "explicit", "note",
)  # fmt: skip
READ_ONLY = ("kind", "parent", "section", "danish", "explicit")
KINDS = {
    PG + "FocusArea": "focus-area",
    PG + "Objective": "objective",
    PG + "Initiative": "initiative",
    PG + "Vision": "vision",
    PG + "Purpose": "purpose",
    PG + "Value": "value",
    PG + "TargetGroup": "target-group",
    PG + "DocumentPrinciple": "principle",
}
_LINK_COLUMN = {"rp": "principles", "sdg": "sdg", "chime": "chime"}


class SheetError(StewardError):
    """Bad cells in a sheet, or a sheet that cannot be read (exit 2; nothing written)."""


Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]


@dataclass(frozen=True)
class Vocabulary:
    """The allowed values of the link, theme and partner columns."""

    principles: dict[str, str]  # "3" -> Danish label
    sdg: dict[str, str]  # "3.4" -> label
    chime: dict[str, str]  # "hope-and-optimism" -> Danish label
    themes: dict[str, str]
    partners: dict[str, str]
    reviewers: dict[str, str] = field(default_factory=dict)  # "second-reader-2026-12" -> label

    def allowed(self) -> list[tuple[str, str, str]]:
        rows = []
        for column, values in (
            ("principles", self.principles),
            ("sdg", self.sdg),
            ("chime", self.chime),
            ("themes", self.themes),
            ("partners", self.partners),
            ("reviewed_by", self.reviewers),
        ):
            rows += [(column, value, label) for value, label in values.items()]
        return rows


def _labels(path: Path, prefix: str) -> dict[str, str]:
    found: dict[str, str] = {}
    english: dict[str, str] = {}
    for quad in parse_file(path, role="vocabulary").quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(prefix):
            continue
        local = subject.value.removeprefix(prefix)
        if quad.predicate.value == SKOS + "prefLabel" and isinstance(quad.object, ox.Literal):
            if quad.object.language == "da":
                found[local] = quad.object.value
            else:
                english.setdefault(local, quad.object.value)
    for local, label in english.items():
        found.setdefault(local, label)
    return found


def vocabulary() -> Vocabulary:
    vocab = resources.root() / "ontology" / "vocab"
    sdg = {k: v for k, v in _labels(vocab / "sdg.ttl", NS["sdg"]).items() if "/" not in k}
    sdg = {k: v for k, v in sdg.items() if re.fullmatch(r"\d{1,2}(\.\w{1,2})?", k)}
    return Vocabulary(
        principles=_labels(vocab / "recovery-principles.ttl", NS["rp"]),
        sdg=dict(sorted(sdg.items(), key=lambda kv: natural_key(kv[0]))),
        chime=_labels(vocab / "chime.ttl", NS["chime"]),
        themes=_labels(vocab / "themes.ttl", THEME),
        partners=_labels(resources.data_dir() / "organisations.ttl", ORG),
        reviewers=_reviewers(resources.data_dir() / "reviewers.ttl"),
    )


def _reviewers(path: Path) -> dict[str, str]:
    """The declared pg:Reviewer of ``path`` by local name, with their rdfs:label."""
    if not path.is_file():
        return {}
    quads = parse_file(path).quads
    typed = {
        q.subject.value
        for q in quads
        if isinstance(q.subject, ox.NamedNode)
        and q.predicate.value == RDF_TYPE
        and q.object == ox.NamedNode(PG + "Reviewer")
        and q.subject.value.startswith(REVIEWER)
    }
    labels = {
        q.subject.value: q.object.value
        for q in quads
        if isinstance(q.subject, ox.NamedNode)
        and q.predicate.value == RDFS + "label"
        and isinstance(q.object, ox.Literal)
    }
    return {iri.removeprefix(REVIEWER): labels.get(iri, "") for iri in sorted(typed)}


# ---------------------------------------------------------------------------
# Reading a document file
# ---------------------------------------------------------------------------


@dataclass
class Document:
    path: Path
    text: str
    triples: set[Triple]
    iri: str
    items: dict[str, str] = field(default_factory=dict)  # local -> IRI, in row order

    def values(self, subject: str, predicate: str) -> list[Term]:
        return [o for s, p, o in self.triples if s.value == subject and p.value == predicate]

    def one(self, subject: str, predicate: str, language: str | None = None) -> str:
        for value in self.values(subject, predicate):
            if isinstance(value, ox.Literal) and (language is None or value.language == language):
                return value.value
        return ""

    def local(self, iri: str) -> str:
        return "document" if iri == self.iri else iri.removeprefix(self.iri + "/")


def read_document(path: Path) -> Document:
    loaded = parse_file(path)  # raises LoadError with file and line
    triples: set[Triple] = set()
    for quad in loaded.quads:
        assert not isinstance(quad.subject, ox.Triple)
        assert not isinstance(quad.object, ox.Triple)
        triples.add((quad.subject, quad.predicate, quad.object))
    docs = sorted(
        s.value
        for s, p, o in triples
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value == PG + "PolicyDocument"
    )
    if len(docs) != 1:
        raise SheetError(
            f"{path}: holds {len(docs)} pg:PolicyDocument nodes; a sheet is made from one "
            "document file (data/<document>.ttl)."
        )
    document = Document(path, path.read_text(encoding="utf-8"), triples, docs[0])
    kinds: dict[str, str] = {}
    for s, p, o in triples:
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value in KINDS:
            kinds[s.value] = KINDS[o.value]
    children: dict[str, list[str]] = {}
    for s, p, o in triples:
        if p.value in (PG + "hasFocusArea", PG + "hasObjective", PG + "hasInitiative"):
            children.setdefault(s.value, []).append(o.value)
    ordered: list[str] = []

    def visit(iri: str) -> None:
        for child in sorted(children.get(iri, []), key=lambda c: natural_key(document.local(c))):
            if child in kinds and child not in ordered:
                ordered.append(child)
                visit(child)

    visit(document.iri)
    rest = sorted(
        (i for i in kinds if i not in ordered), key=lambda c: natural_key(document.local(c))
    )
    document.items = {document.local(i): i for i in [*ordered, *rest]}
    return document


def _parent(document: Document, iri: str) -> str:
    for s, p, o in document.triples:
        if p.value in (PG + "hasObjective", PG + "hasInitiative") and o.value == iri:
            return document.local(s.value)
    return "document" if iri != document.iri else ""


def _alignments(document: Document, subject: str) -> list[tuple[str, str, str, str]]:
    """(alignment IRI, basis local, scheme, target local) of a subject."""
    found = []
    for node in document.values(subject, PG + "alignment"):
        basis = _iri(document, node, "basis")
        target = _iri(document, node, "alignedTo")
        for scheme, ns in NS.items():
            if target.startswith(ns):
                found.append((node.value, basis.removeprefix(PG), scheme, target.removeprefix(ns)))
    return sorted(found, key=lambda a: (a[2], natural_key(a[3])))


def _iri(document: Document, node: Term, local: str) -> str:
    for value in document.values(node.value, PG + local):
        if isinstance(value, ox.NamedNode):
            return value.value
    return ""


def rows(document: Document) -> list[dict[str, str]]:
    """The sheet rows of a document (see the module docstring)."""
    out = []
    for local, iri in [("document", document.iri), *document.items.items()]:
        is_doc = iri == document.iri
        links = _alignments(document, iri)
        curated = [a for a in links if a[1] == "Curated"]
        rationales = [(a, document.one(a[0], PG + "rationale")) for a in curated]
        texts = {r for _, r in rationales}
        if len(texts) == 1 and len(rationales) > 1:
            rationale = texts.pop()
        else:
            rationale = "\n".join(f"{a[2]}:{a[3]}: {r}" for a, r in rationales if r)
        reviewers = sorted(
            {
                o.value.removeprefix(REVIEWER)
                for a in curated
                for o in document.values(a[0], PG + "reviewedBy")
                if isinstance(o, ox.NamedNode)
            }
        )
        themes = [t.value.removeprefix(THEME) for t in document.values(iri, PG + "hasTheme")]
        partners = [p.value.removeprefix(ORG) for p in document.values(iri, PG + "involvesPartner")]
        kind = "document" if is_doc else _kind(document, iri)
        out.append(
            {
                "iri": local,
                "kind": kind,
                "parent": _parent(document, iri),
                "section": document.one(iri, PG + "section"),
                "danish": document.one(iri, DCTERMS + "title", "da")
                if is_doc
                else document.one(iri, PG + "sourceText"),
                "english": document.one(iri, DCTERMS + "title", "en")
                if is_doc
                else document.one(iri, SKOS + "prefLabel", "en"),
                "principles": _cell(a[3] for a in curated if a[2] == "rp"),
                "sdg": _cell(a[3] for a in curated if a[2] == "sdg"),
                "chime": _cell(a[3] for a in curated if a[2] == "chime"),
                "themes": _cell(sorted(themes)),
                "partners": _cell(sorted(partners)),
                "rationale": rationale,
                "reviewed_by": _cell(reviewers),
                "explicit": _cell(f"{a[2]}:{a[3]}" for a in links if a[1] == "Explicit"),
                "note": document.one(iri, SKOS + "editorialNote"),
            }
        )
    return out


def _kind(document: Document, iri: str) -> str:
    for value in document.values(iri, RDF_TYPE):
        if isinstance(value, ox.NamedNode) and value.value in KINDS:
            return KINDS[value.value]
    return ""


def _cell(values: Iterable[str]) -> str:
    return "; ".join(values)


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def export_sheet(document_file: Path, output: Path) -> list[Path]:
    """Write the sheet of ``document_file`` to ``output`` (.xlsx or .csv); return the files."""
    document = read_document(document_file)
    table = rows(document)
    allowed = vocabulary().allowed()
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "items"
        sheet.append(list(COLUMNS))
        for row in table:
            sheet.append([row[c] for c in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFGHIJKLMNO", (18, 12, 14, 24, 60, 60), strict=False):
            sheet.column_dimensions[column].width = width
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
        values = book.create_sheet("allowed")
        values.append(["column", "value", "label"])
        for entry in allowed:
            values.append(list(entry))
        buffer = io.BytesIO()
        book.save(buffer)
        _write_atomic(output, buffer.getvalue())
        return [output]
    if suffix == ".csv":
        companion = output.with_name(output.stem + "-allowed.csv")
        _write_atomic(output, _csv([list(COLUMNS), *([r[c] for c in COLUMNS] for r in table)]))
        _write_atomic(companion, _csv([["column", "value", "label"], *map(list, allowed)]))
        return [output, companion]
    raise SheetError(f"{output}: a sheet is .xlsx or .csv; name the output accordingly.")


def _csv(lines: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue().encode("utf-8")


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    row: int  # 1-based as the spreadsheet numbers rows (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


def read_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of an edited sheet (.xlsx: its first sheet; .csv)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise SheetError(f"{path}: a sheet is .xlsx or .csv.")
    if not path.exists() and not path.is_symlink():
        raise SheetError(f"{path}: no such file.")
    try:
        data = limits.read_input_file(path, what="sheet")
    except LoadError as exc:  # a pipe, a device, too large: refused before reading
        raise SheetError(str(exc)) from None
    try:
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            _check_unzipped_size(data, path)
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book["items"] if "items" in book.sheetnames else book.worksheets[0]
            lines, size, most = [], 0, limits.current().max_file_bytes
            for row in sheet.iter_rows(values_only=True):  # streamed: stop at the limit
                line = ["" if v is None else str(v) for v in row]
                size += sum(len(cell) + 1 for cell in line)
                if size > most:  # a zip that lies about its sizes
                    raise SheetError(
                        f"{path}: holds more than {most:,} characters, the limit for one "
                        "sheet; export the document again with `policygraph sheet export`."
                    )
                lines.append(line)
            book.close()
        else:
            text = data.decode("utf-8-sig")
            lines = list(csv.reader(io.StringIO(text, newline="")))
    except SheetError:
        raise
    except UnicodeDecodeError as exc:
        raise SheetError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); save the CSV as "
            "UTF-8, or use the .xlsx that `policygraph sheet export` writes."
        ) from None
    except Exception as exc:  # openpyxl/zipfile raise many types for a damaged file
        raise SheetError(f"{path}: cannot read the sheet ({type(exc).__name__}: {exc}).") from None
    if not lines:
        raise SheetError(f"{path}: the sheet is empty; export it with `policygraph sheet export`.")
    header = [h.strip() for h in lines[0]]
    missing = [c for c in ("iri",) if c not in header]
    if missing:
        raise SheetError(
            f"{path}: row 1 has no column 'iri'; keep the header row that "
            "`policygraph sheet export` wrote."
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        hint = _did_you_mean(unknown[0], COLUMNS)
        raise SheetError(f"{path}: row 1 has an unknown column {unknown[0]!r}{hint}.")
    found = []
    for line in lines[1:]:
        padded = [*line, *[""] * (len(header) - len(line))]
        found.append({h: padded[i].strip() for i, h in enumerate(header) if h})
    return found


def _check_unzipped_size(data: bytes, path: Path) -> None:
    """Refuse an .xlsx whose members unzip to more than the file size limit (a zip
    bomb would exhaust memory in the reader): one document's items are far less."""
    import zipfile

    most = limits.current().max_file_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(member.file_size for member in archive.infolist())
    if unzipped > most:
        raise SheetError(
            f"{path}: unzips to {unzipped:,} bytes, more than the limit of {most:,} bytes "
            "for one sheet; export the document again with `policygraph sheet export`, or "
            "raise POLICYGRAPH_MAX_FILE_BYTES."
        )


def _did_you_mean(value: str, choices: Iterable[str], n: int = 3) -> str:
    close = difflib.get_close_matches(value, list(choices), n=n, cutoff=0.5)
    if not close:
        return ""
    if len(close) == 1:
        return f"; did you mean {close[0]}?"
    return f"; did you mean {', '.join(close[:-1])} or {close[-1]}?"


def _tokens(cell: str) -> list[str]:
    return [t.strip() for t in re.split(r"[;,\n]", cell) if t.strip()]


def _norm_link(token: str, scheme: str) -> str:
    token = token.strip()
    token = re.sub(rf"^(?:{scheme}:|{scheme}\s+|sdg\s*|princip\s*|rp\s*)", "", token, flags=re.I)
    if scheme == "sdg":
        token = token.lstrip("0") if re.fullmatch(r"0\d(\.\w+)?", token) else token
    return token.strip()


@dataclass
class _Planned:
    scheme: str
    target: str
    rationale: str


def import_sheet(document_file: Path, sheet_file: Path) -> tuple[bool, str]:
    """Merge ``sheet_file`` into ``document_file``; return (changed, new text).

    Raises :class:`SheetError` listing every bad cell; then nothing is written.
    """
    from ..turtle.canonical import format_turtle

    document = read_document(document_file)
    current = {row["iri"]: row for row in rows(document)}
    vocab = vocabulary()
    errors: list[CellError] = []
    triples = set(document.triples)
    seen: set[str] = set()
    for number, row in enumerate(read_sheet(sheet_file), 2):
        local = row.get("iri", "")
        if not local and not any(row.values()):
            continue
        if local not in current:
            errors.append(
                CellError(
                    number,
                    "iri",
                    f"no item {local!r} in {document_file.name}"
                    + _did_you_mean(local, current)
                    + " (rows are matched by iri; do not edit that column)",
                )
            )
            continue
        if local in seen:
            errors.append(CellError(number, "iri", f"{local!r} is on an earlier row already"))
            continue
        seen.add(local)
        before = current[local]
        for column in READ_ONLY:
            if column in row and " ".join(row[column].split()) != " ".join(before[column].split()):
                errors.append(
                    CellError(
                        number,
                        column,
                        "this column is read-only (it comes from the source and the draft); "
                        f"put back {before[column][:60]!r}",
                    )
                )
        iri = document.iri if local == "document" else document.items[local]
        errors += _merge_row(document, triples, iri, number, row, before, vocab)
    if errors:
        listing = "\n".join(f"  {e}" for e in errors)
        raise SheetError(
            f"{sheet_file}: {len(errors)} bad cell(s); nothing was written to "
            f"{document_file}:\n{listing}"
        )
    text = format_turtle(document.text, sorted(triples, key=str), name=str(document_file))
    original = document_file.read_text(encoding="utf-8")
    if text == original:
        return False, text
    write_atomically(document_file, text)
    return True, text


def _literal(value: str, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def _replace(
    triples: set[Triple], subject: str, predicate: str, values: Sequence[Term], language: str = ""
) -> None:
    node = ox.NamedNode(subject)
    for triple in [t for t in triples if t[0] == node and t[1].value == predicate]:
        obj = triple[2]
        if language and not (isinstance(obj, ox.Literal) and obj.language == language):
            continue
        triples.discard(triple)
    for value in values:
        triples.add((node, ox.NamedNode(predicate), value))


def _merge_row(
    document: Document,
    triples: set[Triple],
    iri: str,
    number: int,
    row: dict[str, str],
    before: dict[str, str],
    vocab: Vocabulary,
) -> list[CellError]:
    errors: list[CellError] = []
    is_doc = iri == document.iri
    # English label / title
    english = row.get("english", before["english"])
    if english != before["english"]:
        if not english:
            errors.append(CellError(number, "english", "empty: give the English wording"))
        else:
            predicate = DCTERMS + "title" if is_doc else SKOS + "prefLabel"
            _replace(triples, iri, predicate, [_literal(english, "en")], language="en")
    # note
    note = row.get("note", before["note"])
    if note != before["note"]:
        _replace(triples, iri, SKOS + "editorialNote", [_literal(note)] if note else [])
    # themes and partners
    for column, predicate, allowed, ns in (
        ("themes", PG + "hasTheme", vocab.themes, THEME),
        ("partners", PG + "involvesPartner", vocab.partners, ORG),
    ):
        cell = row.get(column, before[column])
        if cell == before[column]:
            continue
        chosen = []
        for token in _tokens(cell):
            value = token.removeprefix("theme:").removeprefix("partner:")
            by_label = {label.casefold(): key for key, label in allowed.items()}
            value = by_label.get(value.casefold(), value)
            if value not in allowed:
                hint = _did_you_mean(value, allowed)
                errors.append(CellError(number, column, f"unknown {column[:-1]} {token!r}{hint}"))
                continue
            chosen.append(ox.NamedNode(ns + value))
        _replace(triples, iri, predicate, chosen)
    # curated links
    errors += _merge_links(document, triples, iri, number, row, before, vocab)
    return errors


def _merge_links(
    document: Document,
    triples: set[Triple],
    iri: str,
    number: int,
    row: dict[str, str],
    before: dict[str, str],
    vocab: Vocabulary,
) -> list[CellError]:
    errors: list[CellError] = []
    columns = ("principles", "sdg", "chime", "rationale", "reviewed_by")
    if all(row.get(c, before[c]) == before[c] for c in columns):
        return errors
    allowed = {"rp": vocab.principles, "sdg": vocab.sdg, "chime": vocab.chime}
    existing = {(a[2], a[3]): a for a in _alignments(document, iri)}
    explicit = {k for k, a in existing.items() if a[1] == "Explicit"}
    wanted: list[tuple[str, str]] = []
    for scheme, column in _LINK_COLUMN.items():
        for token in _tokens(row.get(column, before[column])):
            value = _norm_link(token, scheme)
            if scheme == "chime":
                by_label = {label.casefold(): key for key, label in vocab.chime.items()}
                value = by_label.get(value.casefold(), value)
            if value not in allowed[scheme]:
                if scheme == "rp":
                    message = f"unknown principle {token!r}: the national principles are 1 to 8"
                else:
                    message = f"unknown {column} value {token!r}" + _did_you_mean(
                        value, allowed[scheme]
                    )
                errors.append(CellError(number, column, message))
                continue
            if (scheme, value) in explicit:
                errors.append(
                    CellError(
                        number,
                        column,
                        f"{scheme}:{value} is an explicit link of this item already (the text "
                        "states it); list only curated links here",
                    )
                )
                continue
            wanted.append((scheme, value))
    # rationales
    default = ""
    given: dict[tuple[str, str], str] = {}
    for line in row.get("rationale", before["rationale"]).splitlines():
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(rp|sdg|chime):([\w.\-]+):\s*(.*)$", line)
        if match:
            key = (match[1], match[2])
            if key not in wanted:
                errors.append(
                    CellError(
                        number,
                        "rationale",
                        f"a rationale for {match[1]}:{match[2]}, which the row does not link",
                    )
                )
            given[key] = match[3].strip()
        else:
            default = f"{default} {line}".strip()
    reviewers = []
    for token in _tokens(row.get("reviewed_by", before["reviewed_by"])):
        value = token.removeprefix(REVIEWER).removeprefix("reviewer:")
        if value not in vocab.reviewers:
            hint = _did_you_mean(value, vocab.reviewers)
            errors.append(
                CellError(
                    number,
                    "reviewed_by",
                    f"unknown reviewer {token!r}{hint}: give the local name of a pg:Reviewer "
                    "of data/reviewers.ttl (declare a new review round there first)",
                )
            )
            continue
        reviewers.append(ox.NamedNode(REVIEWER + value))
    node = ox.NamedNode(iri)
    local = document.local(iri)
    for key, alignment in existing.items():
        if alignment[1] != "Curated" or key in wanted:
            continue
        target = ox.NamedNode(NS[key[0]] + key[1])
        _drop_alignment(triples, node, alignment[0], target, key[0])
    for key in wanted:
        rationale = given.get(key) or default
        old = existing.get(key)
        if not rationale and old is not None:
            rationale = document.one(old[0], PG + "rationale")
        if not rationale:
            errors.append(
                CellError(
                    number,
                    "rationale",
                    f"missing rationale for {key[0]}:{key[1]}: give one sentence why "
                    f"(a line '{key[0]}:{key[1]}: ...' or one line for all links of the row)",
                )
            )
            continue
        name = old[0] if old else f"{document.iri}/align-{local}-{key[0]}-{key[1]}"
        target = ox.NamedNode(NS[key[0]] + key[1])
        align = ox.NamedNode(name)
        predicate = PG + ("contributesTo" if key[0] == "sdg" else "supportsPrinciple")
        triples.add((node, ox.NamedNode(predicate), target))
        triples.add((node, ox.NamedNode(PG + "alignment"), align))
        triples.add((align, ox.NamedNode(RDF_TYPE), ox.NamedNode(PG + "Alignment")))
        triples.add((align, ox.NamedNode(PG + "alignedTo"), target))
        triples.add((align, ox.NamedNode(PG + "basis"), ox.NamedNode(PG + "Curated")))
        _replace(triples, name, PG + "rationale", [_literal(rationale, "en")])
        _replace(triples, name, PG + "reviewedBy", reviewers)
    return errors


def _drop_alignment(
    triples: set[Triple], node: ox.NamedNode, alignment: str, target: ox.NamedNode, scheme: str
) -> None:
    align = ox.NamedNode(alignment)
    predicate = PG + ("contributesTo" if scheme == "sdg" else "supportsPrinciple")
    triples.discard((node, ox.NamedNode(PG + "alignment"), align))
    triples.discard((node, ox.NamedNode(predicate), target))
    for triple in [t for t in triples if t[0] == align]:
        triples.discard(triple)
