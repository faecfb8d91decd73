"""Settings that train too slowly in the tab: refused above one limit, warned about above another.

The estimate is the core's (cost.step_seconds); the limits are the page's.
"""
from .. import cost
from ..config import GPTConfig
from ..params import count_params
from .settings import error

# seconds one training step may take in the tab, by cost.step_seconds: above REFUSE_SECONDS the
# settings are refused (Pause and every widget would wait that long), above WARN_SECONDS a
# warning says training will be slow
REFUSE_SECONDS = 1.0
WARN_SECONDS = 0.3
# seconds a sample of names may take by cost.sample_seconds (the busy line offers Stop after 1 s)
SAMPLE_SECONDS = 30.0
BUNDLED_VOCAB = 27  # the bundled names' vocabulary, for an estimate before any dataset


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


def warnings(settings, tokenizer=None, longest_doc=None):
    """{"engine": error(..., warning=True)} for parsed settings that are slow; else {}."""
    problem = cost_problem(settings, tokenizer, longest_doc)
    return {"engine": problem} if problem and problem.get("warning") else {}


def sample_problem(trainer, n):
    """A refusal's message when sampling `n` names from `trainer`'s model could take over
    SAMPLE_SECONDS in the tab (a large model loaded from a file, on the scalar engine); else None."""
    seconds = cost.sample_seconds(trainer.engine_name, trainer.num_params,
                                  trainer.config.block_size, n)
    if seconds <= SAMPLE_SECONDS:
        return None
    shown = float(f"{seconds:.2g}")
    faster = "" if trainer.engine_name == "fast" else ", or choose the fast engine"
    return (f"sampling {n} name{'s' if n != 1 else ''} from this model could take up to about "
            f"{shown:g} s in the browser with the {trainer.engine_name} engine, more than the "
            f"{SAMPLE_SECONDS:g} s allowed: ask for fewer names{faster}")
