"""Karpathy's reference run, for the fidelity tests.

His figures (1000 losses at full precision, his 20 samples) are a committed fixture,
tests/fixtures/karpathy_run.txt. His dataset, makemore's names.txt, is not in the repository;
names_path() looks for it in $MICROGPT_REFERENCE_DIR, ../shared/reference/ and .cache/reference/,
else downloads it once into .cache/reference/ and checks its sha256. When it cannot be had, the
tests that need it skip with one line saying why and how to provide it.

    python tests/reference.py    # fetch names.txt into .cache/reference/ now (CI does this)
"""
import hashlib
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "karpathy_run.txt"
CACHE = ROOT / ".cache" / "reference"
# The file Karpathy's microgpt.py downloads: makemore's names.txt at commit 988aa59
NAMES_URL = "https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt"
NAMES_SHA256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"
HOW = ("set MICROGPT_REFERENCE_DIR to a folder holding makemore's names.txt (commit 988aa59), "
       "or run python tests/reference.py once with the network")


class Unavailable(Exception):
    """names.txt is nowhere here and cannot be downloaded: the tests that need it skip."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def folders():
    """Where names.txt may already be, in order."""
    given = os.environ.get("MICROGPT_REFERENCE_DIR")
    return ([Path(given)] if given else []) + [ROOT.parent / "shared" / "reference", CACHE]


def download(url, cache):
    """Fetch url into cache/names.txt, refusing anything whose sha256 is not makemore's."""
    if sys.platform == "emscripten":
        raise Unavailable("Pyodide cannot download it")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            data = response.read()
    except (OSError, ValueError) as error:  # offline, refused, timed out, HTTP error
        raise Unavailable(f"downloading {url} failed ({error})") from None
    if sha256(data) != NAMES_SHA256:
        raise ValueError(f"refused {url}: sha256 {sha256(data)} is not makemore's names.txt "
                         f"({NAMES_SHA256})")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache, delete=False) as part:
        part.write(data)
    return Path(part.name).replace(cache / "names.txt")  # whole or absent, never half-written


def find_names(url=None, cache=CACHE):
    """The path of makemore's names.txt: found, or downloaded once; Unavailable otherwise."""
    key = (url, cache, os.environ.get("MICROGPT_REFERENCE_DIR"))
    if key not in _found:  # a failure is kept too: offline, one attempt per session
        try:
            _found[key] = lookup(url, cache)
        except (Unavailable, ValueError) as problem:
            _found[key] = problem
    if isinstance(_found[key], Exception):
        raise _found[key]
    return _found[key]


_found = {}


def lookup(url, cache):
    """The first names.txt of folders() (checked), else the download."""
    for folder in (*folders()[:-1], cache):
        path = folder / "names.txt"
        if path.is_file():
            if sha256(path.read_bytes()) != NAMES_SHA256:
                raise ValueError(f"{path} is not makemore's names.txt (sha256 differs); {HOW}")
            return path
    return download(url or os.environ.get("MICROGPT_REFERENCE_URL", NAMES_URL), cache)


def names_path():
    """find_names() for a test: skips in one line when the file cannot be had (unless
    MICROGPT_REQUIRE_REFERENCE=1, as in the GitHub workflow, where that is a failure)."""
    import pytest  # here, so that python tests/reference.py runs before pytest is installed
    try:
        return find_names()
    except Unavailable as why:
        message = f"makemore's names.txt not found and not downloadable: {why}; {HOW}"
        if os.environ.get("MICROGPT_REQUIRE_REFERENCE") == "1":
            pytest.fail(message)
        pytest.skip(message)


def reference_dir():
    """The folder holding makemore's names.txt (skips like names_path)."""
    return names_path().parent


def reference_docs():
    from microgpt import load_docs
    return load_docs(names_path().read_text(encoding="utf-8"))


def reference_run():
    """(losses of steps 1..N, sample names) as printed by Karpathy's script."""
    losses, samples = [], []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        if line.startswith("step "):
            losses.append(float(line.split("| loss ")[1]))
        elif line.startswith("sample "):
            samples.append(line.split(": ", 1)[1] if ": " in line else "")
    return losses, samples


if __name__ == "__main__":
    try:
        print(f"makemore's names.txt: {os.path.relpath(find_names())}")
    except (Unavailable, ValueError) as problem:
        sys.exit(f"reference: error: {problem}")
