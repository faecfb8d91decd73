"""Your data, your model, in a real browser: datasets, Karpathy's exact run, save/load, share
links, the model kept across reloads, compare runs, and bad input of every kind."""
import json
import random
import re
from pathlib import Path

import pytest

from e2e_helpers import open_settings, python_answer, wait_js
from tests.reference import names_path, reference_run  # ROOT is on sys.path (conftest)

ROOT = Path(__file__).resolve().parents[2]
KARPATHY_URL = "https://raw.githubusercontent.com/karpathy/makemore/988aa59/names.txt"
XSS = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>",
       '"><svg onload=window.__xss=3>', "<b>bold</b>&amp;"]


def made_up_words(n=200, seed=5):
    """n invented words with accented letters, e.g. 'élorìn', 'zaëmo'."""
    rng = random.Random(seed)
    onsets = ["b", "d", "f", "k", "l", "m", "n", "r", "s", "t", "v", "z", "ch", "gr", "ñ", "ç"]
    vowels = ["a", "e", "i", "o", "u", "é", "è", "ë", "à", "ì", "ò", "ü", "å", "ø"]
    words = set()
    while len(words) < n:
        syllables = range(rng.randint(2, 4))
        words.add("".join(rng.choice(onsets) + rng.choice(vowels) for _ in syllables))
    return sorted(words)


def poll(page, js, timeout=60.0):
    wait_js(page, js, timeout)


def text_has(selector, text):
    return (f"(document.querySelector({json.dumps(selector)})?.textContent ?? '')"
            f".includes({json.dumps(text)})")


def replace_if_asked(page, answered):
    """Wait for the 'replace your trained model?' dialog or for the JS condition `answered`
    (the answer that comes without asking, e.g. a refusal before the question); confirm the
    dialog if it is the one that came."""
    poll(page, f"document.querySelector('dialog.confirm[open]') || ({answered})")
    if page.locator("dialog.confirm[open]").count():
        page.click("dialog.confirm[open] [data-files-replace]")


def upload(page, selector, name, data):
    page.set_input_files(selector, files=[{"name": name, "mimeType": "text/plain", "buffer": data}])


def set_field(page, name, value):
    """Type a setting and commit it; when the lab asks whether to reset the model, reset it.
    Returns once Python has the value."""
    open_settings(page)
    page.fill(f"[name={name}]", str(value))
    page.press(f"[name={name}]", "Enter")
    in_python = (f"{python_answer('status')}.then((s) => "
                 f"String(s.settings[{json.dumps(name)}]) === {json.dumps(str(value))})")
    poll(page, f"document.querySelector('dialog[data-confirm]').open || {in_python}")
    if page.locator("dialog[data-confirm][open]").count():
        page.click("[data-confirm-reset]")
        poll(page, in_python)


def data_news(page):
    return page.text_content("[data-data-status]") or ""


def alert_of(page, widget):
    locator = page.locator(f"[data-widget={widget}] [role=alert]")
    locator.wait_for(state="visible")
    return locator.text_content()


def sample_names(page):
    return page.locator("[data-sample] .sample-name").all_text_contents()


def train_to_end(tab, timeout=300_000):
    tab.page.click("[data-action=train]")
    tab.wait_state("done", timeout=timeout)


def wait_kept(tab, step):
    tab.wait_until("document.querySelector('[data-widget=model-file]').dataset.keptStep"
                   f" === '{step}'")


# 1. datasets


def test_own_dataset_with_accents_trains_200_steps_and_samples(tab, tmp_path):
    tab.open()
    page = tab.page
    words = made_up_words()
    upload(page, "#data-upload", "mes-mots.txt", ("\n".join(words) + "\n").encode())
    poll(page, text_has("[data-data-status]", "200"))
    assert "mes-mots.txt" in page.text_content("[data-dataset-current]")
    chars = sorted(set("".join(words)))
    assert page.text_content("[data-dataset-report] dd") == "200"
    assert f"{len(chars) + 1} tokens" in page.text_content("[data-dataset-report]")
    set_field(page, "steps", 200)
    tab.wait_until("document.querySelector('[data-stat=step]').textContent === '0 / 200'")
    train_to_end(tab)
    names = sample_names(page)
    assert len(names) == 20 and all(set(n) <= set(chars) for n in names)
    marks = page.locator("[data-sample]").evaluate_all("els => els.map(e => e.dataset.new)")
    assert marks == [str(n not in words).lower() for n in names]
    assert any(set(n) & set("éèëàìòüåøñç") for n in names)  # it learned the accents
    tab.check()


