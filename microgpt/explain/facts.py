"""The sizes the walkthrough's text quotes, read from the live model.

The page's sentences name numbers ("each token is a vector of 16 numbers", "divided by √4"); they
come from here, so the text agrees with the widgets whatever the settings or the dataset.
"""
import math

from ..params import param_shapes

# which part of the model each parameter matrix belongs to, for the parameter-count picture
GROUPS = {"wte": "embedding", "wpe": "embedding", "lm_head": "output",
          "attn_wq": "attention", "attn_wk": "attention", "attn_wv": "attention",
          "attn_wo": "attention", "mlp_fc1": "mlp", "mlp_fc2": "mlp"}


def model_facts(trainer, settings=None):
    """Plain numbers describing `trainer`'s model: shapes, counts and the training setup."""
    config, vocab = trainer.config, trainer.tokenizer.vocab_size
    params = []
    for name, (rows, cols) in param_shapes(config, vocab).items():
        layer, _, short = name.rpartition(".")
        params.append({"name": name, "layer": int(layer[5:]) if layer else None,
                       "group": GROUPS[short], "rows": rows, "cols": cols, "count": rows * cols})
    groups = {}
    for p in params:
        groups[p["group"]] = groups.get(p["group"], 0) + p["count"]
    facts = {
        "vocab_size": vocab,
        "bos": trainer.tokenizer.BOS,
        "n_layer": config.n_layer,
        "n_embd": config.n_embd,
        "n_head": config.n_head,
        "head_dim": config.head_dim,
        "sqrt_head_dim": math.sqrt(config.head_dim),
        "mlp_width": 4 * config.n_embd,
        "block_size": config.block_size,
        "n_params": trainer.num_params,
        "params": params,
        "groups": groups,
        "steps": trainer.steps,
        "learning_rate": trainer.learning_rate,
        "last_learning_rate": trainer.learning_rate_for(trainer.steps - 1),
        "random_loss": math.log(vocab),
        "engine": trainer.engine_name,
    }
    if settings is not None:
        facts["temperature"] = settings["temperature"]
        facts["seed"] = settings["seed"]
    return facts
