"""The one matrix product of the fast engine: dots(A, B) = A times B transposed.

dots(A, B)[i][j] is the dot product of row i of A with row j of B. Every matrix product of the
forward and backward passes is written with it (see fast_layers.py), so it is the one place
worth making fast. Rows may be lists or tuples, all of the same length (possibly 0); B is not empty.
"""
from operator import mul

MAX_UNROLLED = 128  # longer rows use the plain version (and keep the generated code small)
UNROLL = True  # False: dots() uses dots_plain only (bench.py times the engine both ways)


def transpose(A):
    """n x m -> m x n (rows become tuples)."""
    return list(zip(*A))


def dots_plain(A, B):
    """The reference version: sum(map(mul, a, b)) adds the products left to right."""
    return [[sum(map(mul, a, b)) for b in B] for a in A]


def unrolled_dots(k):
    """dots() for rows of length k, compiled with the dot product written out term by term.

    For k = 3 the generated function is:

        def dots(A, B):
            out = []
            for a0, a1, a2, in A:
                out.append([a0*b0 + a1*b1 + a2*b2 for b0, b1, b2, in B])
            return out

    Unpacking a row into local variables and multiplying those is about 2x faster in Pyodide
    than sum(map(mul, a, b)), which pays for a C function call per product (docs/BENCHMARKS.md).
    The sum is still taken left to right, as dots_plain does on CPython 3.11.
    """
    a = ", ".join(f"a{i}" for i in range(k))
    b = ", ".join(f"b{i}" for i in range(k))
    terms = " + ".join(f"a{i}*b{i}" for i in range(k))
    source = (f"def dots(A, B):\n"
              f"    out = []\n"
              f"    for {a}, in A:\n"
              f"        out.append([{terms} for {b}, in B])\n"
              f"    return out\n")
    namespace = {}
    exec(compile(source, f"<dots of length {k}>", "exec"), namespace)
    return namespace["dots"]


_kernels = {}  # row length -> its unrolled dots(), compiled on first use


def dots(A, B):
    """[[dot(a, b) for b in B] for a in A]: A is n x k, B is m x k, the result n x m."""
    k = len(B[0])
    kernel = _kernels.get(k)
    if kernel is None or not UNROLL:
        if k == 0:
            return [[0.0] * len(B) for _ in A]
        if k > MAX_UNROLLED or not UNROLL:
            return dots_plain(A, B)
        kernel = _kernels[k] = unrolled_dots(k)
    return kernel(A, B)
