"""The one writer every output path uses: temp file in the target folder, then rename.

A reader never sees a half-written PDF: the bytes go to a hidden temp file
beside the target (its name says nothing about the patient), are flushed to
disk, and only then renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError, Problem

TEMP_PREFIX = ".handouts-"


def write_atomic(target: Path, data: bytes, force: bool = False, sync: bool = True, tag: str = "") -> bool:
    """Write ``data`` to ``target`` atomically; return False if identical bytes were there.

    An existing different file is replaced only with ``force``. ``sync``
    flushes the bytes to disk before the rename (a batch skips it per file:
    the rename alone already means no reader sees a partial PDF). ``tag``
    goes into the temp file's name after :data:`TEMP_PREFIX`: a batch tags its
    own, so that an interrupt removes them and never another run's.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise InputError(Problem(f"folder '{folder}' does not exist; create it or pick another output"))
    if not folder.is_dir():
        raise InputError(Problem(f"'{folder}' is a file, not a folder; pick another output"))
    if target.is_dir():
        raise InputError(Problem(f"'{target}' is a folder; expected a PDF file name such as handout.pdf"))
    if target.exists() or target.is_symlink():
        if target.is_file() and not target.is_symlink() and _same(target, data):
            return False
        if not force:
            raise InputError(
                Problem(f"'{target}' already exists and differs; use --force to replace it, or pick another name")
            )
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX + tag, suffix=".tmp")
    except OSError as exc:
        raise InputError(Problem(f"cannot write in '{folder}' ({exc.strerror or exc})")) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)  # replaces a symlink itself, never the file it points to
    except OSError as exc:
        _remove(temp)
        raise InputError(Problem(f"cannot write '{target}' ({exc.strerror or exc})")) from None
    except BaseException:
        _remove(temp)
        raise
    return True


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
