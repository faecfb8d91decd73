"""Drives the built page in Debian's Firefox ESR: firefox.mjs (puppeteer-core, WebDriver BiDi) in
Node. run() returns what it saw, like webkit.run()."""
import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIREFOX = "/usr/bin/firefox-esr"
DRIVER = Path(__file__).with_name("firefox.mjs")


def missing():
    """What this machine lacks to run Firefox, or None."""
    lacking = [name for name, ok in [
        ("firefox-esr", Path(FIREFOX).exists()), ("node", shutil.which("node")),
        ("npm puppeteer-core", (ROOT / "node_modules" / "puppeteer-core").is_dir())] if not ok]
    return " ".join(lacking) or None


def run(url, steps):
    """Open url?steps=N, train, sample, refuse a setting: times, names, chart points, errors."""
    proc = subprocess.run(["node", str(DRIVER), url, str(steps), FIREFOX], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])
