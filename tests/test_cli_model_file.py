"""python -m microgpt train --model-file FILE: the reader's own model.py at home, errors in one
line with the file's line numbers, no traceback."""
import inspect
import io
import subprocess
import sys

import pytest

import microgpt.model
from microgpt.cli import main

from reference import ROOT

NAMES = "\n".join(["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia"]) + "\n"
VOCAB = len(set(NAMES.replace("\n", ""))) + 1
SMALL = ["--n-embd", "8", "--n-head", "2", "--block-size", "8"]
ORIGINAL = inspect.getsource(microgpt.model)
no_subprocess = pytest.mark.skipif(sys.platform == "emscripten",
                                   reason="Pyodide cannot start a subprocess")


@pytest.fixture()
def data(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text(NAMES)
    return path


def train(data, model_file, *extra):
    out = io.StringIO()
    code = main(["train", "--data", str(data), "--model-file", str(model_file), "--steps", "3",
                 "--samples", "2", *SMALL, *extra], out=out)
    return code, out.getvalue()


def write(tmp_path, source, name="my_model.py"):
    path = tmp_path / name
    path.write_text(source)
    return path


def test_show_model_prints_model_py_and_the_copy_trains_like_the_scalar_engine(data, tmp_path):
    out = io.StringIO()
    assert main(["show-model"], out=out) == 0 and out.getvalue() == ORIGINAL
    code, text = train(data, write(tmp_path, out.getvalue()))
    plain = io.StringIO()
    assert main(["train", "--data", str(data), "--steps", "3", "--samples", "2",
                 "--engine", "scalar", *SMALL], out=plain) == 0
    assert code == 0 and text == plain.getvalue()


def test_an_edited_line_changes_the_losses(data, tmp_path):
    edited = ORIGINAL.replace("    x = [t + p for t, p in zip(tok_emb, pos_emb)]",
                              "    x = tok_emb")
    code, text = train(data, write(tmp_path, edited))
    _, original = train(data, write(tmp_path, ORIGINAL, "same.py"))
    assert code == 0 and text.splitlines()[3].startswith("step    1 /    3 | loss ")
    assert text.splitlines()[3:6] != original.splitlines()[3:6]


@pytest.mark.parametrize("old, new, code, message", [
    ("    x = rmsnorm(x)  # not redundant", "    x = rmsnorm(x  # not redundant", 2,
     "my_model.py, line 34, column 16: SyntaxError: '(' was never closed"),
    ("    head_dim = config.head_dim", "    head_dim = config.head_dimm", 2,
     "my_model.py, line 30, in gpt(): AttributeError: 'GPTConfig' object has no attribute "
     "'head_dimm'"),
    ("    head_dim = config.head_dim", "    head_dim = config.head_dim if pos_id < 2 else q", 1,
     "my_model.py, line 30, in gpt(), step 1: UnboundLocalError: cannot access local variable "
     "'q' where it is not associated with a value"),
    ('    return linear(x, params["lm_head"])', '    return linear(x, params["lm_head"])[1:]', 2,
     f"my_model.py: gpt() must return a list of vocab_size ({VOCAB}) logits; it returned a "
     f"list of {VOCAB - 1} items"),
    ('    return linear(x, params["lm_head"])',
     '    return [l * float("inf") for l in linear(x, params["lm_head"])]', 1,
     "my_model.py, step 1: the loss is nan: training diverged"),
    ("def gpt(", "def not_gpt(", 2, "my_model.py: the file defines no gpt(): it must define "
     "gpt(token_id, pos_id, keys, values, params, config)"),
])
def test_errors_are_one_line_with_the_files_line(data, tmp_path, capsys, old, new, code, message):
    assert ORIGINAL.count(old) == 1
    path = write(tmp_path, ORIGINAL.replace(old, new))
    got, _ = train(data, path)
    err = capsys.readouterr().err
    assert got == code and err == f"microgpt: error: {path.parent}/{message}\n"


def test_bad_options_and_files(data, tmp_path, capsys):
    path = write(tmp_path, ORIGINAL)
    cases = [(("--engine", "fast"), "leave out --engine fast"),
             (("--save", str(tmp_path / "m.json")), "--save does not go with --model-file")]
    for extra, message in cases:
        assert train(data, path, *extra)[0] == 1
        assert message in capsys.readouterr().err
    assert train(data, tmp_path / "nope.py")[0] == 2
    assert "model file not found" in capsys.readouterr().err
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\n")
    assert train(data, tmp_path / "latin.py")[0] == 2
    assert "not UTF-8" in capsys.readouterr().err


@no_subprocess
def test_the_module_entry_point_without_a_traceback(data, tmp_path):
    show = subprocess.run([sys.executable, "-m", "microgpt", "show-model"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert show.returncode == 0 and show.stdout == ORIGINAL
    path = write(tmp_path, show.stdout.replace("    head_dim = config.head_dim",
                                               "    head_dim = config.head_dim +"))
    proc = subprocess.run([sys.executable, "-m", "microgpt", "train", "--data", str(data),
                           "--model-file", str(path), "--steps", "2"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"microgpt: error: {path}, line 30, column 3")
    assert proc.stderr.endswith(": SyntaxError: invalid syntax\n") and proc.stderr.count("\n") == 1
    ok = subprocess.run([sys.executable, "-m", "microgpt", "train", "--data", str(data),
                         "--model-file", str(write(tmp_path, show.stdout, "ok.py")),
                         "--steps", "2", "--samples", "1", *SMALL],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and ok.stdout.count("step ") == 2 and "sample  1:" in ok.stdout
