"""Network analysis over a projection of the graph (the only package that imports networkx).

:func:`projection` turns the knowledge graph into a typed :class:`networkx.DiGraph`
with a handful of SELECT queries. Every analysis takes a :class:`~policygraph.PolicyGraph`,
that projection, or plain Python data (so it can be checked on small hand-made inputs):

- :func:`similarity` of documents or municipalities over their principle, CHIME,
  theme and SDG profiles (Jaccard on sets, cosine on count vectors);
- :func:`partner_network`: the municipality–partner bipartite graph, its projections
  and centralities;
- :func:`communities` of initiatives that share principles and themes (Louvain);
- :func:`coverage`: principle, CHIME, theme or SDG × municipality counts, explicit
  and curated apart;
- :func:`export_network` as GraphML, GEXF or node-link JSON.

>>> from policygraph.analysis import similarity
>>> similarity({"a": {"rp:1", "rp:2"}, "b": {"rp:2"}}).pairs()[0].jaccard
0.5
"""

from __future__ import annotations

from .communities import DEFAULT_SEED, Community, communities, communities_result
from .coverage import BASES, Coverage, coverage
from .export import EXPORT_FORMATS, export_network, sanitized
from .partners import Centrality, PartnerNetwork, partner_network
from .projection import (
    FACETS,
    Profiles,
    Source,
    concept_sort_key,
    document_items,
    documents,
    issuers,
    label,
    municipality_documents,
    profiles,
    projection,
    short_label,
    superseded,
)
from .similarity import METRICS, Similarity, SimilarPair, cosine, jaccard, similarity

__all__ = [
    "BASES",
    "DEFAULT_SEED",
    "EXPORT_FORMATS",
    "FACETS",
    "METRICS",
    "Centrality",
    "Community",
    "Coverage",
    "PartnerNetwork",
    "Profiles",
    "SimilarPair",
    "Similarity",
    "Source",
    "communities",
    "communities_result",
    "concept_sort_key",
    "cosine",
    "coverage",
    "document_items",
    "documents",
    "export_network",
    "issuers",
    "jaccard",
    "label",
    "municipality_documents",
    "partner_network",
    "profiles",
    "projection",
    "sanitized",
    "short_label",
    "similarity",
    "superseded",
]
