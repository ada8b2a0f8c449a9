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
``python tests/test_validate_corpus.py --update`` and review the diff: it refreshes
message texts only, never a case's exit code or the findings it expects.
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


def _identity(finding: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(v for k, v in sorted(finding.items()) if k != "message")


def update() -> int:  # pragma: no cover - a maintainer's tool
    """Refresh the message texts of the declared findings, and nothing else.

    The exit code and which findings a case produces are the case's expectation:
    when they differ, the case is reported and left as it is (fix the code, or edit
    the case by hand).
    """
    problems = 0
    for case in CASES:
        spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
        exit_code, document, _ = run_case(case)
        found = document.get("findings", [])
        if exit_code != spec["exit_code"] or list(map(_identity, found)) != list(
            map(_identity, spec["findings"])
        ):
            problems += 1
            print(f"{case.name}: exit code or findings differ; left unchanged")
            continue
        spec["findings"] = found  # same findings: only their messages may have changed
        (case / "case.json").write_text(
            json.dumps(spec, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"{case.name}: messages refreshed")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--update"]:
        sys.exit(update())
