"""The documents of data/, found by discovery, and their optional expectations.

Tests over data are of two kinds:

- invariants, parametrised over :data:`DOCUMENTS`, every document found in
  data/ (a file that declares a ``pg:PolicyDocument``), so that a new
  document is checked as soon as it is added, with no edit to any test;
- hand-derived expectations of one document, in ``tests/expected/<slug>.py``
  (the slug with ``_`` for ``-``): a document without one is checked by the
  invariants alone.

Saved-query and analysis tests whose expected rows were derived from the five
documents of the first release load exactly those files (:func:`shipped_graph`),
so another document in data/ cannot change their answers.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pyoxigraph

import policygraph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXPECTED_DIR = ROOT / "tests" / "expected"
DOC = "https://w3id.org/policygraph/id/doc/"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DOCUMENT = "https://w3id.org/policygraph/def#PolicyDocument"
_REVISION_OF = "http://www.w3.org/ns/prov#wasRevisionOf"
CONTEXT_FILES = ("municipalities.ttl", "organisations.ttl", "reviewers.ttl")

#: The documents of the first release, from which the saved-query and analysis
#: expectations were worked out by hand (sources/README.md).
SHIPPED = (
    "ballerup-psykiatripolitik",
    "ballerup-psykiatripolitik-udkast",
    "helsingoer-psykiatripolitik",
    "herlev-socialpsykiatri-2019-2022",
    "ishoej-vallensbaek-psykiatriplan-2020-2021",
)


@dataclass(frozen=True)
class Document:
    """A document found in data/: its slug, IRI, file and expectations (if any)."""

    slug: str
    iri: str
    path: Path
    expected: ModuleType | None
    revises: frozenset[str]  # IRIs of the documents it is a later version of


def _expectations(slug: str) -> ModuleType | None:
    path = EXPECTED_DIR / f"{slug.replace('-', '_')}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"expected_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def discover(data: Path = DATA) -> list[Document]:
    """Every pg:PolicyDocument declared in a Turtle file of ``data``, sorted by slug."""
    found = []
    for path in sorted(data.glob("*.ttl")):
        if path.name in CONTEXT_FILES:
            continue
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
        for quad in quads:
            if quad.predicate.value == _TYPE and quad.object.value == _DOCUMENT:
                iri = quad.subject.value
                slug = iri.removeprefix(DOC)
                revises = frozenset(
                    q.object.value
                    for q in quads
                    if q.subject.value == iri and q.predicate.value == _REVISION_OF
                )
                found.append(Document(slug, iri, path, _expectations(slug), revises))
    return sorted(found, key=lambda d: d.slug)


DOCUMENTS = discover()
EXPECTED = [d.expected for d in DOCUMENTS if d.expected is not None]


def shipped_files() -> list[Path]:
    """The data files of :data:`SHIPPED` and the shared municipalities and organisations."""
    by_slug = {d.slug: d.path for d in DOCUMENTS}
    missing = [s for s in SHIPPED if s not in by_slug]
    assert not missing, f"documents the expectations speak about are gone: {missing}"
    return sorted({by_slug[s] for s in SHIPPED}) + [DATA / name for name in CONTEXT_FILES]


def shipped_graph(engine: str = "oxigraph") -> policygraph.PolicyGraph:
    """The graph of the first release's documents only (see module docstring)."""
    return policygraph.load(shipped_files(), engine=engine)
