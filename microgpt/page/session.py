"""The page's one current state: the dataset, the settings and the Trainer they made.

A bad request raises ValueError and changes nothing: the current model is never lost.
The worker makes one Session and passes it to every command (commands.handle).
"""
import math
import random
import time
from collections import deque
from contextlib import contextmanager

from ..config import GPTConfig
from ..data import load_docs
from ..engines import ENGINES
from ..trainer import Trainer
from .settings import LIMITS, MODEL_KEYS, defaults, first_message, fit_prefix, parse
from .speed import refusals, sample_problem, warnings

PREVIEW_EVERY = 100  # steps between preview samples during training
PREVIEW_COUNT = 8  # names per preview
AVERAGE_OVER = 50  # steps in the loss's moving average


class Session:
    def __init__(self):
        self.dataset = None  # {"name": str, "count": int}
        self.doc_set = frozenset()  # to mark samples as new or already in the dataset
        self.docs = None
        self.settings = defaults()
        self.trainer = None
        self.model_id = 0  # bumped for each new model: a reset, new settings, a dataset, a file
        self.version = 0  # bumped whenever the parameters change; widgets redraw on it
        self.train_seconds = 0.0  # wall time spent stepping since the model was made
        self.log = deque(maxlen=AVERAGE_OVER)  # the latest steps' entries (see record)
        self.summary = (None, None)  # (docs, the dataset widget's summary of them), kept

    # 1. dataset and model

    def set_dataset(self, text, name):
        """Train on the documents of `text` from now on; the model restarts at step 0.
        Returns the prefix cleared because these characters cannot start it (see fit_prefix)."""
        docs = load_docs(text)
        if not docs:
            raise ValueError(f"the dataset {name!r} has no non-blank lines")
        trainer = self.make_trainer(self.settings, docs)
        self.settings, cleared = fit_prefix(self.settings, trainer.tokenizer)
        self.docs, self.doc_set = docs, frozenset(docs)
        self.dataset = {"name": name, "count": len(docs)}
        self.use(trainer)
        return cleared

    def make_trainer(self, settings, docs=None):
        config = GPTConfig(n_layer=settings["n_layer"], n_embd=settings["n_embd"],
                           n_head=settings["n_head"], block_size=settings["block_size"])
        return Trainer(docs if docs is not None else self.docs, config=config,
                       seed=settings["seed"], steps=settings["steps"],
                       learning_rate=settings["learning_rate"], engine=settings["engine"])

    def use(self, trainer):
        """Make `trainer` the current model (a new one, or one loaded from a file)."""
        self.trainer = trainer
        self.train_seconds = 0.0
        self.log.clear()
        self.model_id += 1
        self.version += 1

    def load(self, trainer, settings):
        """Make a trainer loaded from a model file current, with the settings it brings."""
        self.settings = settings
        self.use(trainer)

    def renumber(self, after):
        """Carry on a page's numbering after a restart: version and model_id after `after`."""
        self.version = max(self.version, after + 1)
        self.model_id = max(self.model_id, after + 1)

    def stepped(self, out):
        """A step taken outside train() (the walkthrough's, on a chosen doc): logged like
        train's, and the parameters' version bumped so the widgets showing them redraw."""
        self.record(out)
        self.version += 1

    def record(self, out):
        """A step the trainer took ({step, loss, learning_rate}, from Trainer.step() or
        apply_step) as the chart's entry, with the moving average of the loss."""
        entry = {"step": out["step"], "loss": out["loss"], "loss_avg": None,
                 "learning_rate": out["learning_rate"]}
        self.log.append(entry)
        entry["loss_avg"] = sum(e["loss"] for e in self.log) / len(self.log)
        return entry

    def steps_since(self, step):
        """The entries of the steps after `step` still in the log (the last AVERAGE_OVER)."""
        return [entry for entry in self.log if entry["step"] > step]

    @contextmanager
    def rollback(self):
        """A block that changes the model: stopped (KeyboardInterrupt) or failed midway, the
        model, its step and the log are put back as they were before it. Yields the trainer."""
        trainer = self.require_model()
        snap, log = trainer.snapshot(), list(self.log)
        try:
            yield trainer
        except BaseException:
            trainer.restore(snap)
            self.log.clear()
            self.log.extend(log)
            raise

    def longest_doc(self):
        """Characters in the longest document: what bounds a step's cost (None: no data)."""
        return max(map(len, self.docs)) if self.docs else None

    def require_model(self):
        if self.trainer is None:
            raise ValueError("no dataset loaded yet")
        return self.trainer

    # 2. settings

    def validate(self, raw):
        """{name: error} for the settings merged over the current ones; {} when all is well.
        A slow but allowed model comes back as {"engine": error(..., warning=True)}."""
        tokenizer = self.trainer.tokenizer if self.trainer else None
        settings, errors = parse({**self.settings, **raw}, tokenizer)
        if errors:
            return errors
        longest = self.longest_doc()
        return refusals(settings, tokenizer, longest) or warnings(settings, tokenizer, longest)

    def configure(self, raw, reset=False):
        """Apply settings. Model settings on a model that has trained need reset=True:
        without it nothing changes and the answer lists them under "needs_reset"."""
        trainer = self.require_model()
        settings, errors = parse({**self.settings, **raw}, trainer.tokenizer)
        changed = [k for k in MODEL_KEYS if settings.get(k) != self.settings[k]]
        if not errors and (changed or reset or settings["engine"] != trainer.engine_name):
            errors = refusals(settings, trainer.tokenizer, self.longest_doc())  # its steps
        if errors:
            raise ValueError(first_message(errors))
        if changed and trainer.step_count > 0 and not reset:
            return {"needs_reset": changed, "status": self.status()}
        if changed or reset:
            self.use(self.make_trainer(settings))
        elif settings["engine"] != trainer.engine_name:
            trainer.set_engine(settings["engine"])
        self.settings = settings
        return {"needs_reset": [], "status": self.status()}

    def reset(self):
        """A fresh model from the current settings, at step 0."""
        self.require_model()
        self.use(self.make_trainer(self.settings))
        return self.status()

    # 3. training and sampling

    def train(self, max_ms=50.0, max_steps=None):
        """Step until max_ms of wall time has passed, max_steps are done or training ends.

        Returns the steps taken, preview names when a multiple of PREVIEW_EVERY was crossed,
        and the final samples (from the trainer's own generator) when training just ended.
        Stopped (KeyboardInterrupt), the steps finished stay and the one under way is undone.
        """
        trainer = self.require_model()
        if trainer.done:
            raise ValueError(f"training is finished: all {trainer.steps} steps are done; "
                             "press Reset to train again")
        start = time.perf_counter()
        deadline = start + max_ms / 1000
        first_count = trainer.step_count
        steps = []
        try:
            while not trainer.done and (max_steps is None or len(steps) < max_steps):
                with self.rollback() as trainer:
                    entry = self.record(trainer.step())
                steps.append(entry)
                if time.perf_counter() >= deadline:
                    break
        finally:
            self.train_seconds += time.perf_counter() - start
            if trainer.step_count != first_count:
                self.version += 1
        first, last = steps[0]["step"], steps[-1]["step"]
        preview = final = problem = None
        try:  # a sample too slow to take is said, and the steps taken are still reported
            if not trainer.done and last // PREVIEW_EVERY > (first - 1) // PREVIEW_EVERY:
                preview = self.sample(n=PREVIEW_COUNT, rng=random.Random(f"preview-{last}"))
            if trainer.done:
                final = self.sample()
        except ValueError as e:
            problem = str(e)
        return {"steps": steps, "preview": preview, "samples": final, "sample_problem": problem,
                "status": self.status()}

    def sample(self, n=None, temperature=None, prefix=None, rng=None):
        """[{"name", "new"}]; settings fill what is not given. Before training ends a side
        generator is used, so the final samples still come from the trainer's own one."""
        trainer = self.require_model()
        raw = {"n_samples": self.settings["n_samples"] if n is None else n,
               "temperature": self.settings["temperature"] if temperature is None else temperature,
               "prefix": self.settings["prefix"] if prefix is None else prefix}
        settings, errors = parse({**self.settings, **raw}, trainer.tokenizer)
        if errors:
            raise ValueError(first_message(errors))
        problem = sample_problem(trainer, settings["n_samples"])
        if problem:
            raise ValueError(problem)
        if rng is None and not trainer.done:
            rng = random.Random(f"sample-{trainer.step_count}")
        drawn = trainer.rng.getstate()
        try:
            names = trainer.sample(settings["n_samples"], settings["temperature"],
                                   settings["prefix"], rng)
        except BaseException:  # stopped: the trainer's own generator as before, for a retry
            trainer.rng.setstate(drawn)
            raise
        return [{"name": name, "new": name not in self.doc_set} for name in names]

    # 4. what the page shows

    def status(self):
        trainer = self.require_model()
        done = trainer.step_count
        rate = done / self.train_seconds if self.train_seconds > 0 else None
        return {
            "step": done,
            "steps": trainer.steps,
            "done": trainer.done,
            "can_train": trainer.docs is not None,  # a model file loaded without its dataset
            "num_params": trainer.num_params,
            "vocab_size": trainer.tokenizer.vocab_size,
            "random_loss": math.log(trainer.tokenizer.vocab_size),
            "engine": trainer.engine_name,
            "engines": sorted(ENGINES),
            "limits": {k: {"min": lo, "max": hi} for k, (_, lo, hi) in LIMITS.items()},
            "settings": dict(self.settings),
            "dataset": dict(self.dataset) if self.dataset else None,
            "train_seconds": self.train_seconds,
            "steps_per_s": rate,
            "seconds_left": (trainer.steps - done) / rate if rate else None,
            "model_id": self.model_id,
            "version": self.version,
        }
