"""Validation reports as text for people and for CI systems.

One function per format, each taking a :class:`.findings.ValidationReport`
and returning a string: :func:`human`, :func:`to_json` (schema in
``docs/validation.md``), :func:`junit`, :func:`github` (workflow commands)
with :func:`step_summary` (Markdown), and :func:`sarif` (SARIF 2.1.0 for
GitHub code scanning).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from xml.etree import ElementTree as ET

from ..namespaces import shorten
from ..safetext import printable, xml_safe
from .model import DEFAULT_FAIL_ON, SEVERITIES, Severity, ValidationReport, ValidationResult

FORMATS = ("human", "json", "junit", "github", "sarif")
#: Version of the ``--format json`` document; bumped on incompatible changes.
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://w3id.org/policygraph"

_LEVELS = {"violation": "error", "warning": "warning", "info": "note"}
_GITHUB = {"violation": "error", "warning": "warning", "info": "notice"}
_PATH_IRI = re.compile(r"https?://[^\s()]+")
_COLOURS = {"violation": "31", "warning": "33", "info": "36"}


class Rule(Protocol):
    """What the formats need to know about a rule (see ``validation.RuleInfo``)."""

    @property
    def id(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def iri(self) -> str | None: ...


def render(
    report: ValidationReport,
    fmt: str,
    *,
    fail_on: Severity = DEFAULT_FAIL_ON,
    rules: Sequence[Rule] = (),
    color: bool = False,
    version: str = "0",
) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_json(report, fail_on=fail_on, version=version)
    if fmt == "junit":
        return xml_safe(junit(report, fail_on=fail_on, rules=rules))
    if fmt == "github":
        return printable(github(report, fail_on=fail_on))
    if fmt == "sarif":
        return sarif(report, rules=rules, fail_on=fail_on, version=version)
    return human(report, fail_on=fail_on, color=color)


def display_path(file: str | None) -> str:
    """A file as reports show it: relative to the working directory when inside it."""
    if file is None:
        return "(no file)"
    path = Path(file)
    try:
        return Path(os.path.realpath(path)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def summary_line(report: ValidationReport, fail_on: Severity) -> str:
    counts = ", ".join(
        f"{report.count(s)} {s}{'' if s == 'info' or report.count(s) == 1 else 's'}"
        for s in SEVERITIES
    )
    if report.unreadable:
        verdict = f"{len(report.unreadable)} file(s) could not be read"
    elif report.fails(fail_on):
        verdict = f"does not conform (fails on {fail_on})"
    else:
        verdict = "conforms" + (f" (fails on {fail_on})" if fail_on != DEFAULT_FAIL_ON else "")
    hidden = (
        f" ({len(report.hidden)} finding(s) below the minimum severity not shown)"
        if report.hidden
        else ""
    )
    return f"{len(report.files)} file(s): {counts}; {verdict}{hidden}"


# ---------------------------------------------------------------------------
# human
# ---------------------------------------------------------------------------


def human(
    report: ValidationReport, *, fail_on: Severity = DEFAULT_FAIL_ON, color: bool = False
) -> str:
    """Findings grouped by file, one block each; ANSI colour only if ``color``."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    for file, results in _by_file(report.results):
        lines.append(paint(printable(display_path(file)), "1"))
        for r in results:
            where = f"{r.line}" + (f":{r.column}" if r.column else "") if r.line else "-"
            severity = paint(f"{r.severity:<9}", _COLOURS[r.severity])
            lines.append(f"  {where:>7}  {severity}  {printable(r.message)}")
            details = [f"rule {r.rule_id}"]
            if r.focus_node:
                details.append(f"focus {_short(r.focus_node)}")
            if r.path:
                details.append(f"path {_short(r.path)}")
            if r.value:
                details.append(f"value {_short(r.value)}")
            lines.append(" " * 20 + paint(printable("; ".join(details)), "2"))
        lines.append("")
    verdict = summary_line(report, fail_on)
    failed = report.unreadable or report.fails(fail_on)
    lines.append(paint(verdict, "31" if failed else "32"))
    return "\n".join(lines) + "\n"


def _short(text: str) -> str:
    """IRIs in a focus node, path or value written with the usual prefixes."""
    if text.startswith(("http://", "https://", "urn:")):
        return shorten(text, brackets=True)
    if text.startswith(("^", "alt(", "seq(")):  # a SHACL path of IRIs
        return _PATH_IRI.sub(lambda m: shorten(m.group(), brackets=True), text)
    return text


