"""`atomic_output`: a file is written whole or not at all, with the user's permissions."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quiz.core.errors import UsageError
from quiz.core.files import atomic_output, output_file, write_file

REPO = Path(__file__).resolve().parent.parent
LIMITED_WRITE = """\
import resource, signal, sys
from pathlib import Path
from quiz.core.files import atomic_output

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
path, mode = Path(sys.argv[1]), sys.argv[2]
try:
    text = mode == "text"
    with atomic_output(path, replace=mode != "new", encoding="utf-8" if text else None) as out:
        out.write("x" * 100_000 if text else b"x" * 100_000)
except OSError as exc:
    print(exc.errno)
    sys.exit(3)
"""


def names(directory: Path) -> set[str]:
    return {path.name for path in directory.iterdir()}


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="POSIX file-size limits")
@pytest.mark.parametrize("mode", ["replace", "text", "new"])
def test_a_write_cut_short_by_a_file_size_limit_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, mode: str) -> None:
    target = tmp_path / "out" / "mine.csv"
    target.parent.mkdir()
    (target.parent / "mine.csv.tmp").write_text("the user's own\n", encoding="utf-8")
    if mode != "new":
        target.write_text("old content\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", LIMITED_WRITE, str(target), mode],
                            capture_output=True, text=True, cwd=REPO, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO),
                                 "PYTHONDONTWRITEBYTECODE": "1"})
    assert (result.returncode, result.stdout.strip()) == (3, str(errno.EFBIG)), result.stderr
    assert (target.parent / "mine.csv.tmp").read_text(encoding="utf-8") == "the user's own\n"
    if mode == "new":
        assert names(target.parent) == {"mine.csv.tmp"}
    else:
        assert names(target.parent) == {"mine.csv", "mine.csv.tmp"}
        assert target.read_text(encoding="utf-8") == "old content\n"


def test_a_failure_inside_the_block_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "deck.yaml"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target, replace=True) as out:
        out.write(b"half of the new")
        raise RuntimeError("interrupted")
    assert names(tmp_path) == {"deck.yaml"}
    assert target.read_text(encoding="utf-8") == "old\n"


def test_a_temporary_name_never_takes_a_users_file(tmp_path: Path) -> None:
    for name in ("mine.csv.tmp", ".mine.csv.tmp", "mine.csv.1.tmp"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    with atomic_output(tmp_path / "mine.csv", replace=True, encoding="utf-8") as out:
        out.write("new\n")
    assert names(tmp_path) == {"mine.csv", "mine.csv.tmp", ".mine.csv.tmp", "mine.csv.1.tmp"}
    for name in ("mine.csv.tmp", ".mine.csv.tmp", "mine.csv.1.tmp"):
        assert (tmp_path / name).read_text(encoding="utf-8") == name


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="POSIX permissions")
@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664),
                                        (0o077, 0o600)])
@pytest.mark.parametrize("replace", [False, True])
def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path, mask: int, mode: int,
                                                           replace: bool) -> None:
    target = tmp_path / "new.yaml"
    with umask(mask), atomic_output(target, replace=replace) as out:
        out.write(b"deck\n")
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="POSIX permissions")
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    with umask(0o022), atomic_output(target, replace=True) as out:
        out.write(b"new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == b"new\n"


def test_without_replace_an_existing_file_is_refused_before_writing(tmp_path: Path) -> None:
    target = tmp_path / "deck.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError), atomic_output(target, replace=False):
        pytest.fail("the block ran")  # pragma: no cover
    assert target.read_text(encoding="utf-8") == "mine\n"
    (tmp_path / "link.yaml").symlink_to(tmp_path / "nowhere.yaml")  # dangling: still taken
    with pytest.raises(FileExistsError), atomic_output(tmp_path / "link.yaml", replace=False):
        pytest.fail("the block ran")  # pragma: no cover
    assert not (tmp_path / "nowhere.yaml").exists()


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_file_made_while_writing_is_not_overwritten(tmp_path: Path, hard_links: bool,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if not hard_links:  # as on a file system without them: check, then rename
        def no_link(source: object, target: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "deck.yaml"
    with pytest.raises(FileExistsError), atomic_output(target, replace=False) as out:
        out.write(b"ours\n")
        target.write_text("another process's\n", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "another process's\n"
    assert names(tmp_path) == {"deck.yaml"}
    with atomic_output(tmp_path / "free.yaml", replace=False) as out:
        out.write(b"ours\n")
    assert (tmp_path / "free.yaml").read_bytes() == b"ours\n"
    assert names(tmp_path) == {"deck.yaml", "free.yaml"}


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="POSIX directory sync")
@pytest.mark.parametrize("replace", [False, True])
def test_the_file_then_its_directory_are_synced(tmp_path: Path, replace: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(handle: int) -> None:
        synced.append("directory" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file")
        real_fsync(handle)

    monkeypatch.setattr(os, "fsync", fsync)
    with atomic_output(tmp_path / "deck.yaml", replace=replace) as out:
        out.write(b"deck\n")
    assert synced == ["file", "directory"]


def test_replacing_through_a_symlink_writes_the_file_it_names(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    with atomic_output(link, replace=True, encoding="utf-8") as out:
        out.write("new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert names(real.parent) == {"config.toml"}


def test_missing_directories_are_made(tmp_path: Path) -> None:
    write_file(tmp_path / "a" / "b" / "deck.yaml", "deck\n")
    assert (tmp_path / "a" / "b" / "deck.yaml").read_text(encoding="utf-8") == "deck\n"


def test_command_outputs_fail_with_one_line_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "taken.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"^.*taken\.yaml already exists; not overwritten$"):
        write_file(tmp_path / "taken.yaml", "new\n")
    with pytest.raises(UsageError, match=r"is a directory$"):
        write_file(tmp_path, "new\n", force=True)
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match=r"^cannot write .*: "), \
            output_file(tmp_path / "file" / "under-a-file.yaml", force=True):
        pytest.fail("the block ran")  # pragma: no cover
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "mine\n"
