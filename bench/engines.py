"""Ready time and the default 1000-step run in the other two engines, Firefox ESR and WebKitGTK,
beside Chromium measured the same way.

    python build.py && python bench/engines.py [--runs 3] [--steps 1000]

Serves the built site on 127.0.0.1 and drives Debian's browsers the way tests/engines does
(Firefox through puppeteer-core, WebKitGTK through Selenium on Xvfb with LANG=en_US.UTF-8), and
Chromium through Playwright.
Each run is a fresh browser. "ready" is the page's microgpt-ready mark (from navigation start);
"train" is timed inside the page from the click on Train to the lab's "done".
A benchmark, not a test: it prints figures and checks only that the run finished.
"""
import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "engines"))
from build import SITE  # noqa: E402
from tools.devserver import start  # noqa: E402
import firefox  # noqa: E402
import webkit  # noqa: E402
from bench.page import RUN_TO_DONE  # noqa: E402

CHROMIUM = os.environ.get("MICROGPT_CHROMIUM", "/usr/bin/chromium")
TRAIN = RUN_TO_DONE  # click Train, resolve with the ms until the lab says done


def chromium(url, steps):
    """The same figures in Chromium, for a side-by-side under the same machine load."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{url}?steps={steps}")
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=180_000)
            ready = page.evaluate("performance.getEntriesByName('microgpt-ready')[0].startTime")
            return {"readyMs": ready, "trainMs": page.evaluate(TRAIN), "browser": browser.version,
                    "step": int(page.get_attribute("[data-lab]", "data-step"))}
        finally:
            browser.close()


ENGINES = {
    "Chromium": (lambda: None if Path(CHROMIUM).exists() else CHROMIUM, chromium),
    "Firefox ESR": (firefox.missing, lambda url, steps: firefox.run(url, steps)),
    "WebKitGTK": (webkit.missing, lambda url, steps: webkit.run(url, steps, "en_US.UTF-8")),
}


def seconds(values):
    each = ", ".join(f"{v / 1000:.1f}" for v in values)
    return f"{statistics.median(values) / 1000:.1f} s ({each})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3,
                        help="fresh browsers per engine (median shown)")
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    server, url = start(SITE)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores; load average before the runs {load}; {args.steps} steps")
    try:
        for name, (missing, run) in ENGINES.items():
            if missing():
                print(f"{name}: not installed ({missing()})")
                continue
            ready, train, version = [], [], ""
            for _ in range(args.runs):
                seen = run(url, args.steps)
                assert seen["step"] == args.steps, seen
                ready.append(seen["readyMs"])
                train.append(seen["trainMs"])
                version = seen["browser"]
            print(f"{name} ({version}): ready {seconds(ready)}; "
                  f"{args.steps} steps {seconds(train)}")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
