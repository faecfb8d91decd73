"""optim.adam_update on flat lists of floats, one list comprehension per running quantity."""


def adam_step(p, m, v, g, lr_t, t, hp):
    """One Adam step (t is 1-based) over parameters p with gradients g -> new (p, m, v)."""
    b1, b2 = hp.beta1, hp.beta2
    m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
    v = [b2 * vi + (1 - b2) * gi**2 for vi, gi in zip(v, g)]
    c1, c2 = 1 - b1**t, 1 - b2**t  # undo the bias of starting m and v at 0
    p = [pi - lr_t * (mi / c1) / ((vi / c2) ** 0.5 + hp.eps) for pi, mi, vi in zip(p, m, v)]
    return p, m, v
