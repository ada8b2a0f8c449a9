"""Text from data made safe for where it is written: a terminal, XML.

Data can hold any character a Turtle string can: ANSI and OSC escape sequences
(which recolour a terminal, retitle its window or write hyperlinks), other control
characters, and characters XML 1.0 cannot hold at all.
"""

from __future__ import annotations

import re

__all__ = ["printable", "xml_safe"]

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides
# that reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Characters outside XML 1.0's Char production.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``/``\\uNNNN`` instead of acting.

    >>> printable("red \\x1b[31mtext\\x1b]0;title\\x07")
    'red \\\\x1b[31mtext\\\\x1b]0;title\\\\x07'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def xml_safe(text: str) -> str:
    """``text`` with characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe("a\\x00b")
    'a\\ufffdb'
    """
    return _NOT_XML.sub("\ufffd", text)
