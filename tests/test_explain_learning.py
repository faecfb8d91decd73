"""The walkthrough's training step: previewed on a copy, applied through Trainer.step
with its guards."""
import io
import json
import math

import pytest

from microgpt import Trainer
from microgpt.explain.learning import apply_step, describe, step_preview
from microgpt.explain.trace import trace
from explain_kit import DOCS, snapshot, trained


@pytest.fixture(scope="module")
def model3():
    return trained()


def test_step_preview_changes_nothing_and_equals_the_next_step():
    t = trained(4)
    before = snapshot(t)
    doc = t.next_doc()
    preview = step_preview(t, doc, "lm_head", 3, 5)
    assert snapshot(t) == before
    p = preview["param"]
    m, v = t.engine.moments()
    assert p["value"] == t.state_dict()["lm_head"][3][5]
    assert (p["m"], p["v"]) == (m["lm_head"][3][5], v["lm_head"][3][5])
    out = t.step()
    m, v = t.engine.moments()
    assert preview["loss"] == out["loss"] and preview["step"] == out["step"] == 5
    assert preview["learning_rate"] == out["learning_rate"]
    assert p["value_after"] == t.state_dict()["lm_head"][3][5]
    assert (p["m_after"], p["v_after"]) == (m["lm_head"][3][5], v["lm_head"][3][5])


def test_step_preview_shows_adam_by_hand_and_per_position_losses(model3):
    first = model3.tokenizer.encode("emma")[1]
    out = step_preview(model3, "emma", "wte", first, 0)
    p, hp, step = out["param"], model3.adam, out["step"]
    assert (p["name"], p["row"], p["col"], p["picked"]) == ("wte", first, 0, False)
    assert p["grad"] != 0  # the first letter's embedding takes part in this name's loss
    m = hp.beta1 * p["m"] + (1 - hp.beta1) * p["grad"]
    v = hp.beta2 * p["v"] + (1 - hp.beta2) * p["grad"] ** 2
    update = out["learning_rate"] * (m / (1 - hp.beta1 ** step)) / (
        (v / (1 - hp.beta2 ** step)) ** 0.5 + hp.eps)
    assert (p["m_after"], p["v_after"]) == pytest.approx((m, v))
    assert p["update"] == pytest.approx(update) and p["value_after"] == pytest.approx(
        p["value"] - update)
    assert out["tokens"] == ["BOS", *"emma"] and out["targets"] == [*"emma", "BOS"]
    recs = trace(model3, model3.tokenizer.encode("emma")[:-1])
    targets = model3.tokenizer.encode("emma")[1:]
    assert out["losses"] == pytest.approx([-math.log(r["probs"][y])
                                           for r, y in zip(recs, targets)])
    assert out["loss"] == pytest.approx(sum(out["losses"]) / 5)
    grads = [abs(g["grad"]) for g in out["top"]]
    assert grads == sorted(grads, reverse=True) and grads[0] >= abs(p["grad"])
    assert out["listings"]["adam"]["lines"]["update"] > out["listings"]["adam"]["lines"]["m"]


def test_the_default_parameter_is_the_largest_gradient_of_the_name(model3):
    out = step_preview(model3, "emma")
    p, grads = out["param"], [abs(g["grad"]) for g in out["top"]]
    assert p["picked"] is True
    assert (p["name"], p["row"], p["col"]) == tuple(out["top"][0][k] for k in ("name", "row", "col"))
    assert abs(p["grad"]) == grads[0] == max(grads) > 0
    # deterministic: the same name on the same model picks the same parameter
    again = step_preview(model3, "emma")["param"]
    assert (again["name"], again["row"], again["col"]) == (p["name"], p["row"], p["col"])
    # the reader's pick is followed exactly, whatever its gradient
    chosen = step_preview(model3, "emma", "wpe", 4, 2)["param"]
    assert (chosen["name"], chosen["row"], chosen["col"], chosen["picked"]) == ("wpe", 4, 2, False)