def test_xss_payloads_in_data_file_names_and_links_stay_text(tab):
    tab.open("?block_size=48&steps=25&seed=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D9%3E")
    page = tab.page
    assert "<img src=x" in page.text_content("[data-url-notice]")
    page.fill("#data-paste", "\n".join(XSS * 3))
    page.click("[data-action=use-pasted]")
    poll(page, text_has("[data-data-status]", "12"))
    upload(page, "#data-upload", '<img src=x onerror="window.__xss=4">.txt',
           "\n".join(XSS).encode())
    poll(page, text_has("[data-dataset-current]", "<img"))
    set_field(page, "prefix", XSS[0][:30])
    train_to_end(tab)
    names = sample_names(page)
    assert names and all(n.startswith(XSS[0][:30]) for n in names)
    assert page.evaluate("window.__xss") is None
    injected = "document.querySelectorAll('img, [onerror], [onload], main b, main script').length"
    assert page.evaluate(injected) == 0
    assert "<" in page.text_content("[data-dataset-chars]")
    tab.check()


REFUSED = [
    ("paste", "   \n\t\n", "no non-blank lines"),
    ("upload", b"GIF89a\x01\x00\x00\x00binary", "binary file"),
    ("upload", b"a\n" * (1024 * 1024 + 1), "the limit is 2 MiB"),
    ("paste", "\n".join(chr(0x3400 + i) for i in range(300)), "300 different characters"),
]


def test_each_refused_dataset_says_why_and_the_trained_model_stays(tab):
    tab.open()
    page = tab.page
    for _ in range(3):
        page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 3)
    loss = page.text_content("[data-stat=loss]")
    for how, data, message in REFUSED:
        if how == "paste":
            page.fill("#data-paste", data)
            page.click("[data-action=use-pasted]")
        else:
            upload(page, "#data-upload", "bad.txt", data)
        replace_if_asked(page, text_has("[data-widget=data] [role=alert]", message))
        text = alert_of(page, "data")
        assert message in text and "still here" in text, text
        assert tab.step() == 3 and page.text_content("[data-stat=loss]") == loss
        assert page.text_content("[data-dataset-report] dd") == "32,257"
        page.fill("#data-paste", "")
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 4)
    tab.check()


