"""Section 5: cross-entropy, the surprise of seeing the right answer: -log p."""
from ..value import Value

CURVE_POINTS = 100  # p = 1%, 2%, ..., 100%: the slider's stops


def loss_at(p):
    """-log p with the package's Value, as the engine computes each position's loss."""
    return (-Value(p).log()).data


def loss_curve(vocab_size=27):
    """The -log p curve at each slider stop, and the landmarks the text talks about."""
    points = [[k / CURVE_POINTS, loss_at(k / CURVE_POINTS)] for k in range(1, CURVE_POINTS + 1)]
    return {
        "points": points,
        "landmarks": {str(p): loss_at(p) for p in (0.9, 0.5, 0.3, 0.01)},
        "vocab_size": vocab_size,
        "random_p": 1 / vocab_size,
        "random_loss": loss_at(1 / vocab_size),  # a model that guesses evenly: ln 27 = 3.30
    }
