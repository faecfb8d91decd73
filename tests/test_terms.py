"""One vocabulary in each language: the walkthrough's texts and glossary follow web/i18n/terms.json.

- no forbidden Chinese variant anywhere in zh.json (实验区 for 实验台, 瞎猜 for 随机猜测, ...);
- the glossary has exactly the term list's entries, and every [[key|shown]] mark in the
  walkthrough shows the listed term (en and zh);
- each term with a first-use rule reads that way (the English in brackets) at its first
  mention in zh, in page order: web/sections/index.js SECTIONS, then each section's layout;
- EN and 中文 have the same keys and the same {placeholders}, and every placeholder of a
  walkthrough or glossary text is one that web/walk.js fills from model_facts.
"""
import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[1] / "web"
MARK = re.compile(r"\[\[([a-z_]+)(?:\|([^\]]+))?\]\]")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def load(name):
    return json.loads((WEB / "i18n" / name).read_text(encoding="utf-8"))


EN, ZH, TERMS = load("en.json"), load("zh.json"), load("terms.json")["terms"]
BY_GLOSSARY = {t["glossary"]: t for t in TERMS if "glossary" in t}


def flat(tree, prefix=""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from flat(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value


def walk_order():
    """[(area, item)] of every walkthrough text in page order: the title, then the layout's
    paragraphs (widgets skipped)."""
    index = (WEB / "sections" / "index.js").read_text()
    sections = re.findall(r'"([\w-]+)"', index.split("SECTIONS")[1].split(";")[0])
    order = []
    for name in sections:
        if not name.startswith("walk-"):
            continue
        source = (WEB / "sections" / f"{name}.js").read_text()
        area, layout = re.search(r'mountSection\(root, "([\w.]+)", \[([^\]]*)\]', source).groups()
        items = [i for i in re.findall(r'"([^"]+)"', layout) if not i.startswith("@")]
        order += [(area, "title")] + [(area, i) for i in items]
    return order


def text_at(tree, area, item):
    node = tree
    for part in area.split("."):
        node = node[part]
    return node[item]


def plain(text):
    """What the reader sees: marks replaced by their shown text, code marks by their code."""
    return MARK.sub(lambda m: m.group(2) or m.group(1), text).replace("`", "")


def test_walk_order_covers_every_section_text():
    order = walk_order()
    assert len(order) > 40 and order[0] == ("walk.sections.dataset", "title")
    for lang in (EN, ZH):
        for area, item in order:
            assert isinstance(text_at(lang, area, item), str), (area, item)


def test_no_forbidden_variant_anywhere_in_chinese():
    found = [(key, bad) for key, value in flat(ZH) for t in TERMS
             for bad in t.get("zh_forbidden", []) if bad in value]
    assert not found, found


def test_the_glossary_is_the_term_list():
    assert set(EN["glossary"]) == set(ZH["glossary"]) == set(BY_GLOSSARY)


def shows_term(term, shown, lang):
    if lang == "en":
        forms = {term["en"], *term.get("en_forms", [])}
        forms |= {f + "s" for f in forms}
        return shown.lower() in {f.lower() for f in forms}
    return shown in {term["zh"], *term.get("zh_forms", []), term.get("zh_first_use")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_mark_shows_its_listed_term(lang):
    tree = EN if lang == "en" else ZH
    marks = [(key, m.group(1), m.group(2) or m.group(1))
             for key, value in flat(tree["walk"]["sections"]) for m in MARK.finditer(value)]
    assert len(marks) > 40
    wrong = [(key, gloss, shown) for key, gloss, shown in marks
             if gloss not in BY_GLOSSARY or not shows_term(BY_GLOSSARY[gloss], shown, lang)]
    assert not wrong, wrong


def test_new_terms_have_a_definition_and_are_used():
    used = {m.group(1) for _, v in flat(EN["walk"]["sections"]) for m in MARK.finditer(v)}
    for key in ("forward_pass", "backpropagation", "dot_product", "matrix_vector", "relu",
                "optimiser", "momentum", "kv_cache", "lm_head"):
        assert EN["glossary"][key] and ZH["glossary"][key] and key in used, key


@pytest.mark.parametrize("term", [t for t in TERMS if "zh_first_use" in t], ids=lambda t: t["id"])
def test_first_chinese_use_has_the_english_in_brackets(term):
    order = walk_order()
    raw = [text_at(ZH, area, item) for area, item in order]
    # the first mark of the term shows the first-use form
    firsts = [m.group(2) for text in raw for m in MARK.finditer(text)
              if m.group(1) == term["glossary"]]
    assert firsts and firsts[0] == term["zh_first_use"], (term["id"], firsts[:1])
    # and nothing mentions the term before it (one-character terms such as 键 also occur
    # inside other words, so only the mark is checked for them)
    if len(term["zh"]) > 1:
        whole = "\n".join(plain(text) for text in raw)
        at = whole.find(term["zh"])
        assert whole[at:].startswith(term["zh_first_use"]), (term["id"], whole[at - 20:at + 20])


def test_same_keys_and_placeholders_in_english_and_chinese():
    en, zh = dict(flat(EN)), dict(flat(ZH))
    assert sorted(en) == sorted(zh)
    differ = [k for k in en if set(PLACEHOLDER.findall(en[k])) != set(PLACEHOLDER.findall(zh[k]))]
    assert not differ, differ


def test_every_walkthrough_placeholder_is_a_fact_the_page_fills():
    source = (WEB / "walk.js").read_text()
    body = source.split("export function factParams")[1].split("export function mountSection")[0]
    filled = set(re.findall(r"^\s+(\w+):", body, re.M))
    assert {"n_embd", "head_dim", "vocab_size", "n_params", "last_learning_rate"} <= filled
    for tree in (EN, ZH):
        for area in (tree["walk"]["sections"], tree["glossary"]):
            for key, value in flat(area):
                unknown = set(PLACEHOLDER.findall(value)) - filled
                assert not unknown, (key, unknown)
