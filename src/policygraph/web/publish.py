"""The resource pages as a static site: ontology, vocabularies and data, for publishing.

``write_site(graph, "site")`` writes what the application serves for the
project's IRIs — ``def/index.html`` (the ontology, one anchor per term),
``id/<path>/index.html`` for every resource under
``https://w3id.org/policygraph/id/``, ``sdg/<code>/index.html`` for the SDG
goals and targets the data uses — each with its Turtle beside it
(``index.ttl``), plus the stylesheet. Pages are rendered by the application
itself (in-process ASGI calls, no server), without the links that only a
running application can answer (query forms, SPARQL, API). The folder is built
beside the target and replaces it in one rename, so an earlier site is never
left half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

import anyio

from ..errors import ParameterError
from ..files import replace_directory
from ..graph import PolicyGraph
from .app import HERE, create_app
from .pages import local_path

MARKER = ".policygraph-site"
_SUBJECTS = """
SELECT DISTINCT ?s WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "https://w3id.org/policygraph/id/")
                       || STRSTARTS(STR(?s), "http://metadata.un.org/sdg/")))
}"""


def write_site(graph: PolicyGraph, out_dir: str | Path) -> int:
    """Write the static site to ``out_dir``; returns the number of pages written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out} is a file; give a directory for the site.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ParameterError(
            f"{out} is not empty and holds no earlier site, so it is not replaced; "
            "choose a new or empty directory."
        )
    paths = ["/def"]
    for row in graph.sparql(_SUBJECTS).rows:
        path = local_path(str(row[0]))
        if path and path != "/def":
            paths.append(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        os.chmod(build, 0o755)
        pages = anyio.run(_render_all, graph, sorted(set(paths)), build)
        shutil.copytree(HERE / "static", build / "static")
        (build / MARKER).write_text("policygraph static site\n", encoding="utf-8")
        replace_directory(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return pages


async def _render_all(graph: PolicyGraph, paths: list[str], build: Path) -> int:
    app = create_app(graph)
    written = 0
    for path in paths:
        folder = build / urllib.parse.unquote(path).lstrip("/")
        folder.mkdir(parents=True, exist_ok=True)
        status, html = await _get(app, path, "text/html")
        if status != 200:
            continue
        (folder / "index.html").write_bytes(html)
        _, turtle = await _get(app, path, "text/turtle")
        (folder / "index.ttl").write_bytes(turtle)
        written += 1
    return written


async def _get(app: Any, path: str, accept: str) -> tuple[int, bytes]:
    """One in-process GET through the whole application (middleware included)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "server": ("w3id.org", 443),
        "client": ("127.0.0.1", 0),
        "root_path": "",
        "path": urllib.parse.unquote(path),
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"accept", accept.encode()), (b"host", b"w3id.org")],
        "policygraph.static": True,
    }
    status = 0
    body = bytearray()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, bytes(body)


__all__ = ["MARKER", "write_site"]
