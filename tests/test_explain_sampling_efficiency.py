"""The walkthrough's sampling (the next-token distribution, a name drawn step by step)
and the engines compared."""
import copy
import math
import random

import pytest

from microgpt.engines import ENGINES
from microgpt.explain.efficiency import compare_engines
from microgpt.explain.learning import apply_step
from microgpt.explain.sampling_view import generate_steps, next_token_view
from microgpt.sampling import sample_name
from explain_kit import DOCS, snapshot, trained


@pytest.fixture(scope="module")
def model3():
    return trained()


def test_next_token_distribution_is_softmax_of_logits_over_t(model3):
    for temperature in (0.3, 1.0, 1.7):
        out = next_token_view(model3, "em", temperature)
        cache = model3.engine.new_cache()
        for pos, token_id in enumerate(model3.tokenizer.encode("em")[:-1]):
            logits = model3.engine.logits(token_id, pos, cache)
        exps = [math.exp(l / temperature) for l in logits]
        want = [e / sum(exps) for e in exps]
        assert out["probs"] == pytest.approx(want, rel=1e-12)
        assert out["entropy"] == pytest.approx(-sum(p * math.log(p) for p in want))
        top = max(range(len(want)), key=want.__getitem__)
        assert out["top"]["token_id"] == top and out["top"]["label"] == out["vocab"][top]
    assert out["context"] == ["BOS", "e", "m"]
    assert next_token_view(model3, "", 1.0)["context"] == ["BOS"]
    assert next_token_view(model3, "em", 0.01)["top"]["prob"] > 0.99  # nearly greedy
    assert next_token_view(model3, "em", 1.0)["max_entropy"] == pytest.approx(
        math.log(model3.tokenizer.vocab_size))


def test_generation_starts_with_the_prefix_and_matches_sample_name(model3):
    before = snapshot(model3)
    for seed in range(6):
        out = generate_steps(model3, "em", 0.8, seed, set(DOCS))
        want = sample_name(model3.engine, model3.tokenizer, model3.config.block_size,
                           random.Random(seed), 0.8, "em")
        assert out["name"] == want and out["name"].startswith("em")
        assert out["new"] == (want not in DOCS)
        assert [s["forced"] for s in out["steps"][:3]] == [True, True, False]
        assert [s["label"] for s in out["steps"][:2]] == ["e", "m"]
        drawn = "".join(s["label"] for s in out["steps"][2:] if s["label"] != "BOS")
        assert "em" + drawn == out["name"]
    assert snapshot(model3) == before
    assert generate_steps(model3, "", 0.5, 1)["new"] is None


def test_engines_compared_on_copies_match_real_training():
    t = trained(2)
    before = snapshot(t)
    out = compare_engines(t, "olivia", steps=2)
    assert snapshot(t) == before
    assert [r["engine"] for r in out["engines"]] == sorted(ENGINES)
    scalar = next(r for r in out["engines"] if r["engine"] == "scalar")
    clone = copy.deepcopy(t)
    assert scalar["losses"] == [apply_step(clone, "olivia")["loss"] for _ in range(2)]
    assert all(r["seconds"] > 0 and len(r["losses"]) == 2 for r in out["engines"])
    assert out["speedup"] >= 1


@pytest.mark.skipif("fast" not in ENGINES, reason="the fast engine is not in this tree yet")
def test_fast_engine_computes_the_same_losses():
    out = compare_engines(trained(1), "isabella", steps=3)
    assert out["max_difference"] < 1e-9
    fast, scalar = (next(r for r in out["engines"] if r["engine"] == e) for e in ("fast", "scalar"))
    assert fast["losses"] == pytest.approx(scalar["losses"], rel=1e-12)
