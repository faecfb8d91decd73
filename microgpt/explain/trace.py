"""The forward pass of model.gpt on plain floats, keeping every intermediate vector.

Same steps in the same order as microgpt.model.gpt (tests check the logits against the
engine), so the page can show what each line of gpt() produced. Nothing here trains.
"""
import math

from ..model import linear, rmsnorm
from .tokens import problem_with


def softmax(logits):
    """Floats -> probabilities, as model.softmax does on Values."""
    max_val = max(logits)
    exps = [math.exp(x - max_val) for x in logits]
    total = sum(exps)
    return [e / total for e in exps]


def name_problem(trainer, name, allow_empty=False):
    """None when the model can read BOS + name, else a problem the page can show
    ({"key", "message", ...}, as tokens.problem_with gives for the part-1 widgets).

    Only as many letters as fit the context are allowed: block_size positions, BOS included.
    """
    if allow_empty and name == "":
        return None
    problem = problem_with(trainer.tokenizer, name)
    if problem:
        return problem
    most = trainer.config.block_size - 1
    if len(name) > most:
        return {"key": "too_long_context", "max": most, "block_size": trainer.config.block_size,
                "message": f"this model reads at most {most} letters "
                           f"(block_size {trainer.config.block_size} counts the BOS token too)"}
    return None


def token_labels(trainer, ids):
    return [trainer.tokenizer.token_name(i) for i in ids]


def trace(trainer, token_ids):
    """One record per position of token_ids (the inputs, at most block_size of them).

    Each record: {"token_id", "pos_id", "tok_emb", "pos_emb", "sum", "norm0", "layers": [
    {"norm1", "q", "k", "v", "heads": [{"scores", "weights", "out"}], "attn", "add1",
    "norm2", "fc1", "relu", "fc2", "add2"}], "logits", "probs"}. Scores and weights cover
    the positions seen so far (the causal mask: nothing after this position).
    """
    config, params = trainer.config, trainer.state_dict()
    head_dim = config.head_dim
    keys = [[] for _ in range(config.n_layer)]
    values = [[] for _ in range(config.n_layer)]
    records = []
    for pos_id, token_id in enumerate(token_ids):
        tok_emb = params["wte"][token_id]
        pos_emb = params["wpe"][pos_id]
        x = [t + p for t, p in zip(tok_emb, pos_emb)]
        rec = {"token_id": token_id, "pos_id": pos_id, "tok_emb": tok_emb, "pos_emb": pos_emb,
               "sum": x}
        x = rmsnorm(x)
        rec["norm0"] = x
        layers = []
        for li in range(config.n_layer):
            lay = {}
            x_residual = x
            x = lay["norm1"] = rmsnorm(x)
            q = lay["q"] = linear(x, params[f"layer{li}.attn_wq"])
            k = lay["k"] = linear(x, params[f"layer{li}.attn_wk"])
            v = lay["v"] = linear(x, params[f"layer{li}.attn_wv"])
            keys[li].append(k)
            values[li].append(v)
            heads, x_attn = [], []
            for h in range(config.n_head):
                hs = h * head_dim
                q_h = q[hs:hs + head_dim]
                k_h = [ki[hs:hs + head_dim] for ki in keys[li]]
                v_h = [vi[hs:hs + head_dim] for vi in values[li]]
                scores = [sum(q_h[j] * k_h[t][j] for j in range(head_dim)) / head_dim**0.5
                          for t in range(len(k_h))]
                weights = softmax(scores)
                out = [sum(weights[t] * v_h[t][j] for t in range(len(v_h)))
                       for j in range(head_dim)]
                heads.append({"scores": scores, "weights": weights, "out": out})
                x_attn.extend(out)
            lay["heads"] = heads
            x = lay["attn"] = linear(x_attn, params[f"layer{li}.attn_wo"])
            x = lay["add1"] = [a + b for a, b in zip(x, x_residual)]
            x_residual = x
            x = lay["norm2"] = rmsnorm(x)
            x = lay["fc1"] = linear(x, params[f"layer{li}.mlp_fc1"])
            x = lay["relu"] = [max(0.0, xi) for xi in x]
            x = lay["fc2"] = linear(x, params[f"layer{li}.mlp_fc2"])
            x = lay["add2"] = [a + b for a, b in zip(x, x_residual)]
            layers.append(lay)
        rec["layers"] = layers
        rec["logits"] = linear(x, params["lm_head"])
        rec["probs"] = softmax(rec["logits"])
        records.append(rec)
    return records


def inputs_of(tokens, block_size):
    """The positions the model reads for a doc: every token but the last, up to block_size."""
    return tokens[:min(block_size, len(tokens) - 1)]
