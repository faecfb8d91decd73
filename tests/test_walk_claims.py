"""Every claim the walkthrough's text makes about training results, checked on a default run.

The run: the lab's default settings (seed 42, 1,000 steps, the fast engine) on the bundled
microgpt/names.txt, trained once for the module (a few seconds in CPython). Each test names
the i18n keys (web/i18n/en.json and zh.json, walk.sections.*) whose sentences it backs; if a
claim fails here, change the sentence (in both languages), not the range.
"""
import math
import statistics
from pathlib import Path

import pytest

from microgpt.engines.scalar import ScalarEngine
from microgpt.explain.embedding import TOGETHER
from microgpt.page import Session, handle

NAMES_TXT = Path(__file__).resolve().parents[1] / "microgpt" / "names.txt"
DEFAULT_NAME = "emma"  # the attention, prediction and embedding widgets' default name


def views(session):
    return {"attention": handle(session, "attention", {"name": DEFAULT_NAME}),
            "prediction": handle(session, "prediction", {"text": DEFAULT_NAME, "top": 27}),
            "token_map": handle(session, "token_map", {}),
            "facts": handle(session, "model_facts", {})}


@pytest.fixture(scope="module")
def run():
    session = Session()
    handle(session, "init", {"text": NAMES_TXT.read_text(encoding="utf-8"), "name": "names",
                             "settings": {}})
    assert session.settings["engine"] == "fast" and session.settings["seed"] == 42
    before = views(session)
    nodes = len(ScalarEngine(session.trainer.config, session.trainer.tokenizer.vocab_size,
                             session.trainer.state_dict())
                .loss(session.trainer.tokenizer.encode(DEFAULT_NAME)).topological_order())
    losses, samples = [], None
    while not handle(session, "status", {})["done"]:
        out = handle(session, "train", {"max_ms": 2000})
        losses += [entry["loss"] for entry in out["steps"]]
        samples = out["samples"] or samples
    return {"before": before, "after": views(session), "losses": losses, "samples": samples,
            "nodes": nodes, "docs": set(NAMES_TXT.read_text(encoding="utf-8").split())}


def chunk_means(losses, size=100, start=0):
    return [statistics.mean(losses[i:i + size]) for i in range(start, len(losses), size)]


def test_the_loss_starts_near_random_guessing(run):
    # walk.sections.loss.p2 ("where an untrained model starts"), walk.sections.learning.p1
    # ("starts near ln 27 ≈ 3.30, then falls fast at first"). Measured: the first three steps
    # 3.46, 3.26, 3.26 (mean 3.33); the first 100 steps average 2.68.
    random_loss = run["before"]["facts"]["random_loss"]
    assert abs(statistics.mean(run["losses"][:3]) - random_loss) < 0.15
    assert statistics.mean(run["losses"][:100]) < random_loss - 0.4


def test_the_loss_settles_between_2_3_and_2_5(run):
    # walk.sections.loss.p2 and walk.sections.learning.p1: "from about step 300 on, the loss
    # averaged over 100 steps stays between about 2.3 and 2.5". Measured: the 100-step blocks
    # from step 300 average 2.42, 2.48, 2.43, 2.38, 2.43, 2.31, 2.41; the last 100 steps 2.41.
    assert len(run["losses"]) == 1000
    blocks = chunk_means(run["losses"], 100, 300)
    assert all(2.3 <= b <= 2.5 for b in blocks), blocks
    assert 2.3 <= statistics.mean(run["losses"][-100:]) <= 2.5
    # walk.sections.loss.p2: "a single name's loss jumps around a lot": single steps spread
    # far wider than the averages (measured: the last 100 steps from 1.68 to 3.81)
    # ("near the end, from under 2 to over 3.5")
    last = run["losses"][-100:]
    assert min(last) < 2 and max(last) > 3.5


def test_the_learning_rate_ends_small_but_not_zero(run):
    # walk.sections.learning.p2: "falls in a straight line to {last_learning_rate} at the last
    # step, almost 0"; glossary.learning_rate. Measured: 0.01 -> 0.00001.
    facts = run["after"]["facts"]
    assert facts["learning_rate"] == 0.01
    assert 0 < facts["last_learning_rate"] <= facts["learning_rate"] / 100
    assert math.isclose(facts["last_learning_rate"], facts["learning_rate"] / facts["steps"])


