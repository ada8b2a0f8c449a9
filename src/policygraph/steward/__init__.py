"""Tools for data stewards who encode new documents: the ``new`` skeleton (:mod:`.new`)."""

from __future__ import annotations
