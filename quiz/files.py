"""Files the authoring commands write: never half-replaced, never overwritten by surprise."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UsageError


def write_file(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write `data` to a new file, or replace an existing one atomically when `force` is given."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise UsageError(f"{path} is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not force:
            with path.open("xb") as out:
                out.write(payload)
            return
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def relative_path(target: Path, start: Path) -> str:
    """`target` as a POSIX path relative to the directory `start` (absolute across drives)."""
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:
        return target.resolve().as_posix()
