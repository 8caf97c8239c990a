"""Writing an output file safely: whole or not at all, never over something that is not a file.

:func:`atomic_output` writes to a temporary file in the target's own folder and renames it over
the target only when everything was written (a full disk or a crash leaves the old file as it
was, and the temporary file is removed). The target may be a new path or a regular file; a
symbolic link is written through (its final target is replaced, the link stays); a directory, a
device node, a FIFO or a socket is refused with one line, so ``--out /dev/null`` as root never
replaces the device with a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

__all__ = ["atomic_output", "output_target", "write_output"]

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}


def output_target(path: Path | str) -> Path:
    """The file that writing to ``path`` replaces: ``path`` itself, or the final target of a link.
    Raises InputError when that is not a regular file or a new path."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = target.stat()
    except FileNotFoundError:
        return target
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror or e}", hint="check the path and its permissions") from e
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise InputError(
            f"cannot write {path}: it is {kind}, not a file",
            hint="pass --out a file path (a new one or an existing regular file)",
        )
    return target


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_output(path: Path | str) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces ``path`` when the ``with`` block ends without
    an exception (see the module docstring); on any failure ``path`` is untouched."""
    target = output_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = _new_file_mode()
        os.chmod(tmp, mode)
        output_target(path)  # still a file or a new path just before the rename
        os.replace(tmp, target)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def write_output(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` with :func:`atomic_output`; returns the path written."""
    with atomic_output(path) as f:
        f.write(data)
    return Path(path)
