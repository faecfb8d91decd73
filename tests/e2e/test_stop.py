"""Stopping Python in the page: Pause mid-step, the busy line's Stop, and the watchdog.

Cross-origin isolated (served with COOP/COEP, as the service worker serves repeat visits),
a stop is Pyodide's interrupt: it lands mid-step and the model is as before the step.
Not isolated, Stop terminates the worker, starts a new one and brings the kept model back.
Latencies are printed (docs/BENCHMARKS.md, "Stopping"); asserted bounds are generous.
"""
import json
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from build import SITE  # noqa: E402
from microgpt.checkpoint import to_dict  # noqa: E402
from microgpt.page import Session  # noqa: E402

# The largest sizes the page allows (the scalar engine is refused at them: over 1 s a step).
LARGEST = {"n_layer": 4, "n_embd": 64, "n_head": 4, "block_size": 64}
SLOW_SAMPLE = {"n_samples": 40, "temperature": 5}  # ~24 s estimated: under the 30 s bound
BUSY = "[data-busy][data-kind=busy]"
CLIENT = 'await import(new URL("client.js", location.href).href)'

# Records the Python call running (client's "python" event) in window.__python.
WATCH_PYTHON = f"""async () => {{
  ({CLIENT}).on("python", (call) => {{ window.__python = call; }});
}}"""

# Clicks `selector` and resolves once `selector_done` matches, with the ms it took and what
# Python was running at the click.
TIMED_CLICK = """([selector, done]) => new Promise((resolve) => {
  const running = window.__python?.cmd ?? null;
  const step = Number(document.querySelector("[data-lab]").dataset.step);
  const t0 = performance.now();
  const check = () => {
    if (!document.querySelector(done)) return false;
    resolve({ ms: performance.now() - t0, running, step });
    return true;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document.body, { attributes: true, subtree: true, childList: true });
  document.querySelector(selector).click();
})"""
PAUSED = "[data-lab][data-state=paused] [data-action=step]:not([disabled])"


def reference(settings, steps):
    """The same model trained `steps` steps in CPython, never stopped: (losses, checkpoint)."""
    manifest = json.loads((SITE / "build.json").read_text())
    session = Session()
    session.set_dataset((SITE / manifest["dataset"]).read_text(), "names.txt")
    session.configure(settings, reset=True)
    losses = [session.trainer.step()["loss"] for _ in range(steps)]
    return losses, to_dict(session.trainer)


def losses(tab):
    return [s["loss"] for s in tab.py("steps_since", {"step": 0})["steps"]]


def assert_same_model(text, expected):
    """A checkpoint from the page equals CPython's (floats to 1e-9: a half-applied Adam update
    moves weights by ~1e-3)."""
    got = json.loads(text)
    assert (got["step"], got["rng_state"]) == (expected["step"], expected["rng_state"])
    for key in ("params", "adam_m", "adam_v"):
        for name, rows in expected[key].items():
            flat = [x for row in got[key][name] for x in row]
            assert flat == pytest.approx([x for row in rows for x in row], rel=1e-9, abs=1e-12)



def set_setting(tab, name, value):
    """Type a value into the lab's form and wait until Python has it."""
    field = f"[data-lab] [name={name}]"
    tab.settings()
    tab.page.fill(field, str(value))
    tab.page.press(field, "Enter")
    tab.wait_until(f"({CLIENT}).call('status')"
                   f".then((s) => String(s.settings.{name}) === '{value}')")


def open_lab(tab, isolated, query=""):
    """The page at the largest sizes, typed into the lab's form (step 0: no reset to confirm)."""
    tab.open(query)
    assert tab.page.evaluate("crossOriginIsolated") == isolated
    for name, value in LARGEST.items():
        set_setting(tab, name, value)
    params = "document.querySelector('[data-lab] [data-stat=params]').textContent"
    tab.wait_until(f"{params} === '204,160'")
    tab.wait_state("ready")
    tab.page.evaluate(WATCH_PYTHON)
    if isolated:
        tab.wait_until(f"({CLIENT}).interruptible()", 30)


def test_pause_lands_mid_step_at_the_largest_settings_and_undoes_that_step(isolated):
    tab = isolated
    open_lab(tab, True)
    page = tab.page
    page.click("[data-lab] [data-action=train]")
    tab.wait_state("training")
    tab.wait_step(lambda s: s >= 2, timeout=300)
    out = page.evaluate(TIMED_CLICK, ["[data-lab] [data-action=pause]", PAUSED])
    print(f"\nPause mid-step, isolated, largest sizes (fast): {out['ms']:.0f} ms")
    assert out["running"], out  # Python was running (a step, or a call between two)
    assert out["ms"] < 10_000
    step = tab.py("status")["step"]
    assert step in (out["step"], out["step"] + 1)  # the step under way undone, or just done
    expected_losses, expected = reference(LARGEST, step + 1)
    assert_same_model(tab.py("save_model")["text"], reference(LARGEST, step)[1])
    assert losses(tab) == pytest.approx(expected_losses[:step], rel=1e-9)
    page.click("[data-lab] [data-action=step]")  # the next step: as if never stopped
    tab.wait_step(lambda s: s == step + 1, timeout=300)
    assert losses(tab)[-1] == pytest.approx(expected_losses[-1], rel=1e-9)
    assert_same_model(tab.py("save_model")["text"], expected)
    tab.check()


