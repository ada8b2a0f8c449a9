"""The ``policygraph`` command: a thin click layer over the library (the only click import).

Exit codes (also in the README):
  0 success / conforms
  1 does not conform (validate, or push skipped a non-conforming document)
  2 bad input: usage, unreadable file, syntax error, bad parameter
  3 the shapes, ontology or a saved query are broken
  4 endpoint or graph store error: nothing (more) was written
  5 outcome unknown: a write was sent but not answered

Each module registers its commands on :data:`main`; importing them here is what makes
the commands exist.
"""

from __future__ import annotations

from . import analyse, ingest, query, serve, sources, validate
from ._base import main

__all__ = ["main"]

del analyse, ingest, query, serve, sources, validate
