"""Namespaces and prefixes, in one place."""

from __future__ import annotations

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


#: Prefixes bound in exports and known to saved queries.
PREFIXES: dict[str, str] = {
    "pg": str(PG._NS),
    "pgsh": str(PGSH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
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
    "mun": str(MUNICIPALITY),
}
