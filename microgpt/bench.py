"""Benchmark of the engines on the default config, in whatever Python runs it (CPython or Pyodide).

    python -m microgpt bench [--steps N]        both engines, interleaved
    node bench/pyodide.mjs [--steps N] [--full] [--memory N]   the same inside Pyodide

A benchmark, not a test: it prints figures and checks nothing. Figures: docs/BENCHMARKS.md.
"""
import gc
import io
import platform
import statistics
import sys
import time
from array import array
from importlib import resources

from .data import read_docs
from .engines import fast_kernels
from .trainer import Trainer

BUNDLED_DATA = resources.files("microgpt") / "names.txt"  # package data: works from any folder
BLOCK = 5  # steps each engine takes per turn when they are interleaved


def runtime(host=None):
    """'CPython 3.11.7 on Linux-...' or, with host='Pyodide 314.0.7' given by the JavaScript
    side (this module imports the standard library only), 'Pyodide 314.0.7 (Python 3.14.2) on
    emscripten'."""
    if host:
        return f"{host} (Python {platform.python_version()}) on {sys.platform}"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{python} on {platform.platform()} ({platform.machine()})"


def compare_engines(docs, steps, warmup, block=BLOCK):
    """Median ms/step of the scalar engine, the fast one, and the fast one without generated code.

    The fast engine first trains `warmup` steps alone (its cost per step falls as ReLU units
    switch off, and its generated code compiles on first use); then three copies of that model
    take turns, `block` steps each, until each has done `steps`: all train on the same docs in
    the same order, and a slow moment of the machine hits all three alike. (Turns of single
    steps would time each fast step just after a scalar one has flushed the CPU caches, about
    20% slower than in a real run.)
    """
    warm = Trainer(docs, engine="fast")
    for _ in range(warmup):
        warm.step()
    saved = io.StringIO()
    warm.save(saved)
    trainers = [Trainer.load(io.StringIO(saved.getvalue()), docs, engine)
                for engine in ("scalar", "fast", "fast")]
    times = [[], [], []]
    unroll = fast_kernels.UNROLL
    try:
        for done in range(0, steps, block):
            for trainer, generated, out in zip(trainers, (True, True, False), times):
                fast_kernels.UNROLL = generated
                for _ in range(min(block, steps - done)):
                    start = time.perf_counter()
                    trainer.step()
                    out.append((time.perf_counter() - start) * 1000)
    finally:
        fast_kernels.UNROLL = unroll
    return [statistics.median(t) for t in times]


def full_run(docs, steps=1000):
    """Seconds for the default run with the fast engine: set-up, 1000 steps, 20 samples."""
    start = time.perf_counter()
    trainer = Trainer(docs, steps=steps, engine="fast")
    setup = time.perf_counter()
    while not trainer.done:
        trainer.step()
    trained = time.perf_counter()
    names = trainer.sample(20, 0.5)
    end = time.perf_counter()
    return {"setup_s": setup - start, "train_s": trained - setup, "sample_s": end - trained,
            "total_s": end - start, "samples": names}


def memory_run(docs, steps, every=1000, probe=sys.getallocatedblocks):
    """Memory every `every` steps of a fast run: (Python objects the garbage collector tracks,
    probe()) each time; flat = no leak. Kept in arrays of C integers, so that recording them
    allocates nothing. The default probe counts the blocks held by CPython's allocator; Pyodide
    has no such allocator (the count is 0), so there bench/pyodide.mjs passes one that reads the
    KiB of WebAssembly memory, which grows when needed and never shrinks."""
    trainer = Trainer(docs, steps=steps, engine="fast")
    objects, memory = array("q", [0]) * (steps // every), array("q", [0]) * (steps // every)
    while not trainer.done:
        trainer.step()
        if trainer.step_count % every == 0:
            gc.collect()
            i = trainer.step_count // every - 1
            objects[i] = len(gc.get_objects())
            memory[i] = probe()
    return list(objects), list(memory)


def run(steps=20, out=None, full=False, memory_steps=0, warmup=200, docs=None, host=None,
        memory_probe=None):
    """Print the figures to out (default stdout); returns them as a dict.

    full: first time a whole default run, as a fresh page would (generated code included);
    memory_steps: also train that many fast steps, reading the memory every 1000;
    host, memory_probe: the runtime's name and a memory reading, when JavaScript hosts us.
    """
    out = out or sys.stdout
    docs = read_docs(BUNDLED_DATA) if docs is None else docs

    def say(text):
        print(text, file=out, flush=True)

    result = {"runtime": runtime(host), "steps": steps, "warmup": warmup}
    say(f"runtime: {result['runtime']}")
    if full:
        run_ = result["full_run"] = full_run(docs)
        say(f"full default run, fast engine: {run_['total_s']:.2f} s = set-up "
            f"{run_['setup_s']:.2f} + 1000 steps {run_['train_s']:.2f} + 20 samples "
            f"{run_['sample_s']:.2f}; samples: {', '.join(run_['samples'][:5])}, ...")
    say(f"default config, {len(docs)} docs; steps {warmup + 1}-{warmup + steps} of one run "
        f"for each engine, interleaved {BLOCK} steps at a time; median ms/step")
    scalar, fast, plain = compare_engines(docs, steps, warmup)
    result.update(scalar_ms=scalar, fast_ms=fast, fast_plain_ms=plain, ratio=scalar / fast)
    say(f"scalar engine: {scalar:8.2f} ms/step")
    say(f"fast engine:   {fast:8.2f} ms/step   ({scalar / fast:.1f}x the scalar engine)")
    say(f"fast engine without generated code: {plain:.2f} ms/step "
        f"(the generated code makes it {plain / fast:.2f}x faster)")
    if memory_steps:
        probe = memory_probe or sys.getallocatedblocks
        objects, memory = memory_run(docs, memory_steps, probe=probe)
        result["memory"] = {"objects": objects, "in_use": memory}
        unit = "KiB of wasm memory" if memory_probe else "allocator blocks"
        say(f"memory over {memory_steps} fast steps, every 1000: tracked objects "
            f"{' '.join(map(str, objects))}; {unit} {' '.join(map(str, memory))}")
    return result
