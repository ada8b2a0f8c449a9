"""The analyst's report: one static HTML page (Jinja2) with SVG figures (matplotlib)."""

from __future__ import annotations

from .page import MARKER, write_report

__all__ = ["MARKER", "write_report"]
