"""Start and stop real SPARQL servers, ``oxigraph serve`` and Virtuoso (tests and bench/)."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    candidate = Path(sys.executable).parent / "oxigraph"
    found = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if not found:
        raise ServerUnavailable("the 'oxigraph' server (PyPI package oxigraph) is not installed")
    return found


class ServerUnavailable(RuntimeError):
    """The server's program is not installed here (tests skip, with this as the reason)."""


@dataclass(frozen=True)
class Server:
    """A running SPARQL server: its base URL and the paths of its two endpoints."""

    base: str
    query_path: str = "/query"
    store_path: str = "/store"

    @property
    def query_url(self) -> str:
        return self.base + self.query_path

    @property
    def store_url(self) -> str:
        return self.base + self.store_path


@contextlib.contextmanager
def running_oxigraph(location: Path) -> Iterator[Server]:
    """``oxigraph serve`` on 127.0.0.1 and a free port, union default graph; stopped after."""
    port = free_port()
    process = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"oxigraph serve did not start: {error}") from None
                time.sleep(0.1)
        yield Server(base)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


@contextlib.contextmanager
def running_app(app: object) -> Iterator[str]:
    """An ASGI application under a real uvicorn server on 127.0.0.1 and a free port.

    The server runs in a thread of this process (so it can serve a graph the
    tests already hold) and is stopped after; yields the base URL.
    """
    import threading

    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


# ---------------------------------------------------------------------------
# Virtuoso Open Source (Debian package virtuoso-opensource, installed by .ci/run)
# ---------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxClientConnections = 10
ThreadsPerQuery = 2
DirsAllowed = .
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
; The default (10000) silently truncates larger answers.
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 400
"""

# Anonymous SPARQL and Graph Store Protocol writes (the SPARQL account is the
# one behind /sparql and /sparql-graph-crud), as documented for Virtuoso 7.
VIRTUOSO_GRANTS = (
    'grant SPARQL_UPDATE to "SPARQL";',
    "DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);",
)


def virtuoso_binaries() -> tuple[str, str]:
    """``virtuoso-t`` and its isql client (``isql-vt`` on Debian)."""
    server = shutil.which("virtuoso-t")
    client = shutil.which("isql-vt") or shutil.which("isql")
    if not server or not client:
        raise ServerUnavailable(
            "Virtuoso is not installed (Debian package virtuoso-opensource; .ci/run installs it)"
        )
    return server, client


@contextlib.contextmanager
def running_virtuoso(location: Path) -> Iterator[Server]:
    """``virtuoso-t`` in the foreground with a generated ini on free 127.0.0.1 ports.

    Its default graph is the union of every graph, including Virtuoso's own
    system graphs; the saved queries only match policygraph terms (see
    docs/queries.md). Stopped (and its files left in ``location``) after.
    """
    server, client = virtuoso_binaries()
    location.mkdir(parents=True, exist_ok=True)
    sql_port = free_port()
    http_port = free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = location / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=location, sql_port=sql_port, http_port=http_port),
        encoding="utf-8",
    )
    log = (location / "stdout.log").open("wb")
    process = subprocess.Popen(
        [server, "+foreground", "+configfile", str(ini)],
        cwd=location,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "virtuoso-t did not start: "
                        + (location / "stdout.log").read_text(errors="replace")[-2000:]
                    ) from None
                time.sleep(0.25)
        granted = subprocess.run(
            [client, f"127.0.0.1:{sql_port}", "dba", "dba", "exec=" + " ".join(VIRTUOSO_GRANTS)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if granted.returncode != 0 or "Error" in granted.stdout + granted.stderr:
            raise RuntimeError(f"granting SPARQL rights failed: {granted.stdout}{granted.stderr}")
        yield Server(base, query_path="/sparql", store_path="/sparql-graph-crud")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextlib.contextmanager
def http_server(handler: Handler, *, protocol: str = "HTTP/1.0") -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 and a free port answering every request with
    ``handler`` (a client that hangs up mid-answer is not an error of the server)."""

    class _Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = protocol

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with contextlib.suppress(OSError):
                handler(self)
            self.close_connection = True

        do_GET = do_POST = do_PUT = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
