"""What the build puts under every page's title: the review dates, the last-edited date from git and
the medical disclaimer."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from salvage_site.front_matter import reviewer_names


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def review_line(meta: Mapping[str, Any], last_edited: dt.date | None = None) -> str:
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    if not (isinstance(last, dt.date) and isinstance(due, dt.date)):
        return ""
    edited = (f' · Last edited <time datetime="{last_edited.isoformat()}">{long_date(last_edited)}</time>'
              if last_edited else "")
    reviewers = reviewer_names(meta)
    by = f" by {html.escape(' and '.join(reviewers), quote=False)}" if reviewers else ""
    return (
        '<p class="page-review">'
        f'Last reviewed{by} <time datetime="{last.isoformat()}">{long_date(last)}</time>'
        f' · Next review due <time datetime="{due.isoformat()}">{long_date(due)}</time>{edited}</p>'
    )


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        result = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True,
                                timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


@functools.cache
def _shallow(folder: Path) -> bool:
    return _git(folder, "rev-parse", "--is-shallow-repository") == "true"


@functools.cache
def last_edited(path: str | None) -> dt.date | None:
    """The date of the last commit that changed `path`, from git (cached per build and file).
    None for a generated page (no path), when git is missing, the folder is not a git checkout, the
    file is not committed yet, or the checkout is shallow: there git would give the date of the
    newest commit fetched, not of the page's last change."""
    if not path:
        return None
    folder = Path(path).parent
    if _shallow(folder):
        return None
    date = _git(folder, "log", "-1", "--format=%cs", "--", Path(path).name)
    try:
        return dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None


def insert_after_title(markdown: str, block: str) -> str:
    """Put `block` right under the page's `# Title` (or at the top if the page has none)."""
    match = re.search(r"^# .*$", markdown, re.MULTILINE)
    if not match:
        return f"{block}\n\n{markdown}"
    return f"{markdown[:match.end()]}\n\n{block}\n\n{markdown[match.end():].lstrip()}"
