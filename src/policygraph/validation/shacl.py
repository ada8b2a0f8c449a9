"""The SHACL stage: the shipped shapes run by pySHACL (the only pyshacl import), and its
report graph read back into :class:`~policygraph.validation.model.ValidationResult`."""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Protocol

import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib.namespace import RDF, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as RdflibPath

from .. import resources
from ..errors import LoadError, ShapesError
from ..loading import LoadedFile, parse_file
from ..namespaces import shorten
from ..terms import add_to_rdflib
from .locate import Locator
from .model import RuleInfo, Severity, ValidationResult
from .workers import die_with_parent

__all__ = ["run_batches", "run_shapes", "shape_rules", "shapes_graph"]


class _Locates(Protocol):
    def locate(self, focus: str) -> tuple[str | None, int | None]: ...


class Nowhere:
    """A locator for results that are located later (after the cache)."""

    def locate(self, focus: str) -> tuple[str | None, int | None]:
        return None, None


_SEVERITY: dict[rdflib.term.Node, Severity] = {
    SH.Violation: "violation",
    SH.Warning: "warning",
    SH.Info: "info",
}


@cache
def shapes_graph() -> rdflib.Graph:
    """The shipped shapes, parsed once per process."""
    path = resources.shapes_file()
    try:
        loaded = parse_file(path, "ontology")
    except LoadError as exc:
        raise ShapesError(f"the shapes file is broken: {exc}") from None
    _check_shacl_terms(path, loaded.statements)
    return add_to_rdflib(loaded.statements)


def _check_shacl_terms(path: object, quads: Sequence[ox.Quad]) -> None:
    """Refuse an ``sh:`` term SHACL does not define: a misspelled ``sh:minCont`` would
    silently switch its constraint off."""
    namespace = str(SH)
    for quad in quads:
        for term in (quad.predicate, quad.object):
            if (
                isinstance(term, ox.NamedNode)
                and term.value.startswith(namespace)
                and rdflib.URIRef(term.value) not in SH
            ):
                known = sorted(SH.__annotations__)
                close = difflib.get_close_matches(term.value[len(namespace) :], known, n=1)
                hint = f" (did you mean sh:{close[0]}?)" if close else ""
                raise ShapesError(
                    f"{path}: sh:{term.value[len(namespace) :]} is not a SHACL term{hint}; "
                    "the constraint it belongs to would never be checked. Fix the shapes file."
                )


