"""The steward-mistake corpus: tests/validate/<case>/.

Each case is a directory holding the file(s) a steward would commit and a
``case.json``::

    {"mistake": "what went wrong, in one sentence",
     "args": ["--fail-on", "warning"],          # extra validate options, usually []
     "exit_code": 1,
     "findings": [ ... ]}                        # exactly the JSON report's findings

``policygraph validate --format json <args> .`` runs inside the case directory
(so file names in the findings are the case's own), and its exit code and
its findings, each with file, line, severity, rule, message, focus node, path
and value, must be exactly the ones declared.

After a deliberate change of a message, regenerate the expectations with
``python tests/test_validate_corpus.py --update`` and review the diff.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policygraph.cli import main

CORPUS = Path(__file__).resolve().parent / "validate"
CASES = sorted(p for p in CORPUS.iterdir() if (p / "case.json").is_file())


def run_case(case: Path) -> tuple[int, dict[str, Any], str]:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    previous = Path.cwd()
    os.chdir(case)
    try:
        result = CliRunner().invoke(main, ["validate", "--format", "json", *spec["args"], "."])
    finally:
        os.chdir(previous)
    try:
        document = json.loads(result.stdout)
    except ValueError:
        document = {}
    return result.exit_code, document, result.output


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 25, [c.name for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path) -> None:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    assert spec["mistake"].strip(), f"{case.name}: say what the steward did wrong"
    exit_code, document, output = run_case(case)
    assert exit_code == spec["exit_code"], output
    assert document["findings"] == spec["findings"], output
    assert document["findings"], f"{case.name}: a mistake must produce a finding"
    for finding in document["findings"]:
        assert finding["file"], finding
        if finding["rule"] != "remote-context":  # a JSON document has no statement lines
            assert isinstance(finding["line"], int) and finding["line"] >= 1, finding


def update() -> None:  # pragma: no cover - a maintainer's tool
    for case in CASES:
        spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
        exit_code, document, _ = run_case(case)
        spec["exit_code"] = exit_code
        spec["findings"] = document["findings"]
        (case / "case.json").write_text(
            json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"{case.name}: exit {exit_code}, {len(spec['findings'])} finding(s)")


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--update"]:
        update()
