"""Section 7: token and position embeddings, and a 2-D map of the token embeddings."""
import math

from .budget import scalar_pass_problem
from .pca import pca
from .trace import name_problem, token_labels, trace

VOWELS = "aeiou"
# vowel_closeness below this is worth pointing out: untrained maps measured 0.87-1.17 over
# three seeds, maps after 100-1,000 steps 0.28-0.67
TOGETHER = 0.75


def embedding_lookup(trainer, name):
    """For each position of BOS + name: wte[token] + wpe[pos] = the vector the model starts from,
    as the first lines of the real gpt() computed them (trace.trace).

    {"tokens": [{"label", "token_id", "pos_id", "tok_emb", "pos_emb", "sum"}], "n_embd",
     "wte": the whole token table (vocab_size rows), "wpe": the position table (block_size
     rows), "vocab": each wte row's token label}
    """
    problem = name_problem(trainer, name, allow_empty=True) \
        or scalar_pass_problem(trainer.num_params, len(name) + 1)  # the trace runs gpt() on Values
    if problem:
        return {"problem": problem}
    ids = trainer.tokenizer.encode(name)[:-1]  # the closing BOS is only ever a target
    out = [{"label": label, "token_id": rec["token_id"], "pos_id": rec["pos_id"],
            "tok_emb": rec["tok_emb"], "pos_emb": rec["pos_emb"], "sum": rec["sum"]}
           for rec, label in zip(trace(trainer, ids), token_labels(trainer, ids))]
    state = trainer.state_dict()
    return {"tokens": out, "n_embd": trainer.config.n_embd, "wte": state["wte"],
            "wpe": state["wpe"], "vocab": token_labels(trainer, range(len(state["wte"])))}


def mean_distance(points, pairs):
    dists = [math.dist(points[i], points[j]) for i, j in pairs]
    return sum(dists) / len(dists) if dists else None


def vowel_closeness(points, labels):
    """Mean distance between two vowels / mean distance between any two letters, on the map.
    Below 1 the vowels sit closer together than letters in general; None if < 2 vowels."""
    letters = [i for i, c in enumerate(labels) if c != "BOS"]
    vowels = [i for i in letters if labels[i] in VOWELS]
    if len(vowels) < 2:
        return None
    pairs = [(i, j) for a, i in enumerate(letters) for j in letters[a + 1:]]
    vpairs = [(i, j) for a, i in enumerate(vowels) for j in vowels[a + 1:]]
    every = mean_distance(points, pairs)
    return mean_distance(points, vpairs) / every if every else None


def token_map(trainer):
    """Every token's embedding (a row of wte) projected onto its first two principal components.

    {"points": [{"label", "token_id", "x", "y", "vowel"}], "explained": [share of the
    variance along x, along y], "vowel_closeness": see vowel_closeness(), "vowels_together":
    whether that is small enough to say so}
    """
    wte = trainer.state_dict()["wte"]
    labels = token_labels(trainer, range(len(wte)))
    result = pca(wte, k=2)  # with n_embd 1 the second axis is all zeros
    total = result["total_variance"]
    points = [{"label": label, "token_id": i, "x": x, "y": y, "vowel": label in VOWELS}
              for i, (label, (x, y)) in enumerate(zip(labels, result["points"]))]
    explained = [v / total if total > 0 else 0.0 for v in result["variance"]]
    closeness = vowel_closeness(result["points"], labels)
    return {"points": points, "explained": explained, "vowel_closeness": closeness,
            "vowels_together": closeness is not None and closeness < TOGETHER}
