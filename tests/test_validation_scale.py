"""Validation at scale gives exactly the findings of one pySHACL run over all files.

``validate()`` evaluates the core shapes over the union with its own engine
(policygraph.validation.core) and the SPARQL shapes on pyoxigraph; when the shapes use
something that engine does not implement, it runs pySHACL per document over each
file's neighbourhood and keeps results in a digest-keyed cache
(policygraph.validation.incremental). ``validate(reference=True)`` is the original
single pySHACL run over the union. Every case of the shape corpus and of the
validation corpus, and the shipped data, must give identical reports every way, with
a cold cache and with a warm one.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import rdflib

from policygraph.validation import incremental, run
from policygraph.validation.plan import is_local, plan
from policygraph.validation.units import Cache

ROOT = Path(__file__).resolve().parents[1]
SHAPE_CASES = sorted((ROOT / "tests" / "shapes").glob("*/*.ttl"))
VALIDATE_CASES = sorted(
    p for p in (ROOT / "tests" / "validate").iterdir() if (p / "case.json").is_file()
)


def compare(path: Path, cache: Path, *, warm: bool = False) -> None:
    previous = Path.cwd()
    os.chdir(path if path.is_dir() else path.parent)  # messages name paths from here
    try:
        target = "." if path.is_dir() else path.name
        reference = run.validate(target, reference=True)
        cold = run.validate(target, cache_dir=cache)
        assert cold == reference, path.name
        if warm:
            assert run.validate(target, cache_dir=cache) == reference, f"{path.name} (warm)"
    finally:
        os.chdir(previous)


@pytest.mark.parametrize(
    "case", SHAPE_CASES, ids=[f"{p.parent.name}/{p.stem}" for p in SHAPE_CASES]
)
def test_shape_case_findings_are_the_reference_ones(case: Path, tmp_path: Path) -> None:
    compare(case, tmp_path / "cache")


@pytest.mark.parametrize("case", VALIDATE_CASES, ids=[p.name for p in VALIDATE_CASES])
def test_validate_case_findings_are_the_reference_ones(case: Path, tmp_path: Path) -> None:
    compare(case, tmp_path / "cache", warm=True)


def test_shipped_data_findings_are_the_reference_ones(tmp_path: Path) -> None:
    compare(ROOT / "data", tmp_path / "cache", warm=True)


def test_the_shipped_shapes_take_the_fast_path() -> None:
    shapes = incremental.shapes_plan()
    assert shapes.supported, shapes.reason
    assert [s.local for s in shapes.sparql] == [True] * len(shapes.sparql)
    assert shapes.sparql, "pgsh:AlignmentMatchShape is evaluated on pyoxigraph"


@pytest.fixture
def per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pySHACL path per document, as for shapes the core engine does not implement."""
    monkeypatch.setattr(incremental, "core_shapes", lambda: None)


def test_the_shipped_shapes_take_the_core_engine() -> None:
    assert incremental.core_shapes() is not None


def test_per_document_runs_give_the_reference_findings(per_document: None, tmp_path: Path) -> None:
    compare(ROOT / "data", tmp_path / "cache", warm=True)
    for case in VALIDATE_CASES:
        compare(case, tmp_path / case.name, warm=True)


def test_the_shapes_beside_the_rules_give_the_same_findings(tmp_path: Path) -> None:
    """With jobs > 1 the shapes run in a forked process while the rules run here."""
    for case in [ROOT / "data", *VALIDATE_CASES[:5]]:
        previous = Path.cwd()
        os.chdir(case)
        try:
            assert run.validate(".", jobs=2) == run.validate(".", reference=True), case.name
        finally:
            os.chdir(previous)


def test_parallel_batches_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_document: None
) -> None:
    monkeypatch.setattr(incremental, "BATCH_TRIPLES", 1500)  # several batches, two processes
    data = ROOT / "data"
    reference = run.validate(data, reference=True)
    assert run.validate(data, jobs=2) == reference
    assert run.validate(data, jobs=2, cache_dir=tmp_path) == reference


