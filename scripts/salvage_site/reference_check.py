"""The whole-site reference check: every Markdown file under docs/ against refs.bib, all problems at
once. Used by `scripts/check_references.py` and, with the same rules, by the build (mkdocs_hooks.py)."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from salvage_site import bibliography, bibtex_engine, citations, front_matter, helplines, reference_style
from salvage_site.citations import CitationUse
from salvage_site.problems import Problem


@dataclass
class Layout:
    """Where things are: read from mkdocs.yml by the command-line tool, from the loaded config by
    the build."""

    root: Path  # the folder holding mkdocs.yml
    docs_dir: Path
    bib_path: Path
    snippet_dirs: list[Path] = field(default_factory=list)
    exclude: pathspec.PathSpec | None = None  # type: ignore[type-arg]

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


@dataclass
class Report:
    errors: list[Problem]
    warnings: list[Problem]
    uses: dict[str, list[CitationUse]]  # page path in docs ('hiv/index.md') -> its citations
    bib: bibliography.BibFile | None

    def warnings_summary(self) -> str:
        """One line for the entries whose identifier is not yet verified: they are old news to an
        editor checking their own page."""
        count = len(self.warnings)
        return (
            (
                f"{count} entr{'y has' if count == 1 else 'ies have'} an unverified identifier "
                "(scripts/check_references.py --warnings lists them)"
            )
            if count
            else ""
        )


def layout_from_config(config: MkDocsConfig) -> Layout:
    """From a loaded MkDocs config (the build)."""
    root = Path(config.config_file_path).resolve().parent
    bib_file = bibtex_engine.bib_file(config)
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    return Layout(
        root,
        Path(config.docs_dir),
        root / bib_file,
        _snippet_dirs(root, snippets.get("base_path", ["."])),
        config.exclude_docs,
    )


def layout_from_file(config_file: Path) -> Layout:
    """From mkdocs.yml, without loading the site's plugins (the command-line tool)."""
    with open(config_file, encoding="utf-8") as handle:
        data = yaml_load(handle) or {}
    root = config_file.resolve().parent
    bib_file = "refs.bib"
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get(bibtex_engine.PLUGIN_NAME), dict):
            bib_file = plugin[bibtex_engine.PLUGIN_NAME].get("bib_file", bib_file)
    base_paths = ["."]
    for extension in data.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            base_paths = (extension["pymdownx.snippets"] or {}).get("base_path", base_paths)
    exclude = data.get("exclude_docs")
    return Layout(
        root,
        root / data.get("docs_dir", "docs"),
        root / bib_file,
        _snippet_dirs(root, base_paths),
        pathspec.GitIgnoreSpec.from_lines(exclude.splitlines()) if exclude else None,
    )


def _snippet_dirs(root: Path, base_paths: str | list[str]) -> list[Path]:
    if isinstance(base_paths, str):
        base_paths = [base_paths]
    # Snippets' base_path is relative to where mkdocs runs: the project root.
    return [(root / path).resolve() for path in base_paths if path not in (".", "")]


def markdown_sources(layout: Layout) -> list[tuple[Path, bool]]:
    """(file, is_page) for every Markdown file under docs/; not pages: snippet-included files."""
    found = []
    docs = layout.docs_dir.resolve()
    for folder, subfolders, names in os.walk(docs):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if not name.endswith(".md") or name.startswith("."):
                continue
            path = Path(folder) / name
            snippet = any(directory in path.parents for directory in layout.snippet_dirs)
            relative = path.relative_to(docs).as_posix()
            if not snippet and layout.exclude is not None and layout.exclude.match_file(relative):
                continue
            found.append((path, not snippet))
    return found


SNIPPET = re.compile(r"""^[ \t]*(?P<escape>;?)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<name>.+?)(?P=q)[ \t]*$""", re.MULTILINE)
# The block form: a line '--8<--', file names one a line, a line '--8<--'.
SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*\n(?P<names>(?:.*\n)*?)[ \t]*-{1,}8<-{1,}[ \t]*$", re.MULTILINE)


def snippet_problems(shown: str, source: str, layout: Layout) -> list[Problem]:
    """A `--8<-- "file"` include must name a file in the snippets folder (docs/includes/): anything
    else is a path out of the tree or a missing file."""
    problems = []
    named = [(match.start(), match["name"]) for match in SNIPPET.finditer(source) if not match["escape"]]
    for block in SNIPPET_BLOCK.finditer(source):
        start = block.start("names")
        for line in block["names"].splitlines(keepends=True):
            if line.strip() and not line.lstrip().startswith(";"):
                named.append((start, line.strip()))
            start += len(line)
    for at, written in named:
        name = re.sub(r"(:\d*)+$", "", written)
        found = [
            directory / name
            for directory in layout.snippet_dirs
            if (directory / name).is_file() and (directory / name).resolve().is_relative_to(directory)
        ]
        if not found:
            where = ", ".join(layout.shown(d) + "/" for d in layout.snippet_dirs) or "docs/includes/"
            problems.append(
                Problem(
                    shown,
                    source.count("\n", 0, at) + 1,
                    "snippet",
                    f"'{written}' is not a file in {where} — a page can include only "
                    "the shared snippets kept there; check the name",
                )
            )
    return problems


