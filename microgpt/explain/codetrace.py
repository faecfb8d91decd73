"""Watching the package's own code run: its source, and the state after each line it runs.

The code step-throughs show the real source of a function (inspect.getsource) and light up
the lines the interpreter actually ran, so they stay right when that source changes.
"""
import ast
import inspect
import sys
import textwrap


def source_of(obj):
    """{"name", "source", "first_line"}: the text of a function or class, as the package has it."""
    lines, first_line = inspect.getsourcelines(obj)
    return {"name": obj.__qualname__, "source": "".join(lines), "first_line": first_line}


def assigned_names(source):
    """Names a function's body assigns at its top level, in order (its own variables)."""
    body = ast.parse(textwrap.dedent(source)).body[0].body
    names = []
    for stmt in body:
        for target in stmt.targets if isinstance(stmt, ast.Assign) else []:
            if isinstance(target, ast.Name) and target.id not in names:
                names.append(target.id)
    return names


def run_traced(fn, codes, snapshot, lines=None):
    """Call fn() and record what each line run inside the code objects `codes` left behind.

    Returns (result, events); an event is (code, line, state) where line is the file's line
    number and state = snapshot(frame, returned) taken right after that line ran (returned
    is the return value on a function's last line, else None). Other code runs untraced;
    with `lines` (a set of file line numbers) only those lines are recorded.
    """
    events = []
    current = {}  # frame -> the line it is running, not yet recorded

    def local(frame, event, arg):
        if event in ("line", "return"):
            line = current.pop(frame, None)
            if line is not None and (lines is None or line in lines):
                events.append((frame.f_code, line,
                               snapshot(frame, arg if event == "return" else None)))
            if event == "line":
                current[frame] = frame.f_lineno
        return local

    def on_call(frame, event, arg):
        return local if frame.f_code in codes else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        result = fn()
    finally:
        sys.settrace(previous)
    return result, merge_repeats(events)


def merge_repeats(events):
    """One event per run of the same line (a comprehension repeats its line once per item)."""
    merged = []
    for event in events:
        if merged and merged[-1][:2] == event[:2]:
            merged[-1] = event
        else:
            merged.append(event)
    return merged


def relative(line, first_line):
    """A file line number as a line of a source that starts at first_line (1-based)."""
    return line - first_line + 1
