"""The page commands behind walkthrough sections 1-6; each returns a widget's plain data.

Imported by microgpt.api, which registers them; model-dependent ones read the session's
current Trainer, so they work before any training and change as it trains.
"""
from ..api import SESSION, command
from . import autograd, dataset, loss, softmax, tokens


LAST_SUMMARY = [None, None]  # [docs, summary]: the widget asks again on every model change


@command("dataset")
def dataset_command():
    SESSION.require_model()
    if LAST_SUMMARY[0] is not SESSION.docs:
        LAST_SUMMARY[:] = [SESSION.docs, dataset.dataset_summary(SESSION.docs)]
    return {"name": SESSION.dataset["name"], **LAST_SUMMARY[1]}


@command("dataset_search")
def dataset_search(query):
    SESSION.require_model()
    return dataset.dataset_search(SESSION.docs, SESSION.doc_set, query)


@command("tokenizer")
def tokenizer(text):
    return tokens.tokenize(SESSION.require_model().tokenizer, text)


@command("prediction")
def prediction(text, top=5):
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 27:
        raise ValueError("top must be a whole number from 1 to 27")
    return tokens.prediction(SESSION.require_model(), text, top)


@command("softmax")
def softmax_command(logits):
    return softmax.softmax_bars(logits)


@command("softmax_steps")
def softmax_steps(logits=None):
    return softmax.softmax_steps(logits)


@command("loss_curve")
def loss_curve():
    return loss.loss_curve(SESSION.require_model().tokenizer.vocab_size)


@command("graph")
def graph(text, values=None):
    return autograd.graph(text, values)


@command("value_steps")
def value_steps():
    return autograd.value_steps()
