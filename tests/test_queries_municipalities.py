"""The authority list of municipalities and the municipalities-without-document query.

Hand-derived from the sources cited in data/municipalities.ttl: the DAGI code
list (as reproduced by HL7 Denmark's DK Core) gives 98 municipalities; the
region lists of django-localflavor give 29 in Region Hovedstaden (1084),
17 in Region Sjælland (1085), 22 in Region Syddanmark (1083), 19 in Region
Midtjylland (1082) and 11 in Region Nordjylland (1081). sources/README.md
names the five issuers of the shipped documents: Ballerup 0151, Herlev 0163,
Ishøj 0183, Vallensbæk 0187, Helsingør 0217.

The query's rows depend on which documents exist, so the tests assert what
holds for any set of documents (every municipality of the list is either an
issuer or a row) and, for the shipped documents, that their issuers are not
rows.
"""

from __future__ import annotations

import policygraph

PREFIXES = (
    "PREFIX pg: <https://w3id.org/policygraph/def#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
SHIPPED_ISSUERS = {"0151", "0163", "0183", "0187", "0217"}
PER_REGION = {"1081": 11, "1082": 19, "1083": 22, "1084": 29, "1085": 17}
NORDJYLLAND = {
    "0773": "Morsø Kommune",
    "0787": "Thisted Kommune",
    "0810": "Brønderslev Kommune",
    "0813": "Frederikshavn Kommune",
    "0820": "Vesthimmerlands Kommune",
    "0825": "Læsø Kommune",
    "0840": "Rebild Kommune",
    "0846": "Mariagerfjord Kommune",
    "0849": "Jammerbugt Kommune",
    "0851": "Aalborg Kommune",
    "0860": "Hjørring Kommune",
}


def issuer_codes(graph: policygraph.PolicyGraph) -> set[str]:
    rows = graph.sparql(
        PREFIXES + "SELECT DISTINCT ?code WHERE { ?d a pg:PolicyDocument ; pg:issuedBy ?m ."
        " ?m pg:municipalityCode ?code }"
    ).rows
    return {str(r[0]) for r in rows}


def test_authority_list_has_every_municipality_and_region(
    graph: policygraph.PolicyGraph,
) -> None:
    rows = graph.sparql(
        PREFIXES + "SELECT ?code ?regionCode WHERE { ?m a pg:Municipality ;"
        " pg:municipalityCode ?code ; pg:region ?r . ?r a pg:Region ; skos:notation ?regionCode }"
    ).rows
    codes = [str(r[0]) for r in rows]
    assert len(codes) == 98 and len(set(codes)) == 98
    per_region: dict[str, int] = {}
    for _, region in rows:
        per_region[str(region)] = per_region.get(str(region), 0) + 1
    assert per_region == PER_REGION
    assert "0411" not in codes  # Christiansø: administered by the state, no municipality


def test_without_document_is_the_list_minus_the_issuers(graph: policygraph.PolicyGraph) -> None:
    rows = graph.query("municipalities-without-document").to_records()
    listed = {str(r["code"]) for r in rows}
    issuers = issuer_codes(graph)
    assert issuers >= SHIPPED_ISSUERS
    assert not listed & issuers
    assert len(listed) + len(issuers) == 98
    assert [r["code"] for r in rows] == sorted(listed)  # ordered by kommunekode


def test_without_document_in_one_region(graph: policygraph.PolicyGraph) -> None:
    by_code = graph.query("municipalities-without-document", region="1081").to_records()
    by_name = graph.query(
        "municipalities-without-document", region="Region Nordjylland"
    ).to_records()
    assert by_code == by_name
    found = {str(r["code"]): str(r["name"]) for r in by_code}
    expected = {c: n for c, n in NORDJYLLAND.items() if c not in issuer_codes(graph)}
    assert found == expected
    assert {str(r["regionName"]) for r in by_code} <= {"Region Nordjylland"}
    capital = graph.query("municipalities-without-document", region="1084").to_records()
    assert not {str(r["code"]) for r in capital} & SHIPPED_ISSUERS
    assert "0240" in {str(r["code"]) for r in capital} or "0240" in issuer_codes(graph)
