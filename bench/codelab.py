"""The code lab's edited runs (microgpt/edited.py) timed and compared, in CPython or Pyodide.

    python bench/codelab.py [--steps N] [--presets] [--compare N] [--json]
    node bench/codelab.mjs  [--steps N] [--presets] [--compare N] [--json]   inside Pyodide

Default settings and the bundled names. Times the original model.py through the edited-code
runner (the Value engine) for N steps (default 300): median ms/step and the total; with
--presets also trains every experiment N steps and prints its final loss and the mean of its
last 50 (or N) losses next to the original's; --compare N first times N steps of the plain
scalar engine and of the runner in turns. --json prints one JSON object instead. A
benchmark, not a test; tests/pyodide/test_codelab_in_pyodide.py reads its --json.
"""
import argparse
import json
import platform
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's microgpt
from microgpt.data import load_docs  # noqa: E402
from microgpt.edited import EditedRun  # noqa: E402
from microgpt.explain.experiments import experiments  # noqa: E402
from microgpt.trainer import Trainer  # noqa: E402


def train(source, docs, steps):
    """(losses, seconds of each step) of `steps` steps of the edited source."""
    run = EditedRun(source, docs, steps=steps)
    losses, seconds = [], []
    while not run.done:
        start = time.perf_counter()
        losses.append(run.step()["loss"])
        seconds.append(time.perf_counter() - start)
    return losses, seconds


def compare(source, docs, steps):
    """Median ms/step of the plain scalar engine and of the edited-code runner on the same
    source, one step each in turn over the same documents."""
    plain, edited = Trainer(docs, steps=steps, engine="scalar"), EditedRun(source, docs,
                                                                           steps=steps)
    times = ([], [])
    for _ in range(steps):
        for step, out in ((plain.step, times[0]), (edited.step, times[1])):
            start = time.perf_counter()
            step()
            out.append(time.perf_counter() - start)
    return [1000 * statistics.median(t) for t in times]


def measure(steps, presets, host=None, compare_steps=0):
    docs = load_docs((resources.files("microgpt") / "names.txt").read_text(encoding="utf-8"))
    python = f"{platform.python_implementation()} {platform.python_version()}"
    out = {"runtime": f"{host} ({python})" if host else python, "steps": steps, "runs": {}}
    if compare_steps:
        out["compare"] = dict(zip(("scalar_ms", "edited_ms"),
                                  compare(experiments()[0]["source"], docs, compare_steps)))
    for item in experiments() if presets else experiments()[:1]:
        losses, seconds = train(item["source"], docs, steps)
        tail = losses[-min(50, steps):]
        out["runs"][item["id"]] = {
            "losses": losses, "final": losses[-1], "tail_mean": sum(tail) / len(tail),
            "ms_per_step": 1000 * statistics.median(seconds), "total_s": sum(seconds)}
    return out


def report(out, file=sys.stdout):
    print(f"{out['runtime']}: {out['steps']} steps, default settings, bundled names", file=file)
    if "compare" in out:
        c = out["compare"]
        print(f"interleaved: scalar engine {c['scalar_ms']:.0f} ms/step, edited-code runner "
              f"{c['edited_ms']:.0f} ms/step ({c['scalar_ms'] / c['edited_ms']:.2f}x)", file=file)
    original = out["runs"]["original"]
    print(f"edited-code runner on the original model.py: {original['ms_per_step']:.0f} ms/step "
          f"(median), {original['total_s']:.1f} s in all", file=file)
    for name, run in out["runs"].items():
        print(f"{name:>13}: final loss {run['final']:.4f}, mean of the last "
              f"{min(50, out['steps'])} {run['tail_mean']:.4f} "
              f"({run['tail_mean'] - original['tail_mean']:+.4f}), "
              f"{run['ms_per_step']:.0f} ms/step", file=file)


def main(argv=None, host=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--presets", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compare", type=int, default=0, metavar="N",
                        help="also N steps of the scalar engine and the runner, in turns")
    args = parser.parse_args(argv)
    out = measure(args.steps, args.presets, host, args.compare)
    if args.json:
        print(json.dumps(out))
    else:
        report(out)


if __name__ == "__main__":
    main()
