"""Small text helpers every family shares: a natural sort key and the one escaper of
Turtle/SPARQL string literals."""

from __future__ import annotations

import re
import string

__all__ = ["natural_key", "quote"]

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Numeric-aware sort key: ``initiative-1.10`` after ``initiative-1.9``.

    >>> sorted(["1.10", "1.9", "1.2"], key=natural_key)
    ['1.2', '1.9', '1.10']
    """
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text)
    )


def quote(value: str) -> str:
    """``value`` as a double-quoted Turtle (and SPARQL) string literal: backslash, quote
    and line breaks escaped, other control characters as ``\\uXXXX``.

    >>> print(quote('Han sagde "hej"\\n'))
    "Han sagde \\"hej\\"\\n"
    """
    out = []
    for index, char in enumerate(value):
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            # Before a hex digit, the eight-digit form: rdflib reads ``\\u`` followed by
            # eight hex digits as one escape ("\\u001F0000" would be U+1F0000).
            following = value[index + 1 : index + 2]
            if following and following in string.hexdigits:
                out.append(f"\\U{ord(char):08X}")
            else:
                out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
