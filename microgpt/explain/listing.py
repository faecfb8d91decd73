"""Real source of a package function, with the line each explained step runs on."""
import inspect
import textwrap


def listing(fn, markers):
    """{"name", "first_line", "source", "lines": {key: 1-based line within code}}.

    markers is a list of (key, text); each key's line is the first line containing its text
    after the previous key's line, so repeated lines (two rmsnorm calls) resolve in order.
    A marker that is not found raises: the explanation no longer matches the code.
    """
    lines, first = inspect.getsourcelines(fn)
    found, at = {}, 0
    for key, text in markers:
        for n in range(at, len(lines)):
            if text in lines[n]:
                found[key] = n + 1
                at = n + 1
                break
        else:
            raise LookupError(f"{fn.__qualname__}: no line with {text!r} for step {key!r}")
    return {"name": fn.__qualname__, "first_line": first, "lines": found,
            "source": textwrap.dedent("".join(lines))}
