"""The network analyses and the static report (the work is in policygraph.analysis and
policygraph.report, imported only when a command runs, so that starting the CLI stays fast)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from ._base import (
    cache_options,
    emit,
    emit_text,
    format_option,
    main,
    open_graph,
    output_option,
    source_options,
)

if TYPE_CHECKING:
    from ..graph import PolicyGraph

# The same names as policygraph.analysis.FACETS, spelled out so that starting the CLI
# does not import networkx.
_FACETS = ("principle", "chime", "theme", "sdg")


def _graph_source(*, table: bool = True) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """What every analysis takes: DATA files, the source options (--engine, --endpoint,
    --timeout), ``-o`` and, for a ``table`` command, ``--format``. The command gets the
    opened graph as its first argument. Put it last (next to ``def``), so that the
    command's own options come first in ``--help``."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def run(
            data: Sequence[str], engine: str, endpoint: str | None, timeout: float, **kwargs: Any
        ) -> None:
            command(open_graph(data, engine, endpoint, timeout), **kwargs)

        wrapped: Callable[..., None] = source_options(output_option(run))
        if table:
            wrapped = format_option(wrapped)
        return click.argument("data", nargs=-1, type=click.Path())(wrapped)

    return decorate


def _facet_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option("--facet", "facets", multiple=True, type=click.Choice(_FACETS), help=help)


def _superseded_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option("--include-superseded", is_flag=True, help=help)


_COUNT_DRAFTS = "Count drafts a later version revises."
#: Pairs a similarity table shows unless --top or --all says otherwise.
SIMILAR_PAIRS_SHOWN = 50
_by_option = click.option(
    "--by",
    type=click.Choice(["municipality", "document"]),
    default="municipality",
    show_default=True,
    help="Compare municipalities or documents.",
)


@main.group("analyse", short_help="Network analyses: similarity, partners, communities, coverage.")
def analyse_group() -> None:
    """Network analyses: similarity, partners, communities, coverage, export.

    \b
    Example:
      policygraph analyse similarity --by municipality
    """


@analyse_group.command("similarity")
@_by_option
@_facet_option("Compare over these links only; repeat for several (default: all four).")
@click.option(
    "--metric",
    type=click.Choice(["jaccard", "cosine"]),
    default="jaccard",
    show_default=True,
    help="Rank pairs by (or show the matrix of) this measure.",
)
@click.option("--matrix", is_flag=True, help="Show the full matrix instead of ranked pairs.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    help=f"Show the N most similar pairs (default: {SIMILAR_PAIRS_SHOWN} in a table, "
    "every pair in the other formats).",
)
@click.option("--all", "every", is_flag=True, help="Show every pair, also in a table.")
@_superseded_option(_COUNT_DRAFTS)
@_graph_source()
def analyse_similarity_command(
    graph: PolicyGraph,
    by: str,
    facets: Sequence[str],
    metric: str,
    matrix: bool,
    top: int | None,
    every: bool,
    include_superseded: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Which municipalities (or documents) link to the same principles, themes and SDGs.

    Jaccard compares the sets of linked concepts, cosine how often each is linked.
    Pairs are ranked most similar first. The number of pairs grows with the square of
    the municipalities (4,753 for 98), so a table shows the 50 most similar and says how
    many there are; --top N shows N, --all (and every format other than table) all.

    \b
    Example:
      policygraph analyse similarity --by document --metric cosine --format csv
    """
    from ..analysis import similarity

    if top is not None and every:
        raise click.UsageError("give either --top or --all, not both.")
    if matrix and (top is not None or every):
        raise click.UsageError("--top and --all rank pairs; --matrix shows every cell.")
    result = similarity(
        graph,
        by=by,
        facets=tuple(facets) or _FACETS,
        include_superseded=include_superseded,
    )
    if matrix:
        emit(result.matrix_result(metric), fmt, output)
        return
    if top is None and not every and fmt == "table":
        top = SIMILAR_PAIRS_SHOWN
    emit(result.pairs_result(metric, top=top), fmt, output)
    if top is not None and top < result.pair_count:
        click.echo(
            f"the {top:,} most similar of {result.pair_count:,} pairs; "
            "--top N shows more, --all (or --format csv) every pair.",
            err=True,
        )


@analyse_group.command("partners")
@click.option(
    "--show",
    type=click.Choice(["shared", "pairs", "links", "centrality"]),
    default="shared",
    show_default=True,
    help="shared: partners named by 2+ municipalities; pairs: what each pair shares; "
    "links: who works with whom; centrality: degree and betweenness.",
)
@_superseded_option(_COUNT_DRAFTS)
@_graph_source()
def analyse_partners_command(
    graph: PolicyGraph, show: str, include_superseded: bool, fmt: str, output: str | None
) -> None:
    """The municipality–partner network: shared partners, pairs, links, centrality.

    \b
    Example:
      policygraph analyse partners --show pairs
    """
    from ..analysis import partner_network

    network = partner_network(graph, include_superseded=include_superseded)
    tables = {
        "shared": network.shared_result,
        "pairs": network.pairs_result,
        "links": network.links_result,
        "centrality": network.centrality_result,
    }
    emit(tables[show](), fmt, output)


@analyse_group.command("communities")
@_facet_option("Group by these links; repeat for several (default: theme and principle).")
@click.option("--seed", type=int, default=20240601, show_default=True, help="Louvain seed.")
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Louvain resolution: above 1 gives more, smaller communities.",
)
@_superseded_option("Include drafts a later version revises.")
@_graph_source()
def analyse_communities_command(
    graph: PolicyGraph,
    facets: Sequence[str],
    seed: int,
    resolution: float,
    include_superseded: bool,
    fmt: str,
    output: str | None,
) -> None:
    """Communities of initiatives that share principles and themes (Louvain).

    \b
    Example:
      policygraph analyse communities --resolution 1.2
    """
    from ..analysis import communities, communities_result

    found = communities(
        graph,
        facets=tuple(facets) or ("theme", "principle"),
        seed=seed,
        resolution=resolution,
        include_superseded=include_superseded,
    )
    emit(communities_result(found), fmt, output)


@analyse_group.command("coverage")
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
@_graph_source()
def analyse_coverage_command(
    graph: PolicyGraph, kind: str, by: str, basis: str, fmt: str, output: str | None
) -> None:
    """Links per concept and municipality (or document), explicit and curated apart.

    \b
    Example:
      policygraph analyse coverage --kind sdg --basis any --format csv
    """
    from ..analysis import coverage

    result = coverage(graph, kind=kind, by=by)
    emit(result.to_result(basis), fmt, output)


@analyse_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json"]),
    default="graphml",
    show_default=True,
    help="GraphML or GEXF (Gephi, Cytoscape) or node-link JSON.",
)
@_graph_source(table=False)
def analyse_export_command(graph: PolicyGraph, fmt: str, output: str | None) -> None:
    """Export the typed network projection of the graph.

    \b
    Example:
      policygraph analyse export --format gexf -o policygraph.gexf
    """
    from ..analysis import export_network

    text = export_network(graph, fmt)
    emit_text(text, output)


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
@cache_options
def report_command(data: Sequence[str], output: str, cache_dir: str, no_cache: bool) -> None:
    """Write a static HTML report (DIR/index.html) with figures: coverage, similarity,
    partner network, communities and data-quality findings. Works offline.

    \b
    Example:
      policygraph report -o report
    """
    from ..report import write_report

    click.echo(
        write_report(
            output,
            list(data) or None,
            cache_dir=None if no_cache else cache_dir,
            jobs=min(4, os.cpu_count() or 1),
        )
    )
