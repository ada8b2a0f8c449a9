"""The ASGI application: :func:`create_app` over a :class:`~policygraph.PolicyGraph`."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__, templating
from ..graph import PolicyGraph
from . import api, endpoint, pages
from .http import CSP, Guard, QueryGate, problem_response
from .service import Limits, RequestProblem, Service

HERE = Path(__file__).resolve().parent


def create_app(graph: PolicyGraph, *, limits: Limits | None = None) -> Starlette:
    """The web application over ``graph`` (embedded, or remote with :func:`connect`).

    >>> app = create_app(policygraph.load())  # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    limits = limits or Limits()
    service = Service(graph, limits)
    environment = templating.environment("policygraph.web")
    environment.globals["version"] = __version__

    def render(template: str, request: Request, **context: Any) -> str:
        return environment.get_template(template).render(
            request=request,
            path=request.url.path,
            static=bool(request.scope.get("policygraph.static")),
            **context,
        )

    report = _Report(graph)
    routes = [
        Route("/", pages.home),
        Route("/queries", pages.queries_page),
        Route("/queries/{name}", pages.query_page),
        Route("/api", api.openapi_document),
        Route("/api/openapi.json", api.openapi_document),
        Route("/api/queries", api.list_queries),
        Route("/api/queries/{name}", api.run_query),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/id/{path:path}", pages.project_resource),
        Route("/def", pages.ontology),
        Route("/sdg/{code}", pages.sdg_resource),
        Route("/resource", pages.any_resource),
        Route("/report", report.redirect),
        Route("/report/{path:path}", report.serve),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {404: "Not found", 405: "Method not allowed"}
        problem = RequestProblem(
            exc.status_code,
            titles.get(exc.status_code, "Request refused"),
            "there is nothing at this address." if exc.status_code == 404 else str(exc.detail),
        )
        return problem_response(problem, request)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            report.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(Guard, limits=limits)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.service = service
    app.state.gate = QueryGate(limits)
    app.state.render = render
    app.state.view_result = lambda result: pages.view_result(service, result)
    app.state.openapi = api.openapi(service)
    return app


def report_csp(index: str) -> str:
    """The application's CSP, plus the hashes of the report's own inline styles."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in re.findall(r"<style[^>]*>(.*?)</style>", index, flags=re.S)
    ]
    return CSP.replace("style-src 'self'", " ".join(["style-src 'self'", *hashes]))


class _Report:
    """The static report (``policygraph report``), written on first request and served.

    It lives in a temporary directory removed when the application shuts down.
    """

    def __init__(self, graph: PolicyGraph) -> None:
        self.graph = graph
        self.directory: Path | None = None
        self._lock = threading.Lock()
        self._static: StaticFiles | None = None
        self.csp = CSP

    def _build(self) -> StaticFiles:
        with self._lock:
            if self._static is None:
                from ..report import write_report

                data = [f.path for f in self.graph.files if f.role == "data"]
                if not data:
                    raise RequestProblem(
                        404,
                        "Not found",
                        "the report is written from local data files; this application "
                        "runs over a remote endpoint (run 'policygraph report' instead).",
                    )
                self.directory = Path(tempfile.mkdtemp(prefix="policygraph-report-"))
                write_report(self.directory / "report", data, graph=self.graph)
                index = (self.directory / "report" / "index.html").read_text(encoding="utf-8")
                self.csp = report_csp(index)
                self._static = StaticFiles(directory=self.directory / "report", html=True)
            return self._static

    def close(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    async def redirect(self, request: Request) -> Response:
        return Response(status_code=308, headers={"Location": "/report/"})

    async def serve(self, request: Request) -> Response:
        try:
            # Written once, validation included: no query time-out applies.
            static = await anyio.to_thread.run_sync(self._build)
        except RequestProblem as problem:
            return problem_response(problem, request)
        path = request.path_params["path"] or "index.html"
        try:
            response = await static.get_response(path, request.scope)
            response.headers["Content-Security-Policy"] = self.csp
            return response
        except HTTPException as exc:
            return problem_response(
                RequestProblem(exc.status_code, "Not found", "no such file in the report."),
                request,
            )