def test_a_prefix_the_new_data_cannot_start_is_cleared_with_a_notice(tab, tmp_path):
    tab.open("?engine=scalar&steps=20&temperature=0.8&prefix=ka")
    page = tab.page
    no_k = ["zoe", "lulu", "mimi", "bob", "tom", "eve", "ruby", "lou"]
    page.fill("#data-paste", "\n".join(no_k))
    page.click("[data-action=use-pasted]")
    poll(page, text_has("[data-data-status]", "8 documents"))
    news = data_news(page)
    assert "“Start names with” was “ka” and is now empty" in news, news
    assert "“k” does not appear in the dataset" in news, news
    # the status line comes with Python's answer; the lab shows the new model's settings after
    # one more call (it asks Python for them in its queue), so the field and the link follow
    tab.wait_until("document.querySelector('[name=prefix]').value === ''"
                   " && !location.search.includes('prefix=')")
    kept = {"steps": "20", "temperature": "0.8", "engine": "scalar"}  # the rest stays
    assert {k: page.input_value(f"[name={k}]") for k in kept} == kept
    tab.wait_until("!document.querySelector('[data-action=sample]').disabled")
    assert page.is_enabled("[data-action=train]")
    assert not page.locator("[data-controls] [aria-invalid]").count()
    page.click("[data-lang=zh]")
    cleared_zh = "开始。“名字开头”原来是“ka”，现已清空"  # no space after 。
    poll(page, text_has("[data-data-status]", cleared_zh))
    page.click("[data-lang=en]")

    # a prefix typed now is checked against these characters, and Sample waits for a fix
    open_settings(page)
    page.fill("[name=prefix]", "k")
    page.wait_for_selector("[data-error-for=prefix]:not(:empty)")
    assert not page.is_enabled("[data-action=sample]")
    set_field(page, "prefix", "lu")
    tab.wait_until("!document.querySelector('[data-action=sample]').disabled")
    page.click("[data-action=sample]")
    poll(page, text_has("[data-samples-title]", "Samples at"))
    assert all(n.startswith("lu") for n in sample_names(page))

    # a model file trained on these names clears a prefix it cannot start the same way
    with page.expect_download() as download:
        page.click("[data-action=save-model]")
    model = tmp_path / "no-k.json"
    download.value.save_as(model)
    page.click("[data-preset=bundled]")
    poll(page, text_has("[data-data-status]", "32,257"))
    assert page.input_value("[name=prefix]") == "lu"  # the bundled names can start with it
    assert "now empty" not in data_news(page)
    set_field(page, "prefix", "ka")
    page.click("[data-action=sample]")  # Python has the prefix once names start with it
    tab.wait_until("[...document.querySelectorAll('[data-sample] .sample-name')]"
                   ".some((n) => n.textContent.startsWith('ka'))")
    page.set_input_files("#model-load", str(model))
    poll(page, text_has("[data-file-status]", "Loaded no-k.json"))
    assert "“ka” and is now empty" in page.text_content("[data-file-status]")
    # the lab shows the loaded model's settings after one more call to Python
    tab.wait_until("document.querySelector('[name=prefix]').value === ''")
    tab.check()


# One tick: the prefix is typed and committed, and a dataset is used before the lab has applied
# it (Python sees validate, use_dataset, then configure).
TYPE_THEN_USE = """
const prefix = document.querySelector('[name=prefix]');
prefix.value = 'zo';
prefix.dispatchEvent(new Event('input', {bubbles: true}));
prefix.dispatchEvent(new Event('change', {bubbles: true}));
document.querySelector('#data-paste').value = 'zoe\\nana\\nbea\\nzora';
document.querySelector('[data-action=use-pasted]').click();
"""


def test_a_setting_edited_just_before_a_new_dataset_shows_what_python_uses(tab):
    tab.open("?steps=30")
    page = tab.page
    page.evaluate(TYPE_THEN_USE)
    poll(page, text_has("[data-data-status]", "4 documents"))
    tab.wait_until("location.search.includes('prefix=zo')")
    assert page.input_value("[name=prefix]") == "zo"
    train_to_end(tab)  # Train applies nothing: the final names show Python's own prefix
    names = sample_names(page)
    assert names and all(n.startswith("zo") for n in names), names
    tab.check()


def test_a_setting_typed_but_not_yet_sent_survives_a_new_dataset(tab):
    tab.open()
    page = tab.page
    # typed (input events, no change yet: the field keeps focus), then a new model arrives
    page.evaluate("""() => {
        const steps = document.querySelector('[name=steps]');
        steps.value = '200';
        steps.dispatchEvent(new Event('input', {bubbles: true}));
        document.querySelector('#data-paste').value = 'zoe\\nana\\nbea\\nzora';
        document.querySelector('[data-action=use-pasted]').click();
    }""")
    poll(page, text_has("[data-data-status]", "4 documents"))
    # the lab has shown the new model (8 tokens, fewer parameters), with Python's settings
    tab.wait_until("document.querySelector('[data-stat=params]').textContent !== '4,192'")
    assert page.text_content("[data-stat=step]") == "0 / 1,000"
    assert page.input_value("[name=steps]") == "200"  # and kept what was typed
    page.dispatch_event("[name=steps]", "change")
    tab.wait_until("document.querySelector('[data-stat=step]').textContent === '0 / 200'")
    tab.check()


