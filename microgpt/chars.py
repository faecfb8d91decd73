"""Which characters a document may hold: what a dataset and a model file's vocabulary share."""
import re

MAX_VOCAB = 256  # distinct characters over all documents (BOS not counted)
# control codes no text file holds (tabs and line separators are allowed), and lone surrogates
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")


def doc_char(c):
    """Can c be a character of a document? Not a control code, a lone surrogate or a line break
    (each is refused or splits the line in a dataset)."""
    return isinstance(c, str) and len(c) == 1 and not CONTROL.match(c) \
        and not SURROGATE.match(c) and c.splitlines() == [c]
