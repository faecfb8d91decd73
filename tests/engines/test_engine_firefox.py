"""Smoke test in Firefox ESR (Debian's), driven by puppeteer-core over WebDriver BiDi."""
import json
import shutil
import subprocess
from pathlib import Path

from engine_kit import ROOT, STEPS, check_run, require, site_url  # noqa: F401  (a fixture)

FIREFOX = "/usr/bin/firefox-esr"
DRIVER = Path(__file__).with_name("firefox.mjs")


def missing():
    lacking = [name for name, ok in [
        ("firefox-esr", Path(FIREFOX).exists()), ("node", shutil.which("node")),
        ("npm puppeteer-core", (ROOT / "node_modules" / "puppeteer-core").is_dir())] if not ok]
    return " ".join(lacking) or None


def run_firefox(url, steps):
    """What firefox.mjs saw: ready and train times, names, chart points, the refusal."""
    proc = subprocess.run(["node", str(DRIVER), url, str(steps), FIREFOX], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_firefox_gets_ready_trains_samples_the_same_names_and_refuses(site_url):
    require(missing(), "Firefox")
    seen = run_firefox(site_url, STEPS)
    assert seen["browser"].startswith("firefox"), seen["browser"]
    assert not seen["errors"], seen["errors"]
    check_run(seen)
