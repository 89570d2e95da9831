#!/usr/bin/env python3
"""Create a new page from the page template and add it to the site's menu.

Example:
  scripts/new_page.py --section "Prostate cancer" --title "Salvage radiotherapy: what to expect"

The page gets its front matter (title, description, and review dates to fill in once the page has
been checked against its sources) and the standard sections, and appears in mkdocs.yml's menu at the
end of its section. Then replace every TODO in the page and run scripts/check.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import argparse
import re
import sys
from pathlib import Path

from salvage_site import navigation

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "templates" / "page.md"


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return "-".join(words.split("-")[:6]) or "page"


def yaml_text(value: str) -> str:
    """A front-matter value YAML reads back as the same text."""
    return navigation.nav_entry_title(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog='Example: scripts/new_page.py --section HIV --title "Living with drug-resistant HIV"',
    )
    parser.add_argument("--title", required=True, help="the page title, as readers see it")
    parser.add_argument(
        "--section", required=True, help='the menu section, exactly as in mkdocs.yml (e.g. "Prostate cancer")'
    )
    parser.add_argument(
        "--file",
        help="path under docs/ (default: the section's folder + a name "
        "made from the title, e.g. prostate/what-to-expect.md)",
    )
    parser.add_argument("--menu-title", help="shorter title for the menu (default: --title)")
    parser.add_argument(
        "--description",
        default="TODO: one or two plain sentences (under 160 characters) for search results.",
        help="one or two plain sentences for search results, under 160 characters",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    config = args.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    try:
        found = navigation.sections(text)
    except navigation.NavError as error:
        print(f"Cannot add the page: {error}.", file=sys.stderr)
        return 2
    section = navigation.find_section(found, args.section)
    if section is None:
        print(
            f"There is no menu section called '{args.section}'. Choose one of: "
            + ", ".join(f'"{name}"' for name in navigation.menu_sections(found))
            + ".\nTo start a new section, add a comment line '  # Section name' in the nav: "
            "part of mkdocs.yml first.",
            file=sys.stderr,
        )
        return 2
    md_path = args.file
    if not md_path:
        folder = navigation.section_folder(section) or slug(section.name)
        md_path = f"{folder}/{slug(args.title)}.md"
    md_path = md_path.removeprefix("docs/")
    if not md_path.endswith(".md") or md_path.startswith("/") or ".." in md_path.split("/"):
        print(
            f"'{md_path}' is not a page path: give a path under docs/ ending in .md, e.g. prostate/what-to-expect.md",
            file=sys.stderr,
        )
        return 2
    page = args.root / "docs" / md_path
    if page.exists():
        print(f"docs/{md_path} already exists: edit it, or choose another --file.", file=sys.stderr)
        return 2
    try:
        new_text = navigation.add_page(text, args.section, args.menu_title or args.title, md_path)
    except navigation.NavError as error:
        print(f"Cannot add the page to the menu: {error}.", file=sys.stderr)
        return 2

    content = (
        TEMPLATE.read_text(encoding="utf-8")
        .format(
            title=yaml_text(args.title),
            description=yaml_text(args.description),
        )
        .replace(f"# {yaml_text(args.title)}\n", f"# {args.title}\n", 1)
    )
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(content, encoding="utf-8")
    config.write_text(new_text, encoding="utf-8")
    print(f"Created docs/{md_path} and added it to the menu under '{args.section}' in mkdocs.yml.")
    print("Next: replace every TODO in the page, add its references with scripts/add_reference.py,")
    print("preview it with scripts/serve, and run scripts/check before you open a pull request.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
