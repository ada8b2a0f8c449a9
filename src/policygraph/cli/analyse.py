"""The network analyses and the static report (the work is in policygraph.analysis and
policygraph.report, imported only when a command runs, so that starting the CLI stays fast)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..files import write_atomically
from ._base import emit, format_option, main, open_graph, source_options

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
@format_option
@source_options
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
    from ..analysis import similarity

    result = similarity(
        open_graph(data, engine, endpoint, timeout),
        by=by,
        facets=tuple(facets) or _FACETS,
        include_superseded=include_superseded,
    )
    emit(result.matrix_result(metric) if matrix else result.pairs_result(metric), fmt, output)


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
@format_option
@source_options
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
    from ..analysis import partner_network

    network = partner_network(
        open_graph(data, engine, endpoint, timeout), include_superseded=include_superseded
    )
    tables = {
        "shared": network.shared_result,
        "pairs": network.pairs_result,
        "links": network.links_result,
        "centrality": network.centrality_result,
    }
    emit(tables[show](), fmt, output)


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
@format_option
@source_options
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
    from ..analysis import communities, communities_result

    found = communities(
        open_graph(data, engine, endpoint, timeout),
        facets=tuple(facets) or ("theme", "principle"),
        seed=seed,
        resolution=resolution,
        include_superseded=include_superseded,
    )
    emit(communities_result(found), fmt, output)


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
@format_option
@source_options
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
    from ..analysis import coverage

    result = coverage(open_graph(data, engine, endpoint, timeout), kind=kind, by=by)
    emit(result.to_result(basis), fmt, output)


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
@source_options
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
    from ..analysis import export_network

    text = export_network(open_graph(data, engine, endpoint, timeout), fmt)
    if output:
        write_atomically(Path(output), text)
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
    from ..report import write_report

    click.echo(write_report(output, list(data) or None))
