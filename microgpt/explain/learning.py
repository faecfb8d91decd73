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
    if not isinstance(name, str) or name not in params:
        raise ValueError(f"unknown parameter {name!r}; choose one of {', '.join(params)}")
    mat = params[name]
    for what, i, size in (("row", row, len(mat)), ("column", col, len(mat[0]))):
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < size:
            raise ValueError(f"{name} {what} must be a whole number from 0 to {size - 1}, "
                             f"got {i!r}")
    offset = 0
    for other, m in params.items():
        if other == name:
            return offset + row * len(m[0]) + col
        offset += len(m) * len(m[0])


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


def step_preview(trainer, name, param="wte", row=None, col=0):
    """What trainer's next step would do if it trained on `name`; the trainer is not changed.

    Trainer.preview runs forward, backward and the Adam update on a copy.
    row=None picks the first letter's row (its embedding gets a gradient from this name).
    Returns {"tokens", "targets", "losses": one per position, "loss": their mean, "step",
    "random_loss": the loss of uniform guessing, "can_train": whether apply_step may train,
    "learning_rate", "param": {"name", "row", "col", "value", "grad", "m", "v", "m_hat",
    "v_hat", "update", "value_after", "m_after", "v_after"}, "top": largest |gradients|,
    "params": {name: [rows, cols]}, "done", "listings": listings()}.
    """
    problem = name_problem(trainer, name) or scalar_pass_problem(trainer.num_params, len(name) + 1)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    state = trainer.state_dict()
    if row is None:
        row = tokens[1] if param == "wte" else 0
    index = locate(state, param, row, col)
    out = trainer.preview(name)
    (value, m, v), after, grads = out["before"], out["after"], out["grads"]
    ranked = sorted(range(len(grads)), key=lambda i: -abs(grads[i]))[:TOP_GRADS]
    top = [dict(zip(("name", "row", "col"), where(state, i)), grad=grads[i]) for i in ranked]
    hats = adam_by_line(value[index], grads[index], m[index], v[index], out["learning_rate"],
                        out["step"], trainer.adam)
    n = len(out["losses"])
    labels = token_labels(trainer, tokens)
    return {
        "tokens": labels[:n], "targets": labels[1:n + 1],
        "losses": out["losses"], "loss": out["loss"], "step": out["step"],
        "learning_rate": out["learning_rate"], "done": trainer.done,
        "can_train": trainer.docs is not None,
        "random_loss": math.log(trainer.tokenizer.vocab_size),
        "param": {"name": param, "row": row, "col": col, "value": value[index],
                  "grad": grads[index], "m": m[index], "v": v[index],
                  "m_after": after[1][index], "v_after": after[2][index], **hats,
                  "update": value[index] - after[0][index], "value_after": after[0][index]},
        "top": top, "params": {k: [len(m), len(m[0])] for k, m in state.items()},
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
