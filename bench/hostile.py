"""Hostile inputs in CPython: CPU time to refuse each crafted model file and dataset (the same
inputs tests/test_hostile_files.py checks), and the nesting scan before and after it was made
linear. Run from the repository: python bench/hostile.py [--runs 3]
"""
import argparse
import io
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from microgpt import GPTConfig, Trainer  # noqa: E402
from microgpt.checkpoint import check_depth  # noqa: E402
from test_hostile_files import (HOSTILE_DATASETS, HOSTILE_MODEL_FILES, fresh_page,  # noqa: E402
                                timed)

# the scan this project used before (whole strings or a bracket): quadratic on escaped quotes
OLD_SCAN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def old_depth(text):
    for _ in OLD_SCAN.finditer(text):
        pass


def cpu(fn, text):
    start = time.process_time()
    try:
        fn(text)
    except ValueError:
        pass
    return time.process_time() - start


def scans():
    print("nesting scan, a run of escaped quotes (CPU s):")
    print(f"{'characters':>12} {'before':>8} {'after':>8}")
    for n in (10_000, 20_000, 40_000, 1_000_000):
        text = '"' + '\\"' * (n // 2)
        before = f"{cpu(old_depth, text):8.3f}" if n <= 20_000 else "   hours"
        print(f"{n:>12,} {before} {cpu(check_depth, text):8.3f}")


def refusals(runs):
    print(f"\nrefusal through the page's command, CPU s, median of {runs} (fresh session each):")
    worst = 0.0
    cases = [("model file", name, "load_model", {"text": text})
             for name, (text, _, _) in sorted(HOSTILE_MODEL_FILES.items())]
    cases += [("dataset", name, "use_dataset", {"name": "h.txt", "text": text})
              for name, (text, _) in sorted(HOSTILE_DATASETS.items())]
    for kind, name, cmd, args in cases:
        times = []
        for _ in range(runs):
            with fresh_page() as page:
                out, seconds = timed(page, cmd, **args)
                assert "refused" in out, (name, out)
                times.append(seconds)
        size = len(next(iter(args.values())) if cmd == "load_model" else args["text"])
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  {kind:10} {name:42} {size:>10,} chars {median:7.3f}")
    print(f"\n{len(cases)} hostile inputs, all refused; the slowest took {worst:.3f} s of CPU")


def largest(runs):
    """The largest model the page allows (4 layers, n_embd 64, block_size 64, 256 characters),
    its very last number made bad: every other number is checked before the refusal."""
    docs = ["".join(map(chr, range(0x100 + i, 0x100 + i + 8))) for i in range(0, 256, 8)]
    trainer = Trainer(docs, GPTConfig(n_layer=4, n_embd=64, n_head=4, block_size=64), steps=10)
    data = json.loads(saved(trainer))
    data["adam_v"]["layer3.mlp_fc2"][-1][-1] = -1.0
    text = json.dumps(data)
    times, ok = [], []
    for _ in range(runs):
        with fresh_page() as page:
            out, seconds = timed(page, "load_model", text=text)
            assert out["refused"]["key"] == "adam_v", out
            times.append(seconds)
        with fresh_page() as page:
            ok.append(timed(page, "load_model", text=saved(trainer))[1])
    print(f"\nlargest page model ({len(text):,} chars), last number of adam_v negative: "
          f"refused in {statistics.median(times):.3f} s of CPU; the same file intact loads "
          f"in {statistics.median(ok):.3f} s")


def saved(trainer):
    out = io.StringIO()
    trainer.save(out)
    return out.getvalue()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    scans()
    refusals(args.runs)
    largest(args.runs)


if __name__ == "__main__":
    main()
