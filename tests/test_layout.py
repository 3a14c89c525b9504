"""The test folders follow the code's parts, and share code through four modules only."""

import ast

from tests.paths import ROOT

SHARED = {"tests.paths", "tests.builders", "tests.actions", "tests.letter_generator"}
PARTS = {"parsing", "ingest", "fetching", "site", "alerts", "admin", "bench"}


def imported_test_modules(path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level or node.module == "tests" or node.module.startswith("tests."):
                module = "." * node.level + node.module
                names = [f"{module}.{alias.name}" for alias in node.names]
                found.update(names if node.module == "tests" else [module])
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tests"))
    return found


def test_tests_import_only_the_shared_modules():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_test_modules(path) - SHARED)
        for path in (ROOT / "tests").rglob("*.py")
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def test_test_folders_are_the_parts_of_decisions():
    test_folders = {p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()}
    code_folders = {p.name for p in (ROOT / "decisions").iterdir() if p.name in PARTS}
    assert test_folders == code_folders == PARTS
