"""The code lab's commands: the reader edits model.py and retrains it on the Value engine.

The run lives in session.code_run, apart from the lab's model: no command here touches the
lab's Trainer, its kept copy or microgpt.model. A problem in the reader's code is an answer,
{"state": "error", "error": {...}} (see microgpt.edited), never an internal error.
"""
import inspect
import random
import time

from .. import cost, model
from ..config import GPTConfig
from ..edited import EditedRun, ModelError
from ..params import count_params
from ..trainer import Trainer
from ..explain.experiments import experiments
from .settings import check

MAX_STEPS = 1000  # an edited run's steps: about 0.2 s each on the Value engine in the tab
MAX_CHUNK_MS = 60_000
MAX_SAMPLES = 20
REFUSE_SECONDS = 1.0  # as the lab (speed.py): a slower step is refused
# an edited run's step (edited.EditedEngine) over the scalar engine's, which cost.py estimates:
# 2.06x quicker in CPython, 1.62x in Pyodide (the tab), in turns (docs/BENCHMARKS.md, "Code lab")
RUNNER_SHARE = 0.62
FUNCTIONS = ["linear", "softmax", "rmsnorm", "gpt"]
RUN_KEYS = ("seed", "n_layer", "n_embd", "n_head", "block_size", "learning_rate")


class CodeRun:
    """An edited model's run: its EditedRun, state ("running", "stopped", "done", "error"),
    the settings and dataset it was made from, and the wall time spent stepping."""

    def __init__(self, run, settings, docs, steps):
        self.run, self.settings, self.docs, self.steps = run, settings, docs, steps
        self.state = "running"
        self.error = None
        self.seconds = 0.0

    @property
    def step(self):
        return self.run.trainer.step_count


def whole(cmd, name, value, lo, hi):
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{cmd}: {name} must be a whole number from {lo} to {hi:,}, "
                         f"got {value!r}")
    return value


def run_settings(session):
    return {key: session.settings[key] for key in RUN_KEYS}


def config_of(settings):
    return GPTConfig(n_layer=settings["n_layer"], n_embd=settings["n_embd"],
                     n_head=settings["n_head"], block_size=settings["block_size"])


def code_source(session):
    """model.py as the installed package has it, read with inspect (never a copy)."""
    return {"file": "model.py", "source": inspect.getsource(model), "functions": FUNCTIONS}


def code_experiments(session):
    """[{"id", "source", "diff", "changed"}]: each experiment's edit of model.py."""
    return experiments()


def step_estimate(settings, docs, vocab_size):
    """(seconds of an average step, of the longest) of an edited run in the tab: the scalar
    engine's estimate (cost.py) times RUNNER_SHARE."""
    config = config_of(settings)
    params = count_params(config, vocab_size)
    average = sum(map(len, docs)) / len(docs)
    typical = cost.step_seconds("scalar", params, min(config.block_size, average + 1))
    longest = cost.step_seconds("scalar", params, cost.positions(config.block_size,
                                                                 max(map(len, docs))))
    return typical * RUNNER_SHARE, longest * RUNNER_SHARE


def code_start(session, source, steps=300):
    """Compile the edited model.py and check its first call; a run from the lab's settings and
    dataset, at step 0. {"state": "running", "step", "steps", "estimate_s"} or
    {"state": "error", "error"} (then nothing is kept)."""
    whole("code_start", "steps", steps, 1, MAX_STEPS)
    if not isinstance(source, str):
        raise ValueError("code_start: source must be text")
    trainer = session.require_model()
    if trainer.docs is None or session.docs is None:
        raise ValueError("code_start: load a dataset first")
    settings = run_settings(session)
    typical, longest = step_estimate(settings, session.docs, trainer.tokenizer.vocab_size)
    if longest > REFUSE_SECONDS:
        shown = float(f"{longest:.2g}")
        return {"state": "error", "error": {
            "kind": "cost", "seconds": shown, "limit": REFUSE_SECONDS,
            "message": f"a training step of the edited model at these sizes takes up to about "
                       f"{shown:g} s in the browser on the Value engine, more than the "
                       f"{REFUSE_SECONDS:g} s allowed: choose smaller sizes in the lab"}}
    session.code_run = None
    try:
        run = EditedRun(source, session.docs, config_of(settings), seed=settings["seed"],
                        steps=steps, learning_rate=settings["learning_rate"])
    except ModelError as e:
        return {"state": "error", "error": e.error}
    session.code_run = CodeRun(run, settings, session.docs, steps)
    return {"state": "running", "step": 0, "steps": steps, "estimate_s": typical}


