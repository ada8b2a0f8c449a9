"""Saved queries 9-16 of issue 6 (and the follow-up questions), checked against the sources.

Expected rows are worked out by hand from the source documents in sources/ and the
encoding conventions of docs/encoding.md (IRIs are positions: .../initiative-2.3 is
the 3rd bullet of focus area 2; Helsingør's .../initiative-4.7.2 is bullet 2 of row 7
of the table of focus area 4). Sources:

    000_1cef40b33be50833.txt  Ballerup Kommunes Psykiatripolitik, UDKAST (draft)
    004_f1378c1313234f0f.txt  Ballerup Kommunes Psykiatripolitik (final)
    001_286ca7801372ac19.txt  Herlev, Udkast til Plan for udvikling af socialpsykiatrien
    002_1eb97b90f63b9f9f.txt  Ishøj og Vallensbæk, Psykiatriplan 2020-2021
    003_86a214f14de329d6.txt  Psykiatripolitik- og handleplan for Helsingør Kommune

Where an answer depends on curated judgements (curated principle, SDG and theme
links), the expectation comes from the links encoded in the data file for those
items, read in the Turtle by eye and copied into the tables below (HERLEV,
ISHOEJ, BALLERUP); the counts are then computed from those tables, never from a
query's output. Structural facts (which items exist, ages, partners named,
explicit links) come from the source text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

import policygraph
from policygraph import ParameterError

from .conftest import Server
from .documents import shipped_graph
from .expected import ballerup_psykiatripolitik as ballerup_expected

ID = "https://w3id.org/policygraph/id/"
SDG = "http://metadata.un.org/sdg/"
PG = "https://w3id.org/policygraph/def#"

BAL = "ballerup-psykiatripolitik"
BAL_DRAFT = "ballerup-psykiatripolitik-udkast"
HEL = "helsingoer-psykiatripolitik"
HER = "herlev-socialpsykiatri-2019-2022"
ISH = "ishoej-vallensbaek-psykiatriplan-2020-2021"


@pytest.fixture(scope="module")
def graph() -> policygraph.PolicyGraph:
    return shipped_graph()  # the documents the expectations speak about


def short(value: object) -> object:
    """IRIs without their common prefix: doc/<slug>/..., theme/..., sdg:3.4, pg:Initiative."""
    if not isinstance(value, str):
        return value
    for prefix, replacement in ((ID, ""), (SDG, "sdg:"), (PG, "pg:")):
        if value.startswith(prefix):
            return replacement + value[len(prefix) :]
    return value


def rows(result: policygraph.QueryResult, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(short(record[c]) for c in columns) for record in result.to_records()]


def item(doc: str, local: str) -> str:
    return f"doc/{doc}/{local}"


# ---------------------------------------------------------------------------
# Hand-copied link tables (curated judgements as encoded in data/*.ttl)
# ---------------------------------------------------------------------------
# initiative local name -> (national principles, SDG targets, themes).
# The initiatives themselves (their number per focus area) come from the sources;
# the links are the curator's, copied from the Turtle of each initiative.

# data/herlev-socialpsykiatri-2019-2022.ttl. Source 001: three themes, each with the
# five bullets under "Inden for temaet ... vil indsatsen derfor være at:".
HERLEV: dict[str, tuple[set[int], set[str], set[str]]] = {
    # "Netværk og fællesskaber"
    "initiative-1.1": (set(), set(), {"community-leisure"}),
    "initiative-1.2": (
        {6},
        set(),
        {"children-young-people", "community-leisure", "cross-sector-coordination"},
    ),
    "initiative-1.3": ({3}, {"17.17"}, {"volunteering-civil-society", "community-leisure"}),
    "initiative-1.4": (
        {3},
        {"3.4"},
        {"community-leisure", "physical-health", "prevention-promotion"},
    ),
    "initiative-1.5": ({3}, {"10.2"}, {"community-leisure", "relatives-network"}),
    # "Borgeren i centrum"
    "initiative-2.1": ({1}, set(), {"user-involvement", "recovery-rehabilitation"}),
    "initiative-2.2": ({6}, set(), {"children-young-people", "cross-sector-coordination"}),
    "initiative-2.3": ({4}, set(), {"user-involvement", "access-to-support"}),
    "initiative-2.4": ({4, 5, 7}, set(), {"access-to-support", "early-detection"}),
    "initiative-2.5": ({6}, {"17.17"}, {"cross-sector-coordination", "user-involvement"}),
    # "Sundhed"
    "initiative-3.1": (
        {3},
        {"3.4"},
        {"physical-health", "community-leisure", "prevention-promotion"},
    ),
    "initiative-3.2": (
        {3, 6},
        {"3.4"},
        {"physical-health", "prevention-promotion", "access-to-support"},
    ),
    "initiative-3.3": ({6}, {"3.4"}, {"physical-health"}),
    "initiative-3.4": (
        {3},
        set(),
        {"competence-development", "volunteering-civil-society", "prevention-promotion"},
    ),
    "initiative-3.5": ({6}, {"3.4"}, {"physical-health", "prevention-promotion"}),
}

# data/ishoej-vallensbaek-psykiatriplan-2020-2021.ttl. Source 002: "Mål 1" ... "Mål 4",
# three "Derfor vil vi (fortsat):" bullets each.
ISHOEJ: dict[str, tuple[set[int], set[str], set[str]]] = {
    "initiative-1.1": ({6}, {"17.17"}, {"cross-sector-coordination"}),
    "initiative-1.2": ({6}, set(), {"cross-sector-coordination"}),
    "initiative-1.3": ({6}, set(), {"cross-sector-coordination"}),
    "initiative-2.1": (
        set(),
        {"3.5"},
        {"substance-use", "children-young-people", "access-to-support"},
    ),
    "initiative-2.2": ({5}, {"3.4"}, {"early-detection", "prevention-promotion"}),
    "initiative-2.3": ({6, 7, 8}, set(), {"knowledge-evaluation", "recovery-rehabilitation"}),
    "initiative-3.1": (
        {8},
        set(),
        {"competence-development", "recovery-rehabilitation", "knowledge-evaluation"},
    ),
    "initiative-3.2": ({8}, set(), {"competence-development", "recovery-rehabilitation"}),
    "initiative-3.3": ({8}, {"17.17"}, {"knowledge-evaluation", "competence-development"}),
    "initiative-4.1": (set(), set(), set()),
    "initiative-4.2": (set(), set(), set()),
    "initiative-4.3": (set(), set(), {"knowledge-evaluation"}),
}
# The five "Værdigrundlag" sentences (value-1..5) also carry curated links.
ISHOEJ_VALUES: dict[str, tuple[set[int], set[str]]] = {
    "value-2": ({1}, set()),  # "Borgeren er ekspert på eget liv ..."
    "value-3": (set(), {"10.2"}),  # "... deltage i samfundet på lige fod med andre"
    "value-4": ({2}, set()),  # "... alle mennesker betragtes som værdifulde og med ressourcer"
    "value-5": ({2}, set()),  # "... mulighed for at udfolde egne ressourcer ..."
}

# data/ballerup-psykiatripolitik.ttl (final). Source 004, "6. FOKUSOMRÅDER": 6.1-6.7 with
# 4+5+5+4+4+4+2 bullets under "Ballerup Kommune har følgende særlige opmærksomhedspunkter".
BALLERUP: dict[str, tuple[set[int], set[str]]] = {
    "initiative-1.1": ({8}, {"17.17"}),
    "initiative-1.2": ({6}, set()),
    "initiative-1.3": (set(), set()),
    "initiative-1.4": ({6}, set()),
    "initiative-2.1": ({6}, set()),
    "initiative-2.2": ({6, 3}, set()),
    "initiative-2.3": ({1}, set()),
    "initiative-2.4": ({4}, set()),
    "initiative-2.5": (set(), set()),
    "initiative-3.1": ({3}, {"10.2"}),
    "initiative-3.2": ({3}, {"3.4"}),
    "initiative-3.3": ({3}, {"10.2", "17.17"}),
    "initiative-3.4": ({3, 4}, set()),
    "initiative-3.5": ({3}, {"17.17", "10.2"}),
    "initiative-4.1": ({5}, {"3.4"}),
    "initiative-4.2": ({5}, {"3.4"}),
    "initiative-4.3": ({5}, {"3.4"}),
    "initiative-4.4": ({3, 7}, {"17.17"}),
    "initiative-5.1": (set(), {"3.8"}),
    "initiative-5.2": ({6}, {"3.4"}),
    "initiative-5.3": (set(), {"3.4"}),
    "initiative-5.4": ({2}, {"3.4"}),
    "initiative-6.1": ({6}, {"17.17"}),
    "initiative-6.2": ({5}, set()),
    "initiative-6.3": ({5}, set()),
    "initiative-6.4": ({5}, set()),
    "initiative-7.1": ({3}, {"8.5", "4.5"}),
    "initiative-7.2": ({3}, {"10.2"}),
}

# The CHIME crosswalk as ontology/vocab/chime.ttl states it (skos:relatedMatch).
CROSSWALK = {
    "connectedness": {3},
    "hope-and-optimism": {1},
    "identity": {2, 4},
    "meaning": {1},
    "empowerment": {2},
}


def test_link_tables_match_the_sources_structure() -> None:
    # Herlev: 3 themes x 5 bullets; Ishøj: 4 goals x 3 bullets; Ballerup: 28 bullets.
    assert Counter(k.split("-")[1].split(".")[0] for k in HERLEV) == {"1": 5, "2": 5, "3": 5}
    assert Counter(k.split("-")[1].split(".")[0] for k in ISHOEJ) == {
        str(n): 3 for n in (1, 2, 3, 4)
    }
    sizes = Counter(k.split("-")[1].split(".")[0] for k in BALLERUP)
    assert sizes == {"1": 4, "2": 5, "3": 5, "4": 4, "5": 4, "6": 4, "7": 2}
    # A curated link only where its rationale holds: after the review these initiatives
    # have no national principle (review README, "Consequences"); validation says Info.
    no_principle = {
        "herlev": {k for k, links in HERLEV.items() if not links[0]},
        "ishoej": {k for k, links in ISHOEJ.items() if not links[0]},
        "ballerup": {k for k, links in BALLERUP.items() if not links[0]},
    }
    assert no_principle == {
        "herlev": {"initiative-1.1"},
        "ishoej": {"initiative-2.1", "initiative-4.1", "initiative-4.2", "initiative-4.3"},
        "ballerup": {"initiative-1.3", "initiative-2.5", "initiative-5.1", "initiative-5.3"},
    }


# ---------------------------------------------------------------------------
# 9. target-groups
# ---------------------------------------------------------------------------

# (document, target group, minAge, maxAge, ageRange, appliesTo)
TARGET_GROUPS = [
    # Ballerup final "3. MÅLGRUPPE": "... rettet mod borgere i alle aldre" - no ages
    (BAL, "target-group-1", None, None, None, None),
    # Ballerup draft "2. MÅLGRUPPE": the same sentence about "alle aldre"
    (BAL_DRAFT, "target-group-1", None, None, None, None),
    # Helsingør "HVORFOR EN POLITIK ...?": "handler om både børn, unge og voksne"
    (HEL, "target-group-1", None, None, None, None),
    # ibid.: "Voksenområdet dækker alle borgere over 18 år" (read as adults, 18+)
    (HEL, "target-group-2", 18, None, "18+", None),
    # ("MÅLGRUPPE" says whom the policy is addressed to: audiences, not target groups)
    # box "DEN KOMMUNALE UNGEINDSATS": "alle unge i alderen 15-25 år"; named by the bullet
    # "Styrke den sammenhængende indsats ... gennem den kommunale ungeindsats" (row 6, bullet 2)
    (HEL, "target-group-3", 15, 25, "15-25", item(HEL, "initiative-1.6.2")),
    # Herlev "Indledning": "omkring 120 borgere med psykosociale vanskeligheder"
    (HER, "target-group-1", None, None, None, None),
    # "Netværk og fællesskaber" bullet 2: "aktivitetstilbud til unge under 30 år" (at most 29)
    (HER, "target-group-2", None, 29, "up to 29", item(HER, "initiative-1.2")),
    # Ishøj "Målgruppe": "borgere over 18 år" (adults, 18+)
    (ISH, "target-group-1", 18, None, "18+", None),
    # "Mål 2" bullet 1: "social misbrugsbehandling for borgere under 30 år" (at most 29)
    (ISH, "target-group-2", None, 29, "up to 29", item(ISH, "initiative-2.1")),
]


def test_target_groups_all_documents(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("target-groups")
    got = rows(result, "document", "targetGroup", "minAge", "maxAge", "ageRange", "appliesTo")
    expected = [
        (f"doc/{d}", item(d, tg), lo, hi, text, applies)
        for d, tg, lo, hi, text, applies in TARGET_GROUPS
    ]
    assert got == expected
    # The groups a document states in its own sections (MÅLGRUPPE, the ungeindsats box)
    # are linked from the document; the two "under 30 år" groups stand inside one bullet
    # each and are linked only from that initiative.
    level = dict(zip(result.column("targetGroup"), result.column("documentLevel"), strict=True))
    assert {short(k) for k, v in level.items() if not v} == {
        item(HER, "target-group-2"),
        item(ISH, "target-group-2"),
    }


def test_target_groups_wording_and_one_document(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("target-groups", document=ISH)
    assert rows(result, "targetGroup", "sourceText") == [
        (
            item(ISH, "target-group-1"),
            "Målgruppen for psykiatriplanens indsatsområder og for hele den socialpsykiatriske "
            "indsats i Ishøj og Vallensbæk kommuner er borgere over 18 år, der enten har eller "
            "er i risikozonen for at udvikle en sindslidelse. Det vil sige borgere, der har brug "
            "for specialiseret støtte til at håndtere og arbejde med hverdagens psykiske og "
            "sociale udfordringer.",
        ),
        (item(ISH, "target-group-2"), "borgere under 30 år"),
    ]
    assert result.column("label")[1] == "citizens under 30 years of age"


def test_target_groups_bad_document(graph: policygraph.PolicyGraph) -> None:
    with pytest.raises(ParameterError):
        graph.query("target-groups", document="!!!")
    assert len(graph.query("target-groups", document="no-such-document")) == 0


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        # 17: the youth effort (15-25) and the two "under 30" groups
        (17, [(HEL, "target-group-3"), (HER, "target-group-2"), (ISH, "target-group-2")]),
        # 18: also the two "over 18" adult groups
        (
            18,
            [
                (HEL, "target-group-2"),
                (HEL, "target-group-3"),
                (HER, "target-group-2"),
                (ISH, "target-group-1"),
                (ISH, "target-group-2"),
            ],
        ),
        # 26: past the youth effort, still under 30
        (
            26,
            [
                (HEL, "target-group-2"),
                (HER, "target-group-2"),
                (ISH, "target-group-1"),
                (ISH, "target-group-2"),
            ],
        ),
        # 30: only the adult groups
        (30, [(HEL, "target-group-2"), (ISH, "target-group-1")]),
        # 10: the "under 30" groups state no lower age; groups without any age (e.g.
        # Ballerup's "alle aldre") are not listed
        (10, [(HER, "target-group-2"), (ISH, "target-group-2")]),
    ],
)
def test_target_groups_for_age(
    graph: policygraph.PolicyGraph, age: int, expected: list[tuple[str, str]]
) -> None:
    result = graph.query("target-groups-for-age", age=age)
    assert rows(result, "targetGroup") == [(item(d, tg),) for d, tg in expected]


@pytest.mark.parametrize("age", [-1, 131, "achtzehn", 17.5])
def test_target_groups_for_age_bad_value(graph: policygraph.PolicyGraph, age: object) -> None:
    with pytest.raises(ParameterError):
        graph.query("target-groups-for-age", age=age)


# ---------------------------------------------------------------------------
# 10. revision-changes
# ---------------------------------------------------------------------------
# Draft (000) against final (004), section by section:
ADDED = {
    ("pg:FocusArea", "focus-area-6", "6.6"),  # "6.6 BOLIG": new focus area ("syv" not "seks")
    ("pg:Initiative", "initiative-2.5", None),  # 6.2: "At kommunens tilbud er synlige ..."
    ("pg:Initiative", "initiative-6.1", None),  # 6.6 bullet 1 "Fortsat udvikling af ..."
    ("pg:Initiative", "initiative-6.2", None),  # 6.6 bullet 2 "Socialt støttearbejde ..."
    ("pg:Initiative", "initiative-6.3", None),  # 6.6 bullet 3 "At boligafdelingerne ..."
    ("pg:Initiative", "initiative-6.4", None),  # 6.6 bullet 4 "Boligafdelingerne skal se ..."
    # 5. RECOVERY ...: "Løbende kompetenceudvikling af medarbejderne ..." (004 lines 187-189)
    ("pg:DocumentPrinciple", "principle-3", None),
}
# (type, final item, draft item it revises, notation)
REWORDED = {
    ("pg:Vision", "vision-1", "vision-1", None),  # "psykiatrispolitikken" -> "psykiatripolitikken"
    ("pg:Vision", "vision-2", "vision-2", None),  # quotation marks "..." -> ”...”
    ("pg:Vision", "vision-3", "vision-3", None),  # "tilbud, som kan" -> "tilbud, der kan"
    ("pg:TargetGroup", "target-group-1", "target-group-1", None),  # MÅLGRUPPE rephrased
    ("pg:Value", "value-1", "value-1", None),  # "... med borgerne. Indsatsen og rammerne skal ..."
    ("pg:Value", "value-2", "value-2", None),  # "– og herigennem understøtte ..." dropped
    ("pg:Value", "value-3", "value-3", None),  # "leverer indsats" -> "leverer indsatser"
    ("pg:FocusArea", "focus-area-1", "focus-area-1", "6.1"),  # heading drops CIVILSAMFUNDET
    ("pg:Initiative", "initiative-1.2", "initiative-1.2", None),  # "brugerne" -> "borgerne"
    ("pg:Initiative", "initiative-2.1", "initiative-2.1", None),  # "tovholder/kontaktperson ..."
    ("pg:Initiative", "initiative-2.2", "initiative-2.3", None),  # "forvaltninger" -> "centre"
    ("pg:Initiative", "initiative-2.3", "initiative-2.2", None),  # first half of draft 2.2
    ("pg:Initiative", "initiative-2.4", "initiative-2.2", None),  # "... føler sig set, hørt ..."
    ("pg:Initiative", "initiative-4.1", "initiative-4.1", None),  # "+ værktøjer til at iværksætte"
    # "alle tilbud og indsats til" (000 line 69) -> "alle tilbud og indsatser til" (004 l. 177)
    ("pg:DocumentPrinciple", "principle-1", "principle-1", None),
    # UDMØNTNING: "alle forvaltninger" (000 line 195) -> "alle fagcentre" (004 line 532)
    ("pg:ProcessStatement", "process-2", "process-2", None),
    # "Dette kommer til at foregå ..." (000 line 197) -> "Udmøntningen af handlingsplanen ...
    # de relevante fagudvalg, Psykiatrirådet, ..." (004 lines 538-540)
    ("pg:ProcessStatement", "process-3", "process-3", None),
}
# Removed: none. Every draft item is continued: draft 1.5 (civil society) moved unchanged
# to final 3.5, draft focus area 6 is final 6.7, draft 2.2 was split into final 2.3 + 2.4.


def test_revision_changes_ballerup(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("revision-changes", old=BAL_DRAFT, new=BAL)
    got = rows(result, "change", "itemType", "item", "previous", "notation")
    added = {(t, i.split("/")[-1], n) for c, t, i, p, n in got if c == "added"}
    reworded = {
        (t, i.split("/")[-1], p.split("/")[-1], n) for c, t, i, p, n in got if c == "reworded"
    }
    assert added == ADDED
    assert reworded == REWORDED
    assert [c for c, *_ in got if c not in ("added", "reworded")] == []  # nothing removed
    assert len(got) == len(ADDED) + len(REWORDED)
    # items of the right versions
    assert all(r[2].startswith(f"doc/{BAL}/") for r in got)
    assert all(r[3] is None or r[3].startswith(f"doc/{BAL_DRAFT}/") for r in got)
    # the same lists as tests/expected/ballerup_psykiatripolitik.py (made by hand, checked)
    assert {a[1] for a in ADDED} == ballerup_expected.ADDED_IN_FINAL
    assert {r[1] for r in REWORDED} == ballerup_expected.REWORDED
    assert not ballerup_expected.REMOVED_FROM_DRAFT


def test_revision_changes_texts(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("revision-changes", old=BAL_DRAFT, new=BAL)
    by_item = {short(r["item"]): r for r in result.to_records()}
    added = by_item[item(BAL, "initiative-2.5")]
    assert added["text"] == "At kommunens tilbud er synlige og tilgængelige."  # 004, 6.2
    assert added["previousText"] is None and added["previous"] is None
    split = by_item[item(BAL, "initiative-2.4")]
    assert split["text"] == "At borgerne føler sig set, hørt og forstået."  # 004, 6.2
    assert split["previousText"] == (  # 000, SAMMENHÆNGENDE BORGERFORLØB bullet 2
        "At borgerne altid inddrages i tilrettelæggelsen af indsatser og forløb – at borgerne "
        "bliver set, hørt og forstået."
    )
    heading = by_item[item(BAL, "focus-area-1")]
    assert heading["previousText"] == (
        "SAMAREBJDE MED BEHANDLINGSPSYKIATRIEN, ALMEN PRAKSIS OG CIVILSAMFUNDET"
    )
    assert heading["text"] == "SAMARBEJDE MED BEHANDLINGSPSYKIATRIEN OG ALMEN PRAKSIS"


def test_revision_changes_needs_the_revision_link(graph: policygraph.PolicyGraph) -> None:
    # the final revises the draft, not the other way round; Herlev revises nothing
    assert len(graph.query("revision-changes", old=BAL, new=BAL_DRAFT)) == 0
    assert len(graph.query("revision-changes", old=HER, new=BAL)) == 0
    with pytest.raises(ParameterError):
        graph.query("revision-changes", old=BAL_DRAFT)
    with pytest.raises(ParameterError):
        graph.query("revision-changes", old="", new=BAL)


SYNTHETIC = """\
@prefix pg: <https://w3id.org/policygraph/def#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rp: <https://w3id.org/policygraph/id/recovery-principle/> .
@prefix chime: <https://w3id.org/policygraph/id/chime/> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix o: <https://w3id.org/policygraph/id/doc/t-old/> .
@prefix n: <https://w3id.org/policygraph/id/doc/t-new/> .

