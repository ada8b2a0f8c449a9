"""Tools for data stewards who encode new documents: the ``new`` skeleton (:mod:`.new`),
registered source texts (:mod:`.sources`) and vocabulary look-ups (:mod:`.vocab`)."""

from __future__ import annotations