def test_an_untrained_model_spreads_its_guesses_evenly(run):
    # walk.sections.prediction.p2: "Untrained, it gives every token roughly 1 chance in
    # {vocab_size}: a few percent each". Measured on "emma": at each position the median
    # probability 3.1% to 3.7% (1/27 = 3.7%), every one between 1.1% and 11.3%.
    vocab = run["before"]["facts"]["vocab_size"]
    for pair in run["before"]["prediction"]["pairs"]:
        probs = [p for _, _, p, _ in pair["shown"]]
        assert len(probs) == vocab
        assert 0.7 / vocab <= statistics.median(probs) <= 1.3 / vocab
        assert all(0.25 / vocab <= p <= 3.5 / vocab for p in probs), probs


def test_training_moves_the_right_answers_up(run):
    # walk.sections.prediction.p2: "watch the right answers climb the list". Measured on
    # "emma": the right answer's ranks 10, 7, 21, 4, 9 (mean 10.2) before, 8, 4, 9, 1, 2 (4.8)
    # after.
    def ranks(view):
        return [pair["rank"] for pair in view["prediction"]["pairs"]]
    before, after = ranks(run["before"]), ranks(run["after"])
    assert statistics.mean(after) < statistics.mean(before) / 2, (before, after)


def test_attention_starts_even_and_some_heads_learn_habits(run):
    heads_before = run["before"]["attention"]["heads"]
    heads_after = run["after"]["attention"]["heads"]
    # walk.sections.attention.p4: "Untrained, the weights are close to even". Measured: every
    # weight within 0.6 to 1.4 times the even share of its row.
    for head in heads_before:
        for i, row in enumerate(head["weights"]):
            even = 1 / (i + 1)
            assert all(0.6 * even <= w <= 1.4 * even for w in row[:i + 1]), row
    # walk.sections.attention.p4: "on emma, head 3 gives the first letter, e, more than half of
    # what both m's take in (about 60% and 50%)". Measured: 63% and 52% (rows 2 and 3, column 1).
    head3 = heads_after[2]["weights"]
    assert head3[2][1] > 0.5 and head3[3][1] > 0.5
    # "head 4 stays nearly even": from the third position on, no weight above 45% (measured 43%)
    assert all(max(w for w in row if w is not None) <= 0.45 for row in heads_after[3]["weights"][2:])
    # "in the last row, at a, every head still spreads its attention: no position above 30%"
    # (measured: at most 29%)
    assert all(max(head["weights"][-1]) <= 0.3 for head in heads_after)


def test_vowels_drift_together(run):
    # walk.sections.embedding.p3: "vowels ... drift towards each other" over the default run.
    # Measured: vowel closeness 1.17 before training, 0.65 after (below 0.75,
    # where the widget's sentence says they sit together).
    before = run["before"]["token_map"]["vowel_closeness"]
    after = run["after"]["token_map"]["vowel_closeness"]
    assert after < before and after < TOGETHER and run["after"]["token_map"]["vowels_together"]


def test_some_generated_names_are_new_and_some_known(run):
    # walk.sections.dataset.p2: "some of which appear nowhere in the file";
    # walk.sections.sampling.p4: names marked "in the data" were remembered, not invented.
    # Measured: of the default run's 20 final names, 15 are new and 5 are in names.txt.
    new = [s["new"] for s in run["samples"]]
    assert len(new) == 20 and any(new) and not all(new)
    assert all(s["new"] == (s["name"] not in run["docs"]) for s in run["samples"])


def test_karpathys_names_are_in_the_data(run):
    # walk.sections.sampling.p4: kamon, karai, anna and anton are in names.txt
    assert {"kamon", "karai", "anna", "anton"} <= run["docs"]


def test_one_name_makes_tens_of_thousands_of_nodes(run):
    # walk.sections.autograd.p5: "for one name, tens of thousands of nodes". Measured on "emma"
    # with the default model: 43,091 Values in the graph of its loss.
    assert 10_000 <= run["nodes"] < 100_000, run["nodes"]


def test_the_parameter_breakdown(run):
    # walk.sections.autograd.p1 / embedding.p1 / forward.p1: the sentence on where the
    # {n_params} parameters are; default: wte 432, wpe 256, lm_head 432, attention 1,024,
    # MLP 2,048 = 4,192.
    f = run["after"]["facts"]
    counts = {p["name"]: p["count"] for p in f["params"]}
    assert (counts["wte"], counts["wpe"], counts["lm_head"]) == (432, 256, 432)
    assert (f["groups"]["attention"], f["groups"]["mlp"], f["n_params"]) == (1024, 2048, 4192)
