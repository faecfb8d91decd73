"""Value: every operation against finite differences, and graphs too deep for recursion."""
import math
import sys

import pytest

from microgpt import Value
from microgpt.value import release_graph

H = 1e-6
UNARY = {
    "log": (lambda x: x.log(), math.log),
    "exp": (lambda x: x.exp(), math.exp),
    "relu": (lambda x: x.relu(), lambda x: max(0.0, x)),
    "pow3": (lambda x: x ** 3, lambda x: x ** 3),
    "pow-0.5": (lambda x: x ** -0.5, lambda x: x ** -0.5),
    "neg": (lambda x: -x, lambda x: -x),
    "rsub": (lambda x: 2.5 - x, lambda x: 2.5 - x),
    "rtruediv": (lambda x: 3.0 / x, lambda x: 3.0 / x),
    "radd": (lambda x: 1.5 + x, lambda x: 1.5 + x),
    "rmul": (lambda x: 1.5 * x, lambda x: 1.5 * x),
}
BINARY = {
    "add": (lambda a, b: a + b),
    "sub": (lambda a, b: a - b),
    "mul": (lambda a, b: a * b),
    "truediv": (lambda a, b: a / b),
}


POSITIVE_ONLY = {"log", "pow-0.5"}
CASES = [(name, x) for name in sorted(UNARY) for x in (0.7, 1.9, -0.4)
         if x > 0 or name not in POSITIVE_ONLY]


@pytest.mark.parametrize("name,x", CASES)
def test_unary_gradient_matches_finite_difference(name, x):
    on_value, on_float = UNARY[name]
    v = Value(x)
    out = on_value(v)
    out.backward()
    assert out.data == pytest.approx(on_float(x), rel=1e-12)
    numeric = (on_float(x + H) - on_float(x - H)) / (2 * H)
    assert v.grad == pytest.approx(numeric, rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_match_finite_difference(name):
    f = BINARY[name]
    a, b = Value(1.3), Value(-0.8)
    out = f(a, b)
    out.backward()
    assert a.grad == pytest.approx((f(1.3 + H, -0.8) - f(1.3 - H, -0.8)) / (2 * H), rel=1e-6)
    assert b.grad == pytest.approx((f(1.3, -0.8 + H) - f(1.3, -0.8 - H)) / (2 * H), rel=1e-6)


def test_gradients_add_up_when_a_value_is_used_twice():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    loss = c + a
    loss.backward()
    assert (c.data, loss.data, a.grad, b.grad, c.grad) == (6.0, 8.0, 4.0, 2.0, 1)
    assert [v.op for v in (a, c, loss)] == ["", "*", "+"]


def test_topological_order_puts_children_first_and_each_node_once():
    a, b = Value(2.0), Value(3.0)
    c = a * b
    loss = c + a
    assert loss.topological_order() == [a, b, c, loss]


def test_20000_deep_chain_backward_and_free():
    depth = 20_000
    assert depth > sys.getrecursionlimit()
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y * 1.0 + 0.0
    y.backward(release=True)
    assert x.grad == 1.0
    assert y._children == () and y._local_grads == ()
    del y  # freeing must not recurse down the chain (it used to crash Pyodide)
    assert x.data == 0.5


def test_release_graph_keeps_data_and_grads():
    a = Value(3.0)
    out = (a * a).exp()
    out.backward()
    nodes = out.topological_order()
    release_graph(nodes)
    assert all(n._children == () for n in nodes)
    assert out.data == math.exp(9.0) and a.grad == pytest.approx(6 * math.exp(9.0))
