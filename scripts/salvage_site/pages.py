"""What every page gets from the build: front-matter checks, review-date checks, the medical
disclaimer, the review dates and last-edited date, the "Edit this page" link and, on the glossary page,
the glossary itself."""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

import yaml

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review")
EXAMPLES = {"title": "Salvage radiotherapy", "description": "One or two plain sentences.",
            "last_reviewed": "2026-11-28", "next_review": "2027-11-28"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
GLOSSARY_MARKER = "<!-- glossary -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")


def front_matter_problems(source: str) -> list[tuple[int, str]]:
    """(line, message) for front matter a reader or a search engine would miss. MkDocs itself
    silently drops front matter that is not valid YAML, so this check parses it again."""
    match = FRONT_MATTER.match(source)
    if not match:
        return [(1, "no front matter: start the page with a '---' block holding "
                    + ", ".join(REQUIRED_FIELDS))]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return [(line, f"front matter is not valid YAML ({getattr(error, 'problem', error)}) — "
                       "check for a missing colon, quote or indentation")]
    if not isinstance(meta, dict):
        return [(2, "front matter must be 'name: value' lines")]
    problems = [(1, f"front matter has no '{name}:' line — add it, e.g. '{name}: {EXAMPLES[name]}' "
                    "(CONTRIBUTING.md, 'Add a page')") for name in REQUIRED_FIELDS if not meta.get(name)]
    dates = {}
    for name in ("last_reviewed", "next_review"):
        value = meta.get(name)
        if value and not isinstance(value, dt.date):
            problems.append((1, f"'{name}: {value}' is not a date — write it as YYYY-MM-DD"))
        elif value:
            dates[name] = value
    if len(dates) == 2 and dates["next_review"] <= dates["last_reviewed"]:
        problems.append((1, "'next_review' must be after 'last_reviewed'"))
    reviewers = meta.get("reviewed_by")
    if reviewers is not None and not _names(reviewers):
        problems.append((1, "'reviewed_by' must be a name or a list of names, e.g. "
                            "'reviewed_by: Dr A. Example, urologist'"))
    return problems


def _names(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        return []
    return [v.strip() for v in values]


def read_front_matter(source: str) -> dict:
    """The page's front matter as a dict ({} when missing or broken: front_matter_problems says why)."""
    match = FRONT_MATTER.match(source)
    try:
        meta = yaml.safe_load(match.group(1)) if match else {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


# A page's review is due within this many days: the checks warn, so there is time to review it.
REVIEW_WARNING_DAYS = 30


def review_problems(meta: dict, today: dt.date) -> list[tuple[str, str]]:
    """("FAIL" or "WARN", message) for review dates as of `today` (a parameter, so tests can set it)."""
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    problems = []
    if isinstance(last, dt.date) and last > today:
        problems.append(("FAIL", f"'last_reviewed: {last}' is in the future — write the date the "
                                 "page was actually reviewed"))
    if isinstance(due, dt.date):
        if due < today:
            problems.append(("FAIL", f"review overdue: 'next_review: {due}' has passed — ask a "
                                     "clinical reviewer to check the page against its sources, then set "
                                     f"'last_reviewed: {today}' and a new 'next_review' (usually a year on)"))
        elif due <= today + dt.timedelta(days=REVIEW_WARNING_DAYS):
            days = (due - today).days
            problems.append(("WARN", f"review due in {days} day{'s' if days != 1 else ''} "
                                     f"('next_review: {due}') — plan the review with a clinical reviewer"))
    description = meta.get("description")
    if isinstance(description, str) and len(description) > 160:
        problems.append(("WARN", f"'description' is {len(description)} characters — search results cut "
                                 "it at about 160; shorten it"))
    return problems


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def review_line(meta: dict, last_edited: dt.date | None = None) -> str:
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    if not (isinstance(last, dt.date) and isinstance(due, dt.date)):
        return ""
    edited = (f' · Last edited <time datetime="{last_edited.isoformat()}">{long_date(last_edited)}</time>'
              if last_edited else "")
    return (
        '<p class="page-review">'
        f'Last reviewed <time datetime="{last.isoformat()}">{long_date(last)}</time>'
        f' · Next review due <time datetime="{due.isoformat()}">{long_date(due)}</time>{edited}</p>'
    )


@functools.lru_cache(maxsize=None)
def last_edited(path: str | None) -> dt.date | None:
    """The date of the last commit that changed `path`, from git (cached per build and file).
    None for a generated page (no path), when git is missing, the folder is not a git checkout, or
    the file is not committed yet."""
    if not path:
        return None
    folder = Path(path).parent
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%cs", "--", Path(path).name],
                                cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return dt.date.fromisoformat(result.stdout.strip()) if result.returncode == 0 else None
    except ValueError:
        return None


def edit_url(extra: dict, src_uri: str) -> str | None:
    """The "Edit this page" address: `extra.edit_url_base` (in mkdocs.yml) + the page's path in docs/.
    A plain link: unlike Material's `repo_url`, it makes the reader's browser ask no other site."""
    base = (extra or {}).get("edit_url_base")
    return f"{base.rstrip('/')}/{src_uri}" if base else None


def insert_after_title(markdown: str, block: str) -> str:
    """Put `block` right under the page's `# Title` (or at the top if the page has none)."""
    match = re.search(r"^# .*$", markdown, re.MULTILINE)
    if not match:
        return f"{block}\n\n{markdown}"
    return f"{markdown[:match.end()]}\n\n{block}\n\n{markdown[match.end():].lstrip()}"


def read_glossary(path: Path) -> dict[str, str]:
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line.strip())
        if match:
            terms[match["term"]] = match["definition"].strip()
    return terms


def glossary_markdown(terms: dict[str, str]) -> str:
    """The glossary as a definition list, sorted the way a reader looks things up."""
    return "\n\n".join(
        f"**{term}**\n:   {definition}" for term, definition in sorted(terms.items(),
                                                                       key=lambda t: t[0].lower())
    )


# Pages that are not content pages: snippets pulled into every page.
NOT_PAGES = ("includes",)
TEMPLATE_MARKER = re.compile(r"\bTODO\b")


def content_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md")
                  if not any(part in NOT_PAGES for part in p.relative_to(docs).parts))


def shown_path(path: Path, docs: Path) -> str:
    """docs/prostate/imaging.md, as the maintainer sees it in their editor."""
    try:
        return f"{docs.name}/{path.resolve().relative_to(docs.resolve()).as_posix()}"
    except ValueError:
        return str(path)


def template_leftovers(source: str) -> list[tuple[int, str]]:
    """(line, message) for TODO text the page template left in the page."""
    return [(number, "template text left: replace this TODO with your own text")
            for number, line in enumerate(source.splitlines(), start=1) if TEMPLATE_MARKER.search(line)]


def field_line(source: str, name: str) -> int:
    """The line of `name:` in the front matter (1 if absent)."""
    match = re.search(rf"^{re.escape(name)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 1
