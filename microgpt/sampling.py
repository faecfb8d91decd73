"""Making names up: sample one token at a time until BOS or block_size."""
import math


def softmax_at_temperature(logits, temperature):
    """Floats -> probabilities of logits / temperature.

    Done in the same order of float operations as the reference, which divides Values
    (x / T is x * T**-1) and normalises with e * total**-1, so the draws match it exactly.
    """
    scaled = [l * temperature**-1 for l in logits]
    max_val = max(scaled)
    exps = [math.exp(s - max_val) for s in scaled]
    total = 0.0
    for e in exps:  # left to right, as Values add: sum() of floats compensates since 3.12
        total += e
    inv = total**-1
    return [e * inv for e in exps]


def check_sampling(n, temperature):
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
        raise ValueError(f"number of samples must be a whole number from 1 to 10000, got {n!r}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) \
            or not 0 < temperature < math.inf:
        raise ValueError(f"temperature must be a positive number, got {temperature!r}")


def sample_name(engine, tokenizer, block_size, rng, temperature=0.5, prefix="", on_step=None):
    """One name: the prefix is fed in as given, the rest is drawn from the model.

    on_step(pos_id, logits, token_id), if given, sees each step: the logits read at pos_id and
    the token that follows (forced by the prefix, or drawn).
    """
    forced = tokenizer.encode(prefix)[1:-1]
    if len(forced) >= block_size:
        raise ValueError(f"prefix must be shorter than block_size ({block_size} tokens)")
    cache = engine.new_cache()
    token_id = tokenizer.BOS
    out = list(prefix)
    for pos_id in range(block_size):
        logits = engine.logits(token_id, pos_id, cache)
        if pos_id < len(forced):
            token_id = forced[pos_id]
        else:
            probs = softmax_at_temperature(logits, temperature)
            token_id = rng.choices(range(tokenizer.vocab_size), weights=probs)[0]
        if on_step is not None:
            on_step(pos_id, logits, token_id)
        if token_id == tokenizer.BOS:
            break
        if pos_id >= len(forced):
            out.append(tokenizer.chars[token_id])
    return "".join(out)
