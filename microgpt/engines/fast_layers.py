"""The layers of model.py on plain floats, each as a forward/backward pair over a whole doc.

A matrix is a list of rows; X is n x E: one row per position, E = n_embd. Each backward takes
the gradient of its forward's output (same shape) and returns the gradients of its inputs.
Matrix products are all dots(A, B) = A times B transposed (fast_kernels.py).
"""
import math
from operator import mul

from .fast_kernels import dots, transpose


def linear(X, W):
    """model.linear on every row. X: n x in, W: out x in -> n x out."""
    return dots(X, W)


def linear_backward(dY, X, W):
    """Y = X W^T, so dX = dY W (n x in) and dW = dY^T X (out x in)."""
    return dots(dY, transpose(W)), dots(transpose(dY), transpose(X))


def mlp(X, W1, W2):
    """fc2(relu(fc1(X))): X n x E, W1 4E x E, W2 E x 4E -> (n x E, tape for mlp_backward).

    relu and fc2 are fused: once training is under way, relu turns most hidden units off
    (fc1 output <= 0) at any one position, so fc2 is done position by position over the units
    that are on, as a weighted sum of their columns of W2. The backward does the same.
    """
    Hpre = dots(X, W1)  # n x 4E
    W2T = transpose(W2)  # 4E x E: the fc2 weights out of each hidden unit
    Y, units = [], []
    for h in Hpre:
        on = [j for j, x in enumerate(h) if x > 0]
        units.append(on)
        Y.append(weighted_sum([h[j] for j in on], [W2T[j] for j in on], len(X[0])))
    return Y, (X, Hpre, W2T, units)


def mlp_backward(dY, W1, tape):
    """-> dX (n x E), dW1 (4E x E), dW2 (E x 4E). relu passes gradient (times 1) only through
    the units that were on, so each position only visits those."""
    X, Hpre, W2T, units = tape
    E = len(X[0])
    zeros = [0.0] * E
    dX, dW1, dW2T = [], [zeros] * len(W1), [zeros] * len(W1)
    for x, dy, h, on in zip(X, dY, Hpre, units):
        dh = dots([dy], [W2T[j] for j in on])[0] if on else []  # dh_j = W2[:, j] . dy
        dX.append(weighted_sum(dh, [W1[j] for j in on], E))  # dx = sum of dh_j W1[j]
        for j, d in zip(on, dh):
            dW1[j] = [a + d * xi for a, xi in zip(dW1[j], x)]  # += dh_j x
            dW2T[j] = [a + h[j] * g for a, g in zip(dW2T[j], dy)]  # += h_j dy
    return dX, dW1, transpose(dW2T)


def weighted_sum(c, R, width):
    """c[0] * R[0] + c[1] * R[1] + ...: a combination of the rows of R (all of length width)."""
    return dots([c], transpose(R))[0] if R else [0.0] * width


def rmsnorm(X):
    """model.rmsnorm on every row -> (Y, scales): y = x * s, s = (mean(x^2) + 1e-5)^-1/2."""
    Y, S = [], []
    for x in X:
        s = (sum(map(mul, x, x)) / len(x) + 1e-5) ** -0.5
        Y.append([xi * s for xi in x])
        S.append(s)
    return Y, S


def rmsnorm_backward(dY, X, S):
    """ds/dx_i = -s^3 x_i / E, so dx = s dy - (s^3 / E)(dy . x) x, row by row."""
    dX = []
    for dy, x, s in zip(dY, X, S):
        c = s * s * s * sum(map(mul, dy, x)) / len(x)
        dX.append([s * d - c * xi for d, xi in zip(dy, x)])
    return dX


def softmax(z):
    """model.softmax on floats."""
    top = max(z)
    e = [math.exp(zi - top) for zi in z]
    total = sum(e)
    return [ei / total for ei in e]


def softmax_cross_entropy(logits, targets, losses=None):
    """Mean of -log softmax(z)[y] over rows, and its gradient (softmax(z) - onehot(y)) / n;
    each row's loss also goes to the list `losses` when one is given."""
    n = len(targets)
    losses = [] if losses is None else losses
    dlogits = []
    for z, y in zip(logits, targets):
        p = softmax(z)
        losses.append(-math.log(p[y]))
        d = [pi / n for pi in p]
        d[y] -= 1 / n
        dlogits.append(d)
    return (1 / n) * sum(losses), dlogits


def concat_heads(per_head):
    """A list of n x D matrices -> n x (len(per_head) * D): each position's rows side by side."""
    return [sum(parts, []) for parts in zip(*per_head)]


def heads(rows, start, n_head, head_dim):
    """Per head h, the columns start + h*head_dim ... of every row: n_head lists of n x head_dim."""
    return [[r[hs:hs + head_dim] for r in rows]
            for hs in range(start, start + n_head * head_dim, head_dim)]


def attention(QKV, n_head, keys, values):
    """Causal self-attention, all heads. QKV: n x 3E rows [q | k | v] for positions p0 ... p0+n-1.

    keys, values: the k and v rows of positions 0 ... p0-1 (empty in training, the cache when
    sampling); this position's are appended. Position p attends to keys 0 ... p.
    -> (n x E output, tape: per head Q, K, V (n x D, T x D, T x D) and the attention weights
    W (n x T, zero above the diagonal)).
    """
    E = len(QKV[0]) // 3
    D = E // n_head
    scale = 1 / D**0.5
    p0 = len(keys)
    keys.extend(r[E:2 * E] for r in QKV)
    values.extend(r[2 * E:] for r in QKV)
    T = len(keys)
    out_heads, tape = [], []
    for Qh, Kh, Vh in zip(heads(QKV, 0, n_head, D), heads(keys, 0, n_head, D),
                          heads(values, 0, n_head, D)):
        Wh = []
        for i, row in enumerate(dots(Qh, Kh)):  # row: q . k for every key
            seen = row[:p0 + i + 1]
            top = max(seen)
            e = [math.exp((x - top) * scale) for x in seen]  # softmax of the logits q . k * scale
            total = sum(e)
            Wh.append([x / total for x in e] + [0.0] * (T - len(seen)))
        out_heads.append(dots(Wh, transpose(Vh)))  # n x D
        tape.append((Qh, Kh, Vh, Wh))
    return concat_heads(out_heads), tape


def attention_backward(dOut, tape):
    """-> dQKV (n x 3E). Training only: no cache, so T = n. Per head, with S = Q K^T * scale and
    W = softmax(S) row by row: dW = dOut V^T, dV = W^T dOut, dS = W * (dW - rowsum(W * dW)),
    dQ = dS K * scale, dK = dS^T Q * scale."""
    D = len(tape[0][0][0])
    scale = 1 / D**0.5
    dQ, dK, dV = [], [], []  # per head, n x D
    for (Qh, Kh, Vh, Wh), dOh in zip(tape, heads(dOut, 0, len(tape), D)):
        dWh = dots(dOh, Vh)  # n x n
        dV.append(dots(transpose(Wh), transpose(dOh)))
        dS = []
        for w, dw in zip(Wh, dWh):
            c = sum(map(mul, w, dw))
            dS.append([wi * (dwi - c) * scale for wi, dwi in zip(w, dw)])
        dQ.append(dots(dS, transpose(Kh)))
        dK.append(dots(transpose(dS), transpose(Qh)))
    return concat_heads(dQ + dK + dV)
