"""Runs a maintainer command with the project's own Python, the one in .venv/ that has MkDocs and
the site's packages, whichever `python3` started it: `scripts/check_references.py` then works as
written in CONTRIBUTING.md. Import it first, before any package that only .venv/ has."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
SET_UP = (
    "The project's Python environment (.venv/) is not set up yet. From the top of the checkout, "
    "run ./scripts/serve once (or scripts/install requirements-test.txt), then run this command "
    "again."
)


def has_site_packages() -> bool:
    """True under .venv/bin/python, or any Python that has the site's packages."""
    return Path(sys.prefix).resolve() == VENV.resolve() or importlib.util.find_spec("mkdocs") is not None


def use_project_python() -> None:
    """Start this same command again under .venv/bin/python, unless it already runs on a Python that
    has the site's packages; first install the checks' packages into .venv/ if they are missing."""
    python = VENV / "bin" / "python"
    if python.exists():
        # Installs nothing (and says nothing) when .venv/ already matches the lock files.
        subprocess.run([str(ROOT / "scripts" / "install"), "requirements-test.txt"], check=False)
    if has_site_packages():
        return
    if not python.exists():
        print(SET_UP, file=sys.stderr)
        sys.exit(2)
    os.execv(python, [str(python), *sys.argv])


use_project_python()
