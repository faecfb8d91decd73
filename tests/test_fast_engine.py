"""The fast engine against Karpathy's run, against the scalar engine, and across checkpoints."""
import io
import random

import pytest

from microgpt import GPTConfig, Tokenizer, Trainer, bench
from microgpt.engines import fast_kernels
from microgpt.engines.fast import FastEngine
from microgpt.engines.fast_layers import mlp, mlp_backward
from microgpt.engines.scalar import ScalarEngine
from microgpt.params import init_params
from reference import reference_docs, reference_run

# long names too: those past block_size are cut, as in training
DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia", "harper",
        "maximilianoalexander", "bo", "christopherjohnson", "zoe", "evelyn", "abigail", "q"]


def test_1000_steps_match_karpathy_to_1e9_and_samples_are_his():
    docs = reference_docs()
    losses, samples = reference_run()
    trainer = Trainer(docs, seed=42, steps=1000, engine="fast")
    for step, expected in enumerate(losses, 1):
        loss = trainer.step()["loss"]
        assert abs(loss - expected) <= 1e-9, (step, loss, expected)
    assert trainer.done
    assert trainer.sample(20, 0.5) == samples  # kamon, ann, karai, ...


def random_config(rng):
    """n_layer 1-3, n_embd 8-32 with an n_head that divides it, block_size 4-20."""
    n_embd = rng.choice([8, 12, 16, 24, 32])
    n_head = rng.choice([h for h in (1, 2, 3, 4, 8) if n_embd % h == 0])
    return GPTConfig(n_layer=rng.randint(1, 3), n_embd=n_embd, n_head=n_head,
                     block_size=rng.randint(4, 20))


def scalar_gradients(engine, tokens):
    """{name: rows} of d loss / d parameter, from the scalar engine's autograd."""
    loss = engine.loss(tokens)
    loss.backward()
    grads = {name: [[p.grad for p in row] for row in mat] for name, mat in engine.params.items()}
    for p in engine.param_list:
        p.grad = 0
    return loss.data, grads


def assert_close(a, b, tol, what):
    """a and b: {name: rows} with the same names and shapes, equal to within tol."""
    assert list(a) == list(b), what
    for name in a:
        for r, (row_a, row_b) in enumerate(zip(a[name], b[name], strict=True)):
            for c, (x, y) in enumerate(zip(row_a, row_b, strict=True)):
                assert abs(x - y) <= tol, (what, name, r, c, x, y)


# the extremes of the ranges, then random ones
CONFIGS = [GPTConfig(n_layer=3, n_embd=8, n_head=2, block_size=20),
           GPTConfig(n_layer=1, n_embd=32, n_head=8, block_size=4),
           *(random_config(random.Random(seed)) for seed in range(3))]


@pytest.mark.parametrize("seed,config", enumerate(CONFIGS))
def test_random_configs_match_the_scalar_engine(seed, config):
    docs = random.Random(seed).sample(DOCS, 8)
    scalar = Trainer(docs, config, seed=seed, steps=5, engine="scalar")
    fast = Trainer(docs, config, seed=seed, steps=5, engine="fast")
    for step in range(5):
        if step < 2:  # gradients at the initial weights, and after one step
            tokens = fast.tokenizer.encode(fast.next_doc())
            loss_s, grads_s = scalar_gradients(scalar.engine, tokens)
            loss_f, flat = fast.engine.loss_and_grad(tokens)
            assert abs(loss_s - loss_f) <= 1e-9, (config, step)
            assert_close(grads_s, fast.engine.unflatten(flat), 1e-9, (config, step))
        assert abs(scalar.step()["loss"] - fast.step()["loss"]) <= 1e-9, (config, step)
    assert_close(scalar.state_dict(), fast.state_dict(), 1e-9, "weights after 5 steps")


def test_logits_with_a_cache_match_the_scalar_engine():
    config = GPTConfig(n_layer=2, n_embd=12, n_head=3, block_size=7)
    tok = Tokenizer.from_docs(DOCS)
    params = init_params(config, tok.vocab_size, random.Random(5))
    engines = [kind(config, tok.vocab_size, params) for kind in (ScalarEngine, FastEngine)]
    caches = [e.new_cache() for e in engines]
    for pos, token in enumerate(tok.encode("charlotte")[:7]):
        a, b = (e.logits(token, pos, c) for e, c in zip(engines, caches))
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) <= 1e-12


def small_trainer(engine, steps_done):
    config = GPTConfig(n_layer=2, n_embd=8, n_head=2, block_size=8)
    trainer = Trainer(DOCS, config, seed=3, steps=12, learning_rate=0.02, engine=engine)
    for _ in range(steps_done):
        trainer.step()
    return trainer


@pytest.mark.parametrize("first,second", [("fast", "scalar"), ("scalar", "fast")])
def test_a_checkpoint_resumes_identically_in_the_other_engine(first, second):
    trainer = small_trainer(first, 4)
    buf = io.StringIO()
    trainer.save(buf)
    loaded = Trainer.load(io.StringIO(buf.getvalue()), docs=DOCS, engine=second)
    assert loaded.engine_name == second
    assert loaded.state_dict() == trainer.state_dict()
    assert loaded.engine.moments() == trainer.engine.moments()
    for _ in range(4):
        a, b = trainer.step(), loaded.step()
        assert a["doc"] == b["doc"] and abs(a["loss"] - b["loss"]) <= 1e-12
    assert loaded.sample(5, 0.8) == trainer.sample(5, 0.8)


