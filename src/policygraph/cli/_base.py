"""The ``policygraph`` command group, its error handling and the options commands share."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

import click

from .. import __version__
from ..backends import Engine
from ..errors import EXIT_BAD_INPUT, PolicyGraphError
from ..files import write_atomically
from ..graph import PolicyGraph, connect, load
from ..results import QueryResult
from ..safetext import printable

FORMATS = ("table", "csv", "tsv", "json", "sparql-json", "sparql-xml", "sparql-csv")


class Group(click.Group):
    """Turns every PolicyGraphError into one message and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows here, not as a warning at exit
            return result
        except PolicyGraphError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            if exc.errno not in _FULL:
                raise
            # What is still buffered for stdout cannot be written either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            fail(
                f"cannot write the output: {exc.strerror}; free some space, or write it "
                "elsewhere (-o FILE).",
                EXIT_BAD_INPUT,
            )

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


#: errors of a write that found no room (a full disk, a quota, a device like /dev/full)
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def fail(message: str, code: int) -> NoReturn:
    click.secho(f"error: {printable(message)}", fg="red", err=True)
    sys.exit(code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policygraph")
def main() -> None:
    """Validate and query the knowledge graph of Danish municipal psychiatry policies.

    Exit codes: 0 ok, 1 does not conform, 2 bad input, 3 broken shapes/ontology/query,
    4 endpoint error (nothing written), 5 write outcome unknown.
    """


def open_graph(
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
    return load(list(data) or None, engine=cast(Engine, engine), queries=queries_dir)


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to a file."
)


def emit_text(text: str, output: str | None) -> None:
    """Write ``text`` to the file ``output`` (saying so on stderr), or to stdout."""
    if output:
        write_atomically(Path(output), text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def emit(result: QueryResult, fmt: str, output: str | None = None) -> None:
    if fmt == "csv":
        text = result.to_csv()
    elif fmt == "tsv":
        text = result.to_csv(delimiter="\t")
    elif fmt == "json":
        text = result.to_json() + "\n"
    elif fmt.startswith("sparql-"):
        text = result.to_sparql(fmt)
    else:
        text = result.to_table(width=width()) + "\n"
    if output:
        write_atomically(Path(output), text)
    else:
        click.echo(text, nl=False)


def width() -> int:
    import shutil

    return max(60, shutil.get_terminal_size((80, 24)).columns)


engine_option = click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Embedded query engine.",
)
endpoint_option = click.option(
    "--endpoint", metavar="URL", help="Query a remote SPARQL 1.1 endpoint instead of local files."
)
timeout_option = click.option(
    "--timeout", type=float, default=30.0, show_default=True, help="Endpoint time-out in seconds."
)


def cache_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--cache-dir and --no-cache: the validation cache (docs/validation.md)."""
    command = click.option(
        "--no-cache", is_flag=True, help="Validate everything; read and write no cache."
    )(command)
    return click.option(
        "--cache-dir",
        type=click.Path(file_okay=False),
        default=".policygraph-cache",
        show_default=True,
        envvar="POLICYGRAPH_CACHE_DIR",
        help="Keep each document's results here; an unchanged document is not validated again.",
    )(command)


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--engine, --endpoint and --timeout: where the graph comes from."""
    for option in (timeout_option, endpoint_option, engine_option):
        command = option(command)
    return command


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
labels_option = click.option(
    "--labels",
    type=click.Choice(["da", "en"]),
    help="Add a <column>_label column after each IRI column (skos:prefLabel, else "
    "dcterms:title, in this language).",
)
queries_option = click.option(
    "--queries",
    "queries_dir",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Extra directory of saved .rq queries.",
)
