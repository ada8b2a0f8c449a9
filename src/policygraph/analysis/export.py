"""The projection as GraphML, GEXF or node-link JSON for Gephi, Cytoscape or scripts."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..errors import ParameterError
from .projection import (
    Source,
    as_network,
    label,
)

EXPORT_FORMATS = ("graphml", "gexf", "json")


def sanitized(network: nx.Graph[str]) -> nx.Graph[str]:
    """A copy that GraphML and GEXF can hold: ``None`` attributes dropped, lists and
    other non-scalars joined into strings, ``str`` subclasses made plain, and a
    ``label`` (English, else Danish, else the IRI tail) on every node."""
    copy = network.__class__()
    copy.graph.update({k: _scalar(v) for k, v in network.graph.items() if v is not None})
    for node, attrs in network.nodes(data=True):
        clean = {k: _scalar(v) for k, v in attrs.items() if v is not None}
        clean.setdefault("label", label(network, node))
        copy.add_node(str(node), **clean)
    for s, o, attrs in network.edges(data=True):
        copy.add_edge(str(s), str(o), **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    return copy


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, Iterable):
        return "; ".join(str(v) for v in value)
    return str(value)


def export_network(source: Source, format: str = "graphml") -> str:
    """The projection (or any networkx graph) as ``graphml``, ``gexf`` or node-link
    ``json``, for Gephi, Cytoscape or a script."""
    if format not in EXPORT_FORMATS:
        raise ParameterError(
            f"unknown network format {format!r}; use one of {', '.join(EXPORT_FORMATS)}."
        )
    network = sanitized(as_network(source))
    if format == "json":
        data = nx.node_link_data(network, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if format == "gexf":
        text = "\n".join(nx.generate_gexf(network)) + "\n"
        # The writer stamps today's date; without it the same graph gives the same file.
        return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
