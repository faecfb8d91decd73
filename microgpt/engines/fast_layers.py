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


def relu_linear(X, W):
    """linear(relu(X), W): the MLP's second half. X: n x 4E -> (n x out, relu(X))."""
    H = [[x if x > 0 else 0.0 for x in row] for row in X]
    return dots(H, W), H


def relu_linear_backward(dY, X, H, W):
    """-> dX (n x 4E), dW: the gradient of H = relu(X) passes only where X > 0."""
    dH = dots(dY, transpose(W))
    dX = [[d if x > 0 else 0.0 for d, x in zip(dh, x_row)] for dh, x_row in zip(dH, X)]
    return dX, dots(transpose(dY), transpose(H))


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


def softmax_cross_entropy(logits, targets):
    """Mean of -log softmax(z)[y] over rows, and its gradient (softmax(z) - onehot(y)) / n."""
    n = len(targets)
    losses, dlogits = [], []
    for z, y in zip(logits, targets):
        p = softmax(z)
        losses.append(-math.log(p[y]))
        d = [pi / n for pi in p]
        d[y] -= 1 / n
        dlogits.append(d)
    return (1 / n) * sum(losses), dlogits


def heads(rows, start, n_head, head_dim):
    """Per head h, the columns start + h*head_dim ... of every row: n_head lists of n x head_dim."""
    return [[r[hs:hs + head_dim] for r in rows]
            for hs in range(start, start + n_head * head_dim, head_dim)]


def attention(QKV, n_head, keys, values):
    """Causal self-attention, all heads. QKV: n x 3E rows [q | k | v] for positions p0 ... p0+n-1.

    keys, values: the k and v rows of positions 0 ... p0-1 (empty in training, the cache when
    sampling); this position's are appended. Position p attends to keys 0 ... p.
    -> (n x E output, per head the n x T attention weights, zero above the diagonal).
    """
    E = len(QKV[0]) // 3
    D = E // n_head
    scale = 1 / D**0.5
    p0 = len(keys)
    keys.extend(r[E:2 * E] for r in QKV)
    values.extend(r[2 * E:] for r in QKV)
    T = len(keys)
    out_heads, weights = [], []
    for Qh, Kh, Vh in zip(heads(QKV, 0, n_head, D), heads(keys, 0, n_head, D),
                          heads(values, 0, n_head, D)):
        Wh = []  # n x T
        for i, row in enumerate(dots(Qh, Kh)):
            seen = p0 + i + 1
            Wh.append(softmax([x * scale for x in row[:seen]]) + [0.0] * (T - seen))
        weights.append(Wh)
        out_heads.append(dots(Wh, transpose(Vh)))  # n x D
    return [sum(parts, []) for parts in zip(*out_heads)], weights


def attention_backward(dOut, QKV, weights, n_head):
    """-> dQKV (n x 3E). Training only: no cache, so T = n. Per head, with S = Q K^T * scale and
    W = softmax(S) row by row: dW = dOut V^T, dV = W^T dOut, dS = W * (dW - rowsum(W * dW)),
    dQ = dS K * scale, dK = dS^T Q * scale."""
    E = len(QKV[0]) // 3
    D = E // n_head
    scale = 1 / D**0.5
    dQ, dK, dV = [], [], []  # per head, n x D
    for Qh, Kh, Vh, dOh, Wh in zip(heads(QKV, 0, n_head, D), heads(QKV, E, n_head, D),
                                   heads(QKV, 2 * E, n_head, D), heads(dOut, 0, n_head, D),
                                   weights):
        dWh = dots(dOh, Vh)  # n x n
        dV.append(dots(transpose(Wh), transpose(dOh)))
        dS = []
        for w, dw in zip(Wh, dWh):
            c = sum(map(mul, w, dw))
            dS.append([wi * (dwi - c) * scale for wi, dwi in zip(w, dw)])
        dQ.append(dots(dS, transpose(Kh)))
        dK.append(dots(transpose(dS), transpose(Qh)))
    return [sum(q + k + v, []) for q, k, v in zip(zip(*dQ), zip(*dK), zip(*dV))]
