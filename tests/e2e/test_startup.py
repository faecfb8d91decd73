"""Start-up that takes long: a server sending .wasm with the wrong MIME type (Pyodide may hang
for ever) gets a message naming the likely cause; a slow start is said, waited for, and works."""
import functools
import threading

from e2e_helpers import Tab

import conftest
from tools.devserver import Handler, Server

SLOW_NOTICE = "globalThis.MICROGPT_SLOW_START_MS = {ms}"


class WrongWasmType(Handler):
    quiet = True
    extensions_map = {**Handler.extensions_map, ".wasm": "text/plain"}


def test_startup_failure_is_shown_with_its_cause(browser):
    server = Server(("127.0.0.1", 0), functools.partial(WrongWasmType, directory=str(conftest.SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(SLOW_NOTICE.format(ms=8000))
        tab = Tab(page, f"http://127.0.0.1:{server.server_address[1]}/")
        tab.open(ready=False)
        tab.wait_until("!document.querySelector('[data-message]').hidden", 60)
        message = page.text_content("[data-message]")
        assert "application/wasm" in message or "could not start" in message, message
        assert page.get_attribute("[data-lab]", "data-state") in ("loading", "error")
        assert not page.is_enabled("[data-action=train]")
        assert page.get_attribute("body", "data-ready") is None
    finally:
        context.close()
        server.shutdown()


def test_a_slow_start_is_said_then_the_page_gets_ready_and_the_notice_goes(tab):
    # the notice after 1 ms: every start is "slow", so the page must say so and carry on
    tab.page.add_init_script(SLOW_NOTICE.format(ms=1))
    tab.open(ready=False)
    tab.wait_until("document.querySelector('[data-message]').textContent"
                   ".includes('keeps waiting')", 60)
    tab.wait_ready()
    tab.wait_state("ready")
    assert tab.page.is_hidden("[data-message]")
    assert tab.page.is_enabled("[data-lab] [data-action=train]")
