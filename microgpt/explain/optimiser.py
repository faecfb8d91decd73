"""Section 10: the live run's learning-rate schedule, and Adam beside plain gradient descent on
a toy slope. Both use core's own rules (optim.py): the schedule is Trainer.learning_rate_for,
Adam's step is adam_update run on two Values whose gradients are set by hand.
"""
from ..optim import AdamConfig, adam_update, learning_rate_at
from ..value import Value

SCHEDULE_POINTS = 101  # at most this many (step, rate) pairs: a straight line needs no more

# The toy loss: an elongated bowl L(x, y) = (A x^2 + B y^2) / 2, steep across y, shallow along
# x, its minimum 0 at (0, 0). Plain gradient descent must keep its step small enough for the
# steep direction (lr < 2/B) and so crawls along the shallow one; Adam scales each coordinate's
# step by its own gradient history.
BOWL = (0.2, 12.0)
START = (-4.0, 1.5)
ADAM_RATE = 0.5  # the toy's own step sizes, chosen for the picture; both decay like training's
GD_RATE = 0.15  # just under 2/B = 0.167: larger and descent's zig-zag across y would diverge
RACE_STEPS = 40
MAX_RACE_STEPS = 200
CONTOURS = (0.1, 0.5, 1.5, 3.0, 6.0, 12.0)  # loss levels drawn as ellipses


def learning_rate_schedule(trainer):
    """lr_t = lr·(1 − t/steps) of the live run, from Trainer.learning_rate_for.

    {"steps", "learning_rate", "step": steps done, "current": the rate the next step uses
    (None once training is done), "points": [[step, rate]] at most SCHEDULE_POINTS of them,
    the first and last step included}
    """
    steps = trainer.steps
    n = min(SCHEDULE_POINTS, steps)
    at = sorted({round(i * (steps - 1) / (n - 1)) for i in range(n)}) if n > 1 else [0]
    done = trainer.step_count
    return {"steps": steps, "learning_rate": trainer.learning_rate, "step": done,
            "current": None if trainer.done else trainer.learning_rate_for(done),
            "points": [[s, trainer.learning_rate_for(s)] for s in at]}


def bowl_loss(x, y):
    return (BOWL[0] * x * x + BOWL[1] * y * y) / 2


def bowl_grad(x, y):
    return BOWL[0] * x, BOWL[1] * y


def point(x, y):
    return [x, y, bowl_loss(x, y)]


def optimiser_race(trainer, steps=RACE_STEPS):
    """Both optimisers from START for `steps` steps on the bowl, the rate decaying linearly to
    0 over the race as in training. Adam uses the live model's beta1, beta2 and eps.

    {"bowl": [A, B], "steps", "beta1", "beta2", "eps", "contours": [{"level", "rx", "ry"}],
     "adam": {"learning_rate", "path": [[x, y, loss]] (steps + 1 points)}, "gd": {same}}
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_RACE_STEPS:
        raise ValueError(f"steps must be a whole number from 1 to {MAX_RACE_STEPS}, "
                         f"got {steps!r}")
    live = trainer.adam
    hp = AdamConfig(ADAM_RATE, live.beta1, live.beta2, live.eps)
    params = [Value(START[0]), Value(START[1])]
    m, v = [0.0, 0.0], [0.0, 0.0]
    gx, gy = START
    adam, gd = [point(*START)], [point(*START)]
    for t in range(steps):
        for p, g in zip(params, bowl_grad(params[0].data, params[1].data)):
            p.grad = g
        adam_update(params, m, v, learning_rate_at(ADAM_RATE, t, steps), t + 1, hp)
        adam.append(point(params[0].data, params[1].data))
        rate = learning_rate_at(GD_RATE, t, steps)
        dx, dy = bowl_grad(gx, gy)
        gx, gy = gx - rate * dx, gy - rate * dy
        gd.append(point(gx, gy))
    contours = [{"level": c, "rx": (2 * c / BOWL[0]) ** 0.5, "ry": (2 * c / BOWL[1]) ** 0.5}
                for c in CONTOURS]
    return {"bowl": list(BOWL), "steps": steps, "beta1": hp.beta1, "beta2": hp.beta2,
            "eps": hp.eps, "contours": contours,
            "adam": {"learning_rate": ADAM_RATE, "path": adam},
            "gd": {"learning_rate": GD_RATE, "path": gd}}
