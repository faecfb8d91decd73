"""Page figures for docs/BENCHMARKS.md: start-up, the default run, scalar ms/step, and hosting.

    python build.py && python bench/page.py [--runs 3] [--part all|page|hosting]

Serves site/ on 127.0.0.1 and drives Debian's Chromium (MICROGPT_CHROMIUM overrides the path).
"hosting" serves it like GitHub Pages (tools/pages_server.py) and times first visits (unthrottled
and under Chromium's network emulation), repeat visits under the service worker (from the memory
snapshot, and without it), an offline reload, and the bytes a first visit transfers.
A benchmark, not a test: it prints figures and checks nothing but that the page worked.
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from build import SITE  # noqa: E402
from tools.devserver import start  # noqa: E402
from bench import hosting  # noqa: E402

CHROMIUM = os.environ.get("MICROGPT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Click Train and resolve with the milliseconds until the lab says "done".
RUN_TO_DONE = """() => new Promise((resolve) => {
  const lab = document.querySelector("[data-lab]");
  const start = performance.now();
  new MutationObserver(() => {
    if (lab.dataset.state === "done") resolve(performance.now() - start);
  }).observe(lab, {attributes: true});
  document.querySelector("[data-action=train]").click();
})"""


def open_ready(browser, url):
    """A fresh tab (empty cache); returns it and ms from navigation start to the lab being ready."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
    ms = page.evaluate("performance.getEntriesByName('microgpt-ready')[0].startTime")
    return context, page, ms


def run(browser, url):
    """Ms from clicking Train to done, the steps done, and the engine used."""
    context, page, _ = open_ready(browser, url)
    engine = page.input_value("[name=engine]")
    ms = page.evaluate(RUN_TO_DONE)
    steps = int(page.get_attribute("[data-lab]", "data-step"))
    context.close()
    return ms, steps, engine


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # other work on the machine skews figures
    return (f"{os.cpu_count()} cores, {cpu}; {chromium}; Python {platform.python_version()} "
            f"on the host; load average before the run {load}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repeats of each figure (median shown)")
    parser.add_argument("--part", choices=("all", "page", "hosting"), default="all")
    args = parser.parse_args()
    assert (SITE / "build.json").exists(), "build the site first: python build.py"
    about = machine()
    print(f"machine: {about}")
    if args.part in ("all", "hosting"):
        hosting.main(SITE, CHROMIUM, ARGS, args.runs)
    if args.part == "hosting":
        return
    server, url = start(SITE)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ready = []
        for _ in range(args.runs):
            context, _, ms = open_ready(browser, url)
            context.close()
            ready.append(ms)
        default = [run(browser, url) for _ in range(args.runs)]
        scalar = [run(browser, url + "?engine=scalar&steps=50") for _ in range(args.runs)]
        browser.close()
    server.shutdown()
    assert all(steps == 1000 for _, steps, _ in default) and all(s == 50 for _, s, _ in scalar)
    median = statistics.median
    print("| figure | median | runs |")
    print("|---|---|---|")
    print(f"| navigation to ready (localhost, empty cache) | {median(ready) / 1000:.2f} s | "
          + ", ".join(f"{m / 1000:.2f}" for m in ready) + " |")
    print(f"| default run, 1000 steps, `{default[0][2]}` engine, Train to done | "
          f"{median(m for m, _, _ in default) / 1000:.2f} s | "
          + ", ".join(f"{m / 1000:.2f}" for m, _, _ in default) + " |")
    print(f"| scalar engine, 50 steps, Train to done | {median(m for m, _, _ in scalar) / 50:.0f} ms/step | "
          + ", ".join(f"{m / 50:.0f}" for m, _, _ in scalar) + " |")


if __name__ == "__main__":
    main()
