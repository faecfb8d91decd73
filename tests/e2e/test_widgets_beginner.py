"""Widgets a beginner reads right (issue 14): charts and code fit a 375 px phone, the
prediction always shows the right answer, the temperature widget starts at the lab's
temperature, the training step follows a parameter named in words, the code walks wait behind
"Show the code", and every bar's value can be read by tap, pointer or keyboard."""
import re

import pytest

from e2e_helpers import Tab, wait_widget as wait_ready

# the widgets drawn with the shared probability bars and code views, plus the prediction
WIDGETS = ["prediction", "softmax", "softmax-steps", "value-steps", "train-step", "temperature",
           "generate", "forward-steps", "pipeline"]
CHARTS = ["temperature", "generate", "forward-steps", "pipeline"]  # 27 bars each, once shown




def show_everything(tab):
    """Every widget filled in, its code shown and the probability stage of the steppers."""
    page = tab.page
    for name in WIDGETS:
        loc = wait_ready(tab, name)
        for summary in loc.locator("details.code-details:not([open]) > summary").all():
            summary.click()
        if name in ("forward-steps", "pipeline"):
            loc.locator("[data-stepper=next]").focus()
            page.keyboard.press("End")
            tab.wait_until(f"document.querySelector(\"[data-widget='{name}']\").dataset.stage"
                           " === 'probs'")
    for name in CHARTS:  # every chart drawn, with all its bars
        tab.wait_until(f"document.querySelectorAll(\"[data-widget='{name}'] .probbars "
                       "rect.bar\").length === 27")


# Elements of the walkthrough's widgets whose content is cut or scrolled sideways: overflow other
# than visible and content wider than the box.
CUT = """(names) => {
  const out = [];
  for (const name of names) {
    const w = document.querySelector(`[data-widget='${name}']`);
    for (const el of [w, ...w.querySelectorAll("*")]) {
      if (!el.getClientRects().length) continue;
      const s = getComputedStyle(el);
      if (s.overflowX === "visible" && el !== w) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        out.push(`${name}: <${el.tagName.toLowerCase()} class="${el.getAttribute("class")}"> `
          + `${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
  }
  return out;
}"""

