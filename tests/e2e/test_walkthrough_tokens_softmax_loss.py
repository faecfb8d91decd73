"""The walkthrough from data to gradients (dataset, tokens, prediction, softmax, loss, autograd)
in the browser: every widget live, in both languages."""
import re

WIDGETS = ["dataset", "tokenizer", "prediction", "softmax", "softmax-steps", "loss", "graph",
           "value-steps"]
TITLES_ZH = {"tokenizer": "分词器", "softmax": "Softmax", "graph": "计算图", "loss": "交叉熵损失"}


def widget(tab, name):
    return tab.page.locator(f"[data-widget='{name}']")


def wait_ready(tab, name):
    loc = widget(tab, name)
    loc.scroll_into_view_if_needed()
    tab.page.wait_for_selector(f"[data-widget='{name}'][data-state='ready']", timeout=30_000)
    return loc


def test_every_widget_renders_in_english_and_chinese(tab):
    tab.open("?lang=en")
    for name in WIDGETS:
        loc = wait_ready(tab, name)
        assert loc.locator("h3").text_content().strip(), name
        assert not loc.locator("[role=alert]:visible").count(), name
    assert widget(tab, "tokenizer").locator("[aria-live] .chip").all_text_contents() == [
        "BOS26", "e4", "m12", "m12", "a0", "BOS26"]
    assert widget(tab, "dataset").locator("[data-count]").get_attribute("data-count") == "32257"
    page = tab.page
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    for name, title in TITLES_ZH.items():
        assert widget(tab, name).locator("h3").text_content() == title
    for name in WIDGETS:  # every widget's own text switched too
        text = widget(tab, name).text_content()
        assert re.search(r"[\u4e00-\u9fff]", text), name
    assert page.text_content("#walk-tokens h2") == "2. 把字母变成数字"
    assert "上一步" in widget(tab, "graph").locator("[data-stepper=prev]").text_content()
    tab.check()


def test_numbers_come_from_the_package(tab):
    tab.open("?lang=en")
    softmax = wait_ready(tab, "softmax")
    value = lambda label: softmax.locator(f".bar-row[data-label='{label}'] .bar-value").text_content()
    assert value("e") == "60.0%" and value("a") == "22.1%" and value("d") == "1.8%"
    # lifting every score by the same amount changes nothing; lifting one does
    softmax.locator("[data-logit=e]").focus()
    tab.page.keyboard.press("End")  # e: 3.0 -> 5.0
    tab.wait_until("document.querySelector(\"[data-widget=softmax] .bar-row[data-label=e] "
                   ".bar-value\").textContent !== '60.0%'")
    assert float(value("e").rstrip("%")) > 85

    loss = wait_ready(tab, "loss")
    readout = loss.locator("[data-loss-readout]")
    assert readout.text_content() == "p = 30% → loss = −log p = 1.20"
    loss.locator("#loss-p").focus()
    tab.page.keyboard.press("Home")
    assert readout.text_content().endswith("4.61")
    assert "3.30" in loss.locator(".note").first.text_content()

    steps = wait_ready(tab, "softmax-steps")
    steps.locator("[data-stepper=next]").click()
    steps.locator("[data-stepper=next]").click()
    assert steps.locator("[data-var=total] td").nth(1).text_content() == "1.715"
    assert steps.locator(".code-line.active").text_content().strip().endswith("total = sum(exps)")
    tab.check()


