"""Property tests: whatever text or bytes arrive, parsing a dataset or loading a checkpoint
either works or raises the documented ValueError; and what is saved comes back exactly."""
import contextlib
import io
import json

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from microgpt import GPTConfig, Trainer, load_docs
from microgpt.checkpoint_rules import MAX_WEIGHT
from microgpt.page import Session, handle_json
from microgpt.page.dataset import DatasetError, check_text, decode, report

# deadline=None everywhere: on a busy machine one slow example must not fail a run; the work
# per example is bounded by the sizes drawn (at most a few hundred characters)
SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
QUICK = settings(max_examples=100, deadline=None)
# any code point, lone surrogates and control codes included
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=12)


# 1. datasets


@QUICK
@given(ANY_TEXT)
def test_any_text_is_either_its_documents_or_a_named_refusal(text):
    try:
        docs = check_text(text, "t.txt")
    except DatasetError as e:
        assert e.key in {"binary", "broken_char", "empty", "vocab"} and "t.txt" in str(e)
        return
    assert docs == load_docs(text) and docs
    assert all(d == d.strip() and d.splitlines() == [d] for d in docs)
    got = report(docs, block_size=4)
    assert got["vocab_size"] == len(set("".join(docs))) + 1
    assert 0 <= got["too_long"] <= got["count"] == len(docs)


@QUICK
@given(st.binary(max_size=300))
def test_any_bytes_decode_exactly_or_are_refused(raw):
    try:
        text = decode(raw, "up.bin")
    except DatasetError as e:
        assert e.key == "binary" and "up.bin" in str(e)
        assert b"\x00" in raw or not is_utf8(raw)
        return
    assert text.encode("utf-8") == raw.removeprefix(b"\xef\xbb\xbf")


def is_utf8(raw):
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


DOC = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
              min_size=1, max_size=12).map(str.strip).filter(bool)


@QUICK
@given(st.lists(DOC, min_size=1, max_size=30))
def test_documents_joined_by_newlines_come_back_exactly(docs):
    assume(len(set("".join(docs))) <= 256)
    assert check_text("\n".join(docs) + "\n", "d") == docs


# 2. checkpoints


def small_trainer(docs=("ab", "ba", "abc"), steps_done=2, seed=0):
    trainer = Trainer(list(docs), GPTConfig(n_embd=4, n_head=2, block_size=4), seed=seed,
                      steps=5)
    for _ in range(steps_done):
        trainer.step()
    return trainer


def saved_text(trainer):
    out = io.StringIO()
    trainer.save(out)
    return out.getvalue()


SAVED = json.loads(saved_text(small_trainer()))


def load_or_refuse(text):
    """A Trainer, or None after the documented ValueError; anything else fails the test."""
    try:
        return Trainer.load(io.StringIO(text))
    except ValueError:
        return None


@QUICK
@given(st.one_of(ANY_TEXT, st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_any_text_as_a_checkpoint_is_refused_with_a_value_error(text):
    assert load_or_refuse(text) is None


@QUICK
@given(st.sampled_from(sorted(SAVED)), JSON_VALUES)
def test_any_field_replaced_by_any_json_loads_or_is_refused(name, value):
    data = dict(SAVED, **{name: value})
    trainer = load_or_refuse(json.dumps(data))
    if trainer is not None:  # still a usable model: it can sample
        trainer.sample(2)


@QUICK
@given(st.sampled_from(["params", "adam_m", "adam_v"]), st.integers(0, 5), st.integers(0, 3),
       JSON_VALUES)
def test_any_weight_replaced_by_any_json_is_refused_unless_the_rules_allow_it(
        group, row, col, value):
    data = json.loads(json.dumps(SAVED))
    data[group]["wpe"][row % 4][col] = value
    trainer = load_or_refuse(json.dumps(data))
    number = isinstance(value, (int, float)) and not isinstance(value, bool) \
        and abs(value) < float("inf")
    allowed = number and (group != "params" or abs(value) <= MAX_WEIGHT) \
        and (group != "adam_v" or value >= 0)
    assert (trainer is not None) == allowed


@SLOW
@given(st.lists(DOC, min_size=1, max_size=6), st.integers(0, 5), st.integers(0, 2**31 - 1))
def test_save_load_round_trip_is_exact(docs, steps_done, seed):
    assume(all(len(d) < 10 for d in docs))
    trainer = small_trainer(docs, steps_done, seed)
    text = saved_text(trainer)
    loaded = Trainer.load(io.StringIO(text), docs=docs)
    assert saved_text(loaded) == text
    while not trainer.done:
        assert loaded.step()["loss"] == trainer.step()["loss"]
    assert loaded.sample(3, 0.7) == trainer.sample(3, 0.7)


# 3. the same through the page's JSON entry point: a refusal, never an error or a crash


@contextlib.contextmanager
def fresh_session():
    """A new page session for one Hypothesis example (no state leaks between examples), and
    page_call(cmd, **args): {"result"} or {"error"} as the worker gets it, on that session."""
    session = Session()
    session.set_dataset("ab\nba\nabc\n", "abc")
    session.configure({"n_embd": 4, "n_head": 2, "block_size": 4, "engine": "scalar"},
                      reset=True)
    yield lambda cmd, **args: json.loads(handle_json(session, cmd, json.dumps(args)))


@QUICK
@given(ANY_TEXT)
def test_page_refuses_any_text_as_a_model_file_and_keeps_its_model(text):
    with fresh_session() as page_call:
        before = page_call("save_model")["result"]["text"]
        out = page_call("load_model", text=text)
        assert "refused" in out["result"], out
        assert page_call("save_model")["result"]["text"] == before


@QUICK
@given(st.sampled_from(sorted(SAVED)), JSON_VALUES)
def test_page_loads_or_refuses_any_doctored_model_file(name, value):
    with fresh_session() as page_call:
        out = page_call("load_model", text=json.dumps(dict(SAVED, **{name: value})))
        assert "result" in out, out
        if "refused" not in out["result"]:
            assert "error" not in page_call("sample", n=2)


@QUICK
@given(ANY_TEXT)
def test_page_takes_or_refuses_any_pasted_dataset(text):
    with fresh_session() as page_call:
        out = page_call("use_dataset", name="pasted", text=text)
        assert "result" in out, out
        assert ("refused" in out["result"]) != ("report" in out["result"])
