"""What validation found: :class:`ValidationResult` and :class:`ValidationReport`.

Plain frozen dataclasses shared by the SHACL stage (:mod:`.shacl`), the syntax gate
(:mod:`.syntax`), the repository rules (:mod:`.rules`) and the report formats
(:mod:`.formats`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, TypeAlias

from ..errors import EXIT_BAD_INPUT, EXIT_NONCONFORMING, EXIT_OK
from ..namespaces import shorten

#: How bad a finding is, worst first.
Severity: TypeAlias = Literal["violation", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("violation", "warning", "info")
#: The one definition of done: violations and warnings fail (validate, CI, the test suite);
#: info findings are advice and never fail unless asked (--fail-on info).
DEFAULT_FAIL_ON: Severity = "warning"

SHACL = "http://www.w3.org/ns/shacl#"
PGSH = "https://w3id.org/policygraph/shapes#"


@dataclass(frozen=True)
class ValidationResult:
    """One finding.

    ``rule`` is ``"shacl"`` for a result of the SHACL shapes, and otherwise the
    name of the repository rule that produced it (``"syntax"``,
    ``"duplicate-subject"``, ... see ``docs/validation.md``). ``file`` and
    ``line`` locate the first statement that defines the focus node (for a
    syntax error: the position the parser stopped at, with ``column``).
    """

    severity: Severity
    message: str
    focus_node: str
    path: str | None = None
    value: str | None = None
    source_shape: str | None = None
    constraint: str | None = None  # constraint component, or the SPARQL constraint's IRI
    file: str | None = None
    line: int | None = None
    rule: str = "shacl"  # "shacl", "syntax" or a repository rule name
    column: int | None = None

    @property
    def rule_id(self) -> str:
        """A stable identifier of what produced the finding, e.g. ``pgsh:ItemSourceText``.

        For a SHACL result: its SPARQL constraint, else its source shape; for a
        repository rule: the rule's name.
        """
        if self.rule != "shacl":
            return self.rule
        if self.constraint and not self.constraint.startswith(SHACL):
            return shorten(self.constraint)
        return shorten(self.source_shape or "shacl")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating some files.

    ``unreadable`` lists the files that did not pass the syntax gate (their
    findings say why); SHACL and the repository rules ran only if it is empty.
    """

    files: tuple[str, ...]
    results: tuple[ValidationResult, ...] = field(default=())
    unreadable: tuple[str, ...] = field(default=())
    #: Findings left out of ``results`` by :meth:`shown`; they still count and fail.
    hidden: tuple[ValidationResult, ...] = field(default=())

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and info do not fail)."""
        return not any(r.severity == "violation" for r in self.results)

    def fails(self, fail_on: Severity = DEFAULT_FAIL_ON) -> bool:
        """True when a result (shown or hidden) is at least as severe as ``fail_on``."""
        limit = SEVERITIES.index(fail_on)
        return any(SEVERITIES.index(r.severity) <= limit for r in (*self.results, *self.hidden))

    def count(self, severity: Severity) -> int:
        """Findings of ``severity``, shown or hidden."""
        return sum(1 for r in (*self.results, *self.hidden) if r.severity == severity)

    def shown(self, min_severity: Severity = "info") -> ValidationReport:
        """The report with findings below ``min_severity`` moved to ``hidden``.

        They still count in the summary and still fail at ``fail_on``.
        """
        limit = SEVERITIES.index(min_severity)
        keep = tuple(r for r in self.results if SEVERITIES.index(r.severity) <= limit)
        drop = tuple(r for r in self.results if SEVERITIES.index(r.severity) > limit)
        return replace(self, results=keep, hidden=(*self.hidden, *drop))

    def exit_code(self, fail_on: Severity = DEFAULT_FAIL_ON) -> int:
        """0 conforms, 1 does not conform at ``fail_on``, 2 a file could not be read."""
        if self.unreadable:
            return EXIT_BAD_INPUT
        return EXIT_NONCONFORMING if self.fails(fail_on) else EXIT_OK


@dataclass(frozen=True)
class RuleInfo:
    """A shape, SPARQL constraint or repository rule that can produce findings."""

    id: str  # "pgsh:ItemSourceText" or a repository rule name
    description: str
    severity: Severity
    iri: str | None = None  # the shape's IRI; None for repository rules