def test_autograd_steps_reach_a_grad_of_4_by_keyboard(tab):
    tab.open("?lang=en")
    graph = wait_ready(tab, "graph")
    page = tab.page
    page.focus("#graph-text")
    for _ in range(4):  # a, b, c, then Next (Prev is disabled at step 1)
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.stepper") == "next"
    count = graph.locator("[data-stepper-count]")
    assert count.text_content() == "1 / 10"
    page.keyboard.press("Enter")
    assert count.text_content() == "2 / 10"
    page.keyboard.press("ArrowRight")
    assert count.text_content() == "3 / 10"
    page.keyboard.press("End")
    assert count.text_content() == "10 / 10"
    grad = lambda name: graph.locator(f"[data-node='{name}'] .node-grad").get_attribute("data-grad")
    assert (grad("a"), grad("b"), grad("c"), grad("L")) == ("4", "2", "1", "1")
    page.keyboard.press("ArrowLeft")  # a's second share: gradients add up
    assert "1 + 3 × 1 = 4" in graph.locator("[data-caption]").text_content()
    assert grad("a") == "4" and grad("b") == ""
    page.keyboard.press("ArrowLeft")
    assert grad("a") == "1"  # before the product passes its share back
    page.keyboard.press("Home")
    assert count.text_content() == "1 / 10"

    steps = wait_ready(tab, "value-steps")
    steps.locator("[data-stepper=next]").focus()
    page.keyboard.press("End")
    assert steps.locator("[data-var=a] [data-grad]").text_content() == "4"
    assert steps.locator("[data-var=b] [data-grad]").text_content() == "2"
    assert "child.grad += local_grad * v.grad" in steps.locator(".code-line.active").text_content()
    tab.check()


def test_bad_input_gets_a_message_and_nothing_runs(tab):
    tab.open("?lang=en")
    page = tab.page
    graph = wait_ready(tab, "graph")
    page.fill("#graph-text", "a.__class__")
    alert = graph.locator("[role=alert]")
    alert.wait_for(state="visible")
    assert alert.text_content().startswith("Attribute access (a.b) is not allowed")
    assert page.get_attribute("#graph-text", "aria-invalid") == "true"
    page.fill("#graph-text", "__import__('os')")
    tab.wait_until("document.querySelector('[data-widget=graph]').dataset.problem === 'call'")
    assert "Only log(…), exp(…) and relu(…)" in alert.text_content()
    page.fill("#graph-text", "log(a) * b")
    tab.wait_until("document.querySelector('[data-widget=graph]').dataset.problem === ''")
    assert alert.is_hidden()
    assert graph.locator("[data-stepper-count]").text_content() == "1 / 9"  # a, log, b, L

    tokenizer = wait_ready(tab, "tokenizer")
    page.fill("#tokenizer-text", "<img src=x onerror=alert(1)>")
    message = tokenizer.locator("[role=alert]")
    message.wait_for(state="visible")
    assert "“<” is not in the vocabulary" in message.text_content()
    assert not page.locator("[data-widget=tokenizer] img").count()  # shown as text, never HTML
    page.fill("#tokenizer-text", "Emma")
    tab.wait_until("document.querySelector('[data-widget=tokenizer] [role=alert]')"
                   ".textContent.includes('lower case')")
    page.click("[data-lang=zh]")
    tab.wait_until("document.documentElement.lang === 'zh-CN'")
    page.fill("#tokenizer-text", "Emmaa")
    tab.wait_until("document.querySelector('[data-widget=tokenizer] [role=alert]')"
                   ".textContent.includes('小写')")
    tab.check()


def test_model_widgets_follow_training(tab):
    tab.open("?lang=en")
    page = tab.page
    prediction = wait_ready(tab, "prediction")
    title = prediction.locator("h4")
    assert "after 0 training steps" in title.text_content()
    before = prediction.locator("[data-caption]").text_content()
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    prediction.scroll_into_view_if_needed()
    tab.wait_until("document.querySelector('[data-widget=prediction] h4').textContent"
                   ".includes('after 1 training steps')")
    assert prediction.locator("[data-caption]").text_content() != before
    dataset = wait_ready(tab, "dataset")
    page.fill("#dataset-search", "qqqq")
    tab.wait_until("document.querySelector('[data-search-result]').dataset.found === 'false'")
    assert dataset.locator("[data-search-result]").text_content() == \
        "“qqqq” is not in the dataset. No name starts with “qqqq”."
    tab.check()
