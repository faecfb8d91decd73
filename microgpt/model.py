"""The GPT itself, on Values: one token at a time, with a growing cache of keys and values.

This is the readable reference the page explains line by line; engines/fast.py computes the
same numbers on plain floats.
"""


def linear(x, w):
    """Matrix-vector product: one output per row of w."""
    return [sum(wi * xi for wi, xi in zip(wo, x)) for wo in w]


def softmax(logits):
    """Scores -> probabilities. Subtracting the max changes nothing but keeps exp() from overflowing."""
    max_val = max(val.data for val in logits)
    exps = [(val - max_val).exp() for val in logits]
    total = sum(exps)
    return [e / total for e in exps]


def rmsnorm(x):
    """Rescale x to unit root-mean-square."""
    ms = sum(xi * xi for xi in x) / len(x)
    scale = (ms + 1e-5) ** -0.5
    return [xi * scale for xi in x]


def gpt(token_id, pos_id, keys, values, params, config):
    """Logits for the token after token_id at position pos_id; appends this position's k, v."""
    head_dim = config.head_dim
    tok_emb = params["wte"][token_id]
    pos_emb = params["wpe"][pos_id]
    x = [t + p for t, p in zip(tok_emb, pos_emb)]
    x = rmsnorm(x)  # not redundant: the residual stream below starts from this
    for li in range(config.n_layer):
        # 1) attention: this token gathers information from the tokens before it
        x_residual = x
        x = rmsnorm(x)
        q = linear(x, params[f"layer{li}.attn_wq"])
        k = linear(x, params[f"layer{li}.attn_wk"])
        v = linear(x, params[f"layer{li}.attn_wv"])
        keys[li].append(k)
        values[li].append(v)
        x_attn = []
        for h in range(config.n_head):
            hs = h * head_dim
            q_h = q[hs:hs + head_dim]
            k_h = [ki[hs:hs + head_dim] for ki in keys[li]]
            v_h = [vi[hs:hs + head_dim] for vi in values[li]]
            attn_logits = [sum(q_h[j] * k_h[t][j] for j in range(head_dim)) / head_dim**0.5
                           for t in range(len(k_h))]
            attn_weights = softmax(attn_logits)
            head_out = [sum(attn_weights[t] * v_h[t][j] for t in range(len(v_h)))
                        for j in range(head_dim)]
            x_attn.extend(head_out)
        x = linear(x_attn, params[f"layer{li}.attn_wo"])
        x = [a + b for a, b in zip(x, x_residual)]
        # 2) MLP: each token thinks on its own
        x_residual = x
        x = rmsnorm(x)
        x = linear(x, params[f"layer{li}.mlp_fc1"])
        x = [xi.relu() for xi in x]
        x = linear(x, params[f"layer{li}.mlp_fc2"])
        x = [a + b for a, b in zip(x, x_residual)]
    return linear(x, params["lm_head"])


def empty_cache(config):
    """Per-layer lists of keys and values, one entry per position seen so far."""
    return [[] for _ in range(config.n_layer)], [[] for _ in range(config.n_layer)]
