"""English and Chinese: complete files, a working switch, and screenshots of both."""
import json
import re
from pathlib import Path

from build import SITE  # ROOT is on sys.path (conftest)
from e2e_helpers import default_engine_run

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
SHOTS = ROOT / "test-results" / "screenshots"


def keys(tree, prefix=""):
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(keys(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def test_english_and_chinese_have_the_same_keys_and_no_blanks():
    en = keys(json.loads((WEB / "i18n" / "en.json").read_text()))
    zh = keys(json.loads((WEB / "i18n" / "zh.json").read_text()))
    assert sorted(en) == sorted(zh)
    assert all(isinstance(v, str) and v.strip() for v in [*en.values(), *zh.values()])
    # the same {placeholders} on both sides
    for key in en:
        assert set(re.findall(r"\{\w+\}", en[key])) == set(re.findall(r"\{\w+\}", zh[key])), key
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", v)) for v in zh.values()) > 0.8 * len(zh)


def test_every_text_key_the_page_uses_exists():
    en = keys(json.loads((WEB / "i18n" / "en.json").read_text()))
    used = set()
    for path in [WEB / "index.html", *WEB.rglob("*.js")]:
        text = path.read_text()
        used |= set(re.findall(r'data-i18n(?:-aria-label)?="([\w.]+)"', text))
        used |= set(re.findall(r'\bt\("([\w.]+)"', text))
    schema = json.loads((SITE / "settings.json").read_text())  # the lab's form is built from it
    used |= {s[k] for s in schema["settings"] for k in ("label", "hint") if k in s}
    used |= {f"lab.group.{group}" for group in schema["groups"]}
    missing = sorted(k for k in used if k not in en)
    assert used and not missing, missing


def test_language_switch_changes_the_text_and_the_url(tab):
    tab.open()
    page = tab.page
    assert page.text_content("h1") == "microgpt in your browser"
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    assert page.text_content("h1") == "在浏览器里跑 microgpt"
    assert page.text_content("[data-action=train]") == "训练"
    assert page.get_attribute("[data-lang=zh]", "aria-pressed") == "true"
    assert "lang=zh" in page.url
    tab.open("?lang=zh")
    assert page.text_content("[data-action=train]") == "训练"
    page.click("[data-lang=en]")
    tab.wait_until("document.documentElement.lang === 'en'")
    assert page.text_content("[data-action=train]") == "Train"
    tab.check()


def test_browser_language_picks_chinese(browser, site_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url)
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=90_000)
    assert page.text_content("[data-action=train]") == "训练"
    context.close()


def test_screenshots_after_training(tab):
    """Desktop and 375 px, English and Chinese, saved for people to look at."""
    tab.open()
    query, _ = default_engine_run(tab)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = tab.page
    tab.open(query)
    page.click("[data-action=train]")
    tab.wait_state("done", timeout=300_000)
    for lang in ("en", "zh"):
        page.click(f"[data-lang={lang}]")
        tab.wait_until(f"document.documentElement.lang.startsWith('{lang}')")
        for name, width in (("desktop", 1280), ("phone", 375)):
            page.set_viewport_size({"width": width, "height": 900})
            tab.wait_charts_fit()
            path = SHOTS / f"lab-{name}-{lang}.png"
            tab.lab.screenshot(path=str(path))
            assert path.stat().st_size > 10_000
            width_used = page.evaluate("document.documentElement.scrollWidth")
            assert width_used <= width, f"{name} {lang}: page is {width_used}px wide"
    tab.wait_charts_redrawn(lambda: page.emulate_media(color_scheme="dark"))  # dark colours
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 20, 24)"
    tab.lab.screenshot(path=str(SHOTS / "lab-phone-zh-dark.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    tab.wait_charts_redrawn(lambda: page.click("[data-lang=en]"))  # English axis labels
    tab.wait_charts_fit()
    tab.lab.screenshot(path=str(SHOTS / "lab-desktop-en-dark.png"))
    page.emulate_media(color_scheme="light")
    page.screenshot(path=str(SHOTS / "page-desktop-en.png"), full_page=True)  # every section
    tab.check()
