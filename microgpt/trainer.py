"""Trainer: owns the data order, the parameters, the optimiser and the random generator."""
import random

from .config import GPTConfig
from .data import docs_fingerprint
from .engines import make_engine
from .engines.scalar import ScalarEngine
from .optim import AdamConfig, adam_update, learning_rate_at
from .params import count_params, init_params
from .sampling import check_sampling, sample_name
from .tokenizer import Tokenizer


def checked_docs(docs):
    """docs as a list, or a ValueError saying what is wrong with them."""
    if isinstance(docs, (str, bytes)):
        raise ValueError("docs must be a list of strings (use load_docs(text) to split a text)")
    docs = list(docs)
    if not all(isinstance(d, str) for d in docs):
        raise ValueError("docs must be a list of strings (use load_docs(text) to split a text)")
    if not docs or not all(docs):
        raise ValueError("docs must be non-empty strings, and there must be at least one")
    return docs


def check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a whole number of at least 1, got {steps!r}")


class Trainer:
    """Karpathy's training run, one step() at a time.

    Random draws happen in the reference's order: shuffle the docs, then one Gaussian per
    weight; training draws nothing; sample() draws one number per generated token.
    """

    def __init__(self, docs, config=GPTConfig(), seed=42, steps=1000, learning_rate=0.01,
                 beta1=0.85, beta2=0.99, eps=1e-8, engine="scalar"):
        docs = checked_docs(docs)
        check_steps(steps)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be a whole number, got {seed!r}")
        self.config = config
        self.adam = AdamConfig(learning_rate, beta1, beta2, eps)
        self.seed = seed
        self.steps = steps
        self.step_count = 0
        self.fingerprint = docs_fingerprint(docs)  # names the dataset in checkpoints
        self.num_docs = len(docs)
        self.rng = random.Random(seed)
        self.docs = list(docs)
        self.rng.shuffle(self.docs)
        self.tokenizer = Tokenizer.from_docs(self.docs)
        params = init_params(config, self.tokenizer.vocab_size, self.rng)
        self.engine = make_engine(engine, config, self.tokenizer.vocab_size, params)

    @property
    def num_params(self):
        return count_params(self.config, self.tokenizer.vocab_size)

    @property
    def engine_name(self):
        return self.engine.name

    @property
    def done(self):
        return self.step_count >= self.steps

    @property
    def learning_rate(self):
        return self.adam.learning_rate

    def set_engine(self, name):
        """Carry the model and Adam's moments over to another engine."""
        if name != self.engine.name:
            m, v = self.engine.moments()
            self.engine = make_engine(name, self.config, self.tokenizer.vocab_size,
                                      self.engine.state_dict(), m, v)

    def next_doc(self):
        return self.docs[self.step_count % len(self.docs)]

    def learning_rate_for(self, step):
        """The schedule, for 0-based step `step` of this run: the one place it is computed."""
        return learning_rate_at(self.adam.learning_rate, step, self.steps)

    def checked_doc(self, doc=None, training=True):
        """(doc, its token ids): the next doc by default; a ValueError when this trainer must
        not train (training=True) or cannot read doc."""
        if training and self.docs is None:
            raise ValueError("this model was loaded without its dataset, so it can only sample")
        if training and self.done:
            raise ValueError(f"training is finished: all {self.steps} steps are done")
        if doc is None:
            doc = self.next_doc()
        elif not isinstance(doc, str) or not doc:
            raise ValueError(f"a doc to train on must be a non-empty string, got {doc!r}")
        return doc, self.tokenizer.encode(doc)

    def step(self, doc=None):
        """One training step on the next doc, or on `doc` instead (that step's doc is then
        skipped); returns {step, loss, learning_rate, doc}."""
        doc, tokens = self.checked_doc(doc)
        lr_t = self.learning_rate_for(self.step_count)
        loss = self.engine.train_step(tokens, lr_t, self.step_count + 1, self.adam)
        self.step_count += 1
        return {"step": self.step_count, "loss": loss, "learning_rate": lr_t, "doc": doc}

    def losses(self, doc):
        """Each position's loss on doc by the current engine; the trainer is unchanged."""
        return self.engine.position_losses(self.checked_doc(doc, training=False)[1])

    def preview(self, doc=None):
        """What step(doc) would do, run on a copy with the Value engine; the trainer is unchanged.

        {"step", "learning_rate", "doc", "losses": each position's loss, "loss": their mean,
        "grads", "before": (params, m, v), "after": (params, m, v)}: flat lists of floats in
        the parameters' order (params.param_shapes). Works on a finished or data-less model too.
        """
        doc, tokens = self.checked_doc(doc, training=False)
        engine = ScalarEngine(self.config, self.tokenizer.vocab_size, self.state_dict(),
                              *self.engine.moments())
        flat = lambda: ([p.data for p in engine.param_list], engine.m[:], engine.v[:])
        losses = []
        loss = engine.loss(tokens, losses)
        loss.backward(release=True)
        grads, before = [p.grad for p in engine.param_list], flat()
        lr_t = self.learning_rate_for(self.step_count)
        adam_update(engine.param_list, engine.m, engine.v, lr_t, self.step_count + 1, self.adam)
        return {"step": self.step_count + 1, "learning_rate": lr_t, "doc": doc,
                "losses": [x.data for x in losses], "loss": loss.data, "grads": grads,
                "before": before, "after": flat()}

    def sample(self, n=20, temperature=0.5, prefix="", rng=None):
        """n names; rng=None draws from the trainer's own generator, as the reference does."""
        check_sampling(n, temperature)
        rng = self.rng if rng is None else rng
        return [sample_name(self.engine, self.tokenizer, self.config.block_size, rng,
                            temperature, prefix) for _ in range(n)]

    def state_dict(self):
        """{name: rows of floats}: a copy of the current parameters."""
        return self.engine.state_dict()

    # Stopping: a step interrupted midway (KeyboardInterrupt) must not leave half an update.

    def snapshot(self):
        """A copy of everything step() and sample() change; restore(snap) puts it back."""
        e = self.engine
        state = e.snapshot() if hasattr(e, "snapshot") else (e.state_dict(), e.moments())
        return {"step_count": self.step_count, "rng": self.rng.getstate(), "engine": e,
                "state": state}

    def restore(self, snap):
        """Back to the moment of snapshot(): parameters, Adam's moments, step and generator."""
        e = snap["engine"]
        if hasattr(e, "restore"):  # in place: rebuilding 200k Values would take ~0.4 s
            e.restore(snap["state"])
        else:
            params, (m, v) = snap["state"]
            e = make_engine(e.name, self.config, self.tokenizer.vocab_size, params, m, v)
        self.engine = e
        self.step_count = snap["step_count"]
        self.rng.setstate(snap["rng"])

    def save(self, file):
        from .checkpoint import save
        save(self, file)

    @classmethod
    def load(cls, file, docs=None, engine=None):
        """A trainer exactly where the saved one was; without docs it can sample but not train."""
        from .checkpoint import load
        return load(cls, file, docs, engine)
