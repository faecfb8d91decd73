"""Section 12: every engine trains the same steps from the same state; same losses, other speeds."""
import time

from .. import cost
from ..engines import ENGINES, make_engine
from .budget import too_costly
from .trace import name_problem

MAX_STEPS = 20


def compare_engines(trainer, name, steps=3):
    """Train copies of the current model `steps` times on `name` with every engine.

    {"engines": [{"engine", "losses", "seconds", "ms_per_step"}], "max_difference": the
    largest gap between two engines' losses, "speedup": slowest / fastest time, "name",
    "steps"}. The trainer itself is not changed.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_STEPS}, got {steps!r}")
    problem = name_problem(trainer, name)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    problem = too_costly(steps * sum(cost.step_seconds(e, trainer.num_params, len(tokens) - 1)
                                     for e in ENGINES))  # every engine's steps, in the tab
    if problem:
        return {"problem": problem}
    state, (m, v) = trainer.state_dict(), trainer.engine.moments()
    runs = []
    for engine_name in sorted(ENGINES):
        engine = make_engine(engine_name, trainer.config, trainer.tokenizer.vocab_size,
                             state, m, v)
        losses = []
        start = time.perf_counter()
        for i in range(steps):
            at = min(trainer.step_count + i, trainer.steps - 1)  # past the end: the last rate
            losses.append(engine.train_step(tokens, trainer.learning_rate_for(at), at + 1,
                                            trainer.adam))
        seconds = time.perf_counter() - start
        runs.append({"engine": engine_name, "losses": losses, "seconds": seconds,
                     "ms_per_step": 1000 * seconds / steps})
    gaps = [abs(a - b) for r in runs for s in runs for a, b in zip(r["losses"], s["losses"])]
    times = [r["seconds"] for r in runs]
    return {"engines": runs, "max_difference": max(gaps), "name": name, "steps": steps,
            "speedup": max(times) / min(times) if min(times) > 0 else None}
