"""Sections 2, 3 and 5: a name as token ids, and what the current model predicts along it."""
import math

from ..sampling import softmax_at_temperature

MAX_TEXT = 40  # characters the widgets accept


def problem_with(tokenizer, text):
    """None when the tokenizer can encode `text`, else a problem the page can show."""
    if not isinstance(text, str):
        raise ValueError("the name must be text")
    if not text:
        return {"key": "empty", "message": "type a name first"}
    if len(text) > MAX_TEXT:
        return {"key": "too_long", "max": MAX_TEXT,
                "message": f"a name can be at most {MAX_TEXT} characters long here"}
    for pos, ch in enumerate(text):
        if ch not in tokenizer.chars:
            if ch.lower() in tokenizer.chars:
                return {"key": "char_case", "char": ch, "position": pos, "lower": ch.lower(),
                        "message": f"{ch!r} is not in the vocabulary, but {ch.lower()!r} is: "
                                   "the names are all lower case"}
            if ch.isspace():
                return {"key": "char_space", "char": ch, "position": pos,
                        "message": "a space is not in the vocabulary: type one name"}
            return {"key": "char", "char": ch, "position": pos,
                    "message": f"{ch!r} is not in the vocabulary, so it has no token id"}
    return None


def tokenize(tokenizer, text):
    """'emma' -> chips BOS 26, e 4, m 12, m 12, a 0, BOS 26; or a problem naming the character."""
    text = text.strip() if isinstance(text, str) else text
    problem = problem_with(tokenizer, text)
    base = {"text": text, "vocab_size": tokenizer.vocab_size, "BOS": tokenizer.BOS,
            "vocab": [[tokenizer.token_name(i), i] for i in range(tokenizer.vocab_size)]}
    if problem:
        return {**base, "problem": problem}
    ids = tokenizer.encode(text)
    return {**base, "ids": ids, "labels": [tokenizer.token_name(i) for i in ids],
            "length": len(ids)}


def prediction(trainer, text, top=5):
    """Every (context -> target) pair of `text` and the current model's guess at each.

    The model reads one token at a time (with a cache of what came before) and gives 27
    probabilities for the next; at most block_size pairs fit its context.
    Each pair's "shown" is what the widget draws: the `top` most likely tokens, then the right
    answer when it ranks lower, so the right answer is always there; each row is
    [label, id, p, rank].
    """
    tokenizer = trainer.tokenizer
    out = tokenize(tokenizer, text)
    if "problem" in out:
        return out
    ids = out["ids"]
    block_size = trainer.config.block_size
    engine = trainer.engine
    cache = engine.new_cache()
    losses = trainer.losses(out["text"])  # the engine's own loss at each position
    pairs = []
    for pos in range(min(block_size, len(ids) - 1)):
        probs = softmax_at_temperature(engine.logits(ids[pos], pos, cache), 1.0)
        target = ids[pos + 1]
        ranked = sorted(range(len(probs)), key=lambda i: -probs[i])
        p = probs[target]
        rank = ranked.index(target) + 1
        shown = ranked[:top] if rank <= top else [*ranked[:top], target]
        pairs.append({
            "pos": pos,
            "context": ids[:pos + 1],
            "target": target,
            "p": p,
            "loss": losses[pos],
            "rank": rank,
            "top": [[tokenizer.token_name(i), i, probs[i]] for i in ranked[:top]],
            "shown": [[tokenizer.token_name(i), i, probs[i], ranked.index(i) + 1] for i in shown],
        })
    return {**out, "pairs": pairs, "mean_loss": sum(losses) / len(losses),
            "cut": len(ids) - 1 - len(pairs),  # pairs past block_size, not predicted
            "block_size": block_size, "step": trainer.step_count,
            "random_loss": math.log(tokenizer.vocab_size)}

