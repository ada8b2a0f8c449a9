"""Saved queries 1-8 of issue 6, checked against the source documents.

Queries: principle-initiatives, sdg-initiatives, principle-coverage, sdg-coverage,
gaps, focus-areas, partners, partners-shared, documents-in-force.

Expected rows are worked out by hand from the source documents in sources/ and the
encoding conventions of docs/encoding.md: IRIs are positions, so .../initiative-2.3
is the 3rd bullet of focus area 2, and Helsingør's .../initiative-4.7.2 is bullet 2
of row 7 of the table of focus area 4. The sources:

    000_1cef40b33be50833.txt  Ballerup Kommunes Psykiatripolitik, UDKAST (draft)
    004_f1378c1313234f0f.txt  Ballerup Kommunes Psykiatripolitik (final)
    001_286ca7801372ac19.txt  Herlev, Udkast til Plan for udvikling af socialpsykiatrien
    002_1eb97b90f63b9f9f.txt  Ishøj og Vallensbæk, Psykiatriplan 2020-2021
    003_86a214f14de329d6.txt  Psykiatripolitik- og handleplan for Helsingør Kommune

Structural facts (which focus areas, objectives and initiatives exist, which
principles a document states itself, partners named, periods, statuses) come from
the source text. Curated judgements (curated principle, SDG and theme links) cannot
be read from a source: for those, the links encoded for each initiative in
data/*.ttl were read in the Turtle by eye and copied into the tables below; the
expected counts are then computed from these tables, never from a query's output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

import policygraph
from policygraph import ParameterError

from .conftest import Server
from .documents import shipped_graph

ID = "https://w3id.org/policygraph/id/"
DOC = ID + "doc/"
RP = ID + "recovery-principle/"
MUN = ID + "municipality/"
ORG = ID + "organisation/"
THEME = ID + "theme/"
KIND = ID + "organisation-kind/"
SDG = "http://metadata.un.org/sdg/"
PG = "https://w3id.org/policygraph/def#"
EXPLICIT = PG + "Explicit"
CURATED = PG + "Curated"

BAL = "ballerup-psykiatripolitik"
BAL_DRAFT = "ballerup-psykiatripolitik-udkast"
HEL = "helsingoer-psykiatripolitik"
HER = "herlev-socialpsykiatri-2019-2022"
ISH = "ishoej-vallensbaek-psykiatriplan-2020-2021"

MY_QUERIES = (
    "principle-initiatives",
    "sdg-initiatives",
    "principle-coverage",
    "sdg-coverage",
    "gaps",
    "focus-areas",
    "partners",
    "partners-shared",
    "documents-in-force",
)


@pytest.fixture(scope="module")
def graph() -> policygraph.PolicyGraph:
    return shipped_graph()  # the documents the expectations speak about


def doc(slug: str) -> str:
    return DOC + slug


def item(slug: str, local: str) -> str:
    return f"{DOC}{slug}/{local}"


def by_document(iris: Iterable[str]) -> list[str]:
    """Item IRIs in the order of the queries: by document IRI, then by item IRI."""
    return sorted(iris, key=lambda iri: (iri[: iri.rindex("/")], iri))


def records(result: policygraph.QueryResult) -> list[dict[str, object]]:
    return result.to_records()


def column(result: policygraph.QueryResult, name: str) -> list[object]:
    return result.column(name)


# ---------------------------------------------------------------------------
# Structure, from the sources
# ---------------------------------------------------------------------------

# Helsingør (source 003): bullets per table row ("Vi vil ... ved at:" | "Eksempler på
# konkrete indsatser:") of each focus area, in order.
HELSINGOER_ROWS = {
    1: [4, 5, 5, 1, 2, 3],  # ARBEJDE FOR, AT DER FINDES FÆLLESSKABER FOR ALLE
    2: [1, 2, 1, 2, 1, 5, 2, 1, 3],  # ARBEJDE FOREBYGGENDE OG SÆTTE TIDLIGT IND
    3: [3, 3, 1, 5, 1, 1, 2],  # TAGE UDGANGSPUNKT I BORGERNES HÅB, ØNSKER OG DRØMME
    4: [2, 1, 5, 3, 2, 1, 3, 4],  # SAMARBEJDE OG KOORDINERE PÅ TVÆRS
}
# "Recovery-orienteret rehabilitering: Princip N" printed on each focus area's pages.
HELSINGOER_FOCUS_AREA_PRINCIPLES = {1: {3}, 2: {5}, 3: {1, 2, 3, 4, 8}, 4: {6, 7}}
# Box "PEERS I HELSINGØR KOMMUNE": "ansættelse af peers ... en af vejene til at efterleve
# princip 4" -> explicit principle 4 on the two bullets about employing peers:
# 1.2.4 "Prioritere peers, herunder ansætte mennesker med erfaringsbaggrund ..." and
# 3.2.3 "Prioritere ansættelse af peers ...".
HELSINGOER_EXPLICIT_INITIATIVES = {"1.2.4": {4}, "3.2.3": {4}}


def helsingoer_initiatives() -> list[str]:
    return [
        f"{fa}.{row}.{bullet}"
        for fa, rows in HELSINGOER_ROWS.items()
        for row, bullets in enumerate(rows, start=1)
        for bullet in range(1, bullets + 1)
    ]


# ---------------------------------------------------------------------------
# Curated links, copied by eye from the Turtle of each initiative
# ---------------------------------------------------------------------------

# data/helsingoer-psykiatripolitik.ttl: national principles of each initiative's own
# pg:supportsPrinciple (explicit ones are in HELSINGOER_EXPLICIT_INITIATIVES).
HELSINGOER_PRINCIPLES: dict[str, set[int]] = {
    "1.1.1": {3}, "1.1.2": {3}, "1.1.3": {3}, "1.1.4": {3},
    "1.2.1": {1, 3}, "1.2.2": {3}, "1.2.3": {3}, "1.2.4": {3, 4}, "1.2.5": {3},
    "1.3.1": {3}, "1.3.2": {3}, "1.3.3": {3}, "1.3.4": {3}, "1.3.5": {3},
    "1.4.1": {3},
    "1.5.1": {3}, "1.5.2": {3},
    "1.6.1": {3, 8}, "1.6.2": {6}, "1.6.3": {6},
    "2.1.1": {5, 6},
    "2.2.1": {3, 5}, "2.2.2": {3, 5},
    "2.3.1": {5, 6},
    "2.4.1": {3, 5}, "2.4.2": {3},
    "2.5.1": {5},
    "2.6.1": {5, 6}, "2.6.2": {5}, "2.6.3": {5}, "2.6.4": {5}, "2.6.5": {5},
    "2.7.1": {5}, "2.7.2": {5, 7},
    "2.8.1": {3, 5},
    "2.9.1": {5}, "2.9.2": {5}, "2.9.3": {6},
    "3.1.1": {5}, "3.1.2": {1, 6}, "3.1.3": {7},
    "3.2.1": {8}, "3.2.2": {1, 4}, "3.2.3": {4},
    "3.3.1": set(),
    "3.4.1": {4}, "3.4.2": {1, 4}, "3.4.3": {4}, "3.4.4": {8}, "3.4.5": {2, 8},
    "3.5.1": {1, 3},
    "3.6.1": {4},
    "3.7.1": {3}, "3.7.2": {3, 4},
    "4.1.1": {6, 8}, "4.1.2": {6},
    "4.2.1": {6},
    "4.3.1": {6}, "4.3.2": {6, 7}, "4.3.3": {6}, "4.3.4": {6}, "4.3.5": {6, 7},
    "4.4.1": {4}, "4.4.2": {6}, "4.4.3": {6},
    "4.5.1": {6}, "4.5.2": set(),
    "4.6.1": {6},
    "4.7.1": {6}, "4.7.2": {6}, "4.7.3": {6},
    "4.8.1": {6, 7}, "4.8.2": {6}, "4.8.3": {6}, "4.8.4": {6, 7},
}  # fmt: skip
# Helsingør initiatives linked to SDG target 10.2 (reduced inequalities: inclusion).
HELSINGOER_SDG_10_2 = ["1.1.3", "1.2.3", "1.3.1", "1.3.3", "1.5.2"]

# data/herlev-socialpsykiatri-2019-2022.ttl. Source 001: three themes, five bullets each
# under "Inden for temaet ... vil indsatsen derfor være at:". All links are curated (the
# plan names no national principle and no SDG).
# initiative -> (national principles, SDG targets, themes)
HERLEV: dict[str, tuple[set[int], set[str], set[str]]] = {
    # Netværk og fællesskaber
    "1.1": (set(), set(), {"community-leisure"}),
    "1.2": ({6}, set(), {"children-young-people", "community-leisure",
                         "cross-sector-coordination"}),
    "1.3": ({3}, {"17.17"}, {"volunteering-civil-society", "community-leisure"}),
    "1.4": ({3}, {"3.4"}, {"community-leisure", "physical-health", "prevention-promotion"}),
    "1.5": ({3}, {"10.2"}, {"community-leisure", "relatives-network"}),
    # Borgeren i centrum
    "2.1": ({1}, set(), {"user-involvement", "recovery-rehabilitation"}),
    "2.2": ({6}, set(), {"children-young-people", "cross-sector-coordination"}),
    "2.3": ({4}, set(), {"user-involvement", "access-to-support"}),
    "2.4": ({4, 5, 7}, set(), {"access-to-support", "early-detection"}),
    "2.5": ({6}, {"17.17"}, {"cross-sector-coordination", "user-involvement"}),
    # Sundhed
    "3.1": ({3}, {"3.4"}, {"physical-health", "community-leisure", "prevention-promotion"}),
    "3.2": ({3, 6}, {"3.4"}, {"physical-health", "prevention-promotion",
                              "access-to-support"}),
    "3.3": ({6}, {"3.4"}, {"physical-health"}),
    "3.4": ({3}, set(), {"competence-development", "volunteering-civil-society",
                         "prevention-promotion"}),
    "3.5": ({6}, {"3.4"}, {"physical-health", "prevention-promotion"}),
}  # fmt: skip

# data/ishoej-vallensbaek-psykiatriplan-2020-2021.ttl. Source 002: "Mål 1" ... "Mål 4",
# three "Derfor vil vi (fortsat):" bullets each. All links curated.
# initiative -> (national principles, SDG targets)
ISHOEJ: dict[str, tuple[set[int], set[str]]] = {
    "1.1": ({6}, {"17.17"}),
    "1.2": ({6}, set()),
    "1.3": ({6}, set()),
    "2.1": (set(), {"3.5"}),
    "2.2": ({5}, {"3.4"}),
    "2.3": ({6, 7, 8}, set()),
    "3.1": ({8}, set()),
    "3.2": ({8}, set()),
    "3.3": ({8}, {"17.17"}),
    "4.1": (set(), set()),
    "4.2": (set(), set()),
    "4.3": (set(), set()),
}
# Besides the initiatives, values of the plan carry curated links: value-2 -> rp 1,
# value-3 -> SDG 10.2, value-4 and value-5 -> rp 2 ("Værdigrundlag", one value per
# sentence).

# data/ballerup-psykiatripolitik.ttl. Source 004: "6. FOKUSOMRÅDER" 6.1-6.7 with 4, 5,
# 5, 4, 4, 4, 2 bullets under "Ballerup Kommune har følgende særlige
# opmærksomhedspunkter". Initiative links are curated; the document node carries the
# explicit SDG goals 3 and 10 ("FN's verdensmål – særligt mål 3 ... samt mål 10").
# initiative -> (national principles, SDG targets)
BALLERUP: dict[str, tuple[set[int], set[str]]] = {
    "1.1": ({8}, {"17.17"}),
    "1.2": ({6}, set()),
    "1.3": (set(), set()),
    "1.4": ({6}, set()),
    "2.1": ({6}, set()),
    "2.2": ({3, 6}, set()),
    "2.3": ({1}, set()),
    "2.4": ({4}, set()),
    "2.5": (set(), set()),
    "3.1": ({3}, {"10.2"}),
    "3.2": ({3}, {"3.4"}),
    "3.3": ({3}, {"10.2", "17.17"}),
    "3.4": ({3, 4}, set()),
    "3.5": ({3}, {"10.2", "17.17"}),
    "4.1": ({5}, {"3.4"}),
    "4.2": ({5}, {"3.4"}),
    "4.3": ({5}, {"3.4"}),
    "4.4": ({3, 7}, {"17.17"}),
    "5.1": (set(), {"3.8"}),
    "5.2": ({6}, {"3.4"}),
    "5.3": (set(), {"3.4"}),
    "5.4": ({2}, {"3.4"}),
    "6.1": ({6}, {"17.17"}),
    "6.2": ({5}, set()),
    "6.3": ({5}, set()),
    "6.4": ({5}, set()),
    "7.1": ({3}, {"4.5", "8.5"}),
    "7.2": ({3}, {"10.2"}),
}

# data/ballerup-psykiatripolitik-udkast.ttl. Source 000: six unnumbered focus areas with
# 5, 3, 4, 4, 4, 2 bullets. Curated national principles and SDG targets.
BALLERUP_DRAFT: dict[str, tuple[set[int], set[str]]] = {
    "1.1": ({8}, {"17.17"}),
    "1.2": ({6}, set()),
    "1.3": (set(), set()),
    "1.4": ({6}, set()),
    "1.5": ({3}, {"10.2", "17.17"}),
    "2.1": ({6}, set()),
    "2.2": ({1, 4}, set()),
    "2.3": ({3, 6}, set()),
    "3.1": ({3}, {"10.2"}),
    "3.2": ({3}, {"3.4"}),
    "3.3": ({3}, {"10.2", "17.17"}),
    "3.4": ({3, 4}, set()),
    "4.1": ({5}, {"3.4"}),
    "4.2": ({5}, {"3.4"}),
    "4.3": ({5}, {"3.4"}),
    "4.4": ({3, 7}, {"17.17"}),
    "5.1": (set(), {"3.8"}),
    "5.2": ({6}, {"3.4"}),
    "5.3": (set(), {"3.4"}),
    "5.4": ({2}, {"3.4"}),
    "6.1": ({3}, {"4.5", "8.5"}),
    "6.2": ({3}, {"10.2"}),
}

# Initiatives with the theme "housing" (curated, from the Turtle): Ballerup final 6.1-6.4
# (focus area 6.6 BOLIG, new in the final) and Helsingør 4.4.3 ("Videreudvikle
# samarbejdet mellem botilbud og plejecentre ..."). No initiative anywhere has the theme
# "suicide-prevention".
HOUSING = {BAL: {"6.1", "6.2", "6.3", "6.4"}, HEL: {"4.4.3"}}


def test_tables_match_the_structure_of_the_sources() -> None:
    """The link tables above cover exactly the initiatives the sources have."""
    assert sorted(HELSINGOER_PRINCIPLES) == sorted(helsingoer_initiatives())
    assert len(HELSINGOER_PRINCIPLES) == 75  # 20 + 18 + 16 + 21
    assert [k for k in HERLEV] == [f"{fa}.{n}" for fa in (1, 2, 3) for n in range(1, 6)]
    assert [k for k in ISHOEJ] == [f"{fa}.{n}" for fa in (1, 2, 3, 4) for n in (1, 2, 3)]
    ballerup = [(1, 4), (2, 5), (3, 5), (4, 4), (5, 4), (6, 4), (7, 2)]
    assert [k for k in BALLERUP] == [f"{fa}.{n}" for fa, b in ballerup for n in range(1, b + 1)]
    draft = [(1, 5), (2, 3), (3, 4), (4, 4), (5, 4), (6, 2)]
    assert [k for k in BALLERUP_DRAFT] == [f"{fa}.{n}" for fa, b in draft for n in range(1, b + 1)]


# ---------------------------------------------------------------------------
# 1. principle-initiatives
# ---------------------------------------------------------------------------


def test_principle_initiatives_explicit_principle_4(graph: policygraph.PolicyGraph) -> None:
    # Only Helsingør states national principles. Principle 4 is stated for focus area 3
    # (not inherited by this query) and, in the box "PEERS I HELSINGØR KOMMUNE", for
    # employing peers: bullet 4 of row 2 of focus area 1 and bullet 3 of row 2 of
    # focus area 3. Texts as printed in the tables of source 003.
    result = graph.query("principle-initiatives", principle=4, basis="explicit")
    assert result.columns == (
        "document",
        "focusArea",
        "focusAreaNotation",
        "focusAreaLabel",
        "initiative",
        "basis",
        "sourceText",
        "label",
    )
    got = [
        (r["document"], r["focusArea"], r["focusAreaNotation"], r["initiative"], r["basis"],
         r["sourceText"])
        for r in records(result)
    ]  # fmt: skip
    assert got == [
        (
            doc(HEL),
            item(HEL, "focus-area-1"),
            "1",  # numbered list "1. I Helsingør Kommune vil vi arbejde for, ..."
            item(HEL, "initiative-1.2.4"),
            EXPLICIT,
            "Prioritere peers, herunder ansætte mennesker med erfaringsbaggrund og etablere "
            "peer-styrede gruppeforløb i samarbejde med civilsamfundsaktører.",
        ),
        (
            doc(HEL),
            item(HEL, "focus-area-3"),
            "3",  # "3. Helsingør Kommune vil vi tage udgangspunkt i borgernes håb, ..."
            item(HEL, "initiative-3.2.3"),
            EXPLICIT,
            "Prioritere ansættelse af peers (mennesker med erfaringskompetencer) i både "
            "myndighed og udførerdel på det specialiserede voksenområde.",
        ),
    ]
    for record in records(result):
        for key in ("focusAreaLabel", "label"):
            value = record[key]
            assert isinstance(value, policygraph.LangString) and value.lang == "en" and value


def test_principle_initiatives_joint_plan_one_row_per_initiative(
    graph: policygraph.PolicyGraph,
) -> None:
    # Ishøj and Vallensbæk's joint plan (source 002) has two issuers; each initiative
    # must still come once. Principle 8 (curated, from the Turtle: ISHOEJ table) on
    # Mål 2 bullet 3 and every bullet of Mål 3 (the review found it weak on Mål 4's price,
    # marketing and know-how bullets and removed it). Wording as printed.
    expected = [
        ("initiative-2.3", "Mål 2",
         "Implementere fælles metoder, fx Recovery-star, SMART-mål og koordinerende "
         "indsatsplaner"),
        ("initiative-3.1", "Mål 3",
         "Løbende tilbyde medarbejdere inden for psykiatrien uddannelses- og "
         "videreuddannelsestilbud samt tilbud om kompetenceudvikling inden for rehabilitering "
         "og det recoveryorienterede arbejde, fx recovery-star og effektdokumentation"),
        ("initiative-3.2", "Mål 3",
         "Opkvalificere medarbejdernes viden om rehabilitering og recovery, bl.a. via "
         "temadage om emnet"),
        ("initiative-3.3", "Mål 3",
         "Indgå i samarbejdsrelationer med andre aktører, der arbejder inden for psykiatrien "
         "med henblik på at udveksle erfaring og viden og skabe grobund for nye ideer"),
    ]  # fmt: skip
    assert [k for k, (p, _) in ISHOEJ.items() if 8 in p] == [e[0][11:] for e in expected]
    for municipality in ("Vallensbæk", "vallensbaek", "Vallensbæk Kommune", "0187", "Ishøj"):
        result = graph.query("principle-initiatives", principle=8, municipality=municipality)
        got = [
            (r["initiative"], r["focusAreaNotation"], r["sourceText"], r["basis"], r["document"])
            for r in records(result)
        ]
        assert got == [
            (item(ISH, local), notation, text, CURATED, doc(ISH))
            for local, notation, text in expected
        ], municipality


def test_principle_initiatives_focus_area_statements_are_not_inherited(
    graph: policygraph.PolicyGraph,
) -> None:
    # Helsingør states principle 5 for focus area 2 only ("Princip 5: HJÆLP BORGERNE SÅ
    # TIDLIGT SOM MULIGT."); no initiative states it itself, so explicit gives nothing.
    assert len(graph.query("principle-initiatives", principle=5, basis="explicit")) == 0
    # The curated links to principle 5 (HELSINGOER_PRINCIPLES) are the answer for "any".
    expected = sorted(k for k, p in HELSINGOER_PRINCIPLES.items() if 5 in p)
    assert len(expected) == 17  # 19 before the review found 1.5.1 and 4.4.1 weak
    for basis in ("any", "curated", None):
        params: dict[str, object] = {"principle": 5, "municipality": "Helsingør"}
        if basis:
            params["basis"] = basis
        result = graph.query("principle-initiatives", **params)
        assert column(result, "initiative") == [item(HEL, f"initiative-{k}") for k in expected]
        assert set(column(result, "basis")) == {CURATED}
        # the focus area is the one the IRI's first number names, reached via the objective
        for record in records(result):
            fa = str(record["initiative"]).rsplit("-", 1)[1].split(".")[0]
            assert record["focusArea"] == item(HEL, f"focus-area-{fa}")
            assert record["focusAreaNotation"] == fa


def test_principle_initiatives_municipality_is_optional(graph: policygraph.PolicyGraph) -> None:
    # Principle 7 in every document (curated tables + Helsingør): Ballerup final 4.4 and
    # draft 4.4; Helsingør's own links; Herlev 2.4; Ishøj 2.3.
    expected = by_document(
        [item(BAL, "initiative-4.4"), item(BAL_DRAFT, "initiative-4.4")]
        + [item(HEL, f"initiative-{k}") for k, p in HELSINGOER_PRINCIPLES.items() if 7 in p]
        + [item(HER, f"initiative-{k}") for k, v in HERLEV.items() if 7 in v[0]]
        + [item(ISH, f"initiative-{k}") for k, v in ISHOEJ.items() if 7 in v[0]]
    )
    assert len(expected) == 2 + 6 + 1 + 1  # Helsingør 4.6.1's principle 7 was weak
    everywhere = graph.query("principle-initiatives", principle=7)
    assert column(everywhere, "initiative") == expected
    herlev = graph.query("principle-initiatives", principle=7, municipality="Herlev")
    assert column(herlev, "initiative") == [item(HER, "initiative-2.4")]
    # a municipality that issued no document: no rows, not an error
    assert len(graph.query("principle-initiatives", principle=7, municipality="Odense")) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"principle": 9},
        {"principle": 0},
        {"principle": "five"},
        {"principle": 5, "basis": "sometimes"},
        {"principle": 5, "municipality": "9999"},  # no such kommunekode
        {},  # principle is required
        {"principle": 5, "sdg": 3},  # not a parameter of this query
    ],
)
def test_principle_initiatives_bad_parameters(
    graph: policygraph.PolicyGraph, params: dict[str, object]
) -> None:
    with pytest.raises(ParameterError):
        graph.query("principle-initiatives", **params)


# ---------------------------------------------------------------------------
# 2. sdg-initiatives
# ---------------------------------------------------------------------------


def test_sdg_initiatives_explicit_goal_10_is_the_ballerup_documents(
    graph: policygraph.PolicyGraph,
) -> None:
    # Ballerup states "FN's verdensmål – særligt mål 3 ... samt mål 10" for the whole
    # policy: draft "1. FORORD", final "2. VISIONER". No other document names an SDG.
    result = graph.query("sdg-initiatives", sdg=10, basis="explicit")
    got = [
        (r["document"], r["item"], r["kind"], r["focusArea"], r["linked"], r["code"], r["basis"])
        for r in records(result)
    ]
    assert got == [
        (doc(BAL), doc(BAL), PG + "PolicyDocument", None, SDG + "10", "10", EXPLICIT),
        (doc(BAL_DRAFT), doc(BAL_DRAFT), PG + "PolicyDocument", None, SDG + "10", "10", EXPLICIT),
    ]
    titles = column(result, "sourceText")
    assert titles[0] == "Ballerup Kommunes Psykiatripolitik"  # title page of source 004
    assert all(isinstance(t, policygraph.LangString) and t.lang == "da" for t in titles)


def test_sdg_initiatives_target_and_goal(graph: policygraph.PolicyGraph) -> None:
    # Target 10.2: every item linked to 10.2 (curated tables), including Ishøj's
    # value-3 ("... deltage i samfundet på lige fod med andre medborgere"), a value
    # without focus area. The documents link the goal 10, not 10.2: not in this answer.
    target = [(BAL, f"initiative-{k}") for k, (_, s) in BALLERUP.items() if "10.2" in s]
    target += [
        (BAL_DRAFT, f"initiative-{k}") for k, (_, s) in BALLERUP_DRAFT.items() if "10.2" in s
    ]
    target += [(HEL, f"initiative-{k}") for k in HELSINGOER_SDG_10_2]
    target += [(HER, f"initiative-{k}") for k, v in HERLEV.items() if "10.2" in v[1]]
    target += [(ISH, "value-3")]
    expected = sorted((doc(d), item(d, local)) for d, local in target)
    assert len(expected) == 4 + 4 + 5 + 1 + 1  # Herlev: 1.5 (1.1, 1.2, 3.4 weak in the review)
    result = graph.query("sdg-initiatives", sdg="10.2")
    assert [(r["document"], r["item"]) for r in records(result)] == expected
    assert set(column(result, "linked")) == {SDG + "10.2"}
    assert set(column(result, "basis")) == {CURATED}
    value = next(r for r in records(result) if r["item"] == item(ISH, "value-3"))
    assert value["kind"] == PG + "Value" and value["focusArea"] is None
    # Goal 10 = the target's items plus the two Ballerup documents (goal 10 itself).
    goal = graph.query("sdg-initiatives", sdg=10)
    assert sorted((r["document"], r["item"]) for r in records(goal)) == sorted(
        [*expected, (doc(BAL), doc(BAL)), (doc(BAL_DRAFT), doc(BAL_DRAFT))]
    )


def test_sdg_initiatives_goal_matches_its_targets(graph: policygraph.PolicyGraph) -> None:
    # Herlev links only target 3.4 of goal 3 (curated: HERLEV table); "Sundhed" theme
    # bullets 3.1, 3.2, 3.3, 3.5 and 1.4 (Aktivisterne); 2.5's (cooperation with
    # Psykiatrisk Center Ballerup) was weak in the review.
    expected = [item(HER, f"initiative-{k}") for k, v in HERLEV.items() if v[1] & {"3.4"}]
    assert len(expected) == 5
    for sdg in ("3", "3.4"):
        result = graph.query("sdg-initiatives", sdg=sdg, municipality="herlev")
        assert column(result, "item") == expected
        assert set(column(result, "linked")) == {SDG + "3.4"}
        assert set(column(result, "code")) == {"3.4"}
    # Target 3.5 (substance abuse): Ishøj/Vallensbæk Mål 2, bullet 1 "Sikre social
    # misbrugsbehandling for borgere under 30 år i lokalmiljøet".
    result = graph.query("sdg-initiatives", sdg="3.5")
    assert [(r["item"], r["focusArea"], r["sourceText"]) for r in records(result)] == [
        (
            item(ISH, "initiative-2.1"),
            item(ISH, "focus-area-2"),
            "Sikre social misbrugsbehandling for borgere under 30 år i lokalmiljøet",
        )
    ]
    # Goal 3 for Ballerup, explicit only: the two documents; curated only: no document.
    explicit = graph.query("sdg-initiatives", sdg=3, municipality="Ballerup", basis="explicit")
    assert column(explicit, "item") == [doc(BAL), doc(BAL_DRAFT)]
    curated = graph.query("sdg-initiatives", sdg=3, municipality="Ballerup", basis="curated")
    # ... plus vision-1 of both versions ("Målet med psykiatri(s)politikken er overordnet, at
    # fremme den mentale sundhed", 3.4, added by the review)
    expected_curated = by_document(
        [item(BAL, f"initiative-{k}") for k, (_, s) in BALLERUP.items() if s & {"3.4", "3.8"}]
        + [
            item(BAL_DRAFT, f"initiative-{k}")
            for k, (_, s) in BALLERUP_DRAFT.items()
            if s & {"3.4", "3.8"}
        ]
        + [item(BAL, "vision-1"), item(BAL_DRAFT, "vision-1")]
    )
    assert column(curated, "item") == expected_curated


@pytest.mark.parametrize("sdg", ["18", "0", "three", "3.4.1", ""])
def test_sdg_initiatives_bad_code(graph: policygraph.PolicyGraph, sdg: str) -> None:
    with pytest.raises(ParameterError):
        graph.query("sdg-initiatives", sdg=sdg)


# ---------------------------------------------------------------------------
# 3. principle-coverage
# ---------------------------------------------------------------------------


def coverage_from_tables(
    tables: Iterable[dict[str, set[int]]],
) -> dict[int, tuple[int, int]]:
    """principle -> (explicit, total) for documents without explicit principles."""
    out = {}
    for n in range(1, 9):
        total = sum(1 for table in tables for links in table.values() if n in links)
        out[n] = (0, total)
    return out


def helsingoer_coverage() -> dict[int, tuple[int, int]]:
    """The rule of principle-coverage applied by hand to Helsingør."""
    out = {}
    for n in range(1, 9):
        explicit, total = set(), set()
        for local, links in HELSINGOER_PRINCIPLES.items():
            fa = int(local.split(".")[0])
            own_explicit = n in HELSINGOER_EXPLICIT_INITIATIVES.get(local, set())
            if own_explicit or n in HELSINGOER_FOCUS_AREA_PRINCIPLES[fa]:
                explicit.add(local)
            if local in explicit or n in links:
                total.add(local)
        out[n] = (len(explicit), len(total))
    return out


def test_principle_coverage_rows(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("principle-coverage")
    assert result.columns == ("municipality", "principle", "notation", "explicit", "total")
    got = {(r["municipality"], r["notation"]): (r["explicit"], r["total"]) for r in records(result)}
    # every municipality x principle pair, zeros included, in order
    municipalities = ["ballerup", "helsingoer", "herlev", "ishoej", "vallensbaek"]
    assert [(r["municipality"], r["principle"]) for r in records(result)] == [
        (MUN + m, RP + str(n)) for m in municipalities for n in range(1, 9)
    ]
    herlev = coverage_from_tables([{k: v[0] for k, v in HERLEV.items()}])
    # Herlev by hand (after the review): rp1 2.1; rp2 none; rp3 1.3-1.5 3.1 3.2 3.4;
    # rp4 2.3 2.4; rp5 2.4; rp6 1.2 2.2 2.5 3.2 3.3 3.5; rp7 2.4; rp8 none. Nothing explicit.
    assert herlev == {1: (0, 1), 2: (0, 0), 3: (0, 6), 4: (0, 2), 5: (0, 1), 6: (0, 6),
                      7: (0, 1), 8: (0, 0)}  # fmt: skip
    ishoej = coverage_from_tables([{k: v[0] for k, v in ISHOEJ.items()}])
    # Ishøj/Vallensbæk: values 2, 4, 5 link rp 1 and 2, but values are not initiatives.
    # After the review: rp5 2.2; rp6 1.1-1.3 2.3; rp7 2.3; rp8 2.3 3.1-3.3 (2.1 and Mål 4
    # have none).
    assert ishoej == {1: (0, 0), 2: (0, 0), 3: (0, 0), 4: (0, 0), 5: (0, 1), 6: (0, 4),
                      7: (0, 1), 8: (0, 4)}  # fmt: skip
    helsingoer = helsingoer_coverage()
    # Explicit counts are structural: FA1 (20 initiatives) states 3, FA2 (18) states 5,
    # FA3 (16) states 1, 2, 3, 4, 8, FA4 (21) states 6, 7; plus 1.2.4 (FA1) for 4.
    assert {n: e for n, (e, _) in helsingoer.items()} == {
        1: 16, 2: 16, 3: 20 + 16, 4: 16 + 1, 5: 18, 6: 21, 7: 21, 8: 16
    }  # fmt: skip
    ballerup = coverage_from_tables([{k: v[0] for k, v in BALLERUP.items()}])
    for n in range(1, 9):
        assert got[(MUN + "herlev", str(n))] == herlev[n]
        assert got[(MUN + "ishoej", str(n))] == ishoej[n]  # the joint plan counts for
        assert got[(MUN + "vallensbaek", str(n))] == ishoej[n]  # each of its issuers
        assert got[(MUN + "helsingoer", str(n))] == helsingoer[n]
        # Ballerup: only the final; the draft it revises is left out by default
        assert got[(MUN + "ballerup", str(n))] == ballerup[n]


def test_principle_coverage_superseded(graph: policygraph.PolicyGraph) -> None:
    both = coverage_from_tables(
        [{k: v[0] for k, v in BALLERUP.items()}, {k: v[0] for k, v in BALLERUP_DRAFT.items()}]
    )
    # by hand: rp3 = 9 in the final + 9 in the draft; rp6 = 6 + 5 (final 1.2 1.4 2.1 2.2
    # 5.2 6.1; draft 1.2 1.4 2.1 2.3 5.2)
    assert both[3] == (0, 18) and both[6] == (0, 11)
    result = graph.query("principle-coverage", superseded=True)
    got = {(r["municipality"], r["notation"]): (r["explicit"], r["total"]) for r in records(result)}
    for n in range(1, 9):
        assert got[(MUN + "ballerup", str(n))] == both[n]
    assert got[(MUN + "herlev", "3")] == (0, 6)  # not revised by anything: unchanged
    assert len(result) == 40
    for value in ("maybe", "2"):
        with pytest.raises(ParameterError):
            graph.query("principle-coverage", superseded=value)


# ---------------------------------------------------------------------------
# 4. sdg-coverage
# ---------------------------------------------------------------------------


def sdg_rows_from_table(links: dict[str, set[str]]) -> dict[str, tuple[int, int, int]]:
    """code -> (explicit, curated, items) for targets and their goals, all curated."""
    items_per: dict[str, set[str]] = {}
    for local, targets in links.items():
        for target in targets:
            items_per.setdefault(target, set()).add(local)
            items_per.setdefault(target.split(".")[0], set()).add(local)
    return {code: (0, len(found), len(found)) for code, found in items_per.items()}


def sdg_coverage(graph: policygraph.PolicyGraph, slug: str) -> dict[str, tuple[object, ...]]:
    result = graph.query("sdg-coverage")
    return {
        str(r["code"]): (r["explicitItems"], r["curatedItems"], r["items"])
        for r in records(result)
        if r["document"] == doc(slug)
    }


def test_sdg_coverage_herlev_and_ishoej(graph: policygraph.PolicyGraph) -> None:
    herlev = sdg_rows_from_table({k: v[1] for k, v in HERLEV.items()})
    # by hand (after the review): 3.4 -> 1.4 3.1 3.2 3.3 3.5; 10.2 -> 1.5; 17.17 -> 1.3 2.5
    assert herlev == {
        "3": (0, 5, 5), "3.4": (0, 5, 5), "10": (0, 1, 1), "10.2": (0, 1, 1),
        "17": (0, 2, 2), "17.17": (0, 2, 2),
    }  # fmt: skip
    assert sdg_coverage(graph, HER) == herlev
    ishoej = sdg_rows_from_table({**{k: v[1] for k, v in ISHOEJ.items()}, "value-3": {"10.2"}})
    # goal 3 counts 2.2 (3.4) and 2.1 (3.5) once each (1.3's 3.4 was weak in the review)
    assert ishoej["3"] == (0, 2, 2) and ishoej["3.4"] == (0, 1, 1) and ishoej["3.5"] == (0, 1, 1)
    assert sdg_coverage(graph, ISH) == ishoej


def test_sdg_coverage_rows_and_levels(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("sdg-coverage")
    assert result.columns == (
        "document",
        "sdg",
        "code",
        "level",
        "explicitItems",
        "curatedItems",
        "items",
    )
    for record in records(result):
        code = str(record["code"])
        assert record["sdg"] == SDG + code
        assert record["level"] == ("target" if "." in code else "goal")
    # Ballerup final: the document itself is the one explicit item of goals 3 and 10;
    # the curated items are those linked to their targets (BALLERUP table) plus the two the
    # review added: vision-1 ("fremme den mentale sundhed", 3.4) and focus area 6.6 BOLIG
    # ("behov for en passende bolig", 11.1, instead of its four weak bullet links).
    ballerup = sdg_coverage(graph, BAL)
    table = sdg_rows_from_table(
        {**{k: v[1] for k, v in BALLERUP.items()}, "vision-1": {"3.4"}, "focus-area-6": {"11.1"}}
    )
    # goal 3: 3.2 4.1 4.2 4.3 5.1 (3.8) 5.2 5.3 5.4 and vision-1
    assert table["3"] == (0, 9, 9) and table["10"] == (0, 4, 4)
    assert ballerup["3"] == (1, 9, 10)
    assert ballerup["10"] == (1, 4, 5)
    assert ballerup["11.1"] == table["11.1"] == (0, 1, 1)
    for code, counts in table.items():
        if code not in ("3", "10"):
            assert ballerup[code] == counts, code
    assert set(ballerup) == set(table)
    # Helsingør names no SDG: nothing explicit; goal 10 only through target 10.2.
    helsingoer = sdg_coverage(graph, HEL)
    assert all(explicit == 0 for explicit, _, _ in helsingoer.values())
    assert helsingoer["10"] == helsingoer["10.2"] == (0, 5, 5)


# ---------------------------------------------------------------------------
# 5. gaps
# ---------------------------------------------------------------------------


def test_gaps_housing(graph: policygraph.PolicyGraph) -> None:
    # "Who has nothing on housing?": every document but those in HOUSING.
    result = graph.query("gaps", theme="housing")
    assert [(r["document"], r["conceptKind"], r["concept"]) for r in records(result)] == [
        (doc(d), "theme", THEME + "housing") for d in sorted({BAL_DRAFT, HER, ISH})
    ]
    assert column(result, "label") == ["Housing"] * 3


def test_gaps_nobody_covers_suicide_prevention(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("gaps", theme="suicide-prevention", kind="theme")
    assert column(result, "document") == [doc(d) for d in sorted([BAL, BAL_DRAFT, HEL, HER, ISH])]


def test_gaps_principles(graph: policygraph.PolicyGraph) -> None:
    # From the tables (after the review): Herlev has no initiative for principles 2 and 8;
    # Ishøj/Vallensbæk none for 1, 2, 3 and 4 (their values link 1 and 2, but only
    # initiatives count); Ballerup (both versions) and Helsingør cover all eight.
    covered = {
        BAL: set().union(*(p for p, _ in BALLERUP.values())),
        BAL_DRAFT: set().union(*(p for p, _ in BALLERUP_DRAFT.values())),
        HEL: set().union(*HELSINGOER_PRINCIPLES.values()),
        HER: set().union(*(v[0] for v in HERLEV.values())),
        ISH: set().union(*(p for p, _ in ISHOEJ.values())),
    }
    expected = [
        (doc(d), "principle", RP + str(n), str(n))
        for d in sorted(covered)
        for n in range(1, 9)
        if n not in covered[d]
    ]
    assert expected == [
        (doc(HER), "principle", RP + "2", "2"),
        (doc(HER), "principle", RP + "8", "8"),
        (doc(ISH), "principle", RP + "1", "1"),
        (doc(ISH), "principle", RP + "2", "2"),
        (doc(ISH), "principle", RP + "3", "3"),
        (doc(ISH), "principle", RP + "4", "4"),
    ]
    result = graph.query("gaps", kind="principle")
    got = [(r["document"], r["conceptKind"], r["concept"], r["notation"]) for r in records(result)]
    assert got == expected
    assert column(result, "label")[1] == "Use knowledge and methods that work"  # rp:8 @en


def test_gaps_of_one_document(graph: policygraph.PolicyGraph) -> None:
    # Herlev's themes (HERLEV table): 12 of the 20 themes; the other 8 are gaps
    # (stigma-inclusion was only on 3.4, where the review found it weak).
    themes = set().union(*(v[2] for v in HERLEV.values()))
    assert len(themes) == 12
    missing = sorted(
        {
            "housing", "employment-education", "older-people", "substance-use",
            "suicide-prevention", "peer-support", "knowledge-evaluation", "stigma-inclusion",
        }
    )  # fmt: skip
    result = graph.query("gaps", document=HER, kind="theme")
    assert column(result, "concept") == [THEME + t for t in missing]
    assert set(column(result, "document")) == {doc(HER)}
    # without kind: Herlev's principle gaps (2, 8) come first ("principle" < "theme")
    both = graph.query("gaps", document=HER)
    assert [r["concept"] for r in records(both)] == [RP + "2", RP + "8"] + [
        THEME + t for t in missing
    ]
    # all documents, both kinds: the per-document answers together
    everything = graph.query("gaps")
    assert [r for r in records(everything) if r["document"] == doc(HER)] == records(both)
    assert len({r["document"] for r in records(everything)}) == 5


@pytest.mark.parametrize(
    "params", [{"kind": "values"}, {"kind": "Theme"}, {"document": ""}, {"theme": " "}]
)
def test_gaps_bad_parameters(graph: policygraph.PolicyGraph, params: dict[str, object]) -> None:
    with pytest.raises(ParameterError):
        graph.query("gaps", **params)


# ---------------------------------------------------------------------------
# 6. focus-areas
# ---------------------------------------------------------------------------

FOCUS_AREAS = {
    # Source 003, table of contents (headings "I Helsingør Kommune vil vi ..."), numbered
    # 1.-4. in "Hvorfor en politik og plan ...?"; objectives = table rows, initiatives =
    # bullets (HELSINGOER_ROWS).
    HEL: [
        ("1", "I Helsingør Kommune vil vi arbejde for, at der findes fællesskaber for alle", 6, 20),
        ("2", "I Helsingør Kommune vil vi arbejde forebyggende og sætte tidligt ind", 9, 18),
        ("3", "I Helsingør Kommune vil vi tage udgangspunkt i borgernes håb, ønsker og drømme",
         7, 16),
        ("4", "I Helsingør Kommune vil vi samarbejde og koordinere på tværs", 8, 21),
    ],
    # Source 004, "6. FOKUSOMRÅDER", numbered 6.1-6.7, no objectives.
    BAL: [
        ("6.1", "SAMARBEJDE MED BEHANDLINGSPSYKIATRIEN OG ALMEN PRAKSIS", 0, 4),
        ("6.2", "SAMMENHÆNGENDE BORGERFORLØB", 0, 5),
        ("6.3", "PÅRØRENDE, NETVÆRK OG SAMFUNDSLIV", 0, 5),
        ("6.4", "BØRN OG UNGE", 0, 4),
        ("6.5", "SUNDHED", 0, 4),
        ("6.6", "BOLIG", 0, 4),
        ("6.7", "UDDANNELSE, BESKÆFTIGELSE OG MENINGSFULDE AKTIVITETER", 0, 2),
    ],
    # Source 000, "5. FOKUSOMRÅDER": six unnumbered headings (typo "SAMAREBJDE" kept).
    BAL_DRAFT: [
        (None, "SAMAREBJDE MED BEHANDLINGSPSYKIATRIEN, ALMEN PRAKSIS OG CIVILSAMFUNDET", 0, 5),
        (None, "SAMMENHÆNGENDE BORGERFORLØB", 0, 3),
        (None, "PÅRØRENDE, NETVÆRK OG SAMFUNDSLIV", 0, 4),
        (None, "BØRN OG UNGE", 0, 4),
        (None, "SUNDHED", 0, 4),
        (None, "UDDANNELSE, BESKÆFTIGELSE OG MENINGSFULDE AKTIVITETER", 0, 2),
    ],
    # Source 001: the three unnumbered themes, five bullets each.
    HER: [
        (None, "Netværk og fællesskaber", 0, 5),
        (None, "Borgeren i centrum", 0, 5),
        (None, "Sundhed", 0, 5),
    ],
    # Source 002: "Mål 1" ... "Mål 4" (heading without the "Mål N: " prefix), three
    # bullets each.
    ISH: [
        ("Mål 1", "Fortsat styrkelse af den samtidige og koordinerende indsats", 0, 3),
        ("Mål 2", "Borgerens forløb", 0, 3),
        ("Mål 3", "Opkvalificering af medarbejderkompetencer", 0, 3),
        ("Mål 4", "Udvikling af de socialpsykiatriske tilbud", 0, 3),
    ],
}  # fmt: skip


@pytest.mark.parametrize("slug", sorted(FOCUS_AREAS))
def test_focus_areas(graph: policygraph.PolicyGraph, slug: str) -> None:
    result = graph.query("focus-areas", document=slug)
    assert result.columns == (
        "focusArea",
        "notation",
        "sourceText",
        "label",
        "objectives",
        "initiatives",
    )
    got = [
        (r["focusArea"], r["notation"], r["sourceText"], r["objectives"], r["initiatives"])
        for r in records(result)
    ]
    assert got == [
        (item(slug, f"focus-area-{n}"), *row) for n, row in enumerate(FOCUS_AREAS[slug], start=1)
    ]
    for label in column(result, "label"):
        assert isinstance(label, policygraph.LangString) and label.lang == "en" and label
    # the document can also be given by its IRI
    assert graph.query("focus-areas", document=doc(slug)).rows == result.rows


def test_focus_areas_parameters(graph: policygraph.PolicyGraph) -> None:
    assert sum(column(graph.query("focus-areas", document=HEL), "initiatives")) == 75
    assert len(graph.query("focus-areas", document="no-such-document")) == 0
    for params in ({}, {"document": ""}, {"document": "http://exa mple.org/x"}):
        with pytest.raises(ParameterError):
            graph.query("focus-areas", **params)


# ---------------------------------------------------------------------------
# 7. partners and partners-shared
# ---------------------------------------------------------------------------

# (partner, kind, documents, items naming it), from the sources; kinds as classified in
# data/organisations.ttl.
HERLEV_PARTNERS = [
    ("aktivisterne", "ngo", 1, 2),  # 1.4 "idrætsfællesskaber som Aktivisterne"; 3.1
    ("center-for-job-unge-og-borgerservice-herlev", "municipal-unit", 1, 1),  # 1.2
    ("psykiatrisk-center-ballerup", "regional-psychiatry", 1, 1),  # 2.5
]
ISHOEJ_PARTNERS = [
    # Forord "den praktiserende læge", "almen praksis" (document); Mål 1 bullet 1
    # "den almene praksis"; audience-1 ("Sådan læses psykiatriplanen", source line 38)
    # "samarbejdspartnere herunder ... praktiserende læger"
    ("almen-praksis", "general-practice", 1, 3),
    # Mål 1 intro "distriktspsykiatrien"; bullet 1 "distriktspsykiatrien i Ishøj";
    # bullet 3 "distriktspsykiatri"
    ("distriktspsykiatrien-ishoej", "regional-psychiatry", 1, 3),
    # Mål 1 intro "Vallensbæk Jobcenter"; bullet 1 "Jobcenter Vallensbæk"
    ("jobcenter-vallensbaek", "municipal-unit", 1, 2),
    ("psykiatrisk-center-glostrup", "regional-psychiatry", 1, 1),  # Mål 1 bullet 1
    # Forord "regionen" (document); audience-1 (line 38) "samarbejdspartnere herunder ... region"
    ("region-hovedstadens-psykiatri", "regional-psychiatry", 1, 2),
]
BALLERUP_PARTNERS = [
    # 6.1 heading/intro "ALMEN PRAKSIS", "almen praksis/praktiserende læger"; bullet 6.1.4
    # "de praktiserende læger"; 6.5 bullet 2 "egen læge"
    ("almen-praksis", "general-practice", 1, 3),
    # Forord "Psykiatrirådet" (document); process-1 (source 004 lines 122-124) "tilføjelser fra
    # Psykiatrirådet"; process-3 (lines 538-540) "... de relevante fagudvalg, Psykiatrirådet, ..."
    ("psykiatriraadet-ballerup", "municipal-unit", 1, 3),
    # 6.1 "behandlingspsykiatrien", "regionen"
    ("region-hovedstadens-psykiatri", "regional-psychiatry", 1, 1),
]


def partner_rows(result: policygraph.QueryResult, municipality: str) -> list[tuple[object, ...]]:
    return [
        (
            str(r["partner"]).removeprefix(ORG),
            str(r["kind"]).removeprefix(KIND),
            r["documents"],
            r["items"],
        )
        for r in records(result)
        if r["municipality"] == MUN + municipality
    ]


def test_partners_per_municipality(graph: policygraph.PolicyGraph) -> None:
    result = graph.query("partners")
    assert result.columns == ("municipality", "partner", "label", "kind", "documents", "items")
    assert partner_rows(result, "herlev") == HERLEV_PARTNERS
    assert partner_rows(result, "ishoej") == ISHOEJ_PARTNERS
    assert partner_rows(result, "vallensbaek") == ISHOEJ_PARTNERS  # the joint plan
    assert partner_rows(result, "ballerup") == BALLERUP_PARTNERS
    # Helsingør: Bedre Psykiatri in the list of those consulted (document), 2.9.2
    # "pårørendeforløb i regi af fx Bedre Psykiatri" and 3.7.2 "... fx Bedre Psykiatri".
    helsingoer = {row[0]: row for row in partner_rows(result, "helsingoer")}
    assert helsingoer["bedre-psykiatri"] == ("bedre-psykiatri", "ngo", 1, 3)
    labels = {r["partner"]: r["label"] for r in records(result)}
    assert labels[ORG + "jobcenter-vallensbaek"] == "Jobcenter Vallensbæk"


def test_partners_superseded(graph: policygraph.PolicyGraph) -> None:
    # With the draft (source 000): Psykiatrirådet in its foreword and in process-1 (line 45
    # "tilføjelser fra Psykiatrirådet"), so 2 + 3 items; almen praksis on focus
    # area 1 ("praktiserende læger"), bullet 1.4 ("de praktiserende læger") and 5.2
    # ("egen læge"); "behandlingspsykiatrien"/"regionen" on focus area 1.
    result = graph.query("partners", superseded=True)
    assert partner_rows(result, "ballerup") == [
        ("almen-praksis", "general-practice", 2, 6),
        ("psykiatriraadet-ballerup", "municipal-unit", 2, 5),
        ("region-hovedstadens-psykiatri", "regional-psychiatry", 2, 2),
    ]
    assert partner_rows(result, "herlev") == HERLEV_PARTNERS
    assert graph.query("partners", superseded="false").rows == graph.query("partners").rows


def test_partners_shared(graph: policygraph.PolicyGraph) -> None:
    # Named in documents of two or more municipalities. Almen praksis: Ballerup (6.1),
    # Helsingør (4.8.1 "praktiserende læger"), Ishøj and Vallensbæk (joint plan).
    # Region Hovedstadens Psykiatri: Ballerup (6.1), Helsingør ("behandlingspsykiatrien"),
    # Ishøj and Vallensbæk. The other three only through the joint plan (one document).
    # Herlev's partners are its own.
    expected = [
        ("almen-praksis", 4, 3),
        ("distriktspsykiatrien-ishoej", 2, 1),
        ("jobcenter-vallensbaek", 2, 1),
        ("psykiatrisk-center-glostrup", 2, 1),
        ("region-hovedstadens-psykiatri", 4, 3),
    ]
    result = graph.query("partners-shared")
    assert result.columns == ("partner", "label", "kind", "municipalities", "documents")
    got = [
        (str(r["partner"]).removeprefix(ORG), r["municipalities"], r["documents"])
        for r in records(result)
    ]
    assert got == expected
    with_draft = graph.query("partners-shared", superseded=True)
    assert [(str(r["partner"]).removeprefix(ORG), r["documents"]) for r in records(with_draft)] == [
        (p, d + 1 if p in ("almen-praksis", "region-hovedstadens-psykiatri") else d)
        for p, _, d in expected
    ]


# ---------------------------------------------------------------------------
# 8. documents-in-force
# ---------------------------------------------------------------------------

# Periods stated by the sources: Herlev "Plan for udvikling af socialpsykiatrien
# 2019 - 2022", "Udkast til" (draft); Ishøj and Vallensbæk "Psykiatriplan 2020-2021", no
# draft mark. Ballerup (both versions) and Helsingør state no period.
HERLEV_ROW = (
    doc(HER), dt.date(2019, 1, 1), dt.date(2022, 12, 31), PG + "Draft", MUN + "herlev"
)  # fmt: skip
ISHOEJ_ROWS = [
    (doc(ISH), dt.date(2020, 1, 1), dt.date(2021, 12, 31), PG + "Final", MUN + issuer)
    for issuer in ("ishoej", "vallensbaek")
]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2018-12-31", []),
        ("2019-01-01", [HERLEV_ROW]),  # first day of the period
        ("2019-12-31", [HERLEV_ROW]),
        ("2020-01-01", [HERLEV_ROW, *ISHOEJ_ROWS]),
        ("2021-06-01", [HERLEV_ROW, *ISHOEJ_ROWS]),
        ("2021-12-31", [HERLEV_ROW, *ISHOEJ_ROWS]),  # last day of Ishøj's period
        ("2022-01-01", [HERLEV_ROW]),
        ("2022-12-31", [HERLEV_ROW]),
        ("2023-01-01", []),
        ("2029-06-01", []),  # Ballerup's Vision 2029 is not a period of its policy
        (dt.date(2020, 6, 15), [HERLEV_ROW, *ISHOEJ_ROWS]),
    ],
)
def test_documents_in_force(graph: policygraph.PolicyGraph, date: object, expected: list) -> None:
    result = graph.query("documents-in-force", date=date)
    assert result.columns == ("document", "title", "start", "end", "status", "issuer")
    got = [(r["document"], r["start"], r["end"], r["status"], r["issuer"]) for r in records(result)]
    assert got == expected
    for title in column(result, "title"):
        assert isinstance(title, policygraph.LangString) and title.lang == "da"
    if expected and expected[0] == HERLEV_ROW:
        assert str(column(result, "title")[0]).startswith(
            "Udkast til Plan for udvikling af socialpsykiatrien"
        )


@pytest.mark.parametrize("date", ["2021-13-01", "June 2021", "2021", "", "01-06-2021"])
def test_documents_in_force_bad_date(graph: policygraph.PolicyGraph, date: str) -> None:
    with pytest.raises(ParameterError):
        graph.query("documents-in-force", date=date)


def test_documents_in_force_needs_a_date(graph: policygraph.PolicyGraph) -> None:
    with pytest.raises(ParameterError):
        graph.query("documents-in-force")


# ---------------------------------------------------------------------------
# The same answers on rdflib
# ---------------------------------------------------------------------------

ENGINE_CASES = [
    ("principle-initiatives", {"principle": 3}),
    ("principle-initiatives", {"principle": 4, "basis": "explicit"}),
    ("principle-initiatives", {"principle": 8, "municipality": "Vallensbæk"}),
    ("sdg-initiatives", {"sdg": "3"}),
    ("sdg-initiatives", {"sdg": "10.2", "basis": "curated", "municipality": "helsingoer"}),
    ("principle-coverage", {}),
    ("principle-coverage", {"superseded": True}),
    ("sdg-coverage", {}),
    ("gaps", {}),
    ("gaps", {"theme": "housing"}),
    ("gaps", {"document": HER, "kind": "principle"}),
    ("focus-areas", {"document": HEL}),
    ("partners", {}),
    ("partners", {"superseded": True}),
    ("partners-shared", {}),
    ("documents-in-force", {"date": "2021-06-01"}),
]


def test_engine_cases_cover_every_query() -> None:
    assert {name for name, _ in ENGINE_CASES} == set(MY_QUERIES)


@pytest.mark.parametrize(("name", "params"), ENGINE_CASES)
def test_same_answer_on_rdflib(
    graph: policygraph.PolicyGraph,
    rdflib_graph: policygraph.PolicyGraph,
    name: str,
    params: dict[str, object],
) -> None:
    expected = graph.query(name, **params)
    assert len(expected) > 0
    assert rdflib_graph.query(name, **params) == expected


@pytest.mark.parametrize(("name", "params"), ENGINE_CASES)
def test_same_answer_on_a_remote_endpoint(
    graph: policygraph.PolicyGraph,
    loaded_server: Server,
    name: str,
    params: dict[str, object],
) -> None:
    remote = policygraph.connect(loaded_server.query_url)
    assert remote.query(name, **params) == graph.query(name, **params)