<https://w3id.org/policygraph/id/doc/t-old> a pg:PolicyDocument ;
    pg:issuedBy <https://w3id.org/policygraph/id/municipality/oldtown> .
<https://w3id.org/policygraph/id/doc/t-new> a pg:PolicyDocument ;
    pg:issuedBy <https://w3id.org/policygraph/id/municipality/newtown> ;
    prov:wasRevisionOf <https://w3id.org/policygraph/id/doc/t-old> ;
    pg:alignment n:align-document-rp-1 .
n:align-document-rp-1 a pg:Alignment ; pg:alignedTo rp:1 ; pg:basis pg:Explicit .

o:initiative-1 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-old> ;
    pg:sourceText "Samme tekst."@da .
o:initiative-2 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-old> ;
    pg:sourceText "Tekst med  dobbelt mellemrum. "@da .
o:initiative-3 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-old> ;
    pg:sourceText "Gammel ordlyd."@da .
o:initiative-4 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-old> ;
    pg:sourceText "Fjernet punkt."@da .

n:initiative-1 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-new> ;
    prov:wasRevisionOf o:initiative-1 ; pg:sourceText "Samme tekst."@da ;
    pg:supportsPrinciple rp:1 ; pg:contributesTo sdg:10 ;
    pg:alignment n:a1 , n:a2 .
