"""Hypothesis over hostile inputs: every model file or dataset of up to 1 MB ends as a model or
a refusal, never another exception, within bounded work; the nesting scan is exact.

Each example gets a fresh page session (fresh_page); work is CPU time (see test_hostile_files).
"""
import json
import math

from hypothesis import HealthCheck, given, settings, strategies as st

from microgpt import checkpoint
from microgpt.checkpoint import max_depth
from test_hostile_files import CPU_BOUND, MB, SAVED, fresh_page, snapshot, timed

# deadline=None: a busy machine must not fail an example; the CPU bound below is the limit
BUSY = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def reference_depth(text):
    """The nesting depth, one character at a time, tracking in-string and escape state."""
    depth = best = 0
    in_string = escaped = False
    for c in text:
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            best = max(best, depth)
        elif c in "]}":
            depth -= 1
    return best


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from('"\\[]{}a :'), max_size=200))
def test_the_linear_nesting_scan_agrees_with_a_character_by_character_one(text):
    assert max_depth(text) == reference_depth(text)
    chunk, checkpoint.CHUNK = checkpoint.CHUNK, 3  # depth carried from chunk to chunk
    try:
        assert max_depth(text) == reference_depth(text)
        assert (max_depth(text, stop=2) > 2) == (reference_depth(text) > 2)
    finally:
        checkpoint.CHUNK = chunk


# pieces whose long runs once made the scan quadratic, or that stress json, ints or the rules
UNITS = ['\\"', '"', "\\", "[", "{", "[]", '{"a":', "9", "1e999", '"\\u0000",', "[1,", " ",
         "\x00", "\n", "ab\n", "\u2028", "\ud800", "NaN,", '"vocab": ["a"],', "true,"]
SAVED_TEXT = json.dumps(SAVED)
EDGES = st.sampled_from(["", "{", "[", '"', SAVED_TEXT[:200], SAVED_TEXT[: len(SAVED_TEXT) // 2],
                         '{"format": "microgpt-checkpoint", "version": 1, "seed": '])


@st.composite
def hostile_texts(draw):
    """A prefix, one unit repeated up to 1 MB in all, and a suffix."""
    unit = draw(st.sampled_from(UNITS))
    head, tail = draw(EDGES), draw(EDGES)
    room = (MB - len(head) - len(tail)) // len(unit)
    n = draw(st.one_of(st.integers(0, 50), st.integers(room // 2, room)))
    return head + unit * n + tail


def check_model_file(text):
    """A model file is a model that samples, or a short refusal that leaves the page as it was,
    within bounded CPU."""
    with fresh_page() as page:
        before = snapshot(page.session)
        out, cpu = timed(page, "load_model", text=text)
        assert cpu < CPU_BOUND, f"{cpu:.2f} s of CPU"
        if "refused" in out:
            assert 0 < len(out["refused"]["message"]) < 1000  # names the problem, briefly
            assert snapshot(page.session) == before
        else:
            assert len(page("sample", n=2)) == 2


@BUSY
@given(hostile_texts())
def test_any_model_file_up_to_1_mb_is_a_model_or_a_refusal_within_bounded_work(text):
    check_model_file(text)


@BUSY
@given(hostile_texts())
def test_any_dataset_up_to_1_mb_is_taken_or_refused_within_bounded_work(text):
    with fresh_page() as page:
        before = snapshot(page.session)
        out, cpu = timed(page, "use_dataset", name="h.txt", text=text)
        assert cpu < CPU_BOUND, f"{cpu:.2f} s of CPU"
        if "refused" in out:
            assert "h.txt" in out["refused"]["message"] and snapshot(page.session) == before
        else:
            assert len(json.dumps(out)) < 20_000  # 256 characters at most, no documents
            assert len(json.dumps(page("dataset"))) < 20_000


HOSTILE_VALUES = st.one_of(
    st.sampled_from([True, False, None, 10**400, -(10**400), 2**53 + 1, -1, 0, -5, 1e308,
                     -1e-300, math.nan, math.inf, -math.inf, "", "\x00", "a" * 100_000,
                     [], {}, [[]], [0.0] * 100_000, {f"k{i}": 0 for i in range(10_000)}]),
    st.integers(), st.floats(), st.text(max_size=3),
    st.lists(st.integers(-3, 300), max_size=3))
TOP_FIELDS = sorted(SAVED)
NESTED = [("config", k) for k in sorted(SAVED["config"])] + \
    [("optimizer", k) for k in sorted(SAVED["optimizer"])]


@st.composite
def doctored_models(draw):
    """The saved model with one field, setting, vocabulary entry or number replaced."""
    data = json.loads(SAVED_TEXT)
    value = draw(HOSTILE_VALUES)
    where = draw(st.sampled_from(["top", "nested", "vocab", "params", "adam_m", "adam_v"]))
    if where == "top":
        data[draw(st.sampled_from(TOP_FIELDS))] = value
    elif where == "nested":
        group, key = draw(st.sampled_from(NESTED))
        data[group][key] = value
    elif where == "vocab":
        data["vocab"][draw(st.integers(0, len(data["vocab"]) - 1))] = value
    else:
        row = data[where]["wte"][draw(st.integers(0, len(data[where]["wte"]) - 1))]
        row[draw(st.integers(0, len(row) - 1))] = value
    return json.dumps(data)


@BUSY
@given(doctored_models())
def test_any_doctored_model_file_is_a_model_or_a_refusal(text):
    check_model_file(text)