def test_karpathy_preset_fetches_on_click_and_gives_his_20_names(tab):
    names = names_path().read_bytes()  # found or downloaded once; else skips saying how
    page = tab.page
    served = []

    def serve(route):
        served.append(route.request.url)
        route.fulfill(status=200, body=names,
                      headers={"Content-Type": "text/plain; charset=utf-8",
                               "Access-Control-Allow-Origin": "*"})
    page.route(KARPATHY_URL, serve)
    tab.open()
    assert "fast" in page.eval_on_selector_all("[name=engine] option", "os => os.map(o => o.value)")
    assert "kamon, ann, karai" in page.text_content("[data-widget=data]")  # said on the page
    assert not served and not tab.off_origin()  # nothing is fetched before the click
    page.click("[data-preset=karpathy]")
    poll(page, text_has("[data-data-status]", "byte for byte"))
    assert served == [KARPATHY_URL]
    assert page.text_content("[data-dataset-report] dd") == "32,033"
    assert "dataset=karpathy" in page.url
    train_to_end(tab, timeout=600_000)
    assert sample_names(page) == reference_run()[1]  # his 20 names, from the fixture
    assert set(tab.off_origin()) == {KARPATHY_URL}
    assert not tab.errors, tab.errors


def test_a_shared_karpathy_link_asks_before_downloading(tab):
    page = tab.page
    page.route(KARPATHY_URL, lambda route: route.abort())
    tab.open("?dataset=karpathy")
    assert page.is_visible("[data-link-prompt]")
    assert not tab.off_origin()
    page.click("[data-preset=karpathy]")
    assert "could not be downloaded" in alert_of(page, "data")
    assert page.text_content("[data-dataset-report] dd") == "32,257"


# 2. model files


def test_save_reload_and_load_give_the_same_samples(tab, browser, site_url, tmp_path):
    tab.open("?steps=30")
    page = tab.page
    train_to_end(tab)
    with page.expect_download() as download:
        page.click("[data-action=save-model]")
    model = tmp_path / "model.json"
    download.value.save_as(model)
    assert download.value.suggested_filename == "microgpt-step30.json"
    assert json.loads(model.read_text())["step"] == 30
    page.click("[data-action=sample]")
    poll(page, text_has("[data-samples-title]", "Samples at"))
    before = sample_names(page)

    other = browser.new_context(viewport={"width": 1280, "height": 900})  # a fresh browser profile
    try:
        fresh = other.new_page()
        fresh.goto(site_url)
        fresh.wait_for_selector("body[data-ready='1']", state="attached", timeout=90_000)
        fresh.set_input_files("#model-load", str(model))
        poll(fresh, text_has("[data-file-status]", "all 30 steps are done"))
        wait_js(fresh, "document.querySelector('[name=steps]').value === '30'")  # the lab's turn
        fresh.click("[data-action=sample]")
        poll(fresh, text_has("[data-samples-title]", "Samples at"))
        assert fresh.locator("[data-sample] .sample-name").all_text_contents() == before
    finally:
        other.close()
    tab.check()


