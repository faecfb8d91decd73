"""python -m microgpt: output like the reference, clear one-line errors."""
import io
import subprocess
import sys

import pytest

from microgpt.cli import main

from reference import ROOT

NAMES = "\n".join(["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia"]) + "\n"


def run(argv):
    out = io.StringIO()
    code = main(argv, out=out)
    return code, out.getvalue()


def test_train_prints_like_the_reference_and_saves(tmp_path):
    data = tmp_path / "names.txt"
    data.write_text(NAMES)
    ckpt = tmp_path / "m.json"
    code, text = run(["train", "--data", str(data), "--steps", "3", "--engine", "scalar",
                      "--n-embd", "8", "--n-head", "2", "--samples", "4", "--save", str(ckpt)])
    lines = text.splitlines()
    assert code == 0
    assert lines[:3] == ["num docs: 7", "vocab size: " + str(len(set(NAMES.strip().replace("\n", ""))) + 1), "num params: " + lines[2].split()[-1]]
    assert [l[:18] for l in lines[3:6]] == ["step    1 /    3 |", "step    2 /    3 |",
                                           "step    3 /    3 |"]
    assert lines[-5] == "--- inference (new, hallucinated names) ---"
    assert [l[:10] for l in lines[-4:]] == ["sample  1:", "sample  2:", "sample  3:", "sample  4:"]
    code, again = run(["sample", "--load", str(ckpt), "--n", "4"])
    assert code == 0 and again.splitlines() == lines[-5:]


def test_errors_are_one_clear_line(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n")
    cases = [
        (["train", "--data", str(tmp_path / "nope.txt")], "dataset not found"),
        (["train", "--data", str(empty)], "dataset is empty"),
        (["train", "--data", str(empty.parent)], "is a directory"),
        (["train", "--n-embd", "10"], "n_embd (10) must be divisible by n_head (4)"),
        (["sample", "--load", str(empty)], "not valid JSON"),
    ]
    for argv, message in cases:
        code, _ = run(argv)
        err = capsys.readouterr().err
        assert code == 1 and err.startswith("microgpt: error: ") and message in err, argv
        assert err.count("\n") == 1


@pytest.mark.skipif(sys.platform == "emscripten", reason="Pyodide cannot start a subprocess")
def test_module_entry_point_on_the_bundled_data():
    proc = subprocess.run([sys.executable, "-m", "microgpt", "train", "--steps", "2",
                           "--samples", "2", "--engine", "scalar"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("num docs: 32257\nvocab size: 27\nnum params: 4192\n")
    bad = subprocess.run([sys.executable, "-m", "microgpt", "train", "--steps", "0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "at least 1" in bad.stderr


def test_bench_flags_reach_the_benchmark(monkeypatch):
    seen = {}
    monkeypatch.setattr("microgpt.bench.run", lambda **kw: seen.update(kw))
    assert main(["bench", "--steps", "3", "--full", "--memory", "2000"]) == 0
    assert (seen["steps"], seen["full"], seen["memory_steps"]) == (3, True, 2000)
    assert main(["bench"]) == 0 and (seen["full"], seen["memory_steps"]) == (False, 0)