def require_run(session, cmd):
    code_run = getattr(session, "code_run", None)
    if code_run is None:
        raise ValueError(f"{cmd}: no edited model is training; start one with code_start")
    return code_run


def code_train(session, max_ms=200):
    """Step the edited run until max_ms of wall time is spent or it ends.
    {"state", "step", "steps", "losses" (this call's), "ms_per_step", "error" (on error)}.
    Stopped (KeyboardInterrupt), the step under way is undone, the run is marked "stopped"
    (code_train carries on from there) and the interrupt goes on to handle_json."""
    if isinstance(max_ms, bool) or not isinstance(max_ms, (int, float)) \
            or not 0 <= max_ms <= MAX_CHUNK_MS:
        raise ValueError(f"code_train: max_ms must be a number from 0 to {MAX_CHUNK_MS:,}")
    code_run = require_run(session, "code_train")
    losses = []
    if code_run.state in ("running", "stopped"):
        code_run.state = "running"
        start = time.perf_counter()
        deadline = start + max_ms / 1000
        try:
            while not code_run.run.done:
                losses.append(code_run.run.step()["loss"])
                if time.perf_counter() >= deadline:
                    break
        except ModelError as e:
            code_run.state, code_run.error = "error", e.error
        except BaseException:
            code_run.state = "stopped"
            raise
        finally:
            code_run.seconds += time.perf_counter() - start
        if code_run.state == "running" and code_run.run.done:
            code_run.state = "done"
    reply = {"state": code_run.state, "step": code_run.step, "steps": code_run.steps,
             "losses": losses,
             "ms_per_step": 1000 * code_run.seconds / code_run.step if code_run.step else None}
    if code_run.error:
        reply["error"] = code_run.error
    return reply


def original_run(session, settings, docs, steps):
    """The original model.py's run with these settings, on the fast engine (the same numbers
    as the Value engine), kept in the session by (dataset, settings, steps)."""
    key = (tuple(sorted(settings.items())), steps)
    cached = getattr(session, "code_original", None)
    if cached is not None and cached[0] is docs and cached[1] == key:
        return cached[2]
    trainer = Trainer(docs, config_of(settings), seed=settings["seed"], steps=steps,
                      learning_rate=settings["learning_rate"], engine="fast")
    losses = [trainer.step()["loss"] for _ in range(steps)]
    session.code_original = (docs, key, (trainer, losses))
    return trainer, losses


def sample_rng(trainer):
    """A copy of the trainer's own generator: after training it is where the reference draws
    its names from, and both runs have it in the same state (training draws nothing)."""
    rng = random.Random()
    rng.setstate(trainer.rng.getstate())
    return rng


def marked(session, names):
    return [{"name": name, "new": name not in session.doc_set} for name in names]


def code_original(session, steps=300):
    """{"losses", "samples"} of the original model.py with the lab's settings and dataset."""
    whole("code_original", "steps", steps, 1, MAX_STEPS)
    trainer = session.require_model()
    if trainer.docs is None or session.docs is None:
        raise ValueError("code_original: load a dataset first")
    original, losses = original_run(session, run_settings(session), session.docs, steps)
    names = original.sample(10, session.settings["temperature"], rng=sample_rng(original))
    return {"losses": losses, "samples": marked(session, names)}


def code_samples(session, n=10):
    """{"edited": [{"name", "new"}], "original": [...]}: n names from each model once the run
    is done, from the same generator state and at the lab's temperature."""
    whole("code_samples", "n", n, 1, MAX_SAMPLES)
    code_run = require_run(session, "code_samples")
    if code_run.state != "done":
        raise ValueError("code_samples: the edited model has not finished training")
    temperature = check("temperature", session.settings["temperature"])
    original, _ = original_run(session, code_run.settings, code_run.docs, code_run.steps)
    reply = {"original": marked(session, original.sample(n, temperature,
                                                          rng=sample_rng(original)))}
    try:
        edited = code_run.run.sample(n, temperature, rng=sample_rng(code_run.run.trainer))
    except ModelError as e:
        return {**reply, "edited": None, "error": e.error}
    return {**reply, "edited": marked(session, edited)}


def code_stop(session):
    """Discard the edited run."""
    session.code_run = None
    return {"state": "idle"}


COMMANDS = {"code_source": code_source, "code_experiments": code_experiments,
            "code_start": code_start, "code_train": code_train,
            "code_original": code_original, "code_samples": code_samples,
            "code_stop": code_stop}