def check_site(layout: Layout) -> Report:
    errors: list[Problem] = []
    warnings: list[Problem] = []
    uses: dict[str, list[CitationUse]] = {}
    if not layout.bib_path.is_file():
        errors.append(
            Problem(layout.shown(layout.bib_path), 1, "-", "the bibliography file does not exist — restore refs.bib")
        )
        bib = None
    else:
        bib = bibliography.read_bib(layout.bib_path, layout.shown(layout.bib_path))
        errors += bib.problems
        if not bib.problems:
            entry_errors, warnings = bibliography.entry_problems(bib)
            errors += entry_errors + reference_style.latex_problems(bib)
    docs = layout.docs_dir.resolve()
    checked_against: list[tuple[str, int, str]] = []  # (page, line, key) of each 'checked_against' key
    unread = False  # a page that could not be read: its citations are unknown, so no entry is "unused"
    help_file = layout.docs_dir / helplines.DATA_FILE  # "Where to get help" blocks cite their sources
    help_data, help_problems = helplines.load(help_file) if help_file.is_file() else (helplines.Helplines({}, {}), [])
    errors += [Problem(layout.shown(help_file), line, "help", message) for line, message in help_problems]
    for path, is_page in markdown_sources(layout):
        shown = layout.shown(path)
        try:
            source = front_matter.read_page(path)
        except front_matter.SourceProblem as problem:
            errors.append(Problem(shown, problem.line, "-", problem.message))
            unread = True
            continue
        errors += snippet_problems(shown, source, layout) if "8<-" in source else []
        unsafe = front_matter.front_matter_safety(source)
        errors += [Problem(shown, line, "front matter", message) for line, message in unsafe]
        if unsafe:
            unread = True
            continue
        errors += footnote_problems(shown, source, bib)
        checked_against += [(shown, line, key) for line, key in front_matter.checked_against(source)]
        page_uses, page_problems = citations.scan_page(shown, source, processed=is_page)
        if is_page and "help" in source:
            help_uses, problems_here = helplines.scan(source, help_data)
            page_uses = page_uses + [CitationUse(shown, line, key) for line, key in help_uses]
            page_problems = page_problems + [Problem(shown, line, "help", m) for line, m in problems_here]
        errors += page_problems
        if is_page:
            uses[path.relative_to(docs).as_posix()] = page_uses
    if bib is not None and not bib.problems and bib.entries:
        known = [entry.key for entry in bib.entries]
        all_uses = [use for page_uses in uses.values() for use in page_uses]
        errors += citations.unknown_keys(all_uses, known)
        errors += guideline_problems(checked_against, bib)
        if not unread:
            errors += bibliography.unused_entries(bib, {use.key for use in all_uses} | {k for *_, k in checked_against})
    return Report(_sorted(errors), _sorted(warnings), uses, bib)


FOOTNOTE_LABEL = re.compile(r"^\[\^([^\]\s]+)\]:", re.MULTILINE)


def footnote_problems(shown: str, source: str, bib: bibliography.BibFile | None) -> list[Problem]:
    """A footnote named like a refs.bib key would share its anchor with that reference."""
    if bib is None or "[^" not in source:
        return []
    keys = {entry.key.lower() for entry in bib.entries}
    return [
        Problem(
            shown,
            source.count("\n", 0, match.start()) + 1,
            match[1],
            "a footnote cannot have the name of a reference in refs.bib (their links would be "
            "mixed up) — rename the footnote, e.g. [^note1]",
        )
        for match in FOOTNOTE_LABEL.finditer(source)
        if match[1].lower() in keys
    ]


def guideline_problems(checked: list[tuple[str, int, str]], bib: bibliography.BibFile) -> list[Problem]:
    """Each 'checked_against' key must be a refs.bib entry of kind guideline."""
    kinds = {entry.key: entry.get("kind").lower() for entry in bib.entries}
    problems = []
    for page, line, key in checked:
        if key not in kinds:
            problems.append(
                Problem(
                    page,
                    line,
                    key,
                    "'checked_against' names no entry in refs.bib — add the guideline there, or fix the key",
                )
            )
        elif kinds[key] != "guideline":
            problems.append(
                Problem(
                    page,
                    line,
                    key,
                    f"'checked_against' lists guidelines only, and this entry "
                    f"is kind = {{{kinds[key]}}} — cite it in the text instead",
                )
            )
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line, p.key, p.message))


def check_for_build(config: MkDocsConfig) -> Report:
    """The same check for the build: every error stops it, all listed at once. Warnings (unverified
    identifiers) are logged at info level, since a strict build fails on any warning."""
    layout = layout_from_config(config)
    report = check_site(layout)
    if report.errors:
        raise PluginError(
            f"{len(report.errors)} citation/reference problem(s) — run scripts/check_references.py "
            "to list them again:\n  " + "\n  ".join(str(problem) for problem in report.errors)
        )
    if report.warnings:
        logging.getLogger("mkdocs.hooks.references").info(report.warnings_summary())
    return report
