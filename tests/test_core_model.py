"""The whole model's gradient against finite differences; tokenizer, config, Adam, schedule."""
import random
import re

import pytest

from microgpt import GPTConfig, Tokenizer, Trainer, Value, load_docs
from microgpt.engines.scalar import ScalarEngine
from microgpt.optim import AdamConfig, adam_update, learning_rate_at
from microgpt.params import init_params
from microgpt.sampling import sample_name

DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia"]


def test_model_loss_gradient_matches_finite_differences():
    config = GPTConfig(n_layer=2, n_embd=8, n_head=2, block_size=6)
    tok = Tokenizer.from_docs(DOCS)
    params = init_params(config, tok.vocab_size, random.Random(7))
    engine = ScalarEngine(config, tok.vocab_size, params)
    tokens = tok.encode("charlotte")  # longer than block_size: only 6 predictions count
    loss = engine.loss(tokens)
    loss.backward()
    picks = random.Random(1).sample(engine.param_list, 40)
    h = 1e-6
    for p in picks:
        saved = p.data
        p.data = saved + h
        up = engine.loss(tokens).data
        p.data = saved - h
        down = engine.loss(tokens).data
        p.data = saved
        assert p.grad == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-7)


def test_adam_matches_a_hand_computed_update():
    hp = AdamConfig(learning_rate=0.1, beta1=0.85, beta2=0.99, eps=1e-8)
    p = Value(1.0)
    m, v = [0.0], [0.0]
    p.grad = 0.5
    adam_update([p], m, v, 0.1, 1, hp)
    # step 1: m = 0.15 * 0.5, v = 0.01 * 0.25; bias-corrected they are 0.5 and 0.25
    assert m[0] == pytest.approx(0.075) and v[0] == pytest.approx(0.0025)
    assert p.data == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8))
    assert p.grad == 0
    p.grad = -1.0
    adam_update([p], m, v, 0.05, 2, hp)
    m2 = 0.85 * 0.075 + 0.15 * -1.0
    v2 = 0.99 * 0.0025 + 0.01 * 1.0
    step = 0.05 * (m2 / (1 - 0.85**2)) / ((v2 / (1 - 0.99**2)) ** 0.5 + 1e-8)
    assert m[0] == pytest.approx(m2) and v[0] == pytest.approx(v2)
    assert p.data == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8) - step)


def test_learning_rate_decays_linearly_to_zero():
    assert learning_rate_at(0.01, 0, 1000) == 0.01
    assert learning_rate_at(0.01, 500, 1000) == pytest.approx(0.005)
    assert learning_rate_at(0.01, 999, 1000) == pytest.approx(1e-5)


