"""The walkthrough's commands: each reads the session's current model and returns a widget's
plain data from microgpt.explain, so the widgets work before any training and follow it.

Only apply_step changes the model; every other command works on copies or only reads.
"""
from ..explain import autograd, dataset, loss, softmax, tokens
from ..explain.attention import attention_view
from ..explain.efficiency import compare_engines
from ..explain.embedding import embedding_lookup, token_map
from ..explain.facts import model_facts
from ..explain.forward import forward_view
from ..explain.learning import apply_step, step_preview
from ..explain.optimiser import learning_rate_schedule, optimiser_race
from ..explain.sampling_view import generate_steps, next_token_view
from .settings import check


def dataset_command(session):
    session.require_model()
    docs, summary = session.summary
    if docs is not session.docs:  # the widget asks again on every model change
        session.summary = docs, summary = session.docs, dataset.dataset_summary(session.docs)
    return {"name": session.dataset["name"], **summary}


def dataset_search(session, query):
    session.require_model()
    return dataset.dataset_search(session.docs, session.doc_set, query)


def model_facts_command(session):
    """The live model's sizes for the walkthrough's text (see explain/facts.py)."""
    return model_facts(session.require_model(), session.settings)


def tokenizer(session, text):
    return tokens.tokenize(session.require_model().tokenizer, text)


def prediction(session, text, top=5):
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 27:
        raise ValueError("top must be a whole number from 1 to 27")
    return tokens.prediction(session.require_model(), text, top)


def softmax_command(session, logits):
    return softmax.softmax_bars(logits)


def softmax_steps(session, logits=None):
    return softmax.softmax_steps(logits)


def loss_curve(session):
    return loss.loss_curve(session.require_model().tokenizer.vocab_size)


def graph(session, text, values=None):
    return autograd.graph(text, values)


def value_steps(session):
    return autograd.value_steps()


def embedding(session, name="emma"):
    return embedding_lookup(session.require_model(), name)


def token_map_command(session):
    return token_map(session.require_model())


def attention(session, name="emma", layer=0):
    return attention_view(session.require_model(), name, layer)


def forward(session, name="emma", pos_id=1):
    return forward_view(session.require_model(), name, pos_id)


def step_preview_command(session, name="emma", param=None, row=None, col=None):
    return step_preview(session.require_model(), name, param, row, col)


def apply_step_command(session, name="emma"):
    with session.rollback() as trainer:  # stopped midway: no half-applied step
        out = apply_step(trainer, name)
    if "problem" not in out:
        session.stepped(out)  # the lab's chart and moving average count it too
    return {**out, "status": session.status()}


def next_token(session, prefix="", temperature=1.0):
    return next_token_view(session.require_model(), prefix, check("temperature", temperature))


def generate(session, prefix="", temperature=0.5, seed=0):
    return generate_steps(session.require_model(), prefix, check("temperature", temperature),
                          check("seed", seed), session.doc_set)


def lr_schedule(session):
    return learning_rate_schedule(session.require_model())


def optimiser(session, steps=40):
    return optimiser_race(session.require_model(), steps)


def efficiency(session, name="emma", steps=3):
    return compare_engines(session.require_model(), name, steps)


COMMANDS = {
    "model_facts": model_facts_command,
    "dataset": dataset_command, "dataset_search": dataset_search, "tokenizer": tokenizer,
    "prediction": prediction, "softmax": softmax_command, "softmax_steps": softmax_steps,
    "loss_curve": loss_curve, "graph": graph, "value_steps": value_steps,
    "embedding": embedding, "token_map": token_map_command, "attention": attention,
    "forward": forward, "step_preview": step_preview_command, "apply_step": apply_step_command,
    "next_token": next_token, "generate": generate, "efficiency": efficiency,
    "lr_schedule": lr_schedule, "optimiser": optimiser,
}
