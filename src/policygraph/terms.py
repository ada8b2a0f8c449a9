"""RDF terms as Python values, the same on every engine.

pyoxigraph terms are the common currency between the backends: the rdflib
backend and the remote endpoint convert their results to them, and
:func:`to_python` turns them into plain Python values for users.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

import pyoxigraph as ox
import rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
PyValue: TypeAlias = "IRI | LangString | str | int | float | Decimal | bool | dt.date | None"

_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


class IRI(str):
    """An IRI in a query result: a ``str`` that remembers it is an IRI."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"


class LangString(str):
    """A language-tagged string: a ``str`` with a ``lang`` attribute."""

    __slots__ = ("lang",)
    lang: str

    def __new__(cls, value: str, lang: str) -> LangString:
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj

    def __repr__(self) -> str:
        return f"LangString({str.__repr__(self)}, {self.lang!r})"


def _boolean(value: str) -> bool:
    return value.strip() in ("true", "1")


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


# The Python value of a literal of each datatype; the lexical form for any other.
_CONVERTERS: dict[str, Callable[[str], PyValue]] = {
    **dict.fromkeys(_INTEGER_TYPES, int),
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
    XSD + "date": _date,
}


def to_python(term: Term | None) -> PyValue:
    """Convert a result term to a Python value (``None`` for unbound)."""
    # One test per kind of term, in the order results hold them most: this runs for
    # every cell of every result.
    kind = type(term)
    if kind is ox.NamedNode:
        return IRI(term.value)  # type: ignore[union-attr]
    if term is None:
        return None
    if kind is ox.BlankNode:
        return "_:" + term.value
    value = term.value
    language = term.language  # type: ignore[union-attr]
    if language:
        return LangString(value, language)
    convert = _CONVERTERS.get(term.datatype.value)  # type: ignore[union-attr]
    if convert is None:
        return value
    try:
        return convert(value)
    except (ValueError, InvalidOperation):
        return value


def to_text(term: Term | None) -> str | None:
    """``str`` of :func:`to_python` (``None`` for unbound), without making the value
    first where the text is the term's own (an IRI, a language-tagged string)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode) or (isinstance(term, ox.Literal) and term.language):
        return term.value
    return str(to_python(term))


def from_rdflib(term: rdflib.term.Node | None) -> Term | None:
    """An rdflib term as a pyoxigraph term."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> rdflib.term.Node:
    """A pyoxigraph term as an rdflib term (literals keep their lexical form)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD + "string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype), normalize=False)
    raise TypeError(f"unsupported pyoxigraph term {term!r}")


def add_to_rdflib(
    statements: Iterable[ox.Quad | ox.Triple], graph: rdflib.Graph | None = None
) -> rdflib.Graph:
    """Add pyoxigraph triples (or quads, graph name ignored) to an rdflib graph.

    rdflib logs a traceback for an ill-typed literal ("2023-13-01"^^xsd:date); the
    literal is kept as it is, and validation reports it with its file and line (rule
    ``literal``), so that log is silenced here.
    """
    graph = rdflib.Graph() if graph is None else graph
    with ill_typed_literals_allowed():
        for statement in statements:
            parts = (statement.subject, statement.predicate, statement.object)
            graph.add(tuple(to_rdflib(part) for part in parts))  # type: ignore[arg-type]
    return graph


def jsonld(statements: Iterable[ox.Quad | ox.Triple]) -> str:
    """Compacted JSON-LD with the shipped ``@context`` (rdflib does the compaction).

    It holds the triples, not the graph names (TriG and N-Quads keep those). rdflib's
    writer follows each blank node and list into the next one by recursion, so a graph
    that nests them some hundreds of levels deep is a :class:`FormatError`, not a
    traceback.
    """
    import json

    from . import resources
    from .errors import FormatError

    context = json.loads((resources.root() / "ontology" / "context.jsonld").read_text("utf-8"))
    graph = add_to_rdflib(statements)
    try:
        text = graph.serialize(format="json-ld", context=context["@context"], auto_compact=True)
        document = json.loads(text)
        document["@context"] = context["@context"]
        return json.dumps(document, ensure_ascii=False, indent=2)
    except RecursionError:
        raise FormatError(
            "JSON-LD: the graph nests blank nodes or RDF lists too deep for the JSON-LD "
            "writer (it follows each one into the next, and stops some hundreds of levels "
            "down); write it as Turtle, TriG, N-Triples or N-Quads, which have no such limit."
        ) from None


@contextlib.contextmanager
def ill_typed_literals_allowed() -> Iterator[None]:
    """Silence rdflib's logged traceback for an ill-typed literal ("2023-13-01"^^xsd:date).

    The literal is kept as it is (rdflib marks it ``ill_typed``); validation reports it
    with its file and line (rule ``literal``).
    """
    logger = logging.getLogger("rdflib.term")
    disabled, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = disabled


def from_json(binding: dict[str, str]) -> Term:
    """A term of the SPARQL 1.1 JSON results format as a pyoxigraph term."""
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:  # e.g. Virtuoso's "nodeID://b10001": same node, same label
            return ox.BlankNode("b" + value.encode("utf-8").hex())
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if "datatype" in binding and binding["datatype"] != XSD + "string":
        if binding["datatype"] == XSD + "boolean":
            # Canonical form: Virtuoso writes xsd:boolean values as 1 and 0.
            value = _CANONICAL_BOOLEAN.get(value.strip(), value)
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)
