"""Browser tests: the built site served on 127.0.0.1, driven by Debian's Chromium via Playwright."""
import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.devserver import start  # noqa: E402
from e2e_helpers import Tab  # noqa: E402

from build import SITE  # noqa: E402  $MICROGPT_SITE or site/
CHROMIUM = os.environ.get("MICROGPT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def site_url():
    assert (SITE / "build.json").exists(), "no built site: run python build.py (or build.py test)"
    server, url = start(SITE)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser, site_url):
    # No service worker here: its precache would download the whole site again for every test on a
    # no-store server; test_offline, test_pages and test_stop make their own contexts with it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                  service_workers="block")
    tab = Tab(context.new_page(), site_url)
    yield tab
    context.close()


# Cross-origin isolated, as the service worker serves a repeat visit: Stop is Pyodide's interrupt.
ISOLATION = {"Cross-Origin-Opener-Policy": "same-origin",
             "Cross-Origin-Embedder-Policy": "require-corp"}


@pytest.fixture(scope="session")
def isolated_url():
    server, url = start(SITE, headers=ISOLATION)
    yield url
    server.shutdown()


@pytest.fixture
def isolated(browser, isolated_url):
    """A tab of the site served with COOP/COEP (crossOriginIsolated), in its own context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = Tab(context.new_page(), isolated_url)
    yield tab
    context.close()
