"""build.py's command line: `test` hands every later argument to pytest untouched."""
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "emscripten",
                                reason="build.py drives npm and pip; it runs in CPython only")


@pytest.fixture
def build():
    import build
    return build


@pytest.fixture
def ran(monkeypatch, build):
    from tools import testenv
    seen = {}
    monkeypatch.setattr(testenv, "prepare", lambda: seen.update(prepared=True))
    monkeypatch.setattr(testenv, "run_tests", lambda args: seen.update(pytest=args) or 0)
    monkeypatch.setattr(build, "build", lambda: seen.update(built=True))
    monkeypatch.setattr(build, "serve", lambda port: seen.update(served=port))
    return seen


@pytest.mark.parametrize("argv", [
    ["-q", "-k", "lab and not slow", "tests/e2e/test_lab.py"],
    ["tests/test_core_model.py", "-q"],
    ["--help"],
    [],
])
def test_test_passes_its_arguments_to_pytest_in_order(build, ran, argv):
    with pytest.raises(SystemExit) as done:
        build.main(["test", *argv])
    assert done.value.code == 0
    assert ran == {"prepared": True, "built": True, "pytest": argv}


def test_other_commands_keep_their_own_flags(build, ran, capsys):
    build.main(["serve", "--port", "8123"])
    assert ran == {"served": 8123}
    with pytest.raises(SystemExit) as done:
        build.main(["serve", "--bogus"])
    assert done.value.code == 2 and "--bogus" in capsys.readouterr().err
