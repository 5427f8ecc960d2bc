"""Files the program writes: whole or not at all, and never overwritten by surprise.

Every file (decks, packages, review-log exports, config.toml, the deck cache, store backups)
goes through `replacing`: it is written to a uniquely named temporary file beside its target,
flushed to disk, and renamed into place, then the directory is flushed too. A failed write (a full
disk, a file-size limit, an interrupted export) leaves the target as it was and no temporary
file behind, so the next run is never refused because of a half-written file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from quiz.core.errors import UsageError

_NAME_ATTEMPTS = 100
_NAME_MAX_CHARS = 200  # the temporary name adds 15 characters; most file systems allow 255
# Errors os.link gives where the file system has no hard links (FAT, some network mounts).
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


def _create_temporary(directory: Path, name: str) -> tuple[int, Path]:
    """A new, uniquely named file in `directory`, open for writing.

    This is `tempfile.mkstemp` with mode 0o666 instead of 0o600: the kernel then applies the
    user's umask (and the directory's default ACL) as for any file the user creates, where a
    0o600 file would need the umask read back, which `os.umask` can only do by changing it
    for every thread of the process.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    for _ in range(_NAME_ATTEMPTS):
        temporary = directory / f".{name[:_NAME_MAX_CHARS]}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(directory))


def _refuse_existing(path: Path) -> None:
    if os.path.lexists(path):  # a dangling symlink counts: writing would follow it
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def _link_into_place(temporary: Path, path: Path) -> None:
    """Give the finished file its name unless `path` exists, atomically.

    A hard link fails if the name is taken, even by a file another process made a moment
    ago, which a check followed by a rename cannot promise. Where the file system has no
    hard links, it is check-then-rename: a file made between the two would be replaced.
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        _refuse_existing(path)
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def _sync_file(path: Path) -> None:
    """Flush a finished file's content to the disk before it is given its name."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_directory(directory: Path) -> None:
    """Flush the directory entry of a renamed file, so the rename survives a power cut."""
    if not hasattr(os, "O_DIRECTORY"):
        return  # Windows: directories cannot be opened, and NTFS journals the rename
    handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise  # a file system that cannot sync directories says EINVAL; others are errors
    finally:
        os.close(handle)


@contextmanager
def replacing(path: Path, *, replace: bool) -> Iterator[Path]:
    """A new, empty temporary file beside `path` (with the permissions the umask allows), whose
    content becomes `path` once the block ends: for writers that take a path of their own
    (SQLite's backup); `atomic_output` gives a stream over it.

    When the block ends the file is synced, given its name, and its directory synced. With
    `replace` False an existing `path` is refused with FileExistsError, before the block runs
    and again, race-free, when the finished file is linked into place. With `replace` True the
    file is replaced (through a symlink, the file it names) and keeps its permission bits, so
    a config file made private stays private. If anything fails, the temporary file is
    removed and `path` is unchanged.
    """
    if not replace:
        _refuse_existing(path)
    target = Path(os.path.realpath(path)) if replace else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a directory should be: not the target existing
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR),
                                 str(target.parent)) from None
    handle, temporary = _create_temporary(target.parent, target.name)
    os.close(handle)
    try:
        yield temporary
        if replace:
            with suppress(FileNotFoundError):
                os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode) & 0o777)
        _sync_file(temporary)
        if replace:
            os.replace(temporary, target)
        else:
            _link_into_place(temporary, target)
        _sync_directory(target.parent)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@contextmanager
def atomic_output(path: Path, *, replace: bool, encoding: str | None = None) -> Iterator[IO]:
    """A stream (binary, or text in `encoding`) whose content becomes `path` once the block
    ends, as `replacing` puts it in place."""
    with replacing(path, replace=replace) as temporary, \
            open(temporary, "w" if encoding else "wb", encoding=encoding,
                 newline="" if encoding else None) as stream:
        yield stream


@contextmanager
def output_file(path: Path, *, force: bool, encoding: str | None = None) -> Iterator[IO]:
    """`atomic_output` for a command's output file: its failures become one-line usage errors.

    Without `force` an existing file is refused: "PATH already exists; not overwritten".
    """
    if path.is_dir():
        raise UsageError(f"{path} is a directory")
    try:
        with atomic_output(path, replace=force, encoding=encoding) as stream:
            yield stream
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_file(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write `data` (text as UTF-8) to `path`; an existing file only with `force`."""
    with output_file(path, force=force) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)


def relative_path(target: Path, start: Path) -> str:
    """`target` as a POSIX path relative to the directory `start` (absolute across drives)."""
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_posix()


def read_regular(path: Path, limit: int) -> bytes | None:
    """At most limit + 1 bytes of a regular file, or None for a FIFO or device (which could
    block or never end); opened non-blocking, so a FIFO cannot stall the open itself."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        return handle.read(min(status.st_size, limit) + 1)
