"""Dataset rules, and the page commands for datasets and model files."""
import base64
import io
import json

import pytest

from microgpt import GPTConfig, Trainer, load_docs
from microgpt.chars import MAX_VOCAB, doc_char
from microgpt.explain.dataset import MAX_BUCKETS, MAX_SHOWN, length_histogram, shorten
from microgpt.page import Session, handle_json
from microgpt.page.dataset import (MAX_BYTES, DatasetError, check_text, decode, is_karpathy_names,
                                   report, rules)
from reference import ROOT, reference_dir

TINY = {"steps": 6, "n_embd": 4, "n_head": 1, "block_size": 8, "engine": "scalar"}
NAMES = "emma\nolivia\nava\nisabella\nsophia\nmia\n"


def refusal(text, name="my.txt"):
    with pytest.raises(DatasetError) as caught:
        check_text(text, name)
    assert name in str(caught.value)  # every message names the dataset it is about
    return caught.value


# 1. the rules


def test_bundled_and_karpathy_names_pass_with_their_vocabulary():
    bundled = (ROOT / "microgpt" / "names.txt").read_text(encoding="utf-8")
    docs = check_text(bundled, "names.txt")
    assert docs == load_docs(bundled)
    got = report(docs, 16, "names.txt")
    assert got["chars"] == [chr(c) for c in range(ord("a"), ord("z") + 1)]
    assert got["vocab_size"] == 27 and got["count"] == len(docs)
    karpathy_text = (reference_dir() / "names.txt").read_text(encoding="utf-8")
    assert len(check_text(karpathy_text, "k")) == 32033  # his script prints "num docs: 32033"
    assert is_karpathy_names(karpathy_text) and not is_karpathy_names(bundled)
    assert not is_karpathy_names(karpathy_text + "\n")


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n \u3000 "])
def test_empty_datasets_are_refused(text):
    assert refusal(text).key == "empty"


@pytest.mark.parametrize("text,line,code", [
    ("ok\nab\x00cd\n", 2, "U+0000"),
    ("\x07bell", 1, "U+0007"),
    ("a\r\nb\r\nc\x1b[31m", 3, "U+001B"),
    ("x\n\n\ny\x7f", 4, "U+007F"),
])
def test_text_with_control_codes_is_refused_as_binary_naming_the_line(text, line, code):
    problem = refusal(text)
    assert problem.key == "binary" and problem.params == {"line": line, "code": code}
    assert f"line {line}" in str(problem) and code in str(problem)


def test_tabs_and_unusual_line_breaks_are_text_not_binary():
    assert check_text("a\tb\nc\x0bd\x0ce\rf\u2028g\x85h", "t") == \
        ["a\tb", "c", "d", "e", "f", "g", "h"]


def test_lone_surrogates_are_refused():
    problem = refusal("fine\nbro\ud83dken")
    assert problem.key == "broken_char" and problem.params == {"line": 2}


def test_size_limit_is_in_utf8_bytes_and_inclusive():
    line = "é" * 99 + "\n"  # 199 bytes, 100 characters
    fits = line * (MAX_BYTES // 199) + "x" * (MAX_BYTES % 199)
    assert len(fits.encode()) == MAX_BYTES
    assert len(check_text(fits, "big.txt")) == MAX_BYTES // 199 + 1
    problem = refusal(fits + "y", "big.txt")
    assert problem.key == "too_big" and problem.params["size"] == MAX_BYTES + 1
    assert f"{MAX_BYTES:,}" in str(problem)


def test_vocabulary_limit_counts_distinct_characters():
    chars = [chr(0x4E00 + i) for i in range(MAX_VOCAB + 1)]  # CJK ideographs
    at_limit = "\n".join("".join(chars[i:i + 8]) for i in range(0, MAX_VOCAB, 8))
    assert len(set("".join(check_text(at_limit, "zh.txt")))) == MAX_VOCAB
    problem = refusal(at_limit + "\n" + chars[-1])
    assert problem.key == "vocab" and problem.params["size"] == MAX_VOCAB + 1
    assert str(MAX_VOCAB) in str(problem)


def test_non_text_is_refused():
    assert refusal(b"emma").key == "not_text"


# 2. file bytes


def test_decode_accepts_utf8_and_drops_a_byte_order_mark():
    assert decode("zoë\nbjörn".encode(), "f") == "zoë\nbjörn"
    assert decode(b"\xef\xbb\xbfemma", "f") == "emma"


@pytest.mark.parametrize("raw,key,position", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary", 8),
    (b"caf\xe9", "binary", 3),  # Latin-1, not UTF-8
    (b"a" * (MAX_BYTES + 1), "too_big", None),
])
def test_decode_refuses_binary_and_huge_files(raw, key, position):
    with pytest.raises(DatasetError) as caught:
        decode(raw, "up.bin")
    assert caught.value.key == key and "up.bin" in str(caught.value)
    if position is not None:
        assert caught.value.params["position"] == position


