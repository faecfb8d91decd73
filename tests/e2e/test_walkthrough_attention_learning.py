"""The walkthrough inside the model and its training (embedding, attention, forward pass, one
training step, sampling, efficiency) in the browser: every widget shows the live model, in both
languages."""
import json
import re

from e2e_helpers import widget, wait_widget as wait_ready

WIDGETS = ["embedding", "attention", "pipeline", "forward-steps", "training", "train-step",
           "temperature", "generate", "efficiency"]
TITLES_ZH = {"embedding": "查嵌入表", "attention": "注意力权重", "pipeline": "前向计算，一块一块地看",
             "forward-steps": "逐行运行 gpt()", "training": "实时训练", "train-step": "一个训练步",
             "temperature": "温度", "generate": "生成一个名字", "efficiency": "同样的数，不同的速度"}
SHORT_RUN = "?lang=en&steps=60"




# Text that depends on the model's numbers, one JS expression per widget `w`.
SHOWN = {
    "embedding": "w.querySelector('[data-map-note]').textContent",
    "attention": "w.querySelector(\"td[data-r='2'][data-c='1']\").getAttribute('aria-label')",
    "pipeline": "w.querySelector('.vector-cells').getAttribute('aria-label')"
                " + [...w.querySelectorAll('.cell')].map((c) => c.style.cssText).join()",
    "train-step": "w.querySelector('table.values').textContent",
    "temperature": "w.querySelector('[data-readout=top]').textContent"
                   " + w.querySelector('[data-readout=entropy]').textContent",
}


def shown(name):
    """A JS expression: what widget `name` shows of the model now."""
    return f"((w) => {SHOWN[name]})(document.querySelector(\"[data-widget='{name}']\"))"


def snapshot(tab):
    return {name: tab.page.evaluate(shown(name)) for name in SHOWN}


def test_every_widget_renders_before_and_after_training_in_both_languages(tab):
    tab.open(SHORT_RUN)
    for name in WIDGETS:
        loc = wait_ready(tab, name)
        assert loc.locator("h3").text_content().strip(), name
        assert not loc.locator("[role=alert]:visible").count(), name
    before = snapshot(tab)
    assert "step 0" in before["embedding"]
    page = tab.page
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    for name, title in TITLES_ZH.items():
        assert widget(tab, name).locator("h3").text_content() == title, name
    assert page.text_content("#walk-attention h2") == "8. 词元之间怎样互相关注"
    assert "上一步" in widget(tab, "pipeline").locator("[data-stepper=prev]").text_content()
    assert widget(tab, "attention").locator("table.heatmap caption").text_content().startswith("头 1")

    # train from the walkthrough's own button: it drives the lab's run
    training = wait_ready(tab, "training")
    training.locator("button[data-action]").click()
    tab.wait_state("done", timeout=120_000)
    assert training.locator("[data-step='60']").count() == 1  # the final names, at step 60
    page.click("[data-lang=en]")
    tab.wait_until("document.documentElement.lang === 'en'")
    for name, text in before.items():  # each redraws for the trained model once on screen
        wait_ready(tab, name)
        tab.wait_until(f"{shown(name)} !== {json.dumps(text)}", timeout=30)
    wait_ready(tab, "embedding")
    tab.wait_until(f"{shown('embedding')}.includes('step 60')")
    assert "Training finished" in training.locator("button[data-action]").text_content()
    tab.check()


def test_attention_heatmap_masks_the_upper_triangle_and_moves_by_keyboard(tab):
    tab.open("?lang=en")
    att = wait_ready(tab, "attention")
    att.locator("input").fill("sophia")
    tab.wait_until("document.querySelectorAll('[data-widget=attention] table.heatmap tbody tr').length === 7")
    for head in range(4):
        att.locator(f"[data-head='{head}']").click()
        assert att.locator(f"[data-head='{head}']").get_attribute("aria-pressed") == "true"
        for r in range(7):
            cells = att.locator(f"table.heatmap tbody tr:nth-child({r + 1}) td")
            masked = [cells.nth(c).get_attribute("data-masked") == "1" for c in range(7)]
            assert masked == [c > r for c in range(7)]
            shown = [int(cells.nth(c).text_content().rstrip("%")) for c in range(r + 1)]
            assert abs(sum(shown) - 100) <= r + 1  # whole percents, rounded per cell
        assert att.locator("td[data-r='0'][data-c='0']").text_content() == "100%"
    cell = att.locator("td[data-r='1'][data-c='0']")
    cell.focus()
    page = tab.page
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.c") == "1"
    assert re.search(r"score q·k/√4 = -?\d", att.locator(".heat-readout").text_content())
    page.keyboard.press("ArrowRight")
    assert "cannot look" in att.locator(".heat-readout").text_content()
    att.locator("input").fill("Sophia")
    tab.wait_until("!!document.querySelector('[data-widget=attention] [role=alert]:not([hidden])')")
    assert "lower case" in att.locator("[role=alert]").text_content()
    tab.check()


