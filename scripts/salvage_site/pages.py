"""What every page gets from the build: front-matter checks, the medical disclaimer, the review dates
and, on the glossary page, the glossary itself."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review")
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
    problems = [(1, f"front matter has no '{name}:' line") for name in REQUIRED_FIELDS
                if not meta.get(name)]
    dates = {}
    for name in ("last_reviewed", "next_review"):
        value = meta.get(name)
        if value and not isinstance(value, dt.date):
            problems.append((1, f"'{name}: {value}' is not a date — write it as YYYY-MM-DD"))
        elif value:
            dates[name] = value
    if len(dates) == 2 and dates["next_review"] <= dates["last_reviewed"]:
        problems.append((1, "'next_review' must be after 'last_reviewed'"))
    return problems


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def review_line(meta: dict) -> str:
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    if not (isinstance(last, dt.date) and isinstance(due, dt.date)):
        return ""
    return (
        '<p class="page-review">'
        f'Last reviewed <time datetime="{last.isoformat()}">{long_date(last)}</time>'
        f' · Next review due <time datetime="{due.isoformat()}">{long_date(due)}</time></p>'
    )


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
