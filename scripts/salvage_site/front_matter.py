"""A page's front matter as maintainers write it (title, description, review dates, reviewers) and the
checks on it: what is missing or malformed, review dates as of a given day, template text left in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import yaml

from salvage_site.check_settings import CheckSettings

# libyaml's loader when PyYAML has it (the same values and lines, many times faster), else PyYAML's own.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review")
EXAMPLES = {
    "title": "Salvage radiotherapy",
    "description": "One or two plain sentences.",
    "last_reviewed": "2026-11-28",
    "next_review": "2027-11-28",
}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
# A page's review is due within this many days: the checks warn, so there is time to review it.
# Search results cut a description at about this many characters.
# Pages that are not content pages: snippets pulled into every page.
NOT_PAGES = ("includes",)
TEMPLATE_MARKER = re.compile(r"\bTODO\b")
# What a new page has as its review dates until someone has reviewed it.
UNREVIEWED = "TODO"

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The fields a page may set: each is read by this project or by Material for a known purpose. Anything
# else (template:, or a field Material prints into the page unescaped) could change what the page runs.
OPTIONAL_FIELDS = {
    "reviewed_by": "the clinician who checked the page",
    "checked_against": "the guidelines the page was checked against (refs.bib keys)",
    "search": "search settings, e.g. 'search: {boost: 2}'",
    "hide": "parts of the page to hide: navigation, toc, footer",
    "decision_aid": "true on a page with a ```decision-aid block: loads the aid's summary script",
}
HIDE_VALUES = ("navigation", "toc", "footer")
SEARCH_SETTINGS = {"boost": (int, float), "exclude": (bool,)}
# Review dates outside these bounds are typing slips (2062 for 2026), not plans.
EARLIEST_REVIEW = dt.date(2000, 1, 1)
LONGEST_REVIEW_GAP = dt.timedelta(days=3 * 366)
DATE_VALUE = re.compile(
    r"^(?P<name>[\w-]+)\s*:\s*[\"']?(?P<year>\d{4})-(?P<month>\d\d?)-(?P<day>\d\d?)[\"']?\s*$", re.MULTILINE
)


class SourceProblem(ValueError):
    """A page or its front matter that cannot be read safely, with the line and the fix."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def read_page(path: Path) -> str:
    """A Markdown file as text: UTF-8, with or without the byte-order mark some editors add."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceProblem(
            line,
            f"this file is not UTF-8 text (byte 0x{data[error.start]:02x} on this "
            "line) — open it in your editor and save it with the UTF-8 encoding",
        ) from None


def front_matter_safety(source: str) -> list[tuple[int, str]]:
    """(line, message) for front matter that must not reach a YAML parser (MkDocs' own included)."""
    match = FRONT_MATTER.match(source)
    try:
        load_yaml(match.group(1)) if match else None
    except SourceProblem as error:
        return [(error.line + 1, error.message)]
    except yaml.YAMLError:
        pass  # front_matter_problems says where, with the page's other front-matter problems
    return []


def yaml_reference(text: str) -> tuple[int, str] | None:
    """(line from 1, the character) of the first YAML anchor, alias or tag in `text`, or None. Data
    that maintainers write may not use them: a few lines of anchors and aliases can expand to
    gigabytes, and a tag asks the loader to build an object."""
    kinds = {yaml.AnchorToken: "'&'", yaml.AliasToken: "'*'", yaml.TagToken: "'!'"}
    try:
        for token in yaml.scan(text, Loader=FAST_LOADER):
            if type(token) in kinds:
                return token.start_mark.line + 1, kinds[type(token)]
    except yaml.YAMLError:
        pass  # the parser says where and why
    return None


REFERENCE_FIX = "write each value out in full (text starting with & * or ! goes in double quotes)"


def load_yaml(text: str) -> Any:
    """YAML as a page's front matter may hold it: no anchors, aliases or tags, and only real dates."""
    if found := yaml_reference(text):
        line, kind = found
        raise SourceProblem(line, f"front matter cannot use YAML {kind} references or tags — {REFERENCE_FIX}")
    for match in DATE_VALUE.finditer(text):
        try:
            dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            raise SourceProblem(
                text.count("\n", 0, match.start()) + 1,
                f"'{match.group().strip()}' is not a real date — write it as YYYY-MM-DD, e.g. 2026-11-28",
            ) from None
    return yaml.load(text, Loader=FAST_LOADER)


Meta = dict[str, Any]


def field_line(source: str, name: str) -> int:
    """The line of `name:` in the front matter (1 if absent)."""
    match = re.search(rf"^{re.escape(name)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _yaml_problem(source: str, error: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 2 if mark else 1
    problem = getattr(error, "problem", None) or str(error)
    if "mapping values are not allowed" in problem:
        text = source.splitlines()[line - 1] if line - 1 < len(source.splitlines()) else ""
        name, _, value = text.partition(":")
        return line, (
            f"this value contains ': ', which YAML reads as a new field — put the text in "
            f'double quotes: {name.strip()}: "{value.strip()}"'
        )
    return line, (
        f"front matter is not valid YAML ({problem}) — check for a missing colon, an "
        "unclosed quote or wrong indentation; text with ': ' or '#' goes in double quotes"
    )


def front_matter_problems(source: str, parsed: Mapping[str, Any] | None = None) -> list[tuple[int, str]]:
    """(line, message) for front matter a reader or a search engine would miss. MkDocs itself
    silently drops front matter that is not valid YAML, so this check parses it again, unless the
    caller passes what MkDocs parsed (`parsed`, non-empty: the YAML was valid)."""
    meta, unreadable = _read_meta(source, parsed)
    if unreadable is not None:
        return [unreadable]
    problems = [
        (
            1,
            f"front matter has no '{name}:' line — add it, e.g. '{name}: {EXAMPLES[name]}' "
            "(CONTRIBUTING.md, 'Add a page')",
        )
        for name in REQUIRED_FIELDS
        if not meta.get(name)
    ]
    problems += _unknown_or_malformed(source, meta)
    dates, date_problems = _review_dates(source, meta)
    problems += date_problems
    problems += _review_date_order(source, dates)
    reviewers = meta.get("reviewed_by")
    if reviewers is not None and not reviewer_names(meta):
        problems.append(
            (
                field_line(source, "reviewed_by"),
                "'reviewed_by' must be a name or a list of names, e.g. 'reviewed_by: Dr A. Example, urologist'",
            )
        )
    return problems


def _read_meta(source: str, parsed: Mapping[str, Any] | None) -> tuple[dict[Any, Any], tuple[int, str] | None]:
    """(the front matter's fields, None), or ({}, the one problem that stops them being read)."""
    match = FRONT_MATTER.match(source)
    if not match:
        if re.match(r"\A---[ \t]*\n", source):
            return {}, (
                1,
                "the front matter that starts here is never closed — add a line '---' after "
                "its last field (before the '# Title' line)",
            )
        return {}, (1, "no front matter: start the page with a '---' block holding " + ", ".join(REQUIRED_FIELDS))
    try:
        meta = dict(parsed) if parsed else (load_yaml(match.group(1)) or {})
    except SourceProblem as error:
        return {}, (error.line + 1, error.message)
    except yaml.YAMLError as error:
        return {}, _yaml_problem(source, error)
    if not isinstance(meta, dict):
        return {}, (2, "front matter must be 'name: value' lines")
    return meta, None


def _review_dates(source: str, meta: Mapping[str, Any]) -> tuple[dict[str, dt.date], list[tuple[int, str]]]:
    """(last_reviewed and next_review, those given as dates; a problem for each that is not a date)."""
    dates = {}
    problems = []
    for name in ("last_reviewed", "next_review"):
        value = meta.get(name)
        if value == UNREVIEWED:
            continue  # a new page before its first review: the checks flag the TODO, the build shows it
        if value and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            problems.append(
                (
                    field_line(source, name),
                    f"'{name}: {value}' is not a date — write it as YYYY-MM-DD, e.g. '{name}: {EXAMPLES[name]}'",
                )
            )
        elif value:
            dates[name] = value
    return dates, problems


def _review_date_order(source: str, dates: dict[str, dt.date]) -> list[tuple[int, str]]:
    problems = []
    if len(dates) == 2 and dates["next_review"] <= dates["last_reviewed"]:
        problems.append(
            (field_line(source, "next_review"), "'next_review' must be after 'last_reviewed' (usually a year later)")
        )
    elif len(dates) == 2 and dates["next_review"] - dates["last_reviewed"] > LONGEST_REVIEW_GAP:
        problems.append(
            (
                field_line(source, "next_review"),
                f"'next_review: {dates['next_review']}' is more than 3 years after the last "
                "review — a typing slip? Pages are reviewed at least every 3 years (usually 1)",
            )
        )
    for name, value in dates.items():
        if value < EARLIEST_REVIEW:
            problems.append(
                (
                    field_line(source, name),
                    f"'{name}: {value}' is before the site existed — a typing slip? Write the date of the review",
                )
            )
    return problems


def _unknown_or_malformed(source: str, meta: Mapping[str, Any]) -> list[tuple[int, str]]:
    known = ", ".join([*REQUIRED_FIELDS, *OPTIONAL_FIELDS])
    problems = []
    for name, value in meta.items():
        line = field_line(source, str(name))
        if name not in REQUIRED_FIELDS and name not in OPTIONAL_FIELDS:
            hint = (
                " (a page cannot choose its template: the site's layout is the same for every page)"
                if name == "template"
                else ""
            )
            problems.append(
                (line, f"'{name}:' is not a field this site uses{hint} — remove it; the fields are: {known}")
            )
        elif name in ("title", "description") and not isinstance(value, str):
            problems.append((line, f"'{name}' must be plain text — put it in double quotes"))
        elif name == "hide" and not (isinstance(value, list) and set(value) <= set(HIDE_VALUES)):
            problems.append((line, f"'hide' must be a list of: {', '.join(HIDE_VALUES)}"))
        elif name == "search" and not (
            isinstance(value, dict)
            and all(
                isinstance(v, SEARCH_SETTINGS.get(k, ())) and isinstance(v, bool) == (k == "exclude")
                for k, v in value.items()
            )
        ):
            problems.append((line, "'search' takes 'boost: <number>' or 'exclude: true', e.g. 'search: {boost: 2}'"))
        elif name == "decision_aid" and value is not True:
            problems.append((line, "'decision_aid' is 'true' on a page with a ```decision-aid block, or left out"))
        elif name == "checked_against" and not (
            isinstance(value, list) and value and all(isinstance(k, str) for k in value)
        ):
            problems.append(
                (
                    line,
                    "'checked_against' must be a list of refs.bib keys of guidelines, e.g. "
                    "'checked_against: [eau2025prostate]'",
                )
            )
    return problems


def checked_against(source: str) -> list[tuple[int, str]]:
    """(line, key) of each guideline the page says it was checked against."""
    keys = read_front_matter(source).get("checked_against")
    line = field_line(source, "checked_against")
    return [(line, key) for key in keys if isinstance(key, str)] if isinstance(keys, list) else []


def as_text(meta: MutableMapping[str, Any]) -> None:
    """Title and description are text, wherever the theme prints them (Material prints them into the
    page's head as they are): characters that would start markup or end an attribute become entities.
    '&' stays, so 'A & B' reads as written."""
    for name in ("title", "description"):
        if isinstance(meta.get(name), str):
            meta[name] = meta[name].replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def reviewer_names(meta: Mapping[str, Any]) -> list[str]:
    """The names in `reviewed_by` ([] when absent or malformed)."""
    value = meta.get("reviewed_by")
    values = value if isinstance(value, list) else [value]
    names = [v.strip() for v in values if isinstance(v, str)]
    return names if names and len(names) == len(values) and all(names) else []


def read_front_matter(source: str) -> Meta:
    """The page's front matter as a dict ({} when missing or broken: front_matter_problems says why)."""
    match = FRONT_MATTER.match(source)
    try:
        meta = load_yaml(match.group(1)) if match else {}
    except (yaml.YAMLError, SourceProblem):
        return {}
    return meta if isinstance(meta, dict) else {}


def review_problems(meta: Meta, today: dt.date, settings: CheckSettings) -> list[tuple[str, str, str]]:
    """(level "FAIL" or "WARN", field, message) for review dates as of `today`, a parameter so that
    checks and tests can set it, and for the description's length."""
    last, due = meta.get("last_reviewed"), meta.get("next_review")
    problems = []
    if isinstance(last, dt.date) and last > today:
        problems.append(
            (
                "FAIL",
                "last_reviewed",
                f"'last_reviewed: {last}' is in the future — write the date the page was actually reviewed",
            )
        )
    if isinstance(due, dt.date):
        if due < today:
            problems.append(
                (
                    "FAIL",
                    "next_review",
                    f"review overdue: 'next_review: {due}' has passed — ask a clinical "
                    "reviewer to check the page against its sources, then set "
                    f"'last_reviewed: {today}' and a new 'next_review' (usually a year on)",
                )
            )
        elif due <= today + dt.timedelta(days=settings.review_warning_days):
            days = (due - today).days
            problems.append(
                (
                    "WARN",
                    "next_review",
                    f"review due in {days} day{'s' if days != 1 else ''} ('next_review: "
                    f"{due}') — plan the review with a clinical reviewer",
                )
            )
    description = meta.get("description")
    if isinstance(description, str) and len(description) > settings.description_length_max:
        problems.append(
            (
                "WARN",
                "description",
                f"'description' is {len(description)} characters — search results cut it at "
                f"about {settings.description_length_max}; shorten it",
            )
        )
    return problems


def template_leftovers(source: str) -> list[tuple[int, str]]:
    """(line, message) for TODO text the page template left in the page; the template's own
    instructions, in an HTML comment, do not count."""
    visible = HTML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), source)
    return [
        (number, "template text left: replace this TODO with your own text")
        for number, line in enumerate(visible.splitlines(), start=1)
        if TEMPLATE_MARKER.search(line)
    ]


def content_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if not any(part in NOT_PAGES for part in p.relative_to(docs).parts))


def shown_path(path: Path, docs: Path) -> str:
    """docs/prostate/imaging.md, as the maintainer sees it in their editor."""
    try:
        return f"{docs.name}/{path.resolve().relative_to(docs.resolve()).as_posix()}"
    except ValueError:
        return str(path)
