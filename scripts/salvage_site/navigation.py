"""Reads and edits the `nav:` menu in mkdocs.yml as text, changing only the lines it adds, so that the
file's comments, order and layout stay exactly as people wrote them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml

NAV_START = re.compile(r"^nav:\s*(#.*)?$")
TOP_ITEM = re.compile(r"^(?P<indent>\s*)- (?P<name>[^#].*?):\s*(?P<value>[^#\s].*?)?\s*(#.*)?$")
TOP_COMMENT = re.compile(r"^(?P<indent>\s*)#\s*(?P<name>\S.*?)\s*$")


class NavError(ValueError):
    """The menu cannot be edited as asked; the message says why and what to do."""


@dataclass
class Section:
    name: str
    header_line: int | None = None  # "  - Prostate cancer:" (None: only a comment so far)
    comment_line: int | None = None  # "  # Prostate cancer"
    child_lines: list[int] = field(default_factory=list)
    child_indent: str = "      "
    files: list[str] = field(default_factory=list)


def _nav_bounds(lines: list[str]) -> tuple[int, int]:
    start = next((i for i, line in enumerate(lines) if NAV_START.match(line)), None)
    if start is None:
        raise NavError("mkdocs.yml has no 'nav:' menu")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t#"):
        end += 1
    return start, end


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _top_indent(lines: list[str], start: int, end: int) -> str:
    for line in lines[start + 1 : end]:
        if TOP_ITEM.match(line) or re.match(r"^(\s*)- ", line):
            return _indent(line)
    return "  "


def sections(text: str) -> dict[str, Section]:
    """The menu's top-level sections by name, including sections announced only by a comment."""
    lines = text.splitlines()
    start, end = _nav_bounds(lines)
    indent = _top_indent(lines, start, end)
    found: dict[str, Section] = {}
    current: Section | None = None
    for number in range(start + 1, end):
        line = lines[number]
        if not line.strip():
            continue
        own_indent = _indent(line)
        if own_indent == indent:
            current = None
            comment = TOP_COMMENT.match(line)
            item = TOP_ITEM.match(line)
            if comment:
                found.setdefault(comment["name"], Section(comment["name"])).comment_line = number
            elif item and not item["value"]:
                section = found.setdefault(item["name"], Section(item["name"]))
                section.header_line = number
                current = section
        elif current is not None and len(own_indent) > len(indent):
            if line.strip().startswith("- "):
                current.child_lines.append(number)
                current.child_indent = own_indent
                current.files.append(line.strip()[2:].rsplit(":", 1)[-1].strip())
            elif not line.strip().startswith("#"):
                current.child_lines.append(number)
    return found


def section_folder(section: Section) -> str | None:
    """The folder under docs/ that a section's pages share ('prostate'), if they share one."""
    folders = {str(PurePosixPath(f).parent) for f in section.files if f.endswith(".md")}
    folders.discard(".")
    return folders.pop() if len(folders) == 1 else None


def nav_entry_title(title: str) -> str:
    """The title as YAML reads it back unchanged: quoted only when it has to be."""
    try:
        if yaml.safe_load(f"- {title}: x") == [{title: "x"}]:
            return title
    except yaml.YAMLError:
        pass
    return '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_page(text: str, section_name: str, title: str, md_path: str) -> str:
    """mkdocs.yml's text with `title: md_path` added at the end of the section `section_name`."""
    found = sections(text)
    section = find_section(found, section_name)
    if section is None:
        raise NavError(
            f"the menu has no section '{section_name}'. Sections: "
            + ", ".join(f"'{name}'" for name in menu_sections(found))
        )
    if any(md_path in s.files for s in found.values()):
        raise NavError(f"{md_path} is already in the menu")
    lines = text.splitlines(keepends=True)
    entry = f"{section.child_indent}- {nav_entry_title(title)}: {md_path}\n"
    if section.header_line is not None:
        after = max([section.header_line, *section.child_lines])
        new = [entry]
    else:
        # Only a comment so far: start the section under it.
        assert section.comment_line is not None
        indent = _indent(lines[section.comment_line])
        after = section.comment_line
        new = [f"{indent}- {nav_entry_title(section.name)}:\n", entry]
    if not lines[after].endswith("\n"):
        lines[after] += "\n"
    return "".join(lines[: after + 1] + new + lines[after + 1 :])


def find_section(found: dict[str, Section], name: str) -> Section | None:
    """The section called `name`, whatever its capitals ("hiv" finds "HIV")."""
    return found.get(name) or next((s for key, s in found.items() if key.lower() == name.lower()), None)


def menu_sections(found: dict[str, Section]) -> list[str]:
    """The names of the sections the menu shows (not those only announced by a comment)."""
    return [name for name, section in found.items() if section.header_line is not None]


def menu_files(items: list[Any]) -> list[str]:
    """Every page file of a loaded `nav:`, in menu order (sections flattened)."""
    files: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        files += menu_files(value) if isinstance(value, list) else [value]
    return files


def page_url(md_file: str) -> str:
    """The page's address in the built site: 'index.md' -> '', 'hiv/index.md' -> 'hiv/',
    'hiv/newer-medicines.md' -> 'hiv/newer-medicines/'."""
    stem = md_file[: -len(".md")]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"
