"""The Python suite again, inside Pyodide under Node; and the built wheel installed by micropip."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run.mjs"


def run_node(*args, timeout):
    proc = subprocess.run(["node", str(RUNNER), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    sys.stdout.write(proc.stdout[-20000:])  # pytest's own report from inside Pyodide
    assert proc.returncode == 0, proc.stderr[-3000:]  # ends with the test that was running
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("RESULT "), last
    return json.loads(last[len("RESULT "):])


def core_test_ids(session):
    """Node ids CPython collected from tests/ itself (not tests/pyodide or tests/e2e)."""
    return {item.nodeid for item in session.items
            if Path(str(item.path)).parent == ROOT / "tests"}


def test_python_suite_passes_inside_pyodide(request):
    out = run_node("suite", timeout=1800)
    outcomes = out["outcomes"]
    failed = {k: v for k, v in outcomes.items() if v != "passed" and v != "skipped"}
    assert out["platform"] == "emscripten"
    assert out["pytest"] == pytest.__version__, "keep tests/pyodide/requirements.txt in step"
    assert not failed, failed
    assert out["exit"] == 0
    expected = core_test_ids(request.session)
    assert expected, "CPython collected no core tests to compare with"
    # every core test ran inside Pyodide too; skips there must say why (see their reasons)
    assert set(outcomes) >= expected, sorted(expected - set(outcomes))[:10]
    passed = sum(1 for v in outcomes.values() if v == "passed")
    assert passed >= 0.9 * len(expected), f"only {passed} of {len(expected)} passed in Pyodide"


def test_built_wheel_installs_with_micropip():
    from build import SITE as site
    assert (site / "build.json").exists(), "build the site first: python build.py"
    out = run_node("wheel", str(site), timeout=600)
    manifest = json.loads((site / "build.json").read_text())
    assert out["installed"] == ["microgpt"]
    assert "site-packages" in out["file"], out["file"]  # the wheel, not the source tree
    assert manifest["wheel"].endswith(f"microgpt-{out['version']}-py3-none-any.whl")
    status = out["status"]["result"]
    assert status["dataset"]["count"] == len((site / "data" / "names.txt").read_text().split())
    steps = out["chunk"]["result"]["steps"]
    assert [s["step"] for s in steps] == [1, 2, 3]
    assert all(0 < s["loss"] < 10 for s in steps)
    assert len(out["samples"]["result"]) == 3