def test_a_chosen_matrix_or_row_starts_from_its_largest_gradient(model3):
    name = "emma"
    grads = {}  # every parameter's gradient, read one at a time from the full preview
    state = model3.state_dict()
    full = model3.preview(name)["grads"]
    i = 0
    for key, mat in state.items():
        for r in range(len(mat)):
            for c in range(len(mat[0])):
                grads[key, r, c] = full[i]
                i += 1
    for key in ("wte", "wpe", "lm_head", "layer0.attn_wq", "layer0.mlp_fc2"):
        p = step_preview(model3, name, key)["param"]
        best = max(abs(g) for (k, _, _), g in grads.items() if k == key)
        assert p["name"] == key and abs(grads[key, p["row"], p["col"]]) == best == abs(p["grad"])
    p = step_preview(model3, name, "wte", 0)["param"]  # a's row: its largest number
    assert p["row"] == 0 and abs(p["grad"]) == max(abs(grads["wte", 0, c]) for c in range(16))
    with pytest.raises(ValueError, match="row must be a whole number"):
        step_preview(model3, name, "wte", 999)
    with pytest.raises(ValueError, match="unknown parameter"):
        step_preview(model3, name, "nope")


def test_every_parameter_is_named_in_words(model3):
    tok = model3.tokenizer
    e = tok.encode("e")[1]
    assert describe(tok, "wte", e, 0) == {"kind": "wte", "row": e, "col": 0, "layer": None,
                                          "token": "e", "bos": False}
    assert describe(tok, "wte", tok.BOS, 3)["bos"] is True
    assert describe(tok, "lm_head", tok.BOS, 3) == {"kind": "lm_head", "row": tok.BOS, "col": 3,
                                                     "layer": None, "token": "BOS", "bos": True}
    assert describe(tok, "wpe", 2, 3) == {"kind": "wpe", "row": 2, "col": 3, "layer": None,
                                          "token": None, "bos": False}
    two = trained(0, n_layer=2)
    for key in two.state_dict():
        words = describe(two.tokenizer, key, 0, 0)
        assert words["kind"] in ("wte", "wpe", "lm_head", "attn_wq", "attn_wk", "attn_wv",
                                 "attn_wo", "mlp_fc1", "mlp_fc2")
        assert words["layer"] == (int(key[5]) if key.startswith("layer") else None)
    out = step_preview(model3, "emma")
    for g in out["top"]:  # the chips carry their words too
        assert g["kind"] == g["name"].rpartition(".")[2] and "token" in g
    assert out["vocab"][tok.BOS] == "BOS" and out["vocab"][e] == "e" and out["bos"] == tok.BOS


def test_apply_step_does_what_the_preview_showed():
    t = trained(2)
    assert t.next_doc() != "ava"  # a name of the reader's choosing, not the next doc
    preview = step_preview(t, "ava", "wpe", 1, 2)
    out = apply_step(t, "ava")
    assert out["loss"] == preview["loss"] and out["step"] == t.step_count == 3
    assert t.state_dict()["wpe"][1][2] == preview["param"]["value_after"]
    assert "problem" in apply_step(t, "A")
    assert t.step_count == 3


def test_a_model_loaded_without_its_dataset_refuses_the_applied_step():
    t = trained(2)
    saved = io.StringIO()
    t.save(saved)
    loaded = Trainer.load(io.StringIO(saved.getvalue()))  # no docs: it can only sample
    before = snapshot(loaded)
    with pytest.raises(ValueError, match="loaded without its dataset"):
        apply_step(loaded, "ava")
    assert snapshot(loaded) == before and loaded.step_count == 2
    preview = step_preview(loaded, "ava")  # a preview still shows the step, on a copy
    assert preview["can_train"] is False and preview["step"] == 3
    assert snapshot(loaded) == before
    assert step_preview(t, "ava")["can_train"] is True


def test_the_page_refuses_to_apply_a_step_to_a_model_without_its_dataset():
    from microgpt.page import Session, handle_json
    session = Session()

    def call(cmd, **args):
        return json.loads(handle_json(session, cmd, json.dumps(args)))

    call("init", text="\n".join(DOCS), name="few.txt")
    trained_to = call("train", max_ms=5000.0, max_steps=2)["result"]["status"]["step"]
    text = call("save_model")["result"]["text"]
    call("init", text="\n".join(DOCS[:-1]), name="fewer.txt")
    assert call("load_model", text=text)["result"]["can_train"] is False
    version = call("status")["version"]
    out = call("apply_step", name="ava")
    assert "loaded without its dataset" in out["error"] and "result" not in out
    status = call("status")
    assert status["result"]["step"] == trained_to > 0 and status["version"] == version
