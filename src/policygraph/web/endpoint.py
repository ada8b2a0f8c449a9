"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint.

Queries come by GET (``?query=``), by POST as a form (``query=``) or directly
(``application/sparql-query``). Updates (``update=``, ``application/sparql-update``,
or update text), ``SERVICE`` and ``LOAD`` are refused; every query runs under
the application's time-out and result cap. A browser without a query gets a
small editor page; with one, an HTML table.
"""

from __future__ import annotations

import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

from . import formats
from .formats import GRAPH_TYPES, HTML, RESULT_TYPES, negotiate
from .http import handles_problems
from .service import GraphResult, RequestProblem, Service, TermResult

_FORM = "application/x-www-form-urlencoded"
_EXAMPLE = """PREFIX pg: <https://w3id.org/policygraph/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?document ?title WHERE {
  ?document a pg:PolicyDocument ; <http://purl.org/dc/terms/title> ?title .
  FILTER(LANG(?title) = "en")
}
ORDER BY ?document"""


async def _read_query(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    """The query text and all protocol parameters of the request."""
    fields: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        fields.setdefault(key, []).append(value)
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestProblem(
                400, "Malformed request", "the request body is not UTF-8 text."
            ) from None
        if content_type == "application/sparql-update":
            raise _update_refused()
        if content_type == "application/sparql-query":
            fields.setdefault("query", []).append(text)
        elif content_type == _FORM:
            for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
                fields.setdefault(key, []).append(value)
        else:
            raise RequestProblem(
                415,
                "Unsupported media type",
                f"POST a query as {_FORM} (query=...) or application/sparql-query, "
                f"not {content_type or 'an untyped body'}.",
            )
    if "update" in fields:
        raise _update_refused()
    for name in ("default-graph-uri", "named-graph-uri"):
        if fields.get(name):
            raise RequestProblem(
                400,
                "Dataset not supported",
                f"{name} is not supported: the default graph is the union of all graphs; "
                "use GRAPH or FROM in the query instead.",
                parameter=name,
            )
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise RequestProblem(400, "Malformed request", "give exactly one query.", parameter="query")
    given = queries[0] if queries else ""
    return (given if given.strip() else None), fields


def _update_refused() -> RequestProblem:
    return RequestProblem(
        403,
        "Updates are refused",
        "this endpoint is read-only: SPARQL Update is not accepted.",
    )


@handles_problems
async def sparql(request: Request) -> Response:
    service: Service = request.app.state.service
    text, _fields = await _read_query(request)
    accept = request.headers.get("accept")
    if text is None:
        if negotiate(accept, [formats.PROBLEM, HTML]) == HTML and accept and "html" in accept:
            page = request.app.state.render(
                "sparql.html", request, title="SPARQL", query=_EXAMPLE, result=None
            )
            return Response(page, media_type=HTML)
        raise RequestProblem(
            400,
            "Missing query",
            "give a SPARQL query as ?query=... (GET) or in the body (POST).",
            parameter="query",
        )
    form = service.check_read_only(text)
    is_graph = form in ("CONSTRUCT", "DESCRIBE")
    offered = (*GRAPH_TYPES, HTML) if is_graph else (*RESULT_TYPES, HTML)
    # A browser's own Accept header puts text/html first: show the page.
    named = request.query_params.get("format")
    media = formats.FORMAT_NAMES.get(named or "") if named else negotiate(accept, offered)
    if media is None or media not in offered:
        raise RequestProblem(
            406,
            "Not acceptable",
            f"the result can be given as {', '.join(offered)}.",
        )
    result = await request.app.state.gate.run(lambda: service.sparql(text))
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["Policygraph-Truncated"] = str(service.limits.max_results)
    if media == HTML:
        page = request.app.state.render(
            "sparql.html",
            request,
            title="SPARQL",
            query=text,
            result=request.app.state.view_result(result),
        )
        return Response(page, headers=headers, media_type=HTML)
    if isinstance(result, GraphResult):
        body = formats.serialise_graph(result.triples, media)
        return Response(body, headers=headers, media_type=media)
    assert isinstance(result, TermResult)
    if media == formats.JSON:
        media = formats.SPARQL_JSON
    body = formats.serialise_results(result, media, {})
    return Response(body, headers=headers, media_type=media)
