"""The page's settings: one schema, and parsing with errors the page can translate.

Keys are the package's own parameter names, the same in the URL, the form and Python.
"""
import math

from ..engines import ENGINES

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
    {"key": "engine", "kind": "choice", "choices": sorted(ENGINES), "default": "fast",
     "group": "sampling", "new_model": False, "label": "lab.field.engine",
     "hint": "lab.hint.engine"},
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


def check(name, value):
    """A command's number checked as the setting `name` (the walkthrough's temperature uses
    the lab's bounds): the value, or a ValueError naming the problem."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value, problem = parse_number(name, value)
    if problem:
        raise ValueError(problem["message"])
    return value


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
