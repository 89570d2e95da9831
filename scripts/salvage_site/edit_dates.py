"""When each page was last changed, from git: one `git log` for the whole checkout per build, not one
per page (on a large site, hundreds of processes on every save in `mkdocs serve`)."""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
from pathlib import Path


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=folder, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


@functools.lru_cache(maxsize=8)
def _dates_in(top: Path) -> dict[Path, dt.date]:
    """Every file's last commit date in the checkout at `top` (newest commit first, so the first
    date met for a file is its last change)."""
    log = _git(top, "log", "--format=%x00%cs", "--name-only", "--no-renames") or ""
    dates: dict[Path, dt.date] = {}
    date = None
    for line in log.splitlines():
        if line.startswith("\0"):
            date = dt.date.fromisoformat(line[1:])
        elif line and date is not None:
            dates.setdefault(top / line, date)
    return dates


@functools.lru_cache(maxsize=64)
def _checkout(folder: Path) -> Path | None:
    """The top of the git checkout holding `folder`; None outside git or in a shallow clone, where
    the oldest fetched commit would date every page it holds."""
    answer = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if not answer:
        return None
    top, shallow = answer.split("\n")[:2]
    return None if shallow.strip() == "true" else Path(top)


def last_edited(path: str | None) -> dt.date | None:
    """The date of the last commit that changed `path`; None for a generated page (no path), outside
    git, in a shallow clone, or for a file not committed yet."""
    if not path:
        return None
    file = Path(path).resolve()
    top = _checkout(file.parent)
    return _dates_in(top).get(file) if top else None


def forget() -> None:
    """Start afresh (each build: a commit may have been made since the last one)."""
    _dates_in.cache_clear()
    _checkout.cache_clear()
