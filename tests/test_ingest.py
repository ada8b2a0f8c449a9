"""``policygraph ingest``: heuristics, drafts, recall against the hand encodings, bad input.

The recall floors hold for every source that a document in data/ encodes
(found through its pg:SourceFile), whatever documents are there. Expected
structures in the small cases are written by hand from the texts shown.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from policygraph import limits, resources
from policygraph.cli import main
from policygraph.ingest import IngestError, SourceError, ingest, ingest_text
from policygraph.ingest import heuristics as h
from policygraph.ingest.readers import SourceText, html_text
from policygraph.ingest.recall import compare, hand_encodings
from policygraph.steward.sources import read_manifest
from policygraph.turtle.canonical import format_turtle
from policygraph.validation import validate

from .pdfs import encrypted_pdf, image_only_pdf, render_pdf

SOURCES = resources.sources_dir()
PAIRS = sorted(hand_encodings().items())


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def draft_of(text: str, municipality: str = "Herlev") -> list[tuple[str, str, str]]:
    draft = ingest_text(SourceText("t.txt", text, "text"), [municipality], slug="t")
    return [(item.local, item.notation, item.text) for item in draft.items()]


# ---------------------------------------------------------------------------
# Heuristics, case by case
# ---------------------------------------------------------------------------

LEADIN_TEXT = """\
Plan for socialpsykiatrien

Indledning

Denne plan beskriver kommunens ønsker for udviklingen af den samlede socialpsykiatri.

Sundhed

Borgerens sundhed omhandler både fysisk og mental sundhed, og det er vigtigt for alle.

Planen sætter fokus på følgende temaer:

- Motion
- Kost

Inden for temaet Sundhed vil indsatsen derfor være at:

- Udvikle en bredere vifte af aktiviteter
- At oplyse og motivere flest mulig

Bolig

Alle borgere skal have en god bolig, der passer til deres behov og ønsker i livet.

Derfor vil vi:

- Samarbejde med boligselskaberne
"""


def test_bullets_after_an_action_leadin_are_initiatives_of_their_heading() -> None:
    # The bullets after "følgende temaer:" are no action list; the two lead-ins are.
    assert draft_of(LEADIN_TEXT) == [
        ("focus-area-1", "", "Sundhed"),
        ("initiative-1.1", "", "Udvikle en bredere vifte af aktiviteter"),
        ("initiative-1.2", "", "At oplyse og motivere flest mulig"),
        ("focus-area-2", "", "Bolig"),
        ("initiative-2.1", "", "Samarbejde med boligselskaberne"),
    ]


NUMBERED_TEXT = """\
1. FORORD

Politikken er en ramme, der sætter mål og retning for kommunens indsatser på området.

2. FOKUSOMRÅDER

2.1 BOLIG

Kommunen har følgende særlige opmærksomhedspunkter:

- At alle har en bolig.

2.2 SUNDHED

Kommunen har følgende særlige opmærksomhedspunkter:

- At alle kan komme til egen læge.

3. UDMØNTNING

Politikken skal implementeres gennem en handlingsplan på tværs af alle forvaltninger.
"""


def test_numbered_headings_nest_and_give_the_notation() -> None:
    draft = ingest_text(SourceText("t.txt", NUMBERED_TEXT, "text"), ["Ballerup"], slug="t")
    areas = [(a.local, a.notation, a.text, a.section) for a in draft.areas]
    assert areas == [
        ("focus-area-1", "2.1", "BOLIG", "2. FOKUSOMRÅDER"),
        ("focus-area-2", "2.2", "SUNDHED", "2. FOKUSOMRÅDER"),
    ]
    assert [i.section for i in draft.items() if i.kind == "initiative"] == [
        "2.1 BOLIG",
        "2.2 SUNDHED",
    ]


MARKDOWN_TEXT = """\
# Psykiatriplan 2020-2021

## Indsatsområder 2020-2021

Der er udvalgt to indsatsområder, som i de kommende år vil danne rammen for indsatsen.

### **Mål 1: Borgerens forløb**

#### ***Derfor vil vi:***

- Udføre basisscreening og tidlig opsporing af psykiske lidelser
- Implementere fælles metoder, fx Recovery-star
"""


def test_markdown_label_headings() -> None:
    assert draft_of(MARKDOWN_TEXT, "Ishøj") == [
        ("focus-area-1", "Mål 1", "Borgerens forløb"),
        ("initiative-1.1", "", "Udføre basisscreening og tidlig opsporing af psykiske lidelser"),
        ("initiative-1.2", "", "Implementere fælles metoder, fx Recovery-star"),
    ]


TABLE_TEXT = """\
INDHOLD

