"""The page a beginner reads top to bottom: the opening (what a GPT does, Karpathy's microgpt with
links to his post and script, the loop in one picture), then the lab, whose first screen is Train,
the chart and the samples, with the settings folded; the loss in two cells."""
import json
from pathlib import Path

from e2e_helpers import open_settings

from microgpt.page.session import AVERAGE_OVER  # ROOT is on sys.path (conftest)

ROOT = Path(__file__).resolve().parents[2]
I18N = {lang: json.loads((ROOT / "web" / "i18n" / f"{lang}.json").read_text())
        for lang in ("en", "zh")}
POST = "https://karpathy.github.io/2026/02/12/microgpt/"
SCRIPT = "https://gist.github.com/karpathy/8627fe009c40f57531cb18360106ce95"
# the loop's stages in order, with the walkthrough section each one links to
STAGES = [("names", "walk-dataset"), ("tokens", "walk-tokens"), ("forward", "walk-forward"),
          ("loss", "walk-loss"), ("backward", "walk-autograd"), ("update", "walk-learning"),
          ("sample", "walk-sampling")]

# Inputs a reader sees: rendered, and intersecting the viewport as it is scrolled now.
VISIBLE_INPUTS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter((el) => {
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
      && r.top < innerHeight && r.left < innerWidth;
  }).map((el) => el.name || el.id)"""

# Whether each selector's element is (at least partly) inside the viewport.
ON_SCREEN = """(selectors) => selectors.map((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return r.height > 0 && r.bottom > 0 && r.top < innerHeight;
})"""

BOXES = """() => [...document.querySelectorAll("[data-loop-picture] [data-stage]")].map((li) => {
  const r = li.getBoundingClientRect();
  return {stage: li.dataset.stage, x: Math.round(r.left), y: Math.round(r.top),
          w: Math.round(r.width), h: Math.round(r.height)};
})"""


def stage_texts(page):
    return page.eval_on_selector_all(
        "[data-loop-picture] [data-stage]",
        "lis => lis.map((li) => [li.dataset.stage, li.querySelector('a').getAttribute('href'),"
        " li.querySelector('.loop-name').textContent, li.querySelector('.loop-what').textContent])")


def test_the_opening_tells_the_story_and_draws_the_loop_in_both_languages(tab):
    tab.open()
    page = tab.page
    assert page.text_content("h1") == "microgpt in your browser"
    # the story comes before the lab, and names Karpathy, his post and his script
    assert page.evaluate("document.querySelector('#intro').compareDocumentPosition("
                         "document.querySelector('#lab')) & Node.DOCUMENT_POSITION_FOLLOWING")
    story = page.text_content("#intro .intro-story")
    for part in ("predicts the next token", "Andrej Karpathy", "200 lines", "no dependencies"):
        assert part in story, story
    assert page.get_attribute("#intro a[data-link=post]", "href") == POST
    assert page.get_attribute("#intro a[data-link=script]", "href") == SCRIPT
    # the picture: seven stages in order, each a link to the section that explains it
    for lang in ("en", "zh"):
        page.click(f"[data-lang={lang}]")
        tab.wait_until(f"document.documentElement.lang.startsWith('{lang}')")
        words = I18N[lang]["intro"]["picture"]
        expected = [[stage, f"#{section}", words["stage"][stage]["name"],
                     words["stage"][stage]["what"]] for stage, section in STAGES]
        assert stage_texts(page) == expected
        assert page.text_content("[data-loop-picture] .loop-repeat").endswith(
            words["repeat"].replace("{steps}", "1,000"))
        described = page.get_attribute("[data-loop-picture]", "aria-describedby")
        assert page.text_content(f"#{described}") == words["words"]  # the picture in words
        assert page.text_content("#intro a[data-link=post]") == I18N[lang]["intro"]["post"]
    assert "词元（token）" in page.text_content("#intro .intro-story")
    assert page.text_content("#lab-title") == "实验台：亲手训练一个小 GPT"
    for _, section in STAGES:
        assert page.locator(f"section#{section}").count() == 1, section
    page.click("[data-loop-picture] [data-stage=loss] a")  # a stage leads to its section
    tab.wait_until("location.hash === '#walk-loss'")
    tab.check()  # nothing fetched off the page's origin: the links were only links


def test_the_picture_is_a_row_at_1280_and_stands_up_at_375(tab):
    tab.open()
    page = tab.page
    boxes = page.evaluate(BOXES)
    loop = boxes[:6]
    assert len({b["y"] for b in loop}) == 1, loop  # one row, left to right
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes), boxes
    page.set_viewport_size({"width": 375, "height": 800})
    tab.wait_until("document.querySelector('[data-loop-picture] [data-stage=tokens]')"
                   ".getBoundingClientRect().top > document.querySelector("
                   "'[data-loop-picture] [data-stage=names]').getBoundingClientRect().bottom")
    boxes = page.evaluate(BOXES)
    tops = [b["y"] for b in boxes]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), boxes  # one under another
    assert all(b["w"] >= 250 for b in boxes), boxes  # wide enough to read
    # the charts follow the new width through a ResizeObserver, a moment after the layout:
    # wait for them, then nothing may stick out sideways
    tab.wait_charts_fit()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    tab.check()


def test_the_first_screen_shows_at_most_three_inputs_and_the_lab_opens_on_train(tab):
    tab.open()
    page = tab.page
    assert page.evaluate("scrollY") == 0
    shown = page.evaluate(VISIBLE_INPUTS)
    assert len(shown) <= 3, shown
    assert page.get_attribute("[data-settings]", "open") is None  # folded
    assert page.evaluate(ON_SCREEN, ["h1", "#intro a[data-link=post]", "[data-loop-picture]"]) \
        == [True, True, True]
    # the lab's own first screen: Train, the chart and the samples, settings still folded
    page.evaluate("document.querySelector('#lab').scrollIntoView()")
    assert page.evaluate(ON_SCREEN, ["#lab-title", "[data-action=train]", "[data-chart]",
                                     "#samples-title"]) == [True] * 4
    assert len(page.evaluate(VISIBLE_INPUTS)) <= 3
    # the data and share panels come after the results
    tops = page.eval_on_selector_all(
        "#lab .results, #lab [data-widget=data], #lab [data-widget=model-file]",
        "els => els.map((e) => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom])")
    (_, results_end), (data, _), (files, _) = tops
    assert results_end <= data and results_end <= files, tops
    tab.check()


def test_the_folded_settings_summarise_a_link_and_open_for_a_setting_to_fix(tab):
    tab.open("?steps=50&temperature=0.8")
    page = tab.page
    panel = "[data-settings]"
    assert page.get_attribute(panel, "open") is None
    summary = page.text_content(f"{panel} summary")
    assert "Steps 50" in summary and "Temperature 0.8" in summary, summary
    assert not page.is_visible("[name=steps]")
    # keyboard: the summary is a tab stop; Enter unfolds and folds it
    page.focus(f"{panel} summary")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-settings][open]", state="attached")
    assert page.is_visible("[name=steps]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-settings]:not([open])", state="attached")
    # a value that cannot work arrives while folded (as a script or a restored record would
    # put it): the panel opens on its message
    page.evaluate("""() => {
        const heads = document.querySelector('[name=n_head]');
        heads.value = '3';
        heads.dispatchEvent(new Event('input', {bubbles: true}));
    }""")
    page.wait_for_selector("[data-settings][open]", state="attached")
    page.wait_for_selector("[data-error-for=n_head]:not(:empty)")
    assert page.is_visible("[data-error-for=n_head]") and page.is_visible("[name=n_head]")
    assert "1 to fix" in page.text_content(f"{panel} summary")
    assert not page.is_enabled("[data-action=train]")
    page.click("[data-lang=zh]")
    tab.wait_until("document.querySelector('[data-settings] summary').textContent"
                   ".includes('1 项待修正')")
    assert "参数设置" in page.text_content(f"{panel} summary")
    open_settings(page)  # open already: the helper leaves it so
    page.fill("[name=n_head]", "4")
    page.wait_for_selector("[data-controls] [aria-invalid]", state="detached")
    tab.wait_until("!document.querySelector('[data-settings] summary')"
                   ".textContent.includes('待修正')")
    tab.check()


def test_the_loss_shows_in_two_cells_the_last_step_and_the_moving_average(tab):
    tab.open("?steps=50")
    page = tab.page
    assert page.text_content("[data-stat=loss]") == page.text_content("[data-stat=loss-avg]") \
        == "–"
    losses = []
    for want in (1, 2):
        page.click("[data-action=step]")
        tab.wait_step(lambda s, want=want: s == want)
        tab.wait_until("/^\\d+\\.\\d{3}$/.test(document.querySelector('[data-stat=loss]')"
                       ".textContent)")
        losses.append(float(page.text_content("[data-stat=loss]")))
    average = float(page.text_content("[data-stat=loss-avg]"))
    assert abs(average - sum(losses) / 2) < 0.0011, (losses, average)
    labels = page.eval_on_selector_all("[data-stat^=loss]", "dds => dds.map((dd) =>"
                                       " dd.previousElementSibling.textContent)")
    assert labels == ["Loss, last step", "Loss, average of the last 50 steps"]
    tab.check()


def test_the_average_label_says_pythons_window():
    """The label's number is the session's moving-average window, in both languages."""
    for lang in ("en", "zh"):
        label = I18N[lang]["lab"]["stat"]["loss_avg"]
        assert f" {AVERAGE_OVER} " in label, (lang, label)
