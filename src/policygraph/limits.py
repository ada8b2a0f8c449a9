"""The resource policy: how much input, time and output one request may use.

Every entry point (the CLI, the library, a web server) reads the same limits, so a
hostile file, parameter, query or server costs at most what is written here. The
defaults are far above what the shipped data needs (its largest file is about
130 kB, its longest literal about 2,000 characters, its slowest saved query well under
a second) and small enough that no single request can exhaust a laptop.

Change them for one process with environment variables (``POLICYGRAPH_MAX_FILE_BYTES=
50000000``), or in Python with :func:`configure` or, for one block, :func:`override`:

>>> from policygraph import limits
>>> limits.current().max_rows
1000000
>>> with limits.override(max_rows=10):
...     limits.current().max_rows
10
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from .errors import LoadError

__all__ = [
    "Limits",
    "check_input_file",
    "configure",
    "current",
    "override",
    "read_bounded",
    "read_input_file",
    "run_within",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The limits in force. Sizes are bytes or characters, times seconds."""

    #: one RDF, query, shapes or spreadsheet file (a spreadsheet also unzipped)
    max_file_bytes: int = 20_000_000
    #: one source document to ingest or register (PDF, HTML, text)
    max_source_bytes: int = 100_000_000
    #: one literal (a quoted string) in an RDF file
    max_literal_chars: int = 1_000_000
    #: the text of one SPARQL query
    max_query_chars: int = 1_000_000
    #: wall-clock time of one query on an embedded engine
    query_timeout: float = 60.0
    #: wall-clock time to extract the text of one PDF source document
    source_timeout: float = 300.0
    #: rows of one query result
    max_rows: int = 1_000_000
    #: characters of one parameter value
    max_param_chars: int = 10_000
    #: digits of an integer or decimal parameter, and the largest exponent of a decimal
    max_param_digits: int = 100
    #: the ``#+`` YAML header of a saved query: characters and aliases
    max_header_chars: int = 100_000
    max_yaml_aliases: int = 20
    #: bytes of one HTTP response body (endpoint results, store answers)
    max_response_bytes: int = 200_000_000

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with each ``POLICYGRAPH_<FIELD>`` environment variable applied."""
        values: dict[str, int | float] = {}
        for field in dataclasses.fields(cls):
            raw = os.environ.get("POLICYGRAPH_" + field.name.upper())
            if raw is None:
                continue
            kind = float if field.type in (float, "float") else int
            try:
                value = kind(raw)
            except ValueError:
                raise ValueError(
                    f"POLICYGRAPH_{field.name.upper()}={raw!r} is not a number"
                ) from None
            if value <= 0:
                raise ValueError(f"POLICYGRAPH_{field.name.upper()} must be positive")
            values[field.name] = value
        return cls(**values)  # type: ignore[arg-type]


_current: Limits | None = None


def current() -> Limits:
    """The limits in force (read from the environment the first time)."""
    global _current
    if _current is None:
        _current = Limits.from_environment()
    return _current


def configure(**changes: int | float) -> Limits:
    """Change limits for the rest of the process; returns the new limits."""
    global _current
    _current = dataclasses.replace(current(), **changes)  # type: ignore[arg-type]
    return _current


@contextlib.contextmanager
def override(**changes: int | float) -> Iterator[Limits]:
    """Change limits inside a ``with`` block (tests, one web request)."""
    global _current
    before = current()
    _current = dataclasses.replace(before, **changes)  # type: ignore[arg-type]
    try:
        yield _current
    finally:
        _current = before


def check_input_file(
    path: Path, *, what: str = "file", limit: str = "max_file_bytes"
) -> os.stat_result:
    """Refuse anything but a regular file within the size limit ``limit`` (the name of
    a :class:`Limits` field), following links.

    A FIFO, a device (``/dev/zero``), a directory, a socket or a symbolic-link loop
    would hang the reader or exhaust memory, so they are refused before opening.
    """
    try:
        info = path.stat()
    except OSError as exc:
        reason = "a symbolic-link loop" if exc.errno == 40 else exc.strerror
        raise LoadError(f"{path}: cannot be read ({reason}).", path=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a directory"
            if stat.S_ISDIR(info.st_mode)
            else "a named pipe"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        raise LoadError(
            f"{path}: is {kind}, not a regular {what}; give a regular file.", path=str(path)
        )
    most = getattr(current(), limit)
    if info.st_size > most:
        raise LoadError(
            f"{path}: is {info.st_size:,} bytes, more than the limit of {most:,} bytes for "
            f"one {what}; split it, or raise POLICYGRAPH_{limit.upper()}.",
            path=str(path),
        )
    return info


def read_input_file(path: Path, *, what: str = "file", limit: str = "max_file_bytes") -> bytes:
    """The bytes of a regular file within the size limit (see :func:`check_input_file`).

    Reads at most one byte more than the limit, so a file that grows meanwhile (or lies
    about its size) cannot exhaust memory either.
    """
    check_input_file(path, what=what, limit=limit)
    most = getattr(current(), limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(most + 1)
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror}).", path=str(path)) from None
    if len(data) > most:
        raise LoadError(
            f"{path}: is more than the limit of {most:,} bytes for one {what}; split it, "
            f"or raise POLICYGRAPH_{limit.upper()}.",
            path=str(path),
        )
    return data


class _Stop(BaseException):
    """Raised inside a worker thread whose caller gave up (not an Exception, so that
    nothing in an engine or a client library catches it by accident)."""


def _quiet_stop(args: threading.ExceptHookArgs) -> None:
    """The thread exception hook, silent for a :class:`_Stop` that arrived while its
    worker was already handling another exception (there is nobody to tell)."""
    if args.exc_type is _Stop:
        return
    _EXCEPTHOOK(args)


_EXCEPTHOOK = threading.excepthook


def run_within(
    seconds: float,
    work: Callable[[float], T],
    timeout_error: Callable[[], BaseException],
    *,
    interrupt: bool = True,
) -> T:
    """Run ``work(deadline)`` in a worker thread and wait at most ``seconds``.

    The caller gets the result, or ``work``'s exception, or ``timeout_error()`` at the
    deadline. ``work`` should check ``deadline`` (a :func:`time.monotonic` value)
    between steps to stop itself; with ``interrupt`` it is also sent an asynchronous
    exception at the deadline, which stops pure-Python code (rdflib's evaluator, a
    socket read) but not a long call inside an extension, which then finishes in the
    background. Starting the thread costs about 0.1 ms.
    """
    deadline = time.monotonic() + seconds
    outcome: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            outcome.append((True, work(deadline)))
        except _Stop:
            pass
        except BaseException as exc:  # handed to the caller's thread, raised there
            outcome.append((False, exc))

    if interrupt and threading.excepthook is _EXCEPTHOOK:
        threading.excepthook = _quiet_stop
    worker = threading.Thread(target=target, name="policygraph-deadline", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        if interrupt and worker.ident is not None and not outcome:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(worker.ident), ctypes.py_object(_Stop)
            )
        raise timeout_error()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


class ResponseTooLarge(Exception):
    """A response body exceeded ``max_response_bytes``."""


class DeadlinePassed(Exception):
    """A response body was still arriving at the deadline."""


def read_bounded(stream: BinaryIO, deadline: float) -> bytes:
    """Read a response body in chunks, stopping at the size cap or the deadline.

    A server that dribbles a byte at a time, or sends an endless body, is cut off
    instead of holding the caller or filling its memory.
    """
    cap = current().max_response_bytes
    chunks: list[bytes] = []
    size = 0
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > cap:
            raise ResponseTooLarge(f"more than {cap:,} bytes")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise DeadlinePassed("the body was still arriving")
