"""How the shapes are run at scale: which part goes to pySHACL, which to pyoxigraph.

:func:`plan` reads the shapes graph once and splits it:

* the **SPARQL shapes** (a SHACL-AF ``sh:SPARQLTarget`` and/or ``sh:sparql``
  constraints, e.g. ``pgsh:AlignmentMatchShape``) are evaluated here with
  pyoxigraph's SPARQL engine, once over the union of the files, with the same
  semantics and the same result fields as pySHACL (:func:`sparql_results`): rdflib's
  engine made them superlinear;
* the **core shapes** (everything else) go to pySHACL, document by document:
  :attr:`Plan.inverse_predicates` and the path checks in :func:`plan` say which
  triples around a document its focus nodes can reach, so that a document's own
  triples plus that neighbourhood give exactly the results the whole union gives.

If the shapes use a feature this split does not cover (deeper paths, nested shapes
with paths on value nodes, deactivated constraints, ...), :attr:`Plan.supported` is
False and the caller runs pySHACL over the union as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .core import Unsupported as _Unsupported
from .core import finding_text
from .model import Severity, ValidationResult

_SEVERITY: dict[rdflib.term.Node, Severity] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}
_NESTING = (SH["or"], SH["and"], SH["not"], SH.xone, SH.qualifiedValueShape, SH.node)
_LISTS = (SH["or"], SH["and"], SH.xone)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@dataclass(frozen=True)
class SparqlConstraint:
    node: rdflib.term.Node
    select: str  # with its PREFIX lines
    messages: tuple[str, ...]


@dataclass(frozen=True)
class SparqlShape:
    node: rdflib.term.Node
    severity: Severity
    targets: tuple[str, ...]  # SELECT ?this queries, one per target
    constraints: tuple[SparqlConstraint, ...]
    messages: tuple[str, ...]  # the shape's own sh:message
    local: bool = False  # every query reads only a focus node's two-step neighbourhood


@dataclass(frozen=True)
class Plan:
    supported: bool
    reason: str  # why not, when not supported
    core: rdflib.Graph  # the shapes graph without the SPARQL shapes
    sparql: tuple[SparqlShape, ...]
    inverse_predicates: frozenset[str]


def plan(shapes: rdflib.Graph) -> Plan:
    """Split ``shapes`` into the pySHACL part and the pyoxigraph part."""
    sparql_nodes = {s for s in shapes.subjects(SH.sparql, None)}
    sparql_nodes |= {
        s
        for s, target in shapes.subject_objects(SH.target)
        if (target, RDF.type, SH.SPARQLTarget) in shapes
    }
    core = rdflib.Graph()
    for triple in shapes:
        if triple[0] not in sparql_nodes:
            core.add(triple)
    reason = _unsupported(shapes, core, sparql_nodes)
    sparql: list[SparqlShape] = []
    if not reason:
        try:
            sparql = [_sparql_shape(shapes, node) for node in sorted(sparql_nodes, key=str)]
        except _Unsupported as exc:
            reason = str(exc)
    inverse = frozenset(
        str(p) for p in shapes.objects(None, SH.inversePath) if isinstance(p, rdflib.URIRef)
    )
    return Plan(not reason, reason, core, tuple(sparql), inverse)


def _unsupported(
    shapes: rdflib.Graph, core: rdflib.Graph, sparql_nodes: set[rdflib.term.Node]
) -> str:
    """Why the per-document split would not be exact for these shapes ('' if it is)."""
    if any(True for _ in shapes.triples((None, SH.deactivated, None))):
        return "sh:deactivated"
    for predicate in (SH.targetObjectsOf, SH.targetNode):
        if any(True for _ in core.triples((None, predicate, None))):
            return f"{predicate} (its focus nodes need not be subjects of any file)"
    for target in core.objects(None, SH.target):
        return f"a non-SPARQL sh:target {target}"
    if any(True for _ in core.triples((None, SH.sparql, None))):
        return "sh:sparql on a shape with core constraints"
    for path in shapes.objects(None, SH.path):
        if not _path_ok(shapes, path):
            return f"the path {path} (only IRIs, ^IRI, alternatives and two-step sequences)"
    # Shapes applied to value nodes must not look further than their value node.
    property_shapes = set(shapes.subjects(SH.path, None))
    for shape in property_shapes:
        for nested in _nested(shapes, shape):
            if nested in sparql_nodes or any(
                (nested, p, None) in shapes for p in (SH.path, SH.property, SH.node)
            ):
                return f"a nested shape with a path under the property shape {shape}"
    for shape in set(shapes.subjects(None, None)) - property_shapes:
        for nested in _nested(shapes, shape):
            if nested in property_shapes:
                nested_path = shapes.value(nested, SH.path)
                if not isinstance(nested_path, rdflib.URIRef) or any(_nested(shapes, nested)):
                    return f"a nested property shape {nested} with a complex path"
            elif any((nested, p, None) in shapes for p in (SH.property, SH.node)):
                return f"nested sh:property/sh:node in {shape}"
    return ""


def _nested(shapes: rdflib.Graph, shape: rdflib.term.Node) -> Iterable[rdflib.term.Node]:
    for predicate in _NESTING:
        for value in shapes.objects(shape, predicate):
            if predicate in _LISTS:
                yield from Collection(shapes, value)
            else:
                yield value


def _path_ok(shapes: rdflib.Graph, path: rdflib.term.Node) -> bool:
    if isinstance(path, rdflib.URIRef):
        return True
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return isinstance(inverse, rdflib.URIRef)
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return all(isinstance(m, rdflib.URIRef) for m in Collection(shapes, alternatives))
    if shapes.value(path, RDF.first) is not None:
        members = list(Collection(shapes, path))
        return len(members) <= 2 and all(isinstance(m, rdflib.URIRef) for m in members)
    return False


def _prefixes(shapes: rdflib.Graph, node: rdflib.term.Node) -> str:
    lines = []
    for holder in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines) + "\n"


def _sparql_shape(shapes: rdflib.Graph, node: rdflib.term.Node) -> SparqlShape:
    core_parameters = {p for p in shapes.predicates(node, None) if str(p).startswith(str(SH))} - {
        SH.sparql,
        SH.severity,
        SH.message,
        SH.name,
        SH.description,
        *_TARGETS,
    }
    if core_parameters or (node, RDF.type, SH.PropertyShape) in shapes:
        raise _Unsupported(f"{node} mixes SPARQL and core constraints")
    targets = []
    for cls in shapes.objects(node, SH.targetClass):
        targets.append(
            f"SELECT DISTINCT ?this WHERE {{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"
        )
    for value in shapes.objects(node, SH.targetNode):
        targets.append(f"SELECT ?this WHERE {{ VALUES ?this {{ {to_sparql(value)} }} }}")
    for p in shapes.objects(node, SH.targetSubjectsOf):
        targets.append(f"SELECT DISTINCT ?this WHERE {{ ?this <{p}> ?any }}")
    for target in shapes.objects(node, SH.target):
        select = shapes.value(target, SH.select)
        if select is None:
            raise _Unsupported(f"the target {target} of {node} has no sh:select")
        targets.append(_prefixes(shapes, target) + str(select))
    constraints = []
    for constraint in shapes.objects(node, SH.sparql):
        select = shapes.value(constraint, SH.select)
        if select is None:
            raise _Unsupported(f"the SPARQL constraint {constraint} has no sh:select")
        constraints.append(
            SparqlConstraint(
                constraint,
                _prefixes(shapes, constraint) + str(select),
                tuple(str(m) for m in shapes.objects(constraint, SH.message)),
            )
        )
    messages = tuple(str(m) for m in shapes.objects(node, SH.message))
    if any(not c.messages for c in constraints) and not messages:
        raise _Unsupported(f"a SPARQL constraint of {node} has no sh:message")
    severity = shapes.value(node, SH.severity) or SH.Violation
    local = all(is_local(q) for q in [*targets, *(c.select for c in constraints)])
    return SparqlShape(
        node,
        _SEVERITY.get(rdflib.URIRef(str(severity)), "violation"),
        tuple(targets),
        tuple(sorted(constraints, key=lambda c: str(c.node))),
        messages,
        local,
    )


_NOT_LOCAL = {"Graph", "ServiceGraphPattern", "ToMultiSet", "values", "SubSelect", "InlineData"}


def is_local(select: str) -> bool:
    """True if every triple pattern of ``select`` starts at ``?this`` or one step from it.

    Then the query matches only triples whose subject is the focus node or a node
    one step away from it, in each group of patterns on its own (a NOT EXISTS
    block may use the variables of the group around it): evaluating it on a
    document's neighbourhood gives, for that document's focus nodes, exactly what
    the union gives. Anything else (GRAPH, VALUES, sub-queries, property paths,
    ``BIND`` to ``?this``, a pattern not tied to ``?this``) is not local.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = prepareQuery(select).algebra
    except Exception:  # rdflib cannot read it: do not guess
        return False
    this = rdflib.Variable("this")
    ok = True

    def block(
        triples: Sequence[Sequence[rdflib.term.Node]], outer: set[rdflib.term.Node]
    ) -> set[rdflib.term.Node]:
        nonlocal ok
        depth: dict[rdflib.term.Node, int] = {this: 0}
        depth.update({v: 1 for v in outer if v != this})
        for _ in triples:
            for s, _p, o in triples:
                if s in depth and depth[s] < 1 and isinstance(o, rdflib.Variable | rdflib.BNode):
                    depth[o] = min(depth.get(o, 2), depth[s] + 1)
        for s, p, _o in triples:
            if s not in depth or depth[s] > 1 or not isinstance(p, rdflib.URIRef | rdflib.Variable):
                ok = False
        return {v for v, d in depth.items() if d <= 1}

    def walk(node: object, outer: set[rdflib.term.Node]) -> None:
        nonlocal ok
        if isinstance(node, CompValue):
            if node.name in _NOT_LOCAL or (node.name == "Extend" and node.get("var") == this):
                ok = False
                return
            anchored = set(outer)
            if "triples" in node and node["triples"] is not None:
                anchored |= block([tuple(t) for t in node["triples"]], outer)
            for key, value in node.items():
                if key != "triples":
                    walk(value, anchored)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item, outer)

    walk(algebra, set())
    return ok


