"""Section 8: who attends to whom, per head, for a typed name."""
from .budget import scalar_pass_problem
from .trace import name_problem, token_labels, trace


def attention_view(trainer, name, layer=0):
    """Attention of every position of BOS + name over the positions up to it.

    {"tokens": labels of the query/key positions, "n_head", "head_dim", "n_layer", "layer",
     "heads": [{"scores": rows of q.k/sqrt(head_dim), "weights": rows of softmax(scores)}]}
    Row i is query position i; its entries after i are None: the causal mask hides the future.
    """
    if isinstance(layer, bool) or not isinstance(layer, int) \
            or not 0 <= layer < trainer.config.n_layer:
        raise ValueError(f"layer must be a whole number from 0 to {trainer.config.n_layer - 1}, "
                         f"got {layer!r}")
    problem = name_problem(trainer, name) or scalar_pass_problem(trainer.num_params, len(name) + 1)
    if problem:
        return {"problem": problem}
    ids = trainer.tokenizer.encode(name)[:-1]
    records = trace(trainer, ids)
    size = len(ids)
    heads = []
    for h in range(trainer.config.n_head):
        rows = [rec["layers"][layer]["heads"][h] for rec in records]
        pad = [[None] * (size - len(r["scores"])) for r in rows]
        heads.append({"scores": [r["scores"] + p for r, p in zip(rows, pad)],
                      "weights": [r["weights"] + p for r, p in zip(rows, pad)]})
    return {"tokens": token_labels(trainer, ids), "n_head": trainer.config.n_head,
            "head_dim": trainer.config.head_dim, "n_layer": trainer.config.n_layer,
            "layer": layer, "heads": heads}
