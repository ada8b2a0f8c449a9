"""Python's cycle collector, paused where policygraph builds large acyclic structures.

Parsing, indexing and projecting the data allocate millions of tuples, dicts and sets
that form no reference cycles: reference counting frees all of them. The cycle
collector does not know that, and each full collection on the way walks every one of
them again, so that its cost grows faster than the data (a third of a warm validation
at 500 municipalities). Reading a query's rows is the same on a smaller scale: tens of
thousands of terms and tuples, while every loaded file stays in memory (7 % of
curated-without-review at 500 municipalities).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["no_cycle_collection"]


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused for the block (as it was before, after it).

    >>> import gc
    >>> with no_cycle_collection():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
