"""Builds a site as a maintainer does, for the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def mkdocs_build(project: Path, site_dir: Path, *extra_args: str,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`. Never add -q: it hides the warnings strict mode counts."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra_args],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        capture_output=True, text=True, timeout=600)
