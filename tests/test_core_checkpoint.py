"""Checkpoints resume exactly; bad files get a clear ValueError."""
import io
import json

import pytest

from microgpt import GPTConfig, Trainer
from microgpt import checkpoint

DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia", "harper"]
SMALL = GPTConfig(n_layer=2, n_embd=8, n_head=2, block_size=8)


def trained(steps_done=4, steps=10):
    trainer = Trainer(DOCS, SMALL, seed=3, steps=steps, learning_rate=0.02)
    for _ in range(steps_done):
        trainer.step()
    return trainer


def saved_dict(trainer):
    buf = io.StringIO()
    trainer.save(buf)
    return json.loads(buf.getvalue())


def load_dict(data, docs=None):
    return Trainer.load(io.StringIO(json.dumps(data)), docs=docs)


def test_save_load_resumes_training_and_sampling_exactly(tmp_path):
    trainer = trained()
    path = tmp_path / "model.json"
    trainer.save(path)
    loaded = Trainer.load(path, docs=DOCS)
    assert loaded.step_count == 4 and loaded.steps == 10 and loaded.docs == trainer.docs
    assert loaded.state_dict() == trainer.state_dict()
    assert loaded.engine.moments() == trainer.engine.moments()
    assert [loaded.step()["loss"] for _ in range(3)] == [trainer.step()["loss"] for _ in range(3)]
    assert loaded.sample(5, 0.8) == trainer.sample(5, 0.8)


def test_loaded_without_docs_samples_but_cannot_train():
    trainer = trained()
    loaded = load_dict(saved_dict(trainer))
    assert loaded.sample(4) == trainer.sample(4)
    with pytest.raises(ValueError, match="loaded without its dataset"):
        loaded.step()


def test_checkpoint_records_what_it_needs():
    data = saved_dict(trained())
    assert data["format"] == "microgpt-checkpoint" and data["version"] == 1
    assert data["config"] == SMALL.to_dict() and data["step"] == 4 and data["steps"] == 10
    assert data["vocab"] == sorted(set("".join(DOCS))) and data["engine"] == "scalar"
    assert data["optimizer"]["learning_rate"] == 0.02 and data["num_docs"] == len(DOCS)


def test_other_dataset_is_refused():
    with pytest.raises(ValueError, match="trained on a different dataset"):
        load_dict(saved_dict(trained()), docs=DOCS[:-1])


def corrupt(mutate):
    data = saved_dict(trained(steps_done=1))
    mutate(data)
    return data


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.update(format="something-else"), "not a microgpt checkpoint"),
    (lambda d: d.update(version=99), "version 99 is not supported"),
    (lambda d: d.pop("params"), "missing 'params'"),
    (lambda d: d.update(step="4"), "'step' must be a whole number, got '4'"),
    (lambda d: d.update(step=11), "'step' must be from 0 to 10, got 11"),
    (lambda d: d["params"]["wte"].pop(), "wte should be"),
    (lambda d: d["params"].pop("lm_head"), "n_layer=2, which needs 15 parameter matrices, but there are 14"),
    (lambda d: d["params"].update(head=d["params"].pop("lm_head")), "parameters should be"),
    (lambda d: d["config"].update(n_layer=10**9), "n_layer=1000000000, which needs"),
    (lambda d: d["adam_m"]["wpe"][0].append(0.0), "wpe should be"),
    (lambda d: d["params"]["wte"][0].__setitem__(0, "x"), "non-finite or non-number"),
    (lambda d: d["config"].update(n_head=3), "divisible by n_head"),
    (lambda d: d["config"].update(colour="red"), "settings are malformed"),
    (lambda d: d.update(rng_state=[3, [1, 2], None]), "random-generator state"),
    (lambda d: d.update(vocab=["b", "a"]), "distinct characters in sorted order"),
])
def test_corrupted_checkpoints_are_refused_clearly(mutate, message):
    with pytest.raises(ValueError, match=message):
        load_dict(corrupt(mutate))


@pytest.mark.parametrize("text,message", [
    ("not json at all", "not valid JSON"),
    ("[1, 2, 3]", "not a microgpt checkpoint"),
    ('{"format": "microgpt-checkpoint", "version": 1, "x": NaN}', "NaN"),
    ("[" * 100000, "not"),
])
def test_non_checkpoint_text_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        Trainer.load(io.StringIO(text))


def test_binary_huge_and_missing_files_are_refused(tmp_path, monkeypatch):
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 10)
    with pytest.raises(ValueError, match="not a text"):
        Trainer.load(binary)
    monkeypatch.setattr(checkpoint, "MAX_BYTES", 1000)
    huge = tmp_path / "huge.json"
    huge.write_text(" " * 1001)
    with pytest.raises(ValueError, match="larger than"):
        Trainer.load(huge)
    with pytest.raises(ValueError, match="cannot be read"):
        Trainer.load(tmp_path / "missing.json")


def test_diverged_model_cannot_be_saved():
    trainer = trained(steps_done=0)
    trainer.engine.param_list[0].data = float("nan")
    with pytest.raises(ValueError, match="NaN or infinite"):
        trainer.save(io.StringIO())
