"""Builds a site as a maintainer does, for the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Everything a build reads.
PROJECT_PARTS = ("docs", "scripts", "mkdocs.yml", "refs.bib")


def copy_project(folder: Path) -> Path:
    """A copy of everything the site's build reads, in `folder` (which must not exist yet)."""
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / part)
    return folder


def mkdocs_build(project: Path, site_dir: Path, *extra_args: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`. Never add -q: it hides the warnings strict mode counts."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra_args],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        capture_output=True, text=True, timeout=600)
