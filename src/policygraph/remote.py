"""Remote stores over HTTP: a SPARQL 1.1 query endpoint (SPARQLWrapper, the only import of
it) and the SPARQL 1.1 Graph Store Protocol (``PUT`` of one named graph), with one mapping
from HTTP failures to :class:`~policygraph.errors.EndpointError` (nothing was written) and
:class:`~policygraph.errors.UnknownOutcomeError` (a write was sent but not answered).
"""

from __future__ import annotations

import ast
import base64
import contextlib
import hashlib
import http.client
import json
import re
import secrets
import socket
import urllib.error
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from . import limits
from .backends import Row
from .errors import EndpointError, UnknownOutcomeError
from .namespaces import GRAPH
from .sparql import BindForm, query_form, strip_comments
from .terms import from_json

__all__ = [
    "AUTH_SCHEMES",
    "DEFAULT_TIMEOUT",
    "GRAPH_PREFIX",
    "Auth",
    "Credentials",
    "RemoteBackend",
    "credentials",
    "put_graph",
    "server_message",
]

DEFAULT_TIMEOUT = 30.0
GRAPH_ACCEPT = "text/turtle, application/n-triples;q=0.9"
#: Every graph policygraph writes is named under this prefix (see loading.graph_name).
GRAPH_PREFIX = str(GRAPH)
# SPARQLWrapper turns these HTTP statuses into exceptions of its own.
_WRAPPER_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials: ``basic`` or ``digest`` (user and password) or a ``bearer`` token.

    The secret never appears in ``repr`` or in error messages.
    """

    scheme: str
    user: str = ""
    secret: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.scheme not in AUTH_SCHEMES:
            raise EndpointError(
                f"unknown authentication scheme {self.scheme!r}; use {', '.join(AUTH_SCHEMES)}."
            )


AUTH_SCHEMES = ("basic", "digest", "bearer")
Auth = tuple[str, str] | Credentials | None


def credentials(auth: Auth) -> Credentials | None:
    """``auth`` as :class:`Credentials`; a ``(user, password)`` pair means Basic."""
    if auth is None or isinstance(auth, Credentials):
        return auth
    return Credentials("basic", auth[0], auth[1])


class RemoteBackend:
    """A SPARQL 1.1 endpoint over HTTP (POST, JSON results, a time-out always set).

    The endpoint's default graph must be the union of its named graphs (as
    ``oxigraph serve --union-default-graph`` and Fuseki's ``unionDefaultGraph``
    provide), since ``policygraph push`` writes each document to its own graph.
    """

    name = "endpoint"
    # A VALUES row: Virtuoso 7.2 fails with an internal error on some queries that
    # start with a BIND.
    binding: BindForm = "values"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        auth: Auth = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise EndpointError(
                f"{endpoint!r} is not an http(s) URL; give the SPARQL query endpoint, "
                "e.g. http://127.0.0.1:7878/query."
            )
        self.endpoint = endpoint
        self.timeout = timeout
        self.auth = credentials(auth)

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
        if self.auth and self.auth.scheme == "bearer":
            wrapper.addCustomHttpHeader("Authorization", f"Bearer {self.auth.secret}")
        elif self.auth:
            wrapper.setHTTPAuth(DIGEST if self.auth.scheme == "digest" else BASIC)
            wrapper.setCredentials(self.auth.user, self.auth.secret)
        return wrapper

    def _run(self, query: str) -> dict[str, Any]:
        raw = self._raw(query, None)
        try:
            data: dict[str, Any] = json.loads(raw)
        except ValueError:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results; "
                "is this a SPARQL query endpoint?"
            ) from None
        return data

    def _raw(self, query: str, accept: str | None) -> bytes:
        """The response body to ``query`` (JSON results, or ``accept`` for a graph)."""
        wrapper = self._wrapper(query)
        if accept:
            wrapper.setReturnFormat(TURTLE)
            wrapper.addCustomHttpHeader("Accept", accept)

        # One deadline for the whole request (connect, first byte, body): a socket
        # time-out alone restarts with every byte a dribbling server sends.
        def work(deadline: float) -> tuple[str, bytes]:
            try:
                response = wrapper.query()
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
                message = server_message(_wrapped_response(exc))
                raise _http_status_error(
                    self.endpoint, status, type(exc).__name__, "", message
                ) from None
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
        return raw

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

    def construct(self, query: str) -> list[ox.Triple]:
        raw = self._raw(query, GRAPH_ACCEPT)
        try:
            return list(ox.parse(raw, format=ox.RdfFormat.TURTLE))
        except SyntaxError:
            raise EndpointError(
                f"{self.endpoint} did not answer the CONSTRUCT query with Turtle."
            ) from None

    def quads(self) -> Iterator[ox.Quad]:
        # Only policygraph's graphs: a server's own (Virtuoso's virtrdf#, ...) are left out.
        _names, rows = self.select(
            "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}'
        )
        for s, p, o, g in rows:
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]


def _http_error(url: str, exc: urllib.error.HTTPError) -> EndpointError:
    location = exc.headers.get("Location", "another URL") if exc.headers else "another URL"
    try:
        body = exc.read()
    except (OSError, http.client.HTTPException):
        body = b""
    return _http_status_error(url, exc.code, str(exc.reason), location, server_message(body))


_MESSAGE_LIMIT = 300


def _wrapped_response(exc: SPARQLWrapperException) -> bytes:
    """The response body SPARQLWrapper keeps only inside its message (as a bytes repr)."""
    _, sep, raw = str(exc).partition("\n\nResponse:\n")
    if not sep:
        return b""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def server_message(body: bytes | str) -> str:
    """The server's own explanation from an error response, on one line and trimmed.

    HTML tags are dropped, and the query text that some servers (Virtuoso) echo
    after their message is cut off.
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = re.split(r"\n\s*SPARQL query:", text, maxsplit=1)[0]
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.I | re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    if len(text) > _MESSAGE_LIMIT:
        text = text[: _MESSAGE_LIMIT - 1].rstrip() + "…"
    return text


