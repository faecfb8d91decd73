"""Section 10: one training step on a typed name, previewed on a copy, applied on request."""
import math

from ..engines.scalar import ScalarEngine
from ..optim import adam_update
from ..value import Value
from .budget import scalar_pass_problem
from .codetrace import run_traced
from .listing import listing
from .trace import name_problem, token_labels

LOSS_MARKERS = [("forward", "gpt("), ("probs", "softmax("), ("loss", "losses.append"),
                ("mean", "return")]
STEP_MARKERS = [("backward", ".backward("), ("adam", "adam_update(")]
ADAM_MARKERS = [("m", "m[i] ="), ("v", "v[i] ="), ("m_hat", "m_hat ="), ("v_hat", "v_hat ="),
                ("update", "p.data -="), ("zero_grad", "p.grad = 0")]
TOP_GRADS = 5  # parameters listed as "moved the most by this name"


def listings():
    return {"loss": listing(ScalarEngine.loss, LOSS_MARKERS),
            "train_step": listing(ScalarEngine.train_step, STEP_MARKERS),
            "adam": listing(adam_update, ADAM_MARKERS)}


def locate(params, name, row, col):
    """Index of params[name][row][col] in the engine's flat parameter list."""
    check_param(params, name)
    mat = params[name]
    for what, i, size in (("row", row, len(mat)), ("column", col, len(mat[0]))):
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < size:
            raise ValueError(f"{name} {what} must be a whole number from 0 to {size - 1}, "
                             f"got {i!r}")
    return offset_of(params, name) + row * len(mat[0]) + col


def check_param(params, name):
    if not isinstance(name, str) or name not in params:
        raise ValueError(f"unknown parameter {name!r}; choose one of {', '.join(params)}")


def offset_of(params, name):
    """Where matrix `name` starts in the engine's flat parameter list."""
    offset = 0
    for other, m in params.items():
        if other == name:
            return offset
        offset += len(m) * len(m[0])


def largest(params, grads, name=None, row=None, col=None):
    """Flat index of the largest |gradient|: over every parameter, or within matrix `name`
    (in its row `row` and/or column `col` when given). Ties go to the first in the flat order,
    so the pick is deterministic."""
    if name is None:
        return max(range(len(grads)), key=lambda i: abs(grads[i]))
    mat = params[name]
    rows = range(len(mat)) if row is None else [row]
    cols = range(len(mat[0])) if col is None else [col]
    start, width = offset_of(params, name), len(mat[0])
    return max((start + r * width + c for r in rows for c in cols), key=lambda i: abs(grads[i]))


def describe(tokenizer, name, row, col):
    """The pieces of a parameter's name, for the page to say in words
    (walk.train_step.param_name.<kind>): {"kind": the matrix's role (wte, wpe, lm_head,
    attn_wq, attn_wk, attn_wv, attn_wo, mlp_fc1, mlp_fc2), "row", "col", "layer" (0-based,
    None outside the layers), "token" (whose row it is, in wte and lm_head; else None), "bos"
    (that token is the start/end marker)}. ("wte", 4, 0) -> number 0 of e's embedding."""
    layer, _, short = name.rpartition(".")
    token = tokenizer.token_name(row) if short in ("wte", "lm_head") else None
    return {"kind": short, "row": row, "col": col,
            "layer": int(layer[len("layer"):]) if layer else None,
            "token": token, "bos": token is not None and row == tokenizer.BOS}


def where(params, index):
    """Flat index -> (name, row, col)."""
    for name, m in params.items():
        size = len(m) * len(m[0])
        if index < size:
            return name, index // len(m[0]), index % len(m[0])
        index -= size


def adam_by_line(value, grad, m, v, lr_t, t, hp):
    """adam_update on this one parameter, traced: its m_hat and v_hat as the code computed them.
    Adam works entry by entry, so alone it gives the same numbers as in the full update."""
    p = Value(value)
    p.grad = grad
    seen = {}
    run_traced(lambda: adam_update([p], [m], [v], lr_t, t, hp), {adam_update.__code__},
               lambda frame, returned: seen.update(
                   {k: frame.f_locals[k] for k in ("m_hat", "v_hat") if k in frame.f_locals}))
    return seen


def step_preview(trainer, name, param=None, row=None, col=None):
    """What trainer's next step would do if it trained on `name`; the trainer is not changed.

    Trainer.preview runs forward, backward and the Adam update on a copy.
    The parameter followed: params[param][row][col]; what is left out is picked as the largest
    |gradient| this name gives (param=None: over every parameter; row or col None: within
    that matrix, or that row), so the step starts from a number that moves the most.
    Returns {"tokens", "targets", "losses": one per position, "loss": their mean, "step",
    "random_loss": the loss of uniform guessing, "can_train": whether apply_step may train,
    "learning_rate", "param": {"name", "row", "col", "value", "grad", "m", "v", "m_hat",
    "v_hat", "update", "value_after", "m_after", "v_after", "picked": whether Python chose it,
    and describe()'s words: "kind", "layer", "token", "bos"}, "top": largest |gradients|, each
    {"name", "row", "col", "grad"} and its words, "params": {name: [rows, cols]}, "vocab": the
    token of each row of wte and lm_head, "done", "listings": listings()}.
    """
    problem = name_problem(trainer, name) or scalar_pass_problem(trainer.num_params, len(name) + 1)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    state = trainer.state_dict()
    picked = param is None or row is None or col is None
    if param is not None:
        check_param(state, param)
        if row is not None:
            locate(state, param, row, 0)
        if col is not None:
            locate(state, param, 0, col)  # refused before the costly preview
    out = trainer.preview(name)
    (value, m, v), after, grads = out["before"], out["after"], out["grads"]
    index = largest(state, grads, param, row, col) if picked else locate(state, param, row, col)
    param, row, col = where(state, index)
    tokenizer = trainer.tokenizer
    ranked = sorted(range(len(grads)), key=lambda i: -abs(grads[i]))[:TOP_GRADS]
    top = []
    for i in ranked:
        at = where(state, i)
        top.append({**describe(tokenizer, *at), "name": at[0], "grad": grads[i]})
    hats = adam_by_line(value[index], grads[index], m[index], v[index], out["learning_rate"],
                        out["step"], trainer.adam)
    n = len(out["losses"])
    labels = token_labels(trainer, tokens)
    return {
        "tokens": labels[:n], "targets": labels[1:n + 1],
        "losses": out["losses"], "loss": out["loss"], "step": out["step"],
        "learning_rate": out["learning_rate"], "done": trainer.done,
        "can_train": trainer.docs is not None,
        "random_loss": math.log(tokenizer.vocab_size),
        "param": {**describe(tokenizer, param, row, col), "name": param, "picked": picked,
                  "value": value[index], "grad": grads[index], "m": m[index], "v": v[index],
                  "m_after": after[1][index], "v_after": after[2][index], **hats,
                  "update": value[index] - after[0][index], "value_after": after[0][index]},
        "top": top, "params": {k: [len(mat), len(mat[0])] for k, mat in state.items()},
        "vocab": [tokenizer.token_name(i) for i in range(tokenizer.vocab_size)],
        "bos": tokenizer.BOS,
        "listings": listings(),
    }


def apply_step(trainer, name):
    """Trainer.step(name): the next step trains on `name` instead of its next doc, with the
    trainer's own guards (a model loaded without its dataset, or finished, refuses).

    The step counter advances, so this step's doc is skipped. Returns {step, loss,
    learning_rate, doc} like Trainer.step().
    """
    problem = name_problem(trainer, name)
    if problem:
        return {"problem": problem}
    return trainer.step(name)
