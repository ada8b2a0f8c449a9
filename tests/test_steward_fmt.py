"""``policygraph fmt``: canonical Turtle that never changes the graph."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.compare import isomorphic, to_isomorphic

from policygraph import files
from policygraph.cli import main
from policygraph.text import natural_key
from policygraph.turtle import canonical as formatting
from policygraph.turtle.canonical import format_file

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = sorted((ROOT / "data").glob("*.ttl"))


def fmt(*args: str) -> Result:
    return CliRunner().invoke(main, ["fmt", *args])


def graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


# --------------------------------------------------------------------------
# Every shipped data file
# --------------------------------------------------------------------------


@pytest.mark.parametrize("shipped", DATA_FILES, ids=[p.name for p in DATA_FILES])
def test_fmt_keeps_the_graph_and_is_idempotent(shipped: Path, tmp_path: Path) -> None:
    copy = tmp_path / shipped.name
    shutil.copy(shipped, copy)
    result = fmt(str(copy))
    assert result.exit_code == 0, result.output
    assert isomorphic(graph(shipped), graph(copy))
    assert to_isomorphic(graph(shipped)) == to_isomorphic(graph(copy))
    once = copy.read_text(encoding="utf-8")
    again = fmt("--check", str(copy))
    assert again.exit_code == 0, again.output
    assert format_file(copy) == (once, once)
    header = shipped.read_text(encoding="utf-8").split("\n@prefix", 1)[0].strip()
    if header.startswith("#"):
        assert once.startswith(header.split("\n\n")[0])


def test_shipped_data_is_canonical() -> None:
    """Fails until the shipped files have been formatted once: run `policygraph fmt data/`."""
    result = fmt("--check", str(ROOT / "data"))
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------
# The layout
# --------------------------------------------------------------------------

MESSY = """\
# Header comment, kept as it is.
#
# Second paragraph of the header.

@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix pg:      <https://w3id.org/policygraph/def#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix d:       <https://w3id.org/policygraph/id/doc/x/> .
@prefix rp:      <https://w3id.org/policygraph/id/recovery-principle/> .

d:initiative-1.10 pg:sourceText "Ti"@da ; a pg:Initiative ; pg:hasTheme <urn:t:b>, <urn:t:a> .
# about initiative 1.9
d:initiative-1.9 a pg:Initiative ; pg:sourceText "Ni"@da .
d:focus-area-1 a pg:FocusArea ;
    pg:hasInitiative d:initiative-1.9 , d:initiative-1.10 ;  # both of them
    pg:alignment d:align-focus-area-1-rp-3 ;
    pg:supportsPrinciple rp:3 .
d:align-focus-area-1-rp-3 a pg:Alignment ; pg:alignedTo rp:3 .
d:purpose-2 a pg:Purpose . d:purpose-1 a pg:Purpose .
<https://w3id.org/policygraph/id/doc/x> a pg:PolicyDocument ; pg:hasFocusArea d:focus-area-1 ;
    pg:minAge "18"^^xsd:integer ; <urn:x:z> "a \\"quoted\\"\\nline" , "1.5"^^xsd:decimal , true .
# the end
"""

CANONICAL = """\
# Header comment, kept as it is.
#
# Second paragraph of the header.

@prefix d: <https://w3id.org/policygraph/id/doc/x/> .
@prefix pg: <https://w3id.org/policygraph/def#> .
@prefix rp: <https://w3id.org/policygraph/id/recovery-principle/> .

<https://w3id.org/policygraph/id/doc/x>
    a pg:PolicyDocument ;
    pg:minAge 18 ;
    pg:hasFocusArea d:focus-area-1 ;
    <urn:x:z> true ,
        1.5 ,
        "a \\"quoted\\"\\nline" .

d:purpose-1
    a pg:Purpose .

d:purpose-2
    a pg:Purpose .

# both of them
d:focus-area-1
    a pg:FocusArea ;
    pg:hasInitiative d:initiative-1.9 , d:initiative-1.10 ;
    pg:supportsPrinciple rp:3 ;
    pg:alignment d:align-focus-area-1-rp-3 .

d:align-focus-area-1-rp-3
    a pg:Alignment ;
    pg:alignedTo rp:3 .

