"""The scalar engine against Karpathy's own run."""
from microgpt import GPTConfig, Trainer
from reference import reference_docs, reference_run


def test_first_30_losses_match_karpathy_to_1e12():
    docs = reference_docs()
    losses, _ = reference_run()
    trainer = Trainer(docs, seed=42, steps=1000, engine="scalar")
    assert trainer.num_params == 4192 and trainer.tokenizer.vocab_size == 27
    for expected in losses[:30]:
        record = trainer.step()
        assert abs(record["loss"] - expected) <= 1e-12, (record["step"], record["loss"], expected)
    assert record["step"] == 30
    assert record["learning_rate"] == 0.01 * (1 - 29 / 1000)


def test_shuffle_and_init_follow_the_reference_order():
    import random
    docs = reference_docs()
    rng = random.Random(42)
    shuffled = list(docs)
    rng.shuffle(shuffled)
    first_weight = rng.gauss(0, 0.08)
    trainer = Trainer(docs, GPTConfig(), seed=42, engine="scalar")
    assert trainer.docs == shuffled
    assert trainer.state_dict()["wte"][0][0] == first_weight
    assert trainer.next_doc() == shuffled[0]
