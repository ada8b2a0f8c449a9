"""``policygraph sheet export/import`` and the whole steward path, ingest to saved queries."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

import policygraph
from policygraph import resources
from policygraph.cli import main
from policygraph.ingest.sheet import COLUMNS, SheetError, export_sheet, import_sheet, read_sheet
from policygraph.turtle.canonical import format_file
from policygraph.validation import CONTEXT_FILES

DOCUMENTS = sorted(
    p
    for p in resources.data_dir().glob("*.ttl")
    if p.name not in CONTEXT_FILES  # municipalities, organisations, reviewers
)
HERLEV = resources.sources_dir() / "001_286ca7801372ac19.txt"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("document", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(document: Path, suffix: str, tmp_path: Path) -> None:
    copy = tmp_path / document.name
    shutil.copy(document, copy)
    original, canonical = format_file(copy)
    assert original == canonical, "shipped documents are canonical"
    sheet = tmp_path / ("sheet" + suffix)
    export_sheet(copy, sheet)
    changed, text = import_sheet(copy, sheet)
    assert not changed
    assert copy.read_bytes() == document.read_bytes() and text == original


def test_the_xlsx_lists_allowed_values_on_a_second_sheet(tmp_path: Path) -> None:
    export_sheet(DOCUMENTS[0], tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert book.sheetnames == ["items", "allowed"]
    allowed = {(r[0], r[1]) for r in book["allowed"].iter_rows(min_row=2, values_only=True)}
    book.close()
    assert {("principles", "1"), ("principles", "8"), ("sdg", "3.4"), ("sdg", "10")} <= allowed
    assert ("chime", "hope-and-optimism") in allowed and ("principles", "9") not in allowed


def test_every_bad_cell_is_reported_and_nothing_is_written(workdir: Path) -> None:
    document = workdir / "herlev.ttl"
    shutil.copy(resources.data_dir() / "herlev-socialpsykiatri-2019-2022.ttl", document)
    before = document.read_bytes()
    assert invoke("sheet", "export", str(document), "-o", "s.csv").exit_code == 0
    rows = read_sheet(workdir / "s.csv")
    index = {row["iri"]: n for n, row in enumerate(rows)}
    first = index["initiative-1.1"]  # sheet row first + 2
    rows[first]["principles"] = "3; 9"
    rows[first]["sdg"] = "3.14"
    rows[first + 1]["themes"] = "peer-suport"
    rows[first + 2]["principles"] = rows[first + 2]["principles"] + "; 8"
    rows[first + 2]["rationale"] = ""
    rows[first + 3]["danish"] = "Omskrevet tekst"
    rows[first + 4]["iri"] = "initiative-1.9"
    rows[first + 4]["partners"] = "sindd"
    write_csv(workdir / "bad.csv", rows)
    result = invoke("sheet", "import", str(document), "bad.csv")
    assert result.exit_code == 2, result.output
    row = first + 2
    for expected in [
        f"row {row}, column 'principles': unknown principle '9'",
        f"row {row}, column 'sdg': unknown sdg value '3.14'; did you mean 3.4",
        f"row {row + 1}, column 'themes': unknown theme 'peer-suport'; did you mean peer-support",
        f"row {row + 2}, column 'rationale': missing rationale for rp:8",
        f"row {row + 3}, column 'danish': this column is read-only",
        f"row {row + 4}, column 'iri': no item 'initiative-1.9'",
        "nothing was written",
    ]:
        assert expected in " ".join(result.output.split()), result.output
    assert document.read_bytes() == before


def test_a_link_stated_by_the_text_cannot_be_curated_again(tmp_path: Path) -> None:
    document = tmp_path / "h.ttl"
    shutil.copy(resources.data_dir() / "helsingoer-psykiatripolitik.ttl", document)
    export_sheet(document, tmp_path / "s.csv")
    rows = read_sheet(tmp_path / "s.csv")
    row = next(r for r in rows if r["iri"] == "focus-area-1")
    assert row["explicit"] == "rp:3"
    row["principles"] = "3"
    row["rationale"] = "It says so."
    write_csv(tmp_path / "s.csv", rows)
    with pytest.raises(SheetError, match="explicit link of this item already"):
        import_sheet(document, tmp_path / "s.csv")


def test_the_steward_path_from_source_to_saved_queries(workdir: Path) -> None:
    data = workdir / "data"
    data.mkdir()
    draft = data / "herlev-e2e.ttl"
    result = invoke("ingest", str(HERLEV), "--slug", "herlev-e2e", "-o", str(draft))
    assert result.exit_code == 0, result.output
    assert invoke("validate", str(draft)).exit_code == 1  # TODOs left

    assert invoke("sheet", "export", str(draft), "-o", "herlev.xlsx").exit_code == 0
    book = load_workbook(workdir / "herlev.xlsx")
    sheet = book["items"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) for name in COLUMNS}
    for line in sheet.iter_rows(min_row=2):
        kind = line[col["kind"]].value
        line[col["english"]].value = f"English for {line[col['iri']].value}"
        line[col["note"]].value = None  # the guesses are confirmed
        if kind == "initiative":
            line[col["principles"]].value = "3"
            line[col["sdg"]].value = "3.4"
            line[col["themes"]].value = "community-leisure"
            line[col["rationale"]].value = "It gives citizens communities that support recovery."
            line[col["reviewed_by"]].value = "A. Steward"
    book.save(workdir / "herlev.xlsx")
    # A reviewer must be a declared pg:Reviewer (data/reviewers.ttl): nothing is written.
    before = draft.read_bytes()
    result = invoke("sheet", "import", str(draft), "herlev.xlsx")
    assert result.exit_code == 2, result.output
    assert "reviewed_by" in result.output and "unknown reviewer 'A. Steward'" in result.output
    assert draft.read_bytes() == before
    for line in sheet.iter_rows(min_row=2):
        if line[col["kind"]].value == "initiative":
            line[col["reviewed_by"]].value = "second-reader-2026-12"
    book.save(workdir / "herlev.xlsx")

    result = invoke("sheet", "import", str(draft), "herlev.xlsx")
    assert result.exit_code == 0, result.output
    reviewer = "<https://w3id.org/policygraph/id/reviewer/second-reader-2026-12>"
    assert draft.read_text(encoding="utf-8").count(f"pg:reviewedBy {reviewer}") == 30
    assert "conforms" in result.output
    result = invoke("validate", str(draft))
    assert result.exit_code == 0, result.output
    again = invoke("sheet", "import", str(draft), "herlev.xlsx")
    assert again.exit_code == 0 and "nothing to change" in again.output

    graph = policygraph.load([resources.data_dir(), draft])
    areas = graph.query("focus-areas", document="herlev-e2e").to_records()
    # Hand-counted from the source: three themes, five "indsatsen derfor være at" bullets each.
    assert [(str(r["sourceText"]), int(r["initiatives"])) for r in areas] == [
        ("Netværk og fællesskaber", 5),
        ("Borgeren i centrum", 5),
        ("Sundhed", 5),
    ]
    served = graph.query("principle-initiatives", principle=3, municipality="herlev").to_records()
    ours = [r for r in served if str(r["initiative"]).startswith(policygraph_doc("herlev-e2e"))]
    assert len(ours) == 15


def policygraph_doc(slug: str) -> str:
    return f"https://w3id.org/policygraph/id/doc/{slug}/"
