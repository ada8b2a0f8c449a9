"""Extract the goals-and-targets part of the UN SDG KOS for policygraph.

Usage: python scripts/extract_sdg.py ../shared/vocab/sdg-kos.ttl ontology/vocab/sdg.ttl

Keeps the scheme, the 17 goals and 169 targets with every triple whose subject
is one of them and whose object is not an indicator; drops the 232 indicators.
Fixes the one label error the source has for a kept concept: target 12.3 carries
a second, unrelated label in each language ("By 2030,d"@en, ...), which would
make skos:prefLabel non-unique per language. The output is deterministic
(sorted N-Triples-like Turtle written by rdflib), so re-running it gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SOURCE_SHA256 = "cb6b5600333b3a4f6498f9817db1a41244dd6b5758c274c42c6240a20259503e"
WRONG_LABELS = {
    (SDG["12.3"], Literal("By 2030,d", lang="en")),
    (SDG["12.3"], Literal("Tableau de bord macroéconomique", lang="fr")),
    (SDG["12.3"], Literal("Tablero macroeconómico", lang="es")),
}

HEADER = """\
# UN Sustainable Development Goals: goals and targets
# ----------------------------------------------------
# Extracted by scripts/extract_sdg.py from sdg-kos.ttl (UNStats/LOD4Stats,
# sdg-data/sdg-kos-goals-targets-indicators.ttl, commit 0ae578ba, SHA-256
# {sha}). Indicators are left out; the extra
# labels of target 12.3 ("By 2030,d"@en and its fr/es twins) are dropped.
# IRIs are the UN's own (http://metadata.un.org/sdg/3, .../3.4).
#
# Citation (required by the publisher, who allows free copying with it):
# Amit Joshi, Luis Gonzalez Morales, Szymon Klarman, and Aaron Helton. 2019.
# A Knowledge Organization System for the United Nations Sustainable
# Development Goals. New York, NY. http://metadata.un.org/sdg

"""


def extract(source: Path) -> Graph:
    full = Graph()
    full.parse(source, format="turtle")
    keep = set(full.subjects(RDF.type, SDGO.Goal)) | set(full.subjects(RDF.type, SDGO.Target))
    indicators = set(full.subjects(RDF.type, SDGO.Indicator))
    scheme = URIRef("http://metadata.un.org/sdg")
    out = Graph()
    out.bind("sdg", SDG)
    out.bind("sdgo", SDGO)
    out.bind("skos", SKOS)
    for s, p, o in full:
        if (s in keep or s == scheme) and o not in indicators:
            if p == SKOS.prefLabel and (s, o) in WRONG_LABELS:
                continue
            out.add((s, p, o))
    return out


def main() -> None:
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{source}: unexpected SHA-256 {digest}; expected {SOURCE_SHA256}")
    graph = extract(source)
    body = graph.serialize(format="turtle")
    target.write_text(HEADER.format(sha=digest) + body, encoding="utf-8")
    print(f"wrote {target}: {len(graph)} triples")


if __name__ == "__main__":
    main()
