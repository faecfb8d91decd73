"""Character-level tokenizer: one id per distinct character, plus BOS."""


class Tokenizer:
    """Ids 0..n-1 for the sorted characters; BOS = n marks both the start and the end of a doc."""

    def __init__(self, chars):
        chars = list(chars)
        if len(set(chars)) != len(chars) or chars != sorted(chars):
            raise ValueError("tokenizer characters must be distinct and sorted")
        if any(len(c) != 1 for c in chars):
            raise ValueError("tokenizer vocabulary must hold single characters")
        self.chars = chars
        self.BOS = len(chars)
        self.vocab_size = len(chars) + 1
        self._ids = {c: i for i, c in enumerate(chars)}

    @classmethod
    def from_docs(cls, docs):
        return cls(sorted(set("".join(docs))))

    def encode(self, text):
        """'emma' -> [BOS, e, m, m, a, BOS]."""
        ids = [self.BOS]
        for pos, ch in enumerate(text):
            if ch not in self._ids:
                raise ValueError(
                    f"character {ch!r} at position {pos} is not in the vocabulary")
            ids.append(self._ids[ch])
        ids.append(self.BOS)
        return ids

    def decode(self, ids):
        """Ids back to text; BOS tokens are dropped."""
        out = []
        for i in ids:
            if not isinstance(i, int) or not 0 <= i < self.vocab_size:
                raise ValueError(f"token id {i!r} is outside 0..{self.vocab_size - 1}")
            if i != self.BOS:
                out.append(self.chars[i])
        return "".join(out)

    def token_name(self, i):
        """Readable label of one id: the character, or 'BOS'."""
        return "BOS" if i == self.BOS else self.chars[i]
