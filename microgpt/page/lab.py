"""The lab's commands: a dataset and settings in, a model trained and sampled step by step.

Each takes the page's Session first; see commands.py for how they are called.
"""
from . import files
from .settings import schema

MAX_CHUNK_MS = 600_000  # the longest a train call may be asked to run; the lab's Step asks 60 s


def init(session, text, name="names.txt", settings=None):
    """Load a dataset (the text of a file, one document per line) and apply settings."""
    files.check_init(session, text, name, settings)  # all checked first: a refusal changes nothing
    session.set_dataset(text, name)
    if settings:
        session.configure(settings, reset=True)
    return session.status()


def settings_schema(session):
    """Every setting's key, kind, bounds, default, group and label key (settings.schema)."""
    return schema()


def status(session):
    return session.status()


def renumber(session, after):
    """A restarted worker's session carries on the page's numbering: its version and model_id
    (never above the version) come after `after`, the last version the page saw."""
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ValueError(f"renumber: after must be a whole number >= 0, got {after!r}")
    session.renumber(after)
    return {"version": session.version, "model_id": session.model_id}


def settings_object(cmd, settings):
    if not isinstance(settings, dict):
        raise ValueError(f"{cmd}: settings must be a JSON object of name: value")
    return settings


def validate(session, settings):
    """{name: {"key", "message", ...}} for each invalid setting; {} when all are valid."""
    return session.validate(settings_object("validate", settings))


def configure(session, settings, reset=False):
    return session.configure(settings_object("configure", settings), reset)


def reset(session):
    return session.reset()


def train(session, max_ms=50.0, max_steps=None):
    if isinstance(max_ms, bool) or not isinstance(max_ms, (int, float)) \
            or not 0 <= max_ms <= MAX_CHUNK_MS:  # NaN fails too; 10**400 never becomes a float
        raise ValueError(f"train: max_ms must be a number from 0 to {MAX_CHUNK_MS:,}")
    if max_steps is not None and (isinstance(max_steps, bool) or not isinstance(max_steps, int)
                                  or max_steps < 1):
        raise ValueError("train: max_steps must be a whole number from 1 up, or null")
    return session.train(max_ms, max_steps)


def steps_since(session, step=0):
    """{steps, status} like a training chunk: how a page that missed steps taken elsewhere
    (the walkthrough's applied step) catches up. Only the last steps are kept."""
    if isinstance(step, bool) or not isinstance(step, int):
        raise ValueError(f"steps_since: step must be a whole number, got {step!r}")
    return {"steps": session.steps_since(step), "status": session.status()}


def sample(session, n=None, temperature=None, prefix=None):
    return session.sample(n, temperature, prefix)


COMMANDS = {"init": init, "settings_schema": settings_schema, "status": status,
            "renumber": renumber, "validate": validate, "configure": configure, "reset": reset,
            "train": train, "steps_since": steps_since, "sample": sample}
