"""The walkthrough's pictures drawn from the live model: the forward pass as a residual stream
with its KV cache, one attention row worked through, the embedding tables with the looked-up
rows lit, the parameter bar, the learning-rate schedule and Adam beside gradient descent; they
follow the settings (n_layer=2: two blocks) and work by keyboard."""


def ready(tab, name):
    loc = tab.page.locator(f"[data-widget='{name}']")
    loc.scroll_into_view_if_needed()
    tab.wait_until(f"document.querySelector(\"[data-widget='{name}']\").dataset.state === 'ready'",
                   timeout=60)
    return loc


def attr(tab, selector, name):
    return tab.page.get_attribute(selector, name)


def test_residual_stream_lights_the_stepper_stage_and_pushes_the_cache(tab):
    tab.open("?lang=en")
    pipe = ready(tab, "pipeline")
    tab.wait_until("!!document.querySelector('[data-widget=pipeline] svg.pf')")
    assert pipe.locator(".pf-layer").count() == 1
    assert pipe.locator("svg.pf").get_attribute("data-lit") == "tok_emb/"
    assert pipe.locator(".pf-node.lit").get_attribute("data-stage") == "tok_emb"
    # the cache holds BOS@0 and e@1 (this position), the newest on top, dashed until pushed
    entries = pipe.locator(".pf-entry")
    assert entries.all_text_contents()[0].startswith("e@1")
    assert entries.count() == 2
    assert "pf-pending" in entries.first.get_attribute("class")
    pipe.locator("[data-stepper=next]").focus()
    page = tab.page
    for _ in range(5):  # pos_emb, sum, norm0, norm1, k
        page.keyboard.press("ArrowRight")
    assert pipe.get_attribute("data-stage") == "k"
    assert pipe.locator(".pf-node.lit").get_attribute("data-stage") == "k"
    assert "pf-pending" not in entries.first.get_attribute("class")
    assert "Key" in pipe.locator(".vector-caption").text_content()
    # a click on a block in the picture goes to that stage
    pipe.locator(".pf-node[data-stage='fc2']").click()
    assert pipe.get_attribute("data-stage") == "fc2"
    assert pipe.locator(".pf-node.lit").get_attribute("data-stage") == "fc2"
    assert "MLP" in pipe.locator("svg.pf").get_attribute("aria-label")
    pipe.locator("[data-pos='3']").click()  # the cache grows with the position
    tab.wait_until("document.querySelectorAll('[data-widget=pipeline] .pf-entry').length === 4")
    tab.check()


def test_attention_row_embedding_tables_and_heads_by_keyboard(tab):
    tab.open("?lang=en")
    att = ready(tab, "attention")
    tab.wait_until("document.querySelectorAll('[data-widget=attention] table.attn-row tbody tr').length === 5")
    assert att.get_attribute("data-row") == "4"  # the last position first: it sees all five
    assert att.locator("table.attn-row tr.masked").count() == 0
    assert att.locator("table.heatmap tr.chosen th").text_content() == "a"
    att.locator(".token-picker [data-pos='1']").click()
    assert att.get_attribute("data-row") == "1"
    assert att.locator("table.attn-row tr.masked").count() == 3
    weights = [int(w.rstrip("%")) for w in att.locator("table.attn-row td.weight").all_text_contents()]
    assert len(weights) == 2 and abs(sum(weights) - 100) <= 1
    # heads by keyboard: arrows move along the head buttons
    att.locator("[data-head='0']").click()
    page = tab.page
    page.keyboard.press("ArrowRight")
    assert att.locator("[data-head='1']").get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.activeElement.dataset.head") == "1"
    assert att.locator("h4").first.text_content().endswith("head 2: one query at work")
    page.keyboard.press("End")
    assert att.locator("[data-head='3']").get_attribute("aria-pressed") == "true"
    # a heatmap cell picks its row for the picture above
    att.locator("table.heatmap td[data-r='3'][data-c='0']").click()
    assert att.get_attribute("data-row") == "3"

    emb = ready(tab, "embedding")
    tab.wait_until("!!document.querySelector('[data-widget=embedding] svg.emb-wte')")
    wte, wpe = emb.locator("svg.emb-wte"), emb.locator("svg.emb-wpe")
    assert (wte.get_attribute("data-rows"), wte.get_attribute("data-cols")) == ("27", "16")
    assert wpe.get_attribute("data-rows") == "16"
    assert (wte.get_attribute("data-lit"), wpe.get_attribute("data-lit")) == ("4", "1")  # e@1
    assert wte.locator(".emb-row.lit text").text_content() == "e"
    emb.locator(".token-picker [data-pos='2']").click()
    assert (wte.get_attribute("data-lit"), wpe.get_attribute("data-lit")) == ("12", "2")  # m@2
    assert "row 12 (m) lit" in wte.get_attribute("aria-label")
    tab.check()


def test_learning_pictures_and_the_optimiser_race(tab):
    tab.page.emulate_media(reduced_motion="reduce")
    tab.open("?lang=en&steps=300")
    lr = ready(tab, "lr-schedule")
    tab.wait_until("!!document.querySelector('[data-widget=lr-schedule] .lr-line')")
    assert "takes step 0 next, at a learning rate of 0.01" in lr.locator("figcaption").text_content()
    assert lr.locator(".lr-tick").all_text_contents()[-1] == "299"
    opt = ready(tab, "optimiser")
    tab.wait_until("document.querySelector('[data-widget=optimiser]').dataset.k === '0'")
    opt.locator("[data-action=opt-step]").click()
    assert opt.get_attribute("data-k") == "1"
    assert "After 1 steps" in opt.locator(".opt-readout").text_content()
    opt.locator("[data-action=opt-play]").click()  # no motion wanted: straight to the end
    assert opt.get_attribute("data-k") == "40"
    readout = opt.locator(".opt-readout").text_content()
    assert "After 40 steps" in readout
    assert opt.locator("[data-action=opt-step]").is_disabled()
    opt.locator("[data-action=opt-reset]").click()
    assert opt.get_attribute("data-k") == "0"

    # one step in the lab moves the marker of the schedule
    tab.page.click("#lab [data-action=step]")
    tab.wait_until("document.querySelector('#lab').dataset.step === '1'", timeout=60)
    lr.scroll_into_view_if_needed()  # widgets refresh while on screen
    tab.wait_until("document.querySelector('[data-widget=lr-schedule]').dataset.step === '1'",
                   timeout=60)
    tab.check()


def test_pictures_follow_the_model_settings_two_layers(tab):
    tab.open("?lang=zh&n_layer=2")
    pipe = ready(tab, "pipeline")
    tab.wait_until("document.querySelectorAll('[data-widget=pipeline] .pf-layer').length === 2")
    assert pipe.locator(".pf-layer-label").all_text_contents() == ["第 1 层（共 2 层）", "第 2 层（共 2 层）"]
    assert pipe.locator(".pf-entry").count() == 4  # a cache per layer
    bar = ready(tab, "param-bar")
    tab.wait_until("document.querySelector('[data-widget=param-bar]').dataset.total === '7264'")
    assert bar.locator(".pbar-seg").count() == 3 + 2 * 6
    assert "7,264" in bar.locator(".pbar").get_attribute("aria-label")
    tab.check()
