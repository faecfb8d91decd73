"""The fast engine: model.py's GPT on plain floats, a whole doc per pass, backward by hand.

The parameters live in one flat list of floats, matrix by matrix and row by row in the order of
params.param_shapes (the order the reference draws them), so Adam runs over flat lists and
checkpoints are interchangeable with the scalar engine. Shapes: n positions, E = n_embd,
V = vocab size; a matrix is a list of rows.
"""
from operator import add

from ..params import param_shapes
from .fast_adam import adam_step
from .fast_layers import (attention, attention_backward, linear, linear_backward, mlp,
                          mlp_backward, rmsnorm, rmsnorm_backward, softmax_cross_entropy)


def add_rows(A, B):
    return [list(map(add, a, b)) for a, b in zip(A, B)]


def gpt_forward(P, config, token_ids, keys, values):
    """model.gpt for a run of tokens at positions p0 ... p0+n-1, p0 = len(keys[0]).

    P: {name: matrix}, with "layer{i}.attn_wqkv" the 3E x E stack of wq, wk and wv.
    keys, values: per layer the cache of earlier positions; this call appends to it.
    -> (logits n x V, tape: what gpt_backward needs).
    """
    p0 = len(keys[0])
    X0 = add_rows([P["wte"][i] for i in token_ids], P["wpe"][p0:p0 + len(token_ids)])
    X, s0 = rmsnorm(X0)
    tape = [(X0, s0)]
    for li in range(config.n_layer):
        w = f"layer{li}."
        # 1) attention
        A, s1 = rmsnorm(X)
        QKV = linear(A, P[w + "attn_wqkv"])  # n x 3E
        Att, attn_tape = attention(QKV, config.n_head, keys[li], values[li])
        X1 = add_rows(linear(Att, P[w + "attn_wo"]), X)
        # 2) MLP
        B, s2 = rmsnorm(X1)
        M, mlp_tape = mlp(B, P[w + "mlp_fc1"], P[w + "mlp_fc2"])
        tape.append((X, A, s1, attn_tape, Att, X1, s2, mlp_tape))
        X = add_rows(M, X1)
    tape.append(X)
    return linear(X, P["lm_head"]), tape


def gpt_backward(P, config, token_ids, dlogits, tape):
    """gpt_forward's steps in reverse: {name: gradient} for every parameter from dlogits (n x V)."""
    E = config.n_embd
    G = {}
    X = tape.pop()
    dX, G["lm_head"] = linear_backward(dlogits, X, P["lm_head"])
    for li in reversed(range(config.n_layer)):
        w = f"layer{li}."
        X, A, s1, attn_tape, Att, X1, s2, mlp_tape = tape.pop()
        # 2) MLP: X2 = X1 + fc2(relu(fc1(rmsnorm(X1))))
        dB, G[w + "mlp_fc1"], G[w + "mlp_fc2"] = mlp_backward(dX, P[w + "mlp_fc1"], mlp_tape)
        dX1 = add_rows(dX, rmsnorm_backward(dB, X1, s2))
        # 1) attention: X1 = X + wo(attention(wqkv(rmsnorm(X))))
        dAtt, G[w + "attn_wo"] = linear_backward(dX1, Att, P[w + "attn_wo"])
        dQKV = attention_backward(dAtt, attn_tape)
        dA, dWqkv = linear_backward(dQKV, A, P[w + "attn_wqkv"])
        G[w + "attn_wq"], G[w + "attn_wk"], G[w + "attn_wv"] = \
            dWqkv[:E], dWqkv[E:2 * E], dWqkv[2 * E:]
        dX = add_rows(dX1, rmsnorm_backward(dA, X, s1))
    X0, s0 = tape.pop()
    dX0 = rmsnorm_backward(dX, X0, s0)  # n x E, for both embeddings
    zeros = [0.0] * E
    G["wte"] = [zeros] * len(P["wte"])
    for i, d in zip(token_ids, dX0):
        G["wte"][i] = list(map(add, G["wte"][i], d))
    G["wpe"] = dX0 + [zeros] * (len(P["wpe"]) - len(dX0))
    return G


class FastEngine:
    name = "fast"

    def __init__(self, config, vocab_size, params, m=None, v=None):
        self.config = config
        self.vocab_size = vocab_size
        self.shapes = param_shapes(config, vocab_size)  # {name: (rows, cols)} in flat order
        self.rows, start = {}, 0  # {name: the slice of the flat list holding each row}
        for name, (rows, cols) in self.shapes.items():
            self.rows[name] = [slice(i, i + cols) for i in range(start, start + rows * cols, cols)]
            start += rows * cols
        self.p = self.flatten(params)
        self.m = self.flatten(m) if m is not None else [0.0] * len(self.p)
        self.v = self.flatten(v) if v is not None else [0.0] * len(self.p)
        self._matrices = None

    def flatten(self, matrices):
        """{name: rows} -> one flat list in layout order."""
        return [float(x) for name in self.shapes for row in matrices[name] for x in row]

    def unflatten(self, flat):
        """One flat list in layout order -> {name: rows} (fresh lists)."""
        return {name: [flat[row] for row in rows] for name, rows in self.rows.items()}

    def matrices(self):
        """The current parameters as {name: rows}, plus each layer's stacked attn_wqkv."""
        if self._matrices is None:
            P = self.unflatten(self.p)
            for li in range(self.config.n_layer):
                w = f"layer{li}."
                P[w + "attn_wqkv"] = P[w + "attn_wq"] + P[w + "attn_wk"] + P[w + "attn_wv"]
            self._matrices = P
        return self._matrices

    def loss_and_grad(self, tokens):
        """Mean loss over the first block_size predictions of tokens, and its flat gradient."""
        n = min(self.config.block_size, len(tokens) - 1)
        P = self.matrices()
        keys, values = self.new_cache()
        logits, tape = gpt_forward(P, self.config, tokens[:n], keys, values)
        loss, dlogits = softmax_cross_entropy(logits, tokens[1:n + 1])
        G = gpt_backward(P, self.config, tokens[:n], dlogits, tape)
        flat = []
        for name in self.shapes:
            for row in G[name]:
                flat += row  # 7x faster in Pyodide than list(chain(...)), which goes item by item
        return loss, flat

    def position_losses(self, tokens):
        """Each position's loss on one doc (what train_step averages); nothing changes."""
        n = min(self.config.block_size, len(tokens) - 1)
        logits, _ = gpt_forward(self.matrices(), self.config, tokens[:n], *self.new_cache())
        losses = []
        softmax_cross_entropy(logits, tokens[1:n + 1], losses)
        return losses

    def train_step(self, tokens, lr_t, t, hp):
        loss, g = self.loss_and_grad(tokens)
        adam_step(self.p, self.m, self.v, g, lr_t, t, hp)
        self._matrices = None
        return loss

    def new_cache(self):
        return [[] for _ in range(self.config.n_layer)], [[] for _ in range(self.config.n_layer)]

    def logits(self, token_id, pos_id, cache):
        keys, values = cache
        if pos_id != len(keys[0]):
            raise ValueError(f"expected position {len(keys[0])}, got {pos_id}")
        logits, _ = gpt_forward(self.matrices(), self.config, [token_id], keys, values)
        return logits[0]

    def state_dict(self):
        return self.unflatten(self.p)

    def moments(self):
        return self.unflatten(self.m), self.unflatten(self.v)

    def snapshot(self):
        """Flat copies of what train_step changes; restore() puts them back in place."""
        return self.p[:], self.m[:], self.v[:]

    def restore(self, snap):
        self.p[:], self.m[:], self.v[:] = snap
        self._matrices = None
