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


# What the maintainer's checks read besides.
CHECK_PARTS = ("checks", "package.json", "package-lock.json", "pyproject.toml", "tests")
IGNORED = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", "node_modules")


def copy_project(folder: Path, *, site: Path = ROOT, checks: bool = False) -> Path:
    """A copy of everything the site's build reads, in `folder` (which must not exist yet): the build's
    scripts from this project, the site (docs, mkdocs.yml, refs.bib) from `site` (another site, such
    as the tests' small fixture site, built by this project's scripts). With `checks`, also what the
    maintainer's checks read, and the installed tools, shared rather than installed again."""
    folder.mkdir(parents=True)
    for part in PROJECT_PARTS + (CHECK_PARTS if checks else ()):
        source = (ROOT if part == "scripts" or part in CHECK_PARTS else site) / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, folder / part)
    if checks:
        for tools in (".venv", "node_modules"):
            (folder / tools).symlink_to(ROOT / tools)
    return folder


def mkdocs_build(
    project: Path, site_dir: Path, *extra_args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`. Never add -q: it hides the warnings strict mode counts."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra_args],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        capture_output=True,
        text=True,
        timeout=600,
    )
