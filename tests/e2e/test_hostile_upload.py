"""Crafted 1 MB model files through the page's model-file widget: refused with a message naming
the problem, and the lab still trains. Prints the time from upload to the refusal shown."""
import json
import time

import pytest

from tests.test_hostile_files import HOSTILE_MODEL_FILES, MB

# one page command timed inside the tab: the worker, Pyodide and the reply, no upload
TIMED_CALL = """async ([cmd, args]) => {
  const client = await import(new URL("client.js", location.href).href);
  const start = performance.now();
  const out = await client.call(cmd, args);
  return [performance.now() - start, out];
}"""
CASES = {  # file name -> (crafted input, words the alert must hold)
    "quotes.json": ("1 MB of escaped quotes", "not valid JSON"),
    "brackets.json": ("1 MB of opening brackets", "nested too deeply"),
    "vocab.json": ("a huge vocabulary", "vocabulary of 120,000 characters; the limit is 256"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_crafted_1_mb_model_file_is_refused_in_the_tab(tab, name):
    case, words = CASES[name]
    content = HOSTILE_MODEL_FILES[case][0].encode()
    assert len(content) >= MB
    tab.open("?engine=scalar")
    page = tab.page
    alert = page.locator("[data-widget=model-file] [role=alert]")
    start = time.monotonic()
    page.set_input_files("#model-load", files=[{"name": name, "mimeType": "application/json",
                                                 "buffer": content}])
    alert.wait_for(state="visible", timeout=60_000)
    seconds = time.monotonic() - start
    text = alert.text_content()
    print(f"\n{name} ({len(content):,} bytes, {case}): refused {seconds:.2f} s after upload")
    assert name in text and words in text and "unchanged" in text, text
    assert tab.py("status")["step"] == 0
    ms, out = page.evaluate(TIMED_CALL, ["load_model", {"text": content.decode()}])
    print(f"{name}: the load_model call alone took {ms:.0f} ms in the tab")
    assert out["refused"]["message"]
    page.click("[data-action=step]")
    tab.wait_step(lambda s: s == 1)
    tab.check()


def test_a_vocabulary_the_hash_cannot_see_is_refused_in_the_tab(tab):
    """The page's own model, its vocabulary doctored so the dataset's hash still matches."""
    tab.open("?engine=scalar")
    data = json.loads(tab.py("save_model")["text"])
    i = data["vocab"].index("q")
    data["vocab"][i] = "\u00e9"  # a character the names never use
    data["vocab"].sort()
    tab.page.set_input_files("#model-load", files=[{"name": "doctored.json",
                                                     "mimeType": "application/json",
                                                     "buffer": json.dumps(data).encode()}])
    alert = tab.page.locator("[data-widget=model-file] [role=alert]")
    alert.wait_for(state="visible", timeout=60_000)
    text = alert.text_content()
    assert "doctored.json" in text and "vocabulary differs" in text and "“q”" in text, text
    tab.check()
