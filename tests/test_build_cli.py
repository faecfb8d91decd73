"""build.py: `test` hands every later argument to pytest untouched; our wheel installs and runs
from any folder; the site ships the dataset once; a micropip wheel of another hash is refused."""
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


def test_installed_wheel_trains_and_benches_from_any_folder(build, tmp_path):
    import subprocess
    import venv
    import zipfile
    wheel = build.build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as z:
        assert z.read(build.DATASET) == (build.ROOT / build.DATASET).read_bytes()
    venv.create(tmp_path / "venv", with_pip=True)  # ensurepip: no network
    bin_dir = tmp_path / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                    wheel], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"  # no data/ beside it, no source tree on the path
    elsewhere.mkdir()
    train = subprocess.run([bin_dir / "microgpt", "train", "--steps", "3", "--samples", "2"],
                           cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert train.returncode == 0, train.stderr
    lines = train.stdout.splitlines()
    assert lines[0] == "num docs: 32257" and lines[5].startswith("step    3 /    3 | loss ")
    assert lines[-1].startswith("sample  2: ")
    bench = subprocess.run([bin_dir / "microgpt", "bench", "--steps", "1"], cwd=elsewhere,
                           capture_output=True, text=True, timeout=600)
    assert bench.returncode == 0 and "32257 docs" in bench.stdout, bench.stderr


def test_the_site_ships_the_dataset_once(build, tmp_path):
    import zipfile
    wheel = build.build_wheel(tmp_path)
    target = tmp_path / "names.txt"
    build.ship_dataset_once(wheel, build.DATASET, target)
    assert target.read_bytes() == (build.ROOT / build.DATASET).read_bytes()
    with zipfile.ZipFile(wheel) as z:
        record = next(n for n in z.namelist() if n.endswith(".dist-info/RECORD"))
        assert build.DATASET not in z.namelist() and "microgpt/cli.py" in z.namelist()
        assert build.DATASET not in z.read(record).decode()
        assert "microgpt/cli.py," in z.read(record).decode()


def test_a_module_left_in_setuptools_scratch_folder_does_not_ship(build, tmp_path):
    import zipfile
    stale = build.ROOT / "build" / "lib" / "microgpt" / "stale_module.py"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("# a module moved away since the last build\n")
    wheel = build.build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as z:
        assert "microgpt/stale_module.py" not in z.namelist()
        assert "microgpt/page/commands.py" in z.namelist()


def test_a_micropip_wheel_with_another_sha256_is_refused_and_deleted(build, tmp_path):
    fake = tmp_path / "micropip-0.11.1-py3-none-any.whl"  # as if the download had been altered
    fake.write_bytes(b"not the wheel")
    with pytest.raises(SystemExit) as refused:
        build.pypi_wheel(build.MICROPIP, tmp_path, sha256=build.MICROPIP_SHA256)
    assert f"refused {fake.name}" in str(refused.value)
    assert build.MICROPIP_SHA256 in str(refused.value) and not fake.exists()


def test_the_code_editor_is_bundled_self_hosted_and_minified(build, tmp_path):
    """CodeMirror goes into the site as one ES module made by esbuild: no bare import left for
    the browser to resolve, no address off the page's origin, the entry's source not shipped."""
    import re
    target = tmp_path / build.EDITOR_BUNDLE
    build.bundle_editor(target)
    text = target.read_text()
    assert "export{" in text.replace(" ", "") and "createEditor" in text and "editorOf" in text
    assert not re.search(r"""(?:^|[;\s])import\s*(?:[\w{}*,\s]+from\s*)?["'](?![./])""", text)
    assert not re.search(r"""import\(\s*["']https?:""", text)
    assert max(map(len, text.splitlines())) > 10_000  # minified
    licences = (target.parent / "LICENSES.txt").read_text()
    assert "@codemirror/view" in licences and "@lezer/python" in licences


def test_a_bundle_that_cannot_be_made_stops_the_build_with_its_reason(build, tmp_path,
                                                                      monkeypatch):
    broken = tmp_path / "entry.js"
    broken.write_text('import { nothing } from "@codemirror/not-a-package";\nexport { nothing };\n')
    monkeypatch.setattr(build, "EDITOR_ENTRY", str(broken))
    with pytest.raises(SystemExit) as stopped:
        build.bundle_editor(tmp_path / "out" / "editor.js")
    assert "cannot bundle the code editor" in str(stopped.value)
    assert "not-a-package" in str(stopped.value)

