"""Every command that writes a file does what the README says: refuses to overwrite unless told
to, replaces only whole files, and leaves nothing half-written when the disk says no."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FINANCE = REPO / "seeds" / "000_cc1b8b3426606615.txt"
FILE_SIZE_LIMIT = 4096  # bytes: smaller than every output below


def csv_rows(count: int = 200) -> str:
    return "".join(f"问题{i}，比较长的一段文字,答案{i}\n" for i in range(count))


# The commands whose README says they never overwrite a file (`--force` where offered).
REFUSING = {
    "new": (["new", "out", "--source", FINANCE.name, "-o", "out.yaml"], "out.yaml", False),
    "draft": (["draft", FINANCE.name, "-o", "out.yaml"], "out.yaml", True),
    "import csv": (["import", "csv", "in.csv", "--deck", "out", "-o", "out.yaml"], "out.yaml",
                   True),
    "export anki": (["export", "anki", "inclusive-finance-2023", "--decks", str(REPO / "decks"),
                     "-o", "out.apkg"], "out.apkg", True),
}


@pytest.mark.parametrize("command", sorted(REFUSING))
def test_an_existing_output_is_kept_unless_forced(run_quiz, tmp_path: Path, command: str) -> None:
    args, output, has_force = REFUSING[command]
    (tmp_path / "in.csv").write_text(csv_rows(3), encoding="utf-8")
    (tmp_path / FINANCE.name).write_bytes(FINANCE.read_bytes())  # a source beside the deck
    target = tmp_path / output
    target.write_text("mine\n", encoding="utf-8")
    before = set(os.listdir(tmp_path))
    refused = run_quiz(*args)
    assert refused.returncode == 2
    assert refused.stderr == f"quiz: {output} already exists; not overwritten\n"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert set(os.listdir(tmp_path)) == before
    forced = run_quiz(*args, "--force")
    if not has_force:
        assert forced.returncode == 2 and "unrecognized arguments: --force" in forced.stderr
        assert target.read_text(encoding="utf-8") == "mine\n"
        return
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.startswith(f"wrote {output}")
    assert target.read_bytes() != b"mine\n"
    assert set(os.listdir(tmp_path)) == before


def test_export_anki_writes_a_package_and_says_so(run_quiz, tmp_path: Path) -> None:
    result = run_quiz("export", "anki", "inclusive-finance-2023", "--decks", str(REPO / "decks"),
                      "-o", "sub/out.apkg")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "sub" / "out.apkg") as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]
    assert os.listdir(tmp_path / "sub") == ["out.apkg"]


def test_log_export_replaces_its_output_whole_and_leaves_a_users_tmp_file(
        run_quiz, tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text("an older export\n", encoding="utf-8")
    (tmp_path / "mine.csv.tmp").write_text("the user's own file\n", encoding="utf-8")
    result = run_quiz("log", "export", "-o", "mine.csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "wrote 0 reviews to mine.csv\n"
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8").startswith("card_id,")
    assert (tmp_path / "mine.csv.tmp").read_text(encoding="utf-8") == "the user's own file\n"


def limited(quiz_env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run quiz under `ulimit -f`: a write past FILE_SIZE_LIMIT bytes fails as on a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=60, preexec_fn=limit,
                          env={**quiz_env, "PYTHONDONTWRITEBYTECODE": "1"})


def assert_cannot_write(result: subprocess.CompletedProcess, output: str) -> None:
    assert result.returncode == 2
    assert result.stderr.startswith(f"quiz: cannot write {output}: ")
    assert result.stderr.count("\n") == 1


def test_an_import_cut_short_leaves_no_deck_so_the_next_run_is_not_refused(
        run_quiz, quiz_env, tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(csv_rows(), encoding="utf-8")
    (tmp_path / "decks").mkdir()
    args = ("import", "csv", "in.csv", "--deck", "big", "-o", "decks/big.yaml")
    assert_cannot_write(limited(quiz_env, tmp_path, *args), "decks/big.yaml")
    assert os.listdir(tmp_path / "decks") == []
    again = run_quiz(*args)
    assert again.returncode == 0, again.stderr
    assert run_quiz("check", "decks/big.yaml").returncode == 0


def test_a_forced_import_cut_short_keeps_the_old_deck(run_quiz, quiz_env, tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(csv_rows(), encoding="utf-8")
    (tmp_path / "decks").mkdir()
    old = tmp_path / "decks" / "big.yaml"
    old.write_text("deck: big\n", encoding="utf-8")
    result = limited(quiz_env, tmp_path, "import", "csv", "in.csv", "--deck", "big", "--force")
    assert_cannot_write(result, "decks/big.yaml")
    assert old.read_text(encoding="utf-8") == "deck: big\n"
    assert os.listdir(tmp_path / "decks") == ["big.yaml"]


def test_an_export_cut_short_leaves_no_package(quiz_env, tmp_path: Path) -> None:
    result = limited(quiz_env, tmp_path, "export", "anki", "inclusive-finance-2023",
                     "--decks", str(REPO / "decks"), "-o", "out.apkg")
    assert_cannot_write(result, "out.apkg")
    assert not (tmp_path / "out.apkg").exists()
    assert not [name for name in os.listdir(tmp_path) if "apkg" in name]
