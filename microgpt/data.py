"""Documents: one name (or any short text) per line."""
import hashlib


def load_docs(text):
    """Split text into documents: one per non-empty line, surrounding whitespace stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_docs(path):
    """Read a UTF-8 text file of documents; errors name the file and the problem."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise ValueError(f"dataset not found: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"dataset is a directory, not a file: {path}") from None
    except UnicodeDecodeError as e:
        raise ValueError(f"dataset is not UTF-8 text: {path} (byte {e.start})") from None
    except OSError as e:
        raise ValueError(f"cannot read dataset {path}: {e.strerror}") from None
    docs = load_docs(text)
    if not docs:
        raise ValueError(f"dataset is empty: {path} has no non-blank lines")
    return docs


def docs_fingerprint(docs):
    """sha256 of the docs in their given (unshuffled) order: which dataset a model was trained on."""
    return hashlib.sha256("\n".join(docs).encode("utf-8")).hexdigest()
