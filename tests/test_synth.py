"""bench/synth.py: the synthetic national dataset validates, sources and all.

Its docstring promises that ``policygraph validate OUTDIR`` passes with no
violation and no warning. The fidelity rules make that a real constraint: item
IRIs numbered by position (a dropped or duplicated initiative must renumber its
siblings) and a registered source per document in ``OUTDIR/sources/``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from policygraph.cli import main
from policygraph.steward.sources import read_manifest, sha256_of

ROOT = Path(__file__).resolve().parents[1]


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synth() -> ModuleType:
    return _synth()


def _issuing(synth: ModuleType) -> int:
    """How many municipalities issue a real document (clones start after them)."""
    return len({i for d in synth.read_documents(ROOT / "data") for i in d.issuers})


def _initiatives(path: Path) -> set[str]:
    return set(re.findall(r"\bd:(initiative-[0-9.]+)\s+a\s+pg:Initiative\b", path.read_text()))


def test_synthetic_dataset_validates_without_warnings(
    synth: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drop and duplicate often, so that renumbering is exercised in every clone.
    monkeypatch.setattr(synth, "DROP", 0.25)
    monkeypatch.setattr(synth, "DUPLICATE", 0.25)
    n = _issuing(synth) + 3
    out = tmp_path / "national"
    documents = synth.generate(n, out)
    clones = [p for p in documents if "--" in p.stem]
    assert clones, "no clone written: N does not exceed the real issuing municipalities"
    changed = [
        p
        for p in clones
        if _initiatives(p) != _initiatives(ROOT / "data" / f"{p.stem.split('--')[0]}.ttl")
    ]
    assert changed, "no clone lost or gained an initiative: the perturbations were not exercised"
    assert not any("-copy" in p.read_text() for p in documents)

    entries = read_manifest(out / "sources")
    assert len(entries) == len(documents)  # one registered source per document
    for entry in entries:
        assert sha256_of(out / "sources" / entry.file) == entry.sha256
    assert len({e.sha256 for e in entries}) == len(entries)

    result = CliRunner().invoke(main, ["validate", "--no-cache", "--format", "json", str(out)])
    report = json.loads(result.stdout)
    problems = [f for f in report["findings"] if f["severity"] != "info"]
    assert problems == []
    assert report["summary"]["violation"] == 0 and report["summary"]["warning"] == 0
    assert result.exit_code == 0


def test_synthetic_dataset_is_reproducible(synth: ModuleType, tmp_path: Path) -> None:
    n = _issuing(synth) + 2
    first, second = tmp_path / "a", tmp_path / "b"
    synth.generate(n, first)
    synth.generate(n, second)
    synth.generate(n, second)  # regenerating into the same directory replaces it
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
