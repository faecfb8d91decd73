"""Run the browser tests several times in a row while every core is kept busy.

    python bench/loaded_suite.py [--runs 3] [--keep DIR] [-- PYTEST ARGS]

A flaky suite decides at random what lands, so this is how its stability is shown: a fresh
clone of HEAD (no ../shared beside it, as a fork on GitHub has, so the one test that needs
Karpathy's names.txt skips), its own site build, one `python -c "while 1: pass"` per core, then
pytest over tests/e2e and tests/engines (or the PYTEST ARGS given) `--runs` times. Prints each
run's outcome and seconds and the load averages seen; the logs stay in --keep (default: a
temporary folder, named at the end). Run `python build.py test` once first on this machine: it
installs the browsers and the locale the engine tests need.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/e2e", "tests/engines"]


def sh(*cmd, cwd=None, env=None):
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def watch_load(seen, stop):
    """Every minute, the 1-, 5- and 15-minute load averages."""
    while True:
        seen.append(os.getloadavg())
        if stop.wait(60):
            return


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder for the clone, site and logs")
    parser.add_argument("pytest_args", nargs="*", help="after --: what pytest runs")
    args = parser.parse_args()
    work = (args.keep or Path(tempfile.mkdtemp(prefix="loaded-suite-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    repo, site = work / "repo", work / "site"
    if repo.exists():
        sys.exit(f"{repo} exists: give --keep a new folder")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    print(f"clone of {commit} in {repo}; building the site", flush=True)
    sh("git", "clone", "-q", str(ROOT), str(repo))
    env = {**os.environ, "MICROGPT_SITE": str(site), "CI": "true"}
    sh("npm", "ci", cwd=repo, env=env)
    sh(sys.executable, "build.py", cwd=repo, env=env)

    cores = os.cpu_count() or 2
    busy = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(cores)]
    loads, stop = [], threading.Event()
    watcher = threading.Thread(target=watch_load, args=(loads, stop), daemon=True)
    watcher.start()
    results = []
    try:
        for run in range(1, args.runs + 1):
            log = work / f"run{run}.log"
            started = time.monotonic()
            with log.open("w") as out:
                code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-rfE",
                                        "-p", "no:cacheprovider", *(args.pytest_args or TESTS)],
                                       cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT)
            seconds = time.monotonic() - started
            last = log.read_text().strip().splitlines()[-1:] or ["(no output)"]
            results.append((run, code, seconds, last[0]))
            print(f"run {run}: exit {code}, {seconds:.0f} s: {last[0]}", flush=True)
    finally:
        for process in busy:
            process.kill()
        stop.set()
        watcher.join()
    five = [load[1] for load in loads[5:]] or [load[1] for load in loads]
    print(f"\ncommit {commit}, {cores} busy loops on {cores} cores; 5-minute load average "
          f"{min(five):.1f} to {max(five):.1f} (after the first 5 minutes); logs in {work}")
    for run, code, seconds, last in results:
        print(f"| {run} | {'passed' if code == 0 else 'FAILED'} | {seconds:.0f} s | {last} |")
    return 0 if all(code == 0 for _, code, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
