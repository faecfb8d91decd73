"""The cost estimate of a training step, and the settings it refuses or warns about."""
import itertools

import pytest

from microgpt import cost
from microgpt.page import Session
from microgpt.page.settings import defaults, parse
from microgpt.page.speed import REFUSE_SECONDS, WARN_SECONDS, refusals, step_cost, warnings

LARGEST = {"n_layer": 4, "n_embd": 64, "n_head": 4, "block_size": 64}
SIZES = {"n_layer": [1, 2, 3, 4], "n_embd": [4, 8, 16, 32, 64], "block_size": [2, 8, 16, 64]}


def sized(engine, **sizes):
    return {**defaults(), "engine": engine, "n_head": 4, **sizes}


@pytest.mark.parametrize("engine", sorted(cost.SECONDS))
@pytest.mark.parametrize("name", sorted(SIZES))
def test_the_estimate_grows_with_each_size(engine, name):
    others = {k: v for k, v in SIZES.items() if k != name}
    for fixed in itertools.product(*others.values()):
        base = dict(zip(others, fixed))
        costs = [step_cost(sized(engine, **base, **{name: value})) for value in SIZES[name]]
        assert costs == sorted(costs) and len(set(costs)) == len(costs), (name, base, costs)


def test_the_estimate_grows_with_parameters_and_positions_and_the_scalar_engine_costs_more():
    for params, positions in [(4192, 8), (50_000, 16), (200_000, 64)]:
        assert cost.step_seconds("scalar", params, positions) \
            > cost.step_seconds("fast", params, positions)
        for engine in cost.SECONDS:
            now = cost.step_seconds(engine, params, positions)
            assert cost.step_seconds(engine, params + 1, positions) > now
            assert cost.step_seconds(engine, params, positions + 1) > now


def test_positions_are_bounded_by_the_longest_document_and_block_size():
    assert cost.positions(16) == 16
    assert cost.positions(16, longest_doc=6) == 7  # six characters and the end
    assert cost.positions(16, longest_doc=40) == 16
    slow = sized("scalar", **LARGEST)
    assert step_cost(slow, longest_doc=3) < step_cost(slow, longest_doc=15) < step_cost(slow)


def test_the_default_settings_are_cheap_and_neither_refused_nor_warned():
    settings, errors = parse(defaults())
    assert errors == {} and refusals(settings) == {} and warnings(settings) == {}
    assert step_cost(settings) < WARN_SECONDS / 3


def test_the_largest_scalar_settings_are_refused_with_the_estimate():
    settings, errors = parse(sized("scalar", **LARGEST))
    assert errors == {}  # each number is in its range: only the cost refuses them
    problem = refusals(settings)["engine"]
    assert problem["key"] == "cost" and problem["limit"] == REFUSE_SECONDS
    assert problem["seconds"] > 10 * REFUSE_SECONDS
    assert f"up to about {problem['seconds']:g} s" in problem["message"]
    assert "fast engine" in problem["message"]
    assert step_cost(settings) == pytest.approx(problem["seconds"], rel=0.05)


def test_a_refusal_for_the_fast_engine_does_not_suggest_it():
    settings = sized("fast", **LARGEST)
    assert step_cost(settings) > REFUSE_SECONDS  # a step filling 64 positions
    problem = refusals(settings)["engine"]
    assert problem["key"] == "cost_fast" and "or the fast engine" not in problem["message"]


def test_settings_between_the_bounds_warn_but_stay_valid():
    between = []
    for engine, n_layer, n_embd, block_size in itertools.product(
            sorted(cost.SECONDS), *SIZES.values()):
        settings = sized(engine, n_layer=n_layer, n_embd=n_embd, block_size=block_size)
        if WARN_SECONDS < step_cost(settings) <= REFUSE_SECONDS:
            between.append(settings)
    assert between, "no size on the grid falls between the bounds"
    for settings in between:
        parsed, errors = parse(settings)
        assert errors == {} and refusals(parsed) == {}
        warning = warnings(parsed)["engine"]
        assert warning["key"] == "cost_slow" and warning["warning"] is True
        assert WARN_SECONDS < warning["seconds"] * 1.05


def test_the_session_refuses_costly_settings_and_keeps_its_model():
    session = Session()
    session.set_dataset("emma\nolivia\nava\n", "tiny.txt")
    session.configure({"steps": 3, "engine": "scalar", "n_embd": 8, "n_head": 2, "block_size": 8})
    session.train(max_steps=1)
    before = (session.model_id, session.trainer.step_count, dict(session.settings))
    assert session.validate(LARGEST)["engine"]["key"] == "cost"
    with pytest.raises(ValueError, match=r"about [\d.]+ s"):
        session.configure(LARGEST, reset=True)
    assert (session.model_id, session.trainer.step_count, session.settings) == before


