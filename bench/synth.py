"""Generate a national-scale synthetic dataset from the real documents in ``data/``.

Usage: python bench/synth.py N OUTDIR [--seed 18] [--data DIR]

OUTDIR receives N municipalities' worth of policy documents:

* the real documents, verbatim, for the municipalities that issued them (all of
  them once N reaches the number of real issuing municipalities);
* for every further municipality, a clone of one real document group (a
  document together with the documents it revises or is revised by, e.g. the
  Ballerup draft and final policy), and for every third municipality a clone of
  a second group. Each clone gets new IRIs (``.../id/doc/<template>--<local>``,
  items below it), is issued by its municipality (a joint plan by it and the next
  one), carries "(syntetisk kopi ...)" in its titles and a header comment saying
  it is synthetic, and is perturbed with a seeded random generator: some
  initiatives dropped (never the last item of a focus area or objective), some
  duplicated as the last initiative under their parent, some curated
  principle/SDG links (with their alignment) and themes moved to another concept
  of the same vocabulary. Then the initiatives are renumbered by position
  (``initiative-2.1``, ``-2.2``, ... without gaps, alignments renamed with them,
  in every document of the group), as the encoding guide requires;
* ``sources/``: the real documents' registered sources (files and manifest
  entries as they are), and for each clone its template's source text with a
  closing line naming the clone, registered with ``policygraph.steward.sources``
  (``add_source``) for the clone's issuers; the clone's ``pg:fileName`` and
  ``pg:sha256`` name it;
* ``municipalities.ttl``: the authority file as it is, plus synthetic municipalities
  when it lists fewer than N. Those are named "Syntetisk kommune NNN", live in the
  namespace ``https://w3id.org/policygraph/id/synthetic/municipality/``, have the
  kommunekode ``9NNN`` (no real kommunekode starts with 9) and belong to the
  synthetic region ``.../id/synthetic/region/syntetisk``. Real municipalities of the
  authority file that issue no real document are used (in kommunekode order) before
  any synthetic one is made, so the dataset uses the real list as it grows;
* ``organisations.ttl`` and ``reviewers.ttl``: copied.

The same N, seed and data give byte-identical output. The output validates with
``policygraph validate OUTDIR`` with no violation and no warning (exit 0):
perturbations keep every shape and fidelity rule satisfied (tests/test_synth.py).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from policygraph.steward.sources import add_source, read_manifest, sources_dir_for, write_manifest

ROOT = Path(__file__).resolve().parents[1]
PG = "https://w3id.org/policygraph/def#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PROV_REVISION = ox.NamedNode("http://www.w3.org/ns/prov#wasRevisionOf")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
SKOS_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
DOC_BASE = "https://w3id.org/policygraph/id/doc/"
SYNTHETIC = "https://w3id.org/policygraph/id/synthetic/"
SYNTHETIC_REGION = ox.NamedNode(SYNTHETIC + "region/syntetisk")
RP = "https://w3id.org/policygraph/id/recovery-principle/"
SDGO_TARGET = ox.NamedNode("http://metadata.un.org/sdg/ontology#Target")
CONTEXT_FILES = ("municipalities.ttl", "organisations.ttl", "reviewers.ttl")

PREFIXES = {
    "chime": "https://w3id.org/policygraph/id/chime/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "mun": "https://w3id.org/policygraph/id/municipality/",
    "org": "https://w3id.org/policygraph/id/organisation/",
    "pg": PG,
    "prov": "http://www.w3.org/ns/prov#",
    "rp": RP,
    "sdg": "http://metadata.un.org/sdg/",
    "skos": SKOS,
    "smun": SYNTHETIC + "municipality/",
    "theme": "https://w3id.org/policygraph/id/theme/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Per initiative of a clone: probability of being dropped, duplicated, re-linked.
DROP, DUPLICATE, RELINK, RETHEME = 0.07, 0.07, 0.2, 0.2
#: An initiative's local name: ``initiative-<parent's number>.<position>`` (docs/encoding.md).
INITIATIVE = re.compile(r"initiative-(?:(?P<head>[0-9]+(?:\.[0-9]+)*)\.)?(?P<last>[0-9]+)")


def pg(local: str) -> ox.NamedNode:
    return ox.NamedNode(PG + local)


@dataclass(frozen=True)
class Municipality:
    iri: ox.NamedNode
    name_da: str
    name_en: str
    code: str
    synthetic: bool = False

    @property
    def local(self) -> str:
        return self.iri.value.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Document:
    path: Path
    iri: ox.NamedNode
    issuers: tuple[ox.NamedNode, ...]
    triples: tuple[ox.Triple, ...]


def parse(path: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def read_municipalities(path: Path) -> list[Municipality]:
    triples = parse(path)
    found = []
    for s in sorted({t.subject for t in triples if t.object == pg("Municipality")}, key=str):
        values = {
            (t.predicate.value, getattr(t.object, "language", None)): t.object.value
            for t in triples
            if t.subject == s
        }
        code = values.get((PG + "municipalityCode", None))
        if code is None or not isinstance(s, ox.NamedNode):
            continue
        name_da = values.get((SKOS + "prefLabel", "da"), s.value)
        found.append(
            Municipality(s, name_da, values.get((SKOS + "prefLabel", "en"), name_da), code)
        )
    return sorted(found, key=lambda m: m.code)


def read_documents(data: Path) -> list[Document]:
    documents = []
    for path in sorted(data.glob("*.ttl")):
        if path.name in CONTEXT_FILES:
            continue
        triples = parse(path)
        docs = [
            t.subject
            for t in triples
            if t.predicate == RDF_TYPE and t.object == pg("PolicyDocument")
        ]
        if len(docs) != 1 or not isinstance(docs[0], ox.NamedNode):
            raise SystemExit(f"{path}: expected one pg:PolicyDocument, found {len(docs)}")
        issuers = tuple(
            sorted(
                (
                    t.object
                    for t in triples
                    if t.subject == docs[0]
                    and t.predicate == pg("issuedBy")
                    and isinstance(t.object, ox.NamedNode)
                ),
                key=str,
            )
        )
        documents.append(Document(path, docs[0], issuers, tuple(triples)))
    return documents


def groups_of(documents: list[Document]) -> list[list[Document]]:
    """Documents joined by prov:wasRevisionOf, each group in file order."""
    by_iri = {d.iri: d for d in documents}
    parent = {d.iri: d.iri for d in documents}

    def find(x: ox.NamedNode) -> ox.NamedNode:
        while parent[x] != x:
            x = parent[x]
        return x

    for d in documents:
        for t in d.triples:
            if t.subject == d.iri and t.predicate == PROV_REVISION and t.object in by_iri:
                parent[find(d.iri)] = find(t.object)  # type: ignore[arg-type]
    groups: dict[ox.NamedNode, list[Document]] = {}
    for d in documents:
        groups.setdefault(find(d.iri), []).append(d)
    return list(groups.values())


def synthetic_municipality(number: int) -> Municipality:
    return Municipality(
        ox.NamedNode(f"{SYNTHETIC}municipality/s{number:03d}"),
        f"Syntetisk kommune {number:03d}",
        f"Synthetic municipality {number:03d}",
        f"9{number:03d}",
        synthetic=True,
    )


def municipality_triples(m: Municipality) -> list[ox.Triple]:
    skos_label = ox.NamedNode(SKOS + "prefLabel")
    return [
        ox.Triple(m.iri, RDF_TYPE, pg("Municipality")),
        ox.Triple(m.iri, skos_label, ox.Literal(m.name_da, language="da")),
        ox.Triple(m.iri, skos_label, ox.Literal(m.name_en, language="en")),
        ox.Triple(m.iri, pg("municipalityCode"), ox.Literal(m.code)),
        ox.Triple(m.iri, pg("region"), SYNTHETIC_REGION),
    ]


class Concepts:
    """The concepts a perturbation may move a link to."""

    def __init__(self, ontology: Path) -> None:
        vocab = ontology / "vocab"
        self.principles = [ox.NamedNode(f"{RP}{n}") for n in range(1, 9)]
        self.sdg_targets = sorted(
            {t.subject for t in parse(vocab / "sdg.ttl") if t.object == SDGO_TARGET}, key=str
        )
        self.themes = sorted(
            {t.subject for t in parse(vocab / "themes.ttl") if t.object == pg("Theme")}, key=str
        )


class Clone:
    """One template group rewritten for one municipality, then perturbed."""

    def __init__(
        self,
        group: list[Document],
        issuers: list[Municipality],
        rng: random.Random,
        concepts: Concepts,
    ) -> None:
        self.rng = rng
        self.concepts = concepts
        main = issuers[0]
        self.renamed = {d.iri.value: f"{DOC_BASE}{d.path.stem}--{main.local}" for d in group}
        template_issuers = sorted({i for d in group for i in d.issuers}, key=str)
        self.municipalities = {
            old.value: issuers[min(n, len(issuers) - 1)].iri
            for n, old in enumerate(template_issuers)
        }
        self.files: list[tuple[Document, str, list[ox.Triple]]] = []
        for document in group:
            triples = [self.map_triple(t) for t in document.triples]
            doc = ox.NamedNode(self.renamed[document.iri.value])
            triples = [self.retitle(t, doc, main) for t in triples]
            self.files.append((document, f"{document.path.stem}--{main.local}", triples))

    def map_term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple):  # type: ignore[no-untyped-def]
        if not isinstance(term, ox.NamedNode):
            return term
        if term.value in self.municipalities:
            return self.municipalities[term.value]
        for old, new in self.renamed.items():
            if term.value == old or term.value.startswith(old + "/"):
                return ox.NamedNode(new + term.value[len(old) :])
        return term

    def map_triple(self, t: ox.Triple) -> ox.Triple:
        return ox.Triple(self.map_term(t.subject), t.predicate, self.map_term(t.object))

    @staticmethod
    def retitle(t: ox.Triple, doc: ox.NamedNode, m: Municipality) -> ox.Triple:
        if t.subject != doc or t.predicate != DCTERMS_TITLE or not isinstance(t.object, ox.Literal):
            return t
        lang = t.object.language
        suffix = (
            f" (syntetisk kopi for {m.name_da})"
            if lang == "da"
            else f" (synthetic copy for {m.name_en})"
        )
        title = ox.Literal(t.object.value + suffix, language=lang)
        return ox.Triple(t.subject, t.predicate, title)

    def perturbed(self) -> list[tuple[Document, str, list[ox.Triple]]]:
        """Every file of the group perturbed, its initiatives renumbered by position.

        A dropped item is removed from every file of the group (a revision may point
        at it), and a renumbered one renamed in all of them.
        """
        self.gone: set[ox.NamedNode] = set()
        renamed: dict[ox.NamedNode, ox.NamedNode] = {}
        files = []
        for template, stem, triples in self.files:
            kept = self.perturb(triples, stem)
            renamed |= self.renumber(kept, DOC_BASE + stem + "/")
            files.append((template, stem, kept))
        result = []
        for template, stem, kept in files:
            kept = [t for t in kept if t.subject not in self.gone and t.object not in self.gone]
            kept = [
                ox.Triple(
                    renamed.get(t.subject, t.subject),  # type: ignore[arg-type]
                    t.predicate,
                    renamed.get(t.object, t.object),  # type: ignore[arg-type]
                )
                for t in kept
            ]
            result.append((template, stem, kept))
        return result

    def perturb(self, triples: list[ox.Triple], stem: str) -> list[ox.Triple]:
        kept = list(triples)
        prefix = DOC_BASE + stem + "/"
        initiatives = sorted(
            {
                t.subject
                for t in kept
                if t.predicate == RDF_TYPE
                and t.object == pg("Initiative")
                and t.subject.value.startswith(prefix)
            },
            key=str,
        )
        for initiative in initiatives:
            roll = self.rng.random()
            if roll < DROP:
                kept = self.drop(kept, initiative)
            elif roll < DROP + DUPLICATE:
                kept = self.duplicate(kept, initiative, prefix)
            if initiative in self.gone:
                continue
            if self.rng.random() < RELINK:
                kept = self.relink(kept, initiative)
            if self.rng.random() < RETHEME:
                kept = self.retheme(kept, initiative)
        return kept

    def drop(self, triples: list[ox.Triple], item: ox.NamedNode) -> list[ox.Triple]:
        children = (pg("hasInitiative"), pg("hasObjective"))
        parents = {t.subject for t in triples if t.object == item and t.predicate in children}
        for p in parents:  # never leave a focus area or objective empty
            if sum(1 for t in triples if t.subject == p and t.predicate in children) < 2:
                return triples
        alignments = {
            t.object
            for t in triples
            if t.subject == item
            and t.predicate == pg("alignment")
            and isinstance(t.object, ox.NamedNode)
        }
        gone = {item, *alignments}
        self.gone |= gone
        return [t for t in triples if t.subject not in gone and t.object not in gone]

    def duplicate(
        self, triples: list[ox.Triple], item: ox.NamedNode, prefix: str
    ) -> list[ox.Triple]:
        """A copy of the initiative (and its alignments) as the last one under its parent.

        The copy takes the next free number under the parent; it has no printed
        skos:notation of its own (the source prints the original's once).
        """
        match = INITIATIVE.fullmatch(item.value[len(prefix) :])
        if match is None:
            return triples
        head = match["head"]
        siblings = [
            int(m["last"])
            for t in triples
            if t.predicate == RDF_TYPE
            and t.object == pg("Initiative")
            and t.subject.value.startswith(prefix)
            and (m := INITIATIVE.fullmatch(t.subject.value[len(prefix) :]))
            and m["head"] == head
        ]
        local = f"initiative-{head + '.' if head else ''}{max(siblings) + 1}"
        copy_of = {item: ox.NamedNode(prefix + local)}
        for t in triples:
            if (
                t.subject == item
                and t.predicate == pg("alignment")
                and isinstance(t.object, ox.NamedNode)
            ):
                copy_of[t.object] = ox.NamedNode(
                    rename_alignment(t.object.value, prefix, item.value[len(prefix) :], local)
                )
        added = [
            ox.Triple(copy_of[t.subject], t.predicate, copy_of.get(t.object, t.object))  # type: ignore[arg-type]
            for t in triples
            if t.subject in copy_of and t.predicate != SKOS_NOTATION
        ]
        added += [
            ox.Triple(t.subject, t.predicate, copy_of[item])
            for t in triples
            if t.object == item and t.predicate == pg("hasInitiative")
        ]
        return triples + added

    @staticmethod
    def renumber(triples: list[ox.Triple], prefix: str) -> dict[ox.NamedNode, ox.NamedNode]:
        """New names for initiatives (and their alignments) so siblings run 1, 2, ... again."""
        by_head: dict[str, list[tuple[int, ox.NamedNode]]] = {}
        for t in triples:
            if (
                t.predicate == RDF_TYPE
                and t.object == pg("Initiative")
                and isinstance(t.subject, ox.NamedNode)
                and t.subject.value.startswith(prefix)
                and (m := INITIATIVE.fullmatch(t.subject.value[len(prefix) :]))
            ):
                by_head.setdefault(m["head"] or "", []).append((int(m["last"]), t.subject))
        renamed: dict[ox.NamedNode, ox.NamedNode] = {}
        for head, numbered in by_head.items():
            for position, (number, item) in enumerate(sorted(numbered), start=1):
                if number == position:
                    continue
                old = item.value[len(prefix) :]
                new = f"initiative-{head + '.' if head else ''}{position}"
                renamed[item] = ox.NamedNode(prefix + new)
                for t in triples:
                    if (
                        t.subject == item
                        and t.predicate == pg("alignment")
                        and isinstance(t.object, ox.NamedNode)
                    ):
                        renamed[t.object] = ox.NamedNode(
                            rename_alignment(t.object.value, prefix, old, new)
                        )
        return renamed

    def relink(self, triples: list[ox.Triple], item: ox.NamedNode) -> list[ox.Triple]:
        """Move one curated principle or SDG link (and its alignment) to another concept."""
        aligned = pg("alignedTo")
        curated = {
            t.subject for t in triples if t.predicate == pg("basis") and t.object == pg("Curated")
        }
        mine = [t.object for t in triples if t.subject == item and t.predicate == pg("alignment")]
        choices = [
            t
            for t in triples
            if t.subject in mine and t.subject in curated and t.predicate == aligned
        ]
        if not choices:
            return triples
        link = self.rng.choice(choices)
        old = link.object
        if old in self.concepts.principles:
            predicate, pool = pg("supportsPrinciple"), self.concepts.principles
        elif old in self.concepts.sdg_targets:
            predicate, pool = pg("contributesTo"), self.concepts.sdg_targets
        else:
            return triples
        present = {t.object for t in triples if t.subject == item and t.predicate == predicate}
        present |= {t.object for t in triples if t.subject in mine and t.predicate == aligned}
        options = [c for c in pool if c not in present]
        if not options or ox.Triple(item, predicate, old) not in triples:
            return triples
        new = self.rng.choice(options)
        swap = {
            ox.Triple(item, predicate, old): ox.Triple(item, predicate, new),
            link: ox.Triple(link.subject, aligned, new),
        }
        return [swap.get(t, t) for t in triples]

    def retheme(self, triples: list[ox.Triple], item: ox.NamedNode) -> list[ox.Triple]:
        themes = [t for t in triples if t.subject == item and t.predicate == pg("hasTheme")]
        if not themes:
            return triples
        present = {t.object for t in themes}
        options = [c for c in self.concepts.themes if c not in present]
        if not options:
            return triples
        old = self.rng.choice(themes)
        new = ox.Triple(item, old.predicate, self.rng.choice(options))
        return [new if t == old else t for t in triples]


def rename_alignment(iri: str, prefix: str, old: str, new: str) -> str:
    """``<doc>/align-<old>-<target>`` for item ``new`` (docs/encoding.md, IRIs)."""
    if iri.startswith(f"{prefix}align-{old}-"):
        return f"{prefix}align-{new}-" + iri[len(f"{prefix}align-{old}-") :]
    return iri + f"--{new}"


def relabel_blank_nodes(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Blank nodes named b0, b1, ... in order of appearance, for reproducible files."""
    names: dict[str, ox.BlankNode] = {}

    def term(x):  # type: ignore[no-untyped-def]
        if isinstance(x, ox.BlankNode):
            return names.setdefault(x.value, ox.BlankNode(f"b{len(names)}"))
        return x

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]


