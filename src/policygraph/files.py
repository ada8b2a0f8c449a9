"""Writing files: one atomic writer for every command that writes (fmt, -o, new, report)."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import WriteError

__all__ = ["replace_directory", "write_atomically"]


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(
    path: str | Path, text: str, *, exclusive: bool = False, rewrite: bool = False
) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` so that no reader ever sees it
    half-written: a temporary file beside the target, then one rename.

    A symbolic link is written through (its target changes, the link stays), an existing
    file keeps its permission bits, a new file gets them from the umask. A device or a
    named pipe (``/dev/null``, ``/dev/stdout``) is written into, not replaced. With
    ``exclusive`` an existing file is an error. With ``rewrite`` (a tool changing a
    file the user keeps, like ``fmt``) a read-only file or one with several hard links
    is refused, since replacing it would bypass the protection or split the links.
    Returns the path written.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomically(target, "hej\\n").read_text()
    'hej\\n'
    """
    target = Path(path)
    real = Path(os.path.realpath(target))
    if exclusive and (target.exists() or target.is_symlink()):
        raise WriteError(f"{target} already exists; choose another file name.")
    if real.exists() and not real.is_file() and not real.is_dir():
        # A device, a FIFO or a socket (-o /dev/null, -o /dev/stdout, a named pipe):
        # written into, never replaced by a file (as root, a rename would replace
        # /dev/null itself).
        if rewrite:
            raise WriteError(f"{target} is not a regular file; give a file to rewrite.")
        try:
            with open(real, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise WriteError(f"cannot write {target}: {exc.strerror}.") from None
        return target
    if rewrite and real.exists():
        info = real.stat()
        if not info.st_mode & stat.S_IWUSR:
            raise WriteError(f"{target} is read-only; make it writable to change it.")
        if info.st_nlink > 1:
            raise WriteError(
                f"{target} has {info.st_nlink} hard links; replacing it would leave the other "
                "names with the old text. Format the file through a single name "
                "(copy it, format, copy back)."
            )
    try:
        mode = real.stat().st_mode & 0o7777 if real.exists() else _umask_mode()
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(
            f"cannot write {target}: {exc.strerror}; choose a writable path."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, real)  # fails if the name exists, even when created meanwhile
            os.unlink(tmp)
        else:
            os.replace(tmp, real)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"{target} already exists; choose another file name.") from None
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"cannot write {target}: {exc.strerror}; nothing was changed.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def replace_directory(build: Path, out: Path) -> None:
    """Move the finished directory ``build`` to ``out`` (beside it, same file system);
    an earlier ``out`` is moved aside first and removed only once ``build`` is in place,
    so ``out`` is never left half-written."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        os.replace(out, old / "previous")
    try:
        os.replace(build, out)
    except OSError:
        if old is not None:
            os.replace(old / "previous", out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
