"""Pause latency in the page: default and largest sizes, cross-origin isolated (the interrupt)
and not (Pause lands between chunks; a longer wait restarts Python). Prints ms per trial.

    MICROGPT_SITE=... python bench/stop.py [--trials 3]
"""
import argparse
import os
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from build import SITE  # noqa: E402
from conftest import ARGS, CHROMIUM  # noqa: E402
from e2e_helpers import Tab  # noqa: E402
from tools.devserver import start  # noqa: E402

ISOLATION = {"Cross-Origin-Opener-Policy": "same-origin",
             "Cross-Origin-Embedder-Policy": "require-corp"}
SIZES = {"default": {}, "largest": {"n_layer": 4, "n_embd": 64, "n_head": 4, "block_size": 64}}
CLIENT = 'await import(new URL("client.js", location.href).href)'
# ms from clicking Pause until the lab says paused with its buttons back
PAUSE = """() => new Promise((resolve) => {
  const lab = document.querySelector("[data-lab]");
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (lab.dataset.state !== "paused" || lab.querySelector("[data-action=step]").disabled) return;
    observer.disconnect();
    resolve(performance.now() - t0);
  });
  observer.observe(lab, { attributes: true, subtree: true });
  lab.querySelector("[data-action=pause]").click();
})"""


def measure(browser, url, sizes, trials):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = Tab(context.new_page(), url).open()
    tab.settings()  # the lab's settings are folded at first
    for name, value in sizes.items():
        tab.page.fill(f"[data-lab] [name={name}]", str(value))
        tab.page.press(f"[data-lab] [name={name}]", "Enter")
        tab.wait_until(f"({CLIENT}).call('status')"
                       f".then((s) => String(s.settings.{name}) === '{value}')")
    out = []
    for trial in range(trials):
        tab.page.click("[data-lab] [data-action=train], [data-lab] [data-action=resume]")
        tab.wait_state("training")
        at = tab.step()
        tab.wait_step(lambda s: s >= at + 2, timeout=300)
        out.append(tab.page.evaluate(PAUSE))
    context.close()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for isolated in (True, False):
            server, url = start(SITE, headers=ISOLATION if isolated else None)
            for label, sizes in SIZES.items():
                ms = measure(browser, url, sizes, args.trials)
                print(f"{'isolated' if isolated else 'not isolated':13} {label:8} Pause ms: "
                      f"{', '.join(f'{m:.0f}' for m in ms)} (median {statistics.median(ms):.0f})")
            server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()