n:a1 a pg:Alignment ; pg:alignedTo rp:1 ; pg:basis pg:Curated ;
    pg:rationale "The same   careful sentence about this link."@en .
n:a2 a pg:Alignment ; pg:alignedTo sdg:10 ; pg:basis pg:Curated ;
    pg:rationale "the same careful sentence about this link."@en .
n:initiative-2 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-new> ;
    prov:wasRevisionOf o:initiative-2 ; pg:sourceText "Tekst med\\ndobbelt mellemrum."@da ;
    pg:supportsPrinciple chime:identity ; pg:alignment n:a3 .
n:a3 a pg:Alignment ; pg:alignedTo chime:identity ; pg:basis pg:Curated ;
    pg:rationale "Obvious."@en .
n:initiative-3 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-new> ;
    prov:wasRevisionOf o:initiative-3 ; pg:sourceText "Ny ordlyd."@da ;
    pg:supportsPrinciple rp:5 ; pg:contributesTo sdg:3.4 ; pg:alignment n:a4 , n:a5 .
n:a4 a pg:Alignment ; pg:alignedTo rp:5 ; pg:basis pg:Curated .
n:a5 a pg:Alignment ; pg:alignedTo sdg:3.4 ; pg:basis pg:Curated ;
    pg:rationale "A sentence of its own, long enough to pass."@en .
n:initiative-5 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-new> ;
    pg:sourceText "Nyt punkt."@da .
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> policygraph.PolicyGraph:
    """A tiny made-up version pair with each kind of change and each audit problem."""
    path: Path = tmp_path_factory.mktemp("synthetic") / "t.ttl"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return policygraph.load([path])


def test_revision_changes_whitespace_is_not_a_rewording(
    synthetic: policygraph.PolicyGraph,
) -> None:
    result = synthetic.query("revision-changes", old="t-old", new="t-new")
    assert rows(result, "change", "item", "previous", "text", "previousText") == [
        ("added", "doc/t-new/initiative-5", None, "Nyt punkt.", None),
        ("removed", None, "doc/t-old/initiative-4", None, "Fjernet punkt."),
        (
            "reworded",
            "doc/t-new/initiative-3",
            "doc/t-old/initiative-3",
            "Ny ordlyd.",
            "Gammel ordlyd.",
        ),
    ]  # initiative-1 (same text) and initiative-2 (only line break/spaces differ) left out


# ---------------------------------------------------------------------------
# 11. search
# ---------------------------------------------------------------------------

