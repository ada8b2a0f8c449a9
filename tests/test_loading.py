"""Loading into named graphs: the store's bulk loader names each data file's graph by its
document exactly as parsing file by file does, and refuses the same inputs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

import policygraph
from policygraph import limits
from policygraph.loading import load_files, load_store

PREFIX = "@prefix pg: <https://w3id.org/policygraph/def#> .\n"
DOC = "https://w3id.org/policygraph/id/doc/"
GRAPH = "https://w3id.org/policygraph/graph/"
SOURCE_TEXT = ox.NamedNode("https://w3id.org/policygraph/def#sourceText")


def document(slug: str, text: str = "x") -> str:
    """A document with one initiative (two triples for the document, three for the item)."""
    return (
        PREFIX
        + f"<{DOC}{slug}> a pg:PolicyDocument ; pg:hasInitiative <{DOC}{slug}/i> .\n"
        + f"<{DOC}{slug}/i> a pg:Initiative ; pg:inDocument <{DOC}{slug}> ;"
        + f' pg:sourceText "{text}" .\n'
    )


def data_graphs(store: ox.Store) -> Counter[str]:
    """Quads per graph outside the model (the ontology and vocabulary graphs)."""
    return Counter(
        q.graph_name.value
        for q in store
        if isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name.value.startswith(GRAPH)
        and not q.graph_name.value.startswith(GRAPH + "vocab/")
        and q.graph_name.value != GRAPH + "ontology"
    )


def assert_same_as_parsing(paths: list[Path]) -> ox.Store:
    """load_store (bulk loading) and load_files (parsing each file) agree on every quad."""
    store, files = load_store(paths)
    parsed = load_files(paths)
    assert [(f.path, f.graph, f.role) for f in files] == [(f.path, f.graph, f.role) for f in parsed]
    assert {f.graph.value: len(f) for f in files} == {f.graph.value: len(f) for f in parsed}
    assert len(store) == sum(len(f) for f in parsed)
    reference = ox.Store()
    for loaded in parsed:
        reference.extend(loaded.quads)
    assert data_graphs(store) == data_graphs(reference)
    return store


def test_graph_is_named_by_the_document_not_the_file(tmp_path: Path) -> None:
    (tmp_path / "saved-as-anything.ttl").write_text(document("plan-a"), encoding="utf-8")
    store = assert_same_as_parsing([tmp_path])
    assert data_graphs(store) == {GRAPH + "plan-a": 5}
    assert not [q for q in store if q.graph_name.value.startswith("urn:")]  # type: ignore[union-attr]


def test_files_that_swap_names_keep_their_own_triples(tmp_path: Path) -> None:
    # a.ttl holds document b and b.ttl document a: each graph must get its own file.
    (tmp_path / "a.ttl").write_text(document("b", "of b"), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(document("a", "of a"), encoding="utf-8")
    store = assert_same_as_parsing([tmp_path])
    assert data_graphs(store) == {GRAPH + "a": 5, GRAPH + "b": 5}
    text = {
        q.graph_name.value: q.object.value  # type: ignore[union-attr]
        for q in store.quads_for_pattern(None, SOURCE_TEXT, None)
    }
    assert text == {GRAPH + "a": "of a", GRAPH + "b": "of b"}


def test_same_file_name_in_two_directories(tmp_path: Path) -> None:
    for folder, slug in (("one", "plan-1"), ("two", "plan-2")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.ttl").write_text(document(slug), encoding="utf-8")
    store = assert_same_as_parsing([tmp_path / "one", tmp_path / "two"])
    assert data_graphs(store) == {GRAPH + "plan-1": 5, GRAPH + "plan-2": 5}


def test_a_file_without_a_document_is_named_by_its_file(tmp_path: Path) -> None:
    (tmp_path / "partners.ttl").write_text(
        PREFIX + "<https://example.org/p> a pg:PartnerOrganisation .\n", encoding="utf-8"
    )
    (tmp_path / "a.nt").write_text(
        "<https://example.org/q> <https://example.org/r> <https://example.org/s> .\n",
        encoding="utf-8",
    )
    store = assert_same_as_parsing([tmp_path])
    assert data_graphs(store) == {GRAPH + "partners": 1, GRAPH + "a": 1}


def test_a_trig_file_beside_a_turtle_file_it_would_collide_with(tmp_path: Path) -> None:
    # x.ttl would first be loaded under its file name, which the TriG file's document
    # names; x.ttl's own document moves it away, so nothing mixes.
    (tmp_path / "x.ttl").write_text(document("y"), encoding="utf-8")
    (tmp_path / "w.trig").write_text(document("x"), encoding="utf-8")
    store = assert_same_as_parsing([tmp_path])
    assert data_graphs(store) == {GRAPH + "x": 5, GRAPH + "y": 5}


def test_two_files_of_one_document_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(document("same"), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(document("same"), encoding="utf-8")
    with pytest.raises(policygraph.LoadError, match=r"b\.ttl: would go to the graph <.*/same>"):
        policygraph.load([tmp_path])


def test_a_data_file_cannot_write_the_ontology_graph(tmp_path: Path) -> None:
    (tmp_path / "ontology.ttl").write_text(
        PREFIX + "<https://example.org/p> a pg:PartnerOrganisation .\n", encoding="utf-8"
    )
    with pytest.raises(policygraph.LoadError, match="reserved for the ontology"):
        policygraph.load([tmp_path])


def test_a_literal_over_the_limit_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_text(document("long", "y" * 300) + "\n", encoding="utf-8")
    with limits.override(max_literal_chars=200), pytest.raises(policygraph.LoadError) as info:
        policygraph.load([path])
    assert str(info.value).startswith(f"{path}:3: a literal of 300 characters")
    with limits.override(max_literal_chars=300):
        assert len(policygraph.load([path]).documents()) == 1