def predicates(select: str) -> frozenset[str] | None:
    """The IRIs ``select`` uses as predicates; None if a predicate is a variable or a path
    (or the query cannot be read): then any triple may match."""
    from rdflib.plugins.sparql.parserutils import CompValue

    from ..errors import SparqlSyntaxError
    from ..sparql import parse_algebra, walk

    try:
        algebra = parse_algebra(select)
    except SparqlSyntaxError:  # do not guess
        return None
    found: set[str] = set()
    for node in walk(algebra):
        # CompValue.get() resolves values; the item itself is the list of patterns.
        patterns = dict.get(node, "triples") if isinstance(node, CompValue) else None
        for _s, p, _o in (tuple(t) for t in patterns or ()):
            if not isinstance(p, rdflib.URIRef):
                return None
            found.add(str(p))
    return frozenset(found)


def to_sparql(term: rdflib.term.Node) -> str:
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise _Unsupported(f"sh:targetNode {term!r}")


# ---------------------------------------------------------------------------
# Evaluating the SPARQL shapes on pyoxigraph
# ---------------------------------------------------------------------------

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _bind_this(select: str, focus: Sequence[str]) -> str:
    """``select`` with ``VALUES ?this { ... }`` at the start of its WHERE clause."""
    match = _WHERE.search(select) or re.search(r"\{", select)
    assert match is not None
    values = " VALUES ?this { " + " ".join(focus) + " } "
    return select[: match.end()] + values + select[match.end() :]


