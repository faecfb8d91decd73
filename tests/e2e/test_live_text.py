"""The walkthrough's text quotes the live model: change the lab's sizes and the numbers in the
sentences follow, in English and in Chinese (web/walk.js fills them from model_facts)."""
import json

ATTENTION = '[data-text="walk.sections.attention.p2"]'
HEADS = '[data-text="walk.sections.attention.p3"]'
FORWARD = '[data-text="walk.sections.forward.p1"]'
GLOSSARY_EMBEDDING = '#walk-embedding [data-term="embedding"] .term-tip'


# an element's text as read, without the glossary definitions inside its terms
READ = """(el) => { if (!el) return ""; const c = el.cloneNode(true);
  c.querySelectorAll(".term-tip").forEach((tip) => tip.remove()); return c.textContent; }"""


def text(tab, selector):
    return tab.page.eval_on_selector(selector, READ)


def wait_text(tab, selector, *parts, timeout=60.0):
    """Wait until the element's text holds every part (the facts come from Python)."""
    wanted = " && ".join(f"t.includes({json.dumps(p)})" for p in parts)
    tab.wait_until(f"((t) => {wanted})(({READ})(document.querySelector({json.dumps(selector)})))",
                   timeout)


def test_default_sizes_in_both_languages(tab):
    tab.open()
    wait_text(tab, ATTENTION, "divided by √4, where 4 is the size of a head")
    wait_text(tab, FORWARD, "(16 numbers up to 64,", "to get 27 logits")
    wait_text(tab, '[data-text="walk.sections.learning.p2"]', "starts at 0.01", "to 0.00001 at the last step")
    assert "…" not in text(tab, ATTENTION) and "{" not in text(tab, ATTENTION)
    tab.page.click("[data-lang=zh]")
    wait_text(tab, ATTENTION, "除以 √4（4 是一个头的维数）")
    wait_text(tab, FORWARD, "16 个数先变成 64 个")
    tab.check()


def test_settings_from_a_link_change_the_numbers(tab):
    tab.open("?n_embd=32&n_head=2")
    wait_text(tab, ATTENTION, "divided by √16, where 16 is the size of a head")
    wait_text(tab, HEADS, "The model has 2 heads, each working on its own 16 of the 32 numbers")
    wait_text(tab, FORWARD, "(32 numbers up to 128,", "back down to 32)")
    # the glossary's definitions follow the model too
    assert "here 32 numbers per token" in tab.page.text_content(GLOSSARY_EMBEDDING)
    # and so do the forward pass's step captions (first step: the token's row of wte)
    pipeline = "[data-widget=pipeline]"
    tab.page.locator(pipeline).scroll_into_view_if_needed()
    tab.page.wait_for_selector(f"{pipeline}[data-state=ready]", state="attached", timeout=60_000)
    caption = tab.page.text_content(f"{pipeline} .step-caption")
    assert "32 numbers that stand for this token" in caption, caption
    tab.page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    wait_text(tab, ATTENTION, "除以 √16（16 是一个头的维数）")
    wait_text(tab, HEADS, "模型有 2 个注意力头", "只处理 32 个数里属于自己的 16 个")
    wait_text(tab, FORWARD, "32 个数先变成 128 个")
    assert "每个词元 32 个数" in tab.page.text_content(GLOSSARY_EMBEDDING)
    tab.check()


def test_changing_the_lab_form_changes_the_text(tab):
    tab.open()
    wait_text(tab, ATTENTION, "√4")
    page = tab.page
    # the form may sit in a folded <details>: open it as a reader would
    page.eval_on_selector("#f-n_embd", "el => { const d = el.closest('details'); if (d) d.open = true; }")
    for key, value in (("n_embd", "24"), ("n_head", "2")):
        page.fill(f"#f-{key}", value)
        page.press(f"#f-{key}", "Tab")  # change: the lab configures a new model
    wait_text(tab, ATTENTION, "divided by √12, where 12 is the size of a head")
    wait_text(tab, FORWARD, "(24 numbers up to 96,")
    # a sampling setting makes no new model, and the text follows it all the same
    page.fill("#f-temperature", "1.2")
    page.press("#f-temperature", "Tab")
    wait_text(tab, '[data-text="walk.sections.sampling.p2"]', "The lab's temperature is now 1.2")
    tab.check()
