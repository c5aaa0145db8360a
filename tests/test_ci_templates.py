"""The CI templates an estate's ledger repository runs: parsed, and the pull-request job's
own command run against a real clone with an origin, as the forge would run it."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import git
import yaml

from conftest import REPO, copy_repo
from echowall.cli import main

ECHOWALL = str(Path(sys.executable).parent / "echowall")


def workflow(name: str) -> dict:
    return yaml.load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(wf: dict, job: str) -> list[dict]:
    return wf["jobs"][job]["steps"]


def run_lines(wf: dict, job: str) -> list[str]:
    return [s["run"] for s in steps(wf, job) if "run" in s]


def test_pull_request_job_validates_against_the_base_with_annotations():
    wf = workflow("pull-request.yml")
    assert "pull_request" in wf["on"]
    checkout = next(s for s in steps(wf, "validate") if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "0"  # the base must be there for --base
    assert 'echowall validate --base "${{ github.event.pull_request.base.sha }}" --format github' in run_lines(wf, "validate")


def test_site_job_builds_daily_and_deploys():
    wf = workflow("site.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["on"]["schedule"][0]["cron"] == "5 16 * * *"  # 00:05 at UTC+8: overdue flags advance daily
    lines = run_lines(wf, "build")
    assert "bash scripts/system-deps.sh" in lines  # the CJK font for the print sheets
    assert "echowall build --strict" in lines
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") and s["with"]["path"] == "site"
               for s in steps(wf, "build"))
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps(wf, "deploy"))


def test_the_pull_request_command_refuses_a_bad_pull_request(tmp_path):
    """origin has the demo on main; a clone's branch edits a past event, deletes an item and
    adds a phone number; the workflow's command, as written, annotates all three."""
    origin_dir = tmp_path / "origin"
    origin_dir.mkdir()
    copy_repo(origin_dir)
    g = git.Repo.init(origin_dir, initial_branch="main")
    with g.config_writer() as c:
        c.set_value("user", "name", "T").set_value("user", "email", "t@example.invalid")
    g.git.add(A=True)
    g.index.commit("demo")
    clone = git.Repo.clone_from(origin_dir, tmp_path / "clone")
    root = Path(clone.working_tree_dir)
    clone.git.checkout(b="volunteer-edit")
    roof = root / "ledger/items/2026/260415-7kq2.yml"
    roof.write_text(roof.read_text(encoding="utf-8").replace("开裂处已局部修补防水", "已全部修好"), encoding="utf-8")
    (root / "ledger/items/2026/260305-dm3a.yml").unlink()
    lamp = root / "ledger/items/2026/260702-ld2q.yml"
    lamp.write_text(lamp.read_text(encoding="utf-8").replace("description: ", "description: 联系13912345678。", 1),
                    encoding="utf-8")
    command = run_lines(workflow("pull-request.yml"), "validate")[-1].replace("${{ github.event.pull_request.base.sha }}", "main")
    args = shlex.split(command)
    assert args[0] == "echowall"
    r = subprocess.run([ECHOWALL, *args[1:]], cwd=root, capture_output=True, text=True,
                       env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout
    assert "::error file=ledger/items/2026/260415-7kq2.yml,line=" in out and "history-edited" in out
    assert "::error file=ledger/items/2026/260305-dm3a.yml" in out and "history-deleted" in out
    assert "::error file=ledger/items/2026/260702-ld2q.yml,line=" in out and "privacy-phone" in out


def test_pre_commit_hook_runs_validate():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "echowall-validate")
    assert hook["entry"] == "echowall validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_codeowners_puts_money_behind_the_treasurer_and_the_site_behind_the_committee():
    lines = [line.split() for line in (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owners = {parts[0]: parts[1:] for parts in lines}
    assert owners["/ledger/revenue/"] == ["@example/treasurer"]
    assert "@example/committee" in owners["/ledger/buildings.yml"]
    # the site's settings (site_url is on every QR code) and templates reach every page
    assert owners["/mkdocs.yml"] == ["@example/committee"]
    assert owners["/site_templates/"] == ["@example/committee"]
    # the last matching line wins: nothing after them hands them to someone else
    order = [parts[0] for parts in lines]
    assert not [p for p in order[order.index("/mkdocs.yml"):] if p in ("*", "/", "/*", "/**")]


def test_pull_request_template_has_the_volunteer_checklist():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 6
    assert any("［已隐去］" in b for b in boxes) and any("私密登记簿" in b for b in boxes)


def test_volunteer_guide_covers_every_command_and_the_templates():
    guide = (REPO / "docs/volunteer-guide.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        assert f"echowall {name}" in guide, name
        for sub in getattr(cmd, "commands", {}):
            assert f"echowall {name} {sub}" in guide
    for needle in (".github/workflows/", "CODEOWNERS", ".pre-commit-hooks.yaml", "合并请求模板", "［已隐去］",
                   "private/callbacks.csv", "事项编号", "Create new file"):
        assert needle in guide, needle


LOCKED_INSTALL = [
    "python -m pip install --quiet --require-hashes --no-deps -r requirements/site.txt",
    "python -m pip install --quiet --no-deps --no-build-isolation -e .",
]


def test_estate_workflows_install_the_locked_versions():
    for name, job in (("pull-request.yml", "validate"), ("site.yml", "build")):
        install = [line for run in run_lines(workflow(name), job) for line in run.splitlines()
                   if "pip install" in line]
        assert install == LOCKED_INSTALL, name


def test_drift_workflow_runs_weekly_on_the_newest_versions_and_only_upstream():
    wf = workflow("drift.yml")
    cron = wf["on"]["schedule"][0]["cron"].split()
    assert cron[2:] == ["*", "*", "1"]  # weekly, Mondays
    job = wf["jobs"]["newest"]
    assert job["if"] == "vars.ECHOWALL_UPSTREAM == 'true'"  # an estate's copy of the template skips it
    lines = run_lines(wf, "newest")
    assert "python -m pip install --upgrade --upgrade-strategy eager -e '.[test]'" in lines
    assert not any("requirements/" in line and "pip install" in line for line in lines)  # not the lock
    test_cmd = lines[-1].split()
    assert test_cmd[:3] == ["python", "-m", "pytest"]
    # it leaves out exactly the lock-equality test, which exists
    deselected = [test_cmd[i + 1] for i, a in enumerate(test_cmd) if a == "--deselect"]
    assert deselected == ["tests/test_lock.py::test_installed_versions_match_the_lock"]
    import test_lock
    assert callable(test_lock.test_installed_versions_match_the_lock)


def test_site_job_checks_history_against_the_previous_commit_on_push_only():
    """A push straight to main (no pull request) is still held to append-only history; the
    daily scheduled build must not re-judge the last commit's back-dating against a later clock."""
    wf = workflow("site.yml")
    checkout = next(s for s in steps(wf, "build") if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "2"
    step = next(s for s in steps(wf, "build") if "--base HEAD~1" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'push'"
    assert "echowall validate --base HEAD~1 --format github" in step["run"]
