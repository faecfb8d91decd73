"""What a training step costs: seconds estimated from the model's size, per engine.

A step multiplies every position of its document through every weight, so its work is the
parameters times the positions; its time grows a little faster than that work (the scalar
engine's graph of Values outgrows the caches), hence a power. The constants come from
bench/cost_calibrate.py (CPython) and bench/cost_calibrate.mjs (Pyodide, the page's runtime);
docs/BENCHMARKS.md, "Cost estimate", lists the figures.
"""
from .params import count_params

# A step's work: parameters x positions. REFERENCE_WORK is the default model (4,192
# parameters) on an average name (7.2 positions).
REFERENCE_WORK = 30_000
# engine -> (seconds of a step of REFERENCE_WORK in the tab, power of the work), seconds =
# t * (work / REFERENCE_WORK) ** p. p is fitted over a grid of sizes in one run (load slows
# every point alike); t is the default step on a quiet machine (docs/BENCHMARKS.md).
SECONDS = {
    "scalar": (0.20, 1.4),
    "fast": (0.008, 0.86),
}


def step_seconds(engine, params, positions):
    """Estimated seconds of one training step on a document of `positions` predictions."""
    t, p = SECONDS[engine]
    return t * (params * positions / REFERENCE_WORK) ** p


# a sampled token costs a forward pass only, about this share of a training step's time per
# position (bench/cost_calibrate.py --sample measures it; docs/BENCHMARKS.md, "Cost estimate")
FORWARD_SHARE = {"scalar": 0.7, "fast": 0.4}


def sample_seconds(engine, params, block_size, n):
    """Estimated seconds to sample `n` names when each runs to block_size tokens (the worst
    case: an untrained model rarely ends a name early)."""
    return n * FORWARD_SHARE[engine] * step_seconds(engine, params, block_size)


def positions(block_size, longest_doc=None):
    """Predictions in a step: one per character and one for the end, at most block_size."""
    return block_size if longest_doc is None else min(block_size, longest_doc + 1)


def config_step_seconds(engine, config, vocab_size, longest_doc=None):
    """step_seconds for a GPTConfig: its parameters, and the longest step the data allows."""
    return step_seconds(engine, count_params(config, vocab_size),
                        positions(config.block_size, longest_doc))
