"""Unit tests of the Turtle lexer (policygraph.turtle.lexer) and the focus-node locator
(policygraph.validation.locate), on small texts whose answers are read off by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.loading import parse_file
from policygraph.turtle.lexer import expand_iri, line_text, scan, token_at, tokens
from policygraph.validation.locate import Locator
from policygraph.validation.syntax import SourceFile

EX = "https://example.org/"

TEXT = """\
# A header comment
# in two lines

@prefix ex: <https://example.org/> .
PREFIX pg: <https://w3id.org/policygraph/def#>

ex:doc a pg:PolicyDocument ;
    pg:hasFocusArea ex:fa .

# about the focus area
ex:fa
    pg:sourceText "Et # der ikke er en kommentar ; og et \\" citat"@da ;
    pg:section \"\"\"to
linjer\"\"\"@da .

ex:fa pg:hasInitiative [ pg:sourceText "anonym"@da ] .
[] pg:sourceText "helt anonym"@da .
"""


def test_scan_finds_prefixes_header_and_comments() -> None:
    found = scan(TEXT)
    assert found.prefixes == {"ex": EX, "pg": "https://w3id.org/policygraph/def#"}
    assert found.header == ["# A header comment", "# in two lines"]
    # A '#' inside a string is not a comment; the one on line 10 is.
    assert found.comments == [(10, "# about the focus area")]
    assert found.used_prefixes == {"ex": 7, "pg": 7}


def test_statements_know_their_subject_lines_and_type() -> None:
    found = scan(TEXT)
    named = [(s.subject, s.first_line, s.last_line, s.typed) for s in found.statements]
    assert named == [
        (EX + "doc", 7, 8, True),
        (EX + "fa", 11, 14, False),  # the long string spans lines 13-14
        (EX + "fa", 16, 16, False),
        (None, 17, 17, False),  # an anonymous [] subject
    ]
    # The first statement of a subject wins.
    assert found.subject_lines() == {EX + "doc": 7, EX + "fa": 11}


def test_relative_iris_and_base() -> None:
    found = scan("@base <https://example.org/base/> .\n<x> <y> <https://example.org/z> .\n")
    assert found.base == "https://example.org/base/"
    assert [(r.text, r.line) for r in found.relative_iris] == [("<x>", 2), ("<y>", 2)]
    assert expand_iri("<x>", found.base) == "https://example.org/base/x"
    assert expand_iri("<https://example.org/\\u00e6>", None) == "https://example.org/æ"


def test_scan_never_raises_on_broken_text() -> None:
    found = scan(
        '@prefix ex: <https://example.org/> .\nex:a ex:b "unterminated\nex:c ex:d ex:e .\n'
    )
    assert found.prefixes == {"ex": EX}
    assert found.statements[0].subject == EX + "a"


def test_tokens_keep_positions() -> None:
    kinds = [(t.kind, t.text, t.line, t.column) for t in tokens('ex:a  "s" .') if t.kind != "ws"]
    assert kinds[0][1:] == ("ex:a", 1, 1)
    assert kinds[1][1:] == ('"s"', 1, 7)
    assert kinds[2][1:] == (".", 1, 11)


def test_token_at_and_line_text() -> None:
    text = 'ex:a ex:b "x" ;\n  ex:c ex:d .\n'
    assert token_at(text, 2, 3) == "ex:c"
    assert token_at(text, 1, 5) == "ex:b"  # the space before it: the next token on the line
    assert line_text(text, 2) == "  ex:c ex:d ."
    assert line_text(text, 99) == ""


@pytest.fixture
def two_files(tmp_path: Path) -> list[SourceFile]:
    prefix = (
        "@prefix ex: <https://example.org/> .\n@prefix pg: <https://w3id.org/policygraph/def#> .\n"
    )
    first = tmp_path / "first.ttl"
    first.write_text(
        prefix
        + 'ex:a pg:section "only a triple about a"@da .\n'  # line 3: untyped
        + "ex:b a pg:Initiative ;\n"  # line 4
        + '    pg:targetOf [ pg:section "in a blank node"@da ] .\n',
        encoding="utf-8",
    )
    second = tmp_path / "second.ttl"
    second.write_text(prefix + "\nex:a a pg:Initiative .\n", encoding="utf-8")  # line 4
    return [SourceFile(parse_file(p), scan(p.read_text(encoding="utf-8"))) for p in (first, second)]


def test_locator_prefers_the_file_that_types_the_node(two_files: list[SourceFile]) -> None:
    locator = Locator(two_files)
    first, second = (s.name for s in two_files)
    assert locator.locate(EX + "a") == (second, 4)  # typed there, only mentioned in first
    assert locator.locate(EX + "b") == (first, 4)
    assert locator.locate(EX + "nowhere") == (None, None)


def test_locator_puts_a_blank_node_where_its_holder_is(two_files: list[SourceFile]) -> None:
    locator = Locator(two_files)
    blank = next(
        q.object.value for q in two_files[0].loaded.quads if q.predicate.value.endswith("targetOf")
    )
    assert locator.locate("_:" + blank) == (two_files[0].name, 4)