# Danish wording containing "bolig": only Ballerup final 6.6 (heading "BOLIG" and bullets 1,
# 3, 4 "boligafdelingerne"); bullet 2 "Socialt støttearbejde ..." does not contain it. The
# draft has no housing section; "boligselskaber"/"boligorganisationer" stand in
# introductions, which are not items. Helsingør's recovery definition (principle-9, source
# 003 lines 113-115) ends "(Social- og Boligstyrelsen)"; its English label names the
# "National Board of Social Services and Housing".
BOLIG = [
    (item(BAL, "focus-area-6"), "pg:FocusArea", "da", "BOLIG"),
    (item(BAL, "initiative-6.1"), "pg:Initiative", "da", None),
    (item(BAL, "initiative-6.3"), "pg:Initiative", "da", None),
    (item(BAL, "initiative-6.4"), "pg:Initiative", "da", None),
    (item(HEL, "principle-9"), "pg:DocumentPrinciple", "da", None),
]


def _search(graph: policygraph.PolicyGraph, text: str, lang: str | None = None) -> list[tuple]:
    params = {"text": text} if lang is None else {"text": text, "lang": lang}
    return rows(graph.query("search", **params), "item", "itemType", "language", "matchedText")


def test_search_bolig(graph: policygraph.PolicyGraph) -> None:
    got = _search(graph, "bolig")
    assert [(i, t, lang) for i, t, lang, _ in got] == [(i, t, lang) for i, t, lang, _ in BOLIG]
    assert got[0][3] == "BOLIG"
    assert all("bolig" in text.lower() for *_, text in got)
    assert _search(graph, "BoLiG", "da") == got  # case-insensitive, Danish only
    assert _search(graph, "bolig", "en") == []  # no English label says "bolig"


def test_search_english(graph: policygraph.PolicyGraph) -> None:
    # English labels of the same five items: "Housing", "... the housing estates ...",
    # "... Social Services and Housing)"
    got = _search(graph, "HOUSING", "en")
    assert [(i, lang) for i, _, lang, _ in got] == [(i, "en") for i, *_ in BOLIG]
    assert got[0][3] == "Housing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Helsingør FA1 row 1 bullet 1: 'Fortsætte ... med "Sammen om Vores Skole" og ...'
        # (straight double quotes in the source; the English label keeps the name)
        (
            '"Sammen om Vores Skole"',
            [(item(HEL, "initiative-1.1.1"), "da"), (item(HEL, "initiative-1.1.1"), "en")],
        ),
        # Helsingør FA3 row 4 bullet 1: "afholde møder på borgers 'hjemmebane' (fx skole ..."
        ("'hjemmebane' (fx", [(item(HEL, "initiative-3.4.1"), "da")]),
        # Helsingør FA4 row 7: "... Børne- og Ungdomspsykiatrisk Center (<18)." (also in English)
        ("(<18)", [(item(HEL, "objective-4.7"), "da"), (item(HEL, "objective-4.7"), "en")]),
        # Helsingør FA4 row 4 bullet 2: "... på tværs af sundhedslovens § 83 og servicelovens § 85"
        ("§ 83 og", [(item(HEL, "initiative-4.4.2"), "da")]),
        # Ballerup final 2. VISIONER: the Vision 2029 quotation in ”...” (the draft has "...")
        ("sted at bo”", [(item(BAL, "vision-2"), "da")]),
    ],
)
def test_search_punctuation(
    graph: policygraph.PolicyGraph, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(i, lang) for i, _, lang, _ in _search(graph, text)] == expected


NASTY = [
    'bolig" } UNION { ?item ?p ?matchedText } #',
    "bolig'))) } #",
    "bolig\n",
    "\n",
    "# bolig",
    "{ }",
    "}",
    '\\"',
    "\\",
    "$text",
    "?item",
    "bolig\u0000",
]


@pytest.mark.parametrize("text", NASTY)
def test_search_is_safe_for_any_input(graph: policygraph.PolicyGraph, text: str) -> None:
    # No text contains these strings, so a literal search finds nothing (and nothing breaks).
    assert _search(graph, text) == []


