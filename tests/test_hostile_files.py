"""Hostile model files and datasets, crafted by hand: each one refused with a message naming
its problem, within a bounded amount of work, and the page's current model untouched.

Work is CPU time of this process (time.process_time), which a busy machine barely changes;
the bound is a generous multiple of the 1 s target (docs/BENCHMARKS.md, "Hostile inputs")."""
import contextlib
import io
import json
import time

import pytest

from microgpt import Trainer, load_docs
from microgpt.checkpoint_rules import CheckpointError
from microgpt.page import Session, handle_json

MB = 2**20
CPU_BOUND = 10.0  # s of CPU per input of up to 1 MB: 10x the target, for Pyodide and old CPUs
NAMES = "emma\nolivia\nava\nisabella\nsophia\nmia\n"
TINY = {"steps": 6, "n_embd": 4, "n_head": 1, "block_size": 8, "engine": "scalar"}


@contextlib.contextmanager
def fresh_page():
    """A new session on a small dataset, and call(cmd, **args) through the page's entry point."""
    session = Session()
    session.set_dataset(NAMES, "names")
    session.configure(TINY, reset=True)
    session.train(max_steps=2, max_ms=60_000)

    def call(cmd, **args):
        out = json.loads(handle_json(session, cmd, json.dumps(args)))
        assert "error" not in out, out["error"]  # never "internal error": a result or refusal
        return out["result"]
    call.session = session
    yield call


def snapshot(session):
    return (session.dataset, session.settings, session.trainer.step_count,
            session.trainer.state_dict(), session.model_id)


def timed(fn, *args, **kwargs):
    start = time.process_time()
    out = fn(*args, **kwargs)
    return out, time.process_time() - start


def saved():
    with fresh_page() as page:
        return json.loads(page("save_model")["text"])


SAVED = saved()


def doctored(**changes):
    """The saved model with top-level fields replaced (a callable gets the data to change)."""
    data = json.loads(json.dumps(SAVED))
    for name, value in changes.items():
        if callable(value):
            value(data)
        else:
            data[name] = value
    return json.dumps(data)


def set_in(group, name, value):
    def change(data):
        data[group][name] = value
    return change


def first_weight(group, value):
    def change(data):
        data[group]["wte"][0][0] = value
    return change


def without_char(c, replacement=None):
    """The vocabulary without c (so the hash of the dataset still matches): c's rows dropped
    from every matrix, or c replaced by a character the dataset does not use."""
    def change(data):
        i = data["vocab"].index(c)
        if replacement is not None:
            data["vocab"][i] = replacement
            data["vocab"].sort()
            return
        del data["vocab"][i]
        for group in ("params", "adam_m", "adam_v"):
            for name in ("wte", "lm_head"):
                del data[group][name][i]
    return change


