"""Trainer: owns the data order, the parameters, the optimiser and the random generator."""
import random

from .config import GPTConfig
from .data import docs_fingerprint
from .engines import make_engine
from .optim import AdamConfig, learning_rate_at
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

    def step(self):
        """One training step on the next doc; returns {step, loss, learning_rate, doc}."""
        if self.docs is None:
            raise ValueError("this model was loaded without its dataset, so it can only sample")
        if self.done:
            raise ValueError(f"training is finished: all {self.steps} steps are done")
        doc = self.next_doc()
        tokens = self.tokenizer.encode(doc)
        lr_t = learning_rate_at(self.adam.learning_rate, self.step_count, self.steps)
        loss = self.engine.train_step(tokens, lr_t, self.step_count + 1, self.adam)
        self.step_count += 1
        return {"step": self.step_count, "loss": loss, "learning_rate": lr_t, "doc": doc}

    def sample(self, n=20, temperature=0.5, prefix="", rng=None):
        """n names; rng=None draws from the trainer's own generator, as the reference does."""
        check_sampling(n, temperature)
        rng = self.rng if rng is None else rng
        return [sample_name(self.engine, self.tokenizer, self.config.block_size, rng,
                            temperature, prefix) for _ in range(n)]

    def state_dict(self):
        """{name: rows of floats}: a copy of the current parameters."""
        return self.engine.state_dict()

    def save(self, file):
        from .checkpoint import save
        save(self, file)

    @classmethod
    def load(cls, file, docs=None, engine=None):
        """A trainer exactly where the saved one was; without docs it can sample but not train."""
        from .checkpoint import load
        return load(cls, file, docs, engine)