def _all_texts(graph: policygraph.PolicyGraph) -> list[tuple[object, ...]]:
    return rows(
        graph.sparql(
            "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "SELECT ?item ?text WHERE { ?item pg:inDocument ?d . "
            "{ ?item pg:sourceText ?text } UNION "
            '{ ?item skos:prefLabel ?text FILTER(LANG(?text) = "en") } }'
        ),
        "item",
        "text",
    )


@pytest.mark.parametrize(
    "text", [*NASTY, "bolig", '"', "'", "(", "”", "–", "æ", "Ø", "HÅB", "ø", " "]
)
def test_search_equals_a_plain_substring_search(graph: policygraph.PolicyGraph, text: str) -> None:
    # Oracle: Python's own case-insensitive substring test over every item text.
    expected = sorted({i for i, t in _all_texts(graph) if text.lower() in str(t).lower()})
    got = sorted({i for i, *_ in _search(graph, text)})
    assert got == expected


def test_search_bad_parameters(graph: policygraph.PolicyGraph) -> None:
    with pytest.raises(ParameterError):
        graph.query("search")  # text is required
    with pytest.raises(ParameterError):
        graph.query("search", text="bolig", lang="fr")
    with pytest.raises(ParameterError):
        graph.query("search", text=5)


# ---------------------------------------------------------------------------
# 12. alignment-audit and curated-without-review
# ---------------------------------------------------------------------------


def _curated_links(table: dict[str, tuple], extra: dict[str, tuple] | None = None) -> int:
    return sum(len(p) + len(s) for p, s, *_ in [*table.values(), *(extra or {}).values()])


def test_alignment_audit(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("alignment-audit")
    got = {
        r[0]: r[1:]
        for r in rows(
            result,
            "document",
            "explicit",
            "curated",
            "total",
            "explicitWithoutEvidence",
            "curatedWithoutRationale",
        )
    }
    # Explicit links are what the documents state (source text):
    # - Ballerup (both versions): SDG 3 and 10 ("FN's verdensmål – særligt mål 3 ... samt
    #   mål 10") and the five CHIME concepts of the recovery section (footnote: "The CHIME
    #   Framework of recovery processes") = 7, on the document.
    # - Helsingør: "Recovery-orienteret rehabilitering: Princip N" per focus area: FA1 3;
    #   FA2 5; FA3 1, 2, 3, 4, 8; FA4 6, 7 = 9, plus principle 4 for the two peer-employment
    #   bullets (1.2.4, 3.2.3) from the box "PEERS I HELSINGØR KOMMUNE" = 11; on the
    #   document the eight principles ("Principperne er inkluderet i Psykiatripolitikken og
    #   -handleplanens indsatser.", source 003 line 134) and the five CHIME processes
    #   ("Forskning i recovery viser, at forbundethed, håb og optimisme, identitet, mening
    #   med tilværelsen og empowerment ...", line 117) = 24.
    # - Herlev, Ishøj: no principle, CHIME process or SDG named = 0.
    # Curated links: Herlev and Ishøj from the link tables above; the others from the
    # review (curated-links.tsv of the 2026-12 review): before it, counted in the Turtle,
    # draft 54, final 65, Helsingør 134; the review removed 13, 19 and 11 as weak and added
    # 3 (value-1, value-2, vision-1), 4 (the same and focus area 6.6) and 7 (principle-2,
    # -4, -5 twice, purpose-2..4). Herlev 37 - 12 weak, Ishøj 27 - 9 weak.
    herlev = _curated_links(HERLEV)
    ishoej = _curated_links(ISHOEJ, ISHOEJ_VALUES)
    assert (herlev, ishoej) == (37 - 12, 27 - 9)
    assert got == {
        f"doc/{BAL}": (7, 65 - 19 + 4, 72 - 19 + 4, 0, 0),
        f"doc/{BAL_DRAFT}": (7, 54 - 13 + 3, 61 - 13 + 3, 0, 0),
        f"doc/{HEL}": (24, 134 - 11 + 7, 158 - 11 + 7, 0, 0),
        f"doc/{HER}": (0, herlev, herlev, 0, 0),
        f"doc/{ISH}": (0, ishoej, ishoej, 0, 0),
    }


def test_alignment_audit_counts_missing_provenance(synthetic: policygraph.PolicyGraph) -> None:
    # t-new: 1 explicit (document level, no evidence), 5 curated on items (a4 without
    # rationale); t-old has no alignments: a row of zeros.
    result = synthetic.query("alignment-audit")
    assert rows(
        result,
        "document",
        "explicit",
        "curated",
        "total",
        "explicitWithoutEvidence",
        "curatedWithoutRationale",
    ) == [
        ("doc/t-new", 1, 5, 6, 1, 1),
        ("doc/t-old", 0, 0, 0, 0, 0),
    ]


def test_curated_without_review_shipped(graph: policygraph.PolicyGraph) -> None:
    # Only two pairs of identical rationales, both in Helsingør FA4 and both justified: the
    # source repeats the bullets almost word for word in rows 7 (Børne- og Ungdomspsykiatrisk
    # Center) and 8 (Psykiatrisk Center Nordsjælland):
    #   7.2 / 8.2 "(Understøtte en) fremskudt sagsbehandling ... på Psykiatrisk Center
    #             Nordsjælland."
    #   7.3 / 8.3 "Prioritere fælles kompetenceudvikling (mellem|for medarbejdere fra hhv.)
    #             region og kommune."
    # No rationale is missing or shorter than 20 characters. Every other curated link was
    # kept by the 2026-12 second reader (pg:reviewedBy) except the 14 links that reader
    # proposed (curated-links.tsv, verdict "add"), which no one else has checked yet.
    # (The query orders rows by document, problem and rationale text.)
    result = graph.query("curated-without-review")
    unreviewed = [
        (BAL, "focus-area-6", "sdg:11.1"),  # 6.6 BOLIG: "behov for en passende bolig"
        (BAL, "vision-1", "sdg:3.4"),  # "... at fremme den mentale sundhed"
        (BAL, "value-2", "recovery-principle/4"),  # "optræder vi respektfuldt ..."
        (BAL, "value-1", "recovery-principle/1"),  # "Borgerens levede liv, ønsker og behov ..."
        (BAL_DRAFT, "vision-1", "sdg:3.4"),
        (BAL_DRAFT, "value-2", "recovery-principle/4"),
        (BAL_DRAFT, "value-1", "recovery-principle/1"),
    ]
    helsingoer = [
        (HEL, "principle-2", "recovery-principle/2"),  # "Alle mennesker har ressourcer ..."
        (HEL, "principle-4", "recovery-principle/3"),  # "... i og af deres almindelige miljø"
        (HEL, "principle-5", "recovery-principle/6"),  # "koordinerede ... indsatser"
        (HEL, "principle-5", "recovery-principle/8"),  # "vidensbaserede indsatser"
        (HEL, "purpose-4", "recovery-principle/1"),  # "... håb, ønsker og drømme"
        (HEL, "purpose-3", "recovery-principle/5"),  # "... gribes tidligere ..."
        (HEL, "purpose-2", "recovery-principle/3"),  # "... en del af et fællesskab"
    ]
    assert rows(result, "document", "problem", "subject", "alignedTo", "sharing") == [
        *[(f"doc/{d}", "unreviewed", item(d, i), t, 1) for d, i, t in unreviewed],
        (f"doc/{HEL}", "duplicate", item(HEL, "initiative-4.7.2"), "recovery-principle/6", 2),
        (f"doc/{HEL}", "duplicate", item(HEL, "initiative-4.8.2"), "recovery-principle/6", 2),
        (f"doc/{HEL}", "duplicate", item(HEL, "initiative-4.7.3"), "recovery-principle/6", 2),
        (f"doc/{HEL}", "duplicate", item(HEL, "initiative-4.8.3"), "recovery-principle/6", 2),
        *[(f"doc/{d}", "unreviewed", item(d, i), t, 1) for d, i, t in helsingoer],
    ]


def test_curated_without_review_finds_each_problem(synthetic: policygraph.PolicyGraph) -> None:
    result = synthetic.query("curated-without-review")
    assert rows(result, "document", "problem", "alignment", "sharing") == [
        ("doc/t-new", "duplicate", "doc/t-new/a1", 2),  # same sentence as a2 up to case, spaces
        ("doc/t-new", "duplicate", "doc/t-new/a2", 2),
        ("doc/t-new", "missing", "doc/t-new/a4", 0),
        ("doc/t-new", "short", "doc/t-new/a3", 1),  # "Obvious." (8 characters)
        ("doc/t-new", "unreviewed", "doc/t-new/a5", 1),  # a sentence of its own, no reviewer
    ]


# Rationales that differ only in whitespace and case, worked out by hand: "\\t", "\\n"
# and a no-break space (U+00A0) are whitespace; every run of whitespace counts as one
# space and leading or trailing whitespace as none.
WHITESPACE = """\
@prefix pg: <https://w3id.org/policygraph/def#> .
@prefix rp: <https://w3id.org/policygraph/id/recovery-principle/> .
@prefix w: <https://w3id.org/policygraph/id/doc/t-ws/> .
@prefix v: <https://w3id.org/policygraph/id/doc/t-other/> .

<https://w3id.org/policygraph/id/doc/t-ws> a pg:PolicyDocument ;
    pg:alignment w:b2 .
w:initiative-1 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-ws> ;
    pg:alignment w:b1 , w:b3 , w:b4 , w:b5 .
w:initiative-2 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-ws> ;
    pg:alignment w:b6 .
w:b1 a pg:Alignment ; pg:alignedTo rp:1 ; pg:basis pg:Curated ;
    pg:rationale "  Tabs\\tand\\n new  lines\\u00A0count as one space. "@en .
w:b2 a pg:Alignment ; pg:alignedTo rp:2 ; pg:basis pg:Curated ;
    pg:rationale "tabs and new lines count as one space."@en .
w:b3 a pg:Alignment ; pg:alignedTo rp:3 ; pg:basis pg:Curated ;
    pg:rationale " Exactly twenty chars "@en .
w:b4 a pg:Alignment ; pg:alignedTo rp:4 ; pg:basis pg:Curated ;
    pg:rationale "\\tNineteen   characters \\n"@en .
w:b5 a pg:Alignment ; pg:alignedTo rp:5 ; pg:basis pg:Curated ;
    pg:rationale "   "@en .
w:b6 a pg:Alignment ; pg:alignedTo rp:6 ; pg:basis pg:Explicit ;
    pg:rationale "TABS AND NEW LINES COUNT AS ONE SPACE."@en .

<https://w3id.org/policygraph/id/doc/t-other> a pg:PolicyDocument .
v:initiative-1 a pg:Initiative ; pg:inDocument <https://w3id.org/policygraph/id/doc/t-other> ;
    pg:alignment v:b7 .
v:b7 a pg:Alignment ; pg:alignedTo rp:1 ; pg:basis pg:Curated ;
    pg:rationale "tabs and new lines count as one space."@en ;
    pg:reviewedBy <https://w3id.org/policygraph/id/reviewer/r1> .
"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_curated_without_review_compares_whitespace_runs_as_one_space(
    tmp_path: Path, engine: str
) -> None:
    path = tmp_path / "ws.ttl"
    path.write_text(WHITESPACE, encoding="utf-8")
    result = policygraph.load([path], engine=engine).query("curated-without-review")
    assert rows(result, "document", "problem", "alignment", "sharing") == [
        # b1, b2 (a link of the document itself) and b6 (stated, not curated, so not
        # listed) have one text; b7 has it too, in another document
        ("doc/t-ws", "duplicate", "doc/t-ws/b1", 3),  # its text starts with spaces
        ("doc/t-ws", "duplicate", "doc/t-ws/b2", 3),
        ("doc/t-ws", "short", "doc/t-ws/b4", 1),  # "nineteen characters": 19; tab first
        ("doc/t-ws", "short", "doc/t-ws/b5", 1),  # only spaces: ""
        ("doc/t-ws", "unreviewed", "doc/t-ws/b3", 1),  # "exactly twenty chars": 20
    ]


# ---------------------------------------------------------------------------
# 13. unlinked-initiatives
# ---------------------------------------------------------------------------
# Helsingør initiatives without an SDG link, read in data/helsingoer-psykiatripolitik.ttl
# (no pg:contributesTo) and matching the validation info findings; the whole of focus
# area 3 (hopes, wishes and dreams: 16 bullets) has none.
HELSINGOER_WITHOUT_SDG = [
    "1.1.1", "1.1.2", "1.2.2", "1.2.4", "1.4.1",  # FA1 (1.1.1 4.a and 1.4.1 17.17 were weak)
    "2.1.1", "2.2.1", "2.4.2", "2.5.1", "2.7.1", "2.7.2", "2.9.3",  # FA2 (2.2.1, 2.4.2: 4.a weak)
    "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "3.2.3", "3.3.1",  # FA3 rows 1-3
    "3.4.1", "3.4.2", "3.4.3", "3.4.4", "3.4.5", "3.5.1", "3.6.1", "3.7.1", "3.7.2",  # rows 4-7
    "4.1.1", "4.1.2", "4.2.1", "4.3.2", "4.3.3", "4.3.4", "4.3.5",  # FA4 rows 1-3
    "4.4.1", "4.4.2", "4.4.3", "4.6.1", "4.7.1", "4.7.2", "4.7.3",  # rows 4, 6, 7
    "4.8.1", "4.8.2", "4.8.3", "4.8.4",  # row 8
]  # fmt: skip
# Ballerup draft: SAMMENHÆNGENDE BORGERFORLØB bullets 1 (plan/kontaktperson) and 3
# (overgangen fra barn til voksen) carry no SDG link in its Turtle; the review found the
# only SDG link of 1.2 (3.4), 1.3 (17.17), 1.4 (3.8), 2.2 (16.7) and 3.4 (5.4) weak.
DRAFT_WITHOUT_SDG = [
    "initiative-1.2", "initiative-1.3", "initiative-1.4", "initiative-2.1", "initiative-2.2",
    "initiative-2.3", "initiative-3.4",
]  # fmt: skip
# Initiatives with no national principle after the review (its README, "Consequences").
DRAFT_WITHOUT_PRINCIPLE = ["initiative-1.3", "initiative-5.1", "initiative-5.3"]
HELSINGOER_WITHOUT_PRINCIPLE = ["3.3.1", "4.5.2"]


def test_unlinked_initiatives(graph: policygraph.PolicyGraph) -> None:
    sdg = (
        [(item(BAL, i), f"doc/{BAL}", "sdg") for i, (_, s) in BALLERUP.items() if not s]
        + [(item(BAL_DRAFT, i), f"doc/{BAL_DRAFT}", "sdg") for i in DRAFT_WITHOUT_SDG]
        + [(item(HEL, f"initiative-{n}"), f"doc/{HEL}", "sdg") for n in HELSINGOER_WITHOUT_SDG]
        + [(item(HER, i), f"doc/{HER}", "sdg") for i, (_, s, _) in HERLEV.items() if not s]
        + [(item(ISH, i), f"doc/{ISH}", "sdg") for i, (_, s, _) in ISHOEJ.items() if not s]
    )
    principle = (
        [(item(BAL, i), f"doc/{BAL}", "principle") for i, (p, _) in BALLERUP.items() if not p]
        + [(item(BAL_DRAFT, i), f"doc/{BAL_DRAFT}", "principle") for i in DRAFT_WITHOUT_PRINCIPLE]
        + [
            (item(HEL, f"initiative-{n}"), f"doc/{HEL}", "principle")
            for n in HELSINGOER_WITHOUT_PRINCIPLE
        ]
        + [(item(HER, i), f"doc/{HER}", "principle") for i, (p, *_) in HERLEV.items() if not p]
        + [(item(ISH, i), f"doc/{ISH}", "principle") for i, (p, *_) in ISHOEJ.items() if not p]
    )
    # the query orders by document, then initiative, then missing ("principle" < "sdg")
    expected = sorted(sdg + principle, key=lambda row: (row[1], row[0], row[2]))
    # SDG: 12 Ballerup final (1.2-1.4, 2.1-2.5, 3.4, 6.2-6.4), 7 draft, 46 Helsingør (of
    # 75), 7 Herlev (1.1, 1.2, 2.1-2.4, 3.4), 8 Ishøj (1.2, 1.3, 2.3, 3.1, 3.2, 4.1-4.3): 80,
    # as the 80 "no UN SDG link" info findings of `policygraph validate`. Principle: 4
    # Ballerup final, 3 draft, 2 Helsingør, 1 Herlev, 4 Ishøj: 14.
    assert (len(sdg), len(principle)) == (80, 14)
    result = graph.query("unlinked-initiatives")
    assert rows(result, "initiative", "document", "missing") == expected
    assert len(graph.query("unlinked-initiatives", link="principle")) == 14
    assert len(graph.query("unlinked-initiatives", link="sdg")) == 80
    only_herlev = graph.query("unlinked-initiatives", document=HER)
    assert rows(only_herlev, "initiative", "missing") == [
        (item(HER, "initiative-1.1"), "principle"),
        (item(HER, "initiative-1.1"), "sdg"),
        (item(HER, "initiative-1.2"), "sdg"),
        (item(HER, "initiative-2.1"), "sdg"),
        (item(HER, "initiative-2.2"), "sdg"),
        (item(HER, "initiative-2.3"), "sdg"),
        (item(HER, "initiative-2.4"), "sdg"),
        (item(HER, "initiative-3.4"), "sdg"),
    ]
    assert only_herlev.column("sourceText")[0] == (
        "Tilbyde forskellige gruppeforløb med udgangspunkt i brugernes behov"
    )


def test_unlinked_initiatives_reports_a_missing_principle(
    synthetic: policygraph.PolicyGraph,
) -> None:
    # n:initiative-2 supports only a CHIME process; initiative-5 and the old items have no
    # link at all; initiative-1 and -3 have a principle and an SDG (goal 10, target 3.4).
    result = synthetic.query("unlinked-initiatives", link="principle")
    assert rows(result, "initiative") == [
        ("doc/t-new/initiative-2",),
        ("doc/t-new/initiative-5",),
        ("doc/t-old/initiative-1",),
        ("doc/t-old/initiative-2",),
        ("doc/t-old/initiative-3",),
        ("doc/t-old/initiative-4",),
    ]
    with pytest.raises(ParameterError):
        synthetic.query("unlinked-initiatives", link="theme")


# ---------------------------------------------------------------------------
# 14. chime-crosswalk and chime-initiatives
# ---------------------------------------------------------------------------


def _crosswalk_counts(table: dict[str, tuple]) -> dict[str, int]:
    return {
        process: sum(1 for principles, *_ in table.values() if principles & related)
        for process, related in CROSSWALK.items()
    }


def test_chime_crosswalk(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("chime-crosswalk")
    got: dict[str, dict[str, tuple[bool, int]]] = {}
    for process, document, names, count in rows(
        result, "process", "document", "documentNamesProcess", "initiatives"
    ):
        got.setdefault(str(document), {})[str(process).removeprefix("chime/")] = (names, count)
    assert len(got) == 5 and all(len(v) == 5 for v in got.values())  # 5 documents x 5
    herlev = _crosswalk_counts(HERLEV)
    assert herlev == {
        "connectedness": 6,  # rp 3: 1.3-1.5, 3.1, 3.2, 3.4
        "hope-and-optimism": 1,  # rp 1: 2.1
        "identity": 2,  # rp 4: 2.3, 2.4
        "meaning": 1,  # rp 1
        "empowerment": 0,  # rp 2: none (2.3's was weak)
    }
    ballerup = _crosswalk_counts(BALLERUP)
    assert ballerup == {
        "connectedness": 9,  # rp 3: 2.2, 3.1-3.5, 4.4, 7.1, 7.2
        "hope-and-optimism": 1,  # rp 1: 2.3 (5.4's was weak)
        "identity": 3,  # rp 2: 5.4; rp 4: 2.4, 3.4
        "meaning": 1,
        "empowerment": 1,  # rp 2: 5.4
    }
    # Ishøj: rp 1 and 2 only on values (not initiatives); no rp 3 (2.1's was weak), no rp 4.
    ishoej = _crosswalk_counts(ISHOEJ)
    assert ishoej == {
        "connectedness": 0, "hope-and-optimism": 0, "identity": 0, "meaning": 0, "empowerment": 0
    }  # fmt: skip
    # Ballerup names all five CHIME processes itself (recovery section, "centrale begreber"
    # with footnote "The CHIME Framework of recovery processes"), and so does Helsingør
    # ("RECOVERY", source 003 line 117: "Forskning i recovery viser, at forbundethed, håb og
    # optimisme, identitet, mening med tilværelsen og empowerment er vigtige ..."); Herlev
    # and Ishøj name none.
    assert got[f"doc/{HER}"] == {p: (False, n) for p, n in herlev.items()}
    assert got[f"doc/{BAL}"] == {p: (True, n) for p, n in ballerup.items()}
    assert got[f"doc/{ISH}"] == {p: (False, n) for p, n in ishoej.items()}
    assert {p: names for p, (names, _) in got[f"doc/{BAL_DRAFT}"].items()} == dict.fromkeys(
        CROSSWALK, True
    )
    assert {p: names for p, (names, _) in got[f"doc/{HEL}"].items()} == dict.fromkeys(
        CROSSWALK, True
    )


def test_chime_crosswalk_one_process(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("chime-crosswalk", chime="identity")
    assert set(result.column("process")) == {ID + "chime/identity"}
    assert len(result) == 5
    assert result.column("processLabel")[0] == "Identity"
    with pytest.raises(ParameterError):
        graph.query("chime-crosswalk", chime="")


def test_chime_initiatives(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("chime-initiatives", chime="identity", document=HER)
    assert rows(result, "initiative", "principle", "basis") == [
        (item(HER, "initiative-2.3"), "recovery-principle/4", "pg:Curated"),  # rp 2 was weak
        (item(HER, "initiative-2.4"), "recovery-principle/4", "pg:Curated"),
    ]
    # without the document: as many initiatives per document as chime-crosswalk counts
    everywhere = graph.query("chime-initiatives", chime="connectedness")
    per_document = Counter(
        short(d) for d, _ in {(r["document"], r["initiative"]) for r in everywhere.to_records()}
    )
    assert per_document[f"doc/{HER}"] == 6
    assert per_document[f"doc/{BAL}"] == 9
    # Helsingør states principle 3 explicitly for focus area 1 only, not for initiatives
    helsingoer = graph.query("chime-initiatives", chime="identity", document=HEL)
    explicit = {
        short(r["initiative"])
        for r in helsingoer.to_records()
        if short(r["basis"]) == "pg:Explicit"
    }
    assert explicit == {item(HEL, "initiative-1.2.4"), item(HEL, "initiative-3.2.3")}  # peers


# ---------------------------------------------------------------------------
# 15. themes and theme-initiatives
# ---------------------------------------------------------------------------


def _theme_counts(table: dict[str, tuple]) -> dict[str, int]:
    return dict(Counter(theme for *_, themes in table.values() for theme in themes))


def test_themes_by_municipality(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("themes")
    got: dict[tuple[object, object], dict[str, int]] = {}
    for issuer, document, theme, count in rows(
        result, "issuer", "document", "theme", "initiatives"
    ):
        got.setdefault((issuer, document), {})[str(theme).removeprefix("theme/")] = count
    herlev = _theme_counts(HERLEV)
    # after the review: Herlev lost user-involvement (1.1), early-detection (3.3) and
    # stigma-inclusion (3.4) and gained prevention-promotion (1.4, 3.1, 3.4)
    assert herlev == {
        "community-leisure": 6, "user-involvement": 3, "children-young-people": 2,
        "cross-sector-coordination": 3, "volunteering-civil-society": 2, "physical-health": 5,
        "relatives-network": 1, "recovery-rehabilitation": 1, "access-to-support": 3,
        "early-detection": 1, "prevention-promotion": 5, "competence-development": 1,
    }  # fmt: skip
    # Ishøj lost knowledge-evaluation and recovery-rehabilitation on 4.1 and
    # access-to-support on 4.2 (both now without a theme)
    ishoej = _theme_counts(ISHOEJ)
    assert ishoej == {
        "cross-sector-coordination": 3, "substance-use": 1, "children-young-people": 1,
        "access-to-support": 1, "early-detection": 1, "prevention-promotion": 1,
        "knowledge-evaluation": 4, "recovery-rehabilitation": 3, "competence-development": 3,
    }  # fmt: skip
    assert got[("municipality/herlev", f"doc/{HER}")] == herlev
    # the joint plan counts for both of its issuers (title page: Ishøj Kommune og
    # Vallensbæk Kommune)
    assert got[("municipality/ishoej", f"doc/{ISH}")] == ishoej
    assert got[("municipality/vallensbaek", f"doc/{ISH}")] == ishoej
    # Ballerup's draft is revised by the final, so only the final counts by default
    assert (("municipality/ballerup", f"doc/{BAL_DRAFT}")) not in got
    assert "housing" in got[("municipality/ballerup", f"doc/{BAL}")]  # 6.6 BOLIG
    with_drafts = graph.query("themes", municipality="Ballerup", superseded=True)
    documents = Counter(short(d) for d in with_drafts.column("document"))
    assert documents == {f"doc/{BAL}": 16, f"doc/{BAL_DRAFT}": 15}  # all but housing
    assert {key[0] for key in got} == {
        "municipality/ballerup", "municipality/helsingoer", "municipality/herlev",
        "municipality/ishoej", "municipality/vallensbaek",
    }  # fmt: skip


def test_themes_one_municipality(graph: policygraph.PolicyGraph) -> None:
    by_name = graph.query("themes", municipality="Herlev Kommune")
    by_code = graph.query("themes", municipality="0163")  # Herlev's kommunekode
    assert by_name.rows == by_code.rows
    assert {short(d) for d in by_name.column("document")} == {f"doc/{HER}"}
    assert len(by_name) == 12  # the HERLEV table's themes
    assert by_name.to_records()[0]["themeLabel"] == "Access to support"
    with pytest.raises(ParameterError):
        graph.query("themes", municipality="9999")  # no such kommunekode


def test_theme_initiatives(graph: policygraph.PolicyGraph) -> None:
    housing = graph.query("theme-initiatives", theme="housing")
    assert rows(housing, "document", "focusArea", "initiative") == [
        # Ballerup final, 6.6 BOLIG, bullets 1-4
        (f"doc/{BAL}", item(BAL, "focus-area-6"), item(BAL, "initiative-6.1")),
        (f"doc/{BAL}", item(BAL, "focus-area-6"), item(BAL, "initiative-6.2")),
        (f"doc/{BAL}", item(BAL, "focus-area-6"), item(BAL, "initiative-6.3")),
        (f"doc/{BAL}", item(BAL, "focus-area-6"), item(BAL, "initiative-6.4")),
        # Helsingør FA4 row 4 bullet 3 "Videreudvikle samarbejdet mellem botilbud og
        # plejecentre om pladser ..." (curated theme housing)
        (f"doc/{HEL}", item(HEL, "focus-area-4"), item(HEL, "initiative-4.4.3")),
    ]
    assert housing.column("sourceText")[1] == (
        "Socialt støttearbejde, der skal forebygge, at svære problemer opstår samt at der "
        "iværksættes en hurtig indsats, hvis noget alligevel går skævt"
    )
    # Helsingør's peers: FA1 row 2 bullet 4 and FA3 row 2 bullet 3 ("Prioritere ... peers")
    peers = graph.query("theme-initiatives", theme="peer-support", municipality="helsingoer")
    assert rows(peers, "focusArea", "initiative") == [
        (item(HEL, "focus-area-1"), item(HEL, "initiative-1.2.4")),
        (item(HEL, "focus-area-3"), item(HEL, "initiative-3.2.3")),
    ]
    assert len(graph.query("theme-initiatives", theme="housing", municipality="Herlev")) == 0
    with pytest.raises(ParameterError):
        graph.query("theme-initiatives")


# ---------------------------------------------------------------------------
# 16. compare-municipalities
# ---------------------------------------------------------------------------


def _compare(
    graph: policygraph.PolicyGraph, a: str, b: str, **more: object
) -> list[tuple[object, ...]]:
    result = graph.query("compare-municipalities", a=a, b=b, **more)
    return rows(result, "dimension", "concept", "only_in")


def _has(table: dict[str, tuple], extra: dict[str, tuple] | None = None) -> dict[str, set]:
    entries = [*table.values(), *(extra or {}).values()]
    principles = {p for e in entries for p in e[0]}
    targets = {t for e in entries for t in e[1]}
    return {
        "principle": {f"recovery-principle/{p}" for p in principles},
        "sdg-target": {f"sdg:{t}" for t in targets},
        "sdg-goal": {f"sdg:{t.split('.')[0]}" for t in targets},
        "theme": {f"theme/{t}" for e in table.values() for t in e[2]},
    }


def test_compare_herlev_ishoej(graph: policygraph.PolicyGraph) -> None:
    # Themes count only from initiatives (theme coverage, docs/encoding.md); here the
    # focus-area themes would add nothing anyway (Herlev: community-leisure,
    # relatives-network, user-involvement, cross-sector-coordination, physical-health,
    # prevention-promotion; Ishøj: cross-sector-coordination, competence-development - all on
    # initiatives too). Links as after the 2026-12 review.
    herlev, ishoej = _has(HERLEV), _has(ISHOEJ, ISHOEJ_VALUES)
    expected = sorted(
        [(dim, c, "municipality/herlev") for dim in herlev for c in herlev[dim] - ishoej[dim]]
        + [(dim, c, "municipality/ishoej") for dim in ishoej for c in ishoej[dim] - herlev[dim]]
    )
    assert expected == sorted(
        [
            ("principle", "recovery-principle/2", "municipality/ishoej"),  # value-4, value-5
            ("principle", "recovery-principle/3", "municipality/herlev"),  # 1.3-1.5, 3.1, ...
            ("principle", "recovery-principle/4", "municipality/herlev"),  # 2.3, 2.4
            ("principle", "recovery-principle/8", "municipality/ishoej"),  # 2.3, Mål 3
            ("sdg-target", "sdg:3.5", "municipality/ishoej"),  # Mål 2 bullet 1, misbrugsbehandling
            ("theme", "theme/community-leisure", "municipality/herlev"),
            ("theme", "theme/knowledge-evaluation", "municipality/ishoej"),
            ("theme", "theme/physical-health", "municipality/herlev"),
            ("theme", "theme/relatives-network", "municipality/herlev"),
            ("theme", "theme/substance-use", "municipality/ishoej"),
            ("theme", "theme/user-involvement", "municipality/herlev"),
            ("theme", "theme/volunteering-civil-society", "municipality/herlev"),
        ]
    )
    assert sorted(_compare(graph, "Herlev", "Ishøj")) == expected
    # the joint plan is Vallensbæk's too; kommunekode 0163 is Herlev
    assert sorted(_compare(graph, "0163", "Vallensbæk")) == sorted(
        (d, c, m.replace("ishoej", "vallensbaek")) for d, c, m in expected
    )


def test_compare_ballerup_herlev(graph: policygraph.PolicyGraph) -> None:
    got = _compare(graph, "Ballerup", "Herlev")
    # Ballerup's concepts: the final's initiative links (BALLERUP table, themes read in the
    # Turtle), its document-level explicit links and the review's additions on value-1 (rp
    # 1), value-2 (rp 4), vision-1 (3.4) and focus area 6.6 (11.1); the draft is left out
    # by default (the final revises it) and its links are a subset of the final's anyway
    # (no housing, no 11.1). Herlev has nothing Ballerup lacks.
    assert got == [
        # Ballerup names the five CHIME processes (recovery section); Herlev names none
        ("chime", "chime/connectedness", "municipality/ballerup"),
        ("chime", "chime/empowerment", "municipality/ballerup"),
        ("chime", "chime/hope-and-optimism", "municipality/ballerup"),
        ("chime", "chime/identity", "municipality/ballerup"),
        ("chime", "chime/meaning", "municipality/ballerup"),
        ("principle", "recovery-principle/2", "municipality/ballerup"),  # 6.5 bullet 4
        ("principle", "recovery-principle/8", "municipality/ballerup"),  # 6.1 bullet 1
        ("sdg-goal", "sdg:11", "municipality/ballerup"),  # focus area 6.6 (11.1)
        ("sdg-goal", "sdg:4", "municipality/ballerup"),  # 6.7 bullet 1 (4.5)
        ("sdg-goal", "sdg:8", "municipality/ballerup"),  # 6.7 bullet 1 (8.5)
        ("sdg-target", "sdg:11.1", "municipality/ballerup"),
        ("sdg-target", "sdg:3.8", "municipality/ballerup"),  # 6.5 bullet 1
        ("sdg-target", "sdg:4.5", "municipality/ballerup"),
        ("sdg-target", "sdg:8.5", "municipality/ballerup"),
        ("theme", "theme/employment-education", "municipality/ballerup"),  # 6.7
        ("theme", "theme/housing", "municipality/ballerup"),  # 6.6
        ("theme", "theme/knowledge-evaluation", "municipality/ballerup"),  # 6.1 bullet 1
        # 6.3 bullets 1 and 3, 6.7 bullet 2; Herlev's only one (3.4) was weak in the review
        ("theme", "theme/stigma-inclusion", "municipality/ballerup"),
    ]
    additions = {
        "value-1": ({1}, set()),
        "value-2": ({4}, set()),
        "vision-1": (set(), {"3.4"}),
        "focus-area-6": (set(), {"11.1"}),
    }
    ballerup = _has({k: (*v, set()) for k, v in BALLERUP.items()}, additions)
    herlev = _has(HERLEV)
    for dim in ("principle", "sdg-target", "sdg-goal"):
        only = {c for d, c, _ in got if d == dim}
        assert only == ballerup[dim] - herlev[dim], dim
        assert herlev[dim] <= ballerup[dim], dim
    # the draft's links are a subset of the final's: counting it changes nothing
    assert _compare(graph, "Ballerup", "Herlev", superseded="true") == got
    labels = {
        short(r["concept"]): r["label"]
        for r in graph.query("compare-municipalities", a="Ballerup", b="Herlev").to_records()
    }
    assert labels["theme/housing"] == "Housing"
    assert labels["recovery-principle/8"] == "Use knowledge and methods that work"


def test_compare_goals_linked_directly_or_through_a_target(
    synthetic: policygraph.PolicyGraph,
) -> None:
    # newtown's t-new: principles 1 (document, initiative-1) and 5, CHIME identity, goal 10
    # linked directly (initiative-1), target 3.4 and through it goal 3 (initiative-3);
    # oldtown's t-old links nothing.
    assert _compare(synthetic, "oldtown", "newtown") == [
        ("chime", "chime/identity", "municipality/newtown"),
        ("principle", "recovery-principle/1", "municipality/newtown"),
        ("principle", "recovery-principle/5", "municipality/newtown"),
        ("sdg-goal", "sdg:10", "municipality/newtown"),
        ("sdg-goal", "sdg:3", "municipality/newtown"),
        ("sdg-target", "sdg:3.4", "municipality/newtown"),
    ]


def test_compare_bad_parameters(graph: policygraph.PolicyGraph) -> None:
    assert _compare(graph, "Herlev", "herlev") == []  # the same municipality twice
    with pytest.raises(ParameterError):
        graph.query("compare-municipalities", a="Herlev")
    with pytest.raises(ParameterError):
        graph.query("compare-municipalities", a="Herlev", b="9999")


# ---------------------------------------------------------------------------
# Follow-up: partner-mentions
# ---------------------------------------------------------------------------


def test_partner_mentions(graph: policygraph.PolicyGraph) -> None:
    # General practice ("almen praksis", "praktiserende læger", "egen læge"), by hand:
    expected = [
        (f"doc/{BAL}", item(BAL, "focus-area-1")),  # 004 6.1 heading "... ALMEN PRAKSIS"
        (f"doc/{BAL}", item(BAL, "initiative-1.4")),  # "... med de praktiserende læger."
        (f"doc/{BAL}", item(BAL, "initiative-5.2")),  # "... kommer til egen læge ..."
        (f"doc/{BAL_DRAFT}", item(BAL_DRAFT, "focus-area-1")),  # 000 "... ALMEN PRAKSIS ..."
        (f"doc/{BAL_DRAFT}", item(BAL_DRAFT, "initiative-1.4")),
        (f"doc/{BAL_DRAFT}", item(BAL_DRAFT, "initiative-5.2")),
        # FA4 row 8 bullet 1 "... behandlingspsykiatri og praktiserende læger på voksenområdet"
        (f"doc/{HEL}", item(HEL, "initiative-4.8.1")),
        # Forord "den praktiserende læge", "Sådan læses ...": "praktiserende læger"
        (f"doc/{ISH}", f"doc/{ISH}"),
        # "Sådan læses psykiatriplanen" (002 line 38): "henvender sig til ...,
        # samarbejdspartnere herunder jobcenter, region, praktiserende læger, ..."
        (f"doc/{ISH}", item(ISH, "audience-1")),
        (f"doc/{ISH}", item(ISH, "initiative-1.1")),  # "Styrke samarbejdet med den almene praksis"
    ]
    for name in ("almen-praksis", "Almen praksis", "EGEN LÆGE", ID + "organisation/almen-praksis"):
        result = graph.query("partner-mentions", partner=name)
        assert rows(result, "document", "item") == expected, name
        assert set(result.column("organisation")) == {ID + "organisation/almen-praksis"}
    # SIND is named only in Helsingør's list of bodies consulted ("PSYKIATRIPOLITIK OG
    # -HANDLEPLAN PÅ TVÆRS AF KOMMUNEN")
    sind = graph.query("partner-mentions", partner="sind")
    assert rows(sind, "item", "itemType", "sourceText") == [
        (f"doc/{HEL}", "pg:PolicyDocument", None)
    ]
    for unknown in ("nobody", "", 'sind" } #', "organisation/sind"):
        assert len(graph.query("partner-mentions", partner=unknown)) == 0, unknown


# ---------------------------------------------------------------------------
# The same answers on every engine
# ---------------------------------------------------------------------------

RUNS: list[tuple[str, dict[str, object]]] = [
    ("target-groups", {"document": HEL}),
    ("target-groups-for-age", {"age": 18}),
    ("revision-changes", {"old": BAL_DRAFT, "new": BAL}),
    ("search", {"text": 'bolig" } #\n'}),
    ("search", {"text": "BOLIG", "lang": "any"}),
    ("alignment-audit", {}),
    ("curated-without-review", {}),
    ("unlinked-initiatives", {"link": "sdg"}),
    ("chime-crosswalk", {}),
    ("chime-initiatives", {"chime": "identity"}),
    ("themes", {"municipality": "Vallensbæk"}),
    ("theme-initiatives", {"theme": "housing"}),
    ("compare-municipalities", {"a": "Ballerup", "b": "Helsingør"}),
    ("partner-mentions", {"partner": "almen-praksis"}),
]


def _answers(engine: policygraph.PolicyGraph) -> Iterable[tuple[str, policygraph.QueryResult]]:
    for name, params in RUNS:
        yield name, engine.query(name, **params)


def test_same_answers_on_rdflib(graph: policygraph.PolicyGraph) -> None:
    other = shipped_graph("rdflib")
    total = 0
    for (name, mine), (_, theirs) in zip(_answers(graph), _answers(other), strict=True):
        assert mine.columns == theirs.columns, name
        assert mine.rows == theirs.rows, name
        total += len(mine)
    assert total > 150  # not all empty


def test_same_answers_on_a_remote_endpoint(
    graph: policygraph.PolicyGraph, loaded_server: Server
) -> None:
    remote = policygraph.connect(loaded_server.query_url)
    for (name, mine), (_, theirs) in zip(_answers(graph), _answers(remote), strict=True):
        assert mine.columns == theirs.columns, name
        assert mine.rows == theirs.rows, name
