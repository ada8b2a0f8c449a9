"""Turtle as text: a forgiving lexer that maps subjects, prefixes and comments to lines
(:mod:`.lexer`), and the canonical layout ``policygraph fmt`` writes (:mod:`.canonical`)."""

from __future__ import annotations
