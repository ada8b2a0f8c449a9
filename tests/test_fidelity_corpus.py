"""Broken variants of the fixture document: tests/fidelity/<case>.json.

Each case is one mistake a steward makes when encoding
tests/fixture/egedal-psykiatripolitik-2025-2028.ttl (a correct document with
its source text). The case directory is built as a steward's checkout would
hold it::

    data/egedal-psykiatripolitik-2025-2028.ttl   the fixture document
    data/organisations.ttl                       shipped + the fixture's new partner
    sources/005_adcfb8f5e86f281c.txt             the fixture's source text
    sources/manifest.csv                         its manifest entry

then the case's ``edits`` are applied, each ``{"file": ..., "replace": ...,
"with": ...}`` (``replace`` must occur; ``"copy": "data/municipalities.ttl"``
first copies that shipped file into the case), and ``policygraph validate
--format json data/`` runs in the directory. The exit code must be the case's,
and the findings at warning or above must be exactly those listed in
``findings`` (severity, rule, file, line and a fragment of the message that
says what to do); info findings are not compared. ``line`` (and ``column``
for syntax errors) were read off the fixture file by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policygraph.cli import main

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixture"
DOCUMENT = "egedal-psykiatripolitik-2025-2028"
SOURCE = "005_adcfb8f5e86f281c.txt"
CORPUS = ROOT / "tests" / "fidelity"
CASES = sorted(CORPUS.glob("*.json"))


def build(where: Path) -> Path:
    """The fixture as a steward's checkout holds it, in ``where``."""
    (where / "data").mkdir(parents=True)
    (where / "sources").mkdir()
    shutil.copy(FIXTURE / f"{DOCUMENT}.ttl", where / "data" / f"{DOCUMENT}.ttl")
    partner = (FIXTURE / "organisations.ttl").read_text(encoding="utf-8")
    shipped = (ROOT / "data" / "organisations.ttl").read_text(encoding="utf-8")
    (where / "data" / "organisations.ttl").write_text(
        shipped + "\n" + partner.split("\n\n", 1)[1], encoding="utf-8"
    )
    shutil.copy(FIXTURE / f"{DOCUMENT}.txt", where / "sources" / SOURCE)
    (where / "sources" / "manifest.csv").write_text(
        "file,municipality,title,url,sha256\n"
        f"{SOURCE},0240,Psykiatripolitik 2025-2028,,"
        "adcfb8f5e86f281c6ce7220b0104a98186cc933d0f91269c48799787f08f2085\n",
        encoding="utf-8",
    )
    return where


def run(where: Path) -> tuple[int, dict[str, Any], str]:
    previous = Path.cwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(main, ["validate", "--format", "json", "data/"])
    finally:
        os.chdir(previous)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout), result.output


def serious(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in document["findings"] if f["severity"] in ("violation", "warning")]


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 25, [c.stem for c in CASES]


def test_the_fixture_itself_is_correct(tmp_path: Path) -> None:
    exit_code, document, output = run(build(tmp_path))
    assert exit_code == 0, output
    assert serious(document) == [], output


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path, tmp_path: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    assert spec["mistake"].strip(), f"{case.stem}: say what the steward did wrong"
    where = build(tmp_path)
    for edit in spec["edits"]:
        target = where / edit["file"]
        if "copy" in edit:
            shutil.copy(ROOT / edit["copy"], target)
        text = target.read_text(encoding="utf-8")
        assert edit["replace"] in text, f"{case.stem}: {edit['replace']!r} not in {edit['file']}"
        target.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    exit_code, document, output = run(where)
    assert exit_code == spec["exit_code"], output
    # Again, from the cache the first run left: the same report.
    assert run(where)[:2] == (exit_code, document), "the cached run differs"
    found = serious(document)
    assert len(found) == len(spec["findings"]), output
    for want, got in zip(spec["findings"], found, strict=True):
        assert got["severity"] == want["severity"], output
        assert got["rule"] == want["rule"], output
        assert got["file"] == want["file"], output
        assert got["line"] == want["line"], output
        if "column" in want:
            assert got["column"] == want["column"], output
        assert want["message"] in got["message"], output