def test_a_model_from_another_dataset_samples_but_offers_no_training(tab, tmp_path):
    tab.open("?steps=40")
    page = tab.page
    page.fill("#data-paste", "ana\nzoe\nbea\nzora\nlea\nmia")
    page.click("[data-action=use-pasted]")
    poll(page, text_has("[data-data-status]", "6 documents"))
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    with page.expect_download() as download:
        page.click("[data-action=save-model]")
    model = tmp_path / "pasted.json"
    download.value.save_as(model)
    page.click("[data-preset=bundled]")
    ask = page.locator("dialog.confirm[open]")
    ask.wait_for(state="visible")
    assert "has trained for 1 step." in ask.text_content(), ask.text_content()
    ask.locator("[data-files-replace]").click()
    poll(page, text_has("[data-data-status]", "32,257"))
    page.set_input_files("#model-load", str(model))
    poll(page, text_has("[data-file-status]", "can sample but not train"))
    tab.wait_step(lambda s: s == 1)
    assert tab.state() == "paused"
    tab.wait_until("document.querySelector('[data-lab] .actions .primary').disabled")
    assert not page.is_enabled("[data-action=step]")
    assert page.is_enabled("[data-action=sample]") and page.is_enabled("[data-action=reset]")
    # the walkthrough's "Apply this step" offers no training either, and says why (EN, 中文)
    page.fill("#train-step-name", "emma")  # the reader's edit refreshes it at once
    note = "document.querySelector('[data-widget=train-step] [data-action=apply] + p').textContent"
    tab.wait_until(f"{note}.includes('can sample but not train')")
    assert not page.is_enabled("[data-widget=train-step] [data-action=apply]")
    page.click("[data-lang=zh]")
    tab.wait_until(f"{note}.includes('只能采样，不能训练')")
    page.click("[data-lang=en]")
    tab.wait_until(f"{note}.includes('can sample but not train')")
    page.click("[data-action=sample]")
    poll(page, text_has("[data-samples-title]", "Samples at step 1"))
    assert set("".join(sample_names(page))) <= set("anzoebrlmi")
    page.click("[data-action=reset]")  # a new model on the names: it trains
    tab.wait_state("ready")
    assert page.is_enabled("[data-action=train]") and page.is_enabled("[data-action=step]")
    assert page.is_hidden("[data-lab] [data-message]")
    tab.check()


@pytest.mark.parametrize("name,content,message", [
    ("half.json", None, "not valid JSON"),
    ("v9.json", '{"format": "microgpt-checkpoint", "version": 9}', "version 9 is not supported"),
    ("nan.json", "NaN", "not a number a model can use"),
    ("photo.json", b"\x89PNG\r\n\x1a\n\x00\x00", "not valid JSON"),
])
def test_corrupted_model_files_are_refused_and_the_model_stays(tab, name, content, message):
    tab.open("?engine=scalar")
    page = tab.page
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    if content is None:
        with page.expect_download() as download:
            page.click("[data-action=save-model]")
        content = Path(download.value.path()).read_text()[:5000]
    upload(page, "#model-load", name, content if isinstance(content, bytes) else content.encode())
    replace_if_asked(page, text_has("[data-widget=model-file] [role=alert]", message))
    text = alert_of(page, "model-file")
    assert message in text and name in text and "unchanged" in text, text
    assert tab.step() == 1
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 2)
    tab.check()


def test_a_huge_model_file_is_refused_without_being_read(tab, tmp_path):
    tab.open()
    page = tab.page
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(64 * 2**20 + 1)  # sparse: one byte over the limit, costs no disk
    page.set_input_files("#model-load", str(huge))
    text = alert_of(page, "model-file")
    assert "huge.json" in text and "64 MiB" in text and "unchanged" in text, text
    assert tab.state() == "ready"
    tab.check()


# 3. links, kept models, compare runs


def test_a_share_link_restores_its_settings(tab, browser, site_url):
    tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.open("?steps=300&seed=7&n_embd=8&n_head=2&temperature=0.8&engine=scalar&lang=zh")
    page = tab.page
    page.click("[data-action=copy-link]")
    page.wait_for_selector("[data-copied]:not(:empty)")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url == page.input_value("#share-link")
    other = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        again = other.new_page()
        again.goto(link)
        again.wait_for_selector("body[data-ready='1']", state="attached", timeout=90_000)
        expected = {"steps": "300", "seed": "7", "n_embd": "8", "n_head": "2",
                    "temperature": "0.8", "engine": "scalar"}
        assert {k: again.input_value(f"[name={k}]") for k in expected} == expected
        assert again.evaluate("document.documentElement.lang") == "zh-CN"
        assert again.text_content("[data-stat=step]") == "0 / 300"
        assert again.is_hidden("[data-url-notice]")
    finally:
        other.close()
    tab.check()


