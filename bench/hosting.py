"""Hosting figures (run from bench/page.py): the site served like GitHub Pages under /microgpt/.

1. first visit, empty cache: unthrottled, then Chromium's network emulation at 20 and 5 Mbit/s
2. repeat visit in the same browser profile, the service worker controlling the page, once
   the first visit's memory snapshot is kept (Python restored from it), then again with the
   snapshot deleted (a normal start from the service worker's cache: the compiled-wasm cache)
3. reload while offline (the service worker's cache only, from the snapshot), then one step
4. bytes the server sent for a first visit, until ready (bodies, gzip as Pages sends them)
"""
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.devserver import Server
from tools.pages_server import PagesHandler

# Every start-up phase the worker reported (client.js replays them to late subscribers).
PHASES = """async () => {
  const client = await import(new URL("client.js", location.href).href);
  const seen = {};
  client.on("load", (e) => { if (e.state === "done") seen[e.phase] = Math.round(e.ms); });
  return seen;
}"""
# The memory snapshots kept for the site (web/snapshot.mjs), and their deletion.
SNAPSHOTS = "caches.open('microgpt snapshot ' + new URL('./', location.href).href)"
# Resolves once one snapshot is kept; throws after two minutes (evaluate, not eval: the CSP).
WAIT_KEPT = f"""async () => {{
  for (const until = performance.now() + 120000; performance.now() < until;) {{
    if ((await (await {SNAPSHOTS}).keys()).length === 1) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }}
  throw new Error("no memory snapshot kept within 2 minutes");
}}"""
DROP = "caches.delete('microgpt snapshot ' + new URL('./', location.href).href)"
READY_MS = "performance.getEntriesByName('microgpt-ready')[0].startTime"
NETWORKS = {  # name -> CDP Network.emulateNetworkConditions arguments
    "20 Mbit/s, 40 ms": {"latency": 40, "downloadThroughput": 20e6 / 8,
                         "uploadThroughput": 5e6 / 8},
    "5 Mbit/s, 40 ms": {"latency": 40, "downloadThroughput": 5e6 / 8,
                        "uploadThroughput": 2e6 / 8},
}


class Counting(PagesHandler):
    """Pages' answers, with the size of every body written kept in server.sent (a list)."""

    def send(self, status, data, headers, body):
        if body:
            self.server.sent.append(len(data))
        super().send(status, data, headers, body)


def start(site):
    attrs = {"root": Path(site), "repo": "microgpt", "quiet": True}
    server = Server(("127.0.0.1", 0), type("Pages", (Counting,), attrs))
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/microgpt/"


def throttle(context, page, network):
    """Emulate `network` for the page; its dedicated worker's fetches are throttled with it
    (checked: the wasm's response time in Playwright's timing follows the emulated rate)."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", {"offline": False, **network})


def first_visit(browser, url, network=None, sent=()):
    """(ms to ready, the worker's phases) in a fresh profile, and the bytes in `sent` at ready
    (counted at once: the service worker's precache starts once Python is up)."""
    context = browser.new_context()
    page = context.new_page()
    if network:
        throttle(context, page, network)
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=300_000)
    until_ready = sum(sent)
    return context, page, (page.evaluate(READY_MS), page.evaluate(PHASES)), until_ready


def wait_kept(page):
    """Until the worker has stored its memory snapshot (after ready, in the background)."""
    page.evaluate(WAIT_KEPT)


def visit(page, url=None):
    """Navigate to url (or reload) and return (ms to ready, phases)."""
    page.goto(url) if url else page.reload()
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
    return page.evaluate(READY_MS), page.evaluate(PHASES)


def measure(browser, url, server, runs):
    rows = {}
    for _ in range(runs):
        server.sent.clear()
        context, page, figures, until_ready = first_visit(browser, url, sent=server.sent)
        rows.setdefault("first visit, localhost", []).append(figures)
        rows.setdefault("bytes", []).append(until_ready)
        page.evaluate("navigator.serviceWorker.ready")  # precached and active
        wait_kept(page)
        figures = visit(page, url)
        assert "snapshot" in figures[1], f"not restored from the snapshot: {figures[1]}"
        assert page.evaluate("self.crossOriginIsolated"), "repeat visit not isolated"
        rows.setdefault("repeat visit (service worker, memory snapshot)", []).append(figures)
        page.evaluate(DROP)
        figures = visit(page)
        assert "python" in figures[1], f"not a normal start: {figures[1]}"
        rows.setdefault("repeat visit (service worker, no snapshot)", []).append(figures)
        wait_kept(page)
        context.set_offline(True)
        figures = visit(page)
        page.click("[data-action=step]")
        page.wait_for_selector("[data-lab][data-step='1']", state="attached", timeout=60_000)
        rows.setdefault("offline reload, then one step trained", []).append(figures)
        context.close()
    for name, network in NETWORKS.items():
        for _ in range(runs):
            context, _, figures, _ = first_visit(browser, url, network)
            rows.setdefault(f"first visit, {name}", []).append(figures)
            context.close()
    return rows


def main(site, chromium, args, runs):
    server, url = start(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        rows = measure(browser, url, server, runs)
        browser.close()
    server.shutdown()
    sent = rows.pop("bytes")
    print(f"hosting: site served like GitHub Pages (tools/pages_server.py) at {url}")
    print("| figure | median ready | runs (s) | phases of the median run (ms) |")
    print("|---|---|---|---|")
    for name, results in rows.items():
        ordered = sorted(results, key=lambda r: r[0])
        ms, phases = ordered[len(ordered) // 2]
        print(f"| {name} | {ms / 1000:.2f} s | "
              + ", ".join(f"{m / 1000:.2f}" for m, _ in results) + " | "
              + ", ".join(f"{k} {v}" for k, v in phases.items()) + " |")
    print(f"| bytes sent on a first visit, until ready | {statistics.median(sent) / 1e6:.2f} MB | "
          + ", ".join(f"{b / 1e6:.2f}" for b in sent) + " | |")
