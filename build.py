"""Build the static site into site/, serve it, or run every test.

    python build.py                  # build site/
    python build.py serve [--port N] # build, then serve on 127.0.0.1 and print the URL
    python build.py test [PYTEST...] # install what the tests need, build, run all tests

site/ uses relative URLs only, so it works at / and under /<repo>/ on GitHub Pages.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from microgpt.page.settings import schema as settings_schema  # the source tree's, one declaration

ROOT = Path(__file__).resolve().parent
SITE = Path(os.environ.get("MICROGPT_SITE", ROOT / "site")).resolve()  # one per worktree or helper
CACHE = ROOT / ".cache"  # downloads kept between builds (ignored by git)
MICROPIP = "micropip==0.11.1"
# its sha256, checked on every use: pip download checks no hash unless it is given one
MICROPIP_SHA256 = "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"
DATASET = "microgpt/names.txt"  # package data; the site ships it once, as data/names.txt
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
EDITOR_ENTRY = "web/vendor-src/editor-entry.js"  # the code lab's CodeMirror, bundled by esbuild
EDITOR_BUNDLE = "vendor/codemirror/editor.js"  # where the site has it (widgets/code-lab.js)


def run(*cmd, cwd=ROOT):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True)


def npm_version(name):
    """The version package-lock.json pins for a direct dependency."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return lock["packages"][f"node_modules/{name}"]["version"]