def test_the_one_step_preview_changes_nothing_until_applied(tab):
    tab.open("?lang=en")
    step = wait_ready(tab, "train-step")
    count = step.locator("[data-stepper-count]")

    def last_page():
        step.locator("[data-stepper=next]").focus()
        tab.page.keyboard.press("End")
        assert count.text_content() == "6 / 6"
        rows = step.locator("table.values tr")
        return {rows.nth(i).locator("td").first.text_content(): rows.nth(i).locator("td").nth(1).text_content()
                for i in range(rows.count())}

    first = last_page()
    assert first["before"] != first["after"]
    step.locator("#train-step-name").fill("emm")  # another preview, then back
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.previewed === 'emm'")
    step.locator("#train-step-name").fill("emma")
    tab.wait_until("document.querySelector('[data-widget=train-step]').dataset.previewed === 'emma'")
    assert last_page() == first  # previews do not move the model
    assert tab.step() == 0
    step.locator("[data-action=apply]").click()
    tab.wait_until("document.querySelector('[data-widget=train-step] [data-action=apply] + p').textContent.includes('step 1')")
    tab.wait_until("document.querySelector('[data-widget=train-step] table.values tr:nth-child(2) td:nth-child(2)')"
                   f".textContent === '{first['after']}'", timeout=30)
    assert last_page()["before"] == first["after"]  # the model moved exactly as previewed
    tab.check()


def test_generation_completes_the_prefix_and_marks_the_name(tab):
    tab.open("?lang=en")
    gen = wait_ready(tab, "generate")

    def drawn(prefix, seed):
        """Wait until the name shown is the one drawn for this prefix and seed (a click or a
        keystroke is answered after a call to Python; reading before would see the last one)."""
        tab.wait_until("(({prefix, seed}) => prefix === %r && seed === '%d')"
                       "(document.querySelector('[data-widget=generate]').dataset)" % (prefix, seed))

    gen.locator("#generate-prefix").fill("mar")
    seed = int(gen.locator("#generate-seed").input_value())
    drawn("mar", seed)
    names = set()
    for _ in range(4):
        name = gen.get_attribute("data-name")
        assert name.startswith("mar")
        names.add(name)
        verdict = gen.locator(".verdict").text_content()
        assert verdict == ("new: not in the dataset" if gen.get_attribute("data-new") == "true"
                           else "in the dataset")
        gen.locator("[data-action=again]").click()
        seed += 1
        assert gen.locator("#generate-seed").input_value() == str(seed)
        drawn("mar", seed)
    assert len(names) > 1  # four seeds, not all the same name
    chips = gen.locator(".generated .chip")
    assert chips.first.get_attribute("class").split() == ["chip", "forced", "target"]  # step 1: "m"
    gen.locator("[data-stepper=next]").focus()
    tab.page.keyboard.press("End")
    assert "".join(chips.all_text_contents()) == gen.get_attribute("data-name")
    tab.check()


def test_temperature_slider_and_steppers_work_by_keyboard(tab):
    tab.open("?lang=en")
    temp = wait_ready(tab, "temperature")
    entropy = temp.locator("[data-readout=entropy]")
    before = entropy.text_content()
    assert temp.locator("output").text_content() == "0.50"  # the lab's temperature
    temp.locator("#temperature-t").focus()
    page = tab.page
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # 0.50 -> 1.00: the model's own, flatter distribution
    assert temp.locator("output").text_content() == "1.00"
    tab.wait_until("document.querySelector('[data-widget=temperature] [data-readout=at]').textContent === '1.00'")
    assert float(entropy.text_content().split()[0]) > float(before.split()[0])

    pipe = wait_ready(tab, "pipeline")
    pipe.locator("[data-stepper=next]").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert pipe.get_attribute("data-stage") == "sum"
    page.keyboard.press("End")
    assert pipe.get_attribute("data-stage") == "probs"
    cells = pipe.locator(".vector-cells")
    page.keyboard.press("Home")
    cells.focus()
    page.keyboard.press("ArrowRight")
    assert pipe.get_attribute("data-stage") == "tok_emb"  # the strip keeps its arrows
    assert pipe.locator(".vector-readout").text_content().startswith("number 1:")

    steps = wait_ready(tab, "forward-steps")
    steps.locator("[data-pos='3']").click()
    steps.locator("[data-stepper=next]").focus()
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    assert steps.get_attribute("data-stage") == "weights"
    assert steps.locator(".code-line.active").text_content().strip().endswith("attn_weights = softmax(attn_logits)")
    assert steps.locator("table.head-rows tbody tr").count() == 4
    tab.check()


def test_engines_agree_and_are_timed_in_the_browser(tab):
    tab.open("?lang=en")
    eff = wait_ready(tab, "efficiency")
    eff.locator("[data-action=compare]").click()
    tab.page.wait_for_selector("[data-widget=efficiency][data-ran='1']", state="attached", timeout=60_000)
    rows = eff.locator("table.engines tbody tr")
    engines = [rows.nth(i).locator("th").text_content() for i in range(rows.count())]
    assert "scalar" in engines
    losses = {rows.nth(i).locator("td").first.text_content() for i in range(rows.count())}
    assert len(losses) == 1  # the same three losses, whichever engine
    if len(engines) > 1:
        assert re.search(r"(\d+(\.\d)?) times faster", eff.locator(".efficiency-summary").text_content())
    assert eff.locator("table.scale tbody tr").first.locator("td").first.text_content() == "4,192"
    tab.check()
