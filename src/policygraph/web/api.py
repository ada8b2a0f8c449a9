"""The JSON API over saved queries and its OpenAPI 3.1 document.

``GET /api/queries`` lists the queries with a JSON Schema per parameter;
``GET /api/queries/{name}?param=value`` runs one. The answer is negotiated:
``application/json`` (records, the default), SPARQL 1.1 results JSON or XML,
CSV or TSV; ``_format=csv`` (etc.) does the same for a link.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import __version__
from ..queries import ParamSpec, SavedQuery
from . import formats
from .formats import API_TYPES, FORMAT_NAMES, negotiate, serialise_results
from .http import handles_problems, query_lists
from .service import RequestProblem, Service

_SDG_PATTERN = r"^\s*([1-9]|1[0-7])(\.([0-9]{1,2}|[a-zA-Z]))?\s*$"


def parameter_schema(service: Service, spec: ParamSpec) -> dict[str, Any]:
    """JSON Schema of one parameter's query-string value."""
    kind = spec.type
    schema: dict[str, Any]
    if kind in ("enum", "boolean", "basis", "principle"):
        schema = {"type": "string", "enum": [value for value, _ in service.choices(spec)]}
    elif kind == "integer":
        schema = {"type": "integer"}
        if "min" in spec.options:
            schema["minimum"] = spec.options["min"]
        if "max" in spec.options:
            schema["maximum"] = spec.options["max"]
    elif kind == "decimal":
        schema = {"type": "number"}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "sdg":
        schema = {"type": "string", "pattern": _SDG_PATTERN}
    elif kind == "iri":
        schema = {"type": "string", "format": "iri"}
    elif kind == "lang-string":
        schema = {"type": "string", "pattern": r"^.*@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"}
    elif kind in ("document", "municipality", "theme", "chime"):
        values = [value for value, _ in service.choices(spec)]
        schema = {"type": "string", "examples": values}
        schema["description"] = (
            f"A {kind} slug ({', '.join(values[:4])}{', ...' if len(values) > 4 else ''}), "
            "name or full IRI"
            + (" or four-digit kommunekode" if kind == "municipality" else "")
            + "."
        )
    else:
        schema = {"type": "string"}
    if spec.default is not None:
        schema["default"] = spec.default if kind != "boolean" else str(spec.default).lower()
    schema["x-policygraph-type"] = kind
    return schema


def describe_query(service: Service, query: SavedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "summary": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "url": f"/api/queries/{query.name}",
        "page": f"/queries/{query.name}",
        "parameters": [
            {
                "name": spec.name,
                "type": spec.type,
                "description": spec.description,
                "required": spec.required and spec.default is None,
                "default": spec.default,
                "schema": parameter_schema(service, spec),
            }
            for spec in query.params
        ],
        "example": query.example_params(),
    }


