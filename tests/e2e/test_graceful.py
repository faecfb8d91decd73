"""One part that fails says so where it stands and the rest of the page works; an odd browser
language tag ("C", as WebKitGTK reports under LANG=C) takes nothing down."""
import subprocess
import sys

import pytest

from conftest import ROOT

STEPS = 30
BROKEN = {  # a module that cannot be imported, and one whose mount() throws
    "import": "export function mount( {",
    "mount": "export function mount() { throw new Error('mount refused on purpose'); }",
}
# Navigator's own getters answer "C", as WebKitGTK's do when the process locale is C or C.UTF-8.
LANGUAGE_C = """
Object.defineProperty(Navigator.prototype, "language", {get: () => "C", configurable: true});
Object.defineProperty(Navigator.prototype, "languages", {get: () => ["C"], configurable: true});
"""


def python_names(steps):
    """The 20 names the Python package prints after `train --steps N` (default seed and data)."""
    out = subprocess.run([sys.executable, "-m", "microgpt", "train", "--steps", str(steps)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, check=True).stdout
    return [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("sample ")]


def train(tab):
    tab.page.click("[data-action=train]")
    tab.wait_state("done", timeout=120_000)
    assert tab.step() == STEPS
    return tab.page.locator("[data-sample] .sample-name").all_text_contents()


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_a_widget_that_fails_says_so_in_place_and_the_rest_trains(tab, how):
    page = tab.page
    page.route("**/widgets/loss.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript; charset=utf-8", body=BROKEN[how]))
    tab.open(f"?steps={STEPS}", ready=False)
    # data-ready: Python is up and every part mounted or failed (tab.open's wait allows no failure)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=90_000)
    assert page.get_attribute("body", "data-failed") == "widgets/loss"
    widget = page.locator("[data-widget=loss]")
    assert widget.get_attribute("data-failed") == "1"
    note = widget.locator("[data-part-failed]")
    assert note.is_visible() and note.get_attribute("role") == "alert"
    assert "could not load" in note.text_content()
    assert page.locator("[data-part-failed]").count() == 1  # the other parts mounted
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    assert "没能加载" in note.text_content()
    page.click("[data-lang=en]")
    tab.wait_until("document.documentElement.lang === 'en'")
    assert len(train(tab)) == 20
    assert page.get_attribute("[data-chart]", "data-points") == str(STEPS)
    assert tab.errors and all("widgets/loss" in e for e in tab.errors), tab.errors
    assert not tab.off_origin()


def test_language_tag_c_gets_ready_trains_and_draws_the_chart(tab):
    page = tab.page
    page.add_init_script(LANGUAGE_C)
    tab.open(f"?steps={STEPS}")
    assert page.evaluate("navigator.language") == "C"  # the override held
    assert page.get_attribute("body", "data-failed") is None
    assert train(tab) == python_names(STEPS)
    assert page.get_attribute("[data-chart]", "data-points") == str(STEPS)
    assert page.locator("[data-chart] canvas").count() >= 1
    assert page.locator("[data-chart-unavailable]").count() == 0
    assert page.text_content("[data-stat=step]") == f"{STEPS} / {STEPS}"
    tab.check()
