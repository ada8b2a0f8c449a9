"""Commands for turning a municipality's document into a draft: ingest, sheet export/import."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ._base import main


@main.command(
    "ingest", short_help="Read a policy document (text, Markdown, HTML, PDF) into a draft."
)
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="NAME|CODE",
    help="Issuer: name, slug or kommunekode in data/municipalities.ttl; repeat it for a joint "
    "plan (default: the names on the first page).",
)
@click.option("--title", help="The document's Danish title, as printed (default: guessed).")
@click.option("--slug", help="Document slug (default: municipality + title).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to create (default: data/<slug>.ttl). Never overwritten.",
)
@click.option(
    "--sources",
    type=click.Path(file_okay=False),
    default="sources",
    show_default=True,
    help="Where the text read is registered (with its manifest entry) unless it is already.",
)
@click.option(
    "--pdf-engine",
    type=click.Choice(["pdfplumber", "pypdf"]),
    default="pdfplumber",
    show_default=True,
    help="PDF text extraction library.",
)
@click.option("--dry-run", is_flag=True, help="Print the structure found; write nothing.")
def ingest_command(
    source: str,
    municipalities: Sequence[str],
    title: str | None,
    slug: str | None,
    output: str | None,
    sources: str,
    pdf_engine: str,
    dry_run: bool,
) -> None:
    """Read SOURCE and write a draft document file that fails validation until curated.

    Every heading with an action list under it becomes a focus area, every
    bullet, numbered item and table row an objective or initiative, with
    pg:sourceText copied from the text; links the text states (Princip N,
    verdensmål, CHIME) are explicit alignments quoting their sentence. English
    labels and the guessed title, status and period are TODOs. --dry-run prints
    the outline (indentation = nesting). Heuristics: docs/encoding.md.

    \b
    Exit codes:
      0  draft written (or outline printed)
      2  bad input: unreadable, empty, binary, encrypted or image-only PDF,
         no recognisable structure, unknown or ambiguous municipality,
         output file exists
    \b
    Example:
      policygraph ingest plan.pdf --municipality Herlev --dry-run
    """
    from ..ingest.draft import ingest, write_draft

    draft = ingest(Path(source), municipalities, title, slug, pdf_engine=pdf_engine)
    if dry_run:
        click.echo(draft.outline(), nl=False)
        return
    written = write_draft(draft, Path(output) if output else None, Path(sources))
    counts = draft.counts()
    for path in written[:-1]:
        click.echo(f"registered the extracted text as {path}")
    click.echo(
        f"wrote {written[-1]}: {counts['focus-area']} focus areas, {counts['objective']} "
        f"objectives, {counts['initiative']} initiatives, {len(draft.links)} explicit links. "
        f"Next: policygraph sheet export {written[-1]}"
    )


@main.group("sheet", short_help="Curate a document in a spreadsheet (export, import).")
def sheet_group() -> None:
    """Curate a document in Excel or LibreOffice: export one row per item, edit, import."""


def _document(name: str) -> Path:
    path = Path(name)
    if path.suffix != ".ttl" and not path.exists():
        path = Path("data") / f"{name}.ttl"
    if not path.exists():
        raise click.BadParameter(f"{name}: no such document file (or data/{name}.ttl).")
    return path


@sheet_group.command("export", short_help="Write a document's items as XLSX or CSV.")
@click.argument("document")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Sheet to write, .xlsx or .csv (default: <document>.xlsx here).",
)
def sheet_export_command(document: str, output: str | None) -> None:
    """Write DOCUMENT (a file, or a slug in data/) as a sheet: one row per item.

    Columns: iri, kind, parent, section, danish, english, principles, sdg,
    chime, themes, partners, rationale, reviewed_by, explicit, note. The
    allowed values are on the second sheet (CSV: <name>-allowed.csv).

    \b
    Example:
      policygraph sheet export data/herlev-socialpsykiatri-2019-2022.ttl -o herlev.xlsx
    """
    from ..ingest.sheet import export_sheet

    path = _document(document)
    target = Path(output) if output else Path(path.stem + ".xlsx")
    for written in export_sheet(path, target):
        click.echo(f"wrote {written}")


@sheet_group.command("import", short_help="Merge an edited sheet back into its document.")
@click.argument("document")
@click.argument("sheet", type=click.Path(dir_okay=False))
def sheet_import_command(document: str, sheet: str) -> None:
    """Merge the edited SHEET into DOCUMENT: labels, curated links with rationale, themes,
    partners, reviewers, notes.

    Every bad cell is reported by row and column and then nothing is written.
    Importing an unedited export changes nothing.

    \b
    Exit codes:
      0  merged (or nothing to change)
      2  bad cells, unreadable sheet or document: nothing written
    \b
    Example:
      policygraph sheet import data/herlev-socialpsykiatri-2019-2022.ttl herlev.xlsx
    """
    from ..ingest.sheet import import_sheet
    from ..validation import validate

    path = _document(document)
    changed, _ = import_sheet(path, Path(sheet))
    if not changed:
        click.echo(f"{path}: nothing to change")
        return
    report = validate([path])
    state = "conforms" if report.conforms else "does not conform yet"
    click.echo(
        f"wrote {path}; it {state} ({report.count('violation')} violations, "
        f"{report.count('warning')} warnings): policygraph validate {path}"
    )
