"""Forked worker processes for validation: they inherit the parsed files instead of
receiving them pickled, and end when the validating process does."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar, cast

__all__ = ["beside", "die_with_parent"]

T = TypeVar("T")
U = TypeVar("U")


def die_with_parent() -> None:
    """On Linux, a worker ends when the validating process does, even if it is killed."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


_WORK: list[Callable[[], object]] = []


def _run_work() -> object:
    return _WORK[0]()


def beside(job: Callable[[], T], here: Callable[[], U]) -> tuple[T, U]:
    """``job()`` in a forked process while ``here()`` runs in this one; both results.

    Where there is no ``fork``, the two run one after the other.
    """
    if not hasattr(os, "fork"):
        return job(), here()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _WORK[:] = [job]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=context, initializer=die_with_parent) as pool:
            future = pool.submit(_run_work)
            mine = here()
            theirs = cast(T, future.result())
    finally:
        _WORK.clear()
    return theirs, mine
