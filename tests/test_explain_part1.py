"""The walkthrough's sections 1-6: explain functions against hand-computed values."""
import json
import math
import sys
import textwrap

import pytest

from microgpt import model
from microgpt.config import GPTConfig
from microgpt.explain import autograd, codetrace, dataset, expr, loss, softmax, tokens
from microgpt.tokenizer import Tokenizer
from microgpt.trainer import Trainer

DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn",
        "abigail", "emily", "elizabeth", "mila", "ella", "avery", "sofia", "camila", "aria",
        "scarlett", "victoria", "madison", "luna", "grace", "chloe", "penelope", "layla",
        "riley", "zoey", "nora", "lily", "eleanor", "hannah", "lillian", "addison", "aubrey",
        "ellie", "stella", "natalie", "zoe", "leah", "hazel", "violet", "aurora", "savannah",
        "audrey", "brooklyn", "bella", "claire", "skylar", "lucy", "paisley", "everly", "anna",
        "caroline", "nova", "genesis", "emilia", "kennedy", "samantha", "maya", "willow",
        "kinsley", "naomi", "aaliyah", "elena", "sarah", "ariana", "allison", "gabriella",
        "alice", "madelyn", "cora", "ruby", "eva", "serenity", "autumn", "adeline", "hailey",
        "gianna", "valentina", "isla", "eliana", "quinn", "nevaeh", "ivy", "sadie", "piper",
        "lydia", "alexa", "josephine", "emery", "julia", "delilah", "arianna", "vivian",
        "kaylee", "sophie", "brielle", "madeline", "jax", "quincy", "wyatt"]  # all of a..z
ORIGINAL_LOGITS = [2.0, 1.0, 0.5, -0.5, 3.0, 0.0]  # a, b, c, d, e, other


@pytest.fixture(scope="module")
def trainer():
    return Trainer(DOCS, seed=42, steps=10)


# 1. dataset

def test_dataset_summary_counts_lengths_and_first_letters():
    out = dataset.dataset_summary(["ab", "abc", "b", "ab"])
    assert out["count"] == 4 and out["distinct"] == 3
    assert out["lengths"] == [[1, 1], [2, 2], [3, 1]]
    assert out["first_letters"] == [["a", 3], ["b", 1]]
    assert out["mean_length"] == 2.0 and out["shortest"] == "b" and out["longest"] == "abc"


def test_dataset_search_finds_names_and_prefixes():
    docs = ["ab", "abc", "b", "ab", "zab"]
    out = dataset.dataset_search(docs, set(docs), "  ab ")
    assert out["found"] is True and out["starts_with"] == 2 and out["matches"] == ["ab", "abc"]
    out = dataset.dataset_search(docs, set(docs), "a")
    assert out["found"] is False and out["starts_with"] == 2
    assert dataset.dataset_search(docs, set(docs), "x" * 41)["problem"]["key"] == "too_long"
    assert dataset.dataset_search(docs, set(docs), "")["matches"] == []


# 2-3. tokens and predictions

def test_tokenize_emma(trainer):
    out = tokens.tokenize(trainer.tokenizer, "emma")
    assert out["ids"] == [26, 4, 12, 12, 0, 26]
    assert out["labels"] == ["BOS", "e", "m", "m", "a", "BOS"]
    assert out["vocab_size"] == 27 and out["length"] == 6 and out["BOS"] == 26
    assert out["vocab"][4] == ["e", 4] and out["vocab"][26] == ["BOS", 26]


@pytest.mark.parametrize("text, key, char", [
    ("Emma", "char_case", "E"), ("em ma", "char_space", " "), ("zoë", "char", "ë"),
    ("", "empty", None), ("a" * 41, "too_long", None)])
def test_tokenize_names_the_problem(trainer, text, key, char):
    problem = tokens.tokenize(trainer.tokenizer, text)["problem"]
    assert problem["key"] == key and problem.get("char") == char
    if key in ("char", "char_case"):
        assert repr(char) in problem["message"]


