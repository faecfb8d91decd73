"""The data behind the walkthrough's pictures: the forward pass's KV cache, one attention row's
terms, the whole embedding tables, the learning-rate schedule and Adam beside gradient descent
on a toy bowl, each checked against the model or an independent computation."""
import math

import pytest

from microgpt.explain import optimiser
from microgpt.explain.attention import attention_view
from microgpt.explain.embedding import embedding_lookup
from microgpt.explain.forward import forward_view
from microgpt.explain.trace import trace
from microgpt import GPTConfig, Trainer
from microgpt.page import Session, handle
from explain_kit import DOCS, trained


@pytest.fixture(scope="module")
def model():
    return trained()


def test_forward_cache_holds_every_earlier_key_and_value_and_this_positions_last(model):
    t = trained(2, n_layer=2, n_embd=8, n_head=2)
    out = forward_view(t, "emma", 3)
    records = trace(t, t.tokenizer.encode("emma")[:4])
    assert out["n_layer"] == 2 and len(out["cache"]) == 2
    for li, cache in enumerate(out["cache"]):
        assert len(cache["keys"]) == len(cache["values"]) == 4
        assert cache["keys"] == [r["layers"][li]["k"] for r in records]
        assert cache["values"] == [r["layers"][li]["v"] for r in records]
    this = {(s["key"], s["layer"]): s["values"] for s in out["stages"]}
    assert out["cache"][1]["keys"][-1] == this[("k", 1)]  # the position pushes its own k, v
    assert out["cache"][0]["values"][-1] == this[("v", 0)]


def test_one_attention_row_adds_up_to_the_head_output(model):
    out = attention_view(model, "sophia")
    d = out["head_dim"]
    for h, head in enumerate(out["heads"]):
        for i in range(len(out["tokens"])):
            q, scores = head["q"][i], head["scores"][i]
            for j in range(i + 1):  # the score is q·k/√d, independently recomputed
                dot = sum(a * b for a, b in zip(q, head["k"][j]))
                assert scores[j] == pytest.approx(dot / math.sqrt(d), rel=1e-9, abs=1e-12)
                assert head["mixed"][i][j] == pytest.approx(
                    [head["weights"][i][j] * x for x in head["v"][j]])
            assert head["mixed"][i][i + 1:] == [None] * (len(out["tokens"]) - i - 1)
            total = [sum(col) for col in zip(*head["mixed"][i][:i + 1])]
            assert total == pytest.approx(head["out"][i], rel=1e-9, abs=1e-12)
            assert len(head["out"][i]) == d


def test_embedding_sends_the_whole_tables_and_the_rows_it_looked_up(model):
    out = embedding_lookup(model, "emma")
    state = model.state_dict()
    assert out["wte"] == state["wte"] and out["wpe"] == state["wpe"]
    assert len(out["wte"]) == model.tokenizer.vocab_size == len(out["vocab"])
    assert len(out["wte"][0]) == 16 and len(out["wpe"]) == model.config.block_size
    for tok in out["tokens"]:
        assert out["wte"][tok["token_id"]] == tok["tok_emb"]
        assert out["wpe"][tok["pos_id"]] == tok["pos_emb"]
        assert out["vocab"][tok["token_id"]] == tok["label"]


def test_learning_rate_schedule_is_the_trainers_and_marks_the_step():
    t = Trainer(DOCS, config=GPTConfig(), steps=250)
    for _ in range(3):
        t.step()
    out = optimiser.learning_rate_schedule(t)
    assert out["steps"] == 250 and out["step"] == 3
    assert out["points"][0] == [0, t.learning_rate] and out["points"][-1][0] == 249
    assert len(out["points"]) <= optimiser.SCHEDULE_POINTS
    for s, rate in out["points"]:
        assert rate == pytest.approx(t.learning_rate * (1 - s / 250))
    assert out["current"] == pytest.approx(t.learning_rate * (1 - 3 / 250))
    short = Trainer(DOCS, config=GPTConfig(), steps=5)
    assert [s for s, _ in optimiser.learning_rate_schedule(short)["points"]] == [0, 1, 2, 3, 4]


def test_adam_and_gradient_descent_on_the_bowl_match_a_hand_computation(model):
    out = optimiser.optimiser_race(model, 40)
    a, b = out["bowl"]
    assert (out["beta1"], out["beta2"]) == (0.85, 0.99)
    # Adam written out by hand, per coordinate, with the same decaying rate
    x, y = optimiser.START
    m, v = [0.0, 0.0], [0.0, 0.0]
    gx, gy = optimiser.START
    for t in range(40):
        lr = optimiser.ADAM_RATE * (1 - t / 40)
        new = []
        for i, (p, g) in enumerate(((x, a * x), (y, b * y))):
            m[i] = 0.85 * m[i] + 0.15 * g
            v[i] = 0.99 * v[i] + 0.01 * g * g
            new.append(p - lr * (m[i] / (1 - 0.85 ** (t + 1)))
                       / (math.sqrt(v[i] / (1 - 0.99 ** (t + 1))) + 1e-8))
        x, y = new
        assert out["adam"]["path"][t + 1][:2] == pytest.approx([x, y], rel=1e-12)
        rate = optimiser.GD_RATE * (1 - t / 40)
        gx, gy = gx - rate * a * gx, gy - rate * b * gy
        assert out["gd"]["path"][t + 1][:2] == pytest.approx([gx, gy], rel=1e-12)
    # what the picture teaches: Adam reaches the bottom, descent is still crawling along x
    assert out["adam"]["path"][-1][2] < 0.01 < 0.3 < out["gd"]["path"][-1][2]
    assert len(out["adam"]["path"]) == len(out["gd"]["path"]) == 41
    for c in out["contours"]:
        assert optimiser.bowl_loss(c["rx"], 0) == pytest.approx(c["level"])
        assert optimiser.bowl_loss(0, c["ry"]) == pytest.approx(c["level"])


@pytest.mark.parametrize("steps", [0, 201, 2.5, True, "40"])
def test_optimiser_race_refuses_steps_out_of_bounds(model, steps):
    with pytest.raises(ValueError, match="steps must be a whole number from 1 to 200"):
        optimiser.optimiser_race(model, steps)


def test_the_page_commands_answer():
    session = Session()
    handle(session, "init", {"text": "\n".join(DOCS), "name": "few.txt"})
    assert handle(session, "lr_schedule", {})["step"] == 0
    assert handle(session, "optimiser", {"steps": 10})["steps"] == 10
