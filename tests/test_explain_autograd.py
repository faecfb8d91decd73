"""The walkthrough's autograd: expression graphs of Values against finite differences,
their refusals, and the Value class stepped through."""
import json

import pytest

from microgpt.explain import autograd
from explain_kit import REFUSED, line_text


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
