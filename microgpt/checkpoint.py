"""Checkpoints: the whole trainer as versioned JSON, so a run resumes exactly."""
import json
import random
import re
from itertools import accumulate

from . import checkpoint_rules as rules
from .checkpoint_rules import CheckpointError, refuse
from .data import docs_fingerprint
from .engines import ENGINES, make_engine
from .tokenizer import Tokenizer

FORMAT = "microgpt-checkpoint"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # far above any model the page or CLI builds
MAX_DEPTH = 32  # a checkpoint nests 4 deep (file, params, matrix, row)
# a JSON string, running to the end of the text when unterminated: every match succeeds where
# it starts, so scanning is linear (a pattern that can fail retries from each quote: quadratic);
# it or a run of anything but quotes and brackets is skipped, leaving the brackets outside strings
NOT_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[^"\[\]{}]+', re.S)
DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
CHUNK = 2**14  # brackets summed at a time, so a flood of them stops at the first chunk


def to_dict(trainer):
    m, v = trainer.engine.moments()
    version, state, gauss_next = trainer.rng.getstate()
    return {
        "format": FORMAT,
        "version": VERSION,
        "config": trainer.config.to_dict(),
        "vocab": trainer.tokenizer.chars,
        "seed": trainer.seed,
        "step": trainer.step_count,
        "steps": trainer.steps,
        "optimizer": trainer.adam.to_dict(),
        "engine": trainer.engine_name,
        "docs_sha256": trainer.fingerprint,
        "num_docs": trainer.num_docs,
        "rng_state": [version, list(state), gauss_next],
        "params": trainer.state_dict(),
        "adam_m": m,
        "adam_v": v,
    }


def save(trainer, file):
    try:
        text = json.dumps(to_dict(trainer), allow_nan=False)
    except ValueError:
        raise ValueError("the model holds NaN or infinite numbers (training diverged); "
                         "lower the learning rate and retrain") from None
    if isinstance(file, (str, bytes)) or hasattr(file, "__fspath__"):
        with open(file, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        file.write(text)


def read_text(file):
    if isinstance(file, (str, bytes)) or hasattr(file, "__fspath__"):
        try:
            with open(file, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except OSError as e:
            raise refuse(f"{file} cannot be read: {e.strerror}") from None
    else:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise refuse(f"is larger than {MAX_BYTES // 2**20} MiB", "too_big", size=len(raw),
                     max_bytes=MAX_BYTES)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse("is not a text (JSON) file") from None
    return raw


def reject_constant(name):
    raise refuse(f"holds {name}, which is not a number a model can use")


def max_depth(text, stop=None):
    """How deep JSON text nests, brackets in strings not counted; with stop, any depth over
    it as soon as one is seen. Linear time: strings out, then the running depth summed in C."""
    brackets = NOT_NESTING.sub("", text)
    depth = best = 0
    for start in range(0, len(brackets), CHUNK):
        chunk = brackets[start:start + CHUNK]
        best = max(best, *accumulate(map(DEPTH_STEP.__getitem__, chunk), initial=depth))
        depth += 2 * (chunk.count("[") + chunk.count("{")) - len(chunk)
        if stop is not None and best > stop:
            break
    return best


def check_depth(text):
    """Refuse deep nesting before json.loads recurses into it: in Pyodide that overflows the
    JavaScript stack and kills the interpreter, where CPython would raise RecursionError."""
    if max_depth(text, stop=MAX_DEPTH) > MAX_DEPTH:
        raise refuse("is not a microgpt checkpoint (nested too deeply)")


def parse(text):
    """Checkpoint text -> its JSON object, with its format and version checked."""
    check_depth(text)
    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as e:
        raise refuse(f"is not valid JSON (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise refuse("is not a microgpt checkpoint (nested too deeply)") from None
    except CheckpointError:  # NaN or Infinity (reject_constant)
        raise
    except ValueError as e:  # a number of over 4,300 digits, refused by int() itself
        raise refuse(f"holds a number that cannot be read ({str(e)[:60]}…)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError("model_file", "this file is not a microgpt checkpoint")
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 in Python, but not here
        raise refuse(f"version {rules.shown(version)} is not supported (this microgpt reads "
                     f"version {VERSION})")
    return data


def check(data, docs=None, engine=None):
    """Every field of a parsed checkpoint checked, nothing built yet: a dict of the parts,
    or a CheckpointError naming the first problem. docs, when given, must be its dataset."""
    config, adam = rules.settings(data)
    vocab = rules.vocabulary(data)
    seed, steps, step, num_docs = rules.counters(data)
    digest = rules.fingerprint(data)
    engine = rules.text(data, "engine") if engine is None else engine
    if engine not in ENGINES:
        raise refuse(f"names the engine {rules.shown(engine)}; this microgpt has "
                     f"{', '.join(sorted(ENGINES))}", "engine", engine=rules.shown(engine))
    V = len(vocab) + 1
    parts = {name: rules.matrices(data, name, config, V, nonnegative=name == "adam_v")
             for name in ("params", "adam_m", "adam_v")}
    rng = rules.rng_state(data)
    if docs is not None:
        docs = list(docs)
        rules.same_dataset(docs, digest, vocab, num_docs, docs_fingerprint)
    return dict(parts, config=config, adam=adam, vocab=vocab, seed=seed, steps=steps,
                step=step, num_docs=num_docs, fingerprint=digest, engine=engine, rng=rng,
                docs=docs)


def build(cls, parts):
    """A trainer from checked parts (see check): exactly where the saved one was."""
    trainer = cls.__new__(cls)
    trainer.config, trainer.adam, trainer.seed = parts["config"], parts["adam"], parts["seed"]
    trainer.steps, trainer.step_count = parts["steps"], parts["step"]
    trainer.tokenizer, trainer.rng = Tokenizer(parts["vocab"]), parts["rng"]
    trainer.fingerprint, trainer.num_docs = parts["fingerprint"], parts["num_docs"]
    trainer.docs = None
    if parts["docs"] is not None:
        trainer.docs = list(parts["docs"])
        random.Random(parts["seed"]).shuffle(trainer.docs)
    trainer.engine = make_engine(parts["engine"], trainer.config, trainer.tokenizer.vocab_size,
                                 parts["params"], parts["adam_m"], parts["adam_v"])
    return trainer


def load(cls, file, docs=None, engine=None):
    return build(cls, check(parse(read_text(file)), docs, engine))
