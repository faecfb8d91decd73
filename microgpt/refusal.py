"""A refusal of the reader's input that the page can say in the reader's language."""


class Refusal(ValueError):
    """str(e) is the English message; `key` and `params` let the page translate it."""

    def __init__(self, key, message, **params):
        super().__init__(message)
        self.key = key
        self.params = params

    def to_dict(self):
        """{"key", "message", **params}: plain data for the page."""
        return {"key": self.key, "message": str(self), **self.params}