def _http_status_error(
    url: str, status: int, reason: str, target: str, message: str = ""
) -> EndpointError:
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
    said = f' ("{message}")' if message else ""
    return EndpointError(
        f"{url} answered HTTP {status} {reason}{said}: {hint}; nothing was changed by this "
        "request.",
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
    auth: Auth = None,
) -> int:
    """Replace one named graph with SPARQL 1.1 Graph Store Protocol ``PUT``.

    ``auth``: Basic and bearer credentials go with the request; for Digest the
    store's 401 challenge (nothing written) is answered with one more ``PUT``.

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
    login = credentials(auth)
    headers = {"Content-Type": "application/n-triples", "Content-Length": str(len(body))}
    if login and login.scheme == "basic":
        token = base64.b64encode(f"{login.user}:{login.secret}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    elif login and login.scheme == "bearer":
        headers["Authorization"] = f"Bearer {login.secret}"
    response, answer = _put(parsed, target, body, headers, timeout, store_url, graph)
    challenge = response.getheader("WWW-Authenticate", "") or ""
    if (
        response.status == 401
        and login
        and login.scheme == "digest"
        and challenge.lower().startswith("digest")
    ):
        headers["Authorization"] = _digest(challenge, login, "PUT", target)
        response, answer = _put(parsed, target, body, headers, timeout, store_url, graph)
    status = response.status
    if 200 <= status < 300:
        return status
    location = response.getheader("Location", "another URL")
    raise _http_status_error(store_url, status, response.reason, location, server_message(answer))


def _put(
    parsed: urllib.parse.SplitResult,
    target: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    store_url: str,
    graph: str,
) -> tuple[http.client.HTTPResponse, bytes]:
    """One ``PUT``: nothing written if it cannot connect, outcome unknown if unanswered."""
    connection_class = (
        http.client.HTTPSConnection if parsed.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parsed.hostname or "", parsed.port, timeout=timeout)
    try:
        try:
            connection.connect()
        except (TimeoutError, OSError) as exc:
            raise EndpointError(
                f"cannot reach {store_url} ({exc}); nothing was written. Check that the "
                "server is running and the URL is right."
            ) from None

        def work(deadline: float) -> tuple[http.client.HTTPResponse, bytes]:
            connection.request("PUT", target, body=body, headers=headers)
            response = connection.getresponse()
            return response, limits.read_bounded(response, deadline)

        def give_up() -> TimeoutError:
            # wake the worker blocked on the socket, so that its thread ends now
            with contextlib.suppress(OSError):
                if connection.sock is not None:
                    connection.sock.shutdown(socket.SHUT_RDWR)
            return TimeoutError(f"no complete answer within {timeout:g} s")

        try:
            response, answer = limits.run_within(timeout, work, give_up)
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
    return response, answer


_DIGEST_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def _digest(challenge: str, login: Credentials, method: str, uri: str) -> str:
    """The ``Authorization`` header answering an HTTP Digest challenge (RFC 7616)."""
    fields = {
        key: quoted or bare
        for key, quoted, bare in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', challenge[6:])
    }
    algorithm = fields.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    if base not in _DIGEST_HASHES:
        raise EndpointError(f"the store asks for Digest {algorithm}, which is not supported.")

    def h(text: str) -> str:
        return _DIGEST_HASHES[base](text.encode()).hexdigest()

    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    cnonce, count = secrets.token_hex(8), "00000001"
    ha1 = h(f"{login.user}:{realm}:{login.secret}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
    parts = {"username": login.user, "realm": realm, "nonce": nonce, "uri": uri}
    if "auth" in qops:
        parts["response"] = h(f"{ha1}:{nonce}:{count}:{cnonce}:auth:{ha2}")
        unquoted = f", qop=auth, nc={count}"
        parts["cnonce"] = cnonce
    else:
        parts["response"] = h(f"{ha1}:{nonce}:{ha2}")
        unquoted = ""
    if "opaque" in fields:
        parts["opaque"] = fields["opaque"]
    quoted = ", ".join(f'{key}="{value}"' for key, value in parts.items())
    return f"Digest {quoted}, algorithm={algorithm}{unquoted}"
