"""Stopping a call midway (the page's Stop: a KeyboardInterrupt raised inside Python).

The interrupt is raised from a trace function at a chosen event, so it can land anywhere:
in the forward pass, in backward, half way through Adam, or after the step while the reply
is being written. Whatever the point, the reply says "stopped" (never "internal error") and
the model is either exactly as before the step or exactly as after a whole one.
"""
import json
import sys

import pytest

from microgpt.page import COMMANDS, Session, handle_json

SESSION = Session()  # one session for every test, as the worker keeps one

TEXT = "\n".join(["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia",
                  "harper", "evelyn", "abigail", "emily", "ella", "elizabeth", "luna", "avery"])
SMALL = {"n_layer": 1, "n_embd": 8, "n_head": 2, "block_size": 8, "steps": 6, "seed": 3}
ENGINES = ["scalar", "fast"]


def fresh(engine):
    """The one session, with a new model: the same model every time."""
    out = json.loads(handle_json(SESSION, "init", json.dumps(
        {"text": TEXT, "name": "names.txt", "settings": {**SMALL, "engine": engine}})))
    assert "result" in out, out


def state():
    """Everything a step or a sample may change, as comparable plain data."""
    t = SESSION.trainer
    m, v = t.engine.moments()
    grads = [p.grad for p in getattr(t.engine, "param_list", [])]
    return json.dumps([t.state_dict(), m, v, t.step_count, repr(t.rng.getstate()),
                       list(SESSION.log), any(grads)])


def run(cmd, args, stop_at=None, stop_in=None):
    """handle_json(cmd, args); with stop_at, a KeyboardInterrupt at that trace event; with
    stop_in=(name, k, j), at the j-th event after function `name` is called the k-th time.
    Returns (reply, events seen)."""
    seen = {"events": 0, "where": [], "calls": 0, "after": None}

    def tracer(frame, event, arg):
        seen["events"] += 1
        seen["where"].append(frame.f_code.co_name)
        if stop_in and event == "call" and frame.f_code.co_name == stop_in[0]:
            seen["calls"] += 1
            if seen["calls"] == stop_in[1]:
                seen["after"] = 0
        if seen["after"] is not None:
            seen["after"] += 1
        if seen["events"] == stop_at or (stop_in and seen["after"] == stop_in[2]):
            raise KeyboardInterrupt  # as Pyodide does when the page writes SIGINT
        return tracer

    args = json.dumps(args)
    sys.settrace(tracer)
    try:
        reply = handle_json(SESSION, cmd, args)
    except KeyboardInterrupt:  # raised as handle_json returns: the worker says "stopped"
        return {"escaped": seen["where"][-1]}, seen
    finally:
        sys.settrace(None)
    return json.loads(reply), seen


def stop_points(where, adam):
    """Event numbers to stop at: spread over the call, and first/middle/last inside Adam."""
    n = len(where)
    spread = {max(1, n * k // 12) for k in range(1, 12)} | {1, n}
    inside = [i + 1 for i, name in enumerate(where) if name == adam]
    assert inside, f"{adam} never ran"
    return sorted(spread | {inside[0], inside[len(inside) // 2], inside[-1], inside[-1] + 1})


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stopped_step_leaves_the_model_as_before_or_after_it(engine):
    for _ in range(2):  # the first run compiles the fast engine's kernels: count the second
        fresh(engine)
        handle_json(SESSION, "train", json.dumps({"max_steps": 1}))  # Adam's moments non-zero
        before = state()
        whole, seen = run("train", {"max_steps": 1})
    after, next_loss = state(), None
    assert "result" in whole
    next_loss = json.loads(handle_json(SESSION, "train", json.dumps({"max_steps": 1})))["result"]
    adam = "adam_update" if engine == "scalar" else "adam_step"
    stopped = 0
    for stop_at in stop_points(seen["where"], adam):
        fresh(engine)
        handle_json(SESSION, "train", json.dumps({"max_steps": 1}))
        version = SESSION.version
        reply, seen_now = run("train", {"max_steps": 1}, stop_at)
        if "result" in reply:  # a call of fewer events (garbage collection varies): no stop
            assert seen_now["events"] < stop_at, f"event {stop_at}: the stop was swallowed"
            continue
        now = state()
        assert now in (before, after), f"event {stop_at}: a half-applied step"
        if "escaped" in reply:  # only as handle_json starts or returns, outside its try
            assert reply["escaped"] == "handle_json"
        else:
            assert reply.get("stopped") is True, reply
            assert "internal error" not in reply["error"]
            assert (reply["version"] > version) == (now == after), "version says if it moved"
        stopped += 1
        if now == before:  # the step again: the same loss as the run never stopped
            again = json.loads(handle_json(SESSION, "train",
                                           json.dumps({"max_steps": 1})))["result"]
            assert again["steps"] == whole["result"]["steps"]
        again = json.loads(handle_json(SESSION, "train", json.dumps({"max_steps": 1})))["result"]
        assert again["steps"] == next_loss["steps"]
    assert stopped >= 12


def test_a_stop_in_a_later_step_keeps_the_steps_before_it():
    fresh("fast")
    handle_json(SESSION, "train", json.dumps({"max_steps": 1}))
    one_step = state()
    fresh("fast")
    reply, _ = run("train", {"max_steps": 3, "max_ms": 60_000}, stop_in=("adam_step", 2, 40))
    assert reply["stopped"] is True
    assert state() == one_step
    assert [e["step"] for e in SESSION.steps_since(0)] == [1]


def test_a_stopped_sample_draws_the_same_names_when_asked_again():
    fresh("fast")
    done = json.dumps({"max_steps": 6, "max_ms": 600_000})  # all 6, however slow the machine
    handle_json(SESSION, "train", done)  # done: names come from the trainer's rng
    before = state()
    names, seen = run("sample", {"n": 5})
    fresh("fast")
    handle_json(SESSION, "train", done)
    reply, _ = run("sample", {"n": 5}, len(seen["where"]) // 2)
    assert reply["stopped"] is True and state() == before
    again = json.loads(handle_json(SESSION, "sample", json.dumps({"n": 5})))
    assert again["result"] == names["result"] and len(names["result"]) == 5


def test_a_stopped_walkthrough_step_is_not_applied():
    fresh("scalar")
    before = state()
    reply, _ = run("apply_step", {"name": "emma"}, stop_in=("adam_update", 1, 200))
    assert reply["stopped"] is True and state() == before
    assert "result" in json.loads(handle_json(SESSION, "apply_step", json.dumps({"name": "emma"})))
    assert state() != before


def test_a_stopped_read_only_call_just_says_so():
    fresh("fast")
    before = state()
    reply, _ = run("forward", {"name": "emma", "pos_id": 1}, stop_in=("forward_view", 1, 500))
    assert reply == {"error": reply["error"], "stopped": True, "version": SESSION.version}
    assert "stopped" in reply["error"] and state() == before


def test_renumber_puts_versions_and_model_ids_after_the_pages():
    fresh("fast")
    out = json.loads(handle_json(SESSION, "renumber", json.dumps({"after": 500})))["result"]
    assert out == {"version": 501, "model_id": 501}
    assert SESSION.status()["version"] == 501
    assert "error" in json.loads(handle_json(SESSION, "renumber", json.dumps({"after": True})))
    assert COMMANDS["renumber"]