def ensure_node_modules():
    """npm ci when node_modules is missing or differs from package-lock.json."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for key, entry in lock["packages"].items():
        manifest = ROOT / key / "package.json"
        if key and not entry.get("optional") and (
                not manifest.exists()
                or json.loads(manifest.read_text()).get("version") != entry["version"]):
            run("npm", "ci", "--no-audit", "--no-fund")
            return


def has_backend():
    """setuptools able to make wheels (built in from 70.1, before that with `wheel`)."""
    try:
        import setuptools
        if tuple(int(p) for p in setuptools.__version__.split(".")[:2]) >= (70, 1):
            return True
        import wheel  # noqa: F401
        return True
    except (ImportError, ValueError):
        return False


def build_wheel(out):
    """Our pure wheel from pyproject.toml; offline when the backend is already installed.

    It builds from a private copy of the sources: setuptools copies into ./build and never
    deletes there, so a module removed or moved since an earlier build would ship again, and
    two builds at once (tests, a second checkout's server) would share that folder."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(ROOT / "microgpt", src / "microgpt",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        isolation = ["--no-build-isolation"] if has_backend() else []
        run(sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", *isolation, "-q",
            "-w", tmp)
        (wheel,) = Path(tmp).glob("microgpt-*-py3-none-any.whl")
        return Path(shutil.copy2(wheel, out))


def pypi_wheel(requirement, folder, python_version="3.14", sha256=None):
    """A pure wheel for Pyodide's Python, downloaded once into `folder`, checked against sha256."""
    name, version = requirement.split("==")
    found = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        # Pyodide's Python is newer than ours, hence --python-version (see notes on micropip)
        run(sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--python-version", python_version, "-q", "-d", folder, requirement)
        found = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    got = hashlib.sha256(found[0].read_bytes()).hexdigest()
    if sha256 and got != sha256:
        found[0].unlink()  # never shipped, never reused
        sys.exit(f"build: refused {found[0].name}: its sha256 is {got}, build.py pins {sha256} "
                 "(the file is deleted; if that release is trusted, update the pin)")
    return found[0]


def build():
    """Write site/ from web/, the Pyodide runtime, uPlot, the wheels and the dataset."""
    dataset = ROOT / DATASET
    if not dataset.exists():
        sys.exit(f"build: {dataset} is missing")
    ensure_node_modules()
    pyodide, uplot = npm_version("pyodide"), npm_version("uplot")
    # Build beside site/ and swap it in at the end, so a server or test using site/ never
    # sees it half-written.
    SITE.parent.mkdir(parents=True, exist_ok=True)  # MICROGPT_SITE may name a new folder
    out = Path(tempfile.mkdtemp(prefix=".site-", dir=SITE.parent))
    try:
        write_site(out, dataset, pyodide, uplot)
        old = SITE.with_name(out.name + "-old")
        if SITE.exists():
            SITE.rename(old)
        out.rename(SITE)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    size = sum(f.stat().st_size for f in SITE.rglob("*") if f.is_file())
    manifest = json.loads((SITE / "build.json").read_text())
    print(f"built {SITE}/ ({size / 1e6:.1f} MB): {manifest['wheel']}, "
          f"pyodide {pyodide}, uplot {uplot}")


def write_site(out, dataset, pyodide, uplot):
    out.chmod(0o755)
    # web/vendor-src holds bundle entries (bare imports of npm packages): the site gets the bundle
    shutil.copytree(ROOT / "web", out, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("vendor-src"))
    bundle_editor(out / EDITOR_BUNDLE)
    runtime = out / "pyodide" / pyodide  # versioned: Pages caches files for 10 minutes
    runtime.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(ROOT / "node_modules" / "pyodide" / name, runtime / name)
    vendor = out / "vendor" / "uplot"  # imported by path from web/lab/chart.js
    vendor.mkdir(parents=True)
    for name in ("uPlot.esm.js", "uPlot.min.css"):
        shutil.copy2(ROOT / "node_modules" / "uplot" / "dist" / name, vendor / name)
    shutil.copy2(ROOT / "node_modules" / "uplot" / "LICENSE", vendor / "LICENSE")
    wheels = out / "wheels"
    wheels.mkdir()
    micropip = Path(shutil.copy2(pypi_wheel(MICROPIP, CACHE / "wheels", sha256=MICROPIP_SHA256),
                                 wheels))
    ours = build_wheel(wheels)
    (out / "data").mkdir()
    ship_dataset_once(ours, dataset.relative_to(ROOT).as_posix(), out / "data" / "names.txt")
    manifest = {
        "pyodide": f"pyodide/{pyodide}/",
        "uplot": uplot,
        "micropip": f"wheels/{micropip.name}",
        "wheel": f"wheels/{ours.name}",
        "dataset": "data/names.txt",
    }
    (out / "build.json").write_text(json.dumps(manifest, indent=2) + "\n")
    write_settings(out)
    stamp_precache(out)


def bundle_editor(target):
    """The code lab's editor: CodeMirror 6 and its Python mode as one minified ES module, made
    from node_modules by esbuild (a devDependency), self-hosted like uPlot. No editor, no build:
    the page's last section would otherwise fail in every reader's tab."""
    esbuild = ROOT / "node_modules" / ".bin" / ("esbuild.cmd" if os.name == "nt" else "esbuild")
    if not esbuild.exists():
        sys.exit(f"build: cannot bundle the code editor: {esbuild.relative_to(ROOT)} is missing "
                 "(npm ci installs esbuild, a devDependency in package.json)")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "meta.json"
        cmd = [str(esbuild), str(ROOT / EDITOR_ENTRY), "--bundle", "--format=esm", "--minify",
               "--target=es2020", "--legal-comments=eof", "--log-level=warning",
               f"--metafile={meta}", f"--outfile={target}"]
        print("+", " ".join(cmd), flush=True)
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0 or not target.exists() or not target.stat().st_size:
            sys.exit(f"build: cannot bundle the code editor from {EDITOR_ENTRY} with esbuild "
                     f"(exit {done.returncode}):\n{done.stderr.strip() or done.stdout.strip()}")
        inputs = json.loads(meta.read_text())["inputs"]
    # the bundled packages, each with its licence as its package.json names it
    names = sorted({re.match(r"node_modules/((?:@[^/]+/)?[^/]+)/", path).group(1)
                    for path in inputs if path.startswith("node_modules/")})
    lines = []
    for name in names:
        manifest = json.loads((ROOT / "node_modules" / name / "package.json").read_text())
        lines.append(f"{name} {manifest['version']}: {manifest.get('license', '?')}")
    (target.parent / "LICENSES.txt").write_text(
        "editor.js bundles these npm packages (their licence files are in each package):\n"
        + "\n".join(lines) + "\n")


def write_settings(out):
    """site/settings.json: the page builds its settings form from it before Python loads."""
    (out / "settings.json").write_text(json.dumps(settings_schema(), indent=1) + "\n")


def stamp_precache(out):
    """Give sw.js every file of the site with its sha256, and a version made from them all.

    A new build thus changes sw.js's bytes, which is how browsers notice an update; the
    sizes of the downloads Python waits for go into build.json for the loading panel."""
    manifest = json.loads((out / "build.json").read_text())
    waited = [f"{manifest['pyodide']}{name}" for name in PYODIDE_FILES] + [
        manifest["micropip"], manifest["wheel"], manifest["dataset"]]
    manifest["sizes"] = {path: (out / path).stat().st_size for path in waited}
    (out / "build.json").write_text(json.dumps(manifest, indent=2) + "\n")
    files = {path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
             for path in sorted(out.rglob("*")) if path.is_file() and path.name != "sw.js"}
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    sw = out / "sw.js"
    line = f"const BUILD = {json.dumps({'version': version, 'files': files})}; // stamped by build.py"
    text, count = re.subn(r"^const BUILD = .*?; // stamped by build\.py", lambda _: line,
                          sw.read_text(), count=1, flags=re.M)
    if count != 1:
        sys.exit("build: sw.js has no 'const BUILD = ...; // stamped by build.py' line")
    sw.write_text(text)


def ship_dataset_once(wheel, member, target):
    """Move the wheel's bundled dataset to target: the site's copy of the wheel leaves it out,
    since the page fetches data/names.txt alongside the runtime."""
    with zipfile.ZipFile(wheel) as zin:
        if member not in zin.namelist():
            sys.exit(f"build: {wheel.name} lacks {member} (see package-data in pyproject.toml)")
        target.write_bytes(zin.read(member))
        kept = [(info, zin.read(info)) for info in zin.infolist() if info.filename != member]
    with zipfile.ZipFile(wheel, "w") as zout:
        for info, data in kept:
            if info.filename.endswith(".dist-info/RECORD"):  # drop the dataset's line
                data = b"".join(line for line in data.splitlines(keepends=True)
                                if not line.startswith(member.encode() + b","))
            zout.writestr(info, data)


def serve(port):
    from tools.devserver import make_server
    build()
    server = make_server(SITE, port)
    print(f"serving {SITE}/ at http://127.0.0.1:{server.server_address[1]}/ "
          "(Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", help="build site/ (the default)")
    serve_cmd = sub.add_parser("serve", help="build, then serve site/ on 127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    test_cmd = sub.add_parser("test", help="install test dependencies, build, run all tests")
    test_cmd.add_argument("pytest_args", nargs="*", help="passed on to pytest as they are")
    argv = sys.argv[1:] if argv is None else list(argv)
    pytest_args = argv[1:] if argv[:1] == ["test"] else []  # pytest's flags in any order
    args = parser.parse_args(argv[:1] if pytest_args else argv)
    args.pytest_args = pytest_args
    if args.command == "serve":
        serve(args.port)
    elif args.command == "test":
        from tools.testenv import prepare, run_tests
        prepare()
        build()
        sys.exit(run_tests(args.pytest_args))
    else:
        build()


if __name__ == "__main__":
    main()
