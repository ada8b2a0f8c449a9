"""Content negotiation and the serialisations the application answers with.

SPARQL 1.1 Query Results in JSON, XML, CSV and TSV are written here from
pyoxigraph terms (the same on every engine); RDF graphs are written by
pyoxigraph (Turtle, N-Triples, RDF/XML) and rdflib (JSON-LD with the project's
context).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..errors import FormatError
from ..namespaces import PREFIXES
from ..terms import XSD, Term, jsonld
from .service import RequestProblem, TermResult

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
JSON = "application/json"
HTML = "text/html"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
PROBLEM = "application/problem+json"

RESULT_TYPES = (SPARQL_JSON, SPARQL_XML, CSV, TSV, JSON)
#: the API answers its own JSON records unless asked for a SPARQL results format
API_TYPES = (JSON, SPARQL_JSON, SPARQL_XML, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD, RDFXML)
#: the ``_format`` / ``format`` names that links use instead of an Accept header
FORMAT_NAMES = {
    "json": JSON,
    "sparql-json": SPARQL_JSON,
    "srj": SPARQL_JSON,
    "xml": SPARQL_XML,
    "srx": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "html": HTML,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": NTRIPLES,
    "jsonld": JSONLD,
    "rdf": RDFXML,
}
EXTENSIONS = {
    JSON: "json",
    SPARQL_JSON: "srj",
    SPARQL_XML: "srx",
    CSV: "csv",
    TSV: "tsv",
    TURTLE: "ttl",
    NTRIPLES: "nt",
    JSONLD: "jsonld",
    RDFXML: "rdf",
}
_ALIASES = {
    "application/json": JSON,
    "application/sparql-results+json": SPARQL_JSON,
    "application/sparql-results+xml": SPARQL_XML,
    "application/xml": SPARQL_XML,
    "text/xml": SPARQL_XML,
    "text/csv": CSV,
    "text/tab-separated-values": TSV,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "application/n-triples": NTRIPLES,
    "text/plain": NTRIPLES,
    "application/ld+json": JSONLD,
    "application/rdf+xml": RDFXML,
}


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the ``Accept`` header prefers (the first offered on a tie).

    Each offered type takes the quality of the most specific range that matches
    it (RFC 9110, 12.5.1). No header gives the first offered type; ``None`` when
    the header accepts none of them (answer 406).
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        quality = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        if media in ("*", "*/*"):
            ranges.append(("*/*", quality))
        elif media:
            ranges.append((_ALIASES.get(media, media), quality))
    best: tuple[float, int] | None = None
    chosen: str | None = None
    for index, candidate in enumerate(offered):
        matched: tuple[int, float] | None = None
        for media, quality in ranges:
            if media == candidate:
                specificity = 2
            elif media.endswith("/*") and candidate.startswith(media[:-1]):
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if matched is None or specificity > matched[0]:
                matched = (specificity, quality)
        if matched is None or matched[1] <= 0:
            continue
        rank = (matched[1], -index)
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen


# -- SPARQL 1.1 query results ---------------------------------------------------------


def _term_json(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def results_json(result: TermResult) -> str:
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {name: _term_json(term) for name, term in zip(result.columns, row, strict=True) if term}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}},
        ensure_ascii=False,
    )


def results_xml(result: TermResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    out.append("<head>")
    out.extend(f"<variable name={quoteattr(name)}/>" for name in result.columns)
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for name, term in zip(result.columns, row, strict=True):
                if term is None:
                    continue
                out.append(f"<binding name={quoteattr(name)}>{_term_xml(term)}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _term_xml(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    text = escape(_xml_safe(term.value))
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{text}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{text}</literal>"
    return f"<literal>{text}</literal>"


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters: write them as U+FFFD."""
    return "".join(
        c
        if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
        else "\ufffd"
        for c in text
    )


def results_csv(result: TermResult) -> str:
    """SPARQL 1.1 CSV: lexical values only, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["answer"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def results_tsv(result: TermResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    if result.boolean is not None:
        return "?answer\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + name for name in result.columns)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def records_json(result: TermResult, extra: dict[str, Any]) -> str:
    """The API's own JSON: query metadata and rows as records of plain values.

    The records are :meth:`QueryResult.to_json`'s (dates as ISO strings,
    decimals as exact strings), written compactly.
    """
    values = result.to_query_result()
    document = {
        **extra,
        "columns": list(values.columns),
        "rows": values.to_records(),
        "truncated": result.truncated,
    }
    return json.dumps(document, ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {value!r}")


def serialise_results(result: TermResult, media: str, extra: dict[str, Any]) -> str:
    if media == SPARQL_JSON:
        return results_json(result)
    if media == SPARQL_XML:
        return results_xml(result)
    if media == CSV:
        return results_csv(result)
    if media == TSV:
        return results_tsv(result)
    return records_json(result, extra)


# -- RDF graphs -----------------------------------------------------------------------

_RDF_FORMATS = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RDFXML: ox.RdfFormat.RDF_XML,
}


def serialise_graph(triples: Sequence[ox.Triple], media: str) -> str:
    if media == JSONLD:
        try:
            return jsonld(triples)
        except FormatError:
            raise RequestProblem(
                406,
                "Not representable as JSON-LD",
                "these triples nest blank nodes or RDF lists too deep for the JSON-LD "
                "writer; ask for text/turtle or application/n-triples instead.",
            ) from None
    prefixes = PREFIXES if media == TURTLE else None
    data = ox.serialize(list(triples), format=_RDF_FORMATS[media], prefixes=prefixes)
    return (data or b"").decode("utf-8")
