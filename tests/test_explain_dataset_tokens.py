"""The walkthrough's dataset, tokens and predictions: explain functions against
hand-computed values."""
import math

import pytest

from microgpt import GPTConfig, Trainer
from microgpt.explain import dataset, tokens
from microgpt.tokenizer import Tokenizer
from explain_kit import NAMES_AZ as DOCS


@pytest.fixture(scope="module")
def trainer():
    return Trainer(DOCS, seed=42, steps=10)


def test_dataset_summary_counts_lengths_and_first_letters():
    out = dataset.dataset_summary(["ab", "abc", "b", "ab"])
    assert out["count"] == 4 and out["distinct"] == 3
    assert out["lengths"] == [[1, 1], [2, 2], [3, 1]]
    assert out["first_letters"] == [["a", 3], ["b", 1]]
    assert out["mean_length"] == 2.0 and out["shortest"] == "b" and out["longest"] == "abc"


def test_dataset_search_finds_names_and_prefixes():
    docs = ["ab", "abc", "b", "ab", "zab"]
    out = dataset.dataset_search(docs, set(docs), "  ab ")
    assert out["found"] is True and out["starts_with"] == 2 and out["matches"] == ["ab", "abc"]
    out = dataset.dataset_search(docs, set(docs), "a")
    assert out["found"] is False and out["starts_with"] == 2
    assert dataset.dataset_search(docs, set(docs), "x" * 41)["problem"]["key"] == "too_long"
    assert dataset.dataset_search(docs, set(docs), "")["matches"] == []


def test_tokenize_emma(trainer):
    out = tokens.tokenize(trainer.tokenizer, "emma")
    assert out["ids"] == [26, 4, 12, 12, 0, 26]
    assert out["labels"] == ["BOS", "e", "m", "m", "a", "BOS"]
    assert out["vocab_size"] == 27 and out["length"] == 6 and out["BOS"] == 26
    assert out["vocab"][4] == ["e", 4] and out["vocab"][26] == ["BOS", 26]


@pytest.mark.parametrize("text, key, char", [
    ("Emma", "char_case", "E"), ("em ma", "char_space", " "), ("zoë", "char", "ë"),
    ("", "empty", None), ("a" * 41, "too_long", None)])
def test_tokenize_names_the_problem(trainer, text, key, char):
    problem = tokens.tokenize(trainer.tokenizer, text)["problem"]
    assert problem["key"] == key and problem.get("char") == char
    if key in ("char", "char_case"):
        assert repr(char) in problem["message"]


def test_tokenize_uses_the_datasets_own_vocabulary():
    out = tokens.tokenize(Tokenizer(sorted("xyé ")), "é x")
    assert out["labels"] == ["BOS", "é", " ", "x", "BOS"] and out["vocab_size"] == 5


def test_prediction_matches_the_engines_own_loss(trainer):
    out = tokens.prediction(trainer, "emma")
    assert [p["context"] for p in out["pairs"]] == [[26], [26, 4], [26, 4, 12],
                                                   [26, 4, 12, 12], [26, 4, 12, 12, 0]]
    assert [p["target"] for p in out["pairs"]] == [4, 12, 12, 0, 26]
    reference = trainer.engine.loss(trainer.tokenizer.encode("emma")).data
    assert out["mean_loss"] == pytest.approx(reference, abs=1e-12)
    for pair in out["pairs"]:
        assert pair["loss"] == pytest.approx(-math.log(pair["p"]), abs=1e-12)
        probs = [t[2] for t in pair["top"]]
        assert probs == sorted(probs, reverse=True) and len(probs) == 5
        assert (pair["rank"] == 1) == (pair["top"][0][1] == pair["target"])
    # untrained: close to guessing evenly among 27
    assert abs(out["mean_loss"] - out["random_loss"]) < 0.5
    assert out["random_loss"] == pytest.approx(math.log(27))


def test_prediction_always_shows_the_right_answer_with_its_rank(trainer):
    out = tokens.prediction(trainer, "zoe", top=3)  # untrained: answers rank anywhere
    assert any(pair["rank"] > 3 for pair in out["pairs"])
    for pair in out["pairs"]:
        shown = pair["shown"]
        assert [row[:3] for row in shown[:3]] == pair["top"]
        assert [row[3] for row in shown[:3]] == [1, 2, 3]
        answer = [row for row in shown if row[1] == pair["target"]]
        assert len(answer) == 1 and answer[0][2] == pair["p"] and answer[0][3] == pair["rank"]
        assert len(shown) == (3 if pair["rank"] <= 3 else 4)
        if pair["rank"] > 3:
            assert shown[-1][1] == pair["target"]  # after the top three, with its rank


def test_prediction_is_the_same_on_every_engine():
    from microgpt.engines import ENGINES
    outs = [tokens.prediction(Trainer(DOCS, seed=3, steps=5, engine=name), "sophia")
            for name in sorted(ENGINES)]
    for out in outs[1:]:
        assert out["mean_loss"] == pytest.approx(outs[0]["mean_loss"], abs=1e-9)
        assert [p["rank"] for p in out["pairs"]] == [p["rank"] for p in outs[0]["pairs"]]


def test_prediction_stops_at_block_size_and_follows_training():
    small = Trainer(DOCS, config=GPTConfig(block_size=4), seed=1, steps=5)
    before = tokens.prediction(small, "isabella")
    assert len(before["pairs"]) == 4 and before["cut"] == 5
    small.step()
    after = tokens.prediction(small, "isabella")
    assert after["step"] == 1 and after["mean_loss"] != before["mean_loss"]
    assert "problem" in tokens.prediction(small, "Isa")
