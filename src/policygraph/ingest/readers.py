"""Reading a source document into plain text: text, Markdown, HTML and PDF.

The PDF libraries are imported here and nowhere else. Both engines are
supported because ``bench/ingest_recall.py`` measures which one reads these
documents better; ``pdfplumber`` is the default (it keeps the vertical gaps
between paragraphs, which the heuristics use, see the bench numbers in
docs/encoding.md). A PDF's text is what ``sources/`` registers: the draft
refers to it by name and SHA-256, so that every ``pg:sourceText`` can be
checked against it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

from .. import limits
from ..errors import LoadError, StewardError

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_ENGINES = ("pdfplumber", "pypdf")


class SourceError(StewardError):
    """A source that cannot be read as a policy document (exit 2)."""


@dataclass(frozen=True)
class SourceText:
    """The plain text of a source, as ``sources/`` holds it."""

    name: str  # file name in sources/
    text: str
    kind: str  # text | markdown | html | pdf
    original: str = ""  # the file it was extracted from, when not plain text

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_source(path: Path, pdf_engine: str = "pdfplumber") -> SourceText:
    """Read ``path`` by its suffix (a PDF also by its ``%PDF`` signature)."""
    if not path.exists() and not path.is_symlink():
        raise SourceError(f"{path}: no such file. Give the source document to ingest.")
    try:
        data = limits.read_input_file(path, what="source document", limit="max_source_bytes")
    except LoadError as exc:  # a pipe, a device, too large: refused before reading
        raise SourceError(str(exc)) from None
    if not data.strip():
        raise SourceError(f"{path}: the file is empty; there is nothing to ingest.")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        text = pdf_text(data, path, pdf_engine)
        return SourceText(path.stem + ".txt", text, "pdf", path.name)
    decoded = _decode(data, path)
    if suffix in HTML_SUFFIXES or decoded.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return SourceText(path.stem + ".txt", html_text(decoded), "html", path.name)
    if suffix not in TEXT_SUFFIXES and suffix:
        raise SourceError(
            f"{path}: unknown source type {suffix!r}. Give a .txt, .md, .html or .pdf file."
        )
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    return SourceText(path.name, decoded, kind)


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096]:
        raise SourceError(
            f"{path}: this is a binary file, not text (it holds NUL bytes). Give the document "
            "as .txt, .md, .html or .pdf."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded). Save the text as "
            "UTF-8, or give the PDF."
        ) from None
    text = text.removeprefix("\ufeff")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(10, len(text) // 100):
        raise SourceError(f"{path}: this looks like a binary file, not text.")
    return text


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def pdf_text(data: bytes, path: Path, engine: str = "pdfplumber") -> str:
    """The text of a PDF, a blank line where the page leaves a paragraph gap."""
    if engine not in PDF_ENGINES:
        raise SourceError(f"unknown PDF engine {engine!r}; use one of {', '.join(PDF_ENGINES)}.")
    _check_pdf(data, path)
    seconds = limits.current().source_timeout

    def too_slow() -> SourceError:
        return SourceError(
            f"{path}: reading the PDF's text took over {seconds:g} s (the limit for one "
            "source document); give its text as .txt, or raise POLICYGRAPH_SOURCE_TIMEOUT."
        )

    def extract(_deadline: float) -> list[str]:
        return _pdfplumber_pages(data) if engine == "pdfplumber" else _pypdf_pages(data)

    try:
        # Not interrupted: pdfminer and pypdf import modules as they go, and an exception
        # sent into the worker could land inside an import. The caller stops waiting at
        # the deadline; the worker finishes in the background (the CLI exits).
        pages = limits.run_within(seconds, extract, too_slow, interrupt=False)
    except SourceError:
        raise
    except Exception as exc:  # the libraries raise many types for damaged files
        raise SourceError(
            f"{path}: the PDF cannot be read ({type(exc).__name__}: {exc}). Export it again "
            "from its original, or give its text as .txt."
        ) from None
    text = _join_pages([p.strip("\n") for p in pages if p.strip()])
    if len("".join(text.split())) < 20:
        raise SourceError(
            f"{path}: the PDF has no text layer (it holds only images, e.g. a scan). Run OCR "
            "on it first, or give its text as .txt."
        )
    return text + "\n"


def _join_pages(pages: list[str]) -> str:
    """Join pages: a sentence running on over the page break stays one paragraph."""
    text = pages[0] if pages else ""
    for page in pages[1:]:
        last = text.rstrip().splitlines()[-1].strip() if text.strip() else ""
        first = page.lstrip()[:1]
        runs_on = bool(last) and (not last.endswith(tuple('.!?:”"')) or first.islower())
        text += ("\n" if runs_on else "\n\n") + page
    return text


def _check_pdf(data: bytes, path: Path) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            raise SourceError(
                f"{path}: the PDF is encrypted with a password. Save an unprotected copy "
                "(or give its text as .txt) and ingest that."
            )
        if len(reader.pages) == 0:
            raise SourceError(f"{path}: the PDF has no pages.")
    except SourceError:
        raise
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise SourceError(
            f"{path}: not a readable PDF ({exc}). Export it again, or give its text as .txt."
        ) from None
    except Exception as exc:  # pypdf raises assorted errors for damaged files
        if "encrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise SourceError(
                f"{path}: the PDF is encrypted and cannot be opened. Save an unprotected copy "
                "(or give its text as .txt) and ingest that."
            ) from None
        raise SourceError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc}).") from None


def _pdfplumber_pages(data: bytes) -> list[str]:
    """Text lines with their gaps; a ruled table as Markdown rows (cells joined)."""
    import pdfplumber

    pages: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj: dict[str, Any], boxes: Sequence[tuple[float, ...]] = boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            text_page = page.filter(outside) if boxes else page
            lines = [
                (ln["text"], ln["top"], ln["bottom"])
                for ln in text_page.extract_text_lines(return_chars=False)
            ]
            for table in tables:
                rows = table.extract()
                marked = []
                for number, row in enumerate(rows):
                    cells = [" ".join((cell or "").split()) for cell in row]
                    marked.append("| " + " | ".join(cells) + " |")
                    if number == 0:
                        marked.append("|" + "---|" * len(cells))
                lines.append(("\n" + "\n".join(marked) + "\n", table.bbox[1], table.bbox[3]))
            lines.sort(key=lambda line: line[1])
            pages.append(_with_gaps(lines))
    return pages


def _with_gaps(lines: list[tuple[str, float, float]]) -> str:
    """Join text lines; a gap clearly wider than the line spacing becomes a blank line."""
    if not lines:
        return ""
    steps = [b[1] - a[1] for a, b in itertools.pairwise(lines) if b[1] > a[1]]
    # The line spacing of running text: the lower quartile of the steps, since on a page of
    # short paragraphs most steps may be gaps.
    usual = statistics.quantiles(steps, n=4)[0] if len(steps) >= 4 else min(steps, default=0.0)
    out = [lines[0][0]]
    for previous, line in itertools.pairwise(lines):
        step = line[1] - previous[1]
        if usual and step > usual * 1.4:
            out.append("")
        out.append(line[0])
    return "\n".join(out)


def _pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # _check_pdf made sure the empty password opens it
    pages = []
    for page in reader.pages:
        text = page.extract_text(extraction_mode="layout")
        pages.append("\n".join(line.rstrip() for line in text.splitlines()))
    return pages


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


class _HtmlToText(HTMLParser):
    """HTML to the Markdown-like text the heuristics read (headings, bullets, tables)."""

    _BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "br",
        "ul",
        "ol",
    }
    _SKIP: ClassVar[set[str]] = {"script", "style", "head", "title", "nav"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif self.cell is not None:
            if tag == "li":
                self.cell.append(" • ")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "table":
            self.out.append("\n\n")
            self.rows = 0
        elif tag in self._BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.out.append("| " + " | ".join(self.row) + " |\n")
            if self.rows == 0:
                self.out.append("|" + "---|" * len(self.row) + "\n")
            self.rows += 1
            self.row = None
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "table") or (
            tag in self._BLOCK and self.cell is None
        ):
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_text(html: str) -> str:
    """The text of an HTML document (see :class:`_HtmlToText`)."""
    parser = _HtmlToText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"
