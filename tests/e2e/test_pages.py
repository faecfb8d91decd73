"""The site served as GitHub Pages serves a project site (tools/pages_server.py): under
/microgpt/, max-age=600, gzip, application/wasm, no COOP/COEP, 404 outside; it starts and trains."""
import gzip
import json
import urllib.error
import urllib.request

import pytest

from build import SITE
from tools.pages_server import start


@pytest.fixture(scope="module")
def pages_url():
    server, url = start(SITE, "microgpt")
    yield url
    server.shutdown()
    server.server_close()


def fetch(url, gzip_ok=True):
    """(status, headers, body as sent) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_headers_are_those_of_pages(pages_url):
    manifest = json.loads((SITE / "build.json").read_text())
    status, headers, body = fetch(pages_url)
    assert status == 200 and headers["Cache-Control"] == "max-age=600"
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (SITE / "index.html").read_bytes()
    assert not any(h.lower().startswith("cross-origin-") for h in headers)  # no COOP/COEP
    status, headers, body = fetch(pages_url, gzip_ok=False)
    assert "Content-Encoding" not in headers and body == (SITE / "index.html").read_bytes()
    wasm = f"{pages_url}{manifest['pyodide']}pyodide.asm.wasm"
    status, headers, _ = fetch(wasm)
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    status, headers, _ = fetch(pages_url + manifest["wheel"])  # a zip: sent as it is
    assert status == 200 and "Content-Encoding" not in headers
    origin = pages_url[:-len("microgpt/")]
    assert fetch(origin)[0] == 404
    assert fetch(origin + "index.html")[0] == 404
    assert fetch(origin + "other/index.html")[0] == 404
    assert fetch(pages_url + "../build.json")[0] == 404
    status, headers, _ = fetch(pages_url[:-1])
    assert status == 301 and headers["Location"] == "/microgpt/"


def test_page_starts_and_trains_under_the_repo_path(browser, pages_url):
    from e2e_helpers import Tab
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        tab = Tab(context.new_page(), pages_url)
        responses = []
        tab.page.on("response", lambda r: responses.append(r))
        tab.open("?steps=5")
        tab.page.click("[data-action=train]")
        tab.wait_state("done", timeout=120_000)
        assert tab.step() == 5 and tab.py("status")["step"] == 5
        assert all(url.startswith(pages_url) for url in tab.requests), \
            [url for url in tab.requests if not url.startswith(pages_url)]  # all under /microgpt/
        wasm = [r for r in responses if r.url.endswith(".wasm")]
        assert wasm and all(r.headers["content-type"] == "application/wasm" for r in wasm)
        tab.check()
    finally:
        context.close()
