"""The shape of the code that make lint does not see: imports inside functions say why, and
nothing in the project points outside the repository.

The layers themselves are import-linter contracts in pyproject.toml (``make lint``)."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "demo", "furigana", "home", "plans", "search", "translations")
# Written in pieces so that this file does not name them itself.
OUTSIDE = tuple(
    "".join(parts) for parts in (("..", "/shared"), ("shared/", "plan-table-format"), ("shared/", "DESIGN"))
)


def function_level_imports(source: str) -> list[ast.stmt]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [sub for sub in ast.walk(node) if isinstance(sub, ast.Import | ast.ImportFrom)]
    return found


def has_reason(lines: list[str], statement: ast.stmt) -> bool:
    """A comment on the import's line, or on the line above its group of imports."""
    index = statement.lineno - 1
    if "#" in lines[index]:
        return True
    index -= 1
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#"):
            return True
        if not text.startswith(("from ", "import ")):
            return False
        index -= 1
    return False


def unexplained_imports(paths, *, root: Path = ROOT) -> list[str]:
    problems = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for statement in function_level_imports(source):
            if not has_reason(lines, statement):
                problems.append(
                    f"{path.relative_to(root)}:{statement.lineno}: {lines[statement.lineno - 1].strip()}"
                )
    return problems


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_every_import_inside_a_function_says_why():
    assert unexplained_imports(app_modules()) == []


def test_the_check_finds_an_unexplained_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "def explained():\n"
        "    # Circular: the models import this module.\n"
        "    from plans.models import PlanPage\n"
        "    import json\n"
        "\n"
        "def unexplained():\n"
        "    from plans.selectors import visible\n",
        encoding="utf-8",
    )
    assert unexplained_imports([module], root=tmp_path) == [
        "module.py:7: from plans.selectors import visible"
    ]


def test_nothing_in_the_project_points_outside_the_repository():
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    offenders = []
    for name in filter(None, tracked):
        path = ROOT / name
        if path.suffix in {".png", ".ico", ".mo", ".xlsx", ".woff2"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if any(needle in text for needle in OUTSIDE):
            offenders.append(name)
    assert offenders == []
