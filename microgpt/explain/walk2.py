"""Page commands for walkthrough sections 7-12; each reads the session's current model.

Only apply_step changes the model; every other command works on copies or only reads.
"""
from ..api import SESSION, command
from .attention import attention_view
from .efficiency import compare_engines
from .embedding import embedding_lookup, token_map
from .forward import forward_view
from .learning import apply_step, step_preview
from .sampling_view import generate_steps, next_token_view


@command("embedding")
def embedding_lookup_cmd(name="emma"):
    return embedding_lookup(SESSION.require_model(), name)


@command("token_map")
def token_map_cmd():
    return token_map(SESSION.require_model())


@command("attention")
def attention_cmd(name="emma", layer=0):
    return attention_view(SESSION.require_model(), name, layer)


@command("forward")
def forward_cmd(name="emma", pos_id=1):
    return forward_view(SESSION.require_model(), name, pos_id)


@command("step_preview")
def step_preview_cmd(name="emma", param="wte", row=None, col=0):
    return step_preview(SESSION.require_model(), name, param, row, col)


@command("apply_step")
def apply_step_cmd(name="emma"):
    with SESSION.rollback() as trainer:  # stopped midway: no half-applied step
        out = apply_step(trainer, name)
        if "problem" not in out:
            SESSION.record(out)  # the lab's chart and moving average count it too
    if "problem" not in out:
        SESSION.version += 1  # the parameters moved: widgets showing them redraw
    return {**out, "status": SESSION.status()}


@command("next_token")
def next_token_cmd(prefix="", temperature=1.0):
    return next_token_view(SESSION.require_model(), prefix, temperature)


@command("generate")
def generate_steps_cmd(prefix="", temperature=0.5, seed=0):
    return generate_steps(SESSION.require_model(), prefix, temperature, seed, SESSION.doc_set)


@command("efficiency")
def compare_engines_cmd(name="emma", steps=3):
    return compare_engines(SESSION.require_model(), name, steps)
