"""A model file saved by the page works in the CLI, and one saved by the CLI works in the page.

The page side goes through the same JSON commands the worker calls (microgpt.page); the CLI side
is `python -m microgpt` in a subprocess (in-process main() inside Pyodide, which has none).
"""
import io
import json
import subprocess
import sys
from contextlib import redirect_stderr

import pytest

from microgpt.cli import main
from microgpt.page import Session, handle_json
from reference import ROOT

NAMES = "".join(f"{n}\n" for n in ["emma", "olivia", "ava", "isabella", "sophia", "mia",
                                  "amelia", "harper", "evelyn", "abigail", "zoë", "chloé"])
SHAPE = {"n_layer": 1, "n_embd": 8, "n_head": 2, "block_size": 8}
FLAGS = ["--n-layer", "1", "--n-embd", "8", "--n-head", "2", "--block-size", "8",
         "--engine", "scalar", "--seed", "7", "--learning-rate", "0.02"]


def cli(*argv):
    """(exit code, stdout) of python -m microgpt ARGV."""
    if sys.platform == "emscripten":  # no subprocesses in Pyodide: the same main() in-process
        out, err = io.StringIO(), io.StringIO()
        with redirect_stderr(err):
            code = main(list(argv), out=out)
        return code, out.getvalue() + err.getvalue()
    proc = subprocess.run([sys.executable, "-m", "microgpt", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def printed_samples(stdout):
    return [line.split(": ", 1)[1] if ": " in line else ""
            for line in stdout.splitlines() if line.startswith("sample ")]


def page_on(session):
    """call(cmd, **args) -> result, through the page's entry point on `session`."""
    def call(cmd, **args):
        out = json.loads(handle_json(session, cmd, json.dumps(args)))
        assert "error" not in out, out["error"]
        return out["result"]
    return call


@pytest.fixture
def page():
    """call(cmd, **args) -> result, on a fresh page session holding NAMES."""
    call = page_on(Session())
    call("init", text=NAMES, name="names.txt",
         settings={**SHAPE, "steps": 12, "seed": 7, "learning_rate": 0.02, "engine": "scalar"})
    return call


def train_to_end(page):
    steps = []
    while not page("status")["done"]:
        steps += page("train", max_ms=1000)["steps"]
    return steps


def test_page_model_samples_the_same_names_in_the_cli(page, tmp_path):
    train_to_end(page)
    model = tmp_path / "from-page.json"
    model.write_text(page("save_model")["text"], encoding="utf-8")
    code, out = cli("sample", "--load", str(model), "--n", "8", "--temperature", "0.8")
    assert code == 0, out
    page_names = [s["name"] for s in page("sample", n=8, temperature=0.8)]
    assert printed_samples(out) == page_names and len(set(page_names)) > 1


def test_cli_run_matches_the_page_step_for_step_and_its_model_loads_there(page, tmp_path):
    data, model = tmp_path / "names.txt", tmp_path / "from-cli.json"
    data.write_text(NAMES, encoding="utf-8")
    code, out = cli("train", "--data", str(data), "--steps", "12", *FLAGS, "--samples", "6",
                    "--save", str(model))
    assert code == 0, out
    cli_losses = [line.split("| loss ")[1] for line in out.splitlines() if line.startswith("step")]
    page_losses = [f"{s['loss']:.4f}" for s in train_to_end(page)]
    assert cli_losses == page_losses and len(page_losses) == 12

    loaded = page("load_model", text=model.read_text(encoding="utf-8"))
    assert loaded["can_train"] and loaded["status"]["step"] == 12
    assert loaded["status"]["settings"]["seed"] == 7
    # the CLI saved before it sampled, so the page's first samples are the CLI's
    assert [s["name"] for s in page("sample", n=6)] == printed_samples(out)


def test_page_model_saved_mid_run_resumes_in_a_new_page_exactly(page):
    assert len(page("train", max_steps=5, max_ms=60000)["steps"]) == 5
    saved = page("save_model")["text"]
    rest = [(s["step"], s["loss"]) for s in train_to_end(page)]
    end = page("save_model")["text"]

    fresh = page_on(Session())  # a reload: a new session on the same dataset, then Load model
    fresh("init", text=NAMES, name="names.txt")
    assert fresh("load_model", text=saved)["can_train"]
    assert [(s["step"], s["loss"]) for s in train_to_end(fresh)] == rest
    assert fresh("save_model")["text"] == end


def test_cli_refuses_a_corrupted_page_model(page, tmp_path):
    text = page("save_model")["text"]
    model = tmp_path / "broken.json"
    model.write_text(text[: len(text) // 2], encoding="utf-8")
    code, out = cli("sample", "--load", str(model))
    assert code == 1 and "microgpt: error: checkpoint is not valid JSON" in out
