"""Core SHACL on the parsed triples: the shapes' constraint components evaluated over
the whole union at once, in one pass per shape.

pySHACL is the reference (``validate(reference=True)``), and it stays the engine for
anything this module does not know: :func:`compile_shapes` raises :class:`Unsupported`
for a constraint component, target or path it does not implement, and the caller
then runs pySHACL. What it implements, it implements as pySHACL 0.40 does, result
for result: the same focus nodes, values, paths, components, severities and
messages (``tests/test_validation_scale.py`` compares the two on every shape case,
every validation case and the shipped data). The differences are in cost only: the
triples are indexed once (by predicate, then subject), class membership is
computed once per class, and nothing is written into a report graph.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; paths: an IRI, ``sh:inversePath`` of an
IRI, ``sh:alternativePath`` and sequences of those; components ``class``,
``datatype``, ``nodeKind``, ``minCount``, ``maxCount``, ``in``, ``hasValue``,
``pattern``, ``languageIn``, ``uniqueLang``, ``minInclusive``, ``maxInclusive``,
``minExclusive``, ``maxExclusive``, ``equals``, ``lessThanOrEquals``, ``or``, ``and``,
``not``, ``property``, ``qualifiedValueShape`` with
``qualifiedMinCount``/``qualifiedMaxCount`` (not disjoint).
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Protocol, cast

import pyoxigraph as ox
import rdflib
from pyshacl.rdfutil.compare import compare_literal
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from ..terms import ill_typed_literals_allowed, to_rdflib
from .model import Severity, ValidationResult

__all__ = [
    "Classes",
    "CoreShapes",
    "Index",
    "Reader",
    "Unsupported",
    "compile_shapes",
    "finding_text",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = rdflib.term.Node

RDF_TYPE = ox.NamedNode(str(RDF.type))
SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
LANG_STRING = str(RDF.langString)
XSD_STRING = str(XSD.string)

_SEVERITY: dict[Node, Severity] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}
#: What a shape may say besides its constraints (read, but not checked).
_NOT_CONSTRAINTS = {
    RDF.type,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.path,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.flags,
    SH.declare,
}
_INT = {SH.minCount, SH.maxCount, SH.qualifiedMinCount, SH.qualifiedMaxCount}


class Unsupported(Exception):
    """The shapes use something this engine does not implement: run pySHACL."""


# ---------------------------------------------------------------------------
# The data: the union of the triples, indexed
# ---------------------------------------------------------------------------


class Reader(Protocol):
    """What the constraint checks read: an :class:`Index`, or a view of one."""

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Sequence[Term]: ...

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> Sequence[Term]: ...

    def supers(self, cls: Term) -> frozenset[Term]: ...

    def is_instance(self, node: Term, cls: Term) -> bool: ...


class Classes:
    """Class membership on top of :meth:`objects`: ``rdfs:subClassOf*`` closures, once
    per class."""

    def __init__(self) -> None:
        self._supers: dict[Term, frozenset[Term]] = {}

    def objects(self, subject: Term, predicate: ox.NamedNode) -> Sequence[Term]:
        raise NotImplementedError

    def supers(self, cls: Term) -> frozenset[Term]:
        """``cls`` and every class it is a ``rdfs:subClassOf*``."""
        found = self._supers.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for parent in self.objects(todo.pop(), SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._supers[cls] = frozenset(seen)
        return found

    def is_instance(self, node: Term, cls: Term) -> bool:
        if isinstance(node, ox.Literal):
            return False
        return any(cls in self.supers(t) for t in self.objects(node, RDF_TYPE))


class Index(Classes):
    """The union of the triples, by predicate and subject (and object, for inverse paths).

    Only the predicates the shapes read are kept; a triple stated in two files counts
    once, as in a graph.
    """

    def __init__(
        self,
        triples: Iterable[ox.Triple | ox.Quad],
        predicates: set[str],
        inverse: set[str],
    ) -> None:
        super().__init__()
        wanted = {ox.NamedNode(p) for p in predicates} | {RDF_TYPE, SUBCLASS}
        back = {ox.NamedNode(p) for p in inverse}
        out: defaultdict[ox.NamedNode, defaultdict[Term, list[Term]]] = defaultdict(
            lambda: defaultdict(list)
        )
        into: defaultdict[ox.NamedNode, defaultdict[Term, list[Term]]] = defaultdict(
            lambda: defaultdict(list)
        )
        # pyoxigraph makes a new Python object for a term at every access: keep one each.
        terms: dict[Term, Term] = {}
        keep = terms.setdefault
        for triple in triples:
            predicate = triple.predicate
            if predicate in wanted or predicate in back:
                subject = keep(triple.subject, triple.subject)  # type: ignore[arg-type]
                obj = keep(triple.object, triple.object)  # type: ignore[arg-type]
                if predicate in wanted:
                    out[predicate][subject].append(obj)
                if predicate in back:
                    into[predicate][obj].append(subject)
        self.out = {p: _unique(values) for p, values in out.items()}
        self.into = {p: _unique(values) for p, values in into.items()}
        self._instances: dict[Term, frozenset[Term]] = {}
        self._typed: dict[Term, list[Term]] | None = None  # class -> its direct instances

    def objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        return self.out.get(predicate, {}).get(subject, [])

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Term]:
        return self.into.get(predicate, {}).get(obj, [])

    def instances(self, cls: Term) -> frozenset[Term]:
        found = self._instances.get(cls)
        if found is None:
            if self._typed is None:
                typed: defaultdict[Term, list[Term]] = defaultdict(list)
                for subject, classes in self.out.get(RDF_TYPE, {}).items():
                    for c in classes:
                        typed[c].append(subject)
                self._typed = dict(typed)
            found = frozenset(
                s for c, subjects in self._typed.items() if cls in self.supers(c) for s in subjects
            )
            self._instances[cls] = found
        return found


def _literal(term: ox.Literal) -> rdflib.Literal:
    """The literal as rdflib reads it (its Python value, ``ill_typed``), as pySHACL sees it."""
    return cast(rdflib.Literal, to_rdflib(term))


def _unique(values: dict[Term, list[Term]]) -> dict[Term, list[Term]]:
    for key, found in values.items():
        if len(found) > 1:
            values[key] = list(dict.fromkeys(found))
    return dict(values)


# ---------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------

PathStep = Callable[[Reader, Term], Iterable[Term]]


@dataclass(frozen=True)
class Path:
    text: str  # as findings show it (the reference's rendering)
    predicates: frozenset[str]
    inverse: frozenset[str]
    step: PathStep


def _path(shapes: rdflib.Graph, node: Node) -> Path:
    if isinstance(node, rdflib.URIRef):
        predicate = ox.NamedNode(str(node))
        return Path(
            str(node), frozenset({str(node)}), frozenset(), lambda i, f: i.objects(f, predicate)
        )
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        if not isinstance(inverse, rdflib.URIRef):
            raise Unsupported(f"the inverse of a complex path ({node})")
        predicate = ox.NamedNode(str(inverse))
        return Path(
            "^" + str(inverse),
            frozenset(),
            frozenset({str(inverse)}),
            lambda i, f: i.subjects(predicate, f),
        )
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        members = [_path(shapes, m) for m in Collection(shapes, alternatives)]
        return Path(
            "alt(" + " ".join(m.text for m in members) + ")",
            frozenset().union(*(m.predicates for m in members)),
            frozenset().union(*(m.inverse for m in members)),
            lambda i, f: dict.fromkeys(v for m in members for v in m.step(i, f)),
        )
    if shapes.value(node, RDF.first) is not None:
        members = [_path(shapes, m) for m in Collection(shapes, node)]

        def sequence(index: Reader, focus: Term) -> Iterable[Term]:
            current: Iterable[Term] = [focus]
            for member in members:
                current = dict.fromkeys(v for c in current for v in member.step(index, c))
            return current

        return Path(
            "seq(" + " ".join(m.text for m in members) + ")",
            frozenset().union(*(m.predicates for m in members)),
            frozenset().union(*(m.inverse for m in members)),
            sequence,
        )
    raise Unsupported(f"the path {node} (zero-or-more, one-or-more and zero-or-one paths)")


# ---------------------------------------------------------------------------
# Shapes and their constraints
# ---------------------------------------------------------------------------

#: A failure: (value node or None, constraint component IRI).
Failure = tuple[Term | None, str]
#: A constraint: (index, focus node, value nodes) -> its failures.
Check = Callable[[Reader, Term, Sequence[Term]], list[Failure]]


@dataclass
class Shape:
    node: Node
    severity: Severity
    messages: tuple[str, ...]
    path: Path | None = None
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)  # its sh:property shapes
    classes: tuple[ox.NamedNode, ...] = ()
    nodes: tuple[Term, ...] = ()
    subjects_of: tuple[ox.NamedNode, ...] = ()
    objects_of: tuple[ox.NamedNode, ...] = ()

    @property
    def name(self) -> str:
        return "_:" + str(self.node) if isinstance(self.node, rdflib.BNode) else str(self.node)

    def values(self, index: Reader, focus: Term) -> Sequence[Term]:
        return [focus] if self.path is None else list(self.path.step(index, focus))

    def failures(self, index: Reader, focus: Term) -> list[Failure]:
        values = self.values(index, focus)
        return [failure for check in self.checks for failure in check(index, focus, values)]

    def conforms(self, index: Reader, focus: Term) -> bool:
        """Whether ``focus`` conforms (as the value node of a nested shape)."""
        values = self.values(index, focus)
        if any(check(index, focus, values) for check in self.checks):
            return False
        return all(p.conforms(index, v) for p in self.properties for v in values)


def _component(name: str) -> str:
    return str(SH) + name + "ConstraintComponent"


class _Compiler:
    def __init__(self, shapes: rdflib.Graph) -> None:
        self.graph = shapes
        self.shapes: dict[Node, Shape] = {}
        self.predicates: set[str] = set()
        self.inverse: set[str] = set()

    def value(self, node: Node, predicate: rdflib.URIRef) -> Node:
        values = list(self.graph.objects(node, predicate))
        if len(values) != 1:
            raise Unsupported(f"{node} has {len(values)} values of {predicate}")
        return values[0]

    def integer(self, node: Node, predicate: rdflib.URIRef) -> int:
        found = self.value(node, predicate)
        if not isinstance(found, rdflib.Literal) or not isinstance(found.toPython(), int):
            raise Unsupported(f"{predicate} of {node} is not an integer")
        return int(found.toPython())

    def shape(self, node: Node) -> Shape:
        known = self.shapes.get(node)
        if known is not None:
            return known
        graph = self.graph
        if (node, SH.deactivated, None) in graph:
            raise Unsupported("sh:deactivated")
        if (node, RDF.type, RDFS.Class) in graph or (node, RDF.type, rdflib.OWL.Class) in graph:
            raise Unsupported(f"{node} is a class (implicit class target)")
        if any("{" in str(m) for m in graph.objects(node, SH.message)):
            raise Unsupported(f"the message of {node} has a template")
        severity = graph.value(node, SH.severity) or SH.Violation
        path_node = graph.value(node, SH.path)
        path = None
        if path_node is not None:
            path = _path(graph, path_node)
            self.predicates |= path.predicates
            self.inverse |= path.inverse
        shape = Shape(
            node,
            _SEVERITY.get(severity, "violation"),
            tuple(str(m) for m in graph.objects(node, SH.message)),
            path,
            classes=tuple(_named(c) for c in graph.objects(node, SH.targetClass)),
            nodes=tuple(_term(n) for n in graph.objects(node, SH.targetNode)),
            subjects_of=tuple(_named(p) for p in graph.objects(node, SH.targetSubjectsOf)),
            objects_of=tuple(_named(p) for p in graph.objects(node, SH.targetObjectsOf)),
        )
        self.predicates |= {p.value for p in (*shape.subjects_of, *shape.objects_of)}
        self.inverse |= {p.value for p in shape.objects_of}
        self.shapes[node] = shape  # before the constraints: shapes may refer to each other
        for predicate in sorted(set(graph.predicates(node, None)), key=str):
            if predicate in _NOT_CONSTRAINTS:
                continue
            if predicate == SH.property:
                for member in graph.objects(node, predicate):
                    child = self.shape(member)
                    if child.path is None:
                        raise Unsupported(f"sh:property {member} without sh:path")
                    shape.properties.append(child)
                continue
            if predicate == SH.pattern:
                shape.checks.append(self.pattern(node))
                continue
            if predicate == SH.qualifiedValueShape:
                shape.checks.append(self.qualified(node))
                continue
            for value in graph.objects(node, predicate):
                shape.checks.append(self.constraint(shape, predicate, value))
        return shape

    def constraint(self, shape: Shape, predicate: Node, value: Node) -> Check:
        if predicate in _INT:
            count = self.integer(shape.node, predicate)  # type: ignore[arg-type]
            return _min_count(count) if predicate == SH.minCount else _max_count(count)
        if predicate == SH["class"]:
            return _class(_named(value))
        if predicate == SH.datatype:
            return _datatype(str(value))
        if predicate == SH.nodeKind:
            return _node_kind(value)
        if predicate == SH["in"]:
            return _in([_term(m) for m in Collection(self.graph, value)])
        if predicate == SH.hasValue:
            return _has_value(_term(value))
        if predicate == SH.languageIn:
            return _language_in([str(m) for m in Collection(self.graph, value)])
        if predicate == SH.uniqueLang:
            return _unique_lang(
                bool(value.toPython()) if isinstance(value, rdflib.Literal) else True
            )
        if predicate in _RANGES:
            if not isinstance(value, rdflib.Literal):
                raise Unsupported(f"{predicate} {value} is not a literal")
            return _range(predicate, value)
        if predicate in (SH.equals, SH.lessThanOrEquals, SH.lessThan, SH.disjoint):
            if predicate in (SH.lessThan, SH.disjoint) or shape.path is None:
                raise Unsupported(f"{predicate} on {shape.node}")
            self.predicates.add(str(value))
            other = _named(value)
            return _equals(other) if predicate == SH.equals else _less_or_equal(other)
        if predicate in (SH["or"], SH["and"], SH.xone):
            if predicate == SH.xone:
                raise Unsupported("sh:xone")
            members = [self.shape(m) for m in Collection(self.graph, value)]
            return _or(members) if predicate == SH["or"] else _and(members)
        if predicate == SH["not"]:
            return _not(self.shape(value))
        if predicate == SH.node:
            # pySHACL reports the nested shape's results too (as sh:detail), which the
            # reading of its report counts as results of their own: not reproduced here.
            raise Unsupported(f"sh:node on {shape.node}")
        raise Unsupported(f"the constraint {predicate} on {shape.node}")

    def pattern(self, node: Node) -> Check:
        text = str(self.value(node, SH.pattern))
        flags_node = self.graph.value(node, SH.flags)
        flags = 0
        for letter in str(flags_node or ""):
            flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(
                letter, 0
            )
            if letter not in "imsx":
                raise Unsupported(f"the regular expression flag {letter!r}")
        return _pattern(re.compile(text, flags))

    def qualified(self, node: Node) -> Check:
        if self.graph.value(node, SH.qualifiedValueShapesDisjoint) not in (
            None,
            rdflib.Literal(False),
        ):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        nested = self.shape(self.value(node, SH.qualifiedValueShape))
        low = (
            self.integer(node, SH.qualifiedMinCount)
            if (node, SH.qualifiedMinCount, None) in self.graph
            else None
        )
        high = (
            self.integer(node, SH.qualifiedMaxCount)
            if (node, SH.qualifiedMaxCount, None) in self.graph
            else None
        )
        if low is None and high is None:
            return lambda index, focus, values: []
        return _qualified(nested, low, high)


def _named(node: Node) -> ox.NamedNode:
    if not isinstance(node, rdflib.URIRef):
        raise Unsupported(f"{node!r} where an IRI is expected")
    return ox.NamedNode(str(node))


def _term(node: Node) -> Term:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise Unsupported(f"a blank node {node!r} as a constraint value")


# ---------------------------------------------------------------------------
# The constraint components (as pySHACL evaluates them)
# ---------------------------------------------------------------------------


def _min_count(count: int) -> Check:
    component = _component("MinCount")
    return lambda index, focus, values: [] if len(values) >= count else [(None, component)]


def _max_count(count: int) -> Check:
    component = _component("MaxCount")
    return lambda index, focus, values: [] if len(values) <= count else [(None, component)]


def _each(component: str, ok: Callable[[Reader, Term], bool]) -> Check:
    """A check of every value node on its own: one failure per value node that fails."""
    return lambda index, focus, values: [(v, component) for v in values if not ok(index, v)]


def _class(cls: ox.NamedNode) -> Check:
    return _each(_component("Class"), lambda index, v: index.is_instance(v, cls))


_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    XSD_STRING: (str, bytes),
    LANG_STRING: (str, bytes),
    str(XSD.integer): int,
    str(XSD.float): float,
    str(XSD.decimal): Decimal,
    str(XSD.boolean): bool,
    str(XSD.date): date,
    str(XSD.time): time,
    str(XSD.dateTime): datetime,
}


def _datatype(datatype: str) -> Check:
    python_type = _PYTHON_TYPES.get(datatype)

    def ok(_index: Reader, v: Term) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        if datatype == str(RDFS.Literal):
            return True
        if v.language:  # a str, rdflib's datatype None
            return datatype == LANG_STRING
        if v.datatype.value == XSD_STRING:  # a str, rdflib's datatype None
            return datatype == XSD_STRING
        if datatype == str(RDFS.Datatype):
            return True
        if v.datatype.value != datatype:
            return False
        literal = _literal(v)
        if getattr(literal, "ill_typed", None) is True:
            return False
        return python_type is None or isinstance(literal.value, python_type)

    return _each(_component("Datatype"), ok)


def _node_kind(kind: Node) -> Check:
    allowed = {
        SH.IRI: (ox.NamedNode,),
        SH.BlankNode: (ox.BlankNode,),
        SH.Literal: (ox.Literal,),
        SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
        SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
        SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
    }.get(kind)  # type: ignore[call-overload]
    if allowed is None:
        raise Unsupported(f"sh:nodeKind {kind}")
    return _each(_component("NodeKind"), lambda index, v: isinstance(v, allowed))


def _in(members: list[Term]) -> Check:
    allowed = set(members)
    return _each(_component("In"), lambda index, v: v in allowed)


def _has_value(wanted: Term) -> Check:
    component = _component("HasValue")
    return lambda index, focus, values: [] if wanted in values else [(None, component)]


def _pattern(expression: re.Pattern[str]) -> Check:
    def ok(_index: Reader, v: Term) -> bool:
        if isinstance(v, ox.BlankNode):
            return False
        return expression.search(v.value) is not None

    return _each(_component("Pattern"), ok)


def _language_in(languages: list[str]) -> Check:
    wanted = {language.lower() for language in languages}

    def ok(_index: Reader, v: Term) -> bool:
        if not isinstance(v, ox.Literal) or not v.language:
            return False
        tag = v.language.lower()
        return "*" in wanted or tag in wanted or tag.split("-")[0] in wanted

    return _each(_component("LanguageIn"), ok)


def _unique_lang(active: bool) -> Check:
    component = _component("UniqueLang")

    def check(_index: Reader, _focus: Term, values: Sequence[Term]) -> list[Failure]:
        if not active:
            return []
        seen: set[str] = set()
        duplicated: set[str] = set()
        for v in values:
            if isinstance(v, ox.Literal) and v.language:
                tag = v.language.lower()
                (duplicated if tag in seen else seen).add(tag)
        return [(None, component) for _ in duplicated]

    return check


_RANGES: dict[Node, tuple[str, Callable[[int], bool]]] = {
    SH.minInclusive: ("MinInclusive", lambda c: c >= 0),
    SH.maxInclusive: ("MaxInclusive", lambda c: c <= 0),
    SH.minExclusive: ("MinExclusive", lambda c: c > 0),
    SH.maxExclusive: ("MaxExclusive", lambda c: c < 0),
}


def _range(predicate: Node, bound: rdflib.Literal) -> Check:
    name, holds = _RANGES[predicate]
    bound_is_string = isinstance(bound.value, str)

    def ok(_index: Reader, v: Term) -> bool:
        if not isinstance(v, ox.Literal):
            return False
        literal = _literal(v)
        if isinstance(literal.value, str) != bound_is_string:
            return False
        try:
            order: int = compare_literal(literal, bound)  # type: ignore[no-untyped-call]
            return holds(order)
        except (TypeError, NotImplementedError):
            return False

    return _each(_component(name), ok)


def _equals(other: ox.NamedNode) -> Check:
    component = _component("Equals")

    def check(index: Reader, focus: Term, values: Sequence[Term]) -> list[Failure]:
        mine = set(values)
        theirs = set(index.objects(focus, other))
        failures: list[Failure] = [(v, component) for v in mine - theirs]
        return failures + [(v, component) for v in theirs - mine]

    return check


def _comparable(term: Term) -> tuple[object, bool]:
    """A value as pySHACL compares it for ``sh:lessThanOrEquals``, and whether it is text."""
    if isinstance(term, ox.BlankNode):
        raise Unsupported("sh:lessThanOrEquals on a blank node")
    if isinstance(term, ox.NamedNode):
        return term.value, True
    literal = _literal(term)
    if isinstance(literal.value, str):
        return literal.value, True
    return literal, False


def _less_or_equal(other: ox.NamedNode) -> Check:
    component = _component("LessThanOrEquals")

    def check(index: Reader, focus: Term, values: Sequence[Term]) -> list[Failure]:
        failures: list[Failure] = []
        compared = [_comparable(c) for c in set(index.objects(focus, other))]
        for v in set(values):
            mine, mine_text = _comparable(v)
            for theirs, theirs_text in compared:
                if mine_text != theirs_text or not mine <= theirs:  # type: ignore[operator]
                    failures.append((v, component))
        return failures

    return check


def _or(members: list[Shape]) -> Check:
    return _each(_component("Or"), lambda index, v: any(m.conforms(index, v) for m in members))


def _and(members: list[Shape]) -> Check:
    return _each(_component("And"), lambda index, v: all(m.conforms(index, v) for m in members))


def _not(member: Shape) -> Check:
    return _each(_component("Not"), lambda index, v: not member.conforms(index, v))


def _qualified(nested: Shape, low: int | None, high: int | None) -> Check:
    def check(index: Reader, focus: Term, values: Sequence[Term]) -> list[Failure]:
        conforming = sum(1 for v in values if nested.conforms(index, v))
        failures: list[Failure] = []
        if high is not None and conforming > high:
            failures.append((None, _component("QualifiedMaxCount")))
        if low is not None and conforming < low:
            failures.append((None, _component("QualifiedMinCount")))
        return failures

    return check


# ---------------------------------------------------------------------------
# The compiled shapes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CoreShapes:
    """The shapes compiled for :meth:`results`."""

    targeted: tuple[Shape, ...]  # every shape with a target
    predicates: frozenset[str]
    inverse: frozenset[str]

    @property
    def per_node(self) -> bool:
        """Whether every focus node is the subject of a triple (no ``sh:targetNode``, no
        ``sh:targetObjectsOf``), so that :meth:`results_for` can serve any part of them."""
        return not any(shape.nodes or shape.objects_of for shape in self.targeted)

    def index(self, triples: Iterable[ox.Triple | ox.Quad]) -> Index:
        """The union of ``triples`` indexed for these shapes (the predicates they read)."""
        return Index(triples, set(self.predicates), set(self.inverse))

    def results(self, triples: Iterable[ox.Triple | ox.Quad]) -> list[ValidationResult]:
        """Every result the shapes give on the union of ``triples`` (quads: graph names
        ignored), unlocated."""
        index = self.index(triples)
        return _report(index, [(shape, _focus_nodes(index, shape)) for shape in self.targeted])

    def results_for(self, reader: Reader, subjects: Iterable[Term]) -> list[ValidationResult]:
        """The results whose focus node is one of ``subjects``, read through ``reader``
        (for shapes that are :attr:`per_node`): what :meth:`results` gives them."""
        subjects = list(subjects)
        members: defaultdict[Term, dict[Term, None]] = defaultdict(dict)
        for subject in subjects:
            for cls in reader.objects(subject, RDF_TYPE):
                for parent in reader.supers(cls):
                    members[parent][subject] = None
        targets = []
        for shape in self.targeted:
            focus: dict[Term, None] = {}
            for cls in shape.classes:
                focus.update(members.get(cls, {}))
            for predicate in shape.subjects_of:
                focus.update(dict.fromkeys(s for s in subjects if reader.objects(s, predicate)))
            targets.append((shape, list(focus)))
        return _report(reader, targets)


def _report(reader: Reader, targets: list[tuple[Shape, list[Term]]]) -> list[ValidationResult]:
    """The results of each shape on its focus nodes."""
    found: list[ValidationResult] = []
    # rdflib compares an ill-typed literal with a DeprecationWarning (NotImplemented in
    # a boolean context), as in pySHACL's run; the rule `literal` reports the value.
    with ill_typed_literals_allowed(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        for shape, focus_nodes in targets:
            # the shape and its property shapes report on the same focus nodes
            for reporter in (shape, *shape.properties):
                for focus in focus_nodes:
                    for value, component in reporter.failures(reader, focus):
                        found.append(_result(reporter, focus, value, component))
    return found


def compile_shapes(shapes: rdflib.Graph) -> CoreShapes:
    """The core shapes of ``shapes`` (no SPARQL shapes), or :class:`Unsupported`."""
    compiler = _Compiler(shapes)
    if any(True for _ in shapes.triples((None, SH.target, None))) or any(
        True for _ in shapes.triples((None, SH.sparql, None))
    ):
        raise Unsupported("SHACL-AF targets or SPARQL constraints")
    nodes = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in shapes.subjects(p, None)
    }
    targeted = [compiler.shape(node) for node in sorted(nodes, key=str)]
    for shape in compiler.shapes.values():
        if shape.path is not None and shape.properties:
            raise Unsupported(f"sh:property under the property shape {shape.node}")
    return CoreShapes(tuple(targeted), frozenset(compiler.predicates), frozenset(compiler.inverse))


def _focus_nodes(index: Index, shape: Shape) -> list[Term]:
    found: dict[Term, None] = dict.fromkeys(shape.nodes)
    for cls in shape.classes:
        found.update(dict.fromkeys(index.instances(cls)))
    for predicate in shape.subjects_of:
        found.update(dict.fromkeys(index.out.get(predicate, {})))
    for predicate in shape.objects_of:
        found.update(dict.fromkeys(index.into.get(predicate, {})))
    return list(found)


def finding_text(term: Term | ox.Triple) -> str:
    """A term as a finding shows it (rdflib's forms, as pySHACL's report has them)."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return str(to_rdflib(term).n3())
    raise Unsupported(f"RDF-star term {term}")


def _result(shape: Shape, focus: Term, value: Term | None, component: str) -> ValidationResult:
    return ValidationResult(
        severity=shape.severity,
        message=sorted(shape.messages)[0] if shape.messages else "SHACL constraint not met.",
        focus_node=finding_text(focus),
        path=shape.path.text if shape.path is not None else None,
        value=finding_text(value) if value is not None else None,
        source_shape=shape.name,
        constraint=component,
    )
