"""The ``policygraph`` command: a thin click layer over the library.

Exit codes (also in the README):
  0 success / conforms
  1 does not conform (validate, or push skipped a non-conforming document)
  2 bad input: usage, unreadable file, syntax error, bad parameter
  3 the shapes, ontology or a saved query are broken
  4 endpoint or graph store error: nothing (more) was written
  5 outcome unknown: a write was sent but not answered
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, PolicyGraphError
from .graph import EXPORT_FORMATS, PolicyGraph, connect, load
from .queries import saved_queries
from .results import QueryResult

FORMATS = ("table", "csv", "tsv", "json")


class _Group(click.Group):
    """Turns every PolicyGraphError into one message and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyGraphError as exc:
            _fail(str(exc), exc.exit_code)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def _fail(message: str, code: int) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policygraph")
def main() -> None:
    """Validate and query the knowledge graph of Danish municipal psychiatry policies.

    Exit codes: 0 ok, 1 does not conform, 2 bad input, 3 broken shapes/ontology/query,
    4 endpoint error (nothing written), 5 write outcome unknown.
    """


def _graph(
    data: Sequence[str],
    engine: str,
    endpoint: str | None,
    timeout: float,
    queries_dir: Sequence[str] = (),
) -> PolicyGraph:
    if endpoint:
        if data:
            raise click.UsageError("give either --endpoint or DATA files, not both.")
        return connect(endpoint, timeout=timeout, queries=queries_dir)
    return load(list(data) or None, engine=engine, queries=queries_dir)


def _emit(result: QueryResult, fmt: str, output: str | None = None) -> None:
    if fmt == "csv":
        text = result.to_csv()
    elif fmt == "tsv":
        text = result.to_csv(delimiter="\t")
    elif fmt == "json":
        text = result.to_json() + "\n"
    else:
        text = result.to_table(width=_width()) + "\n"
    if output:
        _write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)


def _width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((80, 24)).columns)


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file, so an existing file is never left half-written."""
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        _fail(
            f"cannot write {path}: {exc.strerror}; choose a writable path with -o.", EXIT_BAD_INPUT
        )


_engine_option = click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Embedded query engine.",
)
_endpoint_option = click.option(
    "--endpoint", metavar="URL", help="Query a remote SPARQL 1.1 endpoint instead of local files."
)
_timeout_option = click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Endpoint time-out in seconds."
)


def _source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--engine, --endpoint and --timeout: where the graph comes from."""
    for option in (_timeout_option, _endpoint_option, _engine_option):
        command = option(command)
    return command


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
_queries_option = click.option(
    "--queries",
    "queries_dir",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Extra directory of saved .rq queries.",
)


@main.command("queries", short_help="List the saved queries and their parameters.")
@_queries_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
def queries_command(queries_dir: Sequence[str], fmt: str) -> None:
    """List the saved queries with their parameters.

    \b
    Example:
      policygraph queries
    """
    found = saved_queries(*queries_dir)
    if fmt == "markdown":
        click.echo(_queries_markdown(found), nl=False)
        return
    rows = tuple(
        (
            q.name,
            q.summary,
            ", ".join(f"{p.name}:{p.type}" + ("" if p.required else "?") for p in q.params),
        )
        for q in found
    )
    result = QueryResult(columns=("name", "summary", "parameters"), rows=rows)
    if fmt == "json":
        import json

        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "summary": q.summary,
                        "description": q.description,
                        "tags": list(q.tags),
                        "example": q.example,
                        "params": [
                            {
                                "name": p.name,
                                "type": p.type,
                                "required": p.required,
                                "default": p.default,
                                "description": p.description,
                                **dict(p.options),
                            }
                            for p in q.params
                        ],
                    }
                    for q in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    _emit(result, "table")


def _queries_markdown(found: Sequence[Any]) -> str:
    lines = [
        "# Saved queries",
        "",
        "Generated by `policygraph queries --format markdown` (`make docs`); do not edit by hand.",
        "",
    ]
    for q in found:
        lines += [f"## `{q.name}`", "", q.summary, ""]
        if q.description:
            lines += [q.description, ""]
        if q.params:
            lines += [
                "| parameter | type | required | default | description |",
                "|---|---|---|---|---|",
            ]
            for p in q.params:
                default = "" if p.default is None else f"`{p.default}`"
                lines.append(
                    f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | "
                    f"{default} | {p.description} |"
                )
            lines.append("")
        if q.tags:
            lines += ["Tags: " + ", ".join(q.tags), ""]
        if q.example:
            lines += ["```sh", q.example, "```", ""]
    return "\n".join(lines)


