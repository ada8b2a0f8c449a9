"""policygraph: a knowledge graph of Danish municipal mental-health policies.

The top-level API is what a developer needs to load, query, validate, compare and
publish the graph; the network analyses live in :mod:`policygraph.analysis`, the
validation details in :mod:`policygraph.validation`, the HTML report in
:mod:`policygraph.report`.

>>> import policygraph
>>> graph = policygraph.load()
>>> rows = graph.query("principle-initiatives", principle=5).to_records()
>>> "initiative" in rows[0]
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import (
    EndpointError,
    FormatError,
    LoadError,
    ParameterError,
    PolicyGraphError,
    QueryError,
    SavedQueryError,
    ShapesError,
    StewardError,
    UnknownOutcomeError,
    WriteError,
)
from .graph import DocumentStats, PolicyGraph, connect, load
from .publish import PushReport, push
from .queries import ParamSpec, SavedQuery, saved_queries
from .results import QueryResult
from .revisions import Change, Diff, diff
from .terms import IRI, LangString
from .validation import ValidationReport, ValidationResult, validate

try:
    __version__ = version("policygraph")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = [
    "IRI",
    "Change",
    "Diff",
    "DocumentStats",
    "EndpointError",
    "FormatError",
    "LangString",
    "LoadError",
    "ParamSpec",
    "ParameterError",
    "PolicyGraph",
    "PolicyGraphError",
    "PushReport",
    "QueryError",
    "QueryResult",
    "SavedQuery",
    "SavedQueryError",
    "ShapesError",
    "StewardError",
    "UnknownOutcomeError",
    "ValidationReport",
    "ValidationResult",
    "WriteError",
    "__version__",
    "connect",
    "diff",
    "load",
    "push",
    "saved_queries",
    "validate",
]
