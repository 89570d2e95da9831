"""Fixtures for the maintainer workflow: a throwaway copy of the project in which the scripts run
exactly as a maintainer runs them, with recorded lookup answers instead of the network."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from local_site.site_build import copy_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RECORDINGS = HERE / "recordings"


@pytest.fixture
def maintainer_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", checks=True)


def run(
    project: Path,
    *command: str,
    recordings: bool = True,
    env: dict[str, str] | None = None,
    timeout: int = 300,
    system_python: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a project script in `project` as a maintainer would, from the project's top folder; with
    system_python, exactly as written in CONTRIBUTING.md (`scripts/x.py`), on whatever python3 is first
    on the PATH outside .venv/."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", SALVAGE_CHECK_NO_INSTALL="1")
    environment.pop("SALVAGE_RECORDINGS", None)
    if recordings:
        environment["SALVAGE_RECORDINGS"] = str(RECORDINGS)
    environment.update(env or {})
    program = command[0]
    if system_python:
        environment["PATH"] = os.pathsep.join(p for p in environment["PATH"].split(os.pathsep) if ".venv" not in p)
        argv = [shutil.which("python3", path=environment["PATH"]) or "python3", *command]
    elif program.endswith(".py"):
        argv = [str(project / ".venv/bin/python"), *command]
    else:
        argv = list(command)
    return subprocess.run(argv, cwd=project, env=environment, capture_output=True, text=True, timeout=timeout)
