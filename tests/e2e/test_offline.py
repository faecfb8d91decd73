"""The service worker: scoped to the site's folder, isolates repeat visits, works offline,
and swaps in a new build only when the reader accepts it.

Each test serves its own copy of the built site as Pages would, under /microgpt/
(tools/pages_server.py), so one test can rebuild its copy without touching the others.
"""
import json
import re
import shutil

import pytest
from e2e_helpers import Tab

import conftest
from build import stamp_precache
from tools import pages_server

KARPATHY_URL = "https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt"


@pytest.fixture
def served(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(conftest.SITE, folder)
    server, url = pages_server.start(folder)
    yield url, folder
    server.shutdown()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    yield context
    context.close()


def version_of(folder):
    return re.search(r'^const BUILD = \{"version": "(\w+)"', (folder / "sw.js").read_text(),
                     re.M).group(1)


def our_caches(page):
    """The service worker's caches (the worker keeps its memory snapshot in another)."""
    return [n for n in page.evaluate("caches.keys()") if not n.startswith("microgpt snapshot ")]


def python_worker(page):
    (worker,) = [w for w in page.workers if w.url.endswith("/worker.mjs")]
    return worker


def first_then_controlled(context, url):
    """First visit, wait for the service worker to be active, then a second visit."""
    tab = Tab(context.new_page(), url).open()
    scope = tab.page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == url  # the site's folder, not the origin's root
    assert tab.page.evaluate("navigator.serviceWorker.controller") is None
    assert tab.page.evaluate("self.crossOriginIsolated") is False  # Pages sends no COOP/COEP
    tab.reload()
    return tab


def step_once(tab):
    before = tab.step()
    tab.page.click("[data-action=step]")
    tab.wait_step(lambda s: s == before + 1)


def test_second_visit_is_controlled_isolated_and_reloads_offline(context, served):
    url, folder = served
    tab = first_then_controlled(context, url)
    page = tab.page
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == url + "sw.js"
    assert page.evaluate("self.crossOriginIsolated") is True
    assert python_worker(page).evaluate("self.crossOriginIsolated") is True
    assert our_caches(page) == [f"microgpt {url} {version_of(folder)}"]
    context.set_offline(True)
    tab.reload()
    assert page.evaluate("navigator.onLine") is False
    step_once(tab)
    tab.page.click("[data-action=sample]")
    tab.wait_until("document.querySelector('[data-samples]').dataset.kind === 'sampled'")
    tab.check()


def test_a_new_build_waits_for_the_reader_then_replaces_the_old(context, served):
    url, folder = served
    old = version_of(folder)
    tab = first_then_controlled(context, url)
    page = tab.page
    title = page.text_content("h1")
    # a new build: one text changed, the precache list stamped again
    en = folder / "i18n" / "en.json"
    strings = json.loads(en.read_text())
    strings["common"]["title"] = "microgpt, the next build"
    en.write_text(json.dumps(strings, ensure_ascii=False))
    stamp_precache(folder)
    new = version_of(folder)
    assert new != old
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.wait_for_selector("[data-update]", timeout=90_000)
    assert page.text_content("[data-update]").startswith("A new version of this page is ready.")
    tab.reload()  # until the reader accepts, every load is the old build, whole
    page.wait_for_selector("[data-update]", timeout=90_000)
    assert page.text_content("h1") == title
    assert sorted(our_caches(page)) == sorted([f"microgpt {url} {old}", f"microgpt {url} {new}"])
    with page.expect_navigation():
        page.click("[data-action=update-reload]")
    tab.wait_ready()
    assert page.text_content("h1") == "microgpt, the next build"
    assert our_caches(page) == [f"microgpt {url} {new}"]
    assert page.evaluate("self.crossOriginIsolated") is True
    step_once(tab)
    tab.check()


def test_the_karpathy_download_works_in_an_isolated_page(context, served):
    url, _ = served
    names = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper"]
    served_to = []

    def serve(route):
        served_to.append(route.request.url)
        route.fulfill(status=200, body="\n".join(names) + "\n",
                      headers={"Content-Type": "text/plain; charset=utf-8",
                               "Access-Control-Allow-Origin": "*"})
    context.route(KARPATHY_URL, serve)
    tab = first_then_controlled(context, url)
    page = tab.page
    assert page.evaluate("self.crossOriginIsolated") is True
    page.click("[data-preset=karpathy]")
    tab.wait_until(f"document.querySelector('[data-dataset-report] dd')?.textContent === "
                   f"'{len(names)}'")
    assert served_to == [KARPATHY_URL]
    step_once(tab)
    assert not tab.errors, tab.errors
    assert set(tab.off_origin()) == {KARPATHY_URL}  # the one request off the site


def test_the_loading_panel_counts_megabytes_per_file(context, served):
    url, folder = served
    sizes = json.loads((folder / "build.json").read_text())["sizes"]
    tab = Tab(context.new_page(), url).open()
    lines = tab.page.eval_on_selector_all("[data-downloads] li",
                                          "items => items.map((i) => i.textContent)")
    wasm = sizes[next(p for p in sizes if p.endswith("pyodide.asm.wasm"))] / 1e6
    assert f"pyodide.asm.wasm: {wasm:.1f} of {wasm:.1f} MB" in lines, lines
    assert any(line.startswith("python_stdlib.zip: ") for line in lines), lines
    assert tab.page.is_hidden("[data-downloads]")  # ready: the phase times remain
    tab.check()
