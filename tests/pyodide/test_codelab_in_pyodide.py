"""The code lab inside Pyodide under Node (the page's runtime): every experiment of model.py
trains 20 steps through microgpt.edited there and learns something else than the original,
whose losses match CPython's. Runs bench/codelab.mjs --json."""
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

STEPS = 20


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "pyodide").exists(),
                    reason="needs node and the pinned pyodide: npm ci")
def test_every_experiment_trains_in_pyodide_and_differs_from_the_original():
    proc = subprocess.run(["node", str(ROOT / "bench" / "codelab.mjs"), "--steps", str(STEPS),
                           "--presets", "--json"], cwd=ROOT, capture_output=True, text=True,
                          timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["runtime"].startswith("Pyodide")
    runs = out["runs"]
    assert list(runs) == ["original", "no-attention", "no-mlp", "no-residual", "no-rmsnorm",
                          "no-position"]
    original = runs["original"]["losses"]
    for name, run in runs.items():
        assert len(run["losses"]) == STEPS and all(math.isfinite(x) for x in run["losses"])
        assert (run["losses"] == original) == (name == "original"), name
    import codelab  # the same run in this CPython
    here = codelab.measure(STEPS, presets=False)["runs"]["original"]["losses"]
    assert here == pytest.approx(original, rel=1e-12, abs=0)
