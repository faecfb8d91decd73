"""model_facts: the numbers the walkthrough's text quotes follow the live model."""
import math

from microgpt.page import Session, handle

NAMES = "emma\nolivia\nava\nisabella\nsophia\nmia\n"


def facts_for(**settings):
    s = Session()
    handle(s, "init", {"text": NAMES, "name": "names", "settings": settings})
    return handle(s, "model_facts", {})


def test_default_sizes_and_the_parameter_breakdown_add_up():
    f = facts_for()
    assert (f["n_embd"], f["n_head"], f["head_dim"], f["n_layer"]) == (16, 4, 4, 1)
    assert f["sqrt_head_dim"] == 2.0 and f["mlp_width"] == 64
    vocab = len(set(NAMES.replace("\n", ""))) + 1
    assert f["vocab_size"] == vocab and f["bos"] == vocab - 1
    assert sum(p["count"] for p in f["params"]) == f["n_params"] == sum(f["groups"].values())
    by_name = {p["name"]: p for p in f["params"]}
    assert by_name["wte"]["count"] == vocab * 16 and by_name["layer0.mlp_fc1"]["rows"] == 64
    assert f["groups"]["attention"] == 4 * 16 * 16 and f["groups"]["mlp"] == 2 * 64 * 16
    assert math.isclose(f["random_loss"], math.log(vocab))
    assert 0 < f["last_learning_rate"] < f["learning_rate"]  # the schedule never reaches 0


def test_sizes_follow_the_settings():
    f = facts_for(n_embd=32, n_head=2, n_layer=2, block_size=8, temperature=0.8)
    assert (f["head_dim"], f["mlp_width"], f["block_size"], f["temperature"]) == (16, 128, 8, 0.8)
    assert f["sqrt_head_dim"] == 4.0
    assert [p["layer"] for p in f["params"] if p["group"] == "mlp"] == [0, 0, 1, 1]