def test_the_shown_link_follows_the_language_and_settings_as_they_change(tab):
    tab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab.open("?lang=zh&seed=7")
    page = tab.page
    box = "document.querySelector('#share-link').value"
    assert "lang=zh" in page.input_value("#share-link")
    page.click("[data-lang=en]")
    tab.wait_until(f"{box}.includes('lang=en')")
    assert "lang=zh" not in page.input_value("#share-link")
    open_settings(page)
    page.fill("[name=temperature]", "0.9")  # typed, not applied yet: the link has it already
    tab.wait_until(f"{box}.includes('temperature=0.9')")
    page.click("[data-action=copy-link]")
    page.wait_for_selector("[data-copied]:not(:empty)")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.input_value("#share-link") == page.url
    assert "lang=en" in link and "seed=7" in link and "lang=zh" not in link
    page.click("[data-lang=zh]")
    tab.wait_until(f"{box}.includes('lang=zh')")
    tab.check()


def test_malformed_link_values_fall_back_to_defaults_with_a_notice(tab):
    tab.open("?steps=abc&learning_rate=-5&n_embd=10&block_size=1e9&engine=warp&dataset=evil"
             "&prefix=%00")
    page = tab.page
    notice = page.text_content("[data-url-notice]")
    for part in ("steps = “abc”", "learning_rate = “-5”", "block_size = “1e9”",
                 "engine = “warp”", "dataset = “evil”", "n_embd = “10”"):
        assert part in notice, notice
    defaults = {"steps": "1000", "learning_rate": "0.01", "n_embd": "16", "block_size": "16"}
    assert {k: page.input_value(f"[name={k}]") for k in defaults} == defaults
    assert not re.search(r"steps=|learning_rate=|block_size=|engine=|dataset=", page.url)
    assert tab.state() == "ready" and page.is_enabled("[data-action=train]")
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    tab.check()


def test_the_model_is_kept_across_reloads_until_start_fresh(tab):
    tab.open("?steps=50&engine=scalar")
    page = tab.page
    for _ in range(4):
        page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 4)
    wait_kept(tab, 4)
    tab.reload()
    assert page.get_attribute("[data-widget=model-file]", "data-resume") == "restored"
    assert tab.step() == 4 and page.text_content("[data-stat=step]") == "4 / 50"
    assert "step 4" in page.text_content("[data-kept]")
    page.click("[data-action=start-fresh]")
    page.click("dialog.confirm[open] [data-files-replace]")  # it has trained: the page asks
    tab.wait_step(lambda s: s == 0)
    tab.wait_until("document.querySelector('[data-stat=step]').textContent === '0 / 1,000'")
    tab.reload()
    assert page.get_attribute("[data-widget=model-file]", "data-resume") == "none"
    tab.check()


def test_without_storage_the_page_works_and_says_so(tab):
    tab.page.add_init_script("Object.defineProperty(window, 'indexedDB', "
                             "{get() { throw new DOMException('denied', 'SecurityError'); }})")
    tab.open("?engine=scalar")
    page = tab.page
    assert page.get_attribute("[data-widget=model-file]", "data-resume") == "unavailable"
    assert "cannot keep your model" in page.text_content("[data-kept]")
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    tab.check()


def test_the_previous_run_stays_faint_with_both_settings_listed(tab):
    tab.open("?steps=15&engine=scalar")
    page = tab.page
    train_to_end(tab)
    assert page.is_hidden("[data-widget=compare-runs]")
    set_field(page, "seed", 7)
    tab.wait_state("ready")
    page.wait_for_selector("[data-widget=compare-runs] li >> nth=1")
    runs = page.locator("[data-widget=compare-runs] li").all_text_contents()
    assert "seed 7" in runs[0] and "seed 42" in runs[1] and "final average loss" in runs[1]
    differs = page.locator("[data-widget=compare-runs] [data-differs]").all_text_contents()
    assert differs == ["seed 7", "seed 42"]
    assert "previous run" in page.text_content("[data-chart] .u-legend")
    tab.check()


