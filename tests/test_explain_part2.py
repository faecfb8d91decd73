"""Walkthrough sections 7-12: the explain layer against the model's own code and by hand."""
import copy
import io
import json
import math
import random
import re
from pathlib import Path

import pytest

from microgpt import GPTConfig, Trainer, model
from microgpt.engines import ENGINES
from microgpt.explain import codetrace
from microgpt.explain.attention import attention_view
from microgpt.explain.efficiency import compare_engines
from microgpt.explain.embedding import embedding_lookup, token_map
from microgpt.explain.forward import forward_view, gpt_listing
from microgpt.explain.learning import apply_step, step_preview
from microgpt.explain.pca import pca
from microgpt.explain.sampling_view import generate_steps, next_token_view
from microgpt.explain.trace import trace
from microgpt.sampling import sample_name
from microgpt.value import Value

DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia", "harper",
        "evelyn", "abigail", "emily", "ella", "elizabeth", "camila", "luna", "sofia", "avery"]


def trained(steps=3, **config):
    t = Trainer(DOCS, config=GPTConfig(**config), steps=50)
    for _ in range(steps):
        t.step()
    return t


def snapshot(t):
    m, v = t.engine.moments()
    return json.dumps([t.state_dict(), m, v, t.step_count, repr(t.rng.getstate())])


@pytest.fixture(scope="module")
def model3():
    return trained()


# 7. embeddings

def test_embedding_lookup_is_wte_row_plus_wpe_row(model3):
    out = embedding_lookup(model3, "emma")
    params = model3.state_dict()
    ids = model3.tokenizer.encode("emma")[:-1]
    assert [t["label"] for t in out["tokens"]] == ["BOS", "e", "m", "m", "a"]
    for pos, (tok, token_id) in enumerate(zip(out["tokens"], ids)):
        assert tok["tok_emb"] == params["wte"][token_id]
        assert tok["pos_emb"] == params["wpe"][pos]
        assert len(tok["sum"]) == model3.config.n_embd == 16
        assert tok["sum"] == [a + b for a, b in zip(params["wte"][token_id], params["wpe"][pos])]
    # the two m's share a token row but not a position row
    assert out["tokens"][2]["tok_emb"] == out["tokens"][3]["tok_emb"]
    assert out["tokens"][2]["sum"] != out["tokens"][3]["sum"]


def test_embedding_lookup_refuses_a_trace_too_costly_for_the_page():
    big = Trainer(DOCS, GPTConfig(n_layer=4, n_embd=64, n_head=4, block_size=64), steps=5)
    assert embedding_lookup(big, "elizabethcharlotte")["problem"]["key"] == "too_costly"
    assert "problem" not in embedding_lookup(trained(0), "emma")


def test_pca_of_a_known_matrix():
    rows = [[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]]
    out = pca(rows)
    assert out["components"][0] == pytest.approx([1, 0, 0], abs=1e-9)
    assert out["components"][1] == pytest.approx([0, 1, 0], abs=1e-9)
    assert out["variance"] == pytest.approx([4.5, 0.5])
    assert out["total_variance"] == pytest.approx(5.0)
    assert [p[0] for p in out["points"]] == pytest.approx([3, -3, 0, 0], abs=1e-9)


def test_pca_finds_a_slanted_line_and_a_deterministic_sign():
    line = [[t, 2 * t + 1, 5.0] for t in (-2.0, -1.0, 0.5, 4.0)]
    out = pca(line)
    u = out["components"][0]
    assert u == pytest.approx([1 / math.sqrt(5), 2 / math.sqrt(5), 0], abs=1e-9)
    assert out["variance"][1] == pytest.approx(0, abs=1e-12)
    assert out["components"][1] == [0.0, 0.0, 0.0]
    # reflecting the data keeps the axes (largest entry positive) and reflects the points
    flipped = pca([[-x for x in r] for r in line])
    assert flipped["components"][0] == pytest.approx(u, abs=1e-9)
    assert [p[0] for p in flipped["points"]] == pytest.approx([-p[0] for p in out["points"]])


def test_pca_rejects_ragged_rows():
    with pytest.raises(ValueError, match="same length"):
        pca([[1, 2], [3]])


def test_token_map_places_every_token(model3):
    out = token_map(model3)
    labels = [p["label"] for p in out["points"]]
    assert labels == [model3.tokenizer.token_name(i) for i in range(model3.tokenizer.vocab_size)]
    assert [p["vowel"] for p in out["points"]] == [c in "aeiou" for c in labels]
    assert out["explained"][0] >= out["explained"][1] > 0
    assert sum(out["explained"]) <= 1 + 1e-12
    xs = [p["x"] for p in out["points"]]
    assert sum(xs) == pytest.approx(0, abs=1e-12)  # centred
    assert 0 < out["vowel_closeness"]


