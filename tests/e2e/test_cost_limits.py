"""The lab refuses settings whose training step would take over 1 s in the tab, and warns about
slow ones, with the estimate; the current model stays. Waits are on the page's state."""
from e2e_helpers import open_settings

ENGINE_NOTE = "document.querySelector('[data-error-for=engine]')"
GO = "[data-lab] [data-action=resume]"  # Train, Pause or Resume: Resume once paused at a step


def commit(page, name, value):
    open_settings(page)
    page.fill(f"[name={name}]", str(value))
    page.press(f"[name={name}]", "Enter")


def test_the_largest_scalar_settings_are_refused_with_the_estimate_and_the_model_stays(tab):
    tab.open("?steps=50")
    page = tab.page
    for want in (1, 2):
        page.click("[data-action=step]")
        tab.wait_step(lambda s, want=want: s == want)
    open_settings(page)
    page.select_option("[name=engine]", "scalar")
    tab.wait_until(f"{ENGINE_NOTE}.textContent.startsWith('Slow:')")  # the defaults: a warning
    assert page.get_attribute("[name=engine]", "aria-invalid") is None
    tab.wait_until(f"!document.querySelector('{GO}').disabled")
    tab.wait_until("(await import(new URL('client.js', location.href).href)).call('status')"
                   ".then((s) => s.engine === 'scalar')")  # the switch reached Python
    before = tab.py("status")
    for name, value in (("n_layer", 4), ("n_embd", 64), ("block_size", 64)):
        commit(page, name, value)
    tab.wait_until(f"{ENGINE_NOTE}.dataset.kind === 'error'")
    note = page.text_content("[data-error-for=engine]")
    assert "would take up to about" in note and "scalar engine" in note, note
    seconds = float(note.split("about ")[1].split(" s")[0].replace(",", ""))
    assert seconds > 10  # the estimate itself, far over the 1 s allowed
    assert page.get_attribute("[name=engine]", "aria-invalid") == "true"
    assert page.locator(GO).is_disabled()
    assert page.locator("[data-action=step]").is_disabled()
    assert not page.locator("dialog[data-confirm][open]").count()  # nothing to confirm
    after = tab.py("status")
    assert (after["model_id"], after["step"], after["settings"]) \
        == (before["model_id"], 2, before["settings"])
    assert tab.step() == 2
    tab.check()


def test_the_refusal_reads_in_chinese(tab):
    tab.open("?lang=zh&engine=scalar")
    page = tab.page
    for name, value in (("n_layer", 4), ("n_embd", 64), ("block_size", 64)):
        commit(page, name, value)
    tab.wait_until(f"{ENGINE_NOTE}.dataset.kind === 'error'")
    note = page.text_content("[data-error-for=engine]")
    assert "训练一步最多约需" in note and "秒" in note, note
    settings = tab.py("status")["settings"]  # refused values stay out of Python
    assert (settings["n_layer"], settings["n_embd"], settings["block_size"]) == (1, 16, 16)
    tab.check()
