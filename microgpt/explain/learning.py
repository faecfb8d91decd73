"""Section 10: one training step on a typed name, previewed on a copy, applied on request."""
import math

from ..engines.scalar import ScalarEngine
from ..model import empty_cache, gpt, softmax
from ..optim import adam_update, learning_rate_at
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
    if name not in params:
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


def step_preview(trainer, name, param="wte", row=None, col=0):
    """What trainer's next step would do if it trained on `name`; the trainer is not changed.

    A copy of the parameters and Adam's moments runs forward, backward and the Adam update.
    row=None picks the first letter's row (its embedding gets a gradient from this name).
    Returns {"tokens", "targets", "losses": one per position, "loss": their mean, "step",
    "random_loss": the loss of uniform guessing,
    "learning_rate", "param": {"name", "row", "col", "value", "grad", "m", "v", "m_hat",
    "v_hat", "update", "value_after", "m_after", "v_after"}, "top": largest |gradients|,
    "params": {name: [rows, cols]}, "done", "listings": listings()}.
    """
    problem = name_problem(trainer, name)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    engine = ScalarEngine(trainer.config, trainer.tokenizer.vocab_size, trainer.state_dict(),
                          *trainer.engine.moments())
    state = trainer.state_dict()
    if row is None:
        row = tokens[1] if param == "wte" else 0
    index = locate(state, param, row, col)
    # 1) forward: the same loss as ScalarEngine.loss, one term per position kept for display
    n = min(trainer.config.block_size, len(tokens) - 1)
    keys, values = empty_cache(trainer.config)
    losses = []
    for pos_id in range(n):
        logits = gpt(tokens[pos_id], pos_id, keys, values, engine.params, trainer.config)
        losses.append(-softmax(logits)[tokens[pos_id + 1]].log())
    loss = (1 / n) * sum(losses)
    # 2) backward, then 3) Adam on the copy
    loss.backward(release=True)
    p = engine.param_list[index]
    before = {"value": p.data, "grad": p.grad, "m": engine.m[index], "v": engine.v[index]}
    ranked = sorted(range(len(engine.param_list)),
                    key=lambda i: -abs(engine.param_list[i].grad))[:TOP_GRADS]
    top = [dict(zip(("name", "row", "col"), where(state, i)), grad=engine.param_list[i].grad)
           for i in ranked]
    t = trainer.step_count + 1
    lr_t = learning_rate_at(trainer.adam.learning_rate, trainer.step_count, trainer.steps)
    adam_update(engine.param_list, engine.m, engine.v, lr_t, t, trainer.adam)
    hp = trainer.adam
    m_hat = engine.m[index] / (1 - hp.beta1 ** t)
    v_hat = engine.v[index] / (1 - hp.beta2 ** t)
    labels = token_labels(trainer, tokens)
    return {
        "tokens": labels[:n], "targets": labels[1:n + 1],
        "losses": [x.data for x in losses], "loss": loss.data, "step": t,
        "learning_rate": lr_t, "done": trainer.done,
        "random_loss": math.log(trainer.tokenizer.vocab_size),
        "param": {"name": param, "row": row, "col": col, **before,
                  "m_after": engine.m[index], "v_after": engine.v[index],
                  "m_hat": m_hat, "v_hat": v_hat, "update": before["value"] - p.data,
                  "value_after": p.data},
        "top": top, "params": {k: [len(m), len(m[0])] for k, m in state.items()},
        "listings": listings(),
    }


def apply_step(trainer, name):
    """Train the trainer's next step on `name` instead of its next doc, as Trainer.step() would.

    The step counter advances, so this step's doc is skipped. Returns {step, loss,
    learning_rate, doc} like Trainer.step().
    """
    problem = name_problem(trainer, name)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    if trainer.done:
        raise ValueError(f"training is finished: all {trainer.steps} steps are done")
    lr_t = learning_rate_at(trainer.adam.learning_rate, trainer.step_count, trainer.steps)
    loss = trainer.engine.train_step(tokens, lr_t, trainer.step_count + 1, trainer.adam)
    trainer.step_count += 1
    return {"step": trainer.step_count, "loss": loss, "learning_rate": lr_t, "doc": name}
