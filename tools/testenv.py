"""What `python build.py test` needs besides the site: dev packages, Chromium, test wheels."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from build import CACHE, ROOT, pypi_wheel, run

CHROMIUM = os.environ.get("MICROGPT_CHROMIUM", "/usr/bin/chromium")
PYODIDE_TEST_WHEELS = CACHE / "pyodide-test-wheels"
ENGINE_PACKAGES = {  # Debian package: a file that shows it is installed
    "firefox-esr": "/usr/bin/firefox-esr", "webkit2gtk-driver": "/usr/bin/WebKitWebDriver",
    "xvfb": "/usr/bin/Xvfb", "xauth": "/usr/bin/xauth", "locales": "/usr/share/i18n/SUPPORTED",
}


def requirements(path):
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def ensure_chromium():
    """Debian's chromium drives the browser tests; never a downloaded browser build."""
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get") and CHROMIUM == "/usr/bin/chromium":
        run("apt-get", "update")
        run("apt-get", "install", "-y", "--no-install-recommends", "chromium")
        return
    sys.exit(f"test: no Chromium at {CHROMIUM}. Install Debian's package as root "
             "(apt-get install chromium) or set MICROGPT_CHROMIUM to a Chromium binary.")


def has_locale(name):
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    return name in {n.lower() for n in listed}


def ensure_engines():
    """Firefox ESR and WebKitGTK from Debian for the engine smoke tests (never a downloaded
    build), and en_US.UTF-8 so WebKit has an ordinary locale. Not root: the tests say what lacks."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    lacking = [package for package, path in ENGINE_PACKAGES.items() if not Path(path).exists()]
    if lacking:
        run("apt-get", "update")
        run("apt-get", "install", "-y", "--no-install-recommends", *lacking)
    if not has_locale("en_us.utf8"):
        run("localedef", "-i", "en_US", "-f", "UTF-8", "en_US.UTF-8")


def prepare():
    run(sys.executable, "-m", "pip", "install", "-q", "-r", ROOT / "requirements-dev.txt")
    ensure_chromium()
    ensure_engines()
    for requirement in requirements(ROOT / "tests" / "pyodide" / "requirements.txt"):
        pypi_wheel(requirement, PYODIDE_TEST_WHEELS)


def run_tests(pytest_args):
    """One pytest session over tests/: CPython, Pyodide under Node, and the browser."""
    return subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=ROOT)
