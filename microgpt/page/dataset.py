"""Dataset rules: which texts make a usable list of documents, and a report to show first.

A dataset is UTF-8 text with one document (a name, a word, a short line) per non-blank line,
split by data.load_docs. Every refusal is a DatasetError (a ValueError) whose message names
the problem and whose `key` and `params` let the page say it in the reader's language.
"""
import hashlib

from ..chars import CONTROL, MAX_VOCAB, SURROGATE
from ..data import load_docs
from ..refusal import Refusal

MAX_BYTES = 2 * 2**20  # 2 MiB of UTF-8: about nine times the bundled names.txt
# sha256 of makemore's names.txt at commit 988aa59, the file Karpathy's script downloads
KARPATHY_NAMES_SHA256 = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d"


class DatasetError(Refusal):
    """A refused dataset."""


def rules():
    """The limits, for the page to state before anyone picks a file."""
    return {"max_bytes": MAX_BYTES, "max_vocab": MAX_VOCAB}


def too_big(name, size):
    return DatasetError("too_big", f"{name} is {size:,} bytes; the limit is {MAX_BYTES:,} bytes "
                        f"({MAX_BYTES // 2**20} MiB)", size=size, max_bytes=MAX_BYTES)


def decode(raw, name):
    """File bytes -> text. Refuses files over MAX_BYTES and files that are not UTF-8 text."""
    if len(raw) > MAX_BYTES:
        raise too_big(name, len(raw))
    zero = raw.find(b"\x00")
    if zero >= 0:
        raise DatasetError("binary", f"{name} looks like a binary file: byte {zero} is zero",
                           position=zero)
    try:
        return raw.decode("utf-8-sig")  # a leading byte-order mark is not part of the data
    except UnicodeDecodeError as e:
        raise DatasetError("binary", f"{name} is not UTF-8 text (invalid byte at {e.start}); "
                           "is it a binary file?", position=e.start) from None


def line_at(text, pos):
    """1-based line number of position pos, counting lines as str.splitlines does."""
    return len((text[:pos] + "x").splitlines())


def check_text(text, name):
    """Text -> its documents, or a DatasetError: too big, binary, empty or too many characters."""
    if not isinstance(text, str):
        raise DatasetError("not_text", f"{name} must be text, got {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise too_big(name, size)
    found = CONTROL.search(text)
    if found:
        code, line = f"U+{ord(found.group()):04X}", line_at(text, found.start())
        raise DatasetError("binary", f"{name} looks like a binary file: line {line} holds the "
                           f"control code {code}", line=line, code=code)
    found = SURROGATE.search(text)
    if found:
        line = line_at(text, found.start())
        raise DatasetError("broken_char", f"{name} holds a broken character (a lone UTF-16 "
                           f"surrogate) on line {line}", line=line)
    docs = load_docs(text)
    if not docs:
        raise DatasetError("empty", f"{name} is empty: it has no non-blank lines")
    chars = set("".join(docs))
    if len(chars) > MAX_VOCAB:
        raise DatasetError("vocab", f"{name} uses {len(chars):,} different characters; the "
                           f"limit is {MAX_VOCAB}", size=len(chars), max_vocab=MAX_VOCAB)
    return docs


def is_karpathy_names(text):
    """Is this exactly the file Karpathy's run trained on?"""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() == \
        KARPATHY_NAMES_SHA256


def report(docs, block_size, name=""):
    """What the page shows about a dataset under the rules, before training on it.

    too_long counts documents longer than block_size - 1 characters: a document of n characters
    makes n + 1 predictions, and training uses only the first block_size of them.
    """
    chars = sorted(set("".join(docs)))
    return {
        "name": name,
        "count": len(docs),
        "chars": chars,
        "vocab_size": len(chars) + 1,
        "block_size": block_size,
        "too_long": sum(1 for d in docs if len(d) > block_size - 1),
        **rules(),
    }
