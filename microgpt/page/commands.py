"""The page's commands: one table, and one JSON-in, JSON-out entry point.

The worker makes one Session and calls handle_json(session, cmd, args_json); the reply is a JSON
string holding {"result": ..., "version": n} or {"error": "readable message"}. `version` is the
session's model version, so the page knows when to redraw what depends on the parameters.
Every command is a plain function taking the session first, then its JSON arguments by name.
"""
import inspect
import json
import math
import traceback

from . import codelab, files, lab, walkthrough


def table(*groups):
    """One {name: function} from each module's COMMANDS; a name given twice is a bug."""
    merged = {}
    for group in groups:
        twice = merged.keys() & group.keys()
        if twice:
            raise ValueError(f"commands named twice: {', '.join(sorted(twice))}")
        merged.update(group)
    return merged


COMMANDS = table(lab.COMMANDS, files.COMMANDS, walkthrough.COMMANDS, codelab.COMMANDS)


def plain(value):
    """JSON-safe copy: non-finite floats (a diverged loss) become None, tuples lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def handle(session, cmd, args):
    """Run one command on `session` with a dict of keyword arguments; bad calls raise
    ValueError."""
    fn = COMMANDS.get(cmd)
    if fn is None:
        raise ValueError(f"unknown command {cmd!r}; known: {', '.join(sorted(COMMANDS))}")
    if not isinstance(args, dict):
        raise ValueError(f"{cmd}: arguments must be a JSON object")
    try:
        inspect.signature(fn).bind(session, **args)
    except TypeError as e:
        raise ValueError(f"{cmd}: {e}") from None
    return fn(session, **args)


def handle_json(session, cmd, args_json="{}"):
    try:
        try:
            args = json.loads(args_json or "{}")
        except json.JSONDecodeError as e:
            raise ValueError(f"{cmd}: arguments are not valid JSON ({e})") from None
        result = handle(session, cmd, args)
        return json.dumps({"result": plain(result), "version": session.version})
    except ValueError as e:
        return json.dumps({"error": str(e)})
    except KeyboardInterrupt:  # the page's Stop (Pyodide's interrupt buffer); see session.rollback
        return json.dumps({"error": f"{cmd}: stopped; the model is as it was before the step "
                           "under way", "stopped": True, "version": session.version})
    except Exception as e:  # a bug: say so plainly, keep the details in the console
        traceback.print_exc()
        return json.dumps({"error": f"internal error in {cmd}: {type(e).__name__}: {e}"})
