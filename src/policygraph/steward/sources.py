"""The registered source texts: ``sources/`` and its manifest.

Every document is encoded from one plain-text source in ``sources/``, named
``NNN_<first 16 hex digits of its SHA-256>.txt`` (``NNN`` the next free
three-digit number) and listed in ``sources/manifest.csv`` with the
municipality (kommunekode; several separated by spaces for a joint plan), the
title, the URL it was published at (if known) and its SHA-256. The manifest,
not a folder outside the repository, is what provenance is checked against.

:func:`add_source` registers a file (``policygraph source add``);
:func:`read_manifest` reads the manifest (``policygraph source list``);
:func:`normalise` is the comparison the encoding guide defines for
``pg:sourceText`` and ``pg:evidence`` (docs/encoding.md, "Normalisation").
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import limits, resources
from ..errors import LoadError, StewardError
from ..files import write_atomically

MANIFEST = "manifest.csv"
COLUMNS = ("file", "municipality", "title", "url", "sha256")
NAME = re.compile(r"^(?P<number>[0-9]{3})_(?P<digest>[0-9a-f]{16})\.txt$")

_SOFT_HYPHEN = "\u00ad"
# A hyphen at the end of a line followed by a lower-case letter: the PDF split a word.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=[a-zæøå])")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SourceEntry:
    """One row of ``sources/manifest.csv``."""

    file: str
    municipality: tuple[str, ...]  # kommunekoder
    title: str
    url: str
    sha256: str


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_dir_for(path: Path) -> Path:
    """The ``sources/`` that belongs with a data file.

    The nearest ``sources/`` holding a manifest beside an ancestor of ``path``
    (a checkout, or a temporary copy of one); else the shipped ``sources/``.
    """
    for parent in path.resolve().parents:
        candidate = parent / "sources"
        if (candidate / MANIFEST).is_file():
            return candidate
    return resources.sources_dir()


def read_manifest(directory: Path | None = None) -> list[SourceEntry]:
    """The manifest's entries, in file order; [] when there is no manifest."""
    path = (directory or resources.sources_dir()) / MANIFEST
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StewardError(f"{path}: cannot read the source manifest ({exc}).") from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise StewardError(
            f"{path}: the header must be {','.join(COLUMNS)}; found "
            f"{','.join(reader.fieldnames or ())}. Restore it (policygraph source add writes it)."
        )
    return [
        SourceEntry(
            file=row["file"],
            municipality=tuple(row["municipality"].split()),
            title=row["title"],
            url=row["url"],
            sha256=row["sha256"],
        )
        for row in reader
    ]


def write_manifest(entries: list[SourceEntry], directory: Path) -> None:
    """Write the manifest atomically (sorted by file name)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda e: e.file):
        writer.writerow([e.file, " ".join(e.municipality), e.title, e.url, e.sha256])
    write_atomically(directory / MANIFEST, buffer.getvalue())


def add_source(
    path: Path,
    municipality: tuple[str, ...],
    title: str,
    url: str = "",
    directory: Path | None = None,
) -> SourceEntry:
    """Copy ``path`` into ``sources/`` under the naming scheme and add its manifest entry.

    ``municipality`` holds kommunekoder (resolve names first). A file whose
    content is already registered is refused (the entry names it), so a
    source is never registered twice.
    """
    target_dir = directory or resources.sources_dir()
    try:
        data = limits.read_input_file(path, what="source text", limit="max_source_bytes")
    except LoadError as exc:  # missing, a pipe, a device, too large: refused before reading
        raise StewardError(str(exc)) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StewardError(
            f"{path}: the source text is not UTF-8 (byte {data[exc.start]:#04x} at offset "
            f"{exc.start}); convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)."
        ) from None
    known = registered(data, target_dir)
    if known is not None:
        raise StewardError(
            f"{path}: this text is already registered as sources/{known.file} "
            f"({known.title}); use that file name in the document's d:source."
        )
    return register(data, municipality, title, url, target_dir)


def registered(data: bytes, directory: Path | None = None) -> SourceEntry | None:
    """The manifest entry of exactly this text, if it is registered."""
    digest = hashlib.sha256(data).hexdigest()
    return next((e for e in read_manifest(directory) if e.sha256 == digest), None)


def next_name(data: bytes, directory: Path | None = None) -> str:
    """The file name :func:`register` gives ``data``: ``NNN_<16 hex of its SHA-256>.txt``."""
    target_dir = directory or resources.sources_dir()
    numbers = [int(m["number"]) for p in target_dir.glob("*.txt") if (m := NAME.match(p.name))]
    numbers += [int(m["number"]) for e in read_manifest(target_dir) if (m := NAME.match(e.file))]
    digest = hashlib.sha256(data).hexdigest()
    return f"{max(numbers, default=-1) + 1:03d}_{digest[:16]}.txt"


def register(
    data: bytes,
    municipality: tuple[str, ...],
    title: str,
    url: str = "",
    directory: Path | None = None,
) -> SourceEntry:
    """Write ``data`` into ``sources/`` as :func:`next_name` and add its manifest entry
    (the caller has checked that it is UTF-8 and not registered yet)."""
    target_dir = directory or resources.sources_dir()
    entries = read_manifest(target_dir)
    name = next_name(data, target_dir)
    entry = SourceEntry(name, municipality, title, url, hashlib.sha256(data).hexdigest())
    target_dir.mkdir(parents=True, exist_ok=True)
    _write_bytes(target_dir / name, data)  # byte for byte: never re-encoded
    write_manifest([*entries, entry], target_dir)
    return entry


def normalise(text: str) -> str:
    """The text as ``pg:sourceText`` is compared with its source (docs/encoding.md).

    NFC; soft hyphens dropped; a hyphen that ends a line before a lower-case
    letter dropped with the line break (``sam-\\narbejde`` is ``samarbejde``);
    Markdown emphasis (``**``) dropped; then every whitespace run removed, so
    that line breaks, runs of spaces and words the PDF text layer glued
    together at a line end (``psykiskevanskeligheder``) all compare equal.
    """
    text = unicodedata.normalize("NFC", text).replace(_SOFT_HYPHEN, "")
    text = _LINE_END_HYPHEN.sub("", text).replace("**", "")
    return _WHITESPACE.sub("", text)


def occurs_in(quote: str, normalised_source: str) -> bool:
    """True if ``quote`` occurs in a source already passed through :func:`normalise`."""
    wanted = normalise(quote)
    return bool(wanted) and wanted in normalised_source


def _write_bytes(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
