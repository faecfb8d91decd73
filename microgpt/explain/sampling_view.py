"""Section 11: the next-token distribution at a temperature, and a name drawn step by step."""
import math
import random

from ..sampling import check_sampling, sample_name, softmax_at_temperature
from .listing import listing
from .trace import name_problem, token_labels

SAMPLE_MARKERS = [("start", "token_id = tokenizer.BOS"), ("logits", "engine.logits("),
                  ("forced", "token_id = forced[pos_id]"), ("probs", "softmax_at_temperature("),
                  ("draw", "rng.choices("), ("stop", "break"), ("append", "out.append(")]


def entropy(probs):
    """In nats, like the loss: ln(vocab_size) when every token is equally likely."""
    return -sum(p * math.log(p) for p in probs if p > 0)


def distribution(labels, logits, temperature):
    probs = softmax_at_temperature(logits, temperature)
    top = max(range(len(probs)), key=lambda i: probs[i])
    return {"logits": logits, "probs": probs, "entropy": entropy(probs),
            "top": {"label": labels[top], "token_id": top, "prob": probs[top]}}


def next_token_view(trainer, prefix="", temperature=1.0):
    """Probabilities of the token after BOS + prefix at this temperature.

    {"context": labels read, "vocab": labels, "logits", "probs", "entropy", "max_entropy",
    "top": {"label", "token_id", "prob"}, "temperature"}
    """
    check_sampling(1, temperature)
    problem = name_problem(trainer, prefix, allow_empty=True)
    if problem:
        return {"problem": problem}
    ids = trainer.tokenizer.encode(prefix)[:-1]
    cache = trainer.engine.new_cache()
    for pos_id, token_id in enumerate(ids):
        logits = trainer.engine.logits(token_id, pos_id, cache)
    labels = token_labels(trainer, range(trainer.tokenizer.vocab_size))
    return {"context": token_labels(trainer, ids), "vocab": labels, "temperature": temperature,
            "max_entropy": math.log(len(labels)), **distribution(labels, logits, temperature)}


def generate_steps(trainer, prefix="", temperature=0.5, seed=0, known=None):
    """One name drawn by sampling.sample_name with random.Random(seed), seen step by step.

    {"steps": [{"pos_id", "input", "forced", "probs", "entropy", "top", "token_id", "label"}],
    "name", "new": not in `known` (None when known is None), "vocab", "block_size", "listing"}.
    Forced steps feed the prefix; the others draw from probs. The trainer is not changed.
    """
    check_sampling(1, temperature)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    tok, block_size = trainer.tokenizer, trainer.config.block_size
    problem = name_problem(trainer, prefix, allow_empty=True)
    if problem:
        return {"problem": problem}
    labels = token_labels(trainer, range(tok.vocab_size))
    steps = []

    def record(pos_id, logits, token_id):
        previous = steps[-1]["token_id"] if steps else tok.BOS
        step = {"pos_id": pos_id, "input": labels[previous], "forced": pos_id < len(prefix),
                **distribution(labels, logits, temperature)}
        del step["logits"]
        step.update(token_id=token_id, label=labels[token_id])
        steps.append(step)

    name = sample_name(trainer.engine, tok, block_size, random.Random(seed), temperature, prefix,
                       on_step=record)
    return {"steps": steps, "name": name, "new": None if known is None else name not in known,
            "vocab": labels, "temperature": temperature, "block_size": block_size,
            "listing": listing(sample_name, SAMPLE_MARKERS)}
