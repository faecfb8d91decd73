"""Shared by the engine smoke tests: the built site on 127.0.0.1, the Python package's own names,
and the rule for a missing browser (skip with a reason on a developer's machine, fail in CI)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

if sys.platform == "emscripten":  # the Pyodide run of tests/: no processes, no browsers to drive
    pytest.skip("the engine smoke tests drive browsers from CPython", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from build import SITE  # noqa: E402  $MICROGPT_SITE or site/
from tools.devserver import start  # noqa: E402

STEPS = 30  # enough to leave the untrained model's names behind, quick in every engine


@pytest.fixture(scope="module")
def site_url():
    assert (SITE / "build.json").exists(), "no built site: run python build.py (or build.py test)"
    server, url = start(SITE)
    yield url
    server.shutdown()


def require(lacking, engine):
    """Skip (or, under CI=true, fail) when the engine's pieces are not on this machine."""
    if not lacking:
        return
    reason = f"{engine} not installed ({lacking}); python build.py test installs it as root"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def python_names(steps=STEPS):
    """The 20 names `python -m microgpt train --steps N` prints: the page samples the same ones
    (same default data and seed, identical floats in every engine)."""
    out = subprocess.run([sys.executable, "-m", "microgpt", "train", "--steps", str(steps)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    return [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("sample ")]


def check_run(seen, steps=STEPS):
    """What every engine must show after opening the page and training `steps` steps."""
    assert seen["failed"] is None, f"parts failed to load: {seen['failed']}"
    assert seen["step"] == steps and seen["points"] == steps
    assert seen["canvas"] >= 1, "no chart"
    assert seen["names"] == python_names(steps)
    refusal = seen["refusal"]
    assert "divisible" in refusal["text"] and "n_head (3)" in refusal["text"], refusal
    assert refusal["invalid"] == "true" and refusal["sampleDisabled"], refusal
