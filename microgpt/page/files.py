"""Page commands for the reader's own data and model files: datasets, checkpoints.

A refused dataset or model file is an answer, not a failure: the command returns
{"refused": {"key", "message", ...}} and the current dataset and model stay as they were.
"""
import base64
import binascii
import io

from .. import checkpoint
from ..checkpoint_rules import CheckpointError
from ..data import docs_fingerprint
from ..tokenizer import Tokenizer
from ..trainer import Trainer
from .dataset import (MAX_BYTES, DatasetError, check_text, decode, is_karpathy_names, report,
                      rules)
from .settings import LIMITS, MODEL_KEYS, error, first_message, fit_prefix, parse


def dataset_rules(session):
    """The limits a dataset must meet, and the largest model file the page reads."""
    return {**rules(), "max_checkpoint_bytes": checkpoint.MAX_BYTES}


def dataset_report(session):
    """The current dataset under the rules, for the current block_size."""
    session.require_model()
    return report(session.docs, session.settings["block_size"], session.dataset["name"])


def file_text(name, text, data_base64):
    """The text of a pasted dataset, or of an uploaded file sent as base64 bytes."""
    if (text is None) == (data_base64 is None):
        raise ValueError("give the dataset as text or as data_base64, not both or neither")
    if text is not None:
        return text
    if not isinstance(data_base64, str):
        raise ValueError("data_base64 must be a base64 string")
    if len(data_base64) > (MAX_BYTES + 2) // 3 * 4:
        raise DatasetError("too_big", f"{name} is over the limit of {MAX_BYTES:,} bytes",
                           size=len(data_base64) // 4 * 3, max_bytes=MAX_BYTES)
    try:
        raw = base64.b64decode(data_base64, validate=True)
    except binascii.Error:
        raise ValueError("data_base64 is not valid base64") from None
    return decode(raw, name)


def check_init(session, text, name, settings):
    """init's dataset and settings checked before the session changes: the dataset rules,
    then the settings as init would apply them (over the current ones, prefix fitted)."""
    docs = check_text(text, name)
    if settings is None:
        return
    if not isinstance(settings, dict):
        raise ValueError("init: settings must be a JSON object")
    tokenizer = Tokenizer.from_docs(docs)
    errors = parse({**fit_prefix(session.settings, tokenizer)[0], **settings}, tokenizer)[1]
    if errors:
        raise ValueError(first_message(errors))


def use_dataset(session, name, text=None, data_base64=None):
    """Check a dataset against the rules and, when it passes, train on it from step 0."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a dataset needs a name")
    name = name.strip()[:200]
    try:
        text = file_text(name, text, data_base64)
        check_text(text, name)
    except DatasetError as e:
        return {"refused": {**e.to_dict(), "name": name}}
    cleared = session.set_dataset(text, name)
    return {"report": dataset_report(session), "karpathy_names": is_karpathy_names(text),
            "prefix_cleared": cleared, "status": session.status()}


def save_model(session):
    """The current model as checkpoint text (the package's JSON format) and a file name."""
    trainer = session.require_model()
    out = io.StringIO()
    trainer.save(out)
    return {"text": out.getvalue(), "filename": f"microgpt-step{trainer.step_count}.json"}


def outside_the_page(problem):
    return CheckpointError("model_file", f"this model's settings are outside what the page "
                           f"allows: {problem['message']}")


def check_page_limits(data):
    """Refuse settings outside the page's bounds before building anything (a doctored n_layer
    alone could ask for millions of matrices). Compared exactly: 10**400 is never a float."""
    config, optimizer = data.get("config"), data.get("optimizer")
    values = {**(config if isinstance(config, dict) else {}), "seed": data.get("seed"),
              "steps": data.get("steps"),
              "learning_rate": optimizer.get("learning_rate") if isinstance(optimizer, dict)
              else None}
    for key in MODEL_KEYS:
        value = values.get(key)
        if type(value) not in (int, float):
            continue  # missing or of the wrong kind: the checkpoint's own check names it
        _, lo, hi = LIMITS[key]
        if not lo <= value <= hi:
            raise outside_the_page(error("range", f"{key} must be from {lo:g} to {hi:g}",
                                         min=lo, max=hi))


def model_settings(session, trainer):
    """(settings, cleared prefix) for a loaded model: its own settings where it has them, the
    rest kept; a prefix it cannot start names with is emptied (see fit_prefix)."""
    config = trainer.config
    own = {"seed": trainer.seed, "steps": trainer.steps,
           "learning_rate": trainer.adam.learning_rate, "n_layer": config.n_layer,
           "n_embd": config.n_embd, "n_head": config.n_head, "block_size": config.block_size,
           "engine": trainer.engine_name}
    merged, cleared = fit_prefix({**session.settings, **own}, trainer.tokenizer)
    settings, errors = parse(merged, trainer.tokenizer)
    outside = [k for k in MODEL_KEYS if k in errors]
    if outside:
        raise outside_the_page(errors[outside[0]])
    if errors:
        raise ValueError(first_message(errors))
    return settings, cleared


def load_model(session, text):
    """Make a checkpoint the current model. It trains on if the current dataset is the one
    it was trained on; otherwise it can only sample. Everything is checked before the
    current model is replaced."""
    if not isinstance(text, str):
        raise ValueError("a model file must be sent as text")
    try:
        data = checkpoint.parse(checkpoint.read_text(io.StringIO(text)))
        check_page_limits(data)
        same = session.docs is not None and \
            docs_fingerprint(session.docs) == data.get("docs_sha256")
        parts = checkpoint.check(data, docs=session.docs if same else None)
        trainer = checkpoint.build(Trainer, parts)
        settings, cleared = model_settings(session, trainer)
    except CheckpointError as e:
        return {"refused": e.to_dict()}
    except ValueError as e:
        return {"refused": {"key": "model_file", "message": str(e)}}
    session.load(trainer, settings)
    return {"can_train": same, "num_docs": trainer.num_docs, "prefix_cleared": cleared,
            "status": session.status()}


COMMANDS = {"dataset_rules": dataset_rules, "dataset_report": dataset_report,
            "use_dataset": use_dataset, "save_model": save_model, "load_model": load_model}
