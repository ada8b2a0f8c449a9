"""Validation of encoded documents: the syntax gate, the SHACL shapes, the repository rules.

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

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .. import resources
from ..errors import LoadError, ShapesError
from ..loading import LoadedFile, Paths, as_paths, expand, shipped_model
from ..memory import no_cycle_collection
from ..turtle.lexer import scan
from .fidelity import FIDELITY_RULES
from .locate import Locator
from .model import SEVERITIES, RuleInfo, ValidationReport, ValidationResult
from .rules import REPOSITORY_RULES, repository_findings
from .syntax import SourceFile, read_source
from .units import Cache
from .workers import beside

__all__ = [
    "CONTEXT_FILES",
    "context_files",
    "data_files",
    "rule_catalogue",
    "validate",
    "validate_loaded",
]

PG_ISSUED_BY = "https://w3id.org/policygraph/def#issuedBy"
#: Shipped data files that other documents refer to; validated alongside.
CONTEXT_FILES = ("municipalities.ttl", "organisations.ttl", "reviewers.ttl")


def rule_catalogue() -> tuple[RuleInfo, ...]:
    """Every rule a finding can name: the shapes' constraints, then the repository rules."""
    from . import shacl

    rules = [RuleInfo(name, text, "violation") for name, text in REPOSITORY_RULES.items()]
    rules += [RuleInfo(name, text, severity) for name, (severity, text) in FIDELITY_RULES.items()]
    return (*shacl.shape_rules(), *rules)


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
        if Path(os.path.realpath(path)) not in seen:
            seen.add(Path(os.path.realpath(path)))
            unique.append(path)
    return unique


def context_files(targets: Sequence[Path]) -> list[Path]:
    """Shipped municipalities/organisations/reviewers files not already among ``targets``."""
    resolved = {Path(os.path.realpath(p)) for p in targets}
    names = {p.name for p in targets}
    return [
        path
        for name in CONTEXT_FILES
        if (path := resources.data_dir() / name).is_file()
        and Path(os.path.realpath(path)) not in resolved
        and name not in names
    ]


def validate(
    paths: Paths = None,
    *,
    cache_dir: str | Path | None = None,
    jobs: int = 1,
    reference: bool = False,
) -> ValidationReport:
    """Validate data files (default: every shipped document).

    Each document is checked against the shapes with its own triples and the part
    of the other files its nodes reach; the SPARQL-based shapes run on pyoxigraph
    (see :mod:`.incremental`). With ``cache_dir``, each document's results are kept
    there and reused while the document, what it reaches, the model, the shapes
    and the code are unchanged; ``jobs`` > 1 runs pySHACL in that many processes.
    ``reference=True`` runs pySHACL once over all files instead: the original,
    slower way, with the same findings.

    A file that cannot be read or parsed does not raise: the report lists it
    in ``unreadable`` with findings that say where and why, and
    ``report.exit_code()`` is 2. A path that does not exist raises
    :class:`LoadError`; broken shapes or ontology raise :class:`ShapesError`.

    >>> report = validate("data/helsingoer-psykiatripolitik.ttl")
    >>> report.conforms, report.exit_code()
    (True, 0)
    """
    with no_cycle_collection():
        return _validate(paths, cache_dir, jobs, reference)


def _validate(
    paths: Paths, cache_dir: str | Path | None, jobs: int, reference: bool
) -> ValidationReport:
    target_paths = data_files(as_paths(paths))
    context_paths = context_files(target_paths)
    store = Cache(Path(cache_dir) if cache_dir is not None and not reference else None)
    targets: list[SourceFile] = []
    context: list[SourceFile] = []
    problems: list[ValidationResult] = []
    unreadable: list[str] = []
    for group, wanted in ((targets, target_paths), (context, context_paths)):
        for path in wanted:
            source, findings = read_source(path, scanner=store.scanner)
            if source is None:
                unreadable.append(str(path))
                problems += findings
            else:
                group.append(source)
    files = tuple(str(p) for p in target_paths)
    if unreadable:
        return ValidationReport(files, _sorted(problems), tuple(unreadable))
    others = _other_data_files([*target_paths, *context_paths], store)
    report = _validate_sources(
        targets, context, others, cache=store, jobs=jobs, reference=reference
    )
    store.prune()
    return report


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
    *,
    cache: Cache | None = None,
    jobs: int = 1,
    reference: bool = False,
) -> ValidationReport:
    try:
        model_files = shipped_model() if model is None else list(model)
    except LoadError as exc:
        raise ShapesError(f"the ontology or a vocabulary is broken: {exc}") from None
    from . import incremental

    cache = cache or Cache(None)
    located: list[Locator] = []  # built with the rules, while the shapes run beside them

    def shapes() -> list[ValidationResult] | None:
        if reference:
            return None
        return incremental.shape_findings(model_files, context, targets, cache, jobs)

    def rules() -> list[ValidationResult]:
        located.append(Locator([*targets, *context]))
        memo = None if reference else incremental.file_rules(cache, model_files)
        return repository_findings(targets, context, others, model_files, memo, located[0])

    if jobs > 1 and not reference and incremental.core_shapes() is not None:
        found, repository = beside(shapes, rules)
    else:
        # The shapes first: their indexes and store are freed before the rules build
        # theirs, so that the peak memory is the larger of the two, not their sum.
        found = shapes()
        repository = rules()
    if found is None:
        from . import shacl

        files = [*model_files, *(s.loaded for s in [*context, *targets])]
        found = shacl.run_shapes(files, located[0])
    else:
        found = [_located(r, located[0]) for r in found]
    # A repository rule says more than the SHACL result for the same node and value: an
    # unknown concept (sh:class), an issuer not in the list (sh:class, the code path), an
    # ill-typed literal (sh:datatype, sh:lessThanOrEquals ...).
    explained = {
        (r.focus_node, r.value)
        for r in repository
        if r.rule in ("unknown-concept", "issuer", "literal", "placeholder")
    }
    unlisted_issuers = {
        r.focus_node for r in repository if r.rule == "issuer" and r.path == PG_ISSUED_BY
    }
    shape_findings = [
        r
        for r in found
        if (r.focus_node, r.value) not in explained  # the repository rule says it better
        and not (r.focus_node in unlisted_issuers and PG_ISSUED_BY in (r.path or ""))
    ]
    return ValidationReport(
        files=tuple(s.name for s in targets), results=_sorted([*shape_findings, *repository])
    )


def _located(result: ValidationResult, locator: Locator) -> ValidationResult:
    file, line = locator.locate(result.focus_node)
    return replace(result, file=file, line=line)


def _with_text(loaded: LoadedFile) -> SourceFile:
    text = None
    if loaded.path.suffix in (".ttl", ".nt"):
        try:
            text = scan(loaded.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            text = None
    return SourceFile(loaded, text)


def _other_data_files(excluded: Sequence[Path], store: Cache | None = None) -> list[SourceFile]:
    """The rest of the shipped data directory, to find IRIs that collide with it.

    A shipped file with the name of a file being validated is taken to be an
    older copy of it, and left out.
    """
    skip = {Path(os.path.realpath(p)) for p in excluded}
    names = {p.name for p in excluded}
    others = []
    for path in expand([resources.data_dir()]):
        if Path(os.path.realpath(path)) in skip or path.name in names:
            continue
        source, _ = read_source(path, scanner=(store or Cache(None)).scanner)
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
                r.source_shape or "",
                r.constraint or "",
            ),
        )
    )
