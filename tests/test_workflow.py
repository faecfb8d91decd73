"""The GitHub workflow: actionlint passes it (a broken workflow fails here, not on GitHub),
actions are pinned by commit, and only the deploy job may write to Pages."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reference import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"


def actionlint():
    """The actionlint binary of requirements-dev.txt; skips only when absent outside CI."""
    if sys.platform == "emscripten":
        pytest.skip("actionlint is a program; Pyodide cannot start one (CPython runs it)")
    beside_python = str(Path(sys.executable).parent)  # a venv's bin/, when not on PATH
    found = shutil.which("actionlint") or shutil.which("actionlint", path=beside_python)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("actionlint is missing in CI: pip install -r requirements-dev.txt")
    pytest.skip("actionlint not installed (pip install -r requirements-dev.txt; "
                "no wheel exists for Intel Macs)")


def lint(*files):
    return subprocess.run([actionlint(), "-no-color", *map(str, files)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def test_actionlint_passes_every_workflow():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert PAGES in files
    done = lint(*files)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("good,bad", [
    ("runs-on: ubuntu-latest", "runs-on: ubuntu-latst"),
    ("steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url"),
    ("needs: build", "needs: biuld"),
])
def test_actionlint_fails_a_broken_workflow(tmp_path, good, bad):
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    text = PAGES.read_text()
    assert good in text
    broken.write_text(text.replace(good, bad, 1))
    done = lint(broken)
    assert done.returncode != 0 and done.stdout.strip(), done.stdout


def test_every_action_is_pinned_by_full_commit_with_its_version():
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", PAGES.read_text(), re.M)
    assert len(uses) >= 5  # checkout, setup-node, upload-pages-artifact, upload-artifact, deploy
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def jobs(text):
    """{job name: its lines}, and the lines before `jobs:`."""
    head, _, body = text.partition("\njobs:\n")
    found, name = {}, None
    for line in body.splitlines():
        if re.fullmatch(r"  [\w-]+:", line):
            name = line.strip()[:-1]
        found.setdefault(name, []).append(line)
    return head, found


def test_only_the_deploy_job_may_write_to_pages():
    head, found = jobs(PAGES.read_text())
    assert set(found) == {"build", "deploy"}
    assert re.search(r"^permissions:\n  contents: read\n(?!  )", head + "\n", re.M), head
    for job, lines in found.items():
        granted = {line.strip() for line in lines} & {"pages: write", "id-token: write"}
        assert granted == ({"pages: write", "id-token: write"} if job == "deploy" else set()), job


def test_ci_runs_the_readme_test_command_and_the_fidelity_tests_for_real():
    text = PAGES.read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    # the workflow runs .ci/run, whose last command is the README's test command
    assert "run: bash .ci/run" in text
    assert ci.strip().splitlines()[-1] == "python build.py test"
    assert "python build.py test" in (ROOT / "README.md").read_text()
    assert 'MICROGPT_REQUIRE_REFERENCE: "1"' in text  # a missing names.txt fails there
    assert text.index("run: python tests/reference.py") < text.index("run: bash .ci/run")
