"""The page's settings: defaults, limits, and parsing with errors the page can translate.

Keys are the package's own parameter names, the same in the URL, the form and Python.
"""
import math

from . import cost
from .config import GPTConfig
from .engines import ENGINES
from .params import count_params

GROUPS = ("run", "model", "sampling")  # the form's fieldsets, in order


def number(key, kind, lo, hi, default, group, new_model):
    """One numeric setting; `input` is the keyboard a phone shows for it."""
    return {"key": key, "kind": kind, "min": lo, "max": hi, "default": default, "group": group,
            "new_model": new_model, "label": f"lab.field.{key}",
            "input": "numeric" if kind == "int" else "decimal"}


# Every setting, declared once: the page's form, share link and kept record are built from
# this, and the checks below read their bounds from it. new_model: changing it makes a new
# Trainer from step 0.
SETTINGS = (
    number("steps", "int", 1, 100_000, 1000, "run", True),
    number("learning_rate", "float", 1e-5, 1.0, 0.01, "run", True),
    number("seed", "int", 0, 2**31 - 1, 42, "run", True),
    number("n_layer", "int", 1, 4, 1, "model", True),
    number("n_embd", "int", 1, 64, 16, "model", True),
    number("n_head", "int", 1, 16, 4, "model", True),
    number("block_size", "int", 1, 64, 16, "model", True),
    {"key": "engine", "kind": "choice", "choices": sorted(ENGINES), "default": "fast", "group": "sampling",
     "new_model": False, "label": "lab.field.engine", "hint": "lab.hint.engine"},
    number("temperature", "float", 0.01, 5.0, 0.5, "sampling", False),
    number("n_samples", "int", 1, 100, 20, "sampling", False),
    # a prefix is shorter than block_size, so at most the largest block_size - 1 characters
    {"key": "prefix", "kind": "text", "max_length": 63, "default": "", "group": "sampling",
     "new_model": False, "label": "lab.field.prefix"},
)
SCHEMA_VERSION = 1

# Changing one of these means a new model (a new Trainer from step 0).
MODEL_KEYS = tuple(s["key"] for s in SETTINGS if s["new_model"])
# key -> (kind, smallest, largest) for the numeric settings
LIMITS = {s["key"]: (s["kind"], s["min"], s["max"]) for s in SETTINGS if "min" in s}


def schema():
    """The settings as plain data: what the settings_schema command and site/settings.json
    hold, so the page can build its form before Python has loaded."""
    return {"version": SCHEMA_VERSION, "groups": list(GROUPS),
            "settings": [dict(s) for s in SETTINGS]}


# seconds one training step may take in the tab, by cost.step_seconds: above REFUSE_SECONDS the
# settings are refused (Pause and every widget would wait that long), above WARN_SECONDS a
# warning says training will be slow
REFUSE_SECONDS = 1.0
WARN_SECONDS = 0.3
BUNDLED_VOCAB = 27  # the bundled names' vocabulary, for an estimate before any dataset
WIDGET_SECONDS = 2.0  # a walkthrough widget's call estimated above this is refused


def defaults():
    return {s["key"]: s["default"] for s in SETTINGS}


def error(key, message, **params):
    """One problem: `key` names the page's translated message, `message` is the English one."""
    return {"key": key, "message": message, **params}


def parse_number(name, raw):
    """Text or number -> (value, None) or (None, error); bounds from LIMITS."""
    kind, lo, hi = LIMITS[name]
    text = str(raw).strip() if not isinstance(raw, (int, float)) or isinstance(raw, bool) else raw
    if text == "":
        return None, error("required", f"{name} is required")
    try:
        value = float(text)
    except (TypeError, ValueError, OverflowError):  # 10**400 has no float
        return None, error("number", f"{name} must be a number, got {raw!r}")
    if not math.isfinite(value):
        return None, error("number", f"{name} must be a finite number, got {raw!r}")
    if kind == "int":
        if value != int(value):
            return None, error("whole", f"{name} must be a whole number, got {raw!r}")
        value = int(value)
    if not lo <= value <= hi:
        return None, error("range", f"{name} must be from {lo:g} to {hi:g}", min=lo, max=hi)
    return value, None


def step_cost(settings, vocab_size=BUNDLED_VOCAB, longest_doc=None):
    """Estimated seconds of one training step in the tab for complete, valid settings."""
    config = GPTConfig(n_layer=settings["n_layer"], n_embd=settings["n_embd"],
                       n_head=settings["n_head"], block_size=settings["block_size"])
    return cost.step_seconds(settings["engine"], count_params(config, vocab_size),
                             cost.positions(config.block_size, longest_doc))


