"""Helpers for the browser tests: a tab that records console errors, requests, long tasks,
and waits on the page's state (never on a fixed time)."""
import json
import time
from urllib.parse import urlsplit

# Long tasks on the page's main thread, recorded from the first script on.
WATCH_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push({start: e.startTime, ms: e.duration});
}).observe({type: "longtask", buffered: true});
"""

# Polls a condition inside the page. Playwright's wait_for_function would eval the string in the
# page, which its Content-Security-Policy (script-src 'self') rightly refuses; evaluate() is not
# bound by it. CONDITION may await (e.g. a call to Python through the page's client).
POLL = """async ([ms, every]) => {
  const until = performance.now() + ms;
  for (;;) {
    if (await (CONDITION)) return true;
    if (performance.now() > until) return false;
    await new Promise((wake) => setTimeout(wake, every));
  }
}"""

# A command sent to Python through the page's own client module (the one the widgets use).
CALL_PYTHON = """async ([cmd, args]) =>
  (await import(new URL("client.js", location.href).href)).call(cmd, args)"""


def python_answer(cmd, args=None):
    """A JS expression: the promise of Python's answer to a page command, for wait_js."""
    return f"({CALL_PYTHON})({json.dumps([cmd, args or {}])})"


def wait_js(page, js, timeout=60.0):
    """Wait until the JS expression `js` is truthy in the page; fail after `timeout` seconds."""
    met = page.evaluate(POLL.replace("CONDITION", js), [timeout * 1000, 30])
    assert met, f"timed out after {timeout} s waiting for: {js}"


def open_settings(page):
    """Unfold the lab's Settings panel (a <details>, closed at first) as a reader would, by its
    summary, so that its fields can be typed in; nothing happens when it is open already."""
    panel = page.locator("[data-lab] details[data-settings]")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    page.wait_for_selector("[data-lab] details[data-settings][open]", state="attached")


class Tab:
    """A page plus what it logged and fetched; check() asserts it stayed clean."""

    def __init__(self, page, base):
        self.page = page
        self.base = base
        self.errors = []
        self.requests = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.add_init_script(WATCH_LONG_TASKS)

    def open(self, query="", ready=True):
        self.page.goto(self.base + query)
        if ready:
            self.wait_ready()
        return self

    def reload(self):
        self.page.reload()
        self.wait_ready()

    def wait_ready(self):
        """Python is up and every part mounted (data-ready alone allows failed parts)."""
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=90_000)
        failed = self.page.get_attribute("body", "data-failed")
        assert failed is None, f"parts failed to load: {failed}"

    def settings(self):
        """The lab's Settings panel unfolded (see open_settings); returns the page."""
        open_settings(self.page)
        return self.page

    @property
    def lab(self):
        return self.page.locator("[data-lab]")

    def state(self):
        return self.lab.get_attribute("data-state")

    def step(self):
        return int(self.lab.get_attribute("data-step"))

    def wait_state(self, *states, timeout=60_000):
        selector = ",".join(f"[data-lab][data-state='{s}']" for s in states)
        self.page.wait_for_selector(selector, state="attached", timeout=timeout)

    def wait_until(self, js, timeout=60.0):
        """Wait until the JS expression `js` is truthy in the page."""
        wait_js(self.page, js, timeout)

    def wait_step(self, predicate, timeout=60.0):
        """Wait until predicate(data-step) holds, looking again each time the step changes."""
        lab_step = "document.querySelector('[data-lab]').dataset.step"
        deadline = time.monotonic() + timeout
        while not predicate(seen := self.step()):
            left = deadline - time.monotonic()
            assert left > 0, f"timed out at step {seen}"
            self.wait_until(f"{lab_step} !== '{seen}'", left)

    def wait_charts_fit(self):
        """Every shown chart has taken its container's width (they follow it on resize)."""
        self.wait_until("[...document.querySelectorAll('.uplot')]"
                        ".filter((u) => u.parentElement.clientWidth > 0)"
                        ".every((u) => parseFloat(u.querySelector('.u-wrap').style.width)"
                        " === u.parentElement.clientWidth)")

    def wait_charts_redrawn(self, change):
        """Run change() (a colour scheme, a language) and wait until every chart has been built
        again: the charts present before are gone and as many new ones stand in their place."""
        count = self.page.evaluate("document.querySelectorAll('.uplot').length")
        self.page.evaluate("document.querySelectorAll('.uplot')"
                           ".forEach((u) => { u.dataset.old = 1; })")
        change()
        self.wait_until("!document.querySelector('.uplot[data-old]') && "
                        f"document.querySelectorAll('.uplot').length === {count}")

    def py(self, cmd, args=None):
        """Python's answer to a page command, e.g. py("status"): the state behind what is shown."""
        return self.page.evaluate(CALL_PYTHON, [cmd, args or {}])

    def assert_idle(self, step):
        """The lab is paused at `step` and nothing trains: the worker's run loop has ended and
        Python's own step is the one shown."""
        assert self.state() == "paused" and self.step() == step, (self.state(), self.step())
        assert self.py("pause") == {"was_running": False}  # no run to stop
        assert self.py("status")["step"] == step

    def long_tasks(self, since=0.0):
        return [t for t in self.page.evaluate("window.__longTasks") if t["start"] >= since]

    def now(self):
        return self.page.evaluate("performance.now()")

    def off_origin(self):
        origin = urlsplit(self.base)[:2]
        return [u for u in self.requests if urlsplit(u)[:2] != origin and not u.startswith("data:")]

    def check(self):
        assert not self.errors, self.errors
        assert not self.off_origin(), self.off_origin()


def default_engine_run(tab):
    """The query for the default run: 1000 steps on fast; a short run while only scalar exists."""
    engines = tab.page.eval_on_selector_all("[name=engine] option", "os => os.map(o => o.value)")
    return ("", 1000) if "fast" in engines else ("?steps=40", 40)


def widget(tab, name):
    """The walkthrough widget `name` (its data-widget root)."""
    return tab.page.locator(f"[data-widget='{name}']")


def wait_widget(tab, name):
    """Scroll widget `name` into view (widgets load their data when seen) and wait until it has
    drawn from the live model; returns its locator."""
    loc = widget(tab, name)
    loc.scroll_into_view_if_needed()
    tab.page.wait_for_selector(f"[data-widget='{name}'][data-state='ready']", state="attached",
                               timeout=30_000)
    return loc