def test_tokenize_uses_the_datasets_own_vocabulary():
    out = tokens.tokenize(Tokenizer(sorted("xyé ")), "é x")
    assert out["labels"] == ["BOS", "é", " ", "x", "BOS"] and out["vocab_size"] == 5


def test_prediction_matches_the_engines_own_loss(trainer):
    out = tokens.prediction(trainer, "emma")
    assert [p["context"] for p in out["pairs"]] == [[26], [26, 4], [26, 4, 12],
                                                   [26, 4, 12, 12], [26, 4, 12, 12, 0]]
    assert [p["target"] for p in out["pairs"]] == [4, 12, 12, 0, 26]
    reference = trainer.engine.loss(trainer.tokenizer.encode("emma")).data
    assert out["mean_loss"] == pytest.approx(reference, abs=1e-12)
    for pair in out["pairs"]:
        assert pair["loss"] == pytest.approx(-math.log(pair["p"]), abs=1e-12)
        probs = [t[2] for t in pair["top"]]
        assert probs == sorted(probs, reverse=True) and len(probs) == 5
        assert (pair["rank"] == 1) == (pair["top"][0][1] == pair["target"])
    # untrained: close to guessing evenly among 27
    assert abs(out["mean_loss"] - out["random_loss"]) < 0.5
    assert out["random_loss"] == pytest.approx(math.log(27))


def test_prediction_is_the_same_on_every_engine():
    from microgpt.engines import ENGINES
    outs = [tokens.prediction(Trainer(DOCS, seed=3, steps=5, engine=name), "sophia")
            for name in sorted(ENGINES)]
    for out in outs[1:]:
        assert out["mean_loss"] == pytest.approx(outs[0]["mean_loss"], abs=1e-9)
        assert [p["rank"] for p in out["pairs"]] == [p["rank"] for p in outs[0]["pairs"]]


def test_prediction_stops_at_block_size_and_follows_training():
    small = Trainer(DOCS, config=GPTConfig(block_size=4), seed=1, steps=5)
    before = tokens.prediction(small, "isabella")
    assert len(before["pairs"]) == 4 and before["cut"] == 5
    small.step()
    after = tokens.prediction(small, "isabella")
    assert after["step"] == 1 and after["mean_loss"] != before["mean_loss"]
    assert "problem" in tokens.prediction(small, "Isa")


# 4. softmax

def test_softmax_of_the_original_logits():
    probs = softmax.softmax_bars(ORIGINAL_LOGITS)["probs"]
    assert [round(100 * p, 1) for p in probs] == [22.1, 8.1, 4.9, 1.8, 60.0, 3.0]
    assert sum(probs) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [[], [1.0] * 28, [float("nan")], ["1"], [True], [1e9], "1,2"])
def test_softmax_refuses_bad_logits(bad):
    with pytest.raises(ValueError):
        softmax.softmax_bars(bad)


def line_text(out, line):
    return out["source"].splitlines()[line - 1].strip()


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


# 5. loss

def test_loss_curve_numbers():
    out = loss.loss_curve(27)
    assert len(out["points"]) == 100 and out["points"][-1] == [1.0, 0.0]
    p, value = out["points"][29]
    assert p == 0.3 and round(value, 2) == 1.20
    assert round(out["landmarks"]["0.9"], 3) == 0.105 and round(out["landmarks"]["0.01"], 1) == 4.6
    assert round(out["random_loss"], 2) == 3.30


# 6. autograd

