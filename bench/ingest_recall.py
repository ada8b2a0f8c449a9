"""Benchmark: ingest each source in sources/ and compare the draft with its hand encoding.

For each source, the data file whose pg:SourceFile names it is the hand
encoding. Prints per document: hand and draft item counts, item recall
(identical pg:sourceText under the same parent), the share of spurious draft
items, explicit-link precision and recall, and the median ingest time. Then
the same for each source rendered to PDF in this run (fpdf2) and read back
with each PDF engine (pdfplumber, pypdf). Usage: python bench/ingest_recall.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import median_ms  # noqa: E402

from policygraph import resources  # noqa: E402
from policygraph.ingest import ingest  # noqa: E402
from policygraph.ingest.readers import PDF_ENGINES  # noqa: E402
from policygraph.ingest.recall import Comparison, compare, hand_encodings  # noqa: E402
from tests.pdfs import render_pdf  # noqa: E402

HEADERS = ["document", "source", "hand", "draft", "recall", "spurious", "links", "precision",
           "link recall", "ms"]  # fmt: skip


def row(name: str, result: Comparison, ms: float) -> list[str]:
    return [
        result.document,
        name,
        str(result.hand_items),
        str(result.draft_items),
        f"{result.recall:.1%}",
        f"{result.spurious_share:.1%}",
        f"{result.found_links}/{result.hand_links}",
        f"{result.link_precision:.0%}",
        f"{result.link_recall:.0%}",
        f"{ms:.1f}",
    ]


def measure(path: Path, hand: Path, runs: int, engine: str = "pdfplumber") -> list[str]:
    slug = "bench-" + hand.stem  # another IRI than the hand encoding's
    draft = ingest(path, slug=slug, pdf_engine=engine)
    ms = median_ms(lambda: ingest(path, slug=slug, pdf_engine=engine), runs)
    result = compare(draft.turtle(), hand)
    for missed in result.missed:
        print(f"  missed in {path.name}: {missed}", file=sys.stderr)
    return row(path.name, result, ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    args = parser.parse_args()
    sources = resources.sources_dir()
    pairs = sorted(hand_encodings().items())
    print("Text sources (sources/*.txt)")
    rows = [measure(sources / name, hand, args.runs) for name, hand in pairs]
    print(tabulate(rows, headers=HEADERS, disable_numparse=True))
    with tempfile.TemporaryDirectory() as tmp:
        for engine in PDF_ENGINES:
            print(f"\nThe same sources rendered to PDF (fpdf2), read with {engine}")
            rows = []
            for name, hand in pairs:
                pdf = Path(tmp) / (Path(name).stem + ".pdf")
                pdf.write_bytes(render_pdf((sources / name).read_text(encoding="utf-8")))
                rows.append(measure(pdf, hand, args.runs, engine))
            print(tabulate(rows, headers=HEADERS, disable_numparse=True))


if __name__ == "__main__":
    main()