def _by_file(
    results: Sequence[ValidationResult],
) -> list[tuple[str | None, list[ValidationResult]]]:
    groups: dict[str | None, list[ValidationResult]] = {}
    for r in results:
        groups.setdefault(r.file, []).append(r)
    return sorted(groups.items(), key=lambda item: display_path(item[0]))


# ---------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------


def to_json(
    report: ValidationReport, *, fail_on: Severity = DEFAULT_FAIL_ON, version: str = "0"
) -> str:
    """The report as the documented JSON document (``docs/validation.md``)."""
    document = {
        "version": JSON_VERSION,
        "tool": {"name": "policygraph", "version": version},
        "conforms": report.conforms,
        "fail_on": fail_on,
        "exit_code": report.exit_code(fail_on),
        "files": [display_path(f) for f in report.files],
        "unreadable": [display_path(f) for f in report.unreadable],
        "summary": {s: report.count(s) for s in SEVERITIES},
        "findings": [
            {
                "file": display_path(r.file) if r.file else None,
                "line": r.line,
                "column": r.column,
                "severity": r.severity,
                "rule": r.rule_id,
                "shape": r.source_shape,
                "constraint": r.constraint,
                "focus_node": r.focus_node or None,
                "path": r.path,
                "value": r.value,
                "message": r.message,
            }
            for r in report.results
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# junit
# ---------------------------------------------------------------------------


def junit(
    report: ValidationReport, *, fail_on: Severity = DEFAULT_FAIL_ON, rules: Sequence[Rule] = ()
) -> str:
    """JUnit XML: a test suite per file, a test case per file and rule.

    A test case fails when the rule has a finding at or above ``fail_on`` in
    the file; findings below it are listed in the case's ``system-out``. When
    a file did not pass the syntax gate, the SHACL and repository cases are
    skipped, since they did not run.
    """
    limit = SEVERITIES.index(fail_on)
    rule_ids = [r.id for r in rules]
    for r in report.results:
        if r.rule_id not in rule_ids:
            rule_ids.append(r.rule_id)
    files = list(dict.fromkeys([*report.files, *(r.file for r in report.results if r.file)]))
    root = ET.Element("testsuites", name="policygraph validate")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for file in files:
        suite = ET.SubElement(root, "testsuite", name=display_path(file))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        here = [r for r in report.results if r.file == file]
        for rule_id in rule_ids:
            found = [r for r in here if r.rule_id == rule_id]
            case = ET.SubElement(
                suite, "testcase", classname=display_path(file), name=rule_id, time="0"
            )
            counts["tests"] += 1
            failing = [r for r in found if SEVERITIES.index(r.severity) <= limit]
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(
                    case, "failure", message=failing[0].message, type=failing[0].severity
                )
                failure.text = "\n".join(_junit_line(r) for r in failing)
            elif report.unreadable and not found:
                counts["skipped"] += 1
                ET.SubElement(
                    case, "skipped", message="not run: a file did not pass the syntax gate"
                )
            rest = [r for r in found if r not in failing]
            if rest:
                ET.SubElement(case, "system-out").text = "\n".join(_junit_line(r) for r in rest)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
        suite.set("time", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _junit_line(r: ValidationResult) -> str:
    where = display_path(r.file) + (f":{r.line}" if r.line else "")
    extra = "".join(
        f" {label}={_short(value)}"
        for label, value in (("focus", r.focus_node), ("path", r.path), ("value", r.value))
        if value
    )
    return f"{where}: {r.severity}: {r.message}{extra}"


# ---------------------------------------------------------------------------
# github
# ---------------------------------------------------------------------------


def github(report: ValidationReport, *, fail_on: Severity = DEFAULT_FAIL_ON) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then a summary."""
    lines = []
    for r in report.results:
        properties = [f"file={_escape_property(display_path(r.file))}"] if r.file else []
        if r.line:
            properties.append(f"line={r.line}")
        if r.column:
            properties.append(f"col={r.column}")
        properties.append(f"title={_escape_property(f'policygraph {r.rule_id}')}")
        lines.append(f"::{_GITHUB[r.severity]} {','.join(properties)}::{_escape_data(_text(r))}")
    lines.append(summary_line(report, fail_on))
    return "\n".join(lines) + "\n"


def _text(r: ValidationResult) -> str:
    """The message and what it is about, on one line."""
    about = [
        f"{label} {_short(value)}"
        for label, value in (("focus", r.focus_node), ("path", r.path), ("value", r.value))
        if value
    ]
    return r.message + (f" [{'; '.join(about)}]" if about else "")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(
    report: ValidationReport, *, fail_on: Severity = DEFAULT_FAIL_ON, limit: int = 200
) -> str:
    """A Markdown summary for ``$GITHUB_STEP_SUMMARY``: verdict and a table of findings."""
    failed = bool(report.unreadable) or report.fails(fail_on)
    lines = [
        "## policygraph validate",
        "",
        f"{'❌' if failed else '✅'} {_cell(summary_line(report, fail_on))}",
        "",
    ]
    if report.results:
        lines += ["| file | line | severity | rule | message |", "|---|---|---|---|---|"]
        for r in report.results[:limit]:
            lines.append(
                f"| `{_cell(display_path(r.file))}` | {r.line or ''} | {r.severity} "
                f"| `{_cell(r.rule_id)}` | {_cell(_text(r))} |"
            )
        if len(report.results) > limit:
            lines.append(f"\n… and {len(report.results) - limit} more findings.")
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ---------------------------------------------------------------------------
# sarif
# ---------------------------------------------------------------------------


def sarif(
    report: ValidationReport,
    *,
    rules: Sequence[Rule] = (),
    fail_on: Severity = DEFAULT_FAIL_ON,
    version: str = "0",
) -> str:
    """SARIF 2.1.0: the rules (shapes and repository rules) and one result per finding."""
    catalogue: dict[str, dict[str, Any]] = {}
    for rule in rules:
        catalogue[rule.id] = _sarif_rule(rule.id, rule.description, rule.severity, rule.iri)
    for r in report.results:
        if r.rule_id not in catalogue:
            catalogue[r.rule_id] = _sarif_rule(r.rule_id, r.message, r.severity, r.source_shape)
    index = {rule_id: i for i, rule_id in enumerate(catalogue)}
    fallback = report.files[0] if report.files else None
    results = []
    for r in report.results:
        file = r.file or fallback
        region: dict[str, int] = {"startLine": r.line or 1}
        if r.column:
            region["startColumn"] = r.column
        result: dict[str, Any] = {
            "ruleId": r.rule_id,
            "ruleIndex": index[r.rule_id],
            "level": _LEVELS[r.severity],
            "message": {"text": _text(r)},
            "partialFingerprints": {"policygraphFinding/v1": _fingerprint(r)},
            "properties": {
                "severity": r.severity,
                "focusNode": r.focus_node or None,
                "path": r.path,
                "value": r.value,
                "shape": r.source_shape,
            },
        }
        if file:
            location: dict[str, Any] = {
                "physicalLocation": {
                    "artifactLocation": {"uri": display_path(file), "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
            if r.focus_node:
                location["logicalLocations"] = [
                    {"fullyQualifiedName": r.focus_node, "kind": "resource"}
                ]
            result["locations"] = [location]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policygraph",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": list(catalogue.values()),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not report.unreadable,
                        "exitCode": report.exit_code(fail_on),
                    }
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _sarif_rule(
    rule_id: str, description: str, severity: Severity, iri: str | None
) -> dict[str, Any]:
    name = rule_id.split(":", 1)[-1]
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(part[:1].upper() + part[1:] for part in name.split("-")),
        "shortDescription": {"text": _first_sentence(description)},
        "fullDescription": {"text": description},
        "help": {"text": description},
        "defaultConfiguration": {"level": _LEVELS[severity]},
        "properties": {"tags": ["shacl" if iri else "repository-rule"]},
    }
    if iri:
        rule["helpUri"] = iri
    return rule


def _first_sentence(text: str) -> str:
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def _fingerprint(r: ValidationResult) -> str:
    key = "\x1f".join(
        [r.rule_id, display_path(r.file), r.focus_node, r.path or "", r.value or ""]
        + ([] if r.focus_node else [str(r.line)])
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def no_color() -> bool:
    """True when the ``NO_COLOR`` convention asks for plain output."""
    return bool(os.environ.get("NO_COLOR"))
