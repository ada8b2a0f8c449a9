"""``policygraph new``: a skeleton that fails validation until it is filled in."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policygraph.cli import main
from policygraph.errors import StewardError
from policygraph.steward.new import document_slug, find_municipality, municipalities

SLUG = "herlev-psykiatripolitik-2025-2028"
DOC = f"https://w3id.org/policygraph/id/doc/{SLUG}"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def new(*extra: str) -> Result:
    return invoke(
        "new", "--municipality", "Herlev", "--title", "Psykiatripolitik 2025-2028", *extra
    )


def test_new_writes_the_skeleton_under_data(workdir: Path) -> None:
    result = new()
    assert result.exit_code == 0, result.output
    path = workdir / "data" / f"{SLUG}.ttl"
    assert result.output == (
        f"wrote data/{SLUG}.ttl; fill in every TODO, then: policygraph validate data/{SLUG}.ttl\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# =====")
    assert "# Herlev Kommune: Psykiatripolitik 2025-2028\n" in text
    assert f"@prefix d: <{DOC}/> .\n" in text
    assert f"<{DOC}>\n    a pg:PolicyDocument ;\n" in text
    assert '    dcterms:title "Psykiatripolitik 2025-2028"@da ;\n' in text
    assert "    pg:issuedBy mun:herlev ;\n" in text


def test_the_skeleton_fails_validation_until_filled_in(workdir: Path) -> None:
    assert new("-o", "doc.ttl").exit_code == 0
    result = invoke("validate", "--format", "json", "doc.ttl")
    assert result.exit_code == 1, result.output
    violations = [
        (f["line"], f["rule"], f["focus_node"].rsplit("/", 1)[-1], f["path"])
        for f in json.loads(result.stdout)["findings"]
        if f["severity"] == "violation"
    ]
    pg = "https://w3id.org/policygraph/def#"
    doc = "herlev-psykiatripolitik-2025-2028"
    assert violations == [
        # the guesses the skeleton cannot make: the period and the status
        (34, "placeholder", doc, "http://purl.org/dc/terms/temporal"),
        (34, "placeholder", doc, pg + "status"),
        (51, "placeholder", "source", pg + "fileName"),
        (51, "placeholder", "source", pg + "sha256"),
        (56, "pgsh:ItemSourceText", "focus-area-1", pg + "sourceText"),
        (65, "pgsh:ItemSourceText", "initiative-1.1", pg + "sourceText"),
    ]


SOURCES = Path(__file__).resolve().parent / "steward" / "sources"
FILLED = {
    '    # TODO: the English title: dcterms:title "..."@en ;': (
        '    dcterms:title "Psychiatry policy 2025-2028"@en ;'
    ),
    '    pg:status "TODO: pg:Final, or pg:Draft if the title or first page says udkast" ;': (
        "    pg:status pg:Final ;"
    ),
    '    dcterms:temporal "TODO: d:period if a period is stated (fill in d:period below), '
    'else delete" ;': "    dcterms:temporal d:period ;",
    '    pg:fileName "TODO: NNN_<hash>.txt, the file in sources/" ;': (
        '    pg:fileName "999_0000000000000000.txt" ;'
    ),
    '    pg:sha256 "TODO: sha256sum of the file in sources/" .': (
        '    pg:sha256 "'
        + hashlib.sha256((SOURCES / "999_0000000000000000.txt").read_bytes()).hexdigest()
        + '" .'
    ),
}
FOCUS_AREA = """\
    pg:section "Indsatsområder"@da ;
    pg:sourceText "Et godt liv"@da ;
    skos:prefLabel "A good life"@en ;
"""
INITIATIVE = """\
    pg:section "Et godt liv"@da ;
    pg:sourceText "Vi vil tilbyde peerstøtte"@da ;
    skos:prefLabel "We will offer peer support"@en ;
    pg:hasTheme theme:peer-support ;
    pg:supportsPrinciple rp:3 ;
    pg:contributesTo sdg:3.4 ;
    pg:alignment d:align-initiative-1.1-rp-3 , d:align-initiative-1.1-sdg-3.4 ;
"""
EXTRA = """
d:period a dcterms:PeriodOfTime ;
    dcat:startDate "2025-01-01"^^xsd:date ;
    dcat:endDate "2028-12-31"^^xsd:date .

d:align-initiative-1.1-rp-3 a pg:Alignment ;
    pg:alignedTo rp:3 ; pg:basis pg:Curated ; pg:rationale "Peers build community."@en .

d:align-initiative-1.1-sdg-3.4 a pg:Alignment ;
    pg:alignedTo sdg:3.4 ; pg:basis pg:Curated ; pg:rationale "Peers promote mental health."@en .