def openapi(service: Service) -> dict[str, Any]:
    """OpenAPI 3.1: one operation per saved query, generated from the ``#+`` headers."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    errors = {
        str(status): {
            "description": text,
            "content": {formats.PROBLEM: {"schema": problem_ref}},
        }
        for status, text in (
            (400, "A parameter value is missing, unknown or invalid (see `parameter`)."),
            (404, "No such query."),
            (406, "None of the accepted media types can be produced."),
            (503, "Too many queries at once; retry after the Retry-After delay."),
            (504, "The query did not finish within the time-out."),
        )
    }
    results = {
        "description": "The rows of the query.",
        "content": {
            formats.JSON: {"schema": {"$ref": "#/components/schemas/Records"}},
            formats.SPARQL_JSON: {"schema": {"type": "object"}},
            formats.SPARQL_XML: {"schema": {"type": "string"}},
            formats.CSV: {"schema": {"type": "string"}},
            formats.TSV: {"schema": {"type": "string"}},
        },
    }
    format_parameter = {
        "name": "_format",
        "in": "query",
        "required": False,
        "description": "Answer in this format instead of negotiating with Accept.",
        "schema": {"type": "string", "enum": ["json", "sparql-json", "xml", "csv", "tsv"]},
    }
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "listQueries",
                "summary": "The saved queries and their parameters.",
                "responses": {
                    "200": {
                        "description": "One entry per saved query.",
                        "content": {formats.JSON: {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    }
    paths["/sparql"] = {
        "get": {
            "operationId": "sparql",
            "summary": "A read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE).",
            "description": (
                "The SPARQL 1.1 Protocol; POST with a form or application/sparql-query "
                "works too. Updates and SERVICE are refused with 403."
            ),
            "parameters": [
                {"name": "query", "in": "query", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": (
                        "SPARQL results or an RDF graph, by Accept; for a browser (text/html) "
                        "the query page with its results, or without a query the empty form."
                    ),
                    "content": {
                        media: {"schema": {"type": "string"}}
                        for media in (*formats.RESULT_TYPES, *formats.GRAPH_TYPES, formats.HTML)
                    },
                },
                **{k: v for k, v in errors.items() if k != "404"},
                "403": {
                    "description": "An update or SERVICE: this endpoint is read-only.",
                    "content": {formats.PROBLEM: {"schema": problem_ref}},
                },
            },
        }
    }
    for query in service.queries.values():
        parameters = [
            {
                "name": spec.name,
                "in": "query",
                "required": spec.required and spec.default is None,
                "description": spec.description,
                "schema": parameter_schema(service, spec),
            }
            for spec in query.params
        ]
        paths[f"/api/queries/{query.name}"] = {
            "get": {
                "operationId": query.name,
                "summary": query.summary,
                "description": query.description,
                "tags": list(query.tags),
                "parameters": [*parameters, format_parameter],
                "responses": {"200": results, **errors},
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "policygraph",
            "version": __version__,
            "description": (
                "Saved SPARQL queries over the knowledge graph of Danish municipal "
                "mental-health policies. Parameters are validated against their declared "
                "type and bound as RDF terms. Errors are RFC 9457 problem details."
            ),
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Problem": {
                    "type": "object",
                    "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                        "parameter": {"type": "string"},
                    },
                },
                "Records": {
                    "type": "object",
                    "required": ["query", "columns", "rows", "truncated"],
                    "properties": {
                        "query": {"type": "string"},
                        "parameters": {"type": "object"},
                        "columns": {"type": "array", "items": {"type": "string"}},
                        "rows": {"type": "array", "items": {"type": "object"}},
                        "truncated": {"type": "boolean"},
                    },
                },
            }
        },
    }


def _json(document: Any) -> Response:
    return Response(json.dumps(document, ensure_ascii=False), media_type=formats.JSON)


@handles_problems
async def list_queries(request: Request) -> Response:
    service: Service = request.app.state.service
    return _json({"queries": [describe_query(service, q) for q in service.queries.values()]})


@handles_problems
async def openapi_document(request: Request) -> Response:
    return _json(request.app.state.openapi)


def chosen_format(request: Request, offered: tuple[str, ...] = API_TYPES) -> str:
    """The media type of the answer: ``_format``/``format`` first, then Accept."""
    named = request.query_params.get("_format")
    if named is not None:
        media = FORMAT_NAMES.get(named.strip().lower())
        if media not in offered:
            names = sorted(k for k, v in FORMAT_NAMES.items() if v in offered)
            raise RequestProblem(
                400,
                "Invalid parameter",
                f"_format {named!r} is not offered here; use one of {', '.join(names)}.",
                parameter="_format",
            )
        return media
    media = negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise RequestProblem(
            406,
            "Not acceptable",
            f"none of the media types in Accept can be produced; this resource offers "
            f"{', '.join(offered)}.",
        )
    return media


@handles_problems
async def run_query(request: Request) -> Response:
    service: Service = request.app.state.service
    query = service.saved(request.path_params["name"])
    media = chosen_format(request)
    text, values = service.bind(query, query_lists(request))
    result = await request.app.state.gate.run(lambda: service.run_saved(text))
    body = serialise_results(result, media, {"query": query.name, "parameters": values})
    headers = {"Vary": "Accept"}
    if result.truncated:
        headers["Policygraph-Truncated"] = str(service.limits.max_results)
    if "_format" in request.query_params and media in formats.EXTENSIONS:
        filename = f"{query.name}.{formats.EXTENSIONS[media]}"
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(body, headers=headers, media_type=media)
