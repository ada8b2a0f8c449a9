"""Validation of encoded documents (the only module that imports pyshacl).

:func:`validate` runs three stages and returns one :class:`ValidationReport`:

1. the syntax gate (:func:`.rules.read_source`): every file must be UTF-8
   without BOM and parse strictly; a file that does not is reported (rule
   ``syntax``, ``unbound-prefix``, ``relative-iri``, ...) and nothing more runs;
2. the SHACL shapes (``ontology/shapes.ttl``), over the files together with
   the ontology, the vocabularies and the shipped municipalities and
   organisations;
3. the repository rules SHACL cannot see (:mod:`.rules`).

Each result carries the focus node, path, value, severity, message, the shape
or rule that produced it, and the file and line where the focus node is
defined. Only local files are read: ``owl:imports`` are not followed and
JSON-LD remote contexts are not fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.paths import Path as RdflibPath

from . import resources
from .errors import LoadError, ShapesError
from .findings import SEVERITIES, ValidationReport, ValidationResult, compact
from .loading import LoadedFile, expand, parse_file, shipped_model
from .rules import Locator, SourceFile, read_source, repository_findings
from .sourcemap import scan
from .terms import add_to_rdflib

__all__ = [
    "CONTEXT_FILES",
    "SEVERITIES",
    "RuleInfo",
    "ValidationReport",
    "ValidationResult",
    "context_files",
    "data_files",
    "rule_catalogue",
    "shapes_graph",
    "validate",
    "validate_loaded",
]

_SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
#: Shipped data files that other documents refer to; validated alongside.
CONTEXT_FILES = ("municipalities.ttl", "organisations.ttl", "reviewers.ttl")

#: The repository rules and the input rules of the syntax gate, with what they check.
REPOSITORY_RULES = {
    "syntax": "The file must be valid Turtle (or the RDF format its extension names).",
    "unbound-prefix": "Every prefix used must be declared with @prefix.",
    "relative-iri": "IRIs must be absolute: no <relative> IRIs, no @base.",
    "bom": "Files are UTF-8 without a byte-order mark.",
    "encoding": "Files are UTF-8.",
    "unreadable": "The file must be readable.",
    "remote-context": "JSON-LD files carry their @context inline (nothing is fetched).",
    "duplicate-subject": "A subject is defined (given an rdf:type) in one data file only.",
    "undeclared-term": "Every pg: term is declared in ontology/policygraph.ttl.",
    "unknown-concept": (
        "Every principle, SDG, theme, CHIME and organisation-kind IRI exists in ontology/vocab/."
    ),
    "untyped-subject": "Every subject has an rdf:type, so that the shapes check it.",
    "placeholder": "No TODO placeholder is left in a literal.",
}


@dataclass(frozen=True)
class RuleInfo:
    """A shape, SPARQL constraint or repository rule that can produce findings."""

    id: str  # "pgsh:ItemSourceText" or a repository rule name
    description: str
    severity: str
    iri: str | None = None  # the shape's IRI; None for repository rules


@cache
def shapes_graph() -> rdflib.Graph:
    """The shipped shapes, parsed once per process."""
    path = resources.shapes_file()
    try:
        loaded = parse_file(path, "ontology")
    except LoadError as exc:
        raise ShapesError(f"the shapes file is broken: {exc}") from None
    return add_to_rdflib(loaded.quads)


def _copy(graph: rdflib.Graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    copy += graph
    return copy


def rule_catalogue() -> tuple[RuleInfo, ...]:
    """Every rule a finding can name: the shapes' constraints, then the repository rules."""
    shapes = shapes_graph()
    found = []
    for node in sorted(set(shapes.subjects(SH.message, None)), key=str):
        if not isinstance(node, rdflib.URIRef):
            continue
        holder = shapes.value(None, SH.sparql, node) or node
        severity = shapes.value(holder, SH.severity) or shapes.value(node, SH.severity)
        found.append(
            RuleInfo(
                id=compact(str(node)),
                description=str(shapes.value(node, SH.message)),
                severity=_SEVERITY.get(rdflib.URIRef(str(severity)), "violation"),
                iri=str(node),
            )
        )
    found += [RuleInfo(name, text, "violation") for name, text in REPOSITORY_RULES.items()]
    return tuple(found)


def data_files(paths: Sequence[str | Path] | None) -> list[Path]:
    """The files to validate (default: the shipped ``data/``), each once."""
    found = expand([resources.data_dir()] if paths is None else paths)
    if not found:
        where = ", ".join(str(p) for p in paths or ())
        raise LoadError(
            f"{where}: no RDF files (.ttl, .nt, .trig, .nq, .jsonld) to validate; "
            "give a file or a directory that holds some.",
            path=where,
        )
    seen: set[Path] = set()
    unique = []
    for path in found:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def context_files(targets: Sequence[Path]) -> list[Path]:
    """Shipped municipalities/organisations/reviewers files not already among ``targets``."""
    resolved = {p.resolve() for p in targets}
    names = {p.name for p in targets}
    return [
        path
        for name in CONTEXT_FILES
        if (path := resources.data_dir() / name).is_file()
        and path.resolve() not in resolved
        and name not in names
    ]


