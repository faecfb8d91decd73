"""The package imports nothing outside the standard library."""
import ast
import sys

from reference import ROOT


def test_package_imports_only_the_standard_library():
    found = set()
    for path in (ROOT / "microgpt").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    outside = sorted(name for name in found
                     if name not in sys.stdlib_module_names and name != "microgpt")
    assert outside == [], f"non-standard-library imports: {outside}"
    assert "random" in found and "json" in found  # the walk really saw the package
