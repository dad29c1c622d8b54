"""The file system side of ingest: walking folders, checking paths, reading bytes once within a size limit."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterator

from karabakh_claims.models import SkippedInput
from karabakh_claims.read.formats import format_of

STDIN = "-"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """An input that cannot be read; the message is the one-line reason."""


def walk_folder(folder: str, visited: frozenset[tuple[int, int]] = frozenset()) -> Iterator[str | SkippedInput]:
    """Known-format files under `folder` in name order; symlinked folders are followed unless they loop."""
    try:
        info = os.stat(folder)
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield SkippedInput(file=folder, reason=os_reason(error, folder))
        return
    visited = visited | {(info.st_dev, info.st_ino)}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if is_folder(entry):
            if (problem := folder_loop(path, visited)) is not None:
                yield SkippedInput(file=path, reason=problem)
            else:
                yield from walk_folder(path, visited)
        elif format_of(entry.name) is not None:
            yield path


def is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is a folder or a symlink to one."""
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def folder_loop(path: str, visited: frozenset[tuple[int, int]]) -> str | None:
    """A reason to skip the folder at `path` when it is one of its own ancestors."""
    try:
        info = os.stat(path)
    except OSError as error:
        return os_reason(error, path)
    return "symlink loop (folder links to one of its parents)" if (info.st_dev, info.st_ino) in visited else None


def path_problem(path: str) -> str | None:
    """Why `path` cannot be read (missing, broken symlink, loop, no permission, not a file), or None."""
    try:
        info = os.stat(path)
    except OSError as error:
        return os_reason(error, path)
    except ValueError:
        return "invalid path"
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return "not a regular file or folder"
    return None


def display_name(path: str) -> str:
    """`path` as it can be printed and stored: bytes of a name that is not UTF-8 become U+FFFD."""
    if not LONE_SURROGATE.search(path):
        return path
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return without_surrogates(path)


def without_surrogates(text: str) -> str:
    """`text` with lone surrogates (from JSON escapes such as "\\ud800") replaced by U+FFFD, same length."""
    return LONE_SURROGATE.sub("\ufffd", text) if LONE_SURROGATE.search(text) else text


def os_reason(error: OSError, path: str) -> str:
    """A one-line reason for an OS error on `path`."""
    if error.errno == errno.ENOENT:
        return "broken symlink (target does not exist)" if os.path.islink(path) else "no such file or directory"
    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of the file at `path` (read once); raises InputError for size and OS problems."""
    try:
        # O_NONBLOCK: a FIFO or device with an article's name must not hang the batch; for the regular files
        # read below it changes nothing.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError("not a regular file or folder")
            if info.st_size > max_bytes:
                raise InputError(too_large(info.st_size, max_bytes))
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(os_reason(error, path)) from None
    if len(data) > max_bytes:
        raise InputError(too_large(len(data), max_bytes))
    return data


def read_stdin(max_bytes: int) -> bytes:
    """The bytes of standard input, up to the limit."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"standard input is over the limit of {max_bytes:,} bytes")
    return data


def too_large(size: int, max_bytes: int) -> str:
    """The reason for a file over the size limit."""
    return f"file too large: {size:,} bytes, over the limit of {max_bytes:,} bytes"