# Records what the lab's one Train / Pause / Resume button said at each click (before the lab
# acts on it: a capturing listener on its parent runs first).
RECORD_CLICKS = """() => {
    window.__clicked = [];
    document.querySelector('[data-lab] .actions').addEventListener('click', (e) => {
        if (e.target.closest('.primary')) window.__clicked.push(e.target.dataset.action);
    }, {capture: true});
}"""


def test_fifty_rapid_pause_resume_clicks_leave_a_consistent_lab(tab):
    tab.open("?steps=100000")
    page = tab.page
    page.click("[data-action=train]")
    tab.wait_state("training")
    page.evaluate(RECORD_CLICKS)
    go = page.locator("[data-lab] .actions .primary")  # Pause or Resume, whichever it says now
    for _ in range(50):
        go.click(no_wait_after=True)
    clicked = page.evaluate("window.__clicked")
    assert len(clicked) == 50 and set(clicked) <= {"pause", "resume"}, clicked
    # the last click wins: a Pause ends paused; a Resume, even while a Pause lands, trains
    state, action = ("paused", "resume") if clicked[-1] == "pause" else ("training", "pause")
    tab.wait_until(f"document.querySelector('[data-lab]').dataset.state === '{state}' && "
                   f"document.querySelector('[data-lab] .actions .primary').dataset.action"
                   f" === '{action}'", timeout=30)
    if state == "training":
        page.click("[data-action=pause]")
        tab.wait_state("paused", timeout=10_000)
    at = tab.step()
    tab.assert_idle(at)  # paused means paused
    page.click("[data-action=resume]")
    tab.wait_step(lambda s: s > at + 2)
    page.click("[data-action=pause]")
    tab.wait_state("paused", timeout=10_000)
    tab.check()


def test_csp_allows_only_the_page_and_the_one_dataset_host():
    html = (ROOT / "web" / "index.html").read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    rules = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert rules["connect-src"] == "'self' https://raw.githubusercontent.com"
    assert rules["default-src"] == "'self'" and rules["script-src"] == "'self'"
    pages = [html, *(p.read_text() for p in (ROOT / "web").rglob("*.js"))]
    assert not any(re.search(r"<[^>]+\son[a-z]+\s*=", text) for text in pages)  # no inline handlers
    assert not any(re.search(r"\.innerHTML\s*=|insertAdjacentHTML", text) for text in pages)


# Holds the page's "validate" calls on their way to the worker until the test lets them go, so a
# Resume can be kept waiting on its pending edits while the reader presses Pause.
HOLD_VALIDATE = """
window.__held = [];
window.__hold = false;
const send = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (window.__hold && message?.cmd === "validate") {
    window.__held.push(() => send.call(this, message, ...rest));
    return;
  }
  return send.call(this, message, ...rest);
};
"""


def test_a_resume_still_waiting_gives_way_to_a_later_pause(tab):
    page = tab.page
    page.add_init_script(HOLD_VALIDATE)
    tab.open("?steps=100000")
    page.click("[data-action=train]")
    tab.wait_state("training")
    page.click("[data-action=pause]")
    tab.wait_state("paused")
    page.evaluate("window.__hold = true")
    page.click("[data-action=resume]")  # the first Resume waits for its validate
    tab.wait_until("window.__held.length === 1")
    page.click("[data-action=resume]")  # the second queues behind it
    # let the held checks go one at a time until one Resume trains; any check after that stays
    # held (before the fix: the second Resume's, which then started a run after the Pause)
    tab.wait_until("document.querySelector('[data-lab]').dataset.state === 'training' || "
                   "(window.__held.length && window.__held.shift()(), false)")
    page.click("[data-action=pause]")  # pressed last: it wins
    tab.wait_state("paused")
    at = tab.step()
    page.evaluate("window.__hold = false; window.__held.splice(0).forEach((go) => go())")
    tab.wait_until(python_answer("status") + ".then(() => true)")  # answered after the check
    tab.assert_idle(at)  # the waiting Resume did not start a run
    tab.check()
