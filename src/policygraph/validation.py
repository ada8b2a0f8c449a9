"""SHACL validation of encoded documents (the only module that imports pyshacl).

:func:`validate` returns a :class:`ValidationReport`: a frozen dataclass whose
results each carry the focus node, path, value, severity, message, the shape
that produced them and the file (and line) where the focus node is defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as RdflibPath

from . import resources
from .errors import LoadError, ShapesError
from .loading import LoadedFile, expand, parse_file, shipped_model
from .terms import to_rdflib

SEVERITIES = ("violation", "warning", "info")
_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
#: Shipped data files that other documents refer to; validated alongside.
CONTEXT_FILES = ("municipalities.ttl", "organisations.ttl")


@dataclass(frozen=True)
class ValidationResult:
    """One finding."""

    severity: str  # "violation", "warning" or "info"
    message: str
    focus_node: str
    path: str | None = None
    value: str | None = None
    source_shape: str | None = None
    constraint: str | None = None  # constraint component, or the SPARQL constraint's IRI
    file: str | None = None
    line: int | None = None
    rule: str = "shacl"  # "shacl", "syntax" or a repository rule name


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating some files."""

    files: tuple[str, ...]
    results: tuple[ValidationResult, ...] = field(default=())

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and info do not fail)."""
        return not any(r.severity == "violation" for r in self.results)

    def fails(self, fail_on: str = "violation") -> bool:
        """True when a result is at least as severe as ``fail_on``."""
        limit = SEVERITIES.index(fail_on)
        return any(SEVERITIES.index(r.severity) <= limit for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)


@cache
def shapes_graph() -> rdflib.Graph:
    """The shipped shapes, parsed once per process."""
    path = resources.shapes_file()
    try:
        loaded = parse_file(path, "ontology")
    except LoadError as exc:
        raise ShapesError(f"the shapes file is broken: {exc}") from None
    graph = rdflib.Graph()
    for quad in loaded.quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return graph


def data_files(paths: Sequence[str | Path] | None) -> list[Path]:
    """The files to validate (default: the shipped ``data/``)."""
    return expand([resources.data_dir()] if paths is None else paths)


def context_files(targets: Sequence[Path]) -> list[Path]:
    """Shipped municipalities/organisations files not already among ``targets``."""
    resolved = {p.resolve() for p in targets}
    names = {p.name for p in targets}
    return [
        path
        for name in CONTEXT_FILES
        if (path := resources.data_dir() / name).is_file()
        and path.resolve() not in resolved
        and name not in names
    ]


def validate_loaded(
    targets: Sequence[LoadedFile],
    context: Sequence[LoadedFile] = (),
    model: Sequence[LoadedFile] | None = None,
) -> ValidationReport:
    """Run the shapes over already parsed files; results name the target files."""
    try:
        model_files = shipped_model() if model is None else list(model)
    except LoadError as exc:
        raise ShapesError(f"the ontology or a vocabulary is broken: {exc}") from None
    data = rdflib.Graph()
    for loaded in [*model_files, *context, *targets]:
        for quad in loaded.quads:
            data.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes_graph(),
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            abort_on_first=False,
            meta_shacl=False,
            advanced=False,
        )
    except Exception as exc:  # pyshacl raises its own errors for broken shapes
        raise ShapesError(
            f"the SHACL shapes could not be run ({type(exc).__name__}: {exc}); "
            "fix ontology/shapes.ttl."
        ) from None
    owners = _subject_files([*targets, *context])
    results = [
        _result(report, node, owners) for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(
        key=lambda r: (
            r.file or "",
            SEVERITIES.index(r.severity),
            r.focus_node,
            r.path or "",
            r.source_shape or "",
            r.value or "",
        )
    )
    return ValidationReport(files=tuple(str(f.path) for f in targets), results=tuple(results))


def validate(paths: Sequence[str | Path] | None = None) -> ValidationReport:
    """Validate data files (default: every shipped document) against the shapes.

    The ontology, the vocabularies and the shipped municipalities and
    organisations are loaded alongside, so that references resolve. Raises
    :class:`LoadError` for unreadable or syntactically broken files and
    :class:`ShapesError` when the shapes or ontology themselves are broken.
    """
    targets = [parse_file(p) for p in data_files(paths)]
    context = [parse_file(p) for p in context_files([t.path for t in targets])]
    return validate_loaded(targets, context)


def _subject_files(files: Sequence[LoadedFile]) -> dict[str, str]:
    owners: dict[str, str] = {}
    for loaded in files:
        for quad in loaded.quads:
            owners.setdefault(_node_text(to_rdflib(quad.subject)), str(loaded.path))  # type: ignore[arg-type]
    return owners


def _result(
    report: rdflib.Graph, node: rdflib.term.Node, owners: dict[str, str]
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
    return ValidationResult(
        severity=_SEVERITY.get(rdflib.URIRef(str(value(SH.resultSeverity))), "violation"),
        message=messages[0] if messages else "SHACL constraint not met.",
        focus_node=focus,
        path=_path_text(report, path_node) if path_node is not None else None,
        value=_node_text(result_value) if result_value is not None else None,
        source_shape=_node_text(value(SH.sourceShape)),
        constraint=constraint,
        file=owners.get(focus),
    )


def _node_text(node: rdflib.term.Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.Literal):
        return node.n3()
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
