"""Commands for data stewards: validate, new, fmt."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .. import __version__
from ..files import write_atomically
from ..validation.model import Severity
from ._base import cache_options, main


@main.command("validate", short_help="Validate documents: syntax, SHACL, repository rules.")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["human", "json", "junit", "github", "sarif"]),
    default="human",
    show_default=True,
    help="Report format: human (grouped by file), json (docs/validation.md), junit, "
    "github (workflow annotations + step summary), sarif (GitHub code scanning).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["violation", "warning", "info"]),
    default="warning",
    show_default=True,
    help="Lowest severity that fails (the default is CI's and the test suite's).",
)
@click.option(
    "--min-severity",
    type=click.Choice(["violation", "warning", "info"]),
    default="info",
    show_default=True,
    help="Lowest severity shown; the summary still counts the others and they still fail.",
)
@click.option("-q", "--quiet", is_flag=True, help="Same as --min-severity warning.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to a file; the summary line goes to standard error.",
)
@cache_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for the SHACL runs (0: one per CPU, at most 4).",
)
def validate_command(
    paths: Sequence[str],
    fmt: str,
    fail_on: Severity,
    min_severity: Severity,
    quiet: bool,
    output: str | None,
    cache_dir: str,
    no_cache: bool,
    jobs: int,
) -> None:
    """Validate documents PATHS (files or directories; default: data/).

    Runs the syntax gate (UTF-8 without BOM, strict Turtle), then the SHACL
    shapes, then the repository rules (duplicate IRIs, undeclared pg: terms,
    principles/SDGs/themes that do not exist, TODO placeholders) and the
    fidelity rules (source text and evidence occur in the registered source,
    source digest, item numbering, English labels, draft status, issuer
    against the municipality list, valid dates). Every finding
    names its file and the line where its focus node is defined. Only local
    files are read.

    Violations and warnings fail (--fail-on warning, as in CI and the test
    suite); info findings are advice, hidden with -q. The last line counts
    the findings per severity.

    \b
    Exit codes:
      0  conforms (no finding at or above --fail-on)
      1  does not conform
      2  bad input: unreadable file, syntax error (reported as findings
         in the chosen format), no such path, unknown option
      3  the shapes or the ontology themselves are broken

    What a file's findings depend on besides the file is hashed into the keys of
    --cache-dir (the model, the shapes, the code, a document's source texts), so
    a run repeats only the work whose inputs changed: the shapes run over all
    files in one pass, the per-file rules only for changed files.

    \b
    Example:
      policygraph validate --format github data/helsingoer-psykiatripolitik.ttl
    """
    import os

    from ..validation import formats as reporting
    from ..validation import rule_catalogue, validate

    workers = jobs or min(4, os.cpu_count() or 1)
    report = validate(list(paths) or None, cache_dir=None if no_cache else cache_dir, jobs=workers)
    if quiet and min_severity == "info":
        min_severity = "warning"
    report = report.shown(min_severity)
    rules = rule_catalogue() if fmt in ("junit", "sarif") else ()
    color = fmt == "human" and not output and sys.stdout.isatty() and not reporting.no_color()
    text = reporting.render(
        report, fmt, fail_on=fail_on, rules=rules, color=color, version=__version__
    )
    if output:
        write_atomically(Path(output), text)
        click.echo(reporting.summary_line(report, fail_on), err=True)
    else:
        click.echo(text, nl=False, color=color)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(reporting.step_summary(report, fail_on=fail_on))
        except OSError as exc:
            click.echo(f"warning: cannot write the step summary: {exc.strerror}", err=True)
    sys.exit(report.exit_code(fail_on))


@main.command("new", short_help="Create a skeleton file for a new document.")
@click.option(
    "--municipality",
    required=True,
    metavar="NAME",
    help="Issuer: name, slug or kommunekode of a municipality in data/municipalities.ttl.",
)
@click.option("--title", required=True, help="The document's Danish title, as printed.")
@click.option(
    "--slug", help="Document slug (default: municipality + title, e.g. herlev-psykiatripolitik)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to create (default: data/<slug>.ttl). Never overwritten.",
)
def new_command(municipality: str, title: str, slug: str | None, output: str | None) -> None:
    """Create the skeleton of a new document file.

    The skeleton has the prefixes, the document IRI and one focus area with one
    initiative to fill in; every TODO marks what is missing. It fails
    'policygraph validate' until they are done. Exit 2 if the file exists or
    the municipality is unknown. The example writes
    data/herlev-psykiatripolitik-2025-2028.ttl.

    \b
    Example:
      policygraph new --municipality Herlev --title "Psykiatripolitik 2025-2028"
    """
    from ..steward.new import new_document

    path = new_document(municipality, title, Path(output) if output else None, slug)
    click.echo(f"wrote {path}; fill in every TODO, then: policygraph validate {path}")


@main.command("fmt", short_help="Rewrite Turtle in the canonical layout (or --check).")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file would change.")
def fmt_command(paths: Sequence[str], check: bool) -> None:
    """Rewrite Turtle files PATHS in the canonical layout (never changing their graph).

    Sorted prefixes (only those used), the document first and items in reading
    order, alignments after their item, one predicate per line, sorted objects,
    the header comment kept. Writes atomically.

    \b
    Exit codes:
      0  nothing to change (or files rewritten)
      1  --check: some files would change (they are listed)
      2  bad input: no such file, not Turtle, syntax error

    \b
    Example:
      policygraph fmt --check data/
    """
    from ..turtle.canonical import format_paths

    results = format_paths(list(paths))
    changed = [r for r in results if r.changed]
    if check:
        for r in changed:
            click.echo(f"would reformat {r.path}")
        click.echo(
            f"{len(changed)} file(s) would be reformatted, "
            f"{len(results) - len(changed)} already canonical.",
            err=True,
        )
        sys.exit(1 if changed else 0)
    for r in changed:
        write_atomically(r.path, r.text, rewrite=True)
        click.echo(f"reformatted {r.path}")
    click.echo(
        f"{len(changed)} file(s) reformatted, {len(results) - len(changed)} already canonical.",
        err=True,
    )
