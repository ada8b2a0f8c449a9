"""Where things are in a Turtle file's text: subjects, prefixes, comments.

The RDF parsers give triples, not positions. Validation findings must point
at the line where their focus node is defined, and the formatter must keep a
file's comments, so this module reads the Turtle text itself with a small,
forgiving lexer (it never raises: it is also used on files with syntax errors,
to quote the offending token). It understands enough of Turtle 1.1 to know
which term of a statement is its subject: IRIs (``<…>``, with ``@base``),
prefixed names (with ``@prefix`` and SPARQL-style ``PREFIX``), blank node
labels, all four string forms, comments, ``[ … ]`` and ``( … )``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin

_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_CHARS_END = rf"(?:[\w:\-\u00b7\u0300-\u036f\u203f\u2040]|{_PLX})"
_PN_CHARS_MID = rf"(?:[\w.:\-\u00b7\u0300-\u036f\u203f\u2040]|{_PLX})"
_PN_LOCAL = rf"{_PN_CHARS_END}(?:{_PN_CHARS_MID}*{_PN_CHARS_END})?"
_TOKEN = re.compile(
    rf"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
        |'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
        |"(?:[^"\\\r\n]|\\.)*"
        |'(?:[^'\\\r\n]|\\.)*')
  | (?P<directive>@(?:prefix|base)\b)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<blank>_:[\w](?:[\w.\-]*[\w\-])?)
  | (?P<number>[+-]?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<pname>(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:(?:{_PN_LOCAL})?)
  | (?P<punct>[.;,\[\](){{}}])
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_IRI_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    """One lexical token: its kind (a group name of the lexer), text and position.

    A named tuple, not a dataclass: a data file has a million of them.
    """

    kind: str
    text: str
    line: int  # 1-based
    column: int  # 1-based, in characters


@dataclass(frozen=True)
class RelativeIri:
    """An ``<IRI>`` without a scheme, as written, where it was written."""

    text: str
    line: int
    column: int


@dataclass
class Statement:
    """One top-level triples statement: its subject and where it starts and ends."""

    subject: str | None  # expanded IRI, "_:label", or None for an anonymous [ ] / ( )
    first_line: int
    last_line: int
    typed: bool = False  # has ``a`` / rdf:type among its own predicates


@dataclass
class TurtleText:
    """What :func:`scan` found in one Turtle text."""

    prefixes: dict[str, str] = field(default_factory=dict)  # last binding of each name
    base: str | None = None
    statements: list[Statement] = field(default_factory=list)
    used_prefixes: dict[str, int] = field(default_factory=dict)  # name -> first line used
    relative_iris: list[RelativeIri] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # leading comment block, as lines
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, text) after it

    def subject_lines(self) -> dict[str, int]:
        """Each named subject and the first line of its first statement."""
        lines: dict[str, int] = {}
        for statement in self.statements:
            if statement.subject is not None:
                lines.setdefault(statement.subject, statement.first_line)
        return lines


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def tokens(text: str, *, whitespace: bool = True) -> Iterator[Token]:
    """Every token of ``text``, comments included, and whitespace unless told not to."""
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if whitespace or kind != "ws":
            yield Token(kind, value, line, match.start() - line_start + 1)
        if kind in _MULTILINE:
            newlines = value.count("\n")
            if newlines:
                line += newlines
                line_start = match.start() + value.rindex("\n") + 1


#: The only kinds of token that may hold a line break.
_MULTILINE = frozenset({"ws", "string"})


def expand_iri(raw: str, base: str | None) -> str:
    """The IRI of an ``<…>`` token (escapes undone, resolved against ``base``)."""
    iri = _IRI_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), raw[1:-1])
    if base is not None and not _SCHEME.match(iri):
        return urljoin(base, iri)
    return iri


def is_relative(iri: str) -> bool:
    return not _SCHEME.match(iri)


def scan(text: str) -> TurtleText:
    """Read a Turtle (or N-Triples) text; never raises, however broken the text."""
    found = TurtleText()
    in_header = True
    depth = 0
    expect_subject = True
    current: Statement | None = None
    pending: list[Token] = []  # a directive being read
    predicate_position = False  # the next term at depth 1 of the statement is a predicate
    for token in tokens(text, whitespace=False):
        if token.kind == "comment":
            if in_header:
                found.header.append(token.text)
            else:
                found.comments.append((token.line, token.text))
            continue
        if in_header:
            in_header = False
        if pending:
            pending.append(token)
            if _directive_complete(pending):
                _apply_directive(pending, found)
                pending = []
            continue
        if token.kind == "iri" and is_relative(token.text[1:-1]):
            found.relative_iris.append(RelativeIri(token.text, token.line, token.column))
        if token.kind == "pname":
            name = token.text.split(":", 1)[0]
            found.used_prefixes.setdefault(name, token.line)
        if expect_subject and depth == 0:
            if token.kind == "directive" or (
                token.kind == "word" and token.text.upper() in ("PREFIX", "BASE")
            ):
                pending = [token]
                continue
            if token.kind in ("iri", "pname", "blank"):
                current = Statement(_term(token, found), token.line, token.line)
                found.statements.append(current)
                expect_subject = False
                predicate_position = True
                continue
            if token.kind == "punct" and token.text in "[(":
                current = Statement(None, token.line, token.line)
                found.statements.append(current)
                expect_subject = False
                depth += 1
                continue
        if current is not None:
            current.last_line = token.line
        if token.kind == "punct":
            if token.text in "[(":
                depth += 1
            elif token.text in "])":
                depth = max(0, depth - 1)
                if depth == 0:
                    predicate_position = True
            elif token.text == "." and depth == 0:
                expect_subject = True
                current = None
            elif token.text == ";" and depth == 0:
                predicate_position = True
            continue
        if predicate_position and depth == 0 and current is not None:
            if (token.kind == "word" and token.text == "a") or (
                token.kind in ("iri", "pname") and _term(token, found) == RDF_TYPE
            ):
                current.typed = True
            predicate_position = False
    return found


def _directive_complete(pending: list[Token]) -> bool:
    first = pending[0].text.lower()
    wants_dot = first.startswith("@")
    size = 3 if first in ("@prefix", "prefix") else 2
    if wants_dot:
        return len(pending) >= size + 1 or pending[-1].text == "."
    return len(pending) >= size


def _apply_directive(pending: list[Token], found: TurtleText) -> None:
    first = pending[0].text.lower()
    iri = next((t for t in pending if t.kind == "iri"), None)
    if iri is None:
        return
    if is_relative(iri.text[1:-1]):
        found.relative_iris.append(RelativeIri(iri.text, iri.line, iri.column))
    value = expand_iri(iri.text, found.base)
    if first.endswith("base"):
        found.base = value
        return
    name = next((t for t in pending if t.kind == "pname"), None)
    if name is not None and name.text.endswith(":"):
        found.prefixes[name.text[:-1]] = value


def _term(token: Token, found: TurtleText) -> str:
    if token.kind == "iri":
        return expand_iri(token.text, found.base)
    if token.kind == "pname":
        name, _, local = token.text.partition(":")
        namespace = found.prefixes.get(name)
        if namespace is None:
            return token.text  # unbound: the parser reports it
        return namespace + _LOCAL_ESCAPE.sub(r"\1", local)
    return token.text


def token_at(text: str, line: int, column: int) -> str | None:
    """The token at ``line``/``column`` (1-based), or the next one on that line, for a message."""
    on_line = [t for t in tokens(text) if t.line == line and t.kind != "ws"]
    chosen = next(
        (t for t in on_line if t.column <= column < t.column + len(t.text.split("\n", 1)[0])),
        None,
    ) or next((t for t in on_line if t.column >= column), None)
    if chosen is None and on_line:
        chosen = on_line[-1]
    if chosen is None:
        return None
    snippet = chosen.text.split("\n", 1)[0]
    return snippet if len(snippet) <= 60 else snippet[:57] + "..."


def line_text(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text``, without its line break."""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
