"""A server that sends .wasm with the wrong MIME type: the page says so instead of hanging."""
import functools
import threading

from e2e_helpers import Tab

import conftest
from tools.devserver import Handler, Server


class WrongWasmType(Handler):
    quiet = True
    extensions_map = {**Handler.extensions_map, ".wasm": "text/plain"}


def test_startup_failure_is_shown_with_its_cause(browser):
    server = Server(("127.0.0.1", 0), functools.partial(WrongWasmType, directory=str(conftest.SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("globalThis.MICROGPT_START_TIMEOUT_MS = 8000")
        tab = Tab(page, f"http://127.0.0.1:{server.server_address[1]}/")
        tab.open(ready=False)
        tab.wait_state("error", timeout=30_000)
        message = page.text_content("[data-message]")
        assert "application/wasm" in message or "could not start" in message, message
        assert page.is_visible("[data-message]")
        assert not page.is_enabled("[data-action=train]")
        assert page.get_attribute("body", "data-ready") is None
    finally:
        context.close()
        server.shutdown()