"""


def test_the_skeleton_passes_once_every_todo_is_done(workdir: Path) -> None:
    shutil.copytree(SOURCES, workdir / "sources")  # its registered source text
    assert new("-o", "doc.ttl").exit_code == 0
    text = (workdir / "doc.ttl").read_text(encoding="utf-8")
    for old, filled in FILLED.items():
        assert text.count(old + "\n") == 1, old
        text = text.replace(old + "\n", filled + "\n")
    focus, initiative = text.split("d:initiative-1.1\n", 1)
    focus = focus.replace("    # TODO: pg:sourceText", FOCUS_AREA + "    # done:", 1)
    initiative = initiative.replace("    # TODO: pg:sourceText", INITIATIVE + "    # done:", 1)
    (workdir / "doc.ttl").write_text(
        focus + "d:initiative-1.1\n" + initiative + EXTRA, encoding="utf-8"
    )
    result = invoke("validate", "--fail-on", "info", "doc.ttl")
    assert result.exit_code == 0, result.output


def test_new_never_overwrites(workdir: Path) -> None:
    (workdir / "doc.ttl").write_text("# mine\n", encoding="utf-8")
    result = new("-o", "doc.ttl")
    assert result.exit_code == 2, result.output
    assert "doc.ttl already exists; policygraph new never overwrites a file." in result.output
    assert (workdir / "doc.ttl").read_text(encoding="utf-8") == "# mine\n"


def test_new_refuses_an_unknown_municipality(workdir: Path) -> None:
    result = invoke("new", "--municipality", "Vestby", "--title", "Plan", "-o", "x.ttl")
    assert result.exit_code == 2, result.output
    assert "no municipality 'Vestby' in data/municipalities.ttl" in result.output
    assert "vocab municipalities" in result.output
    assert not (workdir / "x.ttl").exists()


def test_new_suggests_a_close_municipality_name(workdir: Path) -> None:
    result = invoke("new", "--municipality", "Helsingor", "--title", "Plan", "-o", "x.ttl")
    assert result.exit_code == 2, result.output
    assert "did you mean Helsingør Kommune (0217)" in result.output
    assert not (workdir / "x.ttl").exists()


def test_new_refuses_a_document_that_exists(workdir: Path) -> None:
    result = invoke(
        "new", "--municipality", "0163", "--title", "Socialpsykiatri 2019-2022", "-o", "x.ttl"
    )
    assert result.exit_code == 2, result.output
    assert "a document https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022 " in (
        result.output
    )


def test_new_requires_municipality_and_title() -> None:
    assert invoke("new", "--title", "Plan").exit_code == 2
    assert invoke("new", "--municipality", "Herlev").exit_code == 2


@pytest.mark.parametrize("query", ["Herlev", "herlev", "Herlev Kommune", "0163", "163"])
def test_municipality_by_name_slug_or_code(query: str) -> None:
    assert find_municipality(query, municipalities()).slug == "herlev"


def test_slugs() -> None:
    known = municipalities()
    helsingoer = find_municipality("Helsingør", known)
    assert helsingoer.code == "0217"
    assert document_slug(helsingoer, "Psykiatripolitik 2025-2028") == (
        "helsingoer-psykiatripolitik-2025-2028"
    )
    assert document_slug(helsingoer, "Helsingør Kommunes Psykiatriplan") == (
        "helsingoer-kommunes-psykiatriplan"
    )
    assert document_slug(find_municipality("Ishøj", known), "Handleplan: Ældre & Unge") == (
        "ishoej-handleplan-aeldre-unge"
    )
    with pytest.raises(StewardError):
        document_slug(helsingoer, "–")


def test_the_skeleton_survives_fmt(workdir: Path) -> None:
    """fmt keeps the prefixes the TODO comments name, and the TODOs still fail validation."""
    assert new("-o", "doc.ttl").exit_code == 0
    before = (workdir / "doc.ttl").read_text(encoding="utf-8")
    assert invoke("fmt", "doc.ttl").exit_code == 0
    after = (workdir / "doc.ttl").read_text(encoding="utf-8")
    prefixes = [line for line in before.splitlines() if line.startswith("@prefix")]
    assert len(prefixes) == 12
    assert [line for line in after.splitlines() if line.startswith("@prefix")] == prefixes
    assert after.count("TODO") == before.count("TODO")
    result = invoke("validate", "--format", "json", "doc.ttl")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    rules = {(f["rule"], (f["path"] or "").replace("#", "/").rsplit("/", 1)[-1]) for f in findings}
    assert {("placeholder", "status"), ("placeholder", "temporal")} <= rules
