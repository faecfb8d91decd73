"""Adam with a linearly decaying learning rate, as in the reference."""
import math
from dataclasses import dataclass, asdict


@dataclass(frozen=True)
class AdamConfig:
    learning_rate: float = 0.01  # step size at step 1; decays linearly to 0 at the last step
    beta1: float = 0.85  # how much of the running mean of gradients (momentum) is kept per step
    beta2: float = 0.99  # how much of the running mean of squared gradients is kept per step
    eps: float = 1e-8  # keeps the division finite when a gradient has always been 0

    def __post_init__(self):
        for name in ("learning_rate", "beta1", "beta2", "eps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not math.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        if self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {self.learning_rate}")
        for name in ("beta1", "beta2"):
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"{name} must be in [0, 1), got {getattr(self, name)}")
        if self.eps <= 0:
            raise ValueError(f"eps must be positive, got {self.eps}")

    def to_dict(self):
        return asdict(self)


def learning_rate_at(base, step, steps):
    """Learning rate for 0-based step `step` of `steps`: base at the start, 0 at the end."""
    return base * (1 - step / steps)


def adam_update(params, m, v, lr_t, t, hp):
    """One Adam step over Values (t is 1-based); zeroes the gradients it used."""
    for i, p in enumerate(params):
        m[i] = hp.beta1 * m[i] + (1 - hp.beta1) * p.grad
        v[i] = hp.beta2 * v[i] + (1 - hp.beta2) * p.grad ** 2
        m_hat = m[i] / (1 - hp.beta1 ** t)  # undo the bias of starting m and v at 0
        v_hat = v[i] / (1 - hp.beta2 ** t)
        p.data -= lr_t * m_hat / (v_hat ** 0.5 + hp.eps)
        p.grad = 0
