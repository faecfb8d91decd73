"""The scalar engine: Karpathy's algorithm as written, one Value per number."""
from .. import model
from ..model import empty_cache
from ..optim import adam_update
from ..value import Value, release_graph


def zeros_like(params):
    return {name: [[0.0] * len(row) for row in mat] for name, mat in params.items()}


def flatten(matrices):
    return [x for mat in matrices.values() for row in mat for x in row]


def unflatten(flat, like):
    it = iter(flat)
    return {name: [[next(it) for _ in row] for row in mat] for name, mat in like.items()}


class ScalarEngine:
    name = "scalar"

    def __init__(self, config, vocab_size, params, m=None, v=None, gpt=None, softmax=None):
        """gpt, softmax: another model's functions (a reader's edited model.py, see edited.py);
        by default model.py's own."""
        self.config = config
        self.gpt = model.gpt if gpt is None else gpt
        self.softmax = model.softmax if softmax is None else softmax
        self.vocab_size = vocab_size
        self.params = {name: [[Value(x) for x in row] for row in mat]
                       for name, mat in params.items()}
        self.param_list = [p for mat in self.params.values() for row in mat for p in row]
        self.m = flatten(m) if m is not None else [0.0] * len(self.param_list)
        self.v = flatten(v) if v is not None else [0.0] * len(self.param_list)

    def loss(self, tokens, losses=None):
        """Mean cross-entropy over the first block_size next-token predictions of one doc;
        each position's loss also goes to the list `losses` when one is given."""
        n = min(self.config.block_size, len(tokens) - 1)
        keys, values = empty_cache(self.config)
        losses = [] if losses is None else losses
        for pos_id in range(n):
            token_id, target_id = tokens[pos_id], tokens[pos_id + 1]
            logits = self.gpt(token_id, pos_id, keys, values, self.params, self.config)
            probs = self.softmax(logits)
            losses.append(-probs[target_id].log())
        return (1 / n) * sum(losses)

    def position_losses(self, tokens):
        """Each position's loss on one doc (what train_step averages); nothing changes."""
        losses = []
        loss = self.loss(tokens, losses)
        release_graph(loss.topological_order())  # no backward: the gradients stay as they are
        return [x.data for x in losses]

    def train_step(self, tokens, lr_t, t, hp):
        loss = self.loss(tokens)
        loss.backward(release=True)
        adam_update(self.param_list, self.m, self.v, lr_t, t, hp)
        return loss.data

    def new_cache(self):
        return empty_cache(self.config)

    def logits(self, token_id, pos_id, cache):
        keys, values = cache
        return [l.data for l in self.gpt(token_id, pos_id, keys, values, self.params,
                                         self.config)]

    def state_dict(self):
        return {name: [[p.data for p in row] for row in mat] for name, mat in self.params.items()}

    def moments(self):
        like = self.params
        return unflatten(self.m, like), unflatten(self.v, like)

    def snapshot(self):
        """Flat copies of what train_step changes; restore() puts them back in place."""
        return [p.data for p in self.param_list], self.m[:], self.v[:]

    def restore(self, snap):
        params, self.m[:], self.v[:] = snap
        for p, x in zip(self.param_list, params):
            p.data, p.grad = x, 0  # a stopped backward leaves gradients half summed
