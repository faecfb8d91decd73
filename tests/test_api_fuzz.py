"""Property test over the page's JSON commands: any command from the table with any JSON
arguments gets a result or a readable refusal, never an "internal error", and the session it
ran in still trains afterwards. Each example runs in a session of its own."""
import inspect
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from microgpt.page import COMMANDS, Session, handle_json
from microgpt.page.settings import defaults

DATA = "ana\nbob\nzoe\nkara\nemma\nliam\nmia\nnoa\n"  # short names: every step costs little
START = {"steps": 30, "engine": "fast"}  # a whole run is 30 cheap steps, whatever train is asked
# deadline=None: a busy machine must not fail a run; the inputs below bound the work instead.
# Examples per command: a modest 30 in the suite; MICROGPT_FUZZ_EXAMPLES=500 for a longer hunt.
FUZZ = settings(max_examples=int(os.environ.get("MICROGPT_FUZZ_EXAMPLES", 30)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# Arguments whose size is work (steps, names, engines compared): bounded numbers, any type.
COSTLY = {("efficiency", "steps"), ("sample", "n"), ("prediction", "top")}
# Why a session may rightly refuse to train after a command: it finished, or holds a model
# file loaded without its dataset.
CANNOT_TRAIN = re.compile(r"training is finished|without its dataset|cannot train|can_train")

NUMBERS = (st.integers(-3, 40) | st.integers() | st.sampled_from([10**30, -10**30, 10**400, 2**63])
           | st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([1e308, -1e-308]))
TEXTS = st.text(max_size=12) | st.sampled_from(["", "emma", "ka", "fast", "scalar", "wte",
                                                "a*b", "log(a)", "<b>", "\x00", "é", "Z" * 80])
SCALARS = st.none() | st.booleans() | NUMBERS | TEXTS  # None stands for NaN and Infinity
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5)
                      | st.dictionaries(TEXTS, inner, max_size=4), max_leaves=10)
SMALL = st.none() | st.booleans() | st.integers(-3, 5) | st.floats(-2, 5) | TEXTS


def settings_dicts():
    """Settings with the real keys (and a stray one), valid-looking or not."""
    keys = sorted(defaults()) + ["bogus"]
    return st.dictionaries(st.sampled_from(keys), SCALARS, max_size=5)


@st.composite
def arguments(draw, cmd):
    """Arguments for `cmd`: named after its parameters, or other names, each with any JSON
    value; now and then not an object at all."""
    fn = COMMANDS.get(cmd)
    names = list(inspect.signature(fn).parameters)[1:] if fn else []  # after the session
    if draw(st.integers(0, 19)) == 0:
        return draw(VALUES)  # a list, a number, a string...: not keyword arguments
    args = {}
    for name in names + draw(st.lists(TEXTS, max_size=1)):
        if not draw(st.booleans()):
            continue
        if (cmd, name) in COSTLY:
            args[name] = draw(SMALL)
        elif name == "settings":
            args[name] = draw(settings_dicts() | VALUES)
        else:
            args[name] = draw(VALUES)
    return args


def reply(session, cmd, args):
    out = json.loads(handle_json(session, cmd, json.dumps(args)))
    assert ("result" in out) != ("error" in out), out
    if "error" in out:
        assert isinstance(out["error"], str) and out["error"].strip(), out
        assert not out["error"].startswith("internal error"), (cmd, args, out["error"])
    return out


def still_trains(session, cmd, args):
    after = reply(session, "train", {"max_ms": 1000, "max_steps": 1})
    if "error" in after:  # only where the command rightly left nothing to train
        assert CANNOT_TRAIN.search(after["error"]), (cmd, args, after["error"])
    else:
        assert len(after["result"]["steps"]) == 1


@pytest.mark.parametrize("cmd", sorted(COMMANDS))
@FUZZ
@given(data=st.data())
def test_every_command_answers_a_result_or_a_refusal_and_training_goes_on(cmd, data):
    args = data.draw(arguments(cmd), label="args")
    session = Session()  # each example in a session of its own
    assert "result" in reply(session, "init", {"text": DATA, "name": "small.txt",
                                               "settings": START})
    reply(session, cmd, args)
    still_trains(session, cmd, args)


@FUZZ
@given(TEXTS, VALUES)
def test_an_unknown_command_is_named_in_its_refusal(cmd, args):
    if cmd in COMMANDS:
        return
    session = Session()
    reply(session, "init", {"text": DATA, "settings": START})
    assert repr(cmd) in reply(session, cmd, args)["error"]
    still_trains(session, cmd, args)


def test_a_refused_command_leaves_the_model_as_it_was():
    session = Session()
    reply(session, "init", {"text": DATA, "settings": START})
    reply(session, "train", {"max_ms": 1000, "max_steps": 2})
    before = session.status()
    for cmd, args in [("configure", {"settings": {"n_embd": "x"}}), ("init", {"text": ""}),
                      ("sample", {"n": -1}), ("train", {"max_steps": "2"})]:
        assert "error" in reply(session, cmd, args)
    assert session.status() == before
