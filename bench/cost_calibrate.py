"""Calibrates microgpt/cost.py: times one training step per engine over a grid of sizes.

    python bench/cost_calibrate.py      in CPython
    python bench/cost_calibrate.py --sample   the forward pass's share of a step (sampling)
    node bench/cost_calibrate.mjs       the same inside Pyodide under Node (the page's runtime)

A benchmark, not a test: it prints each point's measured and estimated seconds per step and
the constants a least-squares fit of log(seconds) on log(params * positions) gives
(seconds = a * (params * positions) ** p; p > 1 as the scalar engine's graph outgrows the caches).
"""
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from microgpt import cost  # noqa: E402
from microgpt.config import GPTConfig  # noqa: E402
from microgpt.engines import make_engine  # noqa: E402
from microgpt.optim import AdamConfig  # noqa: E402
from microgpt.params import count_params, init_params  # noqa: E402

VOCAB = 27
# engine -> [(n_layer, n_embd, positions)]: block_size = positions, one document that fills
# it; the scalar grid stays below ~10 s a step so a calibration run takes minutes, not hours
GRID = {
    "fast": [(1, 16, 8), (1, 16, 16), (1, 32, 16), (1, 16, 64), (2, 32, 16), (2, 64, 8),
             (4, 32, 16), (4, 64, 16)],
    "scalar": [(1, 16, 4), (1, 16, 8), (1, 16, 16), (1, 32, 8), (1, 16, 32), (2, 16, 16),
               (1, 32, 16), (2, 32, 16)],
}



def time_step(engine_name, n_layer, n_embd, positions, repeats):
    config = GPTConfig(n_layer=n_layer, n_embd=n_embd, n_head=4, block_size=positions)
    rng = random.Random(0)
    engine = make_engine(engine_name, config, VOCAB, init_params(config, VOCAB, rng))
    tokens = [rng.randrange(VOCAB) for _ in range(positions + 1)]
    times = []
    for t in range(1, repeats + 2):  # the first step warms up (the fast engine compiles)
        start = time.perf_counter()
        engine.train_step(tokens, 0.01, t, AdamConfig())
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]), count_params(config, VOCAB)


def forward_share(engine_name, n_layer, n_embd, positions, repeats):
    """Seconds of the forward passes that sample one name of `positions` tokens (logits only,
    with the cache) over the seconds of one training step on as many positions."""
    config = GPTConfig(n_layer=n_layer, n_embd=n_embd, n_head=4, block_size=positions)
    rng = random.Random(0)
    engine = make_engine(engine_name, config, VOCAB, init_params(config, VOCAB, rng))
    tokens = [rng.randrange(VOCAB) for _ in range(positions + 1)]
    step, _ = time_step(engine_name, n_layer, n_embd, positions, repeats)
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        cache = engine.new_cache()
        for pos_id in range(positions):
            engine.logits(tokens[pos_id], pos_id, cache)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:]) / step


def run_sample():
    print(f"CPython {sys.version.split()[0]}: a sampled name's forward passes / a training step")
    for engine_name in ("fast", "scalar"):
        for n_layer, n_embd, positions in GRID[engine_name][1::2]:
            share = forward_share(engine_name, n_layer, n_embd, positions,
                                  5 if engine_name == "fast" else 2)
            print(f"{engine_name:6} n_layer {n_layer} n_embd {n_embd:2} positions {positions:2}: "
                  f"{share:.2f} (cost.py uses {cost.FORWARD_SHARE[engine_name]})")


def fit(points):
    """Least squares of log(seconds) = log(a) + p * log(params * positions) -> (a, p)."""
    xs = [math.log(params * positions) for params, positions, _ in points]
    ys = [math.log(seconds) for _, _, seconds in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    p = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return math.exp(my - p * mx), p


def run(host=""):
    print(host or f"CPython {sys.version.split()[0]}")
    for engine_name in ("fast", "scalar"):
        points = []
        for n_layer, n_embd, positions in GRID[engine_name]:
            repeats = 5 if engine_name == "fast" else 2
            seconds, params = time_step(engine_name, n_layer, n_embd, positions, repeats)
            points.append((params, positions, seconds))
            estimate = cost.step_seconds(engine_name, params, positions)
            print(f"{engine_name:6} n_layer {n_layer} n_embd {n_embd:2} positions {positions:2} "
                  f"params {params:6}: {seconds * 1000:9.1f} ms/step; cost.py's estimate for "
                  f"the tab {estimate * 1000:9.1f} ms")
        a, p = fit(points)
        t = a * cost.REFERENCE_WORK ** p
        print(f"{engine_name}: fit seconds = {t:.4f} * (params * positions / "
              f"{cost.REFERENCE_WORK}) ** {p:.3f} on this machine now")


if __name__ == "__main__":
    run_sample() if "--sample" in sys.argv[1:] else run()