def _copy(graph: rdflib.Graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    copy += graph
    return copy


def shape_rules() -> list[RuleInfo]:
    """Every shape constraint a finding can name, with its message and severity."""
    shapes = shapes_graph()
    found = []
    for node in sorted(set(shapes.subjects(SH.message, None)), key=str):
        if not isinstance(node, rdflib.URIRef):
            continue
        holder = shapes.value(None, SH.sparql, node) or node
        severity = shapes.value(holder, SH.severity) or shapes.value(node, SH.severity)
        found.append(
            RuleInfo(
                id=shorten(str(node)),
                description=str(shapes.value(node, SH.message)),
                severity=_SEVERITY.get(rdflib.URIRef(str(severity)), "violation"),
                iri=str(node),
            )
        )
    return found


def run_shapes(
    files: Sequence[LoadedFile],
    locator: Locator | _Locates,
    shapes: rdflib.Graph | None = None,
    triples: Sequence[ox.Triple] = (),
) -> list[ValidationResult]:
    """pySHACL over ``files`` and ``triples`` with ``shapes`` (default: the shipped ones)."""
    data = rdflib.Graph()
    for loaded in files:
        add_to_rdflib(loaded.statements, data)
    add_to_rdflib(triples, data)
    try:
        # rdflib compares an ill-typed literal ("2023-13-01"^^xsd:date) with a
        # DeprecationWarning (NotImplemented in a boolean context); the rule `literal`
        # reports such a value with its file and line, so the warning is not ours to show.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
            _conforms, report, _text = pyshacl.validate(
                data,
                # A copy: pyshacl adds a few RDFS/OWL axioms to the shapes graph it
                # is given, and the cached one must stay as the file says.
                shacl_graph=_copy(shapes_graph() if shapes is None else shapes),
                inference="none",
                allow_warnings=True,
                allow_infos=True,
                abort_on_first=False,
                meta_shacl=False,
                advanced=True,
                do_owl_imports=False,  # read only local files
            )
    except ReportableRuntimeError as exc:  # pyshacl's own errors for broken shapes
        raise ShapesError(
            f"the SHACL shapes could not be run ({type(exc).__name__}: {exc}); "
            "fix ontology/shapes.ttl."
        ) from None
    return [
        _result(report, node, locator) for node in report.subjects(RDF.type, SH.ValidationResult)
    ]


def _result(
    report: rdflib.Graph, node: rdflib.term.Node, locator: Locator | _Locates
) -> ValidationResult:
    def value(predicate: rdflib.URIRef) -> rdflib.term.Node | None:
        return report.value(node, predicate)

    focus = _node_text(value(SH.focusNode))
    path_node = value(SH.resultPath)
    source_constraint = value(SH.sourceConstraint)
    component = value(SH.sourceConstraintComponent)
    constraint = (
        str(source_constraint)
        if component == SH.SPARQLConstraintComponent
        and isinstance(source_constraint, rdflib.URIRef)
        else (str(component) if component is not None else None)
    )
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    result_value = value(SH.value)
    file, line = locator.locate(focus)
    return ValidationResult(
        severity=_SEVERITY.get(rdflib.URIRef(str(value(SH.resultSeverity))), "violation"),
        message=messages[0] if messages else "SHACL constraint not met.",
        focus_node=focus,
        path=_path_text(report, path_node) if path_node is not None else None,
        value=_node_text(result_value) if result_value is not None else None,
        source_shape=_node_text(value(SH.sourceShape)),
        constraint=constraint,
        file=file,
        line=line,
    )


def _node_text(node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.Literal):
        return node.n3()
    if isinstance(node, rdflib.BNode):
        return "_:" + str(node)
    return str(node)


def _path_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """A SHACL path as text: ``<iri>``, ``^<iri>``, ``alt(...)``, ``seq(...)``."""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    parsed = _rdflib_path(graph, node)
    return _render(parsed)


def _rdflib_path(graph: rdflib.Graph, node: rdflib.term.Node) -> RdflibPath | rdflib.URIRef:
    if isinstance(node, rdflib.URIRef):
        return node
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return InvPath(_rdflib_path(graph, inverse))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(rdflib.collection.Collection(graph, alternatives))
        return AlternativePath(*[_rdflib_path(graph, i) for i in items])
    if graph.value(node, RDF.first) is not None:
        items = list(rdflib.collection.Collection(graph, node))
        return SequencePath(*[_rdflib_path(graph, i) for i in items])
    return rdflib.URIRef(str(node))


def _render(path: RdflibPath | rdflib.URIRef) -> str:
    if isinstance(path, rdflib.URIRef):
        return str(path)
    if isinstance(path, InvPath):
        return "^" + _render(path.arg)
    if isinstance(path, AlternativePath):
        return "alt(" + " ".join(_render(a) for a in path.args) + ")"
    if isinstance(path, SequencePath):
        return "seq(" + " ".join(_render(a) for a in path.args) + ")"
    if isinstance(path, MulPath):
        return _render(path.path) + path.mod
    return str(path)


_BATCHES: list[tuple[list[ox.Triple], rdflib.Graph]] = []


def _batch(index: int) -> list[ValidationResult]:
    triples, shapes = _BATCHES[index]
    return run_shapes([], Nowhere(), shapes, triples)


def run_batches(
    work: Sequence[tuple[list[ox.Triple], rdflib.Graph]], jobs: int
) -> Iterator[list[ValidationResult]]:
    """:func:`run_shapes` on each (triples, shapes) pair, in ``jobs`` processes if > 1.

    Yields each batch's results (not located) in order, as soon as it is done. Workers
    are forked, so they inherit the triples instead of receiving them pickled.
    """
    if jobs <= 1 or len(work) <= 1 or not hasattr(os, "fork"):
        for triples, shapes in work:
            yield run_shapes([], Nowhere(), shapes, triples)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _BATCHES[:] = work
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=die_with_parent
        ) as pool:
            yield from pool.map(_batch, range(len(work)))
    finally:
        _BATCHES.clear()
