"""The code lab ("Your turn", issue 13) in the browser: the editor holds the installed package's
own model.py, presets edit it visibly, a short edited run trains beside the original, errors
point at their lines, Stop ends an endless loop (isolated: the interrupt; not: a new worker),
and none of it touches the lab's model. Timings are printed (docs/BENCHMARKS.md, "Code lab")."""
import inspect
import json
import math
import re
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import microgpt.model  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LAB = "[data-widget=code-lab]"
EDITOR_MODULE = 'await import(new URL("vendor/codemirror/editor.js", location.href).href)'
CLIENT = 'await import(new URL("client.js", location.href).href)'
PRESETS = ["original", "no-attention", "no-mlp", "no-residual", "no-rmsnorm", "no-position"]
SOURCE = inspect.getsource(microgpt.model)
HEAD_DIM = "    head_dim = config.head_dim"  # the first line of gpt()'s body

# The editor's text and a reader's edit (a user transaction, as typing makes: the widget hears it)
EDITOR_TEXT = f"""async () => ({EDITOR_MODULE}).editorOf(
  document.querySelector("{LAB} [data-code-editor]")).state.doc.toString()"""
TYPE_TEXT = f"""async (text) => {{
  const view = ({EDITOR_MODULE}).editorOf(document.querySelector("{LAB} [data-code-editor]"));
  view.dispatch({{ changes: {{ from: 0, to: view.state.doc.length, insert: text }},
    userEvent: "input.type" }});
}}"""

# Clicks `selector`, resolves once the code lab's state is no longer "running", with the ms.
TIMED_STOP = f"""(selector) => new Promise((resolve) => {{
  const root = document.querySelector("{LAB}");
  const t0 = performance.now();
  const observer = new MutationObserver(() => {{
    if (root.dataset.codeState === "running") return;
    observer.disconnect();
    resolve({{ ms: performance.now() - t0, state: root.dataset.codeState }});
  }});
  observer.observe(root, {{ attributes: true }});
  document.querySelector(selector).click();
}})"""


