"""What the explain tests share: names to train on, logits, refused expressions and
trained models."""
import json

from microgpt import GPTConfig, Trainer

NAMES_AZ = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn",
            "abigail", "emily", "elizabeth", "mila", "ella", "avery", "sofia", "camila", "aria",
            "scarlett", "victoria", "madison", "luna", "grace", "chloe", "penelope", "layla",
            "riley", "zoey", "nora", "lily", "eleanor", "hannah", "lillian", "addison", "aubrey",
            "ellie", "stella", "natalie", "zoe", "leah", "hazel", "violet", "aurora", "savannah",
            "audrey", "brooklyn", "bella", "claire", "skylar", "lucy", "paisley", "everly", "anna",
            "caroline", "nova", "genesis", "emilia", "kennedy", "samantha", "maya", "willow",
            "kinsley", "naomi", "aaliyah", "elena", "sarah", "ariana", "allison", "gabriella",
            "alice", "madelyn", "cora", "ruby", "eva", "serenity", "autumn", "adeline", "hailey",
            "gianna", "valentina", "isla", "eliana", "quinn", "nevaeh", "ivy", "sadie", "piper",
            "lydia", "alexa", "josephine", "emery", "julia", "delilah", "arianna", "vivian",
            "kaylee", "sophie", "brielle", "madeline", "jax", "quincy", "wyatt"]  # all of a..z


ORIGINAL_LOGITS = [2.0, 1.0, 0.5, -0.5, 3.0, 0.0]  # a, b, c, d, e, other


def line_text(out, line):
    return out["source"].splitlines()[line - 1].strip()


REFUSED = [
    ("__import__('os')", "call"), ("a.__class__", "construct"), ("().__class__", "construct"),
    ("a[0]", "construct"), ("lambda: 1", "construct"), ("a if b else c", "construct"),
    ("'abc'", "construct"), ("a == b", "construct"), ("[a]", "construct"),
    ("(a := 3)", "construct"), ("f'{a}'", "construct"), ("True", "construct"),
    ("a and b", "construct"), ("print(a)", "call"), ("a.log()", "call"), ("open", "name"),
    ("x", "name"), ("__builtins__", "name"), ("log", "bare_function"),
    ("log(a, b)", "arguments"), ("exp(a=1)", "arguments"), ("exp(*a)", "arguments"),
    ("a ** b", "exponent"), ("a ** 1000", "exponent_big"), ("9**9**9", "exponent"),
    ("1e999", "number"), ("9" * 20, "number"), ("a @ b", "operator"), ("a // b", "operator"),
    ("~a", "operator"), ("not a", "operator"), ("a +", "syntax"), ("a; import os", "syntax"),
    ("a\x00", "syntax"), ("", "empty"), ("a" * 81, "too_long"), ("+".join("a" * 14), "too_many"),
    ("log(0*a)", "domain"), ("a/(b-b)", "zero"), ("exp(exp(exp(a)))", "overflow"),
    ("(-a)**0.5", "complex"), ("3", "no_variable")]


DOCS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia", "harper",
        "evelyn", "abigail", "emily", "ella", "elizabeth", "camila", "luna", "sofia", "avery"]


def trained(steps=3, **config):
    t = Trainer(DOCS, config=GPTConfig(**config), steps=50)
    for _ in range(steps):
        t.step()
    return t


def snapshot(t):
    m, v = t.engine.moments()
    return json.dumps([t.state_dict(), m, v, t.step_count, repr(t.rng.getstate())])
