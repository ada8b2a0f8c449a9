"""``policygraph serve``: the web application, JSON API and SPARQL endpoint."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ._base import main, open_graph, queries_option, source_options


@main.command("serve", short_help="Serve the graph: web pages, JSON API, SPARQL endpoint.")
@click.argument("data", nargs=-1, type=click.Path(exists=True))
@source_options
@queries_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port."
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds a query may run before the request is answered 504.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) one answer holds at most.",
)
@click.option(
    "--write",
    "write_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Write the ontology, vocabulary and resource pages as a static site to DIR, then exit.",
)
def serve_command(
    data: Sequence[str],
    engine: str,
    endpoint: str | None,
    timeout: float,
    queries_dir: Sequence[str],
    host: str,
    port: int,
    query_timeout: float,
    max_results: int,
    write_dir: str | None,
) -> None:
    """Serve the graph as a web application with a JSON API and a SPARQL endpoint.

    Pages for every saved query, document, municipality, principle, SDG goal and
    target, theme and partner; /api/queries (OpenAPI at /api/openapi.json); a
    read-only SPARQL 1.1 endpoint at /sparql. Binds 127.0.0.1 unless --host says
    otherwise.

    \b
    Example:
      policygraph serve
      policygraph serve --endpoint http://127.0.0.1:7878/query --port 8080
      policygraph serve --write site/
    """
    from ..web import Limits
    from ..web.server import exposure_warning, serve

    if write_dir is not None:
        from ..web.publish import write_site

        pages = write_site(open_graph(data, engine, endpoint, timeout, queries_dir), write_dir)
        click.echo(f"wrote {pages} pages (HTML and Turtle) to {write_dir}")
        return

    warning = exposure_warning(host)
    if warning:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    graph = open_graph(data, engine, endpoint, timeout, queries_dir)
    limits = Limits(timeout=query_timeout, max_results=max_results)
    serve(graph, host=host, port=port, limits=limits, announce=lambda m: click.echo(m, err=True))
