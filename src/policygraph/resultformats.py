"""The SPARQL 1.1 Query Results formats (JSON, XML, CSV) for a :class:`QueryResult`.

Written from the RDF terms the engine answered with (datatypes and language
tags kept); for results built in Python (statistics, analyses) the terms are
derived from the values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .terms import IRI, XSD, LangString, PyValue, Term

if TYPE_CHECKING:
    from .results import QueryResult

__all__ = ["SPARQL_FORMATS", "render", "term_of"]

SPARQL_FORMATS = ("sparql-json", "sparql-xml", "sparql-csv")
_XSD_STRING = XSD + "string"


def term_of(value: PyValue) -> Term | None:
    """The RDF term for a Python value of a query result."""
    if value is None:
        return None
    if isinstance(value, IRI):
        return ox.NamedNode(value)
    if isinstance(value, LangString):
        return ox.Literal(str(value), language=value.lang)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    text = str(value)
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return ox.Literal(text)


def _rows(result: QueryResult) -> Sequence[Sequence[Term | None]]:
    if result.terms:
        return result.terms
    return [[term_of(v) for v in row] for row in result.rows]


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value == _XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"


def render(result: QueryResult, fmt: str) -> str:
    """``result`` in one of :data:`SPARQL_FORMATS`."""
    if fmt == "sparql-json":
        if result.boolean is not None:
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        bindings = [
            {name: _json_term(term) for name, term in zip(result.columns, row, strict=True) if term}
            for row in _rows(result)
        ]
        document = {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if fmt == "sparql-xml":
        lines = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        if result.boolean is not None:
            lines += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
        else:
            lines.append("  <head>")
            lines += [f"    <variable name={quoteattr(c)}/>" for c in result.columns]
            lines += ["  </head>", "  <results>"]
            for row in _rows(result):
                lines.append("    <result>")
                lines += [
                    f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                    for name, term in zip(result.columns, row, strict=True)
                    if term is not None
                ]
                lines.append("    </result>")
            lines.append("  </results>")
        return "\n".join([*lines, "</sparql>"]) + "\n"
    if fmt == "sparql-csv":
        # SPARQL 1.1 CSV: values only (no datatypes or tags, by the format), CRLF lines.
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if result.boolean is not None:
            writer.writerows([["_askResult"], ["true" if result.boolean else "false"]])
            return buffer.getvalue()
        writer.writerow(result.columns)
        for row in _rows(result):
            writer.writerow(
                [
                    ""
                    if term is None
                    else "_:" + term.value
                    if isinstance(term, ox.BlankNode)
                    else term.value
                    for term in row
                ]
            )
        return buffer.getvalue()
    raise ValueError(f"unknown SPARQL results format {fmt!r}")
