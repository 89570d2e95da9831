"""The GitHub Pages workflow: valid for GitHub Actions (actionlint), runs the same tests as CI,
builds strictly and publishes only from main."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"
ACTIONLINT = ROOT / "tests/maintainer/actionlint.cjs"


def test_workflow_tests_like_ci_builds_strictly_and_publishes_only_from_main():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    test_step = next(i for i, run in enumerate(runs) if ".ci/run" in run)
    build_step = next(i for i, run in enumerate(runs) if "./scripts/build" in run)
    assert test_step < build_step, "the site is published without running the tests first"
    assert "-q" not in runs[build_step].split(), "-q hides the warnings strict mode counts"
    assert "SITE_URL" in build["steps"][build_step].get("env", {})
    assert "actions/upload-pages-artifact" in uses
    assert deploy["needs"] == "build" and deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_published_pages_get_their_last_edited_date_from_full_history():
    """A one-commit checkout would date every page by the last push (see the shallow-clone test)."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    checkout = next(
        step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout.get("with", {}).get("fetch-depth") == 0


WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def _steps(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    """A tag can be moved to other code; a commit cannot."""
    for path in WORKFLOWS:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
        assert lines, path.name
        for line in lines:
            pinned = re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)
            assert pinned, f"{path.name}: {line.strip()}"


def test_no_checkout_leaves_its_token_for_later_steps():
    for path in WORKFLOWS:
        for step in _steps(path):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_both_workflows_run_the_tests_the_same_way_and_the_preview_opens_from_disk():
    commands = {
        path.name: [step["run"] for step in _steps(path) if ".ci/run" in step.get("run", "")] for path in WORKFLOWS
    }
    assert commands["publish.yml"] == commands["pull-request.yml"] and len(commands["publish.yml"]) == 1
    preview = [
        step["run"]
        for step in _steps(ROOT / ".github/workflows/pull-request.yml")
        if "./scripts/build" in step.get("run", "")
    ]
    assert preview and all("--offline" in run for run in preview)
