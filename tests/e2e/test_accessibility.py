"""Accessibility, checked: axe-core's WCAG 2 A/AA rules in both languages and colour schemes,
before and after training, at 1280 and 375 px; every control reachable by Tab with a visible
focus ring; nothing moves under prefers-reduced-motion."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SHORT_RUN = "?steps=20"

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({id: v.id, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " :: "
      + n.failureSummary.replace(/\\s+/g, " "))}));
}"""

# Every control a keyboard user should reach: focusable, in the tab order, enabled, rendered.
TAG_CONTROLS = """() => {
  const all = document.querySelectorAll("a[href], button, input, select, textarea, summary, "
    + "[tabindex]:not([tabindex='-1'])");
  // the code lab's editor: its content is in a shadow root, where focus shows as the host
  const editors = document.querySelectorAll("[data-code-editor]");
  const shown = [...all, ...editors].filter((el) => !el.disabled && el.type !== "hidden"
    && (el.tabIndex >= 0 || el.shadowRoot) && !el.closest("[inert], dialog:not([open])")
    && el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length > 0);
  shown.forEach((el, i) => { el.dataset.kb = String(i); });
  return shown.length;
}"""

# The look of a control, to compare focused and unfocused.
RING = """(el) => { const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" | "); }"""

RECORD_FOCUS = """() => {
  window.__focus = [];
  document.addEventListener("focusin", (e) => {
    const el = e.target, s = getComputedStyle(el), r = el.getBoundingClientRect();
    window.__focus.push({kb: el.dataset.kb ?? null, desc: el.outerHTML.slice(0, 120),
      ring: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(" | "),
      outline: s.outlineStyle !== "none" ? parseFloat(s.outlineWidth) : 0,
      shadow: s.boxShadow !== "none", size: r.width * r.height});
  });
}"""

# [seconds] of every transition and animation on a rendered element, with the element.
DURATIONS = """() => {
  const secs = (v) => v.split(",").map((d) => parseFloat(d) * (/ms$/.test(d.trim()) ? 0.001 : 1));
  const out = [];
  for (const el of document.querySelectorAll("*")) {
    if (!el.getClientRects().length) continue;
    for (const pseudo of [null, "::before", "::after"]) {
      const s = getComputedStyle(el, pseudo);
      const longest = Math.max(...secs(s.transitionDuration), ...(s.animationName === "none"
        ? [0] : secs(s.animationDuration)));
      const cls = typeof el.className === "string" ? el.className : el.className.baseVal;
      if (longest > 0.01) out.push([`${el.tagName}.${cls}${pseudo ?? ""}`, longest]);
    }
  }
  return out;
}"""


# Where a code view is scrolled before a key press, right after the stepper has handled it
# (a listener on window runs after the widget's own), at each scroll event, and at scrollend.
WATCH_SCROLL = """(code) => {
  const jump = {before: code.scrollTop, at_once: null, seen: [], ended: false, end: null};
  addEventListener("keydown", () => { jump.at_once = code.scrollTop; }, {once: true});
  code.addEventListener("scroll", () => jump.seen.push(code.scrollTop));
  code.addEventListener("scrollend", () => { jump.ended = true; jump.end = code.scrollTop; },
    {once: true});
  window.__scroll = jump;
}"""


def open_page(tab, query=""):
    """The page with axe loaded. An init script, not a <script> tag: the page's CSP (script-src
    'self') stays on and would refuse an inline tag."""
    tab.page.add_init_script(path=str(AXE))
    tab.open(query)
    return tab.page


def settle_visible_widgets(tab):
    """Widgets near the viewport fetch their data once ready; wait until they have it."""
    tab.wait_until("""[...document.querySelectorAll(".widget[data-state=loading]")]
        .every((w) => w.getBoundingClientRect().top > innerHeight + 250)""", timeout=30)


def render_every_widget(tab):
    """Scroll each widget into view so that it fetches its data, then back to the top."""
    page = tab.page
    for i in range(page.locator("[data-widget]").count()):
        widget = f"document.querySelectorAll('[data-widget]')[{i}]"
        page.evaluate(f"{widget}.scrollIntoView()")
        tab.wait_until(f"{widget}.dataset.state !== 'loading'")  # fetched while on screen
    tab.wait_until("!document.querySelector('.widget[data-state=loading]')", timeout=60)
    page.evaluate("scrollTo(0, 0)")


def set_lang(tab, lang):
    tab.page.click(f"[data-lang={lang}]")
    tab.wait_until(f"document.documentElement.lang.startsWith('{lang}')")


def assert_no_violations(page, where):
    violations = page.evaluate(RUN_AXE, WCAG)
    report = "\n".join(f"{v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
                       for v in violations)
    assert not violations, f"axe ({where}):\n{report}"


def test_axe_is_for_tests_only():
    assert AXE.exists(), "npm ci installs axe-core (a devDependency)"
    from build import SITE as site
    assert not [p for p in site.rglob("*") if "axe" in p.name.lower()], "axe-core in site/"


