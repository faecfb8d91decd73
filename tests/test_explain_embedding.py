"""The walkthrough's embeddings: the lookup read off the traced gpt(), PCA and the token map."""
import math
from pathlib import Path

import pytest

from microgpt import GPTConfig, Trainer
from microgpt.engines import ENGINES
from microgpt.explain.embedding import embedding_lookup, token_map
from microgpt.explain.pca import pca
from explain_kit import DOCS, trained


@pytest.fixture(scope="module")
def model3():
    return trained()


def test_embedding_lookup_is_wte_row_plus_wpe_row(model3):
    out = embedding_lookup(model3, "emma")
    params = model3.state_dict()
    ids = model3.tokenizer.encode("emma")[:-1]
    assert [t["label"] for t in out["tokens"]] == ["BOS", "e", "m", "m", "a"]
    for pos, (tok, token_id) in enumerate(zip(out["tokens"], ids)):
        assert tok["tok_emb"] == params["wte"][token_id]
        assert tok["pos_emb"] == params["wpe"][pos]
        assert len(tok["sum"]) == model3.config.n_embd == 16
        assert tok["sum"] == [a + b for a, b in zip(params["wte"][token_id], params["wpe"][pos])]
    # the two m's share a token row but not a position row
    assert out["tokens"][2]["tok_emb"] == out["tokens"][3]["tok_emb"]
    assert out["tokens"][2]["sum"] != out["tokens"][3]["sum"]


def test_embedding_lookup_refuses_a_trace_too_costly_for_the_page():
    big = Trainer(DOCS, GPTConfig(n_layer=4, n_embd=64, n_head=4, block_size=64), steps=5)
    assert embedding_lookup(big, "elizabethcharlotte")["problem"]["key"] == "too_costly"
    assert "problem" not in embedding_lookup(trained(0), "emma")


def test_pca_of_a_known_matrix():
    rows = [[3, 0, 0], [-3, 0, 0], [0, 1, 0], [0, -1, 0]]
    out = pca(rows)
    assert out["components"][0] == pytest.approx([1, 0, 0], abs=1e-9)
    assert out["components"][1] == pytest.approx([0, 1, 0], abs=1e-9)
    assert out["variance"] == pytest.approx([4.5, 0.5])
    assert out["total_variance"] == pytest.approx(5.0)
    assert [p[0] for p in out["points"]] == pytest.approx([3, -3, 0, 0], abs=1e-9)


def test_pca_finds_a_slanted_line_and_a_deterministic_sign():
    line = [[t, 2 * t + 1, 5.0] for t in (-2.0, -1.0, 0.5, 4.0)]
    out = pca(line)
    u = out["components"][0]
    assert u == pytest.approx([1 / math.sqrt(5), 2 / math.sqrt(5), 0], abs=1e-9)
    assert out["variance"][1] == pytest.approx(0, abs=1e-12)
    assert out["components"][1] == [0.0, 0.0, 0.0]
    # reflecting the data keeps the axes (largest entry positive) and reflects the points
    flipped = pca([[-x for x in r] for r in line])
    assert flipped["components"][0] == pytest.approx(u, abs=1e-9)
    assert [p[0] for p in flipped["points"]] == pytest.approx([-p[0] for p in out["points"]])


def test_pca_rejects_ragged_rows():
    with pytest.raises(ValueError, match="same length"):
        pca([[1, 2], [3]])


def test_token_map_places_every_token(model3):
    out = token_map(model3)
    labels = [p["label"] for p in out["points"]]
    assert labels == [model3.tokenizer.token_name(i) for i in range(model3.tokenizer.vocab_size)]
    assert [p["vowel"] for p in out["points"]] == [c in "aeiou" for c in labels]
    assert out["explained"][0] >= out["explained"][1] > 0
    assert sum(out["explained"]) <= 1 + 1e-12
    xs = [p["x"] for p in out["points"]]
    assert sum(xs) == pytest.approx(0, abs=1e-12)  # centred
    assert 0 < out["vowel_closeness"]


def test_vowel_closeness_measures_the_map():
    from microgpt.explain.embedding import vowel_closeness
    points = [[0, 0], [0.3, 0.4], [4, 0], [0, 3], [1, 1]]
    labels = ["a", "e", "b", "c", "BOS"]  # BOS is not a letter: left out
    letters = [0, 1, 2, 3]
    pairs = [(i, j) for k, i in enumerate(letters) for j in letters[k + 1:]]
    every = sum(math.dist(points[i], points[j]) for i, j in pairs) / len(pairs)
    assert vowel_closeness(points, labels) == pytest.approx(0.5 / every)
    assert vowel_closeness(points, ["a", "b", "c", "d", "BOS"]) is None


@pytest.mark.skipif("fast" not in ENGINES, reason="300 scalar steps are too slow for a unit test")
def test_vowels_come_together_on_the_map_as_the_real_model_trains():
    from microgpt import load_docs
    docs = load_docs((Path(__file__).parent.parent / "microgpt" / "names.txt").read_text())
    t = Trainer(docs, engine="fast")
    assert not token_map(t)["vowels_together"]
    for _ in range(300):
        t.step()
    assert token_map(t)["vowels_together"]