def stop_a_slow_sample(tab, label):
    """Sample at the largest sizes (tens of seconds), wait for the busy line, press its Stop
    from the keyboard; returns the busy line's text and the ms from the key to `done`."""
    page = tab.page
    # the walkthrough's first names for the new model (also slow) are in: Python is idle
    tab.wait_until("document.querySelector('[data-widget=training] .checkpoints li')"
                   " && !window.__python", 300)
    # a trained model at temperature 0.5 may end its names at once (under a second, no busy line):
    # 100 names at the hottest temperature are near-uniform draws, tens of tokens each
    for name, value in SLOW_SAMPLE.items():
        set_setting(tab, name, value)
    page.click("[data-lab] [data-action=sample]")
    page.wait_for_selector(BUSY, state="attached", timeout=60_000)
    line = page.locator("[data-busy]")
    assert line.get_attribute("role") == "status"
    text = line.text_content()
    stop = line.locator("[data-action=stop-python]")
    assert stop.text_content() == label and stop.get_attribute("aria-label")
    stop.focus()
    t0 = page.evaluate("performance.now()")
    page.keyboard.press("Enter")
    return text, t0


def test_busy_line_shows_a_slow_call_and_its_stop_interrupts_it(isolated):
    tab = isolated
    open_lab(tab, True)
    before = tab.py("save_model")["text"]
    text, t0 = stop_a_slow_sample(tab, "Stop")
    assert "Python is busy: making up names" in text and "for 1" in text, text
    page = tab.page
    page.wait_for_selector("[data-lab] [data-message]:not([hidden])", timeout=30_000)
    ms = page.evaluate("performance.now()") - t0
    print(f"\nStop a slow sample, isolated: {ms:.0f} ms")
    assert "Stopped" in page.text_content("[data-lab] [data-message]")
    assert page.is_hidden(BUSY)
    assert tab.py("save_model")["text"] == before
    page.click("[data-lab] [data-action=step]")
    tab.wait_step(lambda s: s == 1, timeout=300)
    assert losses(tab) == pytest.approx(reference(LARGEST, 1)[0], rel=1e-9)
    tab.check()


def test_the_busy_line_speaks_chinese(isolated):
    tab = isolated
    open_lab(tab, True, "?lang=zh")
    text, _ = stop_a_slow_sample(tab, "停止")
    assert "Python 正在运行：生成名字" in text, text
    tab.page.wait_for_selector(BUSY, state="detached", timeout=30_000)
    assert tab.py("status")["step"] == 0
    # a widget that does not catch its stopped call (the walkthrough's first names) logs it
    stopped = "uncaught: 已停止；模型保持在正在进行的那一步之前的样子。"
    assert not [e for e in tab.errors if e != stopped], tab.errors
    assert not tab.off_origin()


def test_without_isolation_stop_restarts_python_and_brings_the_kept_model_back(tab):
    open_lab(tab, False)
    page = tab.page
    for step in (1, 2):  # the second keep starts after the step (a save of step 0 may not)
        page.click("[data-lab] [data-action=step]")
        tab.wait_step(lambda s: s == step, timeout=300)
        page.wait_for_selector(f"[data-widget=model-file][data-kept-step='{step}']",
                               state="attached", timeout=60_000)
    _, t0 = stop_a_slow_sample(tab, "Stop")
    page.wait_for_selector("[data-busy][data-restored=true]", state="attached", timeout=120_000)
    ms = page.evaluate("performance.now()") - t0
    print(f"\nStop a slow sample, not isolated (restart, kept model back): {ms:.0f} ms")
    text = page.text_content("[data-busy]")
    assert "Python was restarted to stop making up names" in text, text
    assert "step 2 is back" in text, text
    assert "Stopped: Python was restarted." in page.text_content("[data-lab] [data-message]")
    page.wait_for_selector("[data-lab][data-state=paused][data-step='2'] [data-action=step]"
                           ":not([disabled])", state="attached", timeout=60_000)
    assert tab.py("status")["step"] == 2
    page.click("[data-lab] [data-action=step]")  # it trains again, from the kept model
    tab.wait_step(lambda s: s == 3, timeout=300)
    expected_losses, expected = reference(LARGEST, 3)
    assert losses(tab)[-1] == pytest.approx(expected_losses[-1], rel=1e-9)
    assert_same_model(tab.py("save_model")["text"], expected)
    tab.check()