# 8. attention and 9. the forward pass, against the real gpt() traced line by line

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


# 10. one training step

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


# 11. sampling

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


# 12. efficiency

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


# the page's commands

def test_commands_answer_through_handle_json():
    from microgpt.page import Session, handle_json
    session = Session()

    def call(cmd, **args):
        return json.loads(handle_json(session, cmd, json.dumps(args)))

    assert "result" in call("init", text="\n".join(DOCS), name="few.txt",
                            settings={"engine": "scalar"})
    version = call("status")["version"]
    assert call("attention", name="ava")["result"]["tokens"] == ["BOS", "a", "v", "a"]
    assert call("embedding", name="Ava")["result"]["problem"]["key"] == "char_case"
    assert len(call("token_map")["result"]["points"]) == call("status")["result"]["vocab_size"]
    assert call("forward", name="ava", pos_id=2)["result"]["label"] == "v"
    preview = call("step_preview", name="ava")
    assert preview["version"] == version and call("status")["result"]["step"] == 0
    applied = call("apply_step", name="ava")
    assert applied["version"] == version + 1
    assert applied["result"]["loss"] == preview["result"]["loss"]
    assert applied["result"]["status"]["step"] == 1
    assert call("next_token", prefix="a", temperature=0.5)["result"]["context"] == ["BOS", "a"]
    gen = call("generate", prefix="a", seed=3)["result"]
    assert gen["name"].startswith("a") and gen["new"] == (gen["name"] not in DOCS)
    assert call("efficiency", name="ava", steps=1)["result"]["steps"] == 1
    assert "steps must be" in call("efficiency", name="ava", steps=0)["error"]


def test_vowel_closeness_measures_the_map():
    from microgpt.explain.embedding import vowel_closeness
    points = [[0, 0], [0.3, 0.4], [4, 0], [0, 3], [1, 1]]
    labels = ["a", "e", "b", "c", "BOS"]  # BOS is not a letter: left out
    letters = [0, 1, 2, 3]
    pairs = [(i, j) for k, i in enumerate(letters) for j in letters[k + 1:]]
    every = sum(math.dist(points[i], points[j]) for i, j in pairs) / len(pairs)
    assert vowel_closeness(points, labels) == pytest.approx(0.5 / every)
    assert vowel_closeness(points, ["a", "b", "c", "d", "BOS"]) is None


@pytest.mark.skipif("fast" not in ENGINES, reason="300 scalar steps are too slow for a unit test")
def test_vowels_come_together_on_the_map_as_the_real_model_trains():
    from microgpt import load_docs
    docs = load_docs((Path(__file__).parent.parent / "microgpt" / "names.txt").read_text())
    t = Trainer(docs, engine="fast")
    assert not token_map(t)["vowels_together"]
    for _ in range(300):
        t.step()
    assert token_map(t)["vowels_together"]


# the page's texts for what the explain layer sends

WEB = Path(__file__).resolve().parents[1] / "web"


def i18n(lang):
    return json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_stage_and_problem_has_a_text(lang, model3):
    texts = i18n(lang)
    walk2, tokenizer_problems = texts["walk2"], texts["walk1"]["tokenizer"]["problem"]
    for stage in forward_view(model3, "emma", 2)["stages"]:
        assert stage["key"] in walk2["stage"] and stage["key"] in walk2["block"], stage["key"]
    problems = [attention_view(model3, name)["problem"] for name in ("", "a" * 16, "E", "é", "a b")]
    assert problems[1]["key"] == "too_long_context"
    for problem in problems:
        area = walk2["problem"] if problem["key"] == "too_long_context" else tokenizer_problems
        assert problem["key"] in area, problem


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_the_part2_widgets_ask_for_exists(lang):
    texts = i18n(lang)
    widgets = ["embedding", "attention", "pipeline", "forward-steps", "training", "train-step",
               "temperature", "generate", "efficiency", "vector", "probbars", "tokenpick"]
    source = "\n".join((WEB / "widgets" / f"{w}.js").read_text() for w in widgets)
    keys = set(re.findall(r"""["`]((?:walk2|lab|walk1)\.[a-z_0-9.]+)["`]""", source))
    assert len(keys) > 60
    for key in keys:
        node = texts
        for part in key.split("."):
            assert isinstance(node, dict) and part in node, (lang, key)
            node = node[part]
        assert isinstance(node, str) and node.strip(), (lang, key)
    for section in ("embedding", "attention", "forward", "learning", "sampling", "efficiency"):
        text = texts["walk2"]["sections"][section]
        for term in re.findall(r"\[\[([a-z_]+)", " ".join(text.values())):
            assert term in texts["glossary"], (lang, section, term)
