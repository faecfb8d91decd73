"""The walkthrough's attention and forward pass, against the real gpt() traced line by line."""
import math

import pytest

from microgpt import model
from microgpt.explain import codetrace
from microgpt.explain.attention import attention_view
from microgpt.explain.embedding import embedding_lookup
from microgpt.explain.forward import forward_view, gpt_listing
from microgpt.explain.learning import step_preview
from microgpt.explain.trace import trace
from microgpt.value import Value
from explain_kit import trained


@pytest.fixture(scope="module")
def model3():
    return trained()


def gpt_events(t, ids):
    """(line within gpt's source, locals as floats) after every line gpt() ran, per position."""
    src = gpt_listing()
    params = {k: [[Value(x) for x in row] for row in m] for k, m in t.state_dict().items()}
    keys, values = model.empty_cache(t.config)

    def snap(frame, returned):
        def num(x):
            if isinstance(x, Value):
                return x.data
            return [num(v) for v in x] if isinstance(x, list) else x
        state = {k: num(v) for k, v in frame.f_locals.items()
                 if k in ("tok_emb", "pos_emb", "x", "q", "k", "v", "attn_logits",
                          "attn_weights", "x_attn", "h", "li")}
        state["return"] = num(returned) if returned is not None else None
        return state

    per_pos = []
    for pos_id, token_id in enumerate(ids):
        _, events = codetrace.run_traced(
            lambda: model.gpt(token_id, pos_id, keys, values, params, t.config),
            {model.gpt.__code__}, snap)
        per_pos.append([(codetrace.relative(line, src["first_line"]), s)
                        for _, line, s in events])
    return per_pos


VAR = {"tok_emb": "tok_emb", "pos_emb": "pos_emb", "q": "q", "k": "k", "v": "v",
       "scores": "attn_logits", "weights": "attn_weights", "x_attn": "x_attn", "logits": "return"}


@pytest.mark.parametrize("config", [{}, {"n_layer": 2, "n_embd": 8, "n_head": 2}])
def test_forward_stages_equal_what_gpt_computes_on_their_lines(config):
    t = trained(2, **config)
    name, pos = "emma", 3
    out = forward_view(t, name, pos)
    events = gpt_events(t, t.tokenizer.encode(name)[:pos + 1])[-1]
    lines = out["listing"]["lines"]
    assert out["label"] == "m" and out["target"] == "a"
    code = out["listing"]["source"].splitlines()
    for key, marker in (("tok_emb", "tok_emb ="), ("q", "q = linear"), ("logits", "lm_head")):
        assert marker in code[lines[key] - 1]
    for st in out["stages"][:-1]:
        at = [s for line, s in events if line == st["line"]
              and (st["layer"] is None or s.get("li") == st["layer"])]
        assert at, st["key"]
        if st["key"] in ("scores", "weights"):
            assert {s["h"] for s in at} == set(range(t.config.n_head))  # the line runs per head
            # each head's values as its pass through the loop left them
            last = {s["h"]: s[VAR[st["key"]]] for line, s in events if s.get("li") == st["layer"]
                    and VAR[st["key"]] in s and s.get("h") is not None}
            got = [last[h] for h in range(t.config.n_head)]
            for row, want in zip(st["heads"], got):
                assert row == pytest.approx(want, rel=1e-12, abs=1e-15)
        else:
            want = at[-1][VAR.get(st["key"], "x")]
            assert st["values"] == pytest.approx(want, rel=1e-12, abs=1e-15), st["key"]
    probs = out["stages"][-1]["values"]
    assert out["stages"][-1]["key"] == "probs" and sum(probs) == pytest.approx(1)


def test_trace_logits_equal_the_engine(model3):
    ids = model3.tokenizer.encode("isabella")[:-1]
    cache = model3.engine.new_cache()
    for rec, (pos, token_id) in zip(trace(model3, ids), enumerate(ids)):
        assert rec["logits"] == pytest.approx(model3.engine.logits(token_id, pos, cache),
                                              rel=1e-12, abs=1e-15)


def test_attention_rows_sum_to_one_under_the_causal_mask(model3):
    out = attention_view(model3, "sophia")
    size = len("sophia") + 1
    assert out["tokens"] == ["BOS", *"sophia"] and len(out["heads"]) == out["n_head"] == 4
    for head in out["heads"]:
        for i in range(size):
            row, scores = head["weights"][i], head["scores"][i]
            assert row[i + 1:] == [None] * (size - i - 1) == scores[i + 1:]
            assert sum(row[:i + 1]) == pytest.approx(1)
            exps = [math.exp(s) for s in scores[:i + 1]]
            assert row[:i + 1] == pytest.approx([e / sum(exps) for e in exps])
        assert head["weights"][0] == [1.0] + [None] * (size - 1)  # BOS can only see itself
    # scores are q.k / sqrt(head_dim) of the traced queries and keys
    recs = trace(model3, model3.tokenizer.encode("sophia")[:-1])
    d = out["head_dim"]
    q = recs[4]["layers"][0]["q"][d:2 * d]
    k = recs[2]["layers"][0]["k"][d:2 * d]
    assert out["heads"][1]["scores"][4][2] == pytest.approx(
        sum(a * b for a, b in zip(q, k)) / math.sqrt(d))


def test_bad_names_come_back_as_problems(model3):
    assert attention_view(model3, "Emma")["problem"]["key"] == "char_case"
    assert attention_view(model3, "")["problem"]["key"] == "empty"
    long = forward_view(model3, "a" * 16, 0)["problem"]
    assert long["key"] == "too_long_context" and long["max"] == 15
    assert embedding_lookup(model3, "em!")["problem"]["char"] == "!"
    assert "problem" in step_preview(model3, "zz9")
    with pytest.raises(ValueError, match="position"):
        forward_view(model3, "emma", 5)
    with pytest.raises(ValueError, match="layer"):
        attention_view(model3, "emma", layer=1)
