"""The parameters: named matrices of floats, in the order the reference draws them."""


def param_shapes(config, vocab_size):
    """{name: (rows, cols)} in initialisation order: wte, wpe, lm_head, then layer by layer."""
    e = config.n_embd
    shapes = {"wte": (vocab_size, e), "wpe": (config.block_size, e), "lm_head": (vocab_size, e)}
    for i in range(config.n_layer):
        shapes[f"layer{i}.attn_wq"] = (e, e)
        shapes[f"layer{i}.attn_wk"] = (e, e)
        shapes[f"layer{i}.attn_wv"] = (e, e)
        shapes[f"layer{i}.attn_wo"] = (e, e)
        shapes[f"layer{i}.mlp_fc1"] = (4 * e, e)
        shapes[f"layer{i}.mlp_fc2"] = (e, 4 * e)
    return shapes


def init_params(config, vocab_size, rng):
    """One rng.gauss(0, init_std) per weight, matrix by matrix, row by row."""
    return {
        name: [[rng.gauss(0, config.init_std) for _ in range(cols)] for _ in range(rows)]
        for name, (rows, cols) in param_shapes(config, vocab_size).items()
    }


def count_params(config, vocab_size):
    return sum(r * c for r, c in param_shapes(config, vocab_size).values())


def check_params(params, config, vocab_size):
    """Raise ValueError unless params has exactly the expected names, shapes and finite floats."""
    if not isinstance(params, dict):
        raise ValueError(f"parameters should be a mapping of names to matrices, "
                         f"got {type(params).__name__}")
    expected = 3 + 6 * config.n_layer  # counted first: a config claiming 10**9 layers is cheap
    if len(params) != expected:
        raise ValueError(f"the settings say n_layer={config.n_layer}, which needs {expected} "
                         f"parameter matrices, but there are {len(params)}")
    shapes = param_shapes(config, vocab_size)
    if set(params) != set(shapes):
        raise ValueError(f"parameters should be {sorted(shapes)}, got {sorted(params)}")
    for name, (rows, cols) in shapes.items():
        mat = params[name]
        if not isinstance(mat, list) or len(mat) != rows or any(
                not isinstance(row, list) or len(row) != cols for row in mat):
            raise ValueError(f"parameter {name} should be {rows}x{cols}")
        for row in mat:
            for x in row:
                if isinstance(x, bool) or not isinstance(x, (int, float)) or x != x \
                        or x in (float("inf"), float("-inf")):
                    raise ValueError(f"parameter {name} holds a non-finite or non-number value")
