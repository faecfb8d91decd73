"""Checkpoint rules: what a model file must hold, all checked before anything is built.

Every refusal is a CheckpointError (a ValueError) naming the field and the problem; `key` and
`params` let the page say it in the reader's language. Numbers are checked without ever
converting an out-of-range one, so a seed of 10**400 is a refusal, not an OverflowError.
"""
import math
import random

from .config import GPTConfig
from .chars import MAX_VOCAB, doc_char
from .optim import AdamConfig
from .params import check_params
from .refusal import Refusal

MAX_COUNT = 2**53  # steps, step, num_docs: whole numbers a float (and JavaScript) holds exactly
MAX_WEIGHT = 1e6  # |weight| a forward pass squares without overflow; trained ones stay below 100
SHA256_HEX = frozenset("0123456789abcdef")


class CheckpointError(Refusal):
    """A refused model file; key "model_file" unless the page has a sentence of its own."""


def refuse(message, key="model_file", **params):
    return CheckpointError(key, f"checkpoint {message}", **params)


def shown(value):
    """A short repr of a value for a message: a doctored field can be megabytes long."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**20 else "a huge number"
    return text if len(text) <= 40 else text[:40] + "…"


def brief(error):
    """An error's message, cut short: some quote the doctored value or every key they got."""
    text = str(error)
    return text if len(text) <= 200 else text[:200] + "…"


def present(data, name):
    if name not in data:
        raise refuse(f"is missing '{name}'", "field_missing", field=name)
    return data[name]


def whole(data, name, lo, hi=MAX_COUNT):
    """An int field (a bool is not one) from lo to hi, compared exactly."""
    value = present(data, name)
    if type(value) is not int:
        raise refuse(f"field '{name}' must be a whole number, got {shown(value)}",
                     "field_type", field=name)
    if not lo <= value <= hi:
        raise refuse(f"field '{name}' must be from {lo:,} to {hi:,}, got {shown(value)}",
                     "field_range", field=name, min=lo, max=hi)
    return value


def text(data, name):
    value = present(data, name)
    if not isinstance(value, str):
        raise refuse(f"field '{name}' must be text, got {shown(value)}", "field_type",
                     field=name)
    return value


def finite(x):
    """x as a finite float, or None: a bool, a string, inf or an int past float range."""
    if type(x) is float:
        return x if math.isfinite(x) else None
    if type(x) is int:
        try:
            return float(x)
        except OverflowError:
            return None
    return None


def settings(data):
    """(GPTConfig, AdamConfig) from 'config' and 'optimizer', every number of the right kind."""
    parts = []
    adam_floats = ("learning_rate", "beta1", "beta2", "eps")
    for name, cls, floats in (("config", GPTConfig, ("init_std",)),
                              ("optimizer", AdamConfig, adam_floats)):
        fields = present(data, name)
        if not isinstance(fields, dict):
            raise refuse(f"field '{name}' must be an object", "field_type", field=name)
        for key in floats:
            if key in fields and finite(fields[key]) is None:
                raise refuse(f"setting {key} must be a finite number, got {shown(fields[key])}")
        try:
            parts.append(cls(**fields))
        except (TypeError, ValueError, OverflowError) as e:
            raise refuse(f"settings are malformed: {brief(e)}") from None
    return parts


def vocabulary(data):
    """The sorted, distinct characters, at most MAX_VOCAB, each one a dataset can hold."""
    vocab = present(data, "vocab")
    if not isinstance(vocab, list) or not all(isinstance(c, str) for c in vocab[:MAX_VOCAB + 1]):
        raise refuse("vocabulary must be a list of characters", "field_type", field="vocab")
    if len(vocab) > MAX_VOCAB:  # counted before anything is built from it
        raise refuse(f"vocabulary has {len(vocab):,} characters; the limit is {MAX_VOCAB}",
                     "vocab", size=len(vocab), max_vocab=MAX_VOCAB)
    if not vocab:
        raise refuse("vocabulary is empty", "vocab_char", char="")
    for c in vocab:
        if not doc_char(c):
            raise refuse(f"vocabulary holds {shown(c)}, which is not a character a dataset "
                         "can hold (a control code, a line break or more than one character)",
                         "vocab_char", char=shown(c))
    if len(set(vocab)) != len(vocab) or vocab != sorted(vocab):
        raise refuse("vocabulary must list distinct characters in sorted order")
    return vocab


def matrices(data, name, config, vocab_size, nonnegative=False):
    """{name: rows of floats} of the right shapes, every number finite, at most MAX_WEIGHT
    for the weights and, for Adam's v (a mean of squares), never negative."""
    mats = present(data, name)
    try:
        check_params(mats, config, vocab_size)
    except ValueError as e:
        raise refuse(f"'{name}': {brief(e)}") from None
    out = {}
    for key, mat in mats.items():
        rows = []
        for row in mat:
            if not all(type(x) is float for x in row):
                row = [finite(x) for x in row]
                if None in row:
                    raise refuse(f"'{name}' matrix {key} holds a number past float range")
            if nonnegative and min(row) < 0:
                raise refuse(f"'{name}' matrix {key} holds a negative number: Adam's v is a "
                             "mean of squares, never negative", "adam_v")
            if name == "params" and max(map(abs, row)) > MAX_WEIGHT:
                raise refuse(f"weight matrix {key} holds a number beyond ±{MAX_WEIGHT:g}",
                             "weight", max=MAX_WEIGHT)
            rows.append(row)
        out[key] = rows
    return out


def rng_state(data):
    """The random generator, exactly as saved: [version, 625 ints, None or a float]."""
    state = present(data, "rng_state")
    rng = random.Random()
    try:
        version, internal, gauss_next = state
        if gauss_next is not None and finite(gauss_next) is None:
            raise ValueError
        if not isinstance(internal, list) or len(internal) != 625 or \
                any(type(x) is not int for x in internal):
            raise ValueError
        rng.setstate((version, tuple(internal), gauss_next))
    except (TypeError, ValueError, OverflowError):
        raise refuse("random-generator state is malformed") from None
    return rng


def counters(data):
    """(seed, steps, step, num_docs): whole numbers in range, step within steps."""
    seed = present(data, "seed")
    if type(seed) is not int:
        raise refuse(f"field 'seed' must be a whole number, got {shown(seed)}", "field_type",
                     field="seed")
    steps = whole(data, "steps", 1)
    step = whole(data, "step", 0, steps)
    return seed, steps, step, whole(data, "num_docs", 1)


def fingerprint(data):
    value = text(data, "docs_sha256")
    if len(value) != 64 or not set(value) <= SHA256_HEX:
        raise refuse("field 'docs_sha256' must be 64 hexadecimal digits", "field_type",
                     field="docs_sha256")
    return value


def same_dataset(docs, digest, vocab, num_docs, docs_fingerprint):
    """The dataset it trains on must be the one it was trained on: the hash, the number of
    documents and the vocabulary (a doctored vocabulary can keep the hash)."""
    if docs_fingerprint(docs) != digest:
        raise refuse("was trained on a different dataset; load it without a dataset to "
                     "sample from it")
    if len(docs) != num_docs:
        raise refuse(f"says {num_docs:,} documents, but its dataset has {len(docs):,}")
    chars = sorted(set("".join(docs)))
    if chars != vocab:
        missing = sorted(set(chars) - set(vocab)) or sorted(set(vocab) - set(chars))
        raise refuse(f"vocabulary differs from its dataset's (character {missing[0]!r})",
                     "vocab_dataset", char=missing[0])