# 3. the report


def test_report_counts_documents_too_long_for_the_context():
    docs = ["abc", "abcd", "abcde", "abcdefgh"]
    got = report(docs, block_size=5, name="x")
    assert got["too_long"] == 2  # "abcde" (5 > 4) and "abcdefgh"; "abcd" makes exactly 5 predictions
    assert report(docs, block_size=9)["too_long"] == 0
    assert got["max_bytes"] == rules()["max_bytes"] and got["max_vocab"] == MAX_VOCAB


def test_length_histogram_has_every_length_then_one_longer_bucket():
    assert length_histogram(["ab", "abcd", "abcd"]) == [[1, 0], [2, 1], [3, 0], [4, 2]]
    got = length_histogram(["a", "x" * 5, "y" * 1_000_000], cap=3)
    assert got == [[1, 1], [2, 0], [3, 0], ["4+", 2]]
    assert len(length_histogram(["z" * n for n in range(1, 5000)])) == MAX_BUCKETS + 1


def test_quoted_documents_are_shortened():
    assert shorten("emma") == "emma" and shorten("a" * MAX_SHOWN) == "a" * MAX_SHOWN
    assert shorten("b" * 10**6) == "b" * MAX_SHOWN + "…"


def test_a_document_character_is_what_a_dataset_can_hold():
    for c in ("a", "é", " ", "\t", "中", "😀", "-"):
        assert doc_char(c) and check_text(f"x{c}y", "d") == [f"x{c}y"]
    for c in ("\x00", "\x1b", "\n", "\r", "\x85", "\u2028", "\ud800", "ab", "", 7):
        assert not doc_char(c)


def test_training_on_a_too_long_document_uses_its_first_block_size_predictions():
    """What the page says about long lines: they are cut, as in Karpathy's script."""
    def losses(docs, block_size):
        trainer = Trainer(docs, GPTConfig(n_embd=4, n_head=1, block_size=block_size), seed=1,
                          steps=2)
        return [trainer.step()["loss"] for _ in range(2)]
    whole, cut = ["abcdefghij", "ghijx"], ["abcdef", "ghijx"]  # same characters, same order
    assert losses(whole, 6) == losses(cut, 6)
    assert losses(whole, 12) != losses(cut, 12)  # with room for the whole name, the rest counts


# 4. the page's commands: a refusal is an answer, and the current model stays


@pytest.fixture
def page():
    """A fresh page session on a small dataset, driven through the JSON command entry point."""
    session = Session()

    def call(cmd, **args):
        out = json.loads(handle_json(session, cmd, json.dumps(args)))
        assert "error" not in out, out["error"]
        return out["result"]
    session.set_dataset(NAMES, "names")
    session.configure(TINY, reset=True)
    session.train(max_steps=2, max_ms=60_000)  # exactly 2 steps, however busy the machine
    call.session = session
    return call


def snapshot(session):
    return (session.dataset, session.docs, session.settings, session.trainer.step_count,
            session.trainer.state_dict())


