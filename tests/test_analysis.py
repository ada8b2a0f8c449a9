"""Analyses on small hand-built inputs with answers worked out by hand, and on the
shipped data with facts read off the data files."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import policygraph
from policygraph import analysis
from policygraph.cli import main

from .documents import shipped_files

ID = "https://w3id.org/policygraph/id/"
MUN = ID + "municipality/"
ORG = ID + "organisation/"
DOC = ID + "doc/"
RP = ID + "recovery-principle/"
THEME = ID + "theme/"
SDG = "http://metadata.un.org/sdg/"


# -- similarity on plain profiles ------------------------------------------------------


def test_jaccard_and_cosine_of_sets() -> None:
    # a = {x, y}, b = {y, z}: one shared of three -> 1/3; as 0/1 vectors the dot
    # product is 1 and both norms are sqrt(2) -> 1/2.
    s = analysis.similarity({"a": {"x", "y"}, "b": {"y", "z"}})
    assert s.keys == ("a", "b")
    assert s.jaccard[0][1] == pytest.approx(1 / 3)
    assert s.cosine[0][1] == pytest.approx(1 / 2)
    assert s.jaccard[0][0] == s.cosine[1][1] == 1.0


def test_cosine_uses_counts_and_jaccard_does_not() -> None:
    # Same concepts (Jaccard 1) but weighted differently: (2,1)·(1,2) = 4, |.| = sqrt 5.
    s = analysis.similarity({"a": {"x": 2, "y": 1}, "b": {"x": 1, "y": 2}})
    assert s.jaccard[0][1] == 1.0
    assert s.cosine[0][1] == pytest.approx(4 / 5)


def test_empty_profiles_are_similar_to_nothing() -> None:
    s = analysis.similarity({"a": {"x"}, "empty": set()})
    assert s.jaccard == ((1.0, 0.0), (0.0, 0.0))
    assert s.cosine == ((1.0, 0.0), (0.0, 0.0))


def test_pairs_are_ranked_most_similar_first() -> None:
    # a-b share 2 of 3 (2/3), a-c 1 of 4 (1/4), b-c 1 of 3 (1/3).
    s = analysis.similarity({"a": {"x", "y", "z"}, "b": {"x", "y"}, "c": {"y", "w"}})
    ranked = [(p.a, p.b, round(p.jaccard, 4)) for p in s.pairs("jaccard")]
    assert ranked == [("a", "b", 0.6667), ("b", "c", 0.3333), ("a", "c", 0.25)]
    # cosine: a-b 2/sqrt(6) = 0.816, b-c 1/2, a-c 1/sqrt(6) = 0.408
    assert [(p.a, p.b) for p in s.pairs("cosine")] == [("a", "b"), ("b", "c"), ("a", "c")]
    assert s.pairs()[0].cosine == pytest.approx(2 / math.sqrt(6))
    table = s.matrix_result("jaccard")
    assert table.columns == ("", "a", "b", "c")
    assert table.rows[0] == ("a", 1.0, 0.6667, 0.25)


def test_top_pairs_are_the_head_of_the_ranking() -> None:
    # Four profiles, six pairs. Jaccard: a-b 2/3, a-c 1/4, a-d 0, b-c 1/3, b-d 0,
    # c-d 1/2 (c = {y, w}, d = {w}). Ranked: a-b, c-d, b-c, a-c, then the two zeros
    # (a-d before b-d by key).
    s = analysis.similarity({"a": {"x", "y", "z"}, "b": {"x", "y"}, "c": {"y", "w"}, "d": {"w"}})
    assert s.pair_count == 6
    every = [(p.a, p.b) for p in s.pairs()]
    assert every == [("a", "b"), ("c", "d"), ("b", "c"), ("a", "c"), ("a", "d"), ("b", "d")]
    assert [(p.a, p.b) for p in s.pairs(top=2)] == [("a", "b"), ("c", "d")]
    assert s.pairs(top=10) == s.pairs() and s.pairs(top=0) == []
    assert [r[:2] for r in s.pairs_result(top=1).rows] == [("a", "b")]
    assert analysis.similarity({"a": {"x"}}).pairs(top=5) == []
    with pytest.raises(policygraph.ParameterError, match="top"):
        s.pairs(top=-1)


def test_ties_on_the_metric_are_ranked_by_the_other_metric() -> None:
    # a = {x:1, y:1}, b = {x:1, z:1}, c = {x:3, w:1}: every pair shares x of three
    # concepts (Jaccard 1/3). Cosine a-b = 1/2, a-c = b-c = 3/(sqrt 2 sqrt 10) = 0.671:
    # a-c and b-c first (tied on both: by key), then a-b.
    s = analysis.similarity({"a": {"x": 1, "y": 1}, "b": {"x": 1, "z": 1}, "c": {"x": 3, "w": 1}})
    assert [(p.a, p.b) for p in s.pairs()] == [("a", "c"), ("b", "c"), ("a", "b")]
    assert [(p.a, p.b) for p in s.pairs(top=1)] == [("a", "c")]
    assert s.pairs()[0].cosine == pytest.approx(3 / math.sqrt(20))


def test_unknown_metric_and_facet_are_parameter_errors() -> None:
    s = analysis.similarity({"a": {"x"}})
    with pytest.raises(policygraph.ParameterError, match="jaccard or cosine"):
        s.pairs("euclid")
    with pytest.raises(policygraph.ParameterError, match="unknown facet"):
        analysis.profiles(nx.DiGraph(), facets=["colour"])


# -- a hand-built projection -----------------------------------------------------------


def small_projection() -> nx.DiGraph:
    """Municipality m1 issues d1 (which revises its draft d0); m1 and m2 issue joint d2.

    d1/i1: P1 (explicit), theme housing, SDG 3.4 (curated), partner p
    d1/i2: P1 (curated), P2 (curated), theme housing
    d0/i1: P3 (curated), partner q  -- the superseded draft
    d2/i1: P2 (curated), theme employment, partner p, partner r
    """
    g = nx.DiGraph()
    for node, kind in [
        ("m1", "municipality"),
        ("m2", "municipality"),
        ("d0", "document"),
        ("d1", "document"),
        ("d2", "document"),
        (RP + "1", "principle"),
        (RP + "2", "principle"),
        (RP + "3", "principle"),
        (THEME + "housing", "theme"),
        (THEME + "employment", "theme"),
        (SDG + "3.4", "sdg_target"),
        ("p", "partner"),
        ("q", "partner"),
        ("r", "partner"),
    ]:
        g.add_node(node, type=kind, iri=node)
    for n in "123":
        g.nodes[RP + n]["notation"] = n
    g.nodes[SDG + "3.4"]["notation"] = "3.4"
    g.nodes["m1"]["label_da"] = "Et Kommune"
    for item, doc in [("d1/i1", "d1"), ("d1/i2", "d1"), ("d0/i1", "d0"), ("d2/i1", "d2")]:
        g.add_node(item, type="initiative", iri=item, document=doc)
    edges = [
        ("d0", "m1", "issued_by", None),
        ("d1", "m1", "issued_by", None),
        ("d2", "m1", "issued_by", None),
        ("d2", "m2", "issued_by", None),
        ("d1", "d0", "revision_of", None),
        ("d1/i1", RP + "1", "supports_principle", "explicit"),
        ("d1/i1", THEME + "housing", "has_theme", None),
        ("d1/i1", SDG + "3.4", "contributes_to", "curated"),
        ("d1/i1", "p", "involves_partner", None),
        ("d1/i2", RP + "1", "supports_principle", "curated"),
        ("d1/i2", RP + "2", "supports_principle", "curated"),
        ("d1/i2", THEME + "housing", "has_theme", None),
        ("d0/i1", RP + "3", "supports_principle", "curated"),
        ("d0/i1", "q", "involves_partner", None),
        ("d2/i1", RP + "2", "supports_principle", "curated"),
        ("d2/i1", THEME + "employment", "has_theme", None),
        ("d2/i1", "p", "involves_partner", None),
        ("d2/i1", "r", "involves_partner", None),
    ]
    for s, o, relation, basis in edges:
        g.add_edge(s, o, relation=relation, **({"basis": basis} if basis else {}))
    return g


def test_profiles_count_links_and_leave_out_superseded_drafts() -> None:
    g = small_projection()
    by_doc = analysis.profiles(g, by="document", facets=["principle"])
    assert by_doc["d1"] == {RP + "1": 2, RP + "2": 1}
    assert by_doc["d0"] == {RP + "3": 1}
    by_mun = analysis.profiles(g, facets=["principle", "theme"])
    # m1 = d1 + d2 (d0 is revised by d1); m2 = d2 only.
    assert by_mun["m1"] == {RP + "1": 2, RP + "2": 2, THEME + "housing": 2, THEME + "employment": 1}
    assert by_mun["m2"] == {RP + "2": 1, THEME + "employment": 1}
    with_draft = analysis.profiles(g, facets=["principle"], include_superseded=True)
    assert with_draft["m1"][RP + "3"] == 1


def test_similarity_of_municipalities_on_a_projection() -> None:
    g = small_projection()
    s = analysis.similarity(g, facets=["principle", "theme"])
    # m1 {P1:2, P2:2, housing:2, employment:1}, m2 {P2:1, employment:1}
    # Jaccard 2/4; cosine (2 + 1) / (sqrt(13) * sqrt(2)).
    assert s.keys == ("m1", "m2")
    assert s.labels == ("Et", "m2")  # "Kommune" dropped from the Danish name
    assert s.jaccard[0][1] == pytest.approx(0.5)
    assert s.cosine[0][1] == pytest.approx(3 / (math.sqrt(13) * math.sqrt(2)))


def test_coverage_counts_explicit_and_curated_apart() -> None:
    cov = analysis.coverage(small_projection(), kind="principle")
    assert cov.rows == (RP + "1", RP + "2", RP + "3")
    assert cov.columns == ("m1", "m2")
    # P1: m1 has one explicit (d1/i1) and one curated (d1/i2); P3 only in the draft.
    assert cov.explicit == ((1, 0), (0, 0), (0, 0))
    assert cov.curated == ((1, 0), (2, 1), (0, 0))
    assert cov.total == ((2, 0), (2, 1), (0, 0))
    assert cov.gaps() == [(RP + "1", "m2"), (RP + "3", "m1"), (RP + "3", "m2")]
    assert cov.to_result("both").rows[0][2:] == ("1/1", "0/0")
    by_doc = analysis.coverage(small_projection(), kind="sdg", by="document")
    assert by_doc.rows == (SDG + "3.4",)
    assert by_doc.curated == ((0, 1, 0),)  # d0, d1, d2


def test_partners_on_a_projection() -> None:
    net = analysis.partner_network(small_projection())
    assert net.partners_of("m1") == {"p", "r"}  # q is only in the superseded draft
    assert net.partners_of("m2") == {"p", "r"}
    assert net.shared("m1", "m2") == {"p", "r"}


# -- the partner network ---------------------------------------------------------------


def path_network() -> analysis.PartnerNetwork:
    # The path p - A - q - B - r - C.
    return analysis.partner_network({"A": {"p", "q"}, "B": {"q", "r"}, "C": {"r"}})


def test_partner_network_shares_and_projections() -> None:
    net = path_network()
    assert net.municipalities == ("A", "B", "C")
    assert net.partners == ("p", "q", "r")
    assert net.shared("A", "B") == {"q"}
    assert net.shared("A", "C") == frozenset()
    assert net.shared_partners() == {"q": ("A", "B"), "r": ("B", "C")}
    projected = net.municipality_graph
    assert sorted(projected.edges(data="weight")) == [("A", "B", 1), ("B", "C", 1)]
    # p and q are both A's, q and r both B's.
    assert sorted(net.partner_graph.edges()) == [("p", "q"), ("q", "r")]
    pairs = net.pairs_result().to_records()
    assert pairs[0] == {"a": "A", "b": "B", "shared": 1, "partners": "q"}
    assert pairs[-1] == {"a": "A", "b": "C", "shared": 0, "partners": ""}


def test_partner_centralities_by_hand() -> None:
    centrality = {c.node: c for c in path_network().centrality}
    # Degree over the size of the other side (3 partners / 3 municipalities).
    assert centrality["A"].degree_centrality == pytest.approx(2 / 3)
    assert centrality["C"].degree_centrality == pytest.approx(1 / 3)
    assert centrality["q"].degree_centrality == pytest.approx(2 / 3)
    # On a path of 6 the node at position i lies between i * (5 - i) pairs:
    # p 0, A 4, q 6, B 6, r 4, C 0. Bipartite normalisation with 3 + 3 nodes:
    # s, t = divmod(3 - 1, 3) = (0, 2); max = (9*1 + 3*1*(2*2-0-1) - 2*(0-2+3)) / 2 = 8.
    expected = {"p": 0, "A": 4 / 8, "q": 6 / 8, "B": 6 / 8, "r": 4 / 8, "C": 0}
    for node, value in expected.items():
        assert centrality[node].betweenness == pytest.approx(value), node
    assert [c.node for c in path_network().centrality][:2] == ["B", "q"]


def test_betweenness_when_a_side_cannot_lie_between() -> None:
    # One municipality, two partners: A lies between p and q (1 pair; the most it can,
    # divmod(0, 2) = (0, 0) -> (4 + 2 * (0 - 0 - 1)) / 2 = 1); a partner never can.
    centrality = {c.node: c for c in analysis.partner_network({"A": {"p", "q"}}).centrality}
    assert centrality["A"].betweenness == 1.0
    assert centrality["p"].betweenness == centrality["q"].betweenness == 0.0
    assert analysis.partner_network({}).centrality == ()


# -- communities -----------------------------------------------------------------------


def test_louvain_finds_the_two_groups_and_the_loner() -> None:
    features = {
        "i1": {"x", "y"},
        "i2": {"x", "y"},
        "i3": {"x", "y", "z"},  # a weak bridge: Jaccard 1/4 with i4
        "i4": {"z", "w"},
        "i5": {"z", "w"},
        "i6": {"z", "w"},
        "i7": set(),
    }
    found = analysis.communities(features)
    assert [c.members for c in found] == [("i1", "i2", "i3"), ("i4", "i5", "i6"), ("i7",)]
    assert found[0].dominant["feature"][:2] == (("x", "x", 3), ("y", "y", 3))
    assert found[2].dominant == {"feature": ()}
    # i3's x and y are in all three members, its z in one: (3 + 3 + 1) / 3 < 3.
    assert found[0].typical == ("i1", "i2", "i3")
    again = analysis.communities(features)
    assert [c.members for c in again] == [c.members for c in found]


def test_communities_are_described_by_themes_and_principles() -> None:
    found = analysis.communities(small_projection())
    members = {m for c in found for m in c.members}
    assert members == {"d1/i1", "d1/i2", "d2/i1"}  # d0 is a revised draft
    with_draft = analysis.communities(small_projection(), include_superseded=True)
    assert "d0/i1" in {m for c in with_draft for m in c.members}
    first = next(c for c in found if "d1/i1" in c.members)
    assert "d1/i2" in first.members  # both: P1 and housing
    assert first.dominant["theme"][0] == (THEME + "housing", "housing", 2)
    assert first.dominant["principle"][0][0] == RP + "1"
    assert "theme: housing (2)" in first.describe()


def _networkx_louvain(features: dict[str, set[str]], seed: int, resolution: float) -> list[Any]:
    """The reference: networkx's Louvain on the graph of distinct feature sets, built
    edge by edge with Python numbers (self-loops n(n-1)/2, edges n·m·Jaccard)."""
    groups: dict[frozenset[str], list[str]] = {}
    for item in sorted(features):
        groups.setdefault(frozenset(features[item]), []).append(item)
    nodes = sorted((members[0], key, len(members)) for key, members in groups.items())
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(name for name, _, _ in nodes)
    graph.add_weighted_edges_from((n, n, c * (c - 1) / 2) for n, _, c in nodes if c > 1)
    for i, (a, set_a, count_a) in enumerate(nodes):
        for b, set_b, count_b in nodes[i + 1 :]:
            if set_a & set_b:
                graph.add_edge(a, b, weight=count_a * count_b * analysis.jaccard(set_a, set_b))
    found = nx.community.louvain_communities(graph, resolution=resolution, seed=seed)
    members = {name: groups[key] for name, key, _ in nodes}
    return sorted(sorted(m for name in c for m in members[name]) for c in found)


def test_communities_are_networkx_louvain_on_random_feature_sets() -> None:
    # The first Louvain level runs on arrays (communities.py); it must take every
    # decision networkx takes, so the communities are networkx's on any input.
    import random

    from policygraph.analysis.communities import _louvain

    rng = random.Random(18)
    for _ in range(60):
        kinds = rng.randint(1, 10)
        features = {
            f"i{k:02d}": {f"f{rng.randrange(kinds)}" for _ in range(rng.randint(1, 4))}
            for k in range(rng.randint(1, 50))
        }
        for resolution in (0.8, 1.0, 1.3):
            seed = rng.randrange(1_000_000)
            ours = sorted(sorted(c) for c in _louvain(features, seed=seed, resolution=resolution))
            assert ours == _networkx_louvain(features, seed, resolution), (features, seed)


# -- export ----------------------------------------------------------------------------


def test_export_drops_none_and_flattens_non_scalars() -> None:
    g = nx.DiGraph()
    g.add_node("a", type="document", label_en=None, tags=["x", "y"], n=3)
    g.add_node("b", type="theme", label_da=policygraph.LangString("Bolig", "da"))
    g.add_edge("a", "b", relation="has_theme", basis=None)
    clean = analysis.sanitized(g)
    assert clean.nodes["a"] == {"type": "document", "tags": "x; y", "n": 3, "label": "a"}
    assert type(clean.nodes["b"]["label_da"]) is str
    assert clean.nodes["b"]["label"] == "Bolig"
    assert clean.edges["a", "b"] == {"relation": "has_theme"}
    for fmt in analysis.EXPORT_FORMATS:
        text = analysis.export_network(g, fmt)
        back = _read(text, fmt)
        assert set(back.nodes) == {"a", "b"}, fmt
        assert back.nodes["a"]["tags"] == "x; y", fmt


def _read(text: str, fmt: str) -> nx.Graph:
    if fmt == "json":
        return nx.node_link_graph(json.loads(text), edges="edges")
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")))


def test_unknown_export_format() -> None:
    with pytest.raises(policygraph.ParameterError, match="graphml, gexf, json"):
        analysis.export_network(nx.DiGraph(), "dot")


# -- the shipped data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def network(graph: policygraph.PolicyGraph) -> nx.DiGraph:
    return analysis.projection(graph)


def test_projection_types_labels_and_counts(
    graph: policygraph.PolicyGraph, network: nx.DiGraph
) -> None:
    stats = graph.stats()
    types = [t for _, t in network.nodes(data="type")]
    assert types.count("document") == len(stats)
    assert types.count("initiative") == sum(s.initiatives for s in stats)
    assert types.count("principle") == 8
    assert types.count("chime") == 5
    assert types.count("theme") == 20
    p5 = network.nodes[RP + "5"]
    assert p5["label_da"] == "Hjælp borgerne så tidligt som muligt"
    assert p5["label_en"] == "Help the citizens as early as possible"
    doc = DOC + "ishoej-vallensbaek-psykiatriplan-2020-2021"
    assert network.nodes[doc]["label_da"] == "Psykiatriplan 2020-2021"
    assert network.nodes[doc]["status"] == "final"
    assert analysis.issuers(network, doc) == [MUN + "ishoej", MUN + "vallensbaek"]
    assert analysis.superseded(network) == {DOC + "ballerup-psykiatripolitik-udkast"}
    for node, attrs in network.nodes(data=True):
        assert None not in attrs.values(), node
        if attrs["type"] == "initiative":
            for _, target, relation in network.out_edges(node, data="relation"):
                if relation == "has_theme":
                    assert network.nodes[target]["type"] == "theme", (node, target)
    for s, o, attrs in network.edges(data=True):
        if attrs["relation"] in ("supports_principle", "contributes_to"):
            assert attrs.get("basis") in ("explicit", "curated"), (s, o)


def test_projection_is_the_same_over_an_endpoint(loaded_server: Any, network: nx.DiGraph) -> None:
    remote = analysis.projection(policygraph.connect(loaded_server.query_url))
    assert dict(remote.nodes(data=True)) == dict(network.nodes(data=True))
    assert sorted(remote.edges(data=True)) == sorted(network.edges(data=True))


def test_joint_plan_makes_ishoej_and_vallensbaek_identical(network: nx.DiGraph) -> None:
    # Their only document is the joint Psykiatriplan 2020-2021.
    s = analysis.similarity(network)
    top = s.pairs()[0]
    assert (top.a, top.b) == (MUN + "ishoej", MUN + "vallensbaek")
    assert top.jaccard == top.cosine == 1.0


def test_shared_partners_read_off_the_data_files(network: nx.DiGraph) -> None:
    net = analysis.partner_network(network)
    # data/ishoej-vallensbaek-psykiatriplan-2020-2021.ttl: the document names the regional
    # psychiatry and general practice; Mål 1 names Distriktspsykiatrien i Ishøj, Jobcenter
    # Vallensbæk and Psykiatrisk Center Glostrup.
    joint = {
        ORG + "almen-praksis",
        ORG + "region-hovedstadens-psykiatri",
        ORG + "distriktspsykiatrien-ishoej",
        ORG + "jobcenter-vallensbaek",
        ORG + "psykiatrisk-center-glostrup",
    }
    assert net.partners_of(MUN + "ishoej") == joint
    assert net.shared(MUN + "ishoej", MUN + "vallensbaek") == joint
    # data/ballerup-psykiatripolitik.ttl: Psykiatrirådet (Forord), regional psychiatry and
    # general practice (6.1 and initiative 3.x).
    assert net.partners_of(MUN + "ballerup") == {
        ORG + "psykiatriraadet-ballerup",
        ORG + "region-hovedstadens-psykiatri",
        ORG + "almen-praksis",
    }
    assert net.shared(MUN + "ballerup", MUN + "ishoej") == {
        ORG + "almen-praksis",
        ORG + "region-hovedstadens-psykiatri",
    }
    # Herlev names Psykiatrisk Center Ballerup, not Ballerup's Psykiatrirådet.
    assert net.shared(MUN + "herlev", MUN + "ballerup") == frozenset()
    kinds = {net.graph.nodes[p]["kind"] for p in net.partners}
    assert "General practice" in kinds


def test_coverage_agrees_with_the_alignment_counts(
    graph: policygraph.PolicyGraph, network: nx.DiGraph
) -> None:
    """Every principle/SDG link has one alignment: coverage by document must add up to
    the explicit/curated alignment counts of ``stats`` (an independent query)."""
    per_kind = [analysis.coverage(network, kind=k, by="document") for k in _LINKED]
    for s in graph.stats():
        column = per_kind[0].columns.index(str(s.document))
        explicit = sum(row[column] for cov in per_kind for row in cov.explicit)
        curated = sum(row[column] for cov in per_kind for row in cov.curated)
        assert (explicit, curated) == (s.explicit_alignments, s.curated_alignments), s.document


_LINKED = ("principle", "chime", "sdg")


def test_explicit_links_stated_by_the_documents(network: nx.DiGraph) -> None:
    # data/ballerup-psykiatripolitik.ttl header: the five CHIME processes and SDGs 3 and 10
    # are explicit, document-level links; Herlev and Ishøj-Vallensbæk state none.
    chime = analysis.coverage(network, kind="chime")
    ballerup = chime.columns.index(MUN + "ballerup")
    assert [row[ballerup] for row in chime.explicit] == [1, 1, 1, 1, 1]
    assert chime.row_labels[0] == "Connectedness"  # C-H-I-M-E order
    sdg = analysis.coverage(network, kind="sdg")
    explicit = {
        (r, c)
        for r, row in zip(sdg.rows, sdg.explicit, strict=True)
        for c, n in zip(sdg.columns, row, strict=True)
        if n
    }
    assert {(SDG + "3", MUN + "ballerup"), (SDG + "10", MUN + "ballerup")} <= explicit
    principles = analysis.coverage(network, kind="principle")
    for name in ("herlev", "ishoej", "vallensbaek"):
        column = principles.columns.index(MUN + name)
        assert all(row[column] == 0 for row in principles.explicit), name


def test_communities_on_the_shipped_data(network: nx.DiGraph) -> None:
    found = analysis.communities(network)
    members = [m for c in found for m in c.members]
    draft = DOC + "ballerup-psykiatripolitik-udkast"
    initiatives = [
        n
        for n, attrs in network.nodes(data=True)
        if attrs["type"] == "initiative" and attrs["document"] != draft
    ]
    assert sorted(members) == sorted(initiatives)  # each in one; the revised draft left out
    assert 2 <= len(found) < len(initiatives)
    assert all(c.dominant["theme"] and c.dominant["principle"] for c in found if len(c.members) > 1)
    again = analysis.communities(network)
    assert [c.members for c in again] == [c.members for c in found]


def test_export_round_trips_the_shipped_projection(network: nx.DiGraph) -> None:
    for fmt in analysis.EXPORT_FORMATS:
        back = _read(analysis.export_network(network, fmt), fmt)
        assert back.number_of_nodes() == network.number_of_nodes(), fmt
        assert back.number_of_edges() == network.number_of_edges(), fmt
        assert back.nodes[RP + "5"]["label_da"] == "Hjælp borgerne så tidligt som muligt", fmt
    gexf = analysis.export_network(network, "gexf")
    assert gexf == analysis.export_network(network, "gexf")  # no date stamp


def test_importing_policygraph_does_not_import_networkx() -> None:
    import subprocess
    import sys

    code = "import sys, policygraph; print('networkx' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- the command line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["similarity", "--format", "csv"], "Ishøj,Vallensbæk,1.0,1.0"),
        (["similarity", "--matrix", "--by", "document", "--format", "csv"], "ballerup-"),
        (["partners", "--show", "shared", "--format", "csv"], "Almen praksis,4,"),
        (["partners", "--show", "links", "--format", "csv"], "Herlev,Aktivisterne,"),
        (["partners", "--show", "centrality", "--format", "json"], '"betweenness"'),
        (["communities", "--format", "csv"], "community,size,dominant,documents"),
        (["coverage", "--kind", "chime", "--format", "csv"], "connectedness,Connectedness,1/0"),
        (["coverage", "--kind", "sdg", "--basis", "any", "--format", "tsv"], "3.4\tSDG 3.4"),
    ],
)
def test_analyse_commands(args: list[str], expected: str) -> None:
    data = [str(p) for p in shipped_files()]  # the documents the expectations speak about
    result = CliRunner().invoke(main, ["analyse", *args, *data])
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_analyse_export_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    result = CliRunner().invoke(
        main, ["analyse", "export", "--format", "graphml", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(target).number_of_nodes() > 100


def test_analyse_bad_option_exits_2() -> None:
    result = CliRunner().invoke(main, ["analyse", "coverage", "--kind", "colour"])
    assert result.exit_code == 2, result.output


def test_analyse_similarity_table_is_bounded_and_says_how_many_pairs() -> None:
    data = [str(p) for p in shipped_files()]
    network = analysis.projection(policygraph.load(data))
    issuers = len(analysis.municipality_documents(network))
    pairs = issuers * (issuers - 1) // 2
    assert pairs > 2
    runner = CliRunner()
    top = runner.invoke(main, ["analyse", "similarity", "--top", "2", "--format", "csv", *data])
    assert top.exit_code == 0, top.output
    assert len(top.stdout.splitlines()) == 1 + 2  # header and two pairs
    assert f"the 2 most similar of {pairs:,} pairs" in top.stderr
    every = runner.invoke(main, ["analyse", "similarity", "--format", "csv", *data])
    assert len(every.stdout.splitlines()) == 1 + pairs and every.stderr == ""
    assert every.stdout.splitlines()[:3] == top.stdout.splitlines()
    table = runner.invoke(main, ["analyse", "similarity", "--all", *data])
    assert f"({pairs} rows)" in table.stdout and table.stderr == ""
    both = runner.invoke(main, ["analyse", "similarity", "--top", "2", "--all", *data])
    assert both.exit_code == 2 and "not both" in both.output
