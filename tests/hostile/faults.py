"""Faulty HTTP servers on 127.0.0.1: each misbehaves in one way a real store or
endpoint can (the Graph Store Protocol and SPARQL protocol as seen from a client)."""

from __future__ import annotations

import contextlib
import http.server
import json
import time
from collections.abc import Callable, Iterator

from ..servers import http_server

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


def _send(
    request: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    request.send_response(status)
    for key, value in (headers or {}).items():
        request.send_header(key, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def _counts_zero(request: http.server.BaseHTTPRequestHandler) -> None:
    """A SPARQL endpoint that says every graph is empty (a lying count)."""
    body = json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": []}}).encode()
    _send(request, 200, body, {"Content-Type": "application/sparql-results+json"})


def _hang(request: http.server.BaseHTTPRequestHandler) -> None:
    time.sleep(20)


def _dribble(request: http.server.BaseHTTPRequestHandler) -> None:
    """Headers, then one byte of a long body every 0.2 s (each read succeeds)."""
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+json")
    request.send_header("Content-Length", "100000")
    request.end_headers()
    for _ in range(200):
        request.wfile.write(b" ")
        request.wfile.flush()
        time.sleep(0.2)


def _dribble_headers(request: http.server.BaseHTTPRequestHandler) -> None:
    """The status line and headers one byte every 0.2 s."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        time.sleep(0.2)


def _endless(request: http.server.BaseHTTPRequestHandler) -> None:
    """A 200 answer whose body never ends (no length, no end of stream)."""
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+json")
    request.end_headers()
    chunk = b"[" * 65536
    with contextlib.suppress(OSError):
        for _ in range(100_000):
            request.wfile.write(chunk)


def _close_mid_body(request: http.server.BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Length", "1000")
    request.end_headers()
    request.wfile.write(b'{"head": ')
    request.wfile.flush()
    request.close_connection = True
    request.connection.shutdown(2)


def _accept_puts_lie_counts(request: http.server.BaseHTTPRequestHandler) -> None:
    if request.command == "PUT":
        _send(request, 204)
    else:
        _counts_zero(request)


HANDLERS: dict[str, Handler] = {
    "500": lambda r: _send(r, 500, b"internal error"),
    "401": lambda r: _send(r, 401, b"", {"WWW-Authenticate": 'Basic realm="x"'}),
    "302": lambda r: _send(r, 302, b"", {"Location": "http://127.0.0.1:9/elsewhere"}),
    "hang": _hang,
    "dribble": _dribble,
    "dribble-headers": _dribble_headers,
    "endless": _endless,
    "close-mid-body": _close_mid_body,
    "not-json": lambda r: _send(r, 200, b"<html>hello</html>", {"Content-Type": "text/html"}),
    "lying-counts": _accept_puts_lie_counts,
    "accept": lambda r: _send(r, 204),
}


@contextlib.contextmanager
def faulty_server(kind: str) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 and a free port, misbehaving as ``kind``."""
    with http_server(HANDLERS[kind], protocol="HTTP/1.1") as url:
        yield url