@pytest.mark.parametrize("args,key", [
    ({"text": "\n  \n"}, "empty"),
    ({"data_base64": base64.b64encode(b"GIF89a\x00\x01").decode()}, "binary"),
    ({"text": "x" * (MAX_BYTES + 1)}, "too_big"),
    ({"data_base64": "QUFB" * (MAX_BYTES // 3 + 1)}, "too_big"),
    ({"text": "".join(chr(0x400 + i) + "\n" for i in range(MAX_VOCAB + 1))}, "vocab"),
])
def test_refused_dataset_keeps_the_old_dataset_and_model(page, args, key):
    before = snapshot(page.session)
    out = page("use_dataset", name="mine.txt", **args)
    assert out["refused"]["key"] == key and "mine.txt" in out["refused"]["message"]
    assert snapshot(page.session) == before


def test_accepted_dataset_starts_a_new_model_and_reports_on_it(page):
    text = "élodie\nzoë\nbjörn\nçelik\nmaximiliano-alejandro\n"
    out = page("use_dataset", name="accents.txt",
               data_base64=base64.b64encode(text.encode()).decode())
    got = out["report"]
    assert got["name"] == "accents.txt" and got["count"] == 5 and not out["karpathy_names"]
    assert got["too_long"] == 1  # 21 characters with block_size 8
    assert {"é", "ë", "ö", "ç", "-"} <= set(got["chars"])
    assert out["status"]["step"] == 0 and out["status"]["vocab_size"] == len(got["chars"]) + 1
    assert page.session.settings["n_embd"] == TINY["n_embd"]  # settings carry over
    assert page("dataset_report")["count"] == 5


def test_use_dataset_rejects_malformed_calls(page):
    for args in ({"name": "x"}, {"name": "x", "text": "a", "data_base64": "YQ=="},
                 {"name": "x", "data_base64": "not base64!"}, {"name": " ", "text": "a"}):
        assert "error" in json.loads(handle_json(page.session, "use_dataset", json.dumps(args)))


def test_saved_model_loads_and_trains_on_exactly(page):
    saved = page("save_model")
    assert saved["filename"] == "microgpt-step2.json"
    expected = [page.session.train(max_steps=1)["steps"][0]["loss"] for _ in range(2)]
    later = page.session.trainer.state_dict()
    out = page("load_model", text=saved["text"])
    assert out["can_train"] and out["status"]["step"] == 2
    assert [page.session.train(max_steps=1)["steps"][0]["loss"] for _ in range(2)] == expected
    assert page.session.trainer.state_dict() == later


def test_model_of_another_dataset_samples_but_does_not_train(page):
    saved = page("save_model")
    names = page("sample", n=5)
    page("use_dataset", name="other", text="abc\nabd\nbcd\n")
    out = page("load_model", text=saved["text"])
    assert not out["can_train"] and out["num_docs"] == len(load_docs(NAMES))
    assert page("sample", n=5) == names
    with pytest.raises(ValueError, match="only sample"):
        page.session.train(max_steps=1)


def test_loaded_model_brings_its_own_settings(page):
    other = Trainer(load_docs(NAMES), GPTConfig(n_layer=2, n_embd=6, n_head=3, block_size=5),
                    seed=7, steps=30, learning_rate=0.05)
    buf = io.StringIO()
    other.save(buf)
    page.session.settings["prefix"] = "em"
    status = page("load_model", text=buf.getvalue())["status"]
    assert {k: status["settings"][k] for k in ("n_layer", "n_embd", "n_head", "block_size",
                                               "seed", "steps", "learning_rate")} == \
        {"n_layer": 2, "n_embd": 6, "n_head": 3, "block_size": 5, "seed": 7, "steps": 30,
         "learning_rate": 0.05}
    assert status["settings"]["prefix"] == "em" and status["num_params"] == other.num_params


@pytest.mark.parametrize("text,key,message", [
    ("", "model_file", "not valid JSON"),
    ("{\"format\": \"microgpt-checkpoint\", \"version\": 7}", "model_file", "version 7"),
    ("\x00\x01binary", "model_file", "not valid JSON"),
    ('{"a": ' * 5000, "model_file", "nested too deeply"),  # would kill Pyodide's stack
])
def test_bad_model_files_are_refused_and_the_model_stays(page, text, key, message):
    before = snapshot(page.session)
    out = page("load_model", text=text)
    assert out["refused"]["key"] == key and message in out["refused"]["message"]
    assert snapshot(page.session) == before


def test_model_larger_than_the_page_allows_is_refused(page):
    big = Trainer(["ab"], GPTConfig(n_layer=5, n_embd=2, n_head=1, block_size=3), steps=1)
    buf = io.StringIO()
    big.save(buf)
    before = snapshot(page.session)
    out = page("load_model", text=buf.getvalue())
    assert "outside what the page allows" in out["refused"]["message"]
    assert "n_layer" in out["refused"]["message"]
    assert snapshot(page.session) == before


def test_doctored_model_size_is_refused_before_anything_is_built(page):
    data = json.loads(page("save_model")["text"])
    data["config"]["n_layer"] = 10**9  # would mean six billion matrices
    out = page("load_model", text=json.dumps(data))
    assert "n_layer must be from 1 to 4" in out["refused"]["message"]
