"""Section 8: who attends to whom, per head, for a typed name."""
from .budget import scalar_pass_problem
from .trace import name_problem, token_labels, trace


def attention_view(trainer, name, layer=0):
    """Attention of every position of BOS + name over the positions up to it.

    {"tokens": labels of the query/key positions, "n_head", "head_dim", "n_layer", "layer",
     "heads": [{"scores": rows of q.k/sqrt(head_dim), "weights": rows of softmax(scores),
                "q", "k", "v": per position, the head's slice of that position's query, key and
                value, "out": per position, the head's output (its weighted sum of values),
                "mixed": rows like weights, entry [i][j] = weights[i][j] * v[j] (None masked):
                the terms whose sum is out[i]}]}
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
        part = slice(h * trainer.config.head_dim, (h + 1) * trainer.config.head_dim)
        sliced = {key: [rec["layers"][layer][key][part] for rec in records]
                  for key in ("q", "k", "v", "x_attn")}
        heads.append({"scores": [r["scores"] + p for r, p in zip(rows, pad)],
                      "weights": [r["weights"] + p for r, p in zip(rows, pad)],
                      "q": sliced["q"], "k": sliced["k"], "v": sliced["v"],
                      "out": sliced["x_attn"],
                      "mixed": [[None if w is None else [w * x for x in sliced["v"][j]]
                                 for j, w in enumerate(r["weights"] + p)]
                                for r, p in zip(rows, pad)]})
    return {"tokens": token_labels(trainer, ids), "n_head": trainer.config.n_head,
            "head_dim": trainer.config.head_dim, "n_layer": trainer.config.n_layer,
            "layer": layer, "heads": heads}
