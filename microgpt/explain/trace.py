"""The forward pass of model.gpt as it really runs, with every intermediate vector it made.

codetrace runs the package's own gpt() on Values and, after each line that computes a stage,
keeps the variable that line set: nothing here does the model's maths. Nothing here trains.
"""
import ast
import gc

from .. import model
from ..engines.scalar import ScalarEngine
from ..value import Value, release_graph
from .codetrace import run_traced
from .listing import listing
from .tokens import problem_with

# (stage, text on its line in model.gpt), in the order gpt() runs them
GPT_MARKERS = [
    ("tok_emb", "tok_emb ="), ("pos_emb", "pos_emb ="), ("sum", "x = [t + p"),
    ("norm0", "x = rmsnorm(x)"), ("norm1", "x = rmsnorm(x)"), ("q", "q = linear"),
    ("k", "k = linear"), ("v", "v = linear"), ("scores", "attn_logits ="),
    ("weights", "attn_weights = softmax"), ("x_attn", "x_attn.extend"),
    ("attn", "attn_wo"), ("add1", "x = [a + b"), ("norm2", "x = rmsnorm(x)"),
    ("fc1", "mlp_fc1"), ("relu", "relu()"), ("fc2", "mlp_fc2"), ("add2", "x = [a + b"),
    ("logits", "lm_head"),
]
# the local each stage's line sets, where it is not x; "logits" is what gpt() returns
VARIABLE = {"tok_emb": "tok_emb", "pos_emb": "pos_emb", "q": "q", "k": "k", "v": "v",
            "scores": "attn_logits", "weights": "attn_weights", "x_attn": "x_attn",
            "logits": "return"}
WATCHED = ("tok_emb", "pos_emb", "x", "q", "k", "v", "attn_logits", "attn_weights", "x_attn",
           "li", "h")
TOP_STAGES = ("tok_emb", "pos_emb", "sum", "norm0", "logits")  # outside the layer loop
HEAD_STAGES = ("scores", "weights")  # one row per head


def gpt_listing():
    return listing(model.gpt, GPT_MARKERS)


def stage_lines(src):
    """{file line: stage} for every line of each stage's statement. Since Python 3.12 a
    comprehension runs inline, so the lines of a two-line one alternate as it loops."""
    last = {}
    for node in ast.walk(ast.parse(src["source"])):
        if isinstance(node, ast.stmt):
            last.setdefault(node.lineno, node.end_lineno)
    return {src["first_line"] + n - 1: key for key, line in src["lines"].items()
            for n in range(line, last[line] + 1)}


def name_problem(trainer, name, allow_empty=False):
    """None when the model can read BOS + name, else a problem the page can show
    ({"key", "message", ...}, as tokens.problem_with gives for the part-1 widgets).

    Only as many letters as fit the context are allowed: block_size positions, BOS included.
    """
    if allow_empty and name == "":
        return None
    problem = problem_with(trainer.tokenizer, name)
    if problem:
        return problem
    most = trainer.config.block_size - 1
    if len(name) > most:
        return {"key": "too_long_context", "max": most, "block_size": trainer.config.block_size,
                "message": f"this model reads at most {most} letters "
                           f"(block_size {trainer.config.block_size} counts the BOS token too)"}
    return None


def token_labels(trainer, ids):
    return [trainer.tokenizer.token_name(i) for i in ids]


def data(x):
    """Values, also inside lists and dicts, as floats."""
    if isinstance(x, Value):
        return x.data
    if isinstance(x, dict):
        return {k: data(v) for k, v in x.items()}
    return [data(v) for v in x]


def snapshot(frame, returned):
    """The locals a stage may need, by reference (gpt() rebinds them; x_attn grows: copied)."""
    local = frame.f_locals
    state = {name: local[name] for name in WATCHED if name in local}
    if "x_attn" in state:
        state["x_attn"] = list(state["x_attn"])
    state["return"] = returned
    return state


def record(events, stage_at, n_layer, n_head):
    """One position's record from the traced lines of gpt() (see trace)."""
    rec = {"layers": [{"heads": [{} for _ in range(n_head)]} for _ in range(n_layer)]}
    for _, line, state in events:  # a later event of the same stage is the finished one
        key = stage_at[line]
        value = state.get(VARIABLE.get(key, "x"))
        if value is None:  # a comprehension still looping: its variable is not set yet
            continue
        if key in TOP_STAGES:
            rec[key] = value
        elif key in HEAD_STAGES:
            rec["layers"][state["li"]]["heads"][state["h"]][key] = value
        else:
            rec["layers"][state["li"]][key] = value
    return rec


def trace(trainer, token_ids):
    """One record per position of token_ids (the inputs, at most block_size of them).

    Each record: {"token_id", "pos_id", "tok_emb", "pos_emb", "sum", "norm0", "layers": [
    {"norm1", "q", "k", "v", "heads": [{"scores", "weights"}], "x_attn", "attn", "add1",
    "norm2", "fc1", "relu", "fc2", "add2"}], "logits", "probs"}, as floats: what each line of
    model.gpt left behind, and model.softmax(logits). Scores and weights cover the positions
    seen so far (the causal mask: nothing after this position).
    """
    config = trainer.config
    src = gpt_listing()
    stage_at = stage_lines(src)
    params = ScalarEngine(config, trainer.tokenizer.vocab_size, trainer.state_dict()).params
    keys, values = model.empty_cache(config)
    records, outputs = [], []
    collecting = gc.isenabled()
    gc.disable()  # the graph has no cycles; scanning its many young Values doubled the time
    try:
        for pos_id, token_id in enumerate(token_ids):
            logits, events = run_traced(
                lambda: model.gpt(token_id, pos_id, keys, values, params, config),
                {model.gpt.__code__}, snapshot, set(stage_at))
            rec = data(record(events, stage_at, config.n_layer, config.n_head))
            rec.update(token_id=token_id, pos_id=pos_id, probs=data(model.softmax(logits)))
            records.append(rec)
            outputs.extend(logits)
        # freed link by link, a deep graph of Values overflows Pyodide's stack (see value.py)
        release_graph(Value(0.0, tuple(outputs)).topological_order())
    finally:
        if collecting:
            gc.enable()
    return records
