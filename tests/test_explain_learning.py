"""The walkthrough's training step: previewed on a copy, applied through Trainer.step
with its guards."""
import io
import json
import math

import pytest

from microgpt import Trainer
from microgpt.explain.learning import apply_step, step_preview
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
    out = step_preview(model3, "emma")
    p, hp, step = out["param"], model3.adam, out["step"]
    assert (p["name"], p["row"], p["col"]) == ("wte", model3.tokenizer.encode("emma")[1], 0)
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
