"""policygraph: a knowledge graph of Danish municipal mental-health policies.

>>> import policygraph
>>> graph = policygraph.load()                     # doctest: +SKIP
>>> graph.query("principle-initiatives", principle=5).to_records()  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .errors import (
    EndpointError,
    LoadError,
    ParameterError,
    PolicyGraphError,
    QueryError,
    SavedQueryError,
    ShapesError,
    UnknownOutcomeError,
)
from .graph import DocumentStats, PolicyGraph, connect, load
from .queries import ParamSpec, SavedQuery, saved_queries
from .results import QueryResult
from .terms import IRI, LangString

if TYPE_CHECKING:
    from .analysis import (
        Community,
        Coverage,
        PartnerNetwork,
        Similarity,
        communities,
        coverage,
        export_network,
        partner_network,
        profiles,
        projection,
        similarity,
    )
    from .publish import PushReport, push
    from .report import write_report
    from .revisions import Diff, diff
    from .validation import ValidationReport, ValidationResult, validate

try:
    __version__ = version("policygraph")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

# Modules with heavy imports (pyshacl, networkx, matplotlib) load on first use.
_LAZY = {
    "projection": "analysis",
    "profiles": "analysis",
    "similarity": "analysis",
    "partner_network": "analysis",
    "communities": "analysis",
    "coverage": "analysis",
    "export_network": "analysis",
    "Similarity": "analysis",
    "PartnerNetwork": "analysis",
    "Community": "analysis",
    "Coverage": "analysis",
    "write_report": "report",
    "validate": "validation",
    "ValidationReport": "validation",
    "ValidationResult": "validation",
    "diff": "revisions",
    "Diff": "revisions",
    "push": "publish",
    "PushReport": "publish",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'policygraph' has no attribute {name!r}")


__all__ = [
    "IRI",
    "Community",
    "Coverage",
    "Diff",
    "DocumentStats",
    "EndpointError",
    "LangString",
    "LoadError",
    "ParamSpec",
    "ParameterError",
    "PartnerNetwork",
    "PolicyGraph",
    "PolicyGraphError",
    "PushReport",
    "QueryError",
    "QueryResult",
    "SavedQuery",
    "SavedQueryError",
    "ShapesError",
    "Similarity",
    "UnknownOutcomeError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "communities",
    "connect",
    "coverage",
    "diff",
    "export_network",
    "load",
    "partner_network",
    "profiles",
    "projection",
    "push",
    "saved_queries",
    "similarity",
    "validate",
    "write_report",
]
