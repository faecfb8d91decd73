"""Commands the page calls: a registry and one JSON-in, JSON-out entry point.

The worker calls handle_json(cmd, args_json) and gets back a JSON string holding either
{"result": ..., "version": n} or {"error": "readable message"}. `version` is the session's
model version, so the page knows when to redraw what depends on the parameters.

More commands live in other modules: they do `from microgpt.api import command, SESSION`,
decorate functions with @command("name"), and are imported at the bottom of this file.
"""
import inspect
import json
import math
import traceback

from .session import Session
from .settings import schema

SESSION = Session()  # the one state of this interpreter (the worker owns one interpreter)
COMMANDS = {}
MAX_CHUNK_MS = 600_000  # the longest a train call may be asked to run; the lab's Step asks 60 s


def command(name):
    """Register a function as the page command `name`; its keyword arguments come from JSON."""
    def register(fn):
        if name in COMMANDS:
            raise ValueError(f"command {name!r} is registered twice")
        COMMANDS[name] = fn
        return fn
    return register


def plain(value):
    """JSON-safe copy: non-finite floats (a diverged loss) become None, tuples lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def handle(cmd, args):
    """Run one command with a dict of keyword arguments; bad calls raise ValueError."""
    fn = COMMANDS.get(cmd)
    if fn is None:
        raise ValueError(f"unknown command {cmd!r}; known: {', '.join(sorted(COMMANDS))}")
    if not isinstance(args, dict):
        raise ValueError(f"{cmd}: arguments must be a JSON object")
    try:
        inspect.signature(fn).bind(**args)
    except TypeError as e:
        raise ValueError(f"{cmd}: {e}") from None
    return fn(**args)


def handle_json(cmd, args_json="{}"):
    try:
        try:
            args = json.loads(args_json or "{}")
        except json.JSONDecodeError as e:
            raise ValueError(f"{cmd}: arguments are not valid JSON ({e})") from None
        result = handle(cmd, args)
        return json.dumps({"result": plain(result), "version": SESSION.version})
    except ValueError as e:
        return json.dumps({"error": str(e)})
    except KeyboardInterrupt:  # the page's Stop (Pyodide's interrupt buffer); see session.rollback
        return json.dumps({"error": f"{cmd}: stopped; the model is as it was before the step "
                           "under way", "stopped": True, "version": SESSION.version})
    except Exception as e:  # a bug: say so plainly, keep the details in the console
        traceback.print_exc()
        return json.dumps({"error": f"internal error in {cmd}: {type(e).__name__}: {e}"})


@command("init")
def init(text, name="names.txt", settings=None):
    """Load a dataset (the text of a file, one document per line) and apply settings."""
    files.check_init(text, name, settings)  # all checked first: a refusal changes nothing
    SESSION.set_dataset(text, name)
    if settings:
        SESSION.configure(settings, reset=True)
    return SESSION.status()


@command("settings_schema")
def settings_schema():
    """Every setting's key, kind, bounds, default, group and label key (settings.schema)."""
    return schema()


@command("status")
def status():
    return SESSION.status()


@command("renumber")
def renumber(after):
    """A restarted worker's session carries on the page's numbering: its version and model_id
    (never above the version) come after `after`, the last version the page saw."""
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ValueError(f"renumber: after must be a whole number >= 0, got {after!r}")
    SESSION.version = max(SESSION.version, after + 1)
    SESSION.model_id = max(SESSION.model_id, after + 1)
    return {"version": SESSION.version, "model_id": SESSION.model_id}


def settings_object(cmd, settings):
    if not isinstance(settings, dict):
        raise ValueError(f"{cmd}: settings must be a JSON object of name: value")
    return settings


@command("validate")
def validate(settings):
    """{name: {"key", "message", ...}} for each invalid setting; {} when all are valid."""
    return SESSION.validate(settings_object("validate", settings))


@command("configure")
def configure(settings, reset=False):
    return SESSION.configure(settings_object("configure", settings), reset)


@command("reset")
def reset():
    return SESSION.reset()


@command("train")
def train(max_ms=50.0, max_steps=None):
    if isinstance(max_ms, bool) or not isinstance(max_ms, (int, float)) \
            or not 0 <= max_ms <= MAX_CHUNK_MS:  # NaN fails too; 10**400 never becomes a float
        raise ValueError(f"train: max_ms must be a number from 0 to {MAX_CHUNK_MS:,}")
    if max_steps is not None and (isinstance(max_steps, bool) or not isinstance(max_steps, int)
                                  or max_steps < 1):
        raise ValueError("train: max_steps must be a whole number from 1 up, or null")
    return SESSION.train(max_ms, max_steps)


@command("steps_since")
def steps_since(step=0):
    """{steps, status} like a training chunk: how a page that missed steps taken elsewhere
    (the walkthrough's applied step) catches up. Only the last steps are kept."""
    if isinstance(step, bool) or not isinstance(step, int):
        raise ValueError(f"steps_since: step must be a whole number, got {step!r}")
    return {"steps": SESSION.steps_since(step), "status": SESSION.status()}


@command("sample")
def sample(n=None, temperature=None, prefix=None):
    return SESSION.sample(n, temperature, prefix)


from .explain import walk1  # noqa: E402,F401  walkthrough sections 1-6
from .explain import walk2  # noqa: E402,F401  walkthrough sections 7-12
from . import files  # noqa: E402,F401  datasets and model files (issue 7)