@pytest.mark.parametrize("kwargs,message", [
    ({"learning_rate": 0}, "learning_rate must be positive"),
    ({"beta1": 1.0}, "beta1 must be in [0, 1)"),
    ({"eps": float("nan")}, "eps must be a finite number"),
])
def test_adam_config_rejects_bad_values(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        AdamConfig(**kwargs)


def test_tokenizer_round_trip_and_ids():
    tok = Tokenizer.from_docs(load_docs("emma\n\n  olivia \nava\n"))
    assert tok.chars == sorted(set("emmaoliviaava"))
    assert tok.BOS == len(tok.chars) and tok.vocab_size == tok.BOS + 1
    ids = tok.encode("olivia")
    assert ids[0] == ids[-1] == tok.BOS and tok.decode(ids) == "olivia"
    full = Tokenizer.from_docs(["abcdefghijklmnopqrstuvwxyz"])
    assert full.encode("emma") == [26, 4, 12, 12, 0, 26]


def test_tokenizer_errors_name_the_problem():
    tok = Tokenizer.from_docs(["emma"])
    with pytest.raises(ValueError, match=r"character 'z' at position 2 is not in the vocabulary"):
        tok.encode("emz")
    with pytest.raises(ValueError, match="outside 0..3"):
        tok.decode([9])


def test_load_docs_strips_and_skips_blank_lines():
    assert load_docs(" emma \r\n\n\tava\n   \n") == ["emma", "ava"]


@pytest.mark.parametrize("kwargs,message", [
    ({"n_embd": 10, "n_head": 4}, r"n_embd \(10\) must be divisible by n_head \(4\)"),
    ({"n_layer": 0}, "n_layer must be at least 1"),
    ({"block_size": -3}, "block_size must be at least 1"),
    ({"n_head": 2.0}, "n_head must be a whole number"),
    ({"init_std": 0}, "init_std must be a positive number"),
])
def test_config_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GPTConfig(**kwargs)


def test_config_defaults_and_param_count():
    config = GPTConfig()
    assert (config.n_layer, config.n_embd, config.n_head, config.block_size) == (1, 16, 4, 16)
    assert config.head_dim == 4 and config.init_std == 0.08
    trainer = Trainer(["abcdefghijklmnopqrstuvwxyz"], config)
    assert trainer.num_params == 4192


def test_trainer_steps_records_and_finishes():
    trainer = Trainer(DOCS, GPTConfig(n_embd=8, n_head=2, block_size=8), steps=3)
    records = [trainer.step() for _ in range(3)]
    assert [r["step"] for r in records] == [1, 2, 3]
    assert [r["doc"] for r in records] == trainer.docs[:3]
    assert records[0]["learning_rate"] == 0.01 and trainer.done
    with pytest.raises(ValueError, match="all 3 steps are done"):
        trainer.step()


@pytest.mark.parametrize("docs,message", [
    ([], "at least one"), ("emma", "list of strings"), (["emma", ""], "non-empty"),
])
def test_trainer_rejects_bad_docs(docs, message):
    with pytest.raises(ValueError, match=message):
        Trainer(docs)


def test_sampling_with_prefix_and_bad_arguments():
    trainer = Trainer(DOCS, GPTConfig(n_embd=8, n_head=2, block_size=8), steps=5)
    names = trainer.sample(5, 0.7, prefix="em", rng=random.Random(0))
    assert len(names) == 5 and all(n.startswith("em") for n in names)
    assert all(len(n) <= 8 for n in names)  # one token per position, at most block_size
    with pytest.raises(ValueError, match="not in the vocabulary"):
        trainer.sample(1, prefix="x")
    with pytest.raises(ValueError, match="shorter than block_size"):
        trainer.sample(1, prefix="emmaemma")
    with pytest.raises(ValueError, match="temperature must be a positive number"):
        trainer.sample(1, temperature=0)
    with pytest.raises(ValueError, match="number of samples"):
        trainer.sample(0)


def test_a_step_on_a_chosen_doc_has_step_guards_and_matches_its_preview():
    t = Trainer(DOCS, steps=3)
    preview = t.preview("ava")
    losses = t.losses("ava")
    assert t.step_count == 0 and preview["losses"] == losses and len(losses) == 4
    assert preview["loss"] == pytest.approx(sum(losses) / 4, rel=1e-15)
    out = t.step("ava")
    assert (out["doc"], out["step"], out["loss"]) == ("ava", 1, preview["loss"])
    assert out["learning_rate"] == t.learning_rate_for(0) == preview["learning_rate"]
    flat = [x for mat in t.state_dict().values() for row in mat for x in row]
    assert flat == preview["after"][0]
    for bad, message in (("", "non-empty"), (["ava"], "non-empty"), ("Ava", "'A'")):
        with pytest.raises(ValueError, match=message):
            t.step(bad)
    t.step(), t.step()
    with pytest.raises(ValueError, match="training is finished"):
        t.step("ava")
    assert t.preview("ava")["step"] == 4  # a preview only shows, so it still works


def test_the_samplers_softmax_is_model_softmax_on_values_to_the_last_bit():
    from microgpt.model import softmax
    from microgpt.sampling import softmax_at_temperature
    rng = random.Random(5)
    for temperature in (0.01, 0.3, 0.5, 1.0, 2.0, 5.0):
        logits = [rng.gauss(0, 3) for _ in range(27)]
        want = [p.data for p in softmax([Value(x) / temperature for x in logits])]
        assert softmax_at_temperature(logits, temperature) == want


def test_sample_name_reports_every_step_it_takes():
    t = Trainer(DOCS, steps=3)
    seen = []
    name = t.sample(1, prefix="em", rng=random.Random(2))[0]
    again = sample_name(t.engine, t.tokenizer, t.config.block_size, random.Random(2), 0.5, "em",
                        on_step=lambda pos, logits, token: seen.append((pos, len(logits), token)))
    assert again == name and [s[0] for s in seen] == list(range(len(seen)))
    assert [s[2] for s in seen[:2]] == t.tokenizer.encode("em")[1:3]
    assert all(n == t.tokenizer.vocab_size for _, n, _ in seen)
    assert t.tokenizer.decode([s[2] for s in seen]) == name
