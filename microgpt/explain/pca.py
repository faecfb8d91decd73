"""Principal component analysis with the standard library: power iteration on the covariance.

Used to draw the token embeddings (n_embd numbers each) as points on a 2-D map.
"""
import math

MAX_ITER = 1000
TOL = 1e-12


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def mat_vec(m, x):
    return [dot(row, x) for row in m]


def normalized(x):
    norm = math.sqrt(dot(x, x))
    return [xi / norm for xi in x] if norm > 0 else None


def fix_sign(u):
    """Make the largest-magnitude entry positive, so the same data always gives the same map."""
    big = max(range(len(u)), key=lambda i: (abs(u[i]), -i))
    return [-x for x in u] if u[big] < 0 else u


def top_eigenvector(cov):
    """(eigenvalue, unit eigenvector) of the largest eigenvalue of a symmetric PSD matrix.

    Starts from the covariance column with the largest norm, which cannot be orthogonal to
    the top eigenvector unless the matrix is zero. Returns (0.0, None) for a zero matrix.
    """
    start = max(cov, key=lambda col: dot(col, col))  # symmetric: rows are columns
    u = normalized(start)
    if u is None:
        return 0.0, None
    for _ in range(MAX_ITER):
        w = normalized(mat_vec(cov, u))
        if w is None:
            return 0.0, None
        done = max(abs(a - b) for a, b in zip(w, u)) < TOL
        u = w
        if done:
            break
    u = fix_sign(u)
    return dot(u, mat_vec(cov, u)), u


def pca(rows, k=2):
    """Project rows (equal-length lists of floats) onto their top k principal components.

    Returns {"points": one [c1, ..., ck] per row, "components": k unit vectors,
    "variance": the variance along each, "total_variance": the sum over all dimensions}.
    Components of data with fewer than k directions of spread are zero vectors.
    """
    if not rows or not rows[0]:
        raise ValueError("PCA needs at least one row with at least one number")
    n, d = len(rows), len(rows[0])
    if any(len(r) != d for r in rows):
        raise ValueError("PCA rows must all have the same length")
    mean = [sum(r[j] for r in rows) / n for j in range(d)]
    centred = [[x - m for x, m in zip(r, mean)] for r in rows]
    cov = [[sum(r[i] * r[j] for r in centred) / n for j in range(d)] for i in range(d)]
    total = sum(cov[i][i] for i in range(d))
    components, variances = [], []
    for _ in range(k):
        value, u = top_eigenvector(cov)
        if u is None or value <= 1e-15 * max(total, 1e-300):
            u, value = [0.0] * d, 0.0
        components.append(u)
        variances.append(max(value, 0.0))
        # deflate: remove the found direction so the next power iteration finds the next one
        cov = [[cov[i][j] - value * u[i] * u[j] for j in range(d)] for i in range(d)]
    points = [[dot(r, u) for u in components] for r in centred]
    return {"points": points, "components": components, "variance": variances,
            "total_variance": total}
