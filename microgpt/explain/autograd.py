"""Section 6: every calculation remembered, then walked backwards with the chain rule.

graph() builds a reader's formula from real Values and records backward() as it runs;
value_steps() steps through the Value class itself on L = a*b + a.
"""
import ast
import math
import textwrap

from ..value import Value
from . import expr
from .codetrace import relative, run_traced, source_of

INTERMEDIATE = "cdefghkmnpqrstuvwxyz"  # names for the nodes between the variables and L


def grad_lines(fn):
    """Lines (of the file) of fn's statements that set some `.grad`, and its loop names.

    Read from fn's syntax tree, so they follow the source when it changes: returns
    ({line: "seed" | "add"}, parent_name, child_name, local_name) for backward().
    """
    src = source_of(fn)
    tree = ast.parse(textwrap.dedent(src["source"]))
    lines, parent, child, local = {}, None, None, None
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign) else []
        if any(isinstance(t, ast.Attribute) and t.attr == "grad" for t in targets):
            lines[node.lineno + src["first_line"] - 1] = \
                "add" if isinstance(node, ast.AugAssign) else "seed"
        if isinstance(node, ast.For):
            if isinstance(node.target, ast.Name):
                parent = node.target.id
            elif isinstance(node.target, ast.Tuple) and len(node.target.elts) == 2:
                child, local = (e.id for e in node.target.elts)
    return lines, parent, child, local


def traced_backward(out, nodes):
    """Run out.backward() and return what it did, one step per line that set a gradient.

    A step is {"kind": "order", "order": [node index...]} for the topological order,
    {"kind": "seed", "node", "grad"} for the output's own gradient, and {"kind": "add",
    "node", "parent", "local_grad", "parent_grad", "before", "grad"} for each chain-rule term.
    """
    index = {id(n): i for i, n in enumerate(nodes)}
    code = Value.backward.__code__
    lines, parent_name, child_name, local_name = grad_lines(Value.backward)

    def snapshot(frame, returned):
        values = frame.f_locals
        state = {"grads": [n.grad for n in nodes]}
        for name, v in values.items():
            if isinstance(v, list) and v and all(isinstance(x, Value) for x in v):
                state["order"] = [index[id(x)] for x in v]
        for key, name in (("parent", parent_name), ("node", child_name)):
            if isinstance(values.get(name), Value):
                state[key] = index[id(values[name])]
        state["local_grad"] = values.get(local_name)
        return state

    _, events = run_traced(lambda: out.backward(), {code}, snapshot)
    steps, before, have_order = [], [0] * len(nodes), False
    for _, line, state in events:
        if "order" in state and not have_order:
            have_order = True
            steps.append({"kind": "order", "order": state["order"], "line": line})
        kind = lines.get(line)
        if kind == "seed":
            steps.append({"kind": "seed", "node": index[id(out)], "grad": out.grad, "line": line})
        elif kind == "add":
            i, p = state["node"], state["parent"]
            steps.append({"kind": "add", "node": i, "parent": p, "local_grad": state["local_grad"],
                          "parent_grad": state["grads"][p], "before": before[i],
                          "grad": state["grads"][i], "line": line})
        before = state["grads"]
    return steps


def describe(nodes, names, exponents):
    """Plain rows for the page: name, op, data, grad, children (indices), local grads."""
    index = {id(n): i for i, n in enumerate(nodes)}
    rows = []
    for n in nodes:
        row = {"name": names[id(n)], "op": n.op, "data": n.data, "grad": n.grad,
               "children": [index[id(c)] for c in n._children],
               "local_grads": list(n._local_grads)}
        if n.op == "**":
            row["exponent"] = exponents.get(id(n), -1)  # Value's own / makes x ** -1
        rows.append(row)
    return rows


def node_names(order, out, leaves):
    """Variables keep their letter, the output is L, numbers show themselves, others c, d, ..."""
    names = {id(v): k for k, v in leaves.items()}
    free = (ch for ch in INTERMEDIATE if ch not in leaves)
    for n in order:
        if id(n) in names:
            continue
        if n is out:
            names[id(n)] = "L"
        elif not n._children:
            names[id(n)] = f"{n.data:g}"
        else:
            names[id(n)] = next(free)
    return names


def graph(text, values=None):
    """A reader's formula as its real graph, forward values then backward gradients.

    {"nodes": rows, "output": index, "steps": [{"kind": "forward", "node"}, ..., backward
    steps]} or {"problem": {...}} when the formula is refused.
    """
    try:
        tree = expr.parse(text)
        variables = expr.check_variables({"a": 2, "b": 3, "c": 0.5, **(values or {})})
        out, leaves, exponents = expr.build(tree, variables)
    except expr.ExprError as e:
        return {"text": text, "problem": e.to_dict()}
    order = out.topological_order()  # children before parents: the forward order
    names = node_names(order, out, leaves)
    steps = [{"kind": "forward", "node": i} for i in range(len(order))]
    for step in traced_backward(out, order):
        del step["line"]  # the graph shows nodes, not source lines
        steps.append(step)
    rows = describe(order, names, exponents)
    if not all(math.isfinite(r["grad"]) for r in rows):
        return {"text": text, "problem": {"key": "overflow",
                                          "message": "a gradient grew too large to compute"}}
    return {"text": text.strip(), "values": variables, "nodes": rows, "output": len(order) - 1,
            "steps": steps}


def value_steps(a=2.0, b=3.0):
    """The Value class on L = a*b + a, one step per thing it does, with its source lines.

    Each step: {"kind", "lines": lines of the class source that ran, "nodes": the table so
    far}. Forward: a, b made, c = a*b, L = c + a; then backward() as traced_backward sees it.
    """
    variables = expr.check_variables({"a": a, "b": b})
    src = source_of(Value)
    first = src["first_line"]
    made, steps = [], []

    def forward(fn, code, kind):
        node, events = run_traced(fn, {code}, lambda frame, returned: None)
        made.append(node)
        steps.append({"kind": kind, "node": len(made) - 1,
                      "lines": [relative(line, first) for _, line, _ in events]})
        return node

    leaf = Value.__init__.__code__
    va = forward(lambda: Value(variables["a"]), leaf, "leaf")
    vb = forward(lambda: Value(variables["b"]), leaf, "leaf")
    vc = forward(lambda: va * vb, Value.__mul__.__code__, "*")
    out = forward(lambda: vc + va, Value.__add__.__code__, "+")
    names = {id(va): "a", id(vb): "b", id(vc): "c", id(out): "L"}
    for step in traced_backward(out, made):
        step["lines"] = [relative(step.pop("line"), first)]
        steps.append(step)
    # the table after each step: data as soon as a node exists, grads as backward sets them
    grads, shown = [0] * len(made), 0
    for step in steps:
        shown = max(shown, step.get("node", 0) + 1)
        if step["kind"] in ("seed", "add"):
            grads[step["node"]] = step["grad"]
        step["table"] = [[names[id(n)], n.data, grads[i]] for i, n in enumerate(made[:shown])]
    return {**src, "nodes": describe(made, names, {}), "steps": steps}
