"""Shared fixtures: the shipped graph on each engine, and real HTTP servers.

The SPARQL server is a real ``oxigraph serve`` (from the ``oxigraph`` PyPI
package) on 127.0.0.1 and a free port, started for the test run and stopped
after. Failure modes (HTTP 500, time-outs, redirects) come from small real
HTTP servers run in a thread, not from mocks.
"""

from __future__ import annotations

import contextlib
import http.server
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import policygraph

from .documents import shipped_files, shipped_graph
from .servers import (
    Handler,
    Server,
    ServerUnavailable,
    free_port,
    http_server,
    running_oxigraph,
    running_virtuoso,
    virtuoso_binaries,
)

__all__ = ["ROOT", "Server", "answer", "http_server", "stall"]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def graph() -> policygraph.PolicyGraph:
    """The first release's documents on the default engine (pyoxigraph).

    Expectations were worked out by hand from these documents (tests/documents.py);
    another document in data/ must not change them.
    """
    return shipped_graph()


@pytest.fixture(scope="session")
def rdflib_graph() -> policygraph.PolicyGraph:
    return shipped_graph("rdflib")


@pytest.fixture(scope="session")
def loaded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An oxigraph server holding everything, pushed by ``policygraph.push``."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        report = policygraph.push(server.store_url, shipped_files(), endpoint=server.query_url)
        assert report.exit_code == 0, report
        yield server


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A Virtuoso server holding everything, pushed by ``policygraph.push`` (GSP).

    Skips where Virtuoso is not installed (CI installs it with .ci/run).
    """
    try:
        virtuoso_binaries()
    except ServerUnavailable as exc:
        pytest.skip(str(exc))
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        report = policygraph.push(server.store_url, shipped_files(), endpoint=server.query_url)
        assert report.exit_code == 0, report
        yield server


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[Server]:
    """A fresh, empty oxigraph server for one test."""
    with running_oxigraph(tmp_path / "store") as server:
        yield server


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handle


def stall(seconds: float) -> Handler:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            answer(204)(request)

    return handle


@pytest.fixture
def closed_port() -> str:
    """A URL where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory as the working directory, for commands that write beside it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
