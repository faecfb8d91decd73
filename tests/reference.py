"""Karpathy's reference run (../shared/reference, or $MICROGPT_REFERENCE_DIR), for fidelity tests."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def reference_dir():
    path = Path(os.environ.get("MICROGPT_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))
    if not (path / "names.txt").is_file() or not (path / "karpathy_run.txt").is_file():
        pytest.skip(f"Karpathy's reference run not found in {path} "
                    "(set MICROGPT_REFERENCE_DIR to the folder holding names.txt and karpathy_run.txt)")
    return path


def reference_docs():
    from microgpt import load_docs
    return load_docs((reference_dir() / "names.txt").read_text(encoding="utf-8"))


def reference_run():
    """(losses of steps 1..N, sample names) as printed by Karpathy's script."""
    losses, samples = [], []
    for line in (reference_dir() / "karpathy_run.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("step "):
            losses.append(float(line.split("| loss ")[1]))
        elif line.startswith("sample "):
            samples.append(line.split(": ", 1)[1] if ": " in line else "")
    return losses, samples