@pytest.mark.parametrize("engine", ["core", "per-document"])
def test_a_change_in_another_file_invalidates_what_depends_on_it(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document is unchanged, but its issuer loses its kommunekode in municipalities.ttl."""
    if engine == "per-document":
        monkeypatch.setattr(incremental, "core_shapes", lambda: None)
    for name in ("helsingoer-psykiatripolitik.ttl", "municipalities.ttl", "organisations.ttl"):
        shutil.copyfile(ROOT / "data" / name, tmp_path / name)
    cache = tmp_path / "cache"
    assert run.validate(tmp_path, cache_dir=cache).conforms
    municipalities = tmp_path / "municipalities.ttl"
    text = municipalities.read_text(encoding="utf-8")
    municipalities.write_text(text.replace('pg:municipalityCode "0217" ;', ""), "utf-8")
    report = run.validate(tmp_path, cache_dir=cache)
    assert report == run.validate(tmp_path, reference=True)
    rules = {r.rule_id for r in report.results if r.severity == "violation"}
    assert {"pgsh:DocumentIssuerCode", "pgsh:MunicipalityCode"} <= rules, rules


def _documents(directory: Path, *names: str) -> None:
    for name in (*names, "municipalities.ttl", "organisations.ttl", "reviewers.ttl"):
        shutil.copyfile(ROOT / "data" / name, directory / name)


DOC = "https://w3id.org/policygraph/id/doc/helsingoer-psykiatripolitik/"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        # a node of its own that points at one of the document's initiatives: only the
        # inverse path pgsh:InitiativeOwner reads reaches the document's results
        ("<urn:example:area>", {"pgsh:InitiativeOwner"}),
        # one of the document's own focus areas, said again in another file
        (f"<{DOC}focus-area-2>", {"pgsh:InitiativeOwner"}),
    ],
)
def test_what_a_new_file_says_about_a_document_reaches_its_cached_results(
    subject: str, expected: set[str], tmp_path: Path
) -> None:
    """The document is unchanged and its results are cached; another file, added and
    then removed, gives one of its initiatives a second owner."""
    _documents(tmp_path, "helsingoer-psykiatripolitik.ttl")
    cache = tmp_path / "cache"
    assert run.validate(tmp_path, cache_dir=cache).conforms
    extra = tmp_path / "zz-extra.ttl"
    extra.write_text(
        f"{subject} <https://w3id.org/policygraph/def#hasInitiative> <{DOC}initiative-1.1.1> .\n",
        encoding="utf-8",
    )
    report = run.validate(tmp_path, cache_dir=cache)
    assert report == run.validate(tmp_path, reference=True)
    rules = {r.rule_id for r in report.results if r.severity == "violation"}
    assert expected <= rules, rules
    extra.unlink()
    assert run.validate(tmp_path, cache_dir=cache) == run.validate(tmp_path, reference=True)
    assert run.validate(tmp_path, cache_dir=cache).conforms


def test_a_removed_file_that_a_document_read_reaches_its_cached_results(tmp_path: Path) -> None:
    """Without the draft, the adopted policy's prov:wasRevisionOf points at no
    pg:PolicyDocument (pgsh:DocumentRevisionOf)."""
    _documents(tmp_path, "ballerup-psykiatripolitik.ttl", "ballerup-psykiatripolitik-udkast.ttl")
    cache = tmp_path / "cache"
    assert run.validate(tmp_path, cache_dir=cache).conforms
    (tmp_path / "ballerup-psykiatripolitik-udkast.ttl").unlink()
    report = run.validate(tmp_path, cache_dir=cache)
    assert report == run.validate(tmp_path, reference=True)
    rules = {r.rule_id for r in report.results if r.severity == "violation"}
    assert "pgsh:DocumentRevisionOf" in rules, rules


def test_one_changed_file_is_the_only_one_evaluated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policygraph.validation import core

    _documents(tmp_path, "helsingoer-psykiatripolitik.ttl", "herlev-socialpsykiatri-2019-2022.ttl")
    cache = tmp_path / "cache"
    first = run.validate(tmp_path, cache_dir=cache)
    evaluated: list[str] = []
    results_for = core.CoreShapes.results_for

    def counting(self: core.CoreShapes, reader: core.Reader, subjects: list[core.Term]):  # type: ignore[no-untyped-def]
        subjects = list(subjects)
        evaluated.extend(s.value for s in subjects)
        return results_for(self, reader, subjects)

    monkeypatch.setattr(core.CoreShapes, "results_for", counting)
    assert run.validate(tmp_path, cache_dir=cache) == first
    assert evaluated == [], "nothing changed, yet the shapes ran again"
    herlev = tmp_path / "herlev-socialpsykiatri-2019-2022.ttl"
    with herlev.open("a", encoding="utf-8") as handle:
        handle.write("# an edit that changes no triple\n")
    assert run.validate(tmp_path, cache_dir=cache) == first
    herlev_doc = "https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022"
    assert evaluated and all(s.startswith(herlev_doc) for s in evaluated), evaluated[:5]


def test_the_cache_is_used_and_a_broken_entry_is_a_miss(tmp_path: Path, per_document: None) -> None:
    data = ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl"
    cache = tmp_path / "cache"
    first = run.validate(data, cache_dir=cache)
    entries = sorted((cache / "shacl").rglob("*.json"))
    assert entries, "the SHACL results were not cached"
    for entry in entries:
        entry.write_text("{not json", encoding="utf-8")
    assert run.validate(data, cache_dir=cache) == first


def test_is_local() -> None:
    assert is_local("SELECT $this WHERE { $this <urn:p> ?a . ?a <urn:q> ?v }")
    assert is_local(
        "SELECT $this WHERE { $this <urn:p> ?v FILTER NOT EXISTS { $this <urn:q> ?v } }"
    )
    assert not is_local("SELECT $this WHERE { ?x <urn:p> $this }")  # walks backwards
    assert not is_local("SELECT $this WHERE { $this <urn:p> ?a . ?a <urn:q> ?b . ?b <urn:r> ?c }")
    assert not is_local("SELECT $this WHERE { { $this <urn:p> ?a } UNION { ?a <urn:q> ?b } }")
    assert not is_local("SELECT $this WHERE { $this <urn:p>+ ?a }")
    assert not is_local("SELECT $this WHERE { GRAPH ?g { $this <urn:p> ?a } }")


def test_shapes_the_split_cannot_cover_take_the_union_run() -> None:
    deep = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;
            sh:property [ sh:path ( <urn:x:p> <urn:x:q> <urn:x:r> ) ; sh:minCount 1 ] .
        """,
        format="turtle",
    )
    assert not plan(deep).supported
    nested = rdflib.Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;
            sh:property [ sh:path <urn:x:p> ; sh:node [ sh:property [ sh:path <urn:x:q> ] ] ] .
        """,
        format="turtle",
    )
    assert not plan(nested).supported


def test_entries_no_run_uses_are_pruned(tmp_path: Path) -> None:
    data = ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl"
    cache = tmp_path / "cache"
    run.validate(data, cache_dir=cache)
    used = sorted(cache.rglob("*.json"))
    assert used
    long_ago = time.time() - Cache.MAX_AGE - 60
    stale = cache / "text" / "ff" / ("f" * 64 + ".json")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("{}", encoding="utf-8")
    for entry in [*used, stale]:
        os.utime(entry, (long_ago, long_ago))
    run.validate(data, cache_dir=cache)
    assert not stale.exists(), "an entry no run uses is removed"
    assert all(entry.exists() for entry in used), "entries this run used are kept"


def test_a_file_that_another_file_adds_to_is_checked_against_the_union(tmp_path: Path) -> None:
    """Fidelity rules read a document's own triples alone only when no other file says
    anything about its nodes. Here a second file gives the adopted Ishøj-Vallensbæk plan
    a second status, pg:Draft, which the union shows and the document's own file does not
    (and which its source, which nowhere says "udkast", contradicts)."""
    name = "ishoej-vallensbaek-psykiatriplan-2020-2021"
    shutil.copyfile(ROOT / "data" / f"{name}.ttl", tmp_path / "a.ttl")
    doc = f"https://w3id.org/policygraph/id/doc/{name}"
    (tmp_path / "b.ttl").write_text(
        f"<{doc}> <https://w3id.org/policygraph/def#status> "
        "<https://w3id.org/policygraph/def#Draft> .\n",
        encoding="utf-8",
    )
    alone = run.validate(tmp_path / "a.ttl")
    assert ("draft-status", doc) not in {(r.rule_id, r.focus_node) for r in alone.results}
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # uncached, cold, warm
        report = run.validate([tmp_path / "a.ttl", tmp_path / "b.ttl"], cache_dir=cache)
        found = {(r.rule_id, r.focus_node) for r in report.results}
        assert ("draft-status", doc) in found, cache
