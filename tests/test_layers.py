"""The package's layers, read from its imports with ast (ARCHITECTURE.md, "Layers"):

  core     microgpt/*.py and engines/: imports only core and the standard library
  explain  microgpt/explain/: imports core and itself, never the page
  page     microgpt/page/: may import core and explain; nothing outside it imports it
and no cycle among microgpt's modules. `python tests/test_layers.py` prints the counts.
"""
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"core": {"core"}, "explain": {"core", "explain"}, "page": {"core", "explain", "page"}}


def modules(root):
    """{dotted name: path} for every module of root/microgpt (a package is its __init__)."""
    found = {}
    for path in sorted((root / "microgpt").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def layer(name):
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("explain", "page") else "core"


def targets(name, path, known):
    """(microgpt modules, other top-level names) that module `name` imports, anywhere in it
    (imports inside functions count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    ours, others = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (ours if alias.name.split(".")[0] == "microgpt" else others).add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            if module.split(".")[0] != "microgpt":
                others.add(module)
                continue
            # `from . import files` names a module; `from .settings import parse` a name in one
            subs = {f"{module}.{a.name}" for a in node.names} & known.keys()
            ours.update(subs or {module})
    return ours, {o.split(".")[0] for o in others}


def graph(root):
    known = modules(root)
    return known, {name: targets(name, path, known) for name, path in known.items()}


def cycles(edges):
    """Every cycle found by a depth-first walk, each as a list of module names."""
    found, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def violations(root):
    """Sentences naming each import that breaks a layer's rule, and each cycle."""
    known, imports = graph(root)
    problems = []
    for name, (ours, others) in sorted(imports.items()):
        for target in sorted(ours):
            if target not in known:
                problems.append(f"{name} imports {target}, which is not a module of the package")
            elif layer(target) not in ALLOWED[layer(name)]:
                problems.append(f"{name} ({layer(name)}) imports {target} ({layer(target)})")
        outside = sorted(o for o in others if o not in sys.stdlib_module_names)
        if outside:
            problems.append(f"{name} imports {', '.join(outside)}, outside the standard library")
    edges = {name: ours for name, (ours, _) in imports.items()}
    problems += [f"import cycle: {' -> '.join(c)}" for c in cycles(edges)]
    return problems


def test_the_package_keeps_its_layers_and_has_no_cycle():
    known, imports = graph(ROOT)
    assert {layer(n) for n in known} == {"core", "explain", "page"}  # the walk saw each layer
    assert "microgpt.model" in imports["microgpt.explain.trace"][0]  # `from .. import model`
    assert "microgpt.page.session" in imports["microgpt.page"][0]
    assert violations(ROOT) == []


def test_architecture_names_every_core_and_page_module():
    """Each module of microgpt/ and microgpt/page/ (engines/ and explain/ are named as folders)."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in [*(ROOT / "microgpt").glob("*.py"), *(ROOT / "microgpt" / "page").glob("*.py")]:
        if path.name not in ("__init__.py", "__main__.py"):
            assert f"`{path.name}`" in text, f"ARCHITECTURE.md does not name {path.name}"


def plant(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path / "microgpt" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


CLEAN = {"__init__.py": "from .model import gpt\n", "model.py": "import math\n",
         "explain/__init__.py": "", "explain/view.py": "from ..model import gpt\n",
         "page/__init__.py": "from .commands import handle\n",
         "page/commands.py": "import json\nfrom ..explain import view\nfrom .. import model\n"}


def test_a_clean_fake_tree_passes(tmp_path):
    assert violations(plant(tmp_path, CLEAN)) == []


def test_each_planted_violation_is_named(tmp_path):
    planted = {
        "model.py": "import math\nfrom .page.commands import handle\n",  # core -> page
        "explain/view.py": "from ..page import commands\n",  # explain -> page
        "trainer.py": "def later():\n    import numpy\n",  # not stdlib, inside a function
        "page/a.py": "from . import b\n", "page/b.py": "from .a import x\n",  # a cycle
    }
    found = violations(plant(tmp_path, {**CLEAN, **planted}))
    assert "microgpt.model (core) imports microgpt.page.commands (page)" in found
    assert "microgpt.explain.view (explain) imports microgpt.page.commands (page)" in found
    assert "microgpt.trainer imports numpy, outside the standard library" in found
    assert any(f.startswith("import cycle: microgpt.page.a -> microgpt.page.b -> "
                            "microgpt.page.a") for f in found), found
    # the three layer breaks and nothing else (core -> page also closes cycles through the page)
    assert len([f for f in found if not f.startswith("import cycle")]) == 3, found


def test_a_cycle_written_with_the_package_name_is_found(tmp_path):
    tree = {**CLEAN, "explain/__init__.py": "from .view import show\n",
            "explain/view.py": "from . import helper\n",
            "explain/helper.py": "from ..explain import view\n"}  # names view through explain
    found = violations(plant(tmp_path, tree))
    assert found == ["import cycle: microgpt.explain.view -> microgpt.explain.helper -> "
                     "microgpt.explain.view"]


if __name__ == "__main__":
    known, imports = graph(ROOT)
    edges = sum(len(ours) for ours, _ in imports.values())
    by_layer = {k: sum(layer(n) == k for n in known) for k in ALLOWED}
    print(f"modules: {len(known)} {by_layer}; import edges between them: {edges}; "
          f"cycles: {len(cycles({n: o for n, (o, _) in imports.items()}))}")