def flat(tree, prefix=""):
    if isinstance(tree, dict):
        out = {}
        for key, value in tree.items():
            out.update(flat(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: tree}


def open_code_lab(tab, query=""):
    tab.open(query)
    tab.page.locator("#walk-code").scroll_into_view_if_needed()
    tab.page.wait_for_selector(f"{LAB}[data-code-state=idle]", state="attached", timeout=60_000)
    return tab.page


def editor_text(tab):
    return tab.page.evaluate(EDITOR_TEXT)


def type_source(tab, text):
    tab.page.evaluate(TYPE_TEXT, text)
    tab.wait_until(f"document.querySelector('{LAB} [name=experiment]').value === 'custom'")


def run_code(tab, steps):
    page = tab.page
    page.fill(f"{LAB} [name=code-steps]", str(steps))
    page.click(f"{LAB} [data-action=run-code]")


def wait_code(tab, *states, timeout=300_000):
    tab.page.wait_for_selector(",".join(f"{LAB}[data-code-state={s}]" for s in states),
                               state="attached", timeout=timeout)
    return tab.page.get_attribute(LAB, "data-code-state")


def average(losses, window=50):
    tail = losses[-window:]
    return sum(tail) / len(tail)


def lab_snapshot(tab):
    status = tab.py("status")
    return status["step"], [s["loss"] for s in tab.py("steps_since", {"step": 0})["steps"]], \
        tab.py("save_model")["text"]


def test_the_editor_holds_the_installed_model_source(tab):
    open_code_lab(tab)
    assert editor_text(tab) == SOURCE
    assert tab.page.get_attribute(f"{LAB} [data-code-editor]", "data-file") == "model.py"
    content = tab.page.locator(f"{LAB} .cm-content")
    assert content.get_attribute("aria-label").startswith("model.py")
    # described by the keyboard hint, from inside the editor's shadow root (ids do not cross it)
    described = content.get_attribute("aria-describedby")
    assert "Escape" in tab.page.locator(f"{LAB} [data-code-editor] #{described}").text_content()
    # the bundle is the site's own file, and nothing left the origin
    assert any(u.endswith("/vendor/codemirror/editor.js") for u in tab.requests)
    tab.check()


def test_each_preset_edits_the_code_and_shows_its_diff(tab):
    page = open_code_lab(tab)
    experiments = {e["id"]: e for e in tab.py("code_experiments")}
    assert list(experiments) == PRESETS
    options = page.eval_on_selector_all(f"{LAB} [name=experiment] option:not([hidden])",
                                        "os => os.map(o => o.value)")
    assert options == PRESETS
    for name in PRESETS[1:] + ["original"]:
        page.select_option(f"{LAB} [name=experiment]", name)
        assert editor_text(tab) == experiments[name]["source"]
        expect = page.text_content(f"{LAB} .code-expect")
        assert expect.strip() and expect != "code.experiment.%s.expect" % name
        removed = page.locator(f"{LAB} [data-code-diff] li[data-op='-']").count()
        added = page.locator(f"{LAB} [data-code-diff] li[data-op='+']").count()
        if name == "original":
            assert removed == added == 0
            assert "No changes" in page.text_content(f"{LAB} .code-diff-summary")
            assert editor_text(tab) == SOURCE
        else:
            rows = experiments[name]["diff"]
            assert removed == sum(r["op"] == "-" for r in rows) > 0
            assert added == sum(r["op"] == "+" for r in rows) > 0
            # not by colour alone: a sign and words for each changed line
            first = page.locator(f"{LAB} [data-code-diff] li[data-op='-']").first
            assert first.locator(".diff-sign").text_content() == "−"
            assert "removed" in first.locator(".visually-hidden").text_content()
            assert first.locator("del").count() == 1
            assert f"experiment={name}" in page.url
    assert "experiment=" not in page.url
    # a reader's own edit: the select says so, the diff follows, the link never carries code
    type_source(tab, SOURCE.replace(HEAD_DIM, HEAD_DIM + "  # mine"))
    assert "experiment=" not in page.url and "mine" not in page.url
    tab.wait_until(f"document.querySelectorAll('{LAB} [data-code-diff] li[data-op=\"+\"]')"
                   ".length === 1")
    page.click(f"{LAB} [data-action=reset-code]")
    assert editor_text(tab) == SOURCE
    tab.check()


def test_a_link_names_a_preset_never_code(tab):
    page = open_code_lab(tab, "?experiment=no-mlp")
    assert page.input_value(f"{LAB} [name=experiment]") == "no-mlp"
    no_mlp = next(e for e in tab.py("code_experiments") if e["id"] == "no-mlp")
    assert editor_text(tab) == no_mlp["source"]
    tab.open("?experiment=bogus")
    page.locator("#walk-code").scroll_into_view_if_needed()
    page.wait_for_selector(f"{LAB}[data-code-state=idle]", state="attached", timeout=60_000)
    assert page.input_value(f"{LAB} [name=experiment]") == "original"
    assert "experiment=" not in page.url
    assert "bogus" in page.text_content("[data-url-notice]")
    tab.check()


def test_a_short_no_mlp_run_trains_beside_the_original_and_leaves_the_lab_alone(tab):
    page = open_code_lab(tab)
    before = lab_snapshot(tab)
    page.select_option(f"{LAB} [name=experiment]", "no-mlp")
    run_code(tab, 20)
    assert wait_code(tab, "done", "error") == "done", page.text_content(f"{LAB} [data-code-error]")
    loss = float(page.get_attribute(LAB, "data-code-loss"))
    original = tab.py("code_original", {"steps": 20})
    assert math.isfinite(loss) and loss != pytest.approx(average(original["losses"]), abs=1e-9)
    assert page.get_attribute(f"{LAB} [data-code-chart]", "data-points") == "20"
    assert page.locator(f"{LAB} .code-chart .uplot").count() == 1
    for which in ("edited", "original"):
        names = page.locator(f"{LAB} [data-code-samples={which}] [data-sample]")
        assert names.count() == 10
        assert names.first.locator(".sample-tag").text_content() in ("new", "in the data")
    status = page.text_content(f"{LAB} [data-code-status]")
    assert "after 20 steps" in status and f"{loss:.3f}" in status, status
    assert lab_snapshot(tab) == before  # the lab's model, step and losses are untouched
    tab.check()


def test_a_syntax_error_names_its_line_and_column_and_marks_the_line(tab):
    page = open_code_lab(tab)
    broken = SOURCE.replace(HEAD_DIM, "    head_dim = (config.head_dim", 1)
    with pytest.raises(SyntaxError) as error:
        compile(broken, "model.py", "exec")
    line, column = error.value.lineno, error.value.offset
    type_source(tab, broken)
    run_code(tab, 5)
    assert wait_code(tab, "error", "done") == "error"
    alert = page.locator(f"{LAB} [data-code-error]")
    assert alert.get_attribute("role") == "alert"
    text = alert.text_content()
    assert f"line {line}, column {column}" in text, text
    marked = page.locator(f"{LAB} .cm-line[data-error-line='{line}']")
    marked.wait_for(state="visible", timeout=10_000)  # scrolled into view in the editor
    assert page.locator(f"{LAB} .cm-error-note").first.text_content() == f"◀ error on line {line}"
    tab.check()


def test_a_runtime_error_names_the_edited_line(tab):
    page = open_code_lab(tab)
    broken = SOURCE.replace(HEAD_DIM, "    head_dim = undefined_name", 1)
    line = broken.splitlines().index("    head_dim = undefined_name") + 1
    type_source(tab, broken)
    run_code(tab, 5)
    assert wait_code(tab, "error", "done") == "error"
    text = page.text_content(f"{LAB} [data-code-error]")
    assert f"on line {line}" in text and "undefined_name" in text, text
    page.locator(f"{LAB} .cm-line[data-error-line='{line}']").wait_for(state="visible")
    # 中文 too
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    assert f"第 {line} 行出错" in page.text_content(f"{LAB} [data-code-error]")
    # the fixed labels follow the language as well (data-i18n)
    zh = json.loads((ROOT / "web" / "i18n" / "zh.json").read_text())["code"]
    assert page.text_content(f"{LAB} [data-action=run-code]") == zh["run"]
    assert page.text_content(f"{LAB} .code-diff-title") == zh["diff_title"]
    heads = page.locator(f"{LAB} .code-samples-head").all_text_contents()
    assert heads == [zh["samples"]["edited"], zh["samples"]["original"]], heads
    tab.check()



def stop_an_endless_loop(tab, isolated):
    """An endless loop in gpt() (hit in code_start's first call), stopped by the widget's Stop;
    afterwards the walkthrough answers and the lab trains a step. Returns the ms."""
    page = open_code_lab(tab)
    assert page.evaluate("crossOriginIsolated") == isolated
    if isolated:
        tab.wait_until(f"({CLIENT}).interruptible()", 30)
    before = lab_snapshot(tab)
    type_source(tab, SOURCE.replace(HEAD_DIM, HEAD_DIM + "\n    while True:\n        pass", 1))
    run_code(tab, 20)
    page.wait_for_selector(f"{LAB}[data-code-state=running] [data-action=stop-code]:visible")
    # Python is inside the loop: the call has started and has not answered
    tab.wait_until("document.querySelector('[data-busy][data-kind=busy]')", 30)
    page.focus(f"{LAB} [data-action=stop-code]")
    out = page.evaluate(TIMED_STOP, f"{LAB} [data-action=stop-code]")
    how = "interrupt" if isolated else "restart"
    print(f"\nCode lab: Stop of an endless loop ({how}): {out['ms']:.0f} ms to leave running")
    assert out["state"] == "idle"
    assert "Stopped" in page.text_content(f"{LAB} [data-code-status]")
    assert page.evaluate("document.activeElement.dataset.action") == "run-code"  # focus kept
    if not isolated:  # the new worker is up and the kept model back
        page.wait_for_selector("[data-busy][data-restored]", state="attached", timeout=120_000)
    # the walkthrough answers, the lab's model is as it was, and it trains a step
    page.locator("#tokenizer-text").scroll_into_view_if_needed()
    page.fill("#tokenizer-text", "anna")
    tab.wait_until("[...document.querySelectorAll('[data-widget=tokenizer] [aria-live] .chip')]"
                   ".map((c) => c.textContent).join(' ') === 'BOS26 a0 n13 n13 a0 BOS26'", 60)
    if isolated:
        assert lab_snapshot(tab) == before
    else:
        assert tab.py("status")["step"] == before[0]
    page.click("[data-lab] [data-action=step]")
    tab.wait_step(lambda s: s == before[0] + 1, timeout=120)
    # and the code lab runs again
    page.locator("#walk-code").scroll_into_view_if_needed()
    page.click(f"{LAB} [data-action=reset-code]")
    run_code(tab, 3)
    assert wait_code(tab, "done", "error") == "done"
    return out["ms"]


def test_stop_ends_an_endless_loop_by_interrupt_when_isolated(isolated):
    ms = stop_an_endless_loop(isolated, True)
    assert ms < 2000, ms  # the bound; the interrupt lands in milliseconds
    isolated.check()


def test_stop_ends_an_endless_loop_by_restart_when_not_isolated(tab):
    ms = stop_an_endless_loop(tab, False)
    assert ms < 2000, ms  # the old worker is ended at once; the new one starts after
    # the restart's news is the busy line's, nothing uncaught
    assert not [e for e in tab.errors if "uncaught" in e], tab.errors
    assert not tab.off_origin()


def test_edited_runs_are_timed_in_the_tab(tab):
    """ms per step of an edited run (the original code through the Value engine) at the
    default settings, for docs/BENCHMARKS.md."""
    page = open_code_lab(tab)
    type_source(tab, SOURCE + "\n")  # the original code, as an edit: the Value engine
    run_code(tab, 30)
    assert wait_code(tab, "done", "error") == "done"
    status = page.text_content(f"{LAB} [data-code-status]")
    rate = tab.page.evaluate(f"""async () => {{
      const c = {CLIENT};
      return c.call("code_train", {{ max_ms: 0 }}).then((r) => r.ms_per_step);
    }}""")
    print(f"\nCode lab: edited run at the default settings: {rate:.0f} ms/step (Value engine)")
    assert rate > 0 and "after 30 steps" in status
    tab.check()


def test_keyboard_reaches_the_editor_leaves_it_and_runs(tab):
    page = open_code_lab(tab)
    select = page.locator(f"{LAB} [name=experiment]")
    select.focus()
    page.keyboard.press("Tab")
    active = "document.activeElement?.shadowRoot?.activeElement?.classList.contains('cm-content')"
    assert page.evaluate(active)
    page.keyboard.press("Tab")  # Tab indents inside the editor: focus stays
    assert page.evaluate(active)
    assert editor_text(tab) == "    " + SOURCE
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # Escape, then Tab: out of the editor
    assert page.evaluate("document.activeElement.name") == "code-steps"
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "run-code"
    page.keyboard.press("Enter")
    # focus goes from Run to Stop while it runs, and back when it ends
    # the first line now starts with an indent: Python refuses it, by line and column
    assert wait_code(tab, "error", "done") == "error"
    assert "line 1, column" in page.text_content(f"{LAB} [data-code-error]")
    assert page.evaluate("document.activeElement.dataset.action") == "run-code"
    hint = page.text_content(f"{LAB} .code-hint")
    assert "Escape, then Tab" in hint
    tab.check()


def test_code_texts_exist_in_english_and_chinese():
    en = json.loads((ROOT / "web" / "i18n" / "en.json").read_text())
    zh = json.loads((ROOT / "web" / "i18n" / "zh.json").read_text())
    for tree in ("code", "walk.sections.code"):
        a = flat(eval_path(en, tree))
        b = flat(eval_path(zh, tree))
        assert a.keys() == b.keys(), a.keys() ^ b.keys()
        for key in a:  # the same placeholders
            assert set(re.findall(r"\{\w+\}", a[key])) == set(re.findall(r"\{\w+\}", b[key])), key
    for name in PRESETS + ["custom"]:
        assert en["code"]["experiment"][name]["label"] and en["code"]["experiment"][name]["expect"]


def eval_path(tree, dotted):
    for part in dotted.split("."):
        tree = tree[part]
    return tree


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_wcag_violations_in_the_code_lab(tab, scheme):
    tab.page.emulate_media(color_scheme=scheme)
    tab.page.add_init_script(path=str(AXE))
    page = open_code_lab(tab)
    page.select_option(f"{LAB} [name=experiment]", "no-position")
    run_code(tab, 3)
    assert wait_code(tab, "done") == "done"
    for lang in ("en", "zh"):
        if lang == "zh":
            page.click("[data-lang=zh]")
            tab.wait_until("document.documentElement.lang === 'zh-CN'")
        violations = page.evaluate("""async (tags) => {
          const result = await axe.run(document.querySelector("#walk-code"),
            {runOnly: {type: "tag", values: tags}});
          return result.violations.map((v) => ({id: v.id, help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" "))}));
        }""", WCAG)
        assert not violations, f"axe ({scheme}, {lang}): {violations}"
    # an error shown too
    type_source(tab, SOURCE.replace(HEAD_DIM, "    head_dim = (", 1))
    run_code(tab, 3)
    assert wait_code(tab, "error") == "error"
    violations = page.evaluate("""async (tags) => (await axe.run(
      document.querySelector("#walk-code"), {runOnly: {type: "tag", values: tags}}))
      .violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))""",
                               WCAG)
    assert not violations, violations
    tab.check()