def test_set_engine_hands_the_model_over_both_ways():
    trainer = small_trainer("fast", 3)
    reference = small_trainer("scalar", 3)
    state, moments = trainer.state_dict(), trainer.engine.moments()
    trainer.set_engine("scalar")
    assert trainer.state_dict() == state and trainer.engine.moments() == moments
    assert abs(trainer.step()["loss"] - reference.step()["loss"]) <= 1e-12
    trainer.set_engine("fast")
    assert trainer.engine_name == "fast"
    assert abs(trainer.step()["loss"] - reference.step()["loss"]) <= 1e-12
    assert_close(trainer.state_dict(), reference.state_dict(), 1e-12, "weights")


@pytest.mark.parametrize("k", [0, 1, 2, 7, 16, 64, fast_kernels.MAX_UNROLLED,
                               fast_kernels.MAX_UNROLLED + 1])
def test_unrolled_dots_equal_the_plain_version(k):
    rng = random.Random(k)
    A = [[rng.uniform(-1, 1) for _ in range(k)] for _ in range(3)]
    B = [tuple(rng.uniform(-1, 1) for _ in range(k)) for _ in range(5)]
    expected = fast_kernels.dots_plain(A, B)
    got = fast_kernels.dots(A, B)
    assert len(got) == 3 and all(len(row) == 5 for row in got)
    for row_e, row_g in zip(expected, got):
        for e, g in zip(row_e, row_g):
            assert abs(e - g) <= 1e-12 * k  # CPython 3.12+ sum() compensates; 3.11's does not
    if 0 < k <= fast_kernels.MAX_UNROLLED:
        assert fast_kernels.unrolled_dots(k)(A, B) == got


def test_mlp_with_every_unit_off_passes_nothing_and_gets_zero_gradients():
    X = [[1.0, 1.0], [0.5, 1.0]]
    W1 = [[-1.0, -1.0], [-2.0, -0.5], [-1.0, -1.0], [-0.1, -0.1]]  # fc1 output < 0 everywhere
    W2 = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
    Y, tape = mlp(X, W1, W2)
    assert Y == [[0.0, 0.0], [0.0, 0.0]]
    dX, dW1, dW2 = mlp_backward([[1.0, 1.0], [1.0, 1.0]], W1, tape)
    assert dX == [[0.0, 0.0], [0.0, 0.0]]
    assert [list(r) for r in dW1] == [[0.0, 0.0]] * 4
    assert [list(r) for r in dW2] == [[0.0] * 4] * 2


def test_mlp_gradients_match_finite_differences_when_some_units_are_off():
    rng = random.Random(2)
    X = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(4)]
    W1 = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(12)]
    W1[5] = [-5.0, 0.0, 0.0]  # on for some positions only
    W2 = [[rng.uniform(-1, 1) for _ in range(12)] for _ in range(3)]
    dY = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(4)]

    def f():  # sum of dY * mlp(X)
        Y, _ = mlp(X, W1, W2)
        return sum(d * y for dr, yr in zip(dY, Y) for d, y in zip(dr, yr))

    _, tape = mlp(X, W1, W2)
    dX, dW1, dW2 = mlp_backward(dY, W1, tape)
    h = 1e-6
    for mat, grad in ((X, dX), (W1, dW1), (W2, dW2)):
        for r in range(len(mat)):
            for c in range(len(mat[0])):
                saved = mat[r][c]
                mat[r][c] = saved + h
                up = f()
                mat[r][c] = saved - h
                down = f()
                mat[r][c] = saved
                assert grad[r][c] == pytest.approx((up - down) / (2 * h), abs=1e-6)


def test_bench_runs_both_engines_and_reports():
    out = io.StringIO()
    result = bench.run(steps=2, warmup=2, docs=DOCS, out=out)
    assert result["scalar_ms"] > 0 and result["fast_ms"] > 0 and result["fast_plain_ms"] > 0
    assert result["ratio"] == result["scalar_ms"] / result["fast_ms"]
    text = out.getvalue()
    assert "scalar engine:" in text and "fast engine:" in text and result["runtime"] in text
    assert fast_kernels.UNROLL  # put back after timing the plain version
    run = bench.full_run(DOCS, steps=3)
    assert len(run["samples"]) == 20 and run["total_s"] >= run["train_s"] > 0
    readings = iter([11, 12])
    objects, memory = bench.memory_run(DOCS, 4, every=2, probe=lambda: next(readings))
    assert len(objects) == 2 and min(objects) > 0 and memory == [11, 12]


def test_bench_names_its_host_and_reads_memory_with_the_given_probe():
    out = io.StringIO()
    result = bench.run(steps=1, warmup=1, docs=DOCS, out=out, memory_steps=1000,
                       host="Pyodide 0.0", memory_probe=lambda: 5)
    assert result["runtime"].startswith("Pyodide 0.0 (Python ")
    assert result["memory"]["in_use"] == [5]
    assert "KiB of wasm memory 5" in out.getvalue()
    assert bench.runtime().split()[0] in ("CPython", "PyPy", "Python")  # no host: this Python


def test_position_losses_are_what_a_step_averages_on_both_engines():
    tok = Tokenizer.from_docs(DOCS)
    config = GPTConfig(n_layer=2, n_embd=8, n_head=2, block_size=6)
    params = init_params(config, tok.vocab_size, random.Random(4))
    tokens = tok.encode("charlotte")  # longer than block_size: 6 positions
    scalar, fast = (E(config, tok.vocab_size, params) for E in (ScalarEngine, FastEngine))
    losses = scalar.position_losses(tokens)
    assert len(losses) == 6 and fast.position_losses(tokens) == pytest.approx(losses, rel=1e-12)
    assert scalar.state_dict() == fast.state_dict() == params  # nothing moved
    assert all(p.grad == 0 for p in scalar.param_list)
    mean = scalar.train_step(tokens, 0.01, 1, Trainer(DOCS).adam)
    assert mean == pytest.approx(sum(losses) / 6, rel=1e-15)
