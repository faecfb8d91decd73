"""Repeat visits start from a Pyodide memory snapshot (web/snapshot.mjs, worker.mjs's boot).

The first visit starts Python normally and keeps a snapshot after ready; the next visit restores
it ("snapshot" load phase instead of "python") and must behave exactly like a normal start. A
damaged or unusable snapshot falls back to a normal start and is dropped; a new build of the
package never restores the old one. Each test serves its own copy of the built site with no
caching (the service worker blocked), so what a visit loads is what the folder holds.
"""
import io
import shutil
import zipfile

import pytest
from e2e_helpers import Tab

import conftest
from build import stamp_precache
from test_stop import (CLIENT, LARGEST, PAUSED, TIMED_CLICK, assert_same_model, losses,
                       open_lab, reference)
from tools.devserver import start

CACHE = "caches.open('microgpt snapshot ' + new URL('./', location.href).href)"
KEPT = f"{CACHE}.then((c) => c.keys()).then((k) => k.map((r) => r.url))"
# The start-up phases this worker has finished (the client replays them to late subscribers).
PHASES = f"""async () => {{
  const seen = [];
  ({CLIENT}).on("load", (e) => {{ if (e.state === "done") seen.push(e.phase); }});
  return seen;
}}"""
# Rewrites the kept snapshot: "bytes" flips a byte of Python's memory and keeps the old sha256
# (the check before a restore catches it); "build" changes the runtime's build id in the header
# and stores a matching sha256 (only Pyodide's restore can refuse it).
DAMAGE = f"""async (how) => {{
  const cache = await {CACHE};
  const [request] = await cache.keys();
  const response = await cache.match(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  if (how === "bytes") {{
    bytes[bytes.length - 1000] ^= 0xff;
  }} else {{
    bytes[20] ^= 0xff;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    headers.set("x-microgpt-sha256",
      [...digest].map((b) => b.toString(16).padStart(2, "0")).join(""));
  }}
  await cache.put(request, new Response(bytes, {{ headers }}));
}}"""


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(conftest.SITE, folder)
    server, url = start(folder)
    yield url, folder
    server.shutdown()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                  service_workers="block")
    yield context
    context.close()


def phases(tab):
    return tab.page.evaluate(PHASES)


def kept(tab):
    """The URLs of the snapshots kept for this site (at most one), once one is stored."""
    tab.wait_until(f"{KEPT}.then((k) => k.length === 1)", 120)
    return tab.page.evaluate(KEPT)


def train_and_sample(tab):
    """Train the query's 5 steps to done, then sample: (losses, names)."""
    page = tab.page
    page.click("[data-lab] [data-action=train]")
    tab.wait_state("done", timeout=120_000)
    page.click("[data-action=sample]")
    # the final names are on show already: wait for the button's own
    tab.wait_until("document.querySelector('[data-samples]').dataset.kind === 'sampled'")
    names = page.eval_on_selector_all(".samples li", "items => items.map((i) => i.textContent)")
    return losses(tab), names


def test_a_second_visit_starts_from_the_snapshot_and_trains_like_a_normal_start(
        browser, context, served):
    url, _ = served
    first = Tab(context.new_page(), url).open("?steps=5")
    assert "python" in phases(first) and "snapshot" not in phases(first)
    kept(first)
    first.reload()
    assert "snapshot" in phases(first) and "python" not in phases(first)
    restored = train_and_sample(first)
    first.check()
    fresh_context = browser.new_context(service_workers="block")
    try:
        fresh = Tab(fresh_context.new_page(), url).open("?steps=5")
        assert "python" in phases(fresh)
        normal = train_and_sample(fresh)
        fresh.check()
    finally:
        fresh_context.close()
    assert len(normal[0]) == 5 and normal[1]
    assert restored == normal  # the same losses to the last bit, the same names


@pytest.mark.parametrize("how", ["bytes", "build"])
def test_a_damaged_snapshot_falls_back_to_a_normal_start_and_is_dropped(context, served, how):
    url, _ = served
    tab = Tab(context.new_page(), url).open()
    kept(tab)
    tab.page.evaluate(DAMAGE, how)
    warnings = []
    tab.page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))
    tab.reload()
    assert "python" in phases(tab) and "snapshot" not in phases(tab)
    assert any(w.startswith("memory snapshot not used: ") for w in warnings), warnings
    assert tab.page.evaluate(KEPT) == []  # dropped; this visit takes none
    before = tab.step()
    tab.page.click("[data-action=step]")
    tab.wait_step(lambda s: s == before + 1)
    tab.check()
    tab.reload()  # the next visit snapshots again
    assert "python" in phases(tab)
    kept(tab)


def test_a_new_build_of_the_package_does_not_restore_the_old_snapshot(context, served):
    url, folder = served
    tab = Tab(context.new_page(), url).open()
    (old,) = kept(tab)
    wheel = folder / "wheels" / "microgpt-0.1.0-py3-none-any.whl"
    data = io.BytesIO(wheel.read_bytes())
    with zipfile.ZipFile(data, "a") as archive:  # a changed package, same file name
        archive.writestr("microgpt/_next_build.txt", "next\n")
    wheel.write_bytes(data.getvalue())
    stamp_precache(folder)
    tab.reload()
    assert "python" in phases(tab) and "snapshot" not in phases(tab)
    # the old build's snapshot replaced by the new one's
    tab.wait_until(f"{KEPT}.then((k) => k.length === 1 && k[0] !== '{old}')", 120)
    tab.reload()
    assert "snapshot" in phases(tab)
    tab.check()


@pytest.fixture
def isolated(browser, tmp_path):
    server, url = start(conftest.SITE, headers=conftest.ISOLATION)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                  service_workers="block")
    yield Tab(context.new_page(), url)
    context.close()
    server.shutdown()


def test_pause_lands_mid_step_after_a_snapshot_start(isolated):
    """The interrupt buffer is set after the restore: a Pause still stops a step midway."""
    tab = isolated
    tab.open()
    kept(tab)
    open_lab(tab, True)  # the second visit, at the largest sizes
    assert "snapshot" in phases(tab)
    page = tab.page
    page.click("[data-lab] [data-action=train]")
    tab.wait_state("training")
    tab.wait_step(lambda s: s >= 2, timeout=300)
    out = page.evaluate(TIMED_CLICK, ["[data-lab] [data-action=pause]", PAUSED])
    assert out["running"], out
    step = tab.py("status")["step"]
    assert step in (out["step"], out["step"] + 1)  # the step under way undone, or just done
    expected_losses, expected = reference(LARGEST, step)
    assert_same_model(tab.py("save_model")["text"], expected)
    assert losses(tab) == pytest.approx(expected_losses, rel=1e-9)
    tab.check()
