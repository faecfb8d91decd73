"""The walkthrough's softmax (traced through the package's own function) and loss."""
import math
import sys
import textwrap

import pytest

from microgpt import model
from microgpt.explain import codetrace, loss, softmax
from explain_kit import ORIGINAL_LOGITS, line_text


def test_softmax_of_the_original_logits():
    probs = softmax.softmax_bars(ORIGINAL_LOGITS)["probs"]
    assert [round(100 * p, 1) for p in probs] == [22.1, 8.1, 4.9, 1.8, 60.0, 3.0]
    assert sum(probs) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [[], [1.0] * 28, [float("nan")], ["1"], [True], [1e9], "1,2"])
def test_softmax_refuses_bad_logits(bad):
    with pytest.raises(ValueError):
        softmax.softmax_bars(bad)


def test_softmax_steps_trace_the_packages_own_function():
    out = softmax.softmax_steps()
    assert out["source"].startswith("def softmax(")
    assert out["names"] == ["max_val", "exps", "total"]
    assert [line_text(out, s["line"]).split(" =")[0] for s in out["steps"]] == \
        ["max_val", "exps", "total", "return [e / total for e in exps]"]
    last = out["steps"][-1]["values"]
    assert last["max_val"] == 2.8
    assert last["exps"][1] == 1.0 and last["exps"][0] == pytest.approx(math.exp(-1.6))
    assert round(last["total"], 3) == 1.715
    assert last["return"] == pytest.approx([e / last["total"] for e in last["exps"]])
    assert "total" not in out["steps"][1]["values"]  # values fill in line by line


def test_softmax_steps_follow_the_source_when_it_moves(monkeypatch, tmp_path):
    # the same function, further down its file and with a line added: lines must follow
    body = textwrap.dedent('''
        def softmax(logits):
            """Moved."""

            max_val = max(val.data for val in logits)
            # a comment the step-through must skip
            exps = [(val - max_val).exp() for val in logits]
            total = sum(exps)
            return [e / total for e in exps]
    ''')
    path = tmp_path / "moved_softmax.py"
    path.write_text("\n" * 30 + body)
    monkeypatch.syspath_prepend(str(tmp_path))
    import moved_softmax
    monkeypatch.setattr(model, "softmax", moved_softmax.softmax)
    out = softmax.softmax_steps([0.0, 1.0])
    assert out["first_line"] == 32
    assert [s["line"] for s in out["steps"]] == [4, 6, 7, 8]
    assert line_text(out, out["steps"][1]["line"]).startswith("exps =")


def test_tracing_leaves_the_previous_tracer_in_place():
    before = sys.gettrace()
    softmax.softmax_steps()
    assert sys.gettrace() is before


def test_codetrace_records_lines_relative_to_the_source():
    def sample(x):
        y = x + 1
        z = y * 2
        return z

    src = codetrace.source_of(sample)
    result, events = codetrace.run_traced(lambda: sample(3), {sample.__code__},
                                          lambda frame, ret: dict(frame.f_locals))
    assert result == 8
    lines = [codetrace.relative(line, src["first_line"]) for _, line, _ in events]
    assert [src["source"].splitlines()[n - 1].strip() for n in lines] == \
        ["y = x + 1", "z = y * 2", "return z"]
    assert events[1][2]["z"] == 8 and "z" not in events[0][2]


def test_loss_curve_numbers():
    out = loss.loss_curve(27)
    assert len(out["points"]) == 100 and out["points"][-1] == [1.0, 0.0]
    p, value = out["points"][29]
    assert p == 0.3 and round(value, 2) == 1.20
    assert round(out["landmarks"]["0.9"], 3) == 0.105 and round(out["landmarks"]["0.01"], 1) == 4.6
    assert round(out["random_loss"], 2) == 3.30
