"""The syntax gate: read one file, reject a byte-order mark and non-UTF-8 bytes, parse it
strictly (:func:`policygraph.loading.parse_file`) and turn a parser error into a finding
that names the rule, the position and the offending token."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import limits
from ..errors import LoadError
from ..loading import LoadedFile, parse_file, syntax_hint
from ..namespaces import PREFIXES
from ..turtle.lexer import TurtleText, line_text, scan, token_at
from .model import ValidationResult

_TEXT_FORMATS = {".ttl", ".nt"}
#: The IRIs the project's files bind these prefixes to, for "add @prefix" advice.

_PARSER_PREFIX = re.compile(
    r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): "
)
_UNBOUND = re.compile(r"The prefix (\S*): has not been declared")


@dataclass(frozen=True)
class SourceFile:
    """A file that passed the syntax gate: its triples and, for Turtle, its text map."""

    loaded: LoadedFile
    text: TurtleText | None
    name: str = field(init=False, compare=False)  # the path as findings name the file

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", str(self.loaded.path))


def read_source(
    path: Path, role: str = "data", scanner: Callable[[str], TurtleText] = scan
) -> tuple[SourceFile | None, list[ValidationResult]]:
    """Parse one file; on failure return no file and the findings that say why.

    ``scanner`` reads the text map (:func:`..turtle.lexer.scan`, or a cached one).
    """
    name = str(path)
    try:
        data = limits.read_input_file(path, what="RDF file")
    except LoadError as exc:
        return None, [_input(name, "unreadable", "the file " + _after_path(str(exc), name))]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            _input(
                name,
                "bom",
                "the file starts with a byte-order mark (BOM), which RDF parsers reject; "
                "save it as UTF-8 without BOM (in most editors: encoding 'UTF-8', not "
                "'UTF-8 with BOM').",
                line=1,
                column=1,
                value="U+FEFF",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        byte = data[exc.start]
        return None, [
            _input(
                name,
                "encoding",
                f"the file is not UTF-8: byte {byte:#04x} at line {line}, column {column} "
                f"(in Latin-1 that is {bytes([byte]).decode('latin-1')!r}); save the file "
                "as UTF-8.",
                line=line,
                column=column,
                value=f"{byte:#04x}",
            )
        ]
    try:
        loaded = parse_file(path, role)
    except LoadError as exc:
        if exc.detail == "literal too long":
            message = _after_path(str(exc), name).split(": ", 1)[-1]
            return None, [_input(name, "limit", message, line=exc.line)]
        return None, _load_error_findings(name, text, exc)
    if not loaded.statements:
        return None, [
            _input(
                name,
                "empty",
                "the file holds no triples (it is empty or only comments); a document file "
                "that lost its content is a truncated document. Restore it, or remove it.",
            )
        ]
    turtle = scanner(text) if path.suffix in _TEXT_FORMATS else None
    return SourceFile(loaded, turtle), []


def _load_error_findings(name: str, text: str, exc: LoadError) -> list[ValidationResult]:
    detail = _PARSER_PREFIX.sub("", exc.detail or str(exc))
    line, column = exc.line, exc.column
    token = token_at(text, line, column) if line and column else None
    if exc.detail == "remote JSON-LD @context":
        return [_input(name, "remote-context", _after_path(str(exc), name))]
    unbound = _UNBOUND.search(detail)
    if unbound:
        prefix = unbound.group(1)
        namespace = PREFIXES.get(prefix, "…")
        return [
            _input(
                name,
                "unbound-prefix",
                f"the prefix '{prefix}:' is used but not declared; add "
                f"'@prefix {prefix}: <{namespace}> .' at the top of the file.",
                line=line,
                column=column,
                value=token,
            )
        ]
    if "No scheme found" in detail or "relative IRI" in detail:
        relative = scan(text).relative_iris
        if relative:
            found = [
                _input(
                    name,
                    "relative-iri",
                    relative_message(r.text),
                    line=r.line,
                    column=r.column,
                    value=r.text,
                )
                for r in relative
            ]
            return found + _error_after_relative_iris(name, text)
    if "dot is expected" in detail and token and line:
        return [
            _input(
                name,
                "syntax",
                f"syntax error: a '.' is missing before {token!r} (line {line}): end the "
                "statement before it with '.', or continue it with ';' or ','.",
                line=line,
                column=column,
                value=token,
            )
        ]
    if "Line jumps are not allowed" in detail and line:
        return [
            _input(
                name,
                "syntax",
                f"syntax error: a string on line {line} is not closed before the end of the "
                "line; add its closing quote (write a line break inside a string as \\n).",
                line=line,
                column=column,
                value=line_text(text, line).strip(),
            )
        ]
    where = f"near {token!r}: " if token else ""
    kind, cause = syntax_hint(name)
    return [
        _input(
            name,
            "syntax",
            f"syntax error {where}{detail.rstrip('.')}. Fix the {kind} at line {line}"
            f"{f', column {column}' if column else ''}: "
            f"{line_text(text, line).strip()[:200]!r} ({cause} is the usual cause)."
            if line
            else f"syntax error: {detail}",
            line=line,
            column=column,
            value=token,
        )
    ]


def relative_message(raw: str) -> str:
    return (
        f"relative IRI {raw}: IRIs in policygraph files must be absolute; write the full IRI "
        "(e.g. <https://w3id.org/policygraph/id/doc/<doc-slug>/initiative-1.1>) or a "
        "prefixed name (d:initiative-1.1) instead."
    )


def _after_path(message: str, name: str) -> str:
    return message[len(name) + 2 :] if message.startswith(name + ": ") else message


def _input(
    name: str,
    rule: str,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    value: str | None = None,
) -> ValidationResult:
    return ValidationResult(
        severity="violation",
        message=message,
        focus_node="",
        value=value,
        file=name,
        line=line,
        column=column,
        rule=rule,
    )


def _error_after_relative_iris(name: str, text: str) -> list[ValidationResult]:
    """A syntax error further on in a file whose first error was a relative IRI.

    The parser stops at the first relative IRI; parsed again with a throw-away base it
    reads past them, so a later syntax error is reported too, with its line and column.
    """
    if Path(name).suffix not in (".ttl", ".nt"):
        return []
    try:
        for _ in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=_BASE):
            pass
    except SyntaxError as exc:
        detail = str(exc.msg) if hasattr(exc, "msg") else str(exc)
        error = LoadError(detail, path=name, line=exc.lineno, column=exc.offset, detail=detail)
        return [f for f in _load_error_findings(name, text, error) if f.rule != "relative-iri"]
    return []


_BASE = "http://relative.invalid/"