def _plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """``str()`` of the rdflib term: what pySHACL substitutes into a message."""
    return term.value if not isinstance(term, ox.Triple) else str(term)


def _sparql_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        raise _Unsupported("a blank-node focus node of a SPARQL shape")
    return str(term)


def _format(message: str, bindings: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    for name, value in bindings.items():
        message = re.sub(f"{{[?$]{name}}}", _plain(value), message)
    return message


def sparql_results(
    store: ox.Store, shapes: Sequence[SparqlShape], focus_in: set[str] | None = None
) -> list[ValidationResult]:
    """The results pySHACL would give for the SPARQL shapes, evaluated on ``store``.

    ``store`` holds the data graph (the union of its graphs is queried). Only focus
    nodes whose text is in ``focus_in`` are checked, when it is given. Results are
    not located (no file/line).
    """
    found: list[ValidationResult] = []
    for shape in shapes:
        focus: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
        for target in shape.targets:
            for row in store.query(target, use_default_graph_as_union=True):  # type: ignore[union-attr]
                node = row["this"]
                if node is not None and (focus_in is None or finding_text(node) in focus_in):
                    focus.setdefault(str(node), node)
        if not focus:
            continue
        for constraint in shape.constraints:
            found += _constraint_results(store, shape, constraint, focus)
    return found


def _constraint_results(
    store: ox.Store,
    shape: SparqlShape,
    constraint: SparqlConstraint,
    focus: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal],
) -> list[ValidationResult]:
    terms = sorted(focus)
    for node in focus.values():
        _sparql_term(node)
    query = _bind_this(constraint.select, terms)
    solutions = store.query(query, use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    if "this" not in variables:
        raise _Unsupported(f"{constraint.node} does not select $this")
    seen: set[tuple[object, ...]] = set()
    failed: set[str] = set()
    results = []
    for row in solutions:  # type: ignore[union-attr]
        bound = {name: row[name] for name in variables if row[name] is not None}
        this = bound.get("this")
        assert this is not None
        if "failure" in bound:
            if str(this) in failed:
                continue
            failed.add(str(this))
            rest = {k: v for k, v in bound.items() if k not in ("failure", "this")}
            results.append(_result(shape, constraint, this, None, this, rest, bound_triple=False))
            continue
        path, value = bound.get("path"), bound.get("value")
        rest = {k: v for k, v in bound.items() if k not in ("path", "value", "this")}
        key = (
            str(this),
            str(path),
            str(value),
            tuple(sorted((k, str(v)) for k, v in rest.items())),
        )
        if key in seen:
            continue
        seen.add(key)
        results.append(
            _result(shape, constraint, this, path, value if value is not None else this, rest)
        )
    return results


def _result(
    shape: SparqlShape,
    constraint: SparqlConstraint,
    this: ox.NamedNode | ox.BlankNode | ox.Literal,
    path: ox.NamedNode | ox.BlankNode | ox.Literal | None,
    value: ox.NamedNode | ox.BlankNode | ox.Literal,
    rest: dict[str, ox.NamedNode | ox.BlankNode | ox.Literal],
    *,
    bound_triple: bool = True,
) -> ValidationResult:
    bindings = dict(rest)
    if bound_triple:
        bindings["this"] = this
        if path is not None:
            bindings["path"] = path
        bindings["value"] = value
    own = list(shape.messages)
    messages = [_format(m, bindings) for m in constraint.messages if m not in own]
    messages += [_format(m, bindings) for m in own]
    if path is not None and not isinstance(path, ox.NamedNode):
        raise _Unsupported(f"{constraint.node} binds ?path to a non-IRI")
    return ValidationResult(
        severity=shape.severity,
        message=sorted(messages)[0],
        focus_node=finding_text(this),
        path=path.value if path is not None else None,
        value=finding_text(value),
        source_shape=str(shape.node)
        if not isinstance(shape.node, rdflib.BNode)
        else "_:" + str(shape.node),
        constraint=str(constraint.node)
        if isinstance(constraint.node, rdflib.URIRef)
        else str(SH.SPARQLConstraintComponent),
    )


Unsupported = _Unsupported