def test_graph_of_a_times_b_plus_a():
    out = autograd.graph("a*b + a")
    rows = {n["name"]: n for n in out["nodes"]}
    assert [n["name"] for n in out["nodes"]] == ["a", "b", "c", "L"]
    assert [(rows[k]["data"], rows[k]["grad"]) for k in "abcL"] == \
        [(2, 4), (3, 2), (6, 1), (8, 1)]
    assert rows["c"]["op"] == "*" and rows["c"]["local_grads"] == [3, 2]
    kinds = [s["kind"] for s in out["steps"]]
    assert kinds == ["forward"] * 4 + ["order", "seed"] + ["add"] * 4
    adds = [(out["nodes"][s["node"]]["name"], out["nodes"][s["parent"]]["name"],
             s["local_grad"], s["before"], s["grad"]) for s in out["steps"] if s["kind"] == "add"]
    # a gets 1 through the sum, then 3 more through the product: gradients add up
    assert adds == [("c", "L", 1, 0, 1), ("a", "L", 1, 0, 1), ("a", "c", 3, 1, 4),
                    ("b", "c", 2, 0, 2)]


@pytest.mark.parametrize("text", ["a*b + a", "a/b - c", "log(a)*exp(b/4)", "relu(a-b)*c",
                                  "(a+b)**0.5 * c", "-a**2 + 3*b", "a**-1 + relu(c)"])
def test_graph_gradients_match_finite_differences(text):
    values = {"a": 2.0, "b": 3.0, "c": 0.5}
    out = autograd.graph(text, values)
    grads = {n["name"]: n["grad"] for n in out["nodes"] if n["op"] == "" and n["name"] in "abc"}
    for name in "abc":
        if name not in grads:
            continue
        h = 1e-6
        up, down = dict(values), dict(values)
        up[name] += h
        down[name] -= h
        f = lambda v: autograd.graph(text, v)["nodes"][-1]["data"]
        assert grads[name] == pytest.approx((f(up) - f(down)) / (2 * h), rel=1e-5, abs=1e-6)


def test_graph_shows_the_graph_value_really_builds():
    out = autograd.graph("a - b")
    assert [n["op"] for n in out["nodes"]] == ["", "", "", "*", "+"]
    assert out["nodes"][2]["name"] == "-1"  # a - b is a + b * -1
    div = autograd.graph("a / b")
    assert div["nodes"][2]["op"] == "**" and div["nodes"][2]["exponent"] == -1
    assert autograd.graph("a*b + c")["nodes"][2]["name"] == "d"  # c is taken


REFUSED = [
    ("__import__('os')", "call"), ("a.__class__", "construct"), ("().__class__", "construct"),
    ("a[0]", "construct"), ("lambda: 1", "construct"), ("a if b else c", "construct"),
    ("'abc'", "construct"), ("a == b", "construct"), ("[a]", "construct"),
    ("(a := 3)", "construct"), ("f'{a}'", "construct"), ("True", "construct"),
    ("a and b", "construct"), ("print(a)", "call"), ("a.log()", "call"), ("open", "name"),
    ("x", "name"), ("__builtins__", "name"), ("log", "bare_function"),
    ("log(a, b)", "arguments"), ("exp(a=1)", "arguments"), ("exp(*a)", "arguments"),
    ("a ** b", "exponent"), ("a ** 1000", "exponent_big"), ("9**9**9", "exponent"),
    ("1e999", "number"), ("9" * 20, "number"), ("a @ b", "operator"), ("a // b", "operator"),
    ("~a", "operator"), ("not a", "operator"), ("a +", "syntax"), ("a; import os", "syntax"),
    ("a\x00", "syntax"), ("", "empty"), ("a" * 81, "too_long"), ("+".join("a" * 14), "too_many"),
    ("log(0*a)", "domain"), ("a/(b-b)", "zero"), ("exp(exp(exp(a)))", "overflow"),
    ("(-a)**0.5", "complex"), ("3", "no_variable")]


@pytest.mark.parametrize("text, key", REFUSED)
def test_graph_refuses_with_a_reason(text, key):
    out = autograd.graph(text)
    assert out["problem"]["key"] == key, out["problem"]
    assert out["problem"]["message"]
    json.dumps(out)  # plain data, ready for the page