def cost_problem(settings, tokenizer=None, longest_doc=None):
    """error(...) when one step would be too slow (a refusal) or slow (one with warning=True,
    which does not make the settings invalid); None when it is quick or the sizes are not
    valid yet. longest_doc (characters) bounds a step's positions; without it a step fills
    block_size."""
    if any(k not in settings for k in ("n_layer", "n_embd", "n_head", "block_size", "engine")):
        return None
    vocab = tokenizer.vocab_size if tokenizer is not None else BUNDLED_VOCAB
    seconds = step_cost(settings, vocab, longest_doc)
    shown = float(f"{seconds:.2g}")  # an estimate: two figures are all it knows
    engine = settings["engine"]
    step = f"a training step at these sizes takes up to about {shown:g} s in the browser " \
           f"with the {engine} engine"
    if seconds > REFUSE_SECONDS:
        other = "" if engine == "fast" else " or the fast engine"
        return error("cost" if other else "cost_fast", f"{step}, more than the "
                     f"{REFUSE_SECONDS:g} s allowed: choose smaller sizes{other}",
                     seconds=shown, limit=REFUSE_SECONDS, engine=engine)
    if seconds > WARN_SECONDS:
        return error("cost_slow", f"{step}: training will be slow", seconds=shown,
                     engine=engine, warning=True)
    return None


def refusals(settings, tokenizer=None, longest_doc=None):
    """{"engine": error(...)} for parsed settings whose training step is too slow; else {}.
    Checked where a model is made or its engine changes, not for sampling a loaded one."""
    problem = cost_problem(settings, tokenizer, longest_doc)
    return {"engine": problem} if problem and not problem.get("warning") else {}


def too_costly(seconds):
    """A walkthrough widget's problem ({"key", "message", ...}) when its call is estimated
    (cost.step_seconds) to take over WIDGET_SECONDS; None when it is quick enough."""
    if seconds <= WIDGET_SECONDS:
        return None
    shown = float(f"{seconds:.2g}")
    return error("too_costly", f"at this model's size this would take up to about {shown:g} s "
                 f"(the limit here is {WIDGET_SECONDS:g} s): try a shorter name or a smaller "
                 "model", seconds=shown, limit=WIDGET_SECONDS)


def scalar_pass_problem(num_params, positions):
    """too_costly for a pass of Values (a trace, a preview step) over `positions`: one costs
    about a scalar training step (measured: 1.0-1.6 times one)."""
    return too_costly(cost.step_seconds("scalar", num_params, positions))


def warnings(settings, tokenizer=None, longest_doc=None):
    """{"engine": error(..., warning=True)} for parsed settings that are slow; else {}."""
    problem = cost_problem(settings, tokenizer, longest_doc)
    return {"engine": problem} if problem and problem.get("warning") else {}


def parse(raw, tokenizer=None):
    """Page settings (strings or numbers) -> (settings, errors); unknown keys are ignored.

    errors maps a setting name to error(...); settings is complete only when errors is empty.
    tokenizer, when given, checks that the prefix uses characters of the dataset.
    """
    settings, errors = {}, {}
    for name in LIMITS:
        value, problem = parse_number(name, raw.get(name, ""))
        if problem:
            errors[name] = problem
        else:
            settings[name] = value
    engine = raw.get("engine", "")
    if engine in ENGINES:
        settings["engine"] = engine
    else:
        errors["engine"] = error("engine", f"unknown engine {engine!r}", choices=sorted(ENGINES))
    n_embd, n_head = settings.get("n_embd"), settings.get("n_head")
    if n_embd and n_head and n_embd % n_head:
        errors["n_head"] = error("divisible", f"n_embd ({n_embd}) must be divisible by "
                                 f"n_head ({n_head})", n_embd=n_embd, n_head=n_head)
    prefix = raw.get("prefix", "")
    if not isinstance(prefix, str):
        errors["prefix"] = error("text", "prefix must be text")
    else:
        prefix = prefix.strip()
        unknown = [c for c in prefix if tokenizer is not None and c not in tokenizer.chars]
        block_size = settings.get("block_size")
        if unknown:
            errors["prefix"] = error("char", f"character {unknown[0]!r} is not in the dataset",
                                     char=unknown[0])
        elif block_size and len(prefix) >= block_size:
            errors["prefix"] = error("prefix_long", f"prefix must be shorter than block_size "
                                     f"({block_size})", max=block_size - 1)
        settings["prefix"] = prefix
    return settings, errors


def fit_prefix(settings, tokenizer):
    """(settings, cleared) for a new tokenizer or block_size (a dataset, a model file): a prefix
    they cannot start names with is emptied, the other settings kept. cleared is
    {"prefix": the old one, "problem": error(...)} then, else None."""
    problem = parse(settings, tokenizer)[1].get("prefix")
    if not problem:
        return settings, None
    return {**settings, "prefix": ""}, {"prefix": settings["prefix"], "problem": problem}


def first_message(errors):
    """One readable sentence for a ValueError."""
    name = next(iter(errors))
    return errors[name]["message"]