def test_the_session_bounds_a_step_by_its_longest_document():
    session = Session()
    session.set_dataset("emma\nolivia\nava\n", "tiny.txt")
    slow = {**LARGEST, "engine": "fast"}
    assert refusals(parse({**session.settings, **slow})[0])  # a step filling 64 positions
    assert session.longest_doc() == 6
    assert session.validate(slow) == {}  # no step here is longer than 7 positions


def test_validate_warns_about_a_slow_model_and_configure_accepts_it():
    session = Session()
    session.set_dataset("emma\nolivia\nava\n", "tiny.txt")
    slow = next(s for s in (sized("scalar", n_embd=e, block_size=8) for e in (8, 16, 24, 32))
                if WARN_SECONDS < step_cost(s, longest_doc=6) <= REFUSE_SECONDS)
    assert session.validate(slow)["engine"]["warning"] is True
    session.configure(slow)
    assert session.settings["n_embd"] == slow["n_embd"]


def test_walkthrough_widgets_refuse_work_over_two_seconds_before_doing_it():
    from microgpt import GPTConfig, Trainer
    from microgpt.explain.attention import attention_view
    from microgpt.explain.efficiency import compare_engines
    from microgpt.explain.forward import forward_view
    from microgpt.explain.learning import step_preview
    from microgpt.explain.budget import WIDGET_SECONDS

    docs = ["emma", "olivia", "abcdefghijklmnopqrstuvwxyz"]
    big = Trainer(docs, GPTConfig(n_layer=4, n_embd=64, n_head=4, block_size=64), steps=5)
    small = Trainer(docs, GPTConfig(), steps=5)
    name = "abcdefghijklmno"
    calls = [lambda t, n: compare_engines(t, n, steps=3), lambda t, n: attention_view(t, n),
             lambda t, n: forward_view(t, n, 1), lambda t, n: step_preview(t, n)]
    for call in calls:
        problem = call(big, name)["problem"]
        assert problem["key"] == "too_costly" and problem["limit"] == WIDGET_SECONDS
        assert problem["seconds"] > WIDGET_SECONDS
        assert f"about {problem['seconds']:g} s" in problem["message"]
        assert "problem" not in call(small, "emma")  # the default model's widgets run


def test_sampling_a_large_scalar_model_is_refused_before_it_starts_and_the_model_stays():
    # a model file may hold sizes the settings would refuse: sampling it is bounded too
    import time
    from microgpt import GPTConfig, Trainer
    from microgpt.page.speed import SAMPLE_SECONDS
    session = Session()
    session.set_dataset("emma\nolivia\nava\n", "tiny.txt")
    big = Trainer(session.docs, config=GPTConfig(n_layer=4, n_embd=64, n_head=4, block_size=64),
                  steps=10, engine="scalar")
    session.use(big)
    state = big.rng.getstate()
    start = time.process_time()
    with pytest.raises(ValueError, match=r"sampling 20 names .* about [\d.]+ s .*fast engine"):
        session.sample(n=20)
    assert time.process_time() - start < 1.0  # refused from the estimate, not by running it
    assert session.trainer is big and big.rng.getstate() == state
    assert cost.sample_seconds("scalar", big.num_params, 64, 20) > SAMPLE_SECONDS
    # the same model on the fast engine samples a few names within the bound
    session.trainer.set_engine("fast")
    assert len(session.sample(n=2)) == 2


def test_a_training_chunk_reports_its_steps_even_when_its_samples_are_refused(monkeypatch):
    from microgpt.page import speed
    session = Session()
    session.set_dataset("emma\nolivia\nava\n", "tiny.txt")
    session.configure({"steps": 2})
    monkeypatch.setattr(speed, "SAMPLE_SECONDS", 0.0)  # every sample now looks too slow
    chunk = session.train(max_ms=60_000)
    assert [s["step"] for s in chunk["steps"]] == [1, 2] and chunk["status"]["done"]
    assert chunk["samples"] is None and "sampling 20 names" in chunk["sample_problem"]


def test_the_default_model_samples_well_within_the_bound():
    from microgpt.page.speed import SAMPLE_SECONDS
    assert cost.sample_seconds("fast", 4192, 16, 100) < SAMPLE_SECONDS / 10
    assert cost.sample_seconds("scalar", 4192, 16, 20) < SAMPLE_SECONDS
