"""Ingest: from a municipality's document to a draft encoding, and curation in a spreadsheet.

``policygraph ingest`` (:func:`ingest`) reads a source (plain text, Markdown,
HTML or PDF), finds its focus areas, objectives, initiatives and the links it
states (:mod:`.heuristics`), and writes a draft document file that fails
validation until a steward has done every ``TODO``. ``policygraph sheet``
(:mod:`.sheet`) exports a document as one spreadsheet row per item and merges
the edited cells back.
"""

from __future__ import annotations

from .draft import Draft, IngestError, ingest, ingest_text
from .readers import SourceError, SourceText, read_source

__all__ = [
    "Draft",
    "IngestError",
    "SourceError",
    "SourceText",
    "ingest",
    "ingest_text",
    "read_source",
]