# The end-of-name bar (BOS, drawn as ⏎) and its label of every probability chart on screen.
END_BARS = """() => [...document.querySelectorAll(".probbars")]
  .filter((f) => f.getClientRects().length)
  .map((f) => {
    const bar = f.querySelector("rect.bar[data-token='BOS']").getBoundingClientRect();
    return {widget: f.closest("[data-widget]").dataset.widget, left: bar.left, right: bar.right,
      width: innerWidth, bars: f.querySelectorAll("rect.bar").length};
  })"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_and_code_fit_a_375_px_phone(browser, site_url, lang):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-US",
                                  service_workers="block")
    tab = Tab(context.new_page(), site_url)
    try:
        tab.open(f"?lang={lang}")
        show_everything(tab)
        page = tab.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.evaluate(CUT, WIDGETS) == []
        charts = page.evaluate(END_BARS)
        assert {c["widget"] for c in charts} >= set(CHARTS), charts
        for chart in charts:
            assert chart["bars"] == 27, chart
            assert 0 <= chart["left"] and chart["right"] <= chart["width"], chart
        # the code wraps, so nothing is hidden to its right
        codes = page.locator("pre.codeview")
        assert codes.count() >= 5
        for i in range(codes.count()):
            box = codes.nth(i).evaluate("(c) => [c.scrollWidth, c.clientWidth]")
            assert box[0] <= box[1], (i, box)
        tab.check()
    finally:
        context.close()


def ordinal(n):
    return f"{n}th" if 11 <= n % 100 <= 13 else f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def test_the_prediction_always_shows_the_right_answer_with_its_rank(tab):
    tab.open("?lang=en")
    pred = wait_ready(tab, "prediction")
    pairs = tab.py("prediction", {"text": "emma"})["pairs"]
    assert any(p["rank"] > 5 for p in pairs)  # untrained: some right answers rank low
    count = pred.locator("[data-stepper-count]")
    for k, pair in enumerate(pairs):
        tab.wait_until(f"document.querySelector(\"[data-widget=prediction] [data-stepper-count]\")"
                       f".textContent === '{k + 1} / {len(pairs)}'")
        answer = pred.locator(".bar-row.target")
        assert answer.count() == 1
        assert answer.get_attribute("data-rank") == str(pair["rank"])
        tag = answer.locator("[data-answer]").text_content()
        if pair["rank"] <= 5:
            assert tag == "the right answer"
            assert pred.locator(".bar-row").count() == 5
        else:
            assert tag == f"the right answer, ranked {ordinal(pair['rank'])}"
            assert pred.locator(".bar-row").count() == 6
            assert pred.locator(".bar-row").last.get_attribute("class").split() == ["bar-row", "target"]
        assert answer.locator(".answer-tick").count() == 1  # marked by more than its colour
        if k < len(pairs) - 1:
            pred.locator("[data-stepper=next]").click()
    assert count.text_content() == f"{len(pairs)} / {len(pairs)}"
    tab.page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    low = max(pairs, key=lambda p: p["rank"])
    pred.locator("[data-stepper=prev]").focus()  # at the last pair Next is disabled
    tab.page.keyboard.press("Home")
    for _ in range(pairs.index(low)):
        tab.page.keyboard.press("ArrowRight")
    assert pred.locator("[data-answer]").text_content() == (
        "正确答案" if low["rank"] <= 5 else f"正确答案，排第 {low['rank']} 名")
    tab.check()


def test_temperature_starts_at_the_lab_and_follows_it_until_moved(tab):
    tab.open("?lang=en&temperature=0.7")
    temp = wait_ready(tab, "temperature")
    at = "document.querySelector('[data-widget=temperature] [data-readout=at]').textContent"
    tab.wait_until(f"{at} === '0.70'")
    assert temp.locator("output").text_content() == "0.70"
    assert "0.70" in temp.locator("[data-temperature-note]").text_content()
    page = tab.page

    def lab(value):
        """The lab's temperature field edited (it may sit in a folded panel): input, then change."""
        page.evaluate("""(v) => { const f = document.querySelector("#f-temperature"); f.value = v;
          for (const type of ["input", "change"]) f.dispatchEvent(new Event(type, {bubbles: true})); }""",
                      value)

    lab("1.3")  # the lab's setting moves it while the reader has not
    tab.wait_until(f"{at} === '1.30'")
    assert temp.get_attribute("data-follows") == "true"
    assert temp.locator("[data-action=lab-temperature]").is_hidden()
    temp.locator("#temperature-t").focus()
    page.keyboard.press("ArrowLeft")  # the reader's own: 1.25 on the slider's steps
    tab.wait_until(f"{at} === '1.25'")
    assert temp.get_attribute("data-follows") == "false"
    lab("0.4")
    tab.wait_until("document.querySelector('[data-widget=temperature] [data-temperature-note]')"
                   ".textContent.includes('0.40')")
    assert temp.locator("[data-readout=at]").text_content() == "1.25"  # the reader's stays
    back = temp.locator("[data-action=lab-temperature]")
    assert back.text_content() == "Back to the lab's 0.40"
    back.click()
    tab.wait_until(f"{at} === '0.40'")
    assert temp.get_attribute("data-follows") == "true"
    # the generate widget's field follows the lab too
    gen = wait_ready(tab, "generate")
    assert gen.locator("#generate-temperature").input_value() == "0.4"
    tab.check()


