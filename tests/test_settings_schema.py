"""The settings schema: declared once in Python, served by the settings_schema command and
written by the build to site/settings.json; the checks take their bounds and defaults from it."""
import json
import sys

import pytest

from microgpt.page import Session, handle_json
from microgpt.page.settings import LIMITS, MODEL_KEYS, defaults, parse, schema

KEYS = ["steps", "learning_rate", "seed", "n_layer", "n_embd", "n_head", "block_size",
        "engine", "temperature", "n_samples", "prefix"]


def reply(cmd, args=None, session=None):
    return json.loads(handle_json(session or Session(), cmd, json.dumps(args or {})))


def test_schema_lists_every_setting_once_in_the_page_order():
    got = reply("settings_schema")["result"]
    assert got["version"] == 1 and got["groups"] == ["run", "model", "sampling"]
    assert [s["key"] for s in got["settings"]] == KEYS
    groups = [s["group"] for s in got["settings"]]
    assert groups == sorted(groups, key=got["groups"].index)  # each group's fields together


def test_labels_and_hints_are_page_texts_in_both_languages():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "web" / "i18n"
    for lang in ("en", "zh"):
        texts = json.loads((root / f"{lang}.json").read_text())
        for s in schema()["settings"]:
            for key in filter(None, (s["label"], s.get("hint"))):
                node = texts
                for part in key.split("."):
                    node = node[part]
                assert isinstance(node, str) and node, (lang, key)


def test_limits_model_keys_and_defaults_derive_from_the_schema():
    settings = schema()["settings"]
    assert defaults() == {s["key"]: s["default"] for s in settings}
    assert set(MODEL_KEYS) == {s["key"] for s in settings if s["new_model"]}
    assert LIMITS == {s["key"]: (s["kind"], s["min"], s["max"]) for s in settings
                      if s["kind"] in ("int", "float")}
    assert parse(defaults()) == (defaults(), {})  # the defaults pass their own checks


@pytest.mark.parametrize("setting", schema()["settings"], ids=lambda s: s["key"])
def test_each_bound_is_the_one_parse_enforces(setting):
    if setting["kind"] not in ("int", "float"):
        return
    key, lo, hi = setting["key"], setting["min"], setting["max"]
    assert key not in parse({**defaults(), key: lo})[1]  # (n_embd 1 and n_head 4 fail together)
    assert key not in parse({**defaults(), key: hi})[1]
    step = 1 if setting["kind"] == "int" else lo / 2
    for outside in (lo - step, hi + step):
        errors = parse({**defaults(), key: outside})[1]
        problem = errors[key]
        assert problem["key"] == "range" and (problem["min"], problem["max"]) == (lo, hi)


def test_the_walkthrough_takes_temperature_and_seed_within_the_labs_bounds():
    session = Session()
    reply("init", {"text": "emma\nava\nmia\n", "settings": {"engine": "fast"}}, session)
    lo, hi = LIMITS["temperature"][1:]
    lab = reply("validate", {"settings": {"temperature": hi * 1.01}}, session)["result"]
    for cmd in ("next_token", "generate"):
        for t in (lo, hi):
            assert "result" in reply(cmd, {"prefix": "a", "temperature": t}, session), (cmd, t)
        for t in (lo / 2, hi * 1.01, "1", None):
            assert "temperature" in reply(cmd, {"temperature": t}, session)["error"], (cmd, t)
        refused = reply(cmd, {"temperature": hi * 1.01}, session)["error"]
        assert refused == lab["temperature"]["message"]  # the lab's own words
    top = LIMITS["seed"][2]
    assert reply("generate", {"seed": top}, session)["result"]["name"]
    for seed in (-1, top + 1, 1.5):
        assert "seed" in reply("generate", {"seed": seed}, session)["error"]


@pytest.mark.skipif(sys.platform == "emscripten", reason="build.py runs in CPython only")
def test_build_writes_the_commands_reply_to_settings_json(tmp_path):
    import build
    build.write_settings(tmp_path)
    written = json.loads((tmp_path / "settings.json").read_text())
    assert written == reply("settings_schema")["result"]
