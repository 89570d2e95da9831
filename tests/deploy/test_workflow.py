"""The GitHub Pages workflow: valid for GitHub Actions (actionlint), runs the same tests as CI,
builds strictly and publishes only from main."""

from __future__ import annotations

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
    checkout = next(step for step in workflow["jobs"]["build"]["steps"]
                    if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout.get("with", {}).get("fetch-depth") == 0
