"""Checkpoints: the whole trainer as versioned JSON, so a run resumes exactly."""
import json
import random
import re

from .config import GPTConfig
from .data import docs_fingerprint
from .engines import make_engine
from .optim import AdamConfig
from .params import check_params
from .tokenizer import Tokenizer

FORMAT = "microgpt-checkpoint"
VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # far above any model the page or CLI builds
MAX_DEPTH = 32  # a checkpoint nests 4 deep (file, params, matrix, row)
JSON_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')  # whole strings, or a bracket


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
            raise ValueError(f"cannot read checkpoint {file}: {e.strerror}") from None
    else:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"checkpoint is larger than {MAX_BYTES // 2**20} MiB")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("checkpoint is not a text (JSON) file") from None
    return raw


def reject_constant(name):
    raise ValueError(f"checkpoint holds {name}, which is not a number a model can use")


def check_depth(text):
    """Refuse deep nesting before json.loads recurses into it: in Pyodide that overflows the
    JavaScript stack and kills the interpreter, where CPython would raise RecursionError."""
    depth = 0
    for token in JSON_NESTING.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError("checkpoint is not a microgpt checkpoint (nested too deeply)")
        elif bracket in "]}":
            depth -= 1


def parse(text):
    check_depth(text)
    try:
        data = json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as e:
        raise ValueError(f"checkpoint is not valid JSON (line {e.lineno}, column {e.colno})") \
            from None
    except RecursionError:
        raise ValueError("checkpoint is not a microgpt checkpoint (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("this file is not a microgpt checkpoint")
    if data.get("version") != VERSION:
        raise ValueError(f"checkpoint version {data.get('version')!r} is not supported "
                         f"(this microgpt reads version {VERSION})")
    return data


def field(data, name, kind):
    if name not in data:
        raise ValueError(f"checkpoint is missing '{name}'")
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"checkpoint field '{name}' has the wrong type")
    return value


def build_parts(data):
    config_fields = field(data, "config", dict)
    try:
        config = GPTConfig(**config_fields)
        adam = AdamConfig(**field(data, "optimizer", dict))
    except TypeError as e:
        raise ValueError(f"checkpoint settings are malformed: {e}") from None
    vocab = field(data, "vocab", list)
    if not all(isinstance(c, str) for c in vocab):
        raise ValueError("checkpoint vocabulary must be a list of characters")
    tokenizer = Tokenizer(vocab)
    V = tokenizer.vocab_size
    for name in ("params", "adam_m", "adam_v"):
        check_params(field(data, name, dict), config, V)
    steps, step = field(data, "steps", int), field(data, "step", int)
    if steps < 1 or not 0 <= step <= steps:
        raise ValueError(f"checkpoint step {step} of {steps} is out of range")
    rng = random.Random()
    try:
        version, state, gauss_next = field(data, "rng_state", list)
        rng.setstate((version, tuple(state), gauss_next))
    except (TypeError, ValueError, OverflowError):
        raise ValueError("checkpoint random-generator state is malformed") from None
    return config, adam, tokenizer, rng


def load(cls, file, docs=None, engine=None):
    data = parse(read_text(file))
    config, adam, tokenizer, rng = build_parts(data)
    seed = field(data, "seed", int)
    fingerprint = field(data, "docs_sha256", str)
    engine = field(data, "engine", str) if engine is None else engine
    trainer = cls.__new__(cls)
    trainer.config, trainer.adam, trainer.seed = config, adam, seed
    trainer.steps, trainer.step_count = data["steps"], data["step"]
    trainer.tokenizer, trainer.rng = tokenizer, rng
    trainer.fingerprint, trainer.num_docs = fingerprint, field(data, "num_docs", int)
    trainer.docs = None
    if docs is not None:
        docs = list(docs)
        if docs_fingerprint(docs) != fingerprint:
            raise ValueError("this checkpoint was trained on a different dataset; "
                             "load it without a dataset to sample from it")
        trainer.docs = list(docs)
        random.Random(seed).shuffle(trainer.docs)
    trainer.engine = make_engine(engine, config, tokenizer.vocab_size, data["params"],
                                 data["adam_m"], data["adam_v"])
    return trainer