def test_no_wcag_violations_once_ready(tab):
    """As the page loads: the lab ready, widgets below the fold still waiting for their data."""
    page = open_page(tab)
    settle_visible_widgets(tab)
    assert page.locator(".widget[data-state=loading]").count() > 3  # that state is checked too
    for lang in ("en", "zh"):
        set_lang(tab, lang)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            assert_no_violations(page, f"ready, {lang}, {scheme}")
    tab.check()


def test_no_wcag_violations_after_training_at_1280_and_375_px(tab):
    """Charts, samples and every widget filled in; the run started from the keyboard."""
    page = open_page(tab, SHORT_RUN)
    page.focus("[data-action=train]")
    page.keyboard.press("Enter")
    tab.wait_state("done", timeout=120_000)
    assert page.locator("[data-sample]").count() > 0
    render_every_widget(tab)
    # the canvas chart: hidden from screen readers, summed up in words instead
    assert page.get_attribute("[data-chart] .uplot", "aria-hidden") == "true"
    summary = page.text_content("#lab [data-chart-summary]")
    assert "20" in summary and re.search(r"\d\.\d\d", summary), summary
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        tab.wait_charts_fit()
        for lang in ("en", "zh"):
            set_lang(tab, lang)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                assert_no_violations(page, f"trained, {width} px, {lang}, {scheme}")
    assert "20" in page.text_content("#lab [data-chart-summary]")  # 中文 too
    tab.check()


def test_tab_reaches_every_control_and_shows_where_focus_is(tab):
    page = open_page(tab)
    render_every_widget(tab)  # so that every widget's controls exist
    count = page.evaluate(TAG_CONTROLS)
    assert count > 60, count
    unfocused = {str(i): page.eval_on_selector(f"[data-kb='{i}']", RING) for i in range(count)}
    page.evaluate(RECORD_FOCUS)
    in_editor = "!!document.activeElement?.shadowRoot?.activeElement?.closest('.cm-content')"
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        if page.evaluate(in_editor):  # Tab indents there: Escape, then Tab leaves (its hint)
            page.keyboard.press("Escape")
    stops = page.evaluate("window.__focus")
    assert stops[0]["desc"].startswith('<a class="skip-link"'), stops[0]
    reached = {s["kb"] for s in stops}
    missed = [page.eval_on_selector(f"[data-kb='{k}']", "el => el.outerHTML.slice(0, 120)")
              for k in unfocused if k not in reached]
    assert not missed, f"not reachable with Tab: {missed}"
    assert None not in reached, [s["desc"] for s in stops if s["kb"] is None]  # no hidden stops
    for stop in stops:
        assert stop["size"] > 0, f"invisible tab stop: {stop['desc']}"
        assert stop["outline"] >= 2 or stop["shadow"], f"no focus ring: {stop['desc']}"
        assert stop["ring"] != unfocused[stop["kb"]], f"focus looks unfocused: {stop['desc']}"
    # the skip link lands in the lab: the next Tab is on one of its controls
    page.evaluate("scrollTo(0, 0)")
    page.focus("a.skip-link")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#lab')")
    tab.check()


def test_reduced_motion_stops_every_transition_and_smooth_scroll(tab):
    page = tab.page
    page.emulate_media(reduced_motion="reduce")
    open_page(tab)
    render_every_widget(tab)
    moving = page.evaluate(DURATIONS)
    assert not moving, f"moves under prefers-reduced-motion: {moving[:10]}"
    # the code views jump to the current line rather than scroll smoothly
    steps = page.locator("[data-widget='value-steps']")
    steps.locator("details.code-details > summary").click()  # the code waits behind "Show the code"
    steps.locator("[data-stepper=next]").focus()
    code = steps.locator("pre.codeview")
    for _ in range(8):  # step on until the highlighted line lies further down the code
        code.evaluate(WATCH_SCROLL)
        page.keyboard.press("ArrowRight")
        jump = page.evaluate("window.__scroll")
        if jump["at_once"] != jump["before"]:
            break
    # moved within the key's own event (a smooth scroll starts a frame later), then no further:
    # every scroll event until the scroll ended saw the same place
    assert jump["at_once"] != jump["before"], jump
    tab.wait_until("window.__scroll.ended")
    jump = page.evaluate("window.__scroll")
    assert set(jump["seen"]) == {jump["at_once"]} and jump["end"] == jump["at_once"], jump
    # and the check can see motion: without the preference the embedding map glides
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(DURATIONS), "no transition found even without reduced motion"
    tab.check()


def test_scripted_motion_asks_for_reduced_motion_first():
    """JS that animates or scrolls smoothly must consult prefers-reduced-motion in the same
    file (requestAnimationFrame only batches redraws here and is not motion)."""
    motion = re.compile(r"\.animate\(|behavior:\s*[\"']smooth|scroll-behavior")
    for path in (ROOT / "web").rglob("*.js"):
        text = path.read_text()
        if motion.search(text):
            assert "prefers-reduced-motion" in text, path.relative_to(ROOT)
