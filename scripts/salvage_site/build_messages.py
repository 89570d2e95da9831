"""MkDocs' own warnings about the menu, links and anchors, reworded as `file:line: what to do`.

MkDocs names the page but not the line, and says what is wrong but not how to fix it. A logging
filter rewrites each such warning as it is logged, so `mkdocs build`, `mkdocs serve` and
`scripts/check` (which runs the strict build) all show the same message. The site builds strictly, so
each of these stops the build: it is shown as an ERROR, not a WARNING.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from markdown.extensions.toc import slugify

from salvage_site.problems import closest

LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")

LINK_NOT_FOUND = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']+)', but the "
    r"target(?: '[^']+')? is not found among documentation files\."
    r"(?: Did you mean '(?P<suggestion>[^']+)'\?)?$"
)
ANCHOR_MISSING = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains a link '(?P<url>[^']+)', but "
    r"(?:the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'"
    r"|there is no such anchor on this page)\."
)
ODD_LINK = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains an? (?P<kind>absolute|unrecognized relative) "
    r"link '(?P<url>[^']+)'"
)
NAV_MISSING_FILE = re.compile(
    r"^A reference to '(?P<path>[^']+)' is included in the 'nav' configuration, "
    r"which is not found in the documentation files\."
)
NOT_IN_NAV = re.compile(
    r"^The following pages exist in the docs directory, but are not included in the "
    r"\"nav\" configuration:\n(?P<pages>(?:  - .*\n?)+)$"
)
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]*\{[^}]*#(?P<id>[\w-]+)[^}]*\})?[ \t]*#*[ \t]*$")


class _Rewrite(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.docs = Path("docs")
        self.config_file = Path("mkdocs.yml")
        self.strict = False
        self._files: dict[Path, tuple[int, list[str], dict[str, int]]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            better = self.reword(record.getMessage())
            if better:
                record.msg, record.args = better, ()
                if self.strict and record.levelno == logging.WARNING:
                    record.levelno, record.levelname = logging.ERROR, logging.getLevelName(logging.ERROR)
        return True

    def shown(self, page: str) -> str:
        return f"{self.docs.name}/{page}"

    def _read(self, path: Path) -> list[str]:
        """The file's lines, read once per build however many warnings name it."""
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            return []
        cached = self._files.get(path)
        if cached is None or cached[0] != stamp:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            links: dict[str, int] = {}
            for number, line in enumerate(text.splitlines(), start=1):
                for url in MARKDOWN_LINK.findall(line):
                    links.setdefault(url, number)
            cached = self._files[path] = (stamp, text.splitlines(), links)
        return cached[1]

    def line_of(self, path: Path, text: str) -> int:
        lines = self._read(path)
        known = self._files.get(path)
        if known and text in known[2]:  # a Markdown link: found without reading the page again
            return known[2][text]
        for wanted in (f"]({text}", f"({text}", text):
            for number, line in enumerate(lines, start=1):
                if wanted in line:
                    return number
        return 1

    def anchors(self, page: str) -> list[str]:
        found = []
        for line in self._read(self.docs / page):
            match = HEADING.match(line)
            if match:
                found.append(match["id"] or slugify(match["text"], "-"))
        return found

    def page_like(self, page: str, url: str) -> str | None:
        """The page a mistyped link most likely meant, written relative to the linking page."""
        path, _, anchor = url.partition("#")
        folder = posixpath.dirname(page)
        wanted = posixpath.normpath(posixpath.join(folder, path))
        pages = [p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")]
        close = closest(wanted, pages, cutoff=0.75)
        if not close:
            return None
        return posixpath.relpath(close, folder or ".") + (f"#{anchor}" if anchor else "")

    def reword(self, message: str) -> str | None:
        if match := LINK_NOT_FOUND.match(message):
            page, url = match["page"], match["url"]
            close = match["suggestion"] or self.page_like(page, url)
            hint = (
                f"did you mean '{close}'?"
                if close
                else "check the spelling and the folder: a link is relative to this page's folder, "
                "e.g. '../hiv/index.md' from a page in docs/prostate/"
            )
            return (
                f"{self.shown(page)}:{self.line_of(self.docs / page, url)}: the link '{url}' goes to no page — {hint}"
            )
        if match := ANCHOR_MISSING.match(message):
            page, url = match["page"], match["url"]
            target = match["target"] or page
            anchor = match["anchor"] or url.partition("#")[2]
            known = self.anchors(target)
            close = closest(anchor, known)
            hint = (
                f"did you mean '#{close}'?"
                if close
                else "its sections are: " + ", ".join(f"#{a}" for a in known[:12])
                if known
                else "link to the page without '#…'"
            )
            return (
                f"{self.shown(page)}:{self.line_of(self.docs / page, url)}: the link '{url}' points "
                f"to a section '#{anchor}' that {self.shown(target)} does not have — {hint} "
                "(a section's anchor is its heading in lowercase, with hyphens for spaces)"
            )
        if match := ODD_LINK.match(message):
            page, url = match["page"], match["url"]
            return (
                f"{self.shown(page)}:{self.line_of(self.docs / page, url)}: the link '{url}' is "
                f"{'absolute' if match['kind'] == 'absolute' else 'not a page'} — link to the "
                "page's Markdown file, relative to this page, e.g. '../hiv/index.md' or "
                "'imaging.md#psma-pet'"
            )
        if match := NAV_MISSING_FILE.match(message):
            path = match["path"]
            pages = [p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")]
            close = closest(path, pages)
            hint = f"did you mean '{close}'?" if close else "create the page with scripts/new_page.py"
            return (
                f"{self.config_file.name}:{self.line_of(self.config_file, path)}: the menu (nav:) "
                f"lists '{path}', but {self.shown(path)} does not exist — fix the path ({hint})"
            )
        if match := NOT_IN_NAV.match(message):
            pages = [line.strip()[2:] for line in match["pages"].splitlines() if line.strip()]
            return "\n".join(
                f"{self.shown(page)}:1: this page is not in the menu — add a line '- Title: {page}' "
                f"under its section in nav: in {self.config_file.name} (scripts/new_page.py does this "
                "for new pages)"
                for page in pages
            )
        return None


_REWRITE = _Rewrite()


def install(docs_dir: str | None = None, config_file: str | None = None, *, strict: bool = False) -> None:
    """Reword MkDocs' warnings from now on (once per process), naming files as maintainers see them;
    in a strict build, as the errors they are."""
    _REWRITE.strict = strict
    if docs_dir:
        _REWRITE.docs = Path(docs_dir)
    if config_file:
        _REWRITE.config_file = Path(config_file)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _REWRITE not in logger.filters:
            logger.addFilter(_REWRITE)
