"""Model shape."""
from dataclasses import dataclass, asdict


@dataclass(frozen=True)
class GPTConfig:
    n_layer: int = 1  # transformer blocks
    n_embd: int = 16  # width of every token vector
    n_head: int = 4  # attention heads; each sees n_embd // n_head dims
    block_size: int = 16  # longest context, in tokens (BOS included)
    init_std: float = 0.08  # std of the Gaussian the weights start from

    def __post_init__(self):
        for name in ("n_layer", "n_embd", "n_head", "block_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if self.n_embd % self.n_head:
            raise ValueError(
                f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head})")
        std = self.init_std
        if isinstance(std, bool) or not isinstance(std, (int, float)) or not 0 < std < float("inf"):
            raise ValueError(f"init_std must be a positive number, got {std!r}")

    @property
    def head_dim(self):
        return self.n_embd // self.n_head

    def to_dict(self):
        return asdict(self)
