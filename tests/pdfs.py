"""PDFs written in the test run: a source text rendered with fpdf2, and broken PDFs.

The font is matplotlib's bundled DejaVu Sans (matplotlib is a dependency of the
project, so the file is always there; it is found without importing
matplotlib), so Danish letters, dashes and quotes render as in the source.
"""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

from fpdf import FPDF, FontFace

#: Characters DejaVu Sans has no glyph for, and what the rendering prints instead.
_GLYPHS = {"\uf0b7": "•"}


def font_path() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    candidates = []
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidates.append(Path(location) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf")
    candidates.append(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError("no DejaVuSans.ttf (matplotlib's copy or fonts-dejavu-core)")


def render_pdf(text: str) -> bytes:
    """The text as a PDF: one paragraph per source line, blank lines as gaps, wrapped."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = "".join(_GLYPHS.get(c, c) for c in lines[index]).strip()
        index += 1
        if line.startswith("|"):
            rows = [line]
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(lines[index].strip())
                index += 1
            _table(pdf, rows)
            continue
        if not line:
            pdf.ln(5)
            continue
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf: FPDF, rows: list[str]) -> None:
    """A Markdown table as a ruled table; HTML list items in a cell as lines of bullets."""
    cells = []
    for row in rows:
        parts = [c.strip() for c in row.strip("|").split("|")]
        if all(set(c) <= set(":-") for c in parts):
            continue  # the separator row
        parts = [re.sub(r"</?[A-Za-z][^<>]*>", "", c).replace(" • ", "\n• ").strip() for c in parts]
        cells.append(parts)
    if not cells:
        return
    width = max(len(r) for r in cells)
    plain = FontFace(emphasis="")
    with pdf.table(first_row_as_headings=True, headings_style=plain, line_height=5) as table:
        for parts in cells:
            line = table.row()
            for part in [*parts, *[""] * (width - len(parts))]:
                line.cell(part)
    pdf.ln(5)


def image_only_pdf() -> bytes:
    """A one-page PDF holding only a picture (a scan without a text layer)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(picture).rectangle((40, 40, 360, 160), outline="black", width=4)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(picture, x=20, y=20, w=150)
    return bytes(pdf.output())


def encrypted_pdf(text: str) -> bytes:
    """``render_pdf(text)`` protected with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_pdf(text))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