| | |
|--|----|
| Formål | 2 |
| I kommunen vil vi samarbejde på tværs..... | 4 |

FORMÅL

Det overordnede formål med politikken er at sætte retning for hele kommunens arbejde.

SAMARBEJDE PÅ TVÆRS

Recovery-orienteret rehabilitering:

Princip 6:

ARBEJD KOORDINERET MED BORGERENS SAMLEDE LIVSSITUATION.

DEN KOMMUNALE UNGEINDSATS

| Vi vil samarbejde på tværs ved at: | Eksempler på konkrete indsatser: |
|---|---|
| Fremme lighed i sundhed. | <ul style="list-style-type: none"> • Sikre adgang til \
forebyggelse. • Skærpe fokus på lighed (<18). </ul> |
"""


def test_contents_table_objectives_and_principle_labels() -> None:
    draft = ingest_text(SourceText("t.txt", TABLE_TEXT, "text"), ["Helsingør"], slug="t")
    # The contents wording is the statement; the box heading nests under the focus area.
    assert [(i.local, i.text, i.section) for i in draft.items()] == [
        ("focus-area-1", "I kommunen vil vi samarbejde på tværs", "SAMARBEJDE PÅ TVÆRS"),
        ("objective-1.1", "Fremme lighed i sundhed.", "SAMARBEJDE PÅ TVÆRS"),
        ("initiative-1.1.1", "Sikre adgang til forebyggelse.", "SAMARBEJDE PÅ TVÆRS"),
        ("initiative-1.1.2", "Skærpe fokus på lighed (<18).", "SAMARBEJDE PÅ TVÆRS"),
    ]
    assert [(x.subject, x.scheme, x.target, x.evidence) for x in draft.links] == [
        (
            "focus-area-1",
            "rp",
            "6",
            (
                "Recovery-orienteret rehabilitering: Princip 6: ARBEJD KOORDINERET MED "
                "BORGERENS SAMLEDE LIVSSITUATION.",
            ),
        )
    ]


CHIME_TEXT = """\
RECOVERY

Vores primære fokus er at etablere en recovery-orienteret tilgang ud fra følgende begreber:

- Håb og optimisme
- Tilknytning og samhørighed²

² The CHIME Framework of recovery processes

Forskning viser, at håb og optimisme, identitet og empowerment er vigtige for menneskers recovery.

Samtidig skal politikken bidrage til FN's verdensmål – særligt mål 3 om sundhed.

Principperne er otte, blandt andet princip 4 om åbenhed, som alle medarbejdere skal kende.

FOKUSOMRÅDER

BOLIG

Kommunen har følgende særlige opmærksomhedspunkter:

