"""Namespaces and prefixes, in one place: :data:`PREFIXES` is the project's one table.

Every file, export, query header and message uses these prefixes, and a prefix never
means two things: ``org:`` is the W3C Organization Ontology, ``partner:`` the
partner organisations this project declares (``data/organisations.ttl``).
:func:`shorten` is the one way an IRI is abbreviated for display.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/policygraph/"
ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "id/doc/")
GRAPH = Namespace(BASE + "graph/")
PGSH = Namespace(BASE + "shapes#")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
RP = Namespace(BASE + "id/recovery-principle/")
CHIME = Namespace(BASE + "id/chime/")
THEME = Namespace(BASE + "id/theme/")
MUNICIPALITY = Namespace(BASE + "id/municipality/")
ORGANISATION = Namespace(BASE + "id/organisation/")
ORGANISATION_KIND = Namespace(BASE + "id/organisation-kind/")
SH = Namespace("http://www.w3.org/ns/shacl#")


class PG(DefinedNamespace):
    """The policygraph ontology, ``https://w3id.org/policygraph/def#``."""

    _NS = Namespace(BASE + "def#")
    _fail = True

    # classes
    Municipality: URIRef
    PartnerOrganisation: URIRef
    Region: URIRef
    PolicyDocument: URIRef
    SourceFile: URIRef
    DocumentStatus: URIRef
    Draft: URIRef
    Final: URIRef
    PolicyItem: URIRef
    Vision: URIRef
    Purpose: URIRef
    Value: URIRef
    TargetGroup: URIRef
    DocumentPrinciple: URIRef
    FocusArea: URIRef
    Objective: URIRef
    Initiative: URIRef
    RecoveryPrinciple: URIRef
    NationalRecoveryPrinciple: URIRef
    ChimeProcess: URIRef
    Theme: URIRef
    OrganisationKind: URIRef
    Alignment: URIRef
    AlignmentBasis: URIRef
    Explicit: URIRef
    Curated: URIRef
    # properties
    municipalityCode: URIRef
    region: URIRef
    organisationKind: URIRef
    involvesPartner: URIRef
    issuedBy: URIRef
    status: URIRef
    sha256: URIRef
    fileName: URIRef
    inDocument: URIRef
    hasVision: URIRef
    hasPurpose: URIRef
    hasValue: URIRef
    hasTargetGroup: URIRef
    hasDocumentPrinciple: URIRef
    hasFocusArea: URIRef
    hasObjective: URIRef
    hasInitiative: URIRef
    sourceText: URIRef
    section: URIRef
    minAge: URIRef
    maxAge: URIRef
    hasTheme: URIRef
    supportsPrinciple: URIRef
    contributesTo: URIRef
    alignment: URIRef
    alignedTo: URIRef
    basis: URIRef
    evidence: URIRef
    rationale: URIRef


#: The project's prefixes: bound in exports, declared in every saved query, written by
#: ``fmt`` and ``new``, and used to shorten IRIs in every table and message.
PREFIXES: dict[str, str] = {
    "pg": str(PG._NS),
    "pgsh": str(PGSH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": str(SH),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "sdg": str(SDG),
    "sdgo": str(SDGO),
    "rp": str(RP),
    "chime": str(CHIME),
    "theme": str(THEME),
    "kind": str(ORGANISATION_KIND),
    "mun": str(MUNICIPALITY),
    "partner": str(ORGANISATION),
    "doc": str(DOC),
}

#: The same table as SPARQL ``PREFIX`` lines, for queries the library writes itself.
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# A local name that can be written after a prefix without escapes.
_LOCAL = re.compile(r"^[\w\-](?:[\w.\-]*[\w\-])?$")


def shorten(iri: str, prefixes: dict[str, str] | None = None, *, brackets: bool = False) -> str:
    """``prefix:local`` with the longest namespace of ``prefixes`` (default: :data:`PREFIXES`)
    whose remainder is a plain local name; otherwise the IRI itself (``<iri>`` with
    ``brackets``).

    >>> shorten("https://w3id.org/policygraph/id/recovery-principle/5")
    'rp:5'
    >>> shorten("https://w3id.org/policygraph/id/organisation/almen-praksis")
    'partner:almen-praksis'
    >>> shorten("https://example.org/x", brackets=True)
    '<https://example.org/x>'
    """
    best: tuple[int, str] | None = None
    for name, namespace in (PREFIXES if prefixes is None else prefixes).items():
        fits = iri.startswith(namespace) and _LOCAL.match(iri[len(namespace) :])
        if fits and (best is None or len(namespace) > best[0]):
            best = (len(namespace), f"{name}:{iri[len(namespace) :]}")
    if best:
        return best[1]
    return f"<{iri}>" if brackets else iri