def test_the_training_step_starts_from_the_largest_gradient_named_in_words(tab):
    tab.open("?lang=en")
    step = wait_ready(tab, "train-step")
    preview = tab.py("step_preview", {"name": "emma"})
    best = preview["top"][0]
    code = f"{best['name']}[{best['row']}][{best['col']}]"
    tab.wait_until(f"document.querySelector('[data-widget=train-step]').dataset.param === '{code}'")
    picked = step.locator(".param-picked").text_content()
    assert picked.startswith("Following number ") or picked.startswith("Following weight ")
    assert "largest gradient" in picked and f"(in the code: {code})" in picked
    assert not re.search(r"\bwte, row\b", picked)
    # the caption says it in words too
    step.locator("[data-stepper=next]").focus()
    tab.page.keyboard.press("ArrowRight")
    tab.page.keyboard.press("ArrowRight")
    caption = step.locator(".step-caption").text_content()
    assert caption.startswith("backward() fills in") and ("number " in caption or "weight " in caption)
    chips = step.locator(".top-grads .chip")
    assert chips.count() == 5 and chips.first.get_attribute("aria-pressed") == "true"
    # the reader picks the token embeddings: the largest gradient there, a letter of the name
    step.locator("#train-step-param").select_option("wte")
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.param.startsWith('wte[')")
    picked = step.locator(".param-picked").text_content()
    assert re.match(r"Following number \d+ of [emab]'s embedding: in your choice", picked), picked
    assert step.locator("label[for=train-step-row]").text_content() == "Whose embedding"
    # a row of the position embeddings, then an exact number: followed as chosen
    step.locator("#train-step-param").select_option("wpe")
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.param.startsWith('wpe[')")
    step.locator("#train-step-row").select_option("2")
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.param.startsWith('wpe[2]')")
    step.locator("#train-step-col").select_option("3")
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.param === 'wpe[2][3]'")
    assert step.locator(".param-picked").text_content().startswith(
        "Following number 3 of position 2's embedding, as you chose.")
    tab.page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    assert step.locator(".param-picked").text_content().startswith("正在跟踪：位置 2 的嵌入向量的第 3 个数（你选的）")
    assert step.locator("#train-step-col option:checked").text_content() == "第 3 个数"
    tab.check()


def test_code_walks_wait_behind_show_the_code(tab):
    tab.open("?lang=en")
    page = tab.page
    for name in ("softmax-steps", "value-steps", "forward-steps"):
        loc = wait_ready(tab, name)
        details = loc.locator("details.code-details")
        assert details.count() == 1 and details.get_attribute("open") is None
        assert loc.locator("pre.codeview").is_hidden()
        summary = details.locator("summary")
        assert summary.text_content() == "Show the code"
        summary.focus()
        page.keyboard.press("Enter")
        assert details.get_attribute("open") == ""
        assert loc.locator("pre.codeview").is_visible()
        # the summary's words follow the "toggle" event, which the browser sends a task later
        summary.filter(has_text=re.compile(r"^Hide the code$")).wait_for(timeout=60_000)
    # the code the training step and generation explain stays in view
    for name in ("train-step", "generate"):
        loc = wait_ready(tab, name)
        assert loc.locator("details.code-details").count() == 0
        assert loc.locator("pre.codeview").is_visible()
    tab.check()


def test_every_bar_reads_out_by_pointer_keyboard_and_tap(tab, browser, site_url):
    tab.open("?lang=en")
    temp = wait_ready(tab, "temperature")
    tab.wait_until("document.querySelectorAll('[data-widget=temperature] rect.bar').length === 27")
    readout = temp.locator(".probbars-readout")
    assert readout.text_content().startswith("Point at a bar, or focus the chart")
    temp.locator("figure.probbars").focus()
    tab.page.keyboard.press("End")
    assert re.fullmatch(r"⏎ \(the end of the name\): \d+\.\d%", readout.text_content())
    tab.page.keyboard.press("Home")
    assert readout.text_content().startswith("a: ")
    temp.locator("rect.hit").nth(4).hover()
    assert readout.text_content().startswith("e: ")
    # a phone: no hover, so the hint says tap, and a tap reads the bar
    phone = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True,
                                has_touch=True, locale="en-US", service_workers="block")
    try:
        mobile = Tab(phone.new_page(), site_url).open("?lang=en")
        temp = wait_ready(mobile, "temperature")
        mobile.wait_until("document.querySelectorAll('[data-widget=temperature] rect.bar').length === 27")
        readout = temp.locator(".probbars-readout")
        assert readout.text_content() == "Tap a bar to read its probability."
        temp.locator("rect.hit[data-i='26']").tap()
        assert readout.text_content().startswith("⏎ (the end of the name): ")
        mobile.check()
    finally:
        phone.close()
    tab.check()


def test_the_stepper_names_its_keys_only_to_a_keyboard(tab):
    tab.open("?lang=en")
    pred = wait_ready(tab, "prediction")
    keys = pred.locator(".stepper-keys")
    assert keys.is_hidden()
    pred.locator("[data-stepper=next]").click()  # a click is not a keyboard
    assert keys.is_hidden()
    tab.page.focus("#prediction-text")
    tab.page.keyboard.press("Tab")  # the keyboard moves focus: now it says which keys step
    assert tab.page.evaluate("document.activeElement.dataset.stepper") == "prev"
    assert keys.is_visible()
    assert "arrow keys" in keys.text_content()
    tab.check()