def write_turtle(
    path: Path, header: str, triples: Iterable[ox.Triple], prefixes: dict[str, str]
) -> None:
    ordered = sorted(
        set(relabel_blank_nodes(triples)),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert body is not None
    path.write_bytes(header.encode("utf-8") + b"\n" + body)


class Sources:
    """``OUTDIR/sources/``: the real documents' sources and one registered copy per clone.

    A clone's source is its template's source text with a closing line saying whose
    synthetic copy it is (so that every copy has its own digest), registered with
    :func:`policygraph.steward.sources.add_source` for the clone's issuers.
    """

    def __init__(self, real: Path, directory: Path) -> None:
        self.real = real
        self.directory = directory
        self.entries = {e.file: e for e in read_manifest(real)}
        directory.mkdir(parents=True)
        write_manifest([], directory)

    @staticmethod
    def file_name(triples: Iterable[ox.Triple], doc: ox.NamedNode) -> ox.Triple | None:
        """The triple giving the document's source file name (pg:fileName), if any."""
        derived = {t.object for t in triples if t.subject == doc and t.predicate == PROV_DERIVED}
        return next(
            (t for t in triples if t.subject in derived and t.predicate == pg("fileName")), None
        )

    def copy(self, document: Document) -> None:
        """The real document's source, byte for byte under its own name and entry."""
        named = self.file_name(document.triples, document.iri)
        if named is None or named.object.value not in self.entries:
            return  # validate reports it as it would for data/
        entry = self.entries[named.object.value]
        shutil.copyfile(self.real / entry.file, self.directory / entry.file)
        present = read_manifest(self.directory)
        if entry not in present:
            write_manifest([*present, entry], self.directory)

    def register(
        self,
        template: Document,
        stem: str,
        triples: list[ox.Triple],
        codes: dict[ox.NamedNode, str],
        note: str,
    ) -> list[ox.Triple]:
        """Register the clone's source; the triples with pg:fileName/pg:sha256 pointing at it."""
        doc = ox.NamedNode(DOC_BASE + stem)
        named = self.file_name(template.triples, template.iri)
        if named is None or named.object.value not in self.entries:
            return triples
        text = (self.real / named.object.value).read_bytes()
        text = text.rstrip(b"\n") + f"\n\n[{note.replace(chr(10) + '# ', ' ')}]\n".encode()
        issuers = sorted(
            codes[t.object]  # type: ignore[index]
            for t in triples
            if t.subject == doc and t.predicate == pg("issuedBy") and t.object in codes
        )
        title = next(
            (
                t.object.value
                for t in triples
                if t.subject == doc
                and t.predicate == DCTERMS_TITLE
                and isinstance(t.object, ox.Literal)
                and t.object.language == "da"
            ),
            stem,
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{stem}.txt"
            path.write_bytes(text)
            entry = add_source(path, tuple(issuers), title, directory=self.directory)
        source = self.file_name(triples, doc)
        assert source is not None
        replaced = {
            (source.subject, pg("fileName")): ox.Literal(entry.file),
            (source.subject, pg("sha256")): ox.Literal(entry.sha256),
        }
        return [
            ox.Triple(t.subject, t.predicate, replaced[(t.subject, t.predicate)])
            if (t.subject, t.predicate) in replaced
            else t
            for t in triples
        ]


def generate(n: int, out: Path, seed: int = 18, data: Path = ROOT / "data") -> list[Path]:
    """Write the dataset for ``n`` municipalities into ``out``; return the document files."""
    if n < 1:
        raise SystemExit("N must be at least 1")
    authority = read_municipalities(data / "municipalities.ttl")
    documents = read_documents(data)
    groups = groups_of(documents)
    concepts = Concepts(data.parent / "ontology")
    issuing: list[ox.NamedNode] = []
    for d in documents:
        issuing += [i for i in d.issuers if i not in issuing]
    by_iri = {m.iri: m for m in authority}
    chosen = [by_iri[i] for i in issuing if i in by_iri][:n]
    rest = [m for m in authority if m not in chosen]
    synthetic = 0
    while len(chosen) < n:
        if rest:
            chosen.append(rest.pop(0))
        else:
            synthetic += 1
            chosen.append(synthetic_municipality(synthetic))
    chosen_iris = {m.iri for m in chosen}
    copied = [d for d in documents if set(d.issuers) <= chosen_iris]
    real = {i for d in copied for i in d.issuers}

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.ttl"):
        old.unlink()
    shutil.rmtree(out / "sources", ignore_errors=True)
    sources = Sources(sources_dir_for(data / "municipalities.ttl"), out / "sources")
    written: list[Path] = []
    for d in copied:
        shutil.copyfile(d.path, out / d.path.name)
        sources.copy(d)
        written.append(out / d.path.name)
    codes = {m.iri: m.code for m in chosen}
    clone_number = 0
    for index, m in enumerate(chosen):
        if m.iri in real:
            continue
        picks = [groups[clone_number % len(groups)]]
        if clone_number % 3 == 2 and len(groups) > 1:
            picks.append(groups[(clone_number + 1) % len(groups)])
        clone_number += 1
        partner = chosen[(index + 1) % len(chosen)]
        for group in picks:
            issuers = [m] if partner == m else [m, partner]
            rng = random.Random(f"{seed}:{m.iri.value}:{group[0].path.stem}")
            clone = Clone(group, issuers, rng, concepts)
            for template, stem, triples in clone.perturbed():
                prefixes = {**PREFIXES, "d": clone.renamed[template.iri.value] + "/"}
                note = (
                    f"SYNTHETIC: not a real document. A clone of data/{template.path.name} for "
                    f"{m.name_da}\n# ({m.iri.value}), perturbed; written by bench/synth.py "
                    f"(N={n}, seed={seed})."
                )
                triples = sources.register(template, stem, triples, codes, note)
                target = out / f"{stem}.ttl"
                write_turtle(target, f"# {note}\n", triples, prefixes)
                written.append(target)

    municipalities = parse(data / "municipalities.ttl")
    made = [m for m in chosen if m.synthetic]
    if made:
        skos_label = ox.NamedNode(SKOS + "prefLabel")
        municipalities += [
            ox.Triple(SYNTHETIC_REGION, RDF_TYPE, pg("Region")),
            ox.Triple(SYNTHETIC_REGION, skos_label, ox.Literal("Syntetisk region", language="da")),
            ox.Triple(SYNTHETIC_REGION, skos_label, ox.Literal("Synthetic region", language="en")),
        ]
        for m in made:
            municipalities += municipality_triples(m)
    write_turtle(
        out / "municipalities.ttl",
        f"# The authority file data/municipalities.ttl plus {len(made)} SYNTHETIC municipalities\n"
        f"# (namespace {SYNTHETIC}municipality/, kommunekode 9NNN), written by bench/synth.py.\n",
        municipalities,
        PREFIXES,
    )
    for name in CONTEXT_FILES[1:]:
        if (data / name).is_file():
            shutil.copyfile(data / name, out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("n", type=int, help="number of municipalities that issue documents")
    parser.add_argument(
        "out", type=Path, help="output directory (its *.ttl and sources/ are replaced)"
    )
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real data directory")
    args = parser.parse_args()
    files = generate(args.n, args.out, args.seed, args.data)
    size = sum(p.stat().st_size for p in args.out.glob("*.ttl"))
    print(
        f"{args.out}: {len(files)} documents for {args.n} municipalities, {size / 1e6:.1f} MB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