def validate(paths: Sequence[str | Path] | None = None) -> ValidationReport:
    """Validate data files (default: every shipped document).

    A file that cannot be read or parsed does not raise: the report lists it
    in ``unreadable`` with findings that say where and why, and
    ``report.exit_code()`` is 2. A path that does not exist raises
    :class:`LoadError`; broken shapes or ontology raise :class:`ShapesError`.

    >>> report = validate(["data/helsingoer-psykiatripolitik.ttl"])  # doctest: +SKIP
    >>> report.conforms, report.exit_code(fail_on="warning")  # doctest: +SKIP
    (True, 0)
    """
    target_paths = data_files(paths)
    context_paths = context_files(target_paths)
    targets: list[SourceFile] = []
    context: list[SourceFile] = []
    problems: list[ValidationResult] = []
    unreadable: list[str] = []
    for group, wanted in ((targets, target_paths), (context, context_paths)):
        for path in wanted:
            source, findings = read_source(path)
            if source is None:
                unreadable.append(str(path))
                problems += findings
            else:
                group.append(source)
    files = tuple(str(p) for p in target_paths)
    if unreadable:
        return ValidationReport(files, _sorted(problems), tuple(unreadable))
    return _validate_sources(targets, context, _other_data_files([*target_paths, *context_paths]))


def validate_loaded(
    targets: Sequence[LoadedFile],
    context: Sequence[LoadedFile] = (),
    model: Sequence[LoadedFile] | None = None,
) -> ValidationReport:
    """Shapes and repository rules over already parsed files; results name the target files."""
    return _validate_sources(
        [_with_text(t) for t in targets], [_with_text(c) for c in context], [], model
    )


def _validate_sources(
    targets: Sequence[SourceFile],
    context: Sequence[SourceFile],
    others: Sequence[SourceFile],
    model: Sequence[LoadedFile] | None = None,
) -> ValidationReport:
    try:
        model_files = shipped_model() if model is None else list(model)
    except LoadError as exc:
        raise ShapesError(f"the ontology or a vocabulary is broken: {exc}") from None
    locator = Locator([*targets, *context])
    repository = repository_findings(targets, context, others, model_files)
    explained = {(r.focus_node, r.value) for r in repository if r.rule == "unknown-concept"}
    shacl = [
        r
        for r in _run_shapes([*model_files, *(s.loaded for s in [*context, *targets])], locator)
        if (r.focus_node, r.value) not in explained  # the repository rule says it better
    ]
    return ValidationReport(
        files=tuple(s.name for s in targets), results=_sorted([*shacl, *repository])
    )


def _run_shapes(files: Sequence[LoadedFile], locator: Locator) -> list[ValidationResult]:
    data = rdflib.Graph()
    for loaded in files:
        add_to_rdflib(loaded.quads, data)
    try:
        _conforms, report, _text = pyshacl.validate(
            data,
            # A copy: pyshacl adds a few RDFS/OWL axioms to the shapes graph it
            # is given, and the cached one must stay as the file says.
            shacl_graph=_copy(shapes_graph()),
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            abort_on_first=False,
            meta_shacl=False,
            advanced=True,
            do_owl_imports=False,  # read only local files
        )
    except Exception as exc:  # pyshacl raises its own errors for broken shapes
        raise ShapesError(
            f"the SHACL shapes could not be run ({type(exc).__name__}: {exc}); "
            "fix ontology/shapes.ttl."
        ) from None
    return [
        _result(report, node, locator) for node in report.subjects(RDF.type, SH.ValidationResult)
    ]


def _with_text(loaded: LoadedFile) -> SourceFile:
    text = None
    if loaded.path.suffix in (".ttl", ".nt"):
        try:
            text = scan(loaded.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            text = None
    return SourceFile(loaded, text)


def _other_data_files(excluded: Sequence[Path]) -> list[SourceFile]:
    """The rest of the shipped data directory, to find IRIs that collide with it.

    A shipped file with the name of a file being validated is taken to be an
    older copy of it, and left out.
    """
    skip = {p.resolve() for p in excluded}
    names = {p.name for p in excluded}
    others = []
    for path in expand([resources.data_dir()]):
        if path.resolve() in skip or path.name in names:
            continue
        source, _ = read_source(path)
        if source is not None:
            others.append(source)
    return others


def _sorted(results: Sequence[ValidationResult]) -> tuple[ValidationResult, ...]:
    return tuple(
        sorted(
            results,
            key=lambda r: (
                r.file or "",
                r.line or 0,
                r.column or 0,
                SEVERITIES.index(r.severity),
                r.rule_id,
                r.focus_node,
                r.path or "",
                r.value or "",
                r.message,
            ),
        )
    )


def _result(report: rdflib.Graph, node: rdflib.term.Node, locator: Locator) -> ValidationResult:
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
