"""Section 9: every intermediate vector of one forward pass, beside the source of gpt()."""
from .budget import scalar_pass_problem
from .trace import gpt_listing, name_problem, token_labels, trace

LAYER_STAGES = ("norm1", "q", "k", "v", "scores", "weights", "x_attn", "attn", "add1", "norm2",
                "fc1", "relu", "fc2", "add2")


def stage(key, line, values, layer=None, heads=None):
    return {"key": key, "layer": layer, "line": line, "values": values, "heads": heads}


def forward_view(trainer, name, pos_id):
    """The forward pass for position pos_id of BOS + name (earlier positions fill the cache).

    {"tokens", "pos_id", "label", "target", "stages": [{"key", "layer", "line", "values",
    "heads"}], "vocab": labels, "probs", "listing": gpt_listing(), "n_layer", "cache": per
    layer {"keys", "values"}: the k and v of positions 0..pos_id in that layer's KV cache once
    this position has pushed its own (the last entry)}. "values" is the vector the stage
    produced; for "scores" and "weights" it is None and "heads" holds one row per head.
    The last stage, "probs", is softmax(logits), which gpt()'s callers compute (line None).
    """
    problem = name_problem(trainer, name, allow_empty=True) \
        or scalar_pass_problem(trainer.num_params, len(name) + 1)
    if problem:
        return {"problem": problem}
    tokens = trainer.tokenizer.encode(name)
    ids = tokens[:-1]
    if isinstance(pos_id, bool) or not isinstance(pos_id, int) or not 0 <= pos_id < len(ids):
        raise ValueError(f"position must be a whole number from 0 to {len(ids) - 1}, "
                         f"got {pos_id!r}")
    src = gpt_listing()
    lines = src["lines"]
    records = trace(trainer, ids[:pos_id + 1])
    rec = records[-1]
    stages = [stage(key, lines[key], rec[key]) for key in ("tok_emb", "pos_emb", "sum", "norm0")]
    for li, lay in enumerate(rec["layers"]):
        for key in LAYER_STAGES:
            if key in ("scores", "weights"):
                stages.append(stage(key, lines[key], None, li, [h[key] for h in lay["heads"]]))
            else:
                stages.append(stage(key, lines[key], lay[key], li))
    stages.append(stage("logits", lines["logits"], rec["logits"]))
    stages.append(stage("probs", None, rec["probs"]))
    labels = token_labels(trainer, tokens)
    return {"tokens": labels[:-1], "pos_id": pos_id, "label": labels[pos_id],
            "target": labels[pos_id + 1], "stages": stages,
            "vocab": token_labels(trainer, range(trainer.tokenizer.vocab_size)),
            "probs": rec["probs"], "listing": src, "n_layer": trainer.config.n_layer,
            "cache": [{"keys": [r["layers"][li]["k"] for r in records],
                       "values": [r["layers"][li]["v"] for r in records]}
                      for li in range(trainer.config.n_layer)]}
