"""policygraph source add/list, the normalisation of quotes, and policygraph vocab."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policygraph.cli import main
from policygraph.steward.sources import normalise, occurs_in, read_manifest

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixture" / "egedal-psykiatripolitik-2025-2028.txt"


@pytest.fixture
def checkout(tmp_path: Path) -> Iterator[Path]:
    """A directory with the repository's sources/ (and its manifest), as the working dir."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


def invoke(*args: str) -> Result:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_source_add_copies_and_registers(checkout: Path) -> None:
    result = invoke(
        "source", "add", str(FIXTURE), "--municipality", "Egedal", "--municipality", "0250",
        "--title", "Psykiatripolitik 2025-2028", "--url", "https://example.org/plan.pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    name = f"005_{digest[:16]}.txt"  # after 000-004, the first 16 hex digits of the SHA-256
    assert f"registered sources/{name}" in result.output
    assert f'pg:sha256 "{digest}"' in result.output
    assert (checkout / "sources" / name).read_bytes() == FIXTURE.read_bytes()
    entry = read_manifest(checkout / "sources")[-1]
    assert (entry.file, entry.municipality, entry.url, entry.sha256) == (
        name,
        ("0240", "0250"),  # Egedal, Frederikssund: a joint plan
        "https://example.org/plan.pdf",
        digest,
    )
    listed = invoke("source", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(listed.output)))
    assert [r["file"] for r in rows][-1] == name and len(rows) == 6
    again = invoke("source", "add", str(FIXTURE), "--municipality", "Egedal")
    assert again.exit_code == 2
    assert f"already registered as sources/{name}" in again.output


def test_source_add_refuses_bad_input(checkout: Path) -> None:
    latin1 = checkout / "plan.txt"
    latin1.write_bytes("Psykiatripolitik for Ærø".encode("latin-1"))
    result = invoke("source", "add", str(latin1), "--municipality", "Ærø")
    assert result.exit_code == 2
    assert "is not UTF-8" in result.output and "iconv" in result.output
    unknown = invoke("source", "add", str(FIXTURE), "--municipality", "Atlantis")
    assert unknown.exit_code == 2 and "no municipality 'Atlantis'" in unknown.output
    assert len(read_manifest(checkout / "sources")) == 5  # nothing half-written


@pytest.mark.parametrize(
    ("source", "quote", "found"),
    [
        ("Styrke sam-\n  arbejdet med almen praksis", "Styrke samarbejdet med almen praksis", True),
        ("deltage i fælles\u00adskaber", "deltage i fællesskaber", True),
        ("psykisk sårbarhed, somkan støtte", "psykisk sårbarhed, som kan støtte", True),
        ("Lyngby-\nTaarbæk Kommune", "Lyngby-Taarbæk Kommune", True),
        ("en **fast** kontaktperson", "en fast kontaktperson", True),
        ("Styrke sam-\n  arbejdet", "Styrke sam-arbejdet", False),  # the split is not a hyphen
        ("Tilbyde en samtale", "Tilbyde en samtale.", False),  # punctuation must be the source's
        ("Tilbyde en samtale", "tilbyde en samtale", False),  # so must case
    ],
)
def test_normalisation(source: str, quote: str, found: bool) -> None:
    assert occurs_in(quote, normalise(source)) is found


@pytest.mark.parametrize(
    ("vocabulary", "count"),
    [
        ("principles", 8),
        ("chime", 5),
        ("themes", 20),
        ("organisation-kinds", 10),
        ("municipalities", 98),
        ("sdg", 17 + 169),  # the UN's 17 goals and 169 targets
    ],
)
def test_vocab_lists_every_term(vocabulary: str, count: int) -> None:
    result = invoke("vocab", vocabulary, "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == count


def test_vocab_search_and_formats() -> None:
    principle = json.loads(
        invoke("vocab", "principles", "--search", "TIDLIGT", "--format", "json").output
    )
    assert [(t["curie"], t["notation"]) for t in principle] == [("rp:5", "5")]
    municipality = invoke("vocab", "municipalities", "--search", "helsingor", "--format", "csv")
    assert municipality.output.splitlines()[1].startswith("mun:helsingoer,0217,Helsingør Kommune,")
    sdg = invoke("vocab", "sdg", "--search", "mental health")
    assert "sdg:3.4" in sdg.output and "iri" not in sdg.output.splitlines()[0]
    assert invoke("vocab", "planets").exit_code == 2