HOSTILE_MODEL_FILES = {
    "1 MB of escaped quotes": ('"' + '\\"' * (MB // 2), "model_file", "not valid JSON"),
    "1 MB of escaped quotes in a field": (doctored(engine='\\"' * (MB // 4)), "engine",
                                          "names the engine"),
    "1 MB of opening brackets": ("[" * MB, "model_file", "nested too deeply"),
    "brackets inside a string": ('["' + "[" * MB + '"]', "model_file", "not a microgpt"),
    "1 MB of digits": ('{"seed": ' + "9" * MB + "}", "model_file", "cannot be read"),
    "1 MB of empty lists": ("[" + "[]," * (MB // 3) + "[]]", "model_file", "not a microgpt"),
    "a huge vocabulary": (doctored(vocab=[chr(0x4E00 + i) for i in range(120_000)]),
                          "vocab", "limit is 256"),
    "a vocabulary of 257": (doctored(vocab=[chr(0x100 + i) for i in range(257)]), "vocab",
                            "257 characters"),
    "NUL in the vocabulary": (doctored(vocab=lambda d: d["vocab"].__setitem__(0, "\x00")),
                              "vocab_char", "\\x00"),
    "a line break in the vocabulary": (doctored(vocab=lambda d: d["vocab"].__setitem__(
        0, "\u2028")), "vocab_char", "line break"),
    "two characters as one": (doctored(vocab=lambda d: d["vocab"].__setitem__(0, "ab")),
                              "vocab_char", "more than one character"),
    "a duplicated character": (doctored(vocab=lambda d: d["vocab"].__setitem__(1, d["vocab"][0])),
                               "model_file", "distinct characters"),
    "an empty vocabulary": (doctored(vocab=[]), "vocab_char", "vocabulary is empty"),
    "vocabulary missing a dataset character": (doctored(vocab=without_char("v")),
                                               "vocab_dataset", "character 'v'"),
    "vocabulary with a stranger": (doctored(vocab=without_char("v", "z")), "vocab_dataset",
                                   "character 'v'"),
    "version true": (doctored(version=True), "model_file", "version True"),
    "step true": (doctored(step=True), "field_type", "'step' must be a whole number"),
    "num_docs true": (doctored(num_docs=True), "field_type", "'num_docs'"),
    "n_layer true": (doctored(config=set_in("config", "n_layer", True)), "model_file",
                     "n_layer must be a whole number"),
    "num_docs -5": (doctored(num_docs=-5), "field_range", "'num_docs' must be from 1"),
    "step past steps": (doctored(step=7), "field_range", "'step' must be from 0 to 6"),
    "seed 10**400": (doctored(seed=10**400), "model_file", "seed must be from 0"),
    "seed -1": (doctored(seed=-1), "model_file", "seed must be from 0"),
    "steps 10**400": (doctored(steps=10**400), "model_file", "steps must be from 1"),
    "n_layer 10**400": (doctored(config=set_in("config", "n_layer", 10**400)), "model_file",
                        "n_layer must be from 1"),
    "learning rate 10**400": (doctored(optimizer=set_in("optimizer", "learning_rate", 10**400)),
                              "model_file", "learning_rate must be from"),
    "beta1 10**400": (doctored(optimizer=set_in("optimizer", "beta1", 10**400)), "model_file",
                      "beta1 must be a finite number"),
    "init_std 10**400": (doctored(config=set_in("config", "init_std", 10**400)), "model_file",
                         "init_std must be a finite number"),
    "a weight of 10**400": (doctored(params=first_weight("params", 10**400)), "model_file",
                            "past float range"),
    "a weight of 1e300": (doctored(params=first_weight("params", 1e300)), "weight", "beyond"),
    "a weight of 1e400 (infinity)": (doctored(params=first_weight("params", 12.5)).replace(
        "12.5", "1e400"), "model_file", "non-finite"),
    "NaN in Adam's m": (doctored(adam_m=first_weight("adam_m", float("nan"))), "model_file",
                        "NaN"),
    "Infinity in Adam's v": (doctored(adam_v=first_weight("adam_v", float("inf"))),
                             "model_file", "Infinity"),
    "negative Adam v": (doctored(adam_v=first_weight("adam_v", -1e-3)), "adam_v",
                        "never negative"),
    "a bool in Adam's v": (doctored(adam_v=first_weight("adam_v", True)), "model_file",
                           "non-finite or non-number"),
    "a million-row matrix": (doctored(params=set_in("params", "wte", [[0.0]] * 200_000)),
                             "model_file", "wte should be"),
    "a million-long random state": (doctored(rng_state=[3, [1] * 200_000, None]), "model_file",
                                    "random-generator state"),
    "gauss_next a string": (doctored(rng_state=lambda d: d["rng_state"].__setitem__(2, "x")),
                            "model_file", "random-generator state"),
    "docs_sha256 not a hash": (doctored(docs_sha256="x" * 64), "field_type", "hexadecimal"),
    "an unknown engine": (doctored(engine="gpu"), "engine", "'gpu'"),
    "a missing field": (doctored(step=lambda d: d.pop("step")), "field_missing", "'step'"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MODEL_FILES))
def test_hostile_model_file_is_refused_fast_by_name_and_the_model_stays(name):
    text, key, fragment = HOSTILE_MODEL_FILES[name]
    assert len(text.encode()) <= 2 * MB
    with fresh_page() as page:
        before = snapshot(page.session)
        out, cpu = timed(page, "load_model", text=text)
        refused = out.get("refused")
        assert refused, out
        assert refused["key"] == key and fragment in refused["message"], refused
        assert cpu < CPU_BOUND, f"{name}: {cpu:.2f} s of CPU"
        assert snapshot(page.session) == before
        assert page("train", max_steps=1, max_ms=60_000)["steps"]  # the model still trains


@pytest.mark.parametrize("name", sorted(n for n in HOSTILE_MODEL_FILES if n not in {
    "seed 10**400", "seed -1", "learning rate 10**400"}))  # outside the page's bounds only
def test_the_package_refuses_them_too_with_a_checkpoint_error(name):
    text, _, _ = HOSTILE_MODEL_FILES[name]
    docs = load_docs(NAMES) if "dataset" in name or "stranger" in name else None
    with pytest.raises(CheckpointError):
        Trainer.load(io.StringIO(text), docs=docs)


def test_a_seed_past_float_range_is_a_fine_seed_for_the_package():
    trainer = Trainer.load(io.StringIO(doctored(seed=10**400)))
    assert trainer.seed == 10**400 and len(trainer.sample(2)) == 2


def test_the_saved_model_itself_loads_on_the_page():
    with fresh_page() as page:
        out = page("load_model", text=json.dumps(SAVED))
        assert out["can_train"] and out["status"]["step"] == 2


HOSTILE_DATASETS = {
    "1 MB of NUL at the end": ("a\n" * (MB // 2) + "\x00", "binary"),
    "a control code on the last line": ("ab\n" * (MB // 3) + "\x07", "binary"),
    "300 distinct characters in one line": ("".join(map(chr, range(0x4E00, 0x4E00 + 300))),
                                           "vocab"),
    "1 MB of blank lines": ("\n \t\n" * (MB // 4), "empty"),
    "a lone surrogate at the end": ("x\n" * (MB // 2) + "\ud800", "broken_char"),
    "2 MiB and one byte": ("x" * (2 * MB + 1), "too_big"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DATASETS))
def test_hostile_dataset_is_refused_fast_by_name_and_the_model_stays(name):
    text, key = HOSTILE_DATASETS[name]
    with fresh_page() as page:
        before = snapshot(page.session)
        out, cpu = timed(page, "use_dataset", name="hostile.txt", text=text)
        assert out["refused"]["key"] == key and "hostile.txt" in out["refused"]["message"]
        assert cpu < CPU_BOUND, f"{name}: {cpu:.2f} s of CPU"
        assert snapshot(page.session) == before
        with pytest.raises(AssertionError, match="binary|broken|empty|characters|limit"):
            page("init", text=text, name="hostile.txt")  # init refuses it too, before changing
        assert snapshot(page.session) == before


def test_a_million_character_line_makes_small_replies():
    text = "emma\n" + "a" * 1_000_000 + "\nolivia\n"
    with fresh_page() as page:
        out = page("use_dataset", name="long.txt", text=text)
        assert out["report"]["too_long"] == 1
        summary = page("dataset")
        assert len(summary["lengths"]) == 65 and summary["lengths"][-1] == ["65+", 1]
        assert summary["lengths"][3] == [4, 1] and summary["longest"] == "a" * 64 + "…"
        assert len(json.dumps(summary)) < 10_000
        found = page("dataset_search", query="aaa")
        assert found["matches"] == ["a" * 64 + "…"] and found["starts_with"] == 1


def test_init_with_bad_settings_changes_nothing():
    with fresh_page() as page:
        before = snapshot(page.session)
        for settings in ({"n_embd": 6, "n_head": 4}, {"prefix": "q"}, {"seed": 10**400}, [1]):
            with pytest.raises(AssertionError):
                page("init", text="xy\nyx\n", name="xy", settings=settings)
            assert snapshot(page.session) == before