def _parse_params(values: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                f"{item!r} is not NAME=VALUE (e.g. -p principle=5).", param_hint="'-p'"
            )
        params[name.strip()] = value
    return params


@main.command("query", short_help="Run a saved query (table, CSV, TSV or JSON).")
@click.argument("name")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; repeat for several.",
)
@_format_option
@_source_options
@_queries_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
def query_command(
    name: str,
    data: Sequence[str],
    params: Sequence[str],
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    queries_dir: Sequence[str],
    output: str | None,
) -> None:
    """Run the saved query NAME over DATA (default: the shipped data).

    \b
    Example:
      policygraph query principle-initiatives -p principle=5 --format csv
    """
    graph = _graph(data, engine, endpoint, timeout, queries_dir)
    _emit(graph.query(name, **_parse_params(params)), fmt, output)


@main.command("sparql", short_help="Run an ad-hoc read-only SPARQL query.")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.argument("data", nargs=-1, type=click.Path())
@_format_option
@_source_options
def sparql_command(
    file: Any, data: Sequence[str], fmt: str, engine: str, endpoint: str | None, timeout: float
) -> None:
    """Run an ad-hoc read-only SPARQL query from FILE (or - for standard input).

    \b
    Example:
      policygraph sparql - <<< 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    text = file.read()
    graph = _graph(data, engine, endpoint, timeout)
    _emit(graph.sparql(text), fmt)


@main.command("export", short_help="Export as Turtle, N-Triples, TriG, N-Quads or JSON-LD.")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="ttl", show_default=True
)
@click.option("--with-model", is_flag=True, help="Include the ontology and vocabularies.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
def export_command(data: Sequence[str], fmt: str, with_model: bool, output: str | None) -> None:
    """Export the graph as Turtle, N-Triples, TriG (a graph per file), N-Quads or JSON-LD.

    \b
    Example:
      policygraph export --format trig -o policygraph.trig
    """
    text = load(list(data) or None).export(fmt, include_model=with_model)
    if output:
        _write_atomically(Path(output), text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("stats", short_help="Counts per document.")
@click.argument("data", nargs=-1, type=click.Path())
@_format_option
@_source_options
def stats_command(
    data: Sequence[str], fmt: str, engine: str, endpoint: str | None, timeout: float
) -> None:
    """Per document: focus areas, objectives, initiatives, alignments, partners, triples.

    \b
    Example:
      policygraph stats --format json
    """
    result = _graph(data, engine, endpoint, timeout).stats_result()
    if fmt == "table":
        # Short headers and no title, so the table fits an 80-column terminal.
        headers = ("document", "focus", "obj", "init", "explicit", "curated", "partners", "triples")
        keep = [i for i, c in enumerate(result.columns) if c != "title"]
        result = QueryResult(headers, tuple(tuple(r[i] for i in keep) for r in result.rows))
    _emit(result, fmt)


@main.command("diff", short_help="Items added, removed, reworded between two versions.")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def diff_command(old: str, new: str, fmt: str) -> None:
    """Items added, removed and reworded from document OLD to NEW (slugs or IRIs).

    \b
    Example:
      policygraph diff ballerup-psykiatripolitik-udkast ballerup-psykiatripolitik
    """
    from .revisions import diff

    result = diff(old, new)
    rows = tuple(
        (
            c.change,
            c.kind,
            c.notation,
            str(c.item or c.previous).rsplit("/", 1)[-1],
            c.text if c.change != "removed" else c.previous_text,
        )
        for c in result.changes
    )
    table = QueryResult(columns=("change", "kind", "notation", "item", "text"), rows=rows)
    _emit(table, fmt)
    if fmt == "table":
        click.echo(
            f"{len(result.added)} added, {len(result.removed)} removed, "
            f"{len(result.reworded)} reworded, {result.unchanged} unchanged"
        )


@main.command("push", short_help="Validate, then upload each document to a graph store.")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--store",
    "store",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.",
)
@click.option("--endpoint", metavar="URL", help="Query endpoint used to verify the counts.")
@_timeout_option
@click.option("--user", metavar="USER:PASSWORD", help="HTTP basic credentials.")
def push_command(
    data: Sequence[str], store: str, endpoint: str | None, timeout: float, user: str | None
) -> None:
    """Validate, then upload each document into its own named graph (one PUT each).

    Exit 0 all written, 1 a non-conforming document was skipped, 4 the store failed
    (the summary lists what was written), 5 a write was sent but not answered.

    \b
    Example:
      policygraph push --store http://127.0.0.1:7878/store --endpoint http://127.0.0.1:7878/query
    """
    from .publish import push

    auth = None
    if user:
        name, sep, password = user.partition(":")
        if not sep:
            raise click.BadParameter("give USER:PASSWORD.", param_hint="'--user'")
        auth = (name, password)

    def progress(outcome: Any) -> None:
        colour = {"written": "green", "skipped": "yellow"}.get(outcome.status, "red")
        click.secho(
            f"{outcome.status:>8}  {outcome.graph}  ({outcome.triples} triples)",
            fg=colour,
            err=True,
        )

    report = push(
        endpoint, store, list(data) or None, timeout=timeout, auth=auth, progress=progress
    )
    for outcome in report.outcomes:
        if outcome.status != "written" and outcome.detail:
            click.echo(f"{outcome.file}: {outcome.detail}", err=True)
    written = [o for o in report.outcomes if o.status == "written"]
    click.echo(
        f"{len(written)} graph(s) written ({sum(o.triples for o in written)} triples), "
        f"{report.count('skipped')} skipped, {report.count('failed')} failed, "
        f"{report.count('unknown')} unknown, {report.count('not-sent')} not sent."
    )
    sys.exit(report.exit_code)


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
    default="violation",
    show_default=True,
    help="Lowest severity that fails.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the report to a file; the summary line goes to standard error.",
)
def validate_command(paths: Sequence[str], fmt: str, fail_on: str, output: str | None) -> None:
    """Validate documents PATHS (files or directories; default: data/).

    Runs the syntax gate (UTF-8 without BOM, strict Turtle), then the SHACL
    shapes, then the repository rules (duplicate IRIs, undeclared pg: terms,
    principles/SDGs/themes that do not exist, TODO placeholders). Every finding
    names its file and the line where its focus node is defined. Only local
    files are read.

    \b
    Exit codes:
      0  conforms (no finding at or above --fail-on)
      1  does not conform
      2  bad input: unreadable file, syntax error (reported as findings
         in the chosen format), no such path, unknown option
      3  the shapes or the ontology themselves are broken

    \b
    Example:
      policygraph validate --format github data/helsingoer-psykiatripolitik.ttl
    """
    import os

    from . import reporting
    from .validation import rule_catalogue, validate

    report = validate(list(paths) or None)
    rules = rule_catalogue() if fmt in ("junit", "sarif") else ()
    color = fmt == "human" and not output and sys.stdout.isatty() and not reporting.no_color()
    text = reporting.render(
        report, fmt, fail_on=fail_on, rules=rules, color=color, version=__version__
    )
    if output:
        _write_atomically(Path(output), text)
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
    from .steward import new_document

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
    from .formatting import format_paths, write_atomically

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
        try:
            write_atomically(r.path, r.text)
        except OSError as exc:
            _fail(f"cannot write {r.path}: {exc.strerror}.", EXIT_BAD_INPUT)
        click.echo(f"reformatted {r.path}")
    click.echo(
        f"{len(changed)} file(s) reformatted, {len(results) - len(changed)} already canonical.",
        err=True,
    )


# -- analyses and the report (the work is in policygraph.analysis and policygraph.report) --

# The same names as policygraph.analysis.FACETS, spelled out so that starting the CLI
# does not import networkx.
_FACETS = ("principle", "chime", "theme", "sdg")
_by_option = click.option(
    "--by",
    type=click.Choice(["municipality", "document"]),
    default="municipality",
    show_default=True,
    help="Compare municipalities or documents.",
)
_output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to a file."
)


@main.group("analyse", short_help="Network analyses: similarity, partners, communities, coverage.")
def analyse_group() -> None:
    """Network analyses: similarity, partners, communities, coverage, export.

    \b
    Example:
      policygraph analyse similarity --by municipality
    """


@analyse_group.command("similarity")
@click.argument("data", nargs=-1, type=click.Path())
@_by_option
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(_FACETS),
    help="Compare over these links only; repeat for several (default: all four).",
)
@click.option(
    "--metric",
    type=click.Choice(["jaccard", "cosine"]),
    default="jaccard",
    show_default=True,
    help="Rank pairs by (or show the matrix of) this measure.",
)
@click.option("--matrix", is_flag=True, help="Show the full matrix instead of ranked pairs.")
@click.option("--include-superseded", is_flag=True, help="Count drafts a later version revises.")
@_format_option
@_source_options
@_output_option
def analyse_similarity_command(
    data: Sequence[str],
    by: str,
    facets: Sequence[str],
    metric: str,
    matrix: bool,
    include_superseded: bool,
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    output: str | None,
) -> None:
    """Which municipalities (or documents) link to the same principles, themes and SDGs.

    Jaccard compares the sets of linked concepts, cosine how often each is linked.

    \b
    Example:
      policygraph analyse similarity --by document --metric cosine --format csv
    """
    from .analysis import similarity

    result = similarity(
        _graph(data, engine, endpoint, timeout),
        by=by,
        facets=tuple(facets) or _FACETS,
        include_superseded=include_superseded,
    )
    _emit(result.matrix_result(metric) if matrix else result.pairs_result(metric), fmt, output)


@analyse_group.command("partners")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--show",
    type=click.Choice(["shared", "pairs", "links", "centrality"]),
    default="shared",
    show_default=True,
    help="shared: partners named by 2+ municipalities; pairs: what each pair shares; "
    "links: who works with whom; centrality: degree and betweenness.",
)
@click.option("--include-superseded", is_flag=True, help="Count drafts a later version revises.")
@_format_option
@_source_options
@_output_option
def analyse_partners_command(
    data: Sequence[str],
    show: str,
    include_superseded: bool,
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    output: str | None,
) -> None:
    """The municipality–partner network: shared partners, pairs, links, centrality.

    \b
    Example:
      policygraph analyse partners --show pairs
    """
    from .analysis import partner_network

    network = partner_network(
        _graph(data, engine, endpoint, timeout), include_superseded=include_superseded
    )
    tables = {
        "shared": network.shared_result,
        "pairs": network.pairs_result,
        "links": network.links_result,
        "centrality": network.centrality_result,
    }
    _emit(tables[show](), fmt, output)


@analyse_group.command("communities")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(_FACETS),
    help="Group by these links; repeat for several (default: theme and principle).",
)
@click.option("--seed", type=int, default=20240601, show_default=True, help="Louvain seed.")
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Louvain resolution: above 1 gives more, smaller communities.",
)
@click.option("--include-superseded", is_flag=True, help="Include drafts a later version revises.")
@_format_option
@_source_options
@_output_option
def analyse_communities_command(
    data: Sequence[str],
    facets: Sequence[str],
    seed: int,
    resolution: float,
    include_superseded: bool,
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    output: str | None,
) -> None:
    """Communities of initiatives that share principles and themes (Louvain).

    \b
    Example:
      policygraph analyse communities --resolution 1.2
    """
    from .analysis import communities, communities_result

    found = communities(
        _graph(data, engine, endpoint, timeout),
        facets=tuple(facets) or ("theme", "principle"),
        seed=seed,
        resolution=resolution,
        include_superseded=include_superseded,
    )
    _emit(communities_result(found), fmt, output)


@analyse_group.command("coverage")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--kind",
    type=click.Choice(_FACETS),
    default="principle",
    show_default=True,
    help="Rows: national principles, CHIME processes, themes or SDG goals/targets.",
)
@_by_option
@click.option(
    "--basis",
    type=click.Choice(["both", "any", "explicit", "curated"]),
    default="both",
    show_default=True,
    help="Count explicit or curated links, their sum (any), or show both as E/C.",
)
@_format_option
@_source_options
@_output_option
def analyse_coverage_command(
    data: Sequence[str],
    kind: str,
    by: str,
    basis: str,
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    output: str | None,
) -> None:
    """Links per concept and municipality (or document), explicit and curated apart.

    \b
    Example:
      policygraph analyse coverage --kind sdg --basis any --format csv
    """
    from .analysis import coverage

    result = coverage(_graph(data, engine, endpoint, timeout), kind=kind, by=by)
    _emit(result.to_result(basis), fmt, output)


@analyse_group.command("export")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json"]),
    default="graphml",
    show_default=True,
    help="GraphML or GEXF (Gephi, Cytoscape) or node-link JSON.",
)
@_source_options
@_output_option
def analyse_export_command(
    data: Sequence[str],
    fmt: str,
    engine: str,
    endpoint: str | None,
    timeout: float,
    output: str | None,
) -> None:
    """Export the typed network projection of the graph.

    \b
    Example:
      policygraph analyse export --format gexf -o policygraph.gexf
    """
    from .analysis import export_network

    text = export_network(_graph(data, engine, endpoint, timeout), fmt)
    if output:
        _write_atomically(Path(output), text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("report", short_help="Write the static HTML report with figures.")
@click.argument("data", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    default="report",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory to write (new, empty, or an earlier report, which is replaced).",
)
def report_command(data: Sequence[str], output: str) -> None:
    """Write a static HTML report (DIR/index.html) with figures: coverage, similarity,
    partner network, communities and data-quality findings. Works offline.

    \b
    Example:
      policygraph report -o report
    """
    from .report import write_report

    click.echo(write_report(output, list(data) or None))
