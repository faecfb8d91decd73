"""Experiments on the GPT: small, visible edits of model.py's real source.

Each experiment replaces exact lines of microgpt/model.py (read with inspect, never a copy), so
the reader sees the whole file with a handful of lines changed, and can train it with
microgpt.edited. A replacement whose lines are no longer in model.py raises (tests apply every
experiment to the current file, so none can silently rot). Descriptions live on the page
(i18n keys code.experiment.<id>.label and .expect).
"""
import difflib
import inspect

from .. import model

# id -> [(old lines, new lines)]: each block of old lines must occur exactly once in model.py
EXPERIMENTS = {
    "original": [],
    # each position attends to itself only: its own key and value, so attention passes its
    # own v through and the model can only learn which letter follows which (and where)
    "no-attention": [(
        ["            k_h = [ki[hs:hs + head_dim] for ki in keys[li]]",
         "            v_h = [vi[hs:hs + head_dim] for vi in values[li]]"],
        ["            k_h = [k[hs:hs + head_dim]]  # only this position's own key",
         "            v_h = [v[hs:hs + head_dim]]  # and its own value"],
    )],
    # the MLP block is skipped: attention alone, then the output layer
    "no-mlp": [(
        ["        x_residual = x",
         "        x = rmsnorm(x)",
         "        x = linear(x, params[f\"layer{li}.mlp_fc1\"])",
         "        x = [xi.relu() for xi in x]",
         "        x = linear(x, params[f\"layer{li}.mlp_fc2\"])",
         "        x = [a + b for a, b in zip(x, x_residual)]"],
        ["        # x_residual = x",
         "        # x = rmsnorm(x)",
         "        # x = linear(x, params[f\"layer{li}.mlp_fc1\"])",
         "        # x = [xi.relu() for xi in x]",
         "        # x = linear(x, params[f\"layer{li}.mlp_fc2\"])",
         "        # x = [a + b for a, b in zip(x, x_residual)]"],
    )],
    # the blocks' outputs replace x instead of being added to it
    "no-residual": [
        (["        x = linear(x_attn, params[f\"layer{li}.attn_wo\"])",
          "        x = [a + b for a, b in zip(x, x_residual)]"],
         ["        x = linear(x_attn, params[f\"layer{li}.attn_wo\"])",
          "        # x = [a + b for a, b in zip(x, x_residual)]"]),
        (["        x = linear(x, params[f\"layer{li}.mlp_fc2\"])",
          "        x = [a + b for a, b in zip(x, x_residual)]"],
         ["        x = linear(x, params[f\"layer{li}.mlp_fc2\"])",
          "        # x = [a + b for a, b in zip(x, x_residual)]"]),
    ],
    # rmsnorm hands x back unscaled, everywhere it is used
    "no-rmsnorm": [(
        ["    return [xi * scale for xi in x]"],
        ["    return x  # no rescaling"],
    )],
    # no position embedding: the token's own vector only, so order is invisible
    "no-position": [(
        ["    x = [t + p for t, p in zip(tok_emb, pos_emb)]"],
        ["    x = tok_emb  # wpe is not added"],
    )],
}
IDS = tuple(EXPERIMENTS)


def original_source():
    return inspect.getsource(model)


def apply(source, replacements):
    """source with each block of old lines replaced by its new lines; ValueError when a block
    is not found exactly once (model.py changed under the experiment)."""
    lines = source.split("\n")
    for old, new in replacements:
        starts = [i for i in range(len(lines) - len(old) + 1) if lines[i:i + len(old)] == old]
        if len(starts) != 1:
            raise ValueError(f"the lines {old[0].strip()!r}... occur {len(starts)} times in "
                             "model.py, not once: the experiment needs updating")
        i = starts[0]
        lines[i:i + len(old)] = new
    return "\n".join(lines)


def diff(old, new):
    """Every line of both, in order: {"op": " " | "-" | "+", "text", "old": line number in old
    or None, "new": line number in new or None} (1-based); and the lines changed (a replaced
    line counts once)."""
    a, b = old.splitlines(), new.splitlines()
    rows, changed = [], 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [{"op": " ", "text": a[i], "old": i + 1, "new": j + 1}
                     for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        changed += max(i2 - i1, j2 - j1)
        rows += [{"op": "-", "text": a[i], "old": i + 1, "new": None} for i in range(i1, i2)]
        rows += [{"op": "+", "text": b[j], "old": None, "new": j + 1} for j in range(j1, j2)]
    return rows, changed


def experiment(name, source=None):
    """{"id", "source", "diff", "changed"} for one experiment on model.py's source."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; choose one of {', '.join(IDS)}")
    original = original_source() if source is None else source
    edited = apply(original, EXPERIMENTS[name])
    rows, changed = diff(original, edited)
    return {"id": name, "source": edited, "diff": rows, "changed": changed}


def experiments():
    original = original_source()
    return [experiment(name, original) for name in IDS]
