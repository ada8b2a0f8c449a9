"""Commands for data stewards: source add, source list, vocab."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..results import QueryResult
from ._base import emit, main

FORMATS = ("table", "csv", "json")


def _sources_dir() -> Path:
    """The ``sources/`` of the checkout the command runs in (else the shipped one)."""
    from ..steward.sources import sources_dir_for

    return sources_dir_for(Path.cwd() / "data")


@main.group("source", short_help="Register source texts and list the manifest.")
def source_group() -> None:
    """The plain-text sources in sources/ and their manifest (sources/manifest.csv)."""


@source_group.command("add", short_help="Copy a source text into sources/ and register it.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--municipality",
    "municipalities",
    multiple=True,
    metavar="NAME|CODE",
    help="Issuer: Danish name, slug or kommunekode; repeat for a joint plan.",
)
@click.option("--title", default="", help="The document's title as printed.")
@click.option("--url", default="", help="Where the document was published, if known.")
def source_add_command(path: str, municipalities: Sequence[str], title: str, url: str) -> None:
    """Copy PATH into sources/ as NNN_<first 16 hex digits of its SHA-256>.txt and
    add its manifest entry (file, municipality, title, URL, SHA-256).

    The file is copied byte for byte (it must be UTF-8 text) and never edited
    afterwards; a text already registered is refused. Put the printed file
    name and SHA-256 in the document's d:source.

    \b
    Example:
      policygraph source add ~/egedal.txt --municipality Egedal \\
          --title "Psykiatripolitik 2025-2028" --url https://www.egedal.dk/...
    """
    from ..steward.new import find_municipality
    from ..steward.new import municipalities as known_municipalities
    from ..steward.sources import add_source

    known = known_municipalities()
    codes = tuple(find_municipality(m, known).code for m in municipalities)
    entry = add_source(Path(path), codes, title, url, _sources_dir())
    click.echo(f"registered sources/{entry.file}")
    click.echo(f'  pg:fileName "{entry.file}" ;')
    click.echo(f'  pg:sha256 "{entry.sha256}" .')


@source_group.command("list", short_help="Show the source manifest.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def source_list_command(fmt: str) -> None:
    """Show sources/manifest.csv: file, municipality, title, URL and SHA-256
    (the table leaves the digest out; csv and json have it).

    \b
    Example:
      policygraph source list --format csv
    """
    from ..steward.sources import read_manifest

    entries = read_manifest(_sources_dir())
    result = QueryResult(
        columns=("file", "municipality", "title", "url", "sha256"),
        rows=tuple((e.file, " ".join(e.municipality), e.title, e.url, e.sha256) for e in entries),
    )
    emit(_narrow(result, "sha256") if fmt == "table" else result, fmt)


def _narrow(result: QueryResult, column: str) -> QueryResult:
    """A terminal table without ``column`` (long IRIs and digests; csv/json keep it)."""
    keep = [i for i, c in enumerate(result.columns) if c != column]
    return QueryResult(
        columns=tuple(result.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in result.rows),
    )


@main.command("vocab", short_help="Look up the IRIs to use, with their labels.")
@click.argument(
    "vocabulary",
    type=click.Choice(
        ["principles", "sdg", "chime", "themes", "organisation-kinds", "municipalities"]
    ),
)
@click.option("--search", metavar="TEXT", help="Only terms whose IRI, code or label has TEXT.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def vocab_command(vocabulary: str, search: str | None, fmt: str) -> None:
    """List the terms of VOCABULARY: how to write each (curie), its printed
    code (principle number, SDG code, kommunekode ...), its Danish and English
    label and its IRI (csv, json). --search ignores case and accents (oe finds ø).

    \b
    Example:
      policygraph vocab sdg --search "mental health"
      policygraph vocab municipalities --search Egedal --format csv
    """
    from ..steward.vocab import as_result, lookup

    result = as_result(lookup(vocabulary, search))
    emit(_narrow(result, "iri") if fmt == "table" else result, fmt)
