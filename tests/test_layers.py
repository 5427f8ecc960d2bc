"""What import-linter cannot see: SQL is written only in the storage layer.

The layer contracts themselves ([tool.importlinter] in pyproject.toml) run in .ci/run with
`lint-imports`; the statistics read the store through `quiz.storage.queries`, so no module
outside `quiz/storage` holds a statement over the store's tables.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)"
                 r"|DROP (TABLE|INDEX|TRIGGER)|PRAGMA)\b")


def sql_outside_storage() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(PACKAGE / "storage"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and SQL.search(node.value):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.value!r}")
    return found


def test_no_module_outside_storage_writes_sql() -> None:
    assert sql_outside_storage() == []


def test_the_check_sees_sql_where_it_is() -> None:
    """The search finds the statements in storage, so an empty result above means something."""
    hits = [path for path in (PACKAGE / "storage").rglob("*.py")
            if any(isinstance(node, ast.Constant) and isinstance(node.value, str)
                   and SQL.search(node.value)
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert {path.name for path in hits} >= {"store.py", "queries.py", "schema.py"}


def test_the_readme_maps_every_layer_folder_in_the_contracts_order() -> None:
    import tomllib

    root = PACKAGE.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    development = readme[readme.index("## Development"):]
    start = development.index("```\n") + 4
    block = development[start:development.index("\n```", start)]
    mapped = [line.split("/")[0] for line in block.splitlines() if re.match(r"\w+/ ", line)]
    contracts = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in contracts["tool"]["importlinter"]["contracts"]
                  if c["id"] == "layers")["layers"]
    assert mapped == [name.strip() for layer in layers for name in layer.split("|")]
    assert set(mapped) == {path.name for path in PACKAGE.iterdir()
                           if (path / "__init__.py").is_file()} - {"_bundled"}