def test_graph_accepts_parentheses_and_checks_values():
    assert autograd.graph("((((((a))))))*b")["nodes"][-1]["data"] == 6
    assert autograd.graph("a*b", {"a": 1e9})["problem"]["key"] == "value"
    assert autograd.graph("a*b", {"d": 1})["problem"]["key"] == "variable"
    assert autograd.graph("a", {"a": True})["problem"]["key"] == "value"
    assert autograd.graph("c", {"c": -4})["nodes"] == [
        {"name": "c", "op": "", "data": -4.0, "grad": 1, "children": [], "local_grads": []}]


def test_value_steps_walk_the_value_class():
    out = autograd.value_steps()
    assert out["source"].startswith("class Value")
    kinds = [s["kind"] for s in out["steps"]]
    assert kinds == ["leaf", "leaf", "*", "+", "order", "seed", "add", "add", "add", "add"]
    text = lambda step: [line_text(out, n) for n in step["lines"]]
    assert text(out["steps"][0])[0].startswith("self.data = data")
    assert "self.data * other.data" in text(out["steps"][2])[-1]
    assert "self.data + other.data" in text(out["steps"][3])[-1]
    assert "topological_order()" in text(out["steps"][4])[0]
    assert text(out["steps"][5]) == ["self.grad = 1"]
    assert out["steps"][2]["table"] == [["a", 2, 0], ["b", 3, 0], ["c", 6, 0]]
    assert out["steps"][-1]["table"] == [["a", 2, 4], ["b", 3, 2], ["c", 6, 1], ["L", 8, 1]]
    assert out["steps"][4]["order"] == [0, 1, 2, 3]


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


def test_page_commands_answer_in_plain_json():
    from microgpt.page import Session, handle_json
    session = Session()
    handle_json(session, "init", json.dumps({"text": "\n".join(DOCS), "name": "names.txt"}))
    call = lambda cmd, **args: json.loads(handle_json(session, cmd, json.dumps(args)))
    assert call("dataset")["result"]["count"] == len(DOCS)
    assert call("dataset_search", query="emma")["result"]["found"] is True
    assert call("tokenizer", text="emma")["result"]["ids"] == [26, 4, 12, 12, 0, 26]
    assert len(call("prediction", text="emma")["result"]["pairs"]) == 5
    assert "error" in call("prediction", text="emma", top=0)
    assert round(call("softmax", logits=ORIGINAL_LOGITS)["result"]["probs"][4], 3) == 0.6
    assert call("softmax_steps")["result"]["steps"][0]["values"] == {"max_val": 2.8}
    assert len(call("loss_curve")["result"]["points"]) == 100
    assert call("graph", text="a*b + a")["result"]["nodes"][0]["grad"] == 4
    assert call("graph", text="a.b")["result"]["problem"]["key"] == "construct"
    assert call("value_steps")["result"]["steps"][-1]["table"][0] == ["a", 2, 4]


def test_every_refusal_has_a_text_in_both_languages():
    from pathlib import Path
    web = Path(__file__).resolve().parents[1] / "web" / "i18n"
    problems = [autograd.graph(text)["problem"] for text, _ in REFUSED]
    problems += [autograd.graph("a", {"d": 1})["problem"], autograd.graph("a", {"a": 1e9})["problem"]]
    tokenizer = Trainer(DOCS, steps=1).tokenizer
    refused_names = [tokens.tokenize(tokenizer, t)["problem"] for t in ("", "a" * 41, "é", "E", " a b")]
    for lang in ("en", "zh"):
        walk1 = json.loads((web / f"{lang}.json").read_text(encoding="utf-8"))["walk1"]
        for problem in problems:
            assert problem["key"] in walk1["graph"]["problem"], (lang, problem)
            if "kind" in problem:
                assert problem["kind"] in walk1["graph"]["kind"], (lang, problem)
        for problem in refused_names:
            assert problem["key"] in walk1["tokenizer"]["problem"], (lang, problem)
