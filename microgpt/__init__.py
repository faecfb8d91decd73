"""microgpt: Karpathy's microgpt as a small standard-library package, exact to his numbers."""
from .config import GPTConfig
from .data import load_docs, read_docs
from .tokenizer import Tokenizer
from .trainer import Trainer
from .value import Value

__version__ = "0.1.0"
__all__ = ["GPTConfig", "Tokenizer", "Trainer", "Value", "load_docs", "read_docs", "__version__"]