- At alle har en bolig.
"""


def test_chime_only_where_named_and_sdg_goals_from_the_sentence() -> None:
    draft = ingest_text(SourceText("t.txt", CHIME_TEXT, "text"), ["Ballerup"], slug="t")
    found = sorted((x.subject, x.scheme, x.target) for x in draft.links)
    # The research sentence names CHIME processes without the framework: no links.
    # The "princip 4" prose names no "<noun> af <noun>" that an initiative shares: no link.
    assert found == [
        ("document", "chime", "connectedness"),
        ("document", "chime", "hope-and-optimism"),
        ("document", "sdg", "3"),
    ]
    hope = next(x for x in draft.links if x.target == "hope-and-optimism")
    assert set(hope.evidence) == {
        "Vores primære fokus er at etablere en recovery-orienteret tilgang ud fra følgende "
        "begreber:",
        "The CHIME Framework of recovery processes",
        "Håb og optimisme",
    }


def test_double_spaced_extraction_joins_broken_lines() -> None:
    lines = []
    for n in range(12):
        lines += [f"Linje {n} af en lang sætning, der fortsætter", "", "på næste linje her.", ""]
    text = "\n".join(["6. FOKUSOMRÅDER", "", "6.1 BOLIG", "", *lines])
    text += "\nBallerup Kommune har følgende særlige opmærksomhedspunkter: \n\n"
    text += "\uf0b7 At samarbejde med boligafdelingerne om en \n\nhurtig indsats. \n\n5 \n\n"
    text += "6.2 SUNDHED \n\nBallerup Kommune har følgende særlige opmærksomhedspunkter: \n\n"
    text += "\uf0b7 At alle kommer til egen læge. \n"
    found = h.blocks(text)
    assert h._double_spaced(text.splitlines())
    assert "Linje 0 af en lang sætning, der fortsætter på næste linje her." in [
        b.text for b in found
    ]
    assert draft_of(text, "Ballerup")[1] == (
        "initiative-1.1",
        "",
        "At samarbejde med boligafdelingerne om en hurtig indsats.",
    )


def test_title_block_status_and_period() -> None:
    text = "Herlev\nKommune\n\nUdkast til\n\nPlan for udvikling\n\n2019 - 2022\n\nJanuar 2019\n\n"
    head, _ = h.split_title(h.blocks(text + "Indledning\n\n" + "Ord " * 20 + ".\n"))
    assert head.title == "Udkast til Plan for udvikling 2019 - 2022"
    assert head.draft_mark is not None and head.draft_mark.text == "Udkast til"
    assert (head.period, head.issued) == ((2019, 2022), "2019-01")


def test_html_is_read_like_markdown() -> None:
    html = (
        "<html><body><h2>Mål 1: Bolig</h2><p>Derfor vil vi:</p>"
        "<ul><li>Samarbejde med <b>boligselskaberne</b></li></ul></body></html>"
    )
    assert "## Mål 1: Bolig" in html_text(html)
    assert draft_of(html_text(html)) == [
        ("focus-area-1", "Mål 1", "Bolig"),
        ("initiative-1.1", "", "Samarbejde med boligselskaberne"),
    ]


# ---------------------------------------------------------------------------
# The five sources against their hand encodings
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "hand"), PAIRS, ids=[n for n, _ in PAIRS])
def test_recall_against_the_hand_encoding(name: str, hand: Path) -> None:
    draft = ingest(SOURCES / name, slug="recall-" + hand.stem)
    result = compare(draft.turtle(), hand)
    assert result.recall >= 0.95, result.missed
    assert result.spurious_share <= 0.10, result.spurious
    assert result.link_precision == 1.0, result.wrong_links
    assert result.link_recall >= 0.90, result.missed_links


@pytest.mark.parametrize(("name", "hand"), PAIRS, ids=[n for n, _ in PAIRS])
def test_the_draft_is_canonical_and_fails_only_on_todos(
    name: str, hand: Path, tmp_path: Path
) -> None:
    draft = ingest(SOURCES / name, slug="draft-" + hand.stem)
    text = draft.turtle()
    path = tmp_path / f"draft-{hand.stem}.ttl"
    path.write_text(text, encoding="utf-8")
    statements = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    parsed = [(t.subject, t.predicate, t.object) for t in statements]
    assert format_turtle(text, parsed, name=path.name) == text  # fmt-stable
    report = validate([path])
    violations = [r for r in report.results if r.severity == "violation"]
    assert violations, "a draft must not pass before it is curated"
    assert {r.rule for r in violations} == {"placeholder"}, violations
    # every pg:sourceText occurs in the source (whitespace collapsed)
    source = " ".join((SOURCES / name).read_text(encoding="utf-8").split())
    assert all(" ".join(i.text.split()) in source for i in draft.items())


@pytest.mark.parametrize(("name", "hand"), PAIRS, ids=[n for n, _ in PAIRS])
def test_a_pdf_written_here_reads_like_its_text(name: str, hand: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_pdf((SOURCES / name).read_text(encoding="utf-8")))
    from_text = compare(ingest(SOURCES / name, slug="t").turtle(), hand)
    from_pdf = compare(ingest(pdf, slug="t").turtle(), hand)
    assert from_pdf.recall == from_text.recall, from_pdf.missed
    assert from_pdf.found_items == from_text.found_items


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def test_ingest_dry_run_prints_the_outline_and_writes_nothing(workdir: Path) -> None:
    result = invoke("ingest", str(SOURCES / "002_1eb97b90f63b9f9f.txt"), "--slug", "x", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "issued by Ishøj Kommune, Vallensbæk Kommune" in result.output
    assert "  focus-area-1       [Mål 1] Fortsat styrkelse af den samtidige" in result.output
    assert "    initiative-1.1     Styrke samarbejdet med den almene praksis" in result.output
    assert list(workdir.iterdir()) == []


def test_ingest_a_pdf_registers_its_text(workdir: Path) -> None:
    (workdir / "plan.pdf").write_bytes(
        render_pdf((SOURCES / "001_286ca7801372ac19.txt").read_text(encoding="utf-8"))
    )
    result = invoke("ingest", "plan.pdf", "--slug", "herlev-plan-pdf", "-o", "draft.ttl")
    assert result.exit_code == 0, result.output
    (entry,) = read_manifest(workdir / "sources")  # registered as `source add` does
    registered = workdir / "sources" / entry.file
    digest = hashlib.sha256(registered.read_bytes()).hexdigest()
    assert entry.file == f"000_{digest[:16]}.txt" and entry.sha256 == digest
    assert entry.municipality == ("0163",)  # Herlev, the issuer the text names
    assert f"registered the extracted text as sources/{entry.file}" in result.output
    text = (workdir / "draft.ttl").read_text(encoding="utf-8")
    assert f'"{entry.file}"' in text and digest in text
    again = invoke("ingest", "plan.pdf", "--slug", "herlev-plan-pdf", "-o", "draft.ttl")
    assert again.exit_code == 2 and "never overwrites" in again.output
    # The same text again: its registration is reused, not repeated.
    other = invoke("ingest", "plan.pdf", "--slug", "herlev-plan-pdf-2", "-o", "other.ttl")
    assert other.exit_code == 0, other.output
    assert "registered" not in other.output
    assert read_manifest(workdir / "sources") == [entry]
    assert f'"{entry.file}"' in (workdir / "other.ttl").read_text(encoding="utf-8")


BAD = {
    "empty.txt": (b"  \n\n", "empty"),
    "binary.txt": (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    "latin1.txt": (b"Sundhed for alle borgere i kommunen" + b"\xe6\xf8", "UTF-8"),
    "prose.txt": (
        ("Herlev Kommune vil gerne have en god psykiatri for alle borgere. " * 5).encode(),
        "no focus areas",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_text_input(workdir: Path, name: str) -> None:
    data, says = BAD[name]
    (workdir / name).write_bytes(data)
    result = invoke("ingest", name, "--municipality", "Herlev", "-o", "out.ttl")
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in workdir.iterdir()) == [name]


@pytest.mark.parametrize(
    ("kind", "says"), [("encrypted", "encrypted"), ("image", "no text layer"), ("broken", "PDF")]
)
def test_bad_pdf_input(workdir: Path, kind: str, says: str) -> None:
    text = (SOURCES / "001_286ca7801372ac19.txt").read_text(encoding="utf-8")
    data = {
        "encrypted": lambda: encrypted_pdf(text),
        "image": image_only_pdf,
        "broken": lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
    }[kind]()
    (workdir / "doc.pdf").write_bytes(data)
    result = invoke("ingest", "doc.pdf", "-o", "out.ttl")
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in workdir.iterdir()) == ["doc.pdf"]


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdf"])
def test_pdf_text_extraction_stops_at_its_time_limit(workdir: Path, engine: str) -> None:
    text = (SOURCES / "001_286ca7801372ac19.txt").read_text(encoding="utf-8")
    (workdir / "doc.pdf").write_bytes(render_pdf(text))
    with (
        limits.override(source_timeout=0.001),
        pytest.raises(SourceError, match=r"took over 0\.001 s"),
    ):
        ingest(workdir / "doc.pdf", pdf_engine=engine)
    assert sorted(p.name for p in workdir.iterdir()) == ["doc.pdf"]


@pytest.mark.parametrize(
    ("option", "says"),
    [("Gotham", "no such municipality"), ("9999", "no such municipality")],
)
def test_unknown_municipality(workdir: Path, option: str, says: str) -> None:
    source = str(SOURCES / "001_286ca7801372ac19.txt")
    result = invoke("ingest", source, "--municipality", option, "-o", "out.ttl")
    assert result.exit_code == 2 and says in result.output, result.output
    assert list(workdir.iterdir()) == []


def test_no_municipality_named_in_the_text(workdir: Path) -> None:
    (workdir / "plan.md").write_text(MARKDOWN_TEXT.replace("Ishøj", ""), encoding="utf-8")
    result = invoke("ingest", "plan.md", "-o", "out.ttl")
    assert result.exit_code == 2 and "--municipality" in result.output, result.output
    with pytest.raises(IngestError):
        ingest(workdir / "plan.md")


def test_reader_errors_are_steward_errors() -> None:
    assert SourceError("x").exit_code == IngestError("x").exit_code == 2


def test_an_ambiguous_municipality_is_refused(workdir: Path) -> None:
    source = str(SOURCES / "001_286ca7801372ac19.txt")
    result = invoke("ingest", source, "--municipality", "ba", "--dry-run")
    assert result.exit_code == 2 and "ambiguous" in result.output, result.output
    text = "Indledning\n\n" + "Herlev og Ballerup samarbejder om psykiatrien i hele regionen. " * 2
    (workdir / "joint.txt").write_text(text + "\n\n" + LEADIN_TEXT, encoding="utf-8")
    result = invoke("ingest", "joint.txt", "--dry-run")
    assert result.exit_code == 2 and "cannot tell which municipality" in result.output


def test_pdf_and_spreadsheet_libraries_are_imported_only_in_ingest() -> None:
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "policygraph"
    for path in src.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("pdfplumber", "pypdf", "openpyxl", "fpdf"):
                    assert path.parent.name == "ingest", f"{path}: imports {name}"
