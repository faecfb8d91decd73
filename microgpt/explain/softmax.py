"""Section 4: from scores to probabilities, with the package's own softmax."""
import math

from .. import model
from ..value import Value
from .codetrace import assigned_names, relative, run_traced, source_of

MAX_LOGITS = 27  # one per token of the vocabulary at most
LOGIT_LIMIT = 100.0  # sliders stay far inside this; it keeps the numbers readable
STEPS_LOGITS = [1.2, 2.8, 0.5, 1.8, -0.3]  # the step-through's default scores


def checked_logits(logits):
    """A list of 1..27 finite numbers, or a ValueError saying what is wrong."""
    if not isinstance(logits, list) or not 1 <= len(logits) <= MAX_LOGITS:
        raise ValueError(f"logits must be a list of 1 to {MAX_LOGITS} numbers")
    for x in logits:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or (
                isinstance(x, float) and not math.isfinite(x)):  # isfinite(10**400) overflows
            raise ValueError(f"each logit must be a finite number, got {x!r}")
        if abs(x) > LOGIT_LIMIT:
            raise ValueError(f"each logit must be from {-LOGIT_LIMIT:g} to {LOGIT_LIMIT:g}")
    return [float(x) for x in logits]


def softmax_bars(logits):
    """model.softmax on these scores: the probability of each, in the given order."""
    logits = checked_logits(logits)
    probs = model.softmax([Value(x) for x in logits])
    return {"logits": logits, "probs": [p.data for p in probs]}


def plain_locals(names, frame, returned):
    """The frame's variables among `names` as numbers (Values become their data)."""
    def number(x):
        if isinstance(x, Value):
            return x.data
        if isinstance(x, list):
            return [number(v) for v in x]
        return x if isinstance(x, (int, float)) else None

    state = {name: number(frame.f_locals[name]) for name in names if name in frame.f_locals}
    if returned is not None:
        state["return"] = number(returned)
    return state


def softmax_steps(logits=None):
    """Run model.softmax line by line: its source, and after each line the variables it set.

    steps[k] = {"line": line of the source just run (1 = the def line), "values": {...}}.
    """
    logits = checked_logits(STEPS_LOGITS if logits is None else logits)
    fn = model.softmax
    src = source_of(fn)
    names = assigned_names(src["source"])  # max_val, exps, total
    values = [Value(x) for x in logits]
    result, events = run_traced(lambda: fn(values), {fn.__code__},
                                lambda frame, ret: plain_locals(names, frame, ret))
    steps = [{"line": relative(line, src["first_line"]), "values": state}
             for _, line, state in events]
    return {**src, "logits": logits, "names": names, "steps": steps,
            "probs": [p.data for p in result]}
