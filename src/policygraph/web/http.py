"""HTTP plumbing shared by the views: problem responses, limits, security headers.

Errors are RFC 9457 ``application/problem+json`` documents (or a small HTML
page for a browser); no response ever carries a stack trace.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .formats import HTML, PROBLEM, negotiate
from .service import Limits, RequestProblem

T = TypeVar("T")
log = logging.getLogger("policygraph.web")

#: Only the application's own scripts, styles and images; no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", CSP.encode()),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
PROBLEM_BASE = "https://w3id.org/policygraph/problems/"


def problem_body(status: int, title: str, detail: str, instance: str, **extra: Any) -> bytes:
    slug = title.lower().replace(" ", "-")
    document: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    document.update({k: v for k, v in extra.items() if v is not None})
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def problem_response(problem: RequestProblem, request: Request) -> Response:
    """The problem as problem+json, or as an HTML page when a browser asked for HTML."""
    instance = request.url.path
    wants = negotiate(request.headers.get("accept"), [PROBLEM, HTML])
    is_page = not request.url.path.startswith(("/api/", "/sparql")) or (
        request.url.path == "/sparql" and wants == HTML
    )
    if is_page and wants == HTML:
        render = request.app.state.render
        body = render(
            "error.html",
            request,
            title=problem.title,
            status=problem.status,
            detail=problem.detail,
            parameter=problem.parameter,
        )
        return Response(body, problem.status, headers=problem.headers, media_type=HTML)
    return Response(
        problem_body(
            problem.status, problem.title, problem.detail, instance, parameter=problem.parameter
        ),
        problem.status,
        headers=problem.headers,
        media_type=PROBLEM,
    )


class QueryGate:
    """At most ``limits.max_concurrent`` queries at once, each under ``limits.timeout``.

    A query waits ``queue_wait`` seconds for a slot (then 503 with Retry-After);
    one that runs past the time-out is answered 504. Embedded engines cannot
    interrupt a running query: its worker thread finishes in the background,
    holding its slot until then, and its result is dropped.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._semaphore: anyio.Semaphore | None = None

    async def run(self, function: Callable[[], T]) -> T:
        if self._semaphore is None:
            self._semaphore = anyio.Semaphore(self.limits.max_concurrent)
        semaphore = self._semaphore
        with anyio.move_on_after(self.limits.queue_wait) as waiting:
            await semaphore.acquire()
        if waiting.cancelled_caught:
            raise RequestProblem(
                503,
                "Too many queries",
                f"all {self.limits.max_concurrent} query slots of the application are busy; "
                "try again in a moment.",
                headers={"Retry-After": "2"},
            )

        # The slot is freed when the work ends, not when the request gives up on it: a
        # timed-out query still running keeps its slot, so at most max_concurrent queries
        # ever run at once. Work that never started is released by the request itself.
        state = {"started": False, "abandoned": False}
        lock = threading.Lock()

        def work() -> T:
            with lock:
                if state["abandoned"]:
                    raise RuntimeError("abandoned before it started")
                state["started"] = True
            try:
                return function()
            finally:
                with contextlib.suppress(RuntimeError):  # the event loop has already closed
                    anyio.from_thread.run_sync(semaphore.release)

        try:
            with anyio.fail_after(self.limits.timeout):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise RequestProblem(
                504,
                "Query timed out",
                f"the query did not finish within {self.limits.timeout:g} s; narrow it "
                "down (parameters, LIMIT) or run it on your own copy of the graph.",
            ) from None
        finally:
            with lock:
                never_ran = not state["started"]
                state["abandoned"] = True
            if never_ran:
                semaphore.release()


class Guard:
    """Pure ASGI middleware: request limits, security headers, and a last-resort 500.

    Written without BaseHTTPMiddleware so responses stream through untouched.
    """

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path") or scope["path"].encode()
        target = len(path) + len(scope.get("query_string", b"")) + 1
        if target > self.limits.max_url:
            await _send_problem(
                send,
                414,
                "URI too long",
                f"the request target is {target} bytes; the limit is {self.limits.max_url}. "
                "POST a long SPARQL query to /sparql instead.",
                scope["path"],
            )
            return
        if scope["method"] not in ("GET", "HEAD", "POST", "OPTIONS"):
            await _send_problem(
                send,
                405,
                "Method not allowed",
                f"{scope['method']} is not accepted: this application is read-only.",
                scope["path"],
                headers=[(b"allow", b"GET, HEAD, POST, OPTIONS")],
            )
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        limit = self.limits.max_body
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await _send_problem(
                    send, 413, "Content too large", _body_detail(limit), scope["path"]
                )
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        started = False

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(k, v) for k, v in SECURITY_HEADERS]
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        *[(k, v) for k, v in extra if k not in names],
                    ],
                }
            await send(message)

        try:
            await self.app(scope, limited_receive, secured_send)
        except _BodyTooLarge:
            if not started:
                await _send_problem(
                    send, 413, "Content too large", _body_detail(limit), scope["path"]
                )
        except Exception:
            log.exception("unhandled error on %s", scope["path"])
            if not started:
                await _send_problem(
                    send,
                    500,
                    "Internal error",
                    "the application failed on this request; the server log has the details.",
                    scope["path"],
                )


class _BodyTooLarge(Exception):
    pass


def _body_detail(limit: int) -> str:
    return f"the request body is larger than {limit} bytes, the limit of this application."


async def _send_problem(
    send: Send,
    status: int,
    title: str,
    detail: str,
    instance: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = problem_body(status, title, detail, instance)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM.encode()),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def query_lists(request: Request) -> dict[str, list[str]]:
    """The query string as name -> every value given (in order)."""
    found: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        found.setdefault(key, []).append(value)
    return found


def seconds(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:g}"


Handler = Callable[[Request], Awaitable[Response]]


def handles_problems(view: Handler) -> Handler:
    """Turn a :class:`RequestProblem` raised by ``view`` into its response."""

    async def wrapped(request: Request) -> Response:
        try:
            return await view(request)
        except RequestProblem as problem:
            return problem_response(problem, request)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def header_map(headers: Mapping[str, str]) -> dict[str, str]:
    return dict(headers)
