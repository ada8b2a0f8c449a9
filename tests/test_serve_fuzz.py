"""Generated requests against the application's own OpenAPI document (Hypothesis).

Every operation of ``/api/openapi.json`` is called with values drawn from its
parameter schemas (valid ones) mixed with arbitrary text, unknown parameters,
missing required ones and odd Accept headers: over a thousand requests to a
real uvicorn server. None may answer 5xx; every error must be problem+json
with its status, and every success must be of a media type that was offered.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policygraph
from policygraph.web import create_app

from .servers import running_app

REQUESTS = 1200
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not UTF-8
    max_size=40,
)
_ACCEPT = st.sampled_from(
    [
        None,
        "*/*",
        "application/json",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "text/html",
        "image/png",
        "application/json;q=0,text/csv;q=0.5",
        "garbage;;q=x,,",
    ]
)


@pytest.fixture(scope="module")
def served(graph: policygraph.PolicyGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    with running_app(create_app(graph)) as base:
        connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
        connection.request("GET", "/api/openapi.json")
        spec = json.loads(connection.getresponse().read())
        connection.close()
        yield base, spec


def _value(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    """A valid value for the schema, as the query string carries it."""
    if "enum" in schema:
        return st.sampled_from([str(v) for v in schema["enum"]])
    if "examples" in schema:
        return st.sampled_from([str(v) for v in schema["examples"]])
    if schema.get("type") == "integer":
        low, high = schema.get("minimum", -(10**6)), schema.get("maximum", 10**6)
        return st.integers(low, high).map(str)
    if schema.get("type") == "number":
        return st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str)
    if schema.get("format") == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)).map(dt.date.isoformat)
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: len(s) < 60)
    return _TEXT


class _Spec:
    """The OpenAPI document behind a short repr (Hypothesis prints its arguments)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def __repr__(self) -> str:
        return "<openapi.json>"


@st.composite
def requests(draw: st.DrawFn, wrapped: _Spec) -> tuple[str, str | None, set[str]]:
    spec = wrapped.document
    path = draw(st.sampled_from(sorted(spec["paths"])))
    operation = spec["paths"][path]["get"]
    params: list[tuple[str, str]] = []
    for parameter in operation.get("parameters", []):
        name, schema = parameter["name"], parameter["schema"]
        choice = draw(st.sampled_from(["valid", "valid", "text", "absent"]))
        if choice == "absent":
            continue
        value = draw(_value(schema) if choice == "valid" else _TEXT)
        params.append((name, value))
        if draw(st.integers(0, 9)) == 0:  # the same parameter twice
            params.append((name, draw(_TEXT)))
    if draw(st.integers(0, 5)) == 0:
        params.append((draw(st.from_regex(r"[a-z_]{1,8}", fullmatch=True)), draw(_TEXT)))
    accept = draw(_ACCEPT)
    offered = set()
    for status, response in operation["responses"].items():
        if status.startswith("2"):
            offered |= set(response.get("content", {}))
    return path + "?" + urllib.parse.urlencode(params), accept, offered


def test_generated_requests_never_fail_the_server(served: tuple[str, dict[str, Any]]) -> None:
    base, spec = served
    host = base.removeprefix("http://")
    sent: list[int] = []
    connection = http.client.HTTPConnection(host, timeout=60)

    @settings(
        max_examples=REQUESTS,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(request=requests(_Spec(spec)))
    def check(request: tuple[str, str | None, set[str]]) -> None:
        nonlocal connection
        target, accept, offered = request
        headers = {"Accept": accept} if accept is not None else {}
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
        except (http.client.HTTPException, OSError):
            connection.close()
            connection = http.client.HTTPConnection(host, timeout=60)
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
        body = response.read()
        sent.append(response.status)
        media = (response.getheader("Content-Type") or "").split(";")[0]
        assert response.status < 500, (target, accept, body[:500])
        if response.status >= 400 and media == "text/html":
            # The SPARQL page shows its errors to a browser that asked for HTML only.
            assert target.startswith("/sparql") and accept == "text/html", target
            assert b"Traceback" not in body
        elif response.status >= 400:
            assert media == "application/problem+json", (target, response.status, media)
            problem = json.loads(body)
            assert problem["status"] == response.status
            assert problem["title"] and problem["detail"]
        else:
            assert response.status == 200, target
            assert media in offered, (target, accept, media)

    try:
        check()
    finally:
        connection.close()
    assert len(sent) >= 1000
    # The generator reaches both sides: answers and refusals.
    assert sum(1 for s in sent if s == 200) > 100
    assert sum(1 for s in sent if s == 400) > 100
