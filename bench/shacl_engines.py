"""Benchmark: does the Rust SHACL engine pyrudof agree with pySHACL, and how fast is it?

pySHACL is the reference engine; pyrudof is not a dependency (``pip install pyrudof``
first). For every case of tests/shapes/ (the case + ontology + vocabularies, as
tests/test_shapes.py builds it) it compares the results of both engines as
(severity, source shape, constraint component or SPARQL constraint, focus node), and
prints the cases where they differ and the total time of each. With ``--data DIR``
it also times both on the union of the model and DIR (e.g. a ``bench/synth.py``
dataset). Usage: python bench/shacl_engines.py [--data DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyrudof
import pyshacl
import rdflib
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[1]
MODEL = [
    ROOT / "ontology" / "policygraph.ttl",
    *sorted((ROOT / "ontology" / "vocab").glob("*.ttl")),
]
SHAPES = ROOT / "ontology" / "shapes.ttl"
Key = tuple[str, str, str, str]


def local(term: object) -> str:
    text = str(term).strip("<>")
    return text.rsplit("#", 1)[-1] if "#" in text else text


def with_pyshacl(files: list[Path]) -> tuple[set[Key], float]:
    data = rdflib.Graph()
    for path in files:
        data.parse(path, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    start = time.perf_counter()
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, allow_warnings=True, allow_infos=True
    )
    seconds = time.perf_counter() - start
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        component = report.value(result, SH.sourceConstraintComponent)
        if component == SH.SPARQLConstraintComponent:
            component = report.value(result, SH.sourceConstraint)
        found.add(
            (
                local(report.value(result, SH.resultSeverity)).lower(),
                str(report.value(result, SH.sourceShape)),
                local(component),
                str(report.value(result, SH.focusNode)),
            )
        )
    return found, seconds


def with_pyrudof(files: list[Path]) -> tuple[set[Key], float]:
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    start = time.perf_counter()
    for number, path in enumerate(files):
        rudof.read_data(str(path), merge=number > 0)
    rudof.read_shacl(str(SHAPES))
    report = rudof.validate_shacl()
    seconds = time.perf_counter() - start  # parsing included: it cannot be separated
    found = {
        (
            local(e.severity).lower(),
            str(e.source_shape).strip("<>"),
            local(e.constraint_component).rsplit(":", 1)[-1],
            str(e.focus_node).strip("<>"),
        )
        for e in report.violations
    }
    return found, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, help="also time both engines on MODEL + DIR/*.ttl")
    args = parser.parse_args()
    cases = sorted((ROOT / "tests" / "shapes").glob("*/*.ttl"))
    agree, reference_s, rudof_s = 0, 0.0, 0.0
    for case in cases:
        expected, seconds = with_pyshacl([*MODEL, case])
        reference_s += seconds
        found, seconds = with_pyrudof([*MODEL, case])
        rudof_s += seconds
        if found == expected:
            agree += 1
        else:
            print(f"{case.parent.name}/{case.name}: only pySHACL {sorted(expected - found)}")
            print(f"{' ' * len(case.name)}   only pyrudof {sorted(found - expected)}")
    print(f"{agree}/{len(cases)} cases agree; pySHACL {reference_s:.1f} s, pyrudof {rudof_s:.1f} s")
    if args.data:
        files = [*MODEL, *sorted(args.data.glob("*.ttl"))]
        expected, reference = with_pyshacl(files)
        found, rudof = with_pyrudof(files)
        print(
            f"{args.data}: pySHACL {reference:.1f} s ({len(expected)} results), "
            f"pyrudof {rudof:.1f} s ({len(found)} results), same: {expected == found}"
        )


if __name__ == "__main__":
    main()
