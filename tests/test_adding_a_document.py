"""A steward adds a correct new document by the README's steps, and CI passes.

The repository is copied to a temporary directory; there, the fixture document
(tests/fixture/: a source text and its encoding, a Egedal Kommune plan that is
not in data/) is added exactly as README "Adding a document" says:

1. ``policygraph source add`` registers the source text (copy + manifest entry);
2. the municipality is already in the authority list (``policygraph vocab``);
3. the data file goes into data/ with the file name and digest step 1 printed,
   and its new partner into data/organisations.ttl;
4. ``policygraph fmt`` and ``policygraph validate`` on the file, then on data/.

Then the data-invariant tests of the copied suite run on the copy in a
subprocess (test_data.py, the municipality list): they must pass, with the new
document among the parametrised cases and no test edited.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCUMENT = "egedal-psykiatripolitik-2025-2028"
_SKIP = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "report"
)


def policygraph(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policygraph", *args],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src"), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with the fixture document added by the README's steps."""
    target = tmp_path_factory.mktemp("checkout") / "policygraph"
    shutil.copytree(ROOT, target, ignore=_SKIP)
    fixture = target / "tests" / "fixture"
    added = policygraph(
        target,
        "source",
        "add",
        str(fixture / f"{DOCUMENT}.txt"),
        "--municipality",
        "Egedal",
        "--title",
        "Psykiatripolitik 2025-2028",
    )
    assert added.returncode == 0, added.stderr
    name = re.search(r'pg:fileName "([^"]+)"', added.stdout)
    digest = re.search(r'pg:sha256 "([0-9a-f]{64})"', added.stdout)
    assert name and digest, added.stdout
    found = policygraph(target, "vocab", "municipalities", "--search", "Egedal", "--format", "csv")
    assert "mun:egedal,0240,Egedal Kommune" in found.stdout, found.stdout
    text = (fixture / f"{DOCUMENT}.ttl").read_text(encoding="utf-8")
    text = re.sub(r'pg:fileName "[^"]+"', f'pg:fileName "{name[1]}"', text)
    text = re.sub(r'pg:sha256 "[0-9a-f]{64}"', f'pg:sha256 "{digest[1]}"', text)
    (target / "data" / f"{DOCUMENT}.ttl").write_text(text, encoding="utf-8")
    partner = (fixture / "organisations.ttl").read_text(encoding="utf-8").split("\n\n", 1)[1]
    with (target / "data" / "organisations.ttl").open("a", encoding="utf-8") as stream:
        stream.write("\n" + partner)
    formatted = policygraph(target, "fmt", f"data/{DOCUMENT}.ttl", "data/organisations.ttl")
    assert formatted.returncode == 0, formatted.stderr
    return target


def test_the_new_document_validates(copy: Path) -> None:
    one = policygraph(copy, "validate", f"data/{DOCUMENT}.ttl")
    assert one.returncode == 0, one.stdout + one.stderr
    everything = policygraph(copy, "validate", "data/")
    assert everything.returncode == 0, everything.stdout + everything.stderr
    assert "0 violations, 0 warnings" in everything.stdout
    canonical = policygraph(copy, "fmt", "--check", "data/")
    assert canonical.returncode == 0, canonical.stdout + canonical.stderr
    listed = policygraph(copy, "source", "list", "--format", "csv")
    assert ",0240,Psykiatripolitik 2025-2028," in listed.stdout


def test_the_data_invariants_pass_with_it(copy: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-W",
            "error",
            "-p",
            "no:cacheprovider",
            "-rA",
            "tests/test_data.py",
            "tests/test_queries_municipalities.py",
        ],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"PASSED tests/test_data.py::test_document_has_nothing_to_fix[{DOCUMENT}]" in (
        result.stdout
    )
    assert f"PASSED tests/test_data.py::test_source_text_is_clean[{DOCUMENT}]" in result.stdout
