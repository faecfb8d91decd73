"""Engines: interchangeable ways to compute the same model.

Every engine is built from (config, vocab_size, params, m, v) with params a {name: rows of
floats} dict (see params.py) and m, v Adam's moments in the same layout, and offers:
  train_step(tokens, lr_t, t, hp) -> mean loss: forward, backward and one Adam update
  position_losses(tokens) -> each position's loss on one doc, the model unchanged
  new_cache() -> a cache for logits(); logits(token_id, pos_id, cache) -> list of floats
  state_dict() and moments() -> plain float copies, so engines can hand a model to each other.
"""
from .fast import FastEngine
from .scalar import ScalarEngine

ENGINES = {"scalar": ScalarEngine, "fast": FastEngine}


def make_engine(name, config, vocab_size, params, m=None, v=None):
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(sorted(ENGINES))}")
    return ENGINES[name](config, vocab_size, params, m, v)
