"""Remote stores over HTTP: a SPARQL 1.1 query endpoint (SPARQLWrapper, the only import of
it) and the SPARQL 1.1 Graph Store Protocol (``PUT`` of one named graph), with one mapping
from HTTP failures to :class:`~policygraph.errors.EndpointError` (nothing was written) and
:class:`~policygraph.errors.UnknownOutcomeError` (a write was sent but not answered).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import socket
import urllib.error
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from . import limits
from .backends import Row
from .errors import EndpointError, UnknownOutcomeError
from .sparql import query_form, strip_comments
from .terms import from_json

__all__ = ["DEFAULT_TIMEOUT", "RemoteBackend", "put_graph"]

DEFAULT_TIMEOUT = 30.0
# SPARQLWrapper turns these HTTP statuses into exceptions of its own.
_WRAPPER_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


class RemoteBackend:
    """A SPARQL 1.1 endpoint over HTTP (POST, JSON results, a time-out always set).

    The endpoint's default graph must be the union of its named graphs (as
    ``oxigraph serve --union-default-graph`` and Fuseki's ``unionDefaultGraph``
    provide), since ``policygraph push`` writes each document to its own graph.
    """

    name = "endpoint"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        auth: tuple[str, str] | None = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise EndpointError(
                f"{endpoint!r} is not an http(s) URL; give the SPARQL query endpoint, "
                "e.g. http://127.0.0.1:7878/query."
            )
        self.endpoint = endpoint
        self.timeout = timeout
        self.auth = auth

    def _wrapper(self, query: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, round(self.timeout))))
        # Comments out: SPARQLWrapper guesses the query form from the text and is
        # misled by words such as "add" or "load" in a saved query's header.
        body = strip_comments(query)
        wrapper.setQuery(body)
        wrapper.queryType = query_form(body)
        if self.auth:
            wrapper.setCredentials(*self.auth)
        return wrapper

    def _run(self, query: str) -> dict[str, Any]:
        # One deadline for the whole request (connect, first byte, body): a socket
        # time-out alone restarts with every byte a dribbling server sends.
        def work(deadline: float) -> tuple[str, bytes]:
            try:
                response = self._wrapper(query).query()
            except urllib.error.HTTPError as exc:
                exc.close()  # in this thread: its socket is not left to the collector
                raise
            with contextlib.closing(response.response):
                url = response.response.geturl()
                return url, limits.read_bounded(response.response, deadline)

        try:
            final_url, raw = limits.run_within(self.timeout, work, TimeoutError)
        except limits.ResponseTooLarge as exc:
            raise EndpointError(
                f"{self.endpoint} sent {exc} in answer to one query (the limit is "
                "POLICYGRAPH_MAX_RESPONSE_BYTES); add LIMIT, or check that the URL is a SPARQL "
                "endpoint."
            ) from None
        except limits.DeadlinePassed:
            raise EndpointError(
                f"{self.endpoint} did not finish its answer within {self.timeout:g} s; "
                "raise --timeout or check the server's load."
            ) from None
        except urllib.error.HTTPError as exc:
            if exc.geturl() not in (None, self.endpoint):
                raise self._redirected(exc.geturl()) from None
            raise _http_error(self.endpoint, exc) from None
        except SPARQLWrapperException as exc:
            status = _WRAPPER_STATUS.get(type(exc).__name__)
            if status is not None:
                raise _http_status_error(self.endpoint, status, type(exc).__name__, "") from None
            raise EndpointError(
                f"{self.endpoint} rejected the query: {str(exc).splitlines()[0]}. "
                "Check that the URL is the endpoint's query URL and that the query is valid."
            ) from None
        except TimeoutError:
            raise EndpointError(
                f"{self.endpoint} did not answer within {self.timeout:g} s; "
                "raise --timeout or check the server's load."
            ) from None
        except urllib.error.URLError as exc:
            raise _url_error(self.endpoint, exc, self.timeout) from None
        if final_url != self.endpoint:
            raise self._redirected(final_url)
        try:
            data: dict[str, Any] = json.loads(raw)
        except ValueError:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results; "
                "is this a SPARQL query endpoint?"
            ) from None
        return data

    def _redirected(self, target: str) -> EndpointError:
        return EndpointError(
            f"{self.endpoint} redirected the query to {target}; policygraph does not follow "
            "redirects for SPARQL requests: use the final URL as --endpoint.",
            status=302,
        )

    def select(self, query: str) -> tuple[list[str], list[Row]]:
        data = self._run(query)
        names = list(data.get("head", {}).get("vars", []))
        rows: list[Row] = [
            tuple(from_json(b[name]) if name in b else None for name in names)
            for b in data.get("results", {}).get("bindings", [])
        ]
        return names, rows

    def ask(self, query: str) -> bool:
        return bool(self._run(query).get("boolean"))

    def quads(self) -> Iterator[ox.Quad]:
        _names, rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for s, p, o, g in rows:
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]


def _http_error(url: str, exc: urllib.error.HTTPError) -> EndpointError:
    location = exc.headers.get("Location", "another URL") if exc.headers else "another URL"
    return _http_status_error(url, exc.code, str(exc.reason), location)


def _http_status_error(url: str, status: int, reason: str, target: str) -> EndpointError:
    if 300 <= status < 400:
        return EndpointError(
            f"{url} answered HTTP {status} (redirect to {target}); policygraph does not follow "
            "redirects for SPARQL requests: use the final URL.",
            status=status,
        )
    if status in (401, 403):
        hint = "give credentials with --user or check the account's rights"
    elif status == 404:
        hint = "check the URL (the query endpoint is often /query or /sparql)"
    elif status >= 500:
        hint = "the server failed; check its log and try again"
    else:
        hint = "check the URL and the request"
    return EndpointError(
        f"{url} answered HTTP {status} {reason}: {hint}; nothing was changed by this request.",
        status=status,
    )


def _url_error(url: str, exc: urllib.error.URLError, timeout: float) -> EndpointError:
    reason = exc.reason
    if isinstance(reason, TimeoutError | socket.timeout):
        return EndpointError(
            f"{url} did not answer within {timeout:g} s; raise --timeout or check the server."
        )
    return EndpointError(
        f"cannot reach {url} ({reason}); check that the server is running and the URL is right."
    )


def put_graph(
    store_url: str,
    graph: str,
    body: bytes,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    auth: tuple[str, str] | None = None,
) -> int:
    """Replace one named graph with SPARQL 1.1 Graph Store Protocol ``PUT``.

    Returns the HTTP status (2xx). Raises :class:`EndpointError` when nothing
    was written (no connection, or the store refused with an HTTP error or a
    redirect) and :class:`UnknownOutcomeError` when the request was sent but no
    answer came back in time, so the write may or may not have happened.
    """
    parsed = urllib.parse.urlsplit(store_url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise EndpointError(
            f"{store_url!r} is not an http(s) URL; give the graph store URL, "
            "e.g. http://127.0.0.1:7878/store."
        )
    query = parsed.query + ("&" if parsed.query else "") + urllib.parse.urlencode({"graph": graph})
    target = (parsed.path or "/") + "?" + query
    connection_class = (
        http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parsed.hostname, parsed.port, timeout=timeout)
    headers = {"Content-Type": "application/n-triples", "Content-Length": str(len(body))}
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    try:
        try:
            connection.connect()
        except (TimeoutError, OSError) as exc:
            raise EndpointError(
                f"cannot reach {store_url} ({exc}); nothing was written. Check that the "
                "server is running and the URL is right."
            ) from None

        def work(deadline: float) -> http.client.HTTPResponse:
            connection.request("PUT", target, body=body, headers=headers)
            answer = connection.getresponse()
            limits.read_bounded(answer, deadline)
            return answer

        def give_up() -> TimeoutError:
            # wake the worker blocked on the socket, so that its thread ends now
            with contextlib.suppress(OSError):
                if connection.sock is not None:
                    connection.sock.shutdown(socket.SHUT_RDWR)
            return TimeoutError(f"no complete answer within {timeout:g} s")

        try:
            response = limits.run_within(timeout, work, give_up)
        except (
            TimeoutError,
            OSError,
            http.client.HTTPException,
            limits.DeadlinePassed,
            limits.ResponseTooLarge,
        ) as exc:
            raise UnknownOutcomeError(
                f"{store_url} gave no answer after the graph {graph} was sent ({exc}): it may "
                "or may not have been written. Check the store, then push again (each PUT "
                "replaces its whole graph, so repeating it is safe)."
            ) from None
    finally:
        connection.close()
    status = response.status
    if 200 <= status < 300:
        return status
    location = response.getheader("Location", "another URL")
    raise _http_status_error(store_url, status, response.reason, location)