# about initiative 1.9
d:initiative-1.9
    a pg:Initiative ;
    pg:sourceText "Ni"@da .

d:initiative-1.10
    a pg:Initiative ;
    pg:sourceText "Ti"@da ;
    pg:hasTheme <urn:t:a> , <urn:t:b> .

# the end
"""


def test_canonical_layout(workdir: Path) -> None:
    (workdir / "messy.ttl").write_text(MESSY, encoding="utf-8")
    result = fmt("messy.ttl")
    assert result.exit_code == 0, result.output
    assert result.output == "reformatted messy.ttl\n1 file(s) reformatted, 0 already canonical.\n"
    assert (workdir / "messy.ttl").read_text(encoding="utf-8") == CANONICAL
    assert isomorphic(graph(workdir / "messy.ttl"), rdflib.Graph().parse(data=MESSY))


def test_check_lists_files_and_changes_nothing(workdir: Path) -> None:
    (workdir / "messy.ttl").write_text(MESSY, encoding="utf-8")
    (workdir / "tidy.ttl").write_text(CANONICAL, encoding="utf-8")
    result = fmt("--check", ".")
    assert result.exit_code == 1, result.output
    assert result.stdout == "would reformat messy.ttl\n"
    assert "1 file(s) would be reformatted, 1 already canonical." in result.stderr
    assert (workdir / "messy.ttl").read_text(encoding="utf-8") == MESSY
    assert fmt("--check", "tidy.ttl").exit_code == 0


BLANK_NODES = """\
@prefix ex: <urn:ex:> .
@prefix sh: <http://www.w3.org/ns/shacl#> .

ex:s ex:p [ ex:q [ ex:r "deep" ] ; ex:list ( ex:a "b" 3 ) ] ;
    ex:shared _:x ; ex:other _:x ; ex:empty [] ; ex:slash <urn:ex:a/b> , ex: .
_:x ex:name "shared"@en .
_:loop ex:next _:loop2 . _:loop2 ex:next _:loop .
"""


def test_blank_nodes_lists_and_odd_iris_keep_the_graph(workdir: Path) -> None:
    (workdir / "b.ttl").write_text(BLANK_NODES, encoding="utf-8")
    assert fmt("b.ttl").exit_code == 0
    formatted = (workdir / "b.ttl").read_text(encoding="utf-8")
    assert isomorphic(graph(workdir / "b.ttl"), rdflib.Graph().parse(data=BLANK_NODES))
    assert "@prefix sh:" not in formatted  # unused
    assert fmt("--check", "b.ttl").exit_code == 0


def test_writing_is_atomic(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "messy.ttl").write_text(MESSY, encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    result = fmt("messy.ttl")
    assert result.exit_code == 2, result.output
    assert "cannot write messy.ttl: No space left on device; nothing was changed." in result.output
    assert (workdir / "messy.ttl").read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in workdir.iterdir()) == ["messy.ttl"]


def test_a_graph_change_is_refused(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "messy.ttl").write_text(MESSY, encoding="utf-8")
    monkeypatch.setattr(formatting, "quote", lambda value: '"changed"')
    result = fmt("messy.ttl")
    assert result.exit_code == 2, result.output
    assert "formatting would change the graph; this is a bug" in result.output
    assert (workdir / "messy.ttl").read_text(encoding="utf-8") == MESSY


def test_bad_input_exits_2(workdir: Path) -> None:
    (workdir / "broken.ttl").write_text("@prefix ex: <urn:ex:> .\nex:a ex:b\n", encoding="utf-8")
    (workdir / "doc.jsonld").write_text("{}", encoding="utf-8")
    assert fmt("broken.ttl").exit_code == 2
    assert "fmt formats Turtle (.ttl) files only" in fmt("doc.jsonld").output
    assert fmt("doc.jsonld").exit_code == 2
    assert fmt("missing.ttl").exit_code == 2
    assert fmt().exit_code == 2


def test_natural_key() -> None:
    names = ["initiative-1.10", "initiative-1.9", "initiative-2.1", "initiative-1.1.2"]
    assert sorted(names, key=natural_key) == [
        "initiative-1.1.2",
        "initiative-1.9",
        "initiative-1.10",
        "initiative-2.1",
    ]
