"""optim.adam_update on flat lists of floats, in place."""


def adam_step(p, m, v, g, lr_t, t, hp):
    """One Adam step (t is 1-based): updates parameters p and moments m, v from gradients g.

    lr_t * (m / c1) / ((v / c2) ** 0.5 + eps) with c1, c2 the bias corrections is computed as
    k1 * m / (v ** 0.5 + k2): equal up to rounding, and two divisions fewer per parameter.
    """
    b1, b2 = hp.beta1, hp.beta2
    a1, a2 = 1 - b1, 1 - b2
    c1, c2 = 1 - b1**t, 1 - b2**t  # undo the bias of starting m and v at 0
    k1, k2 = lr_t * c2**0.5 / c1, hp.eps * c2**0.5
    for i, gi in enumerate(g):  # a plain loop: faster in Pyodide than three comprehensions
        mi = m[i] = b1 * m[i] + a1 * gi
        vi = v[i] = b2 * v[i] + a2 * (gi * gi)
        p[i] -= k1 * mi / (vi**0.5 + k2)
