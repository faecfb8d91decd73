"""The page's texts (English and Chinese) for what the explain layer sends: every
problem, stage and widget text."""
import json
import re
from pathlib import Path

import pytest

from microgpt import Trainer
from microgpt.explain import autograd, tokens
from microgpt.explain.attention import attention_view
from microgpt.explain.forward import forward_view
from explain_kit import NAMES_AZ, REFUSED, trained


@pytest.fixture(scope="module")
def model3():
    return trained()


def test_every_refusal_has_a_text_in_both_languages():
    from pathlib import Path
    web = Path(__file__).resolve().parents[1] / "web" / "i18n"
    problems = [autograd.graph(text)["problem"] for text, _ in REFUSED]
    problems += [autograd.graph("a", {"d": 1})["problem"], autograd.graph("a", {"a": 1e9})["problem"]]
    tokenizer = Trainer(NAMES_AZ, steps=1).tokenizer
    refused_names = [tokens.tokenize(tokenizer, t)["problem"] for t in ("", "a" * 41, "é", "E", " a b")]
    for lang in ("en", "zh"):
        walk1 = json.loads((web / f"{lang}.json").read_text(encoding="utf-8"))["walk"]
        for problem in problems:
            assert problem["key"] in walk1["graph"]["problem"], (lang, problem)
            if "kind" in problem:
                assert problem["kind"] in walk1["graph"]["kind"], (lang, problem)
        for problem in refused_names:
            assert problem["key"] in walk1["tokenizer"]["problem"], (lang, problem)


WEB = Path(__file__).resolve().parents[1] / "web"


def i18n(lang):
    return json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_stage_and_problem_has_a_text(lang, model3):
    texts = i18n(lang)
    walk2, tokenizer_problems = texts["walk"], texts["walk"]["tokenizer"]["problem"]
    for stage in forward_view(model3, "emma", 2)["stages"]:
        assert stage["key"] in walk2["stage"] and stage["key"] in walk2["block"], stage["key"]
    problems = [attention_view(model3, name)["problem"] for name in ("", "a" * 16, "E", "é", "a b")]
    assert problems[1]["key"] == "too_long_context"
    for problem in problems:
        area = walk2["problem"] if problem["key"] == "too_long_context" else tokenizer_problems
        assert problem["key"] in area, problem


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_the_part2_widgets_ask_for_exists(lang):
    texts = i18n(lang)
    widgets = ["embedding", "attention", "pipeline", "forward-steps", "training", "train-step",
               "temperature", "generate", "efficiency", "vector", "probbars", "tokenpick"]
    source = "\n".join(next(p for p in (WEB / "widgets" / f"{w}.js", WEB / "components" / f"{w}.js")
                             if p.exists()).read_text() for w in widgets)
    keys = set(re.findall(r"""["`]((?:walk|lab)\.[a-z_0-9.]+)["`]""", source))
    assert len(keys) > 60
    for key in keys:
        node = texts
        for part in key.split("."):
            assert isinstance(node, dict) and part in node, (lang, key)
            node = node[part]
        assert isinstance(node, str) and node.strip(), (lang, key)
    for section in ("embedding", "attention", "forward", "learning", "sampling", "efficiency"):
        text = texts["walk"]["sections"][section]
        for term in re.findall(r"\[\[([a-z_]+)", " ".join(text.values())):
            assert term in texts["glossary"], (lang, section, term)
