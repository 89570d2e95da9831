#!/usr/bin/env python3
"""Check every citation in docs/ and every entry in refs.bib, and list all problems.

Each problem is one line, `path:line: key: what is wrong and how to fix it`. The site build runs the
same checks and stops on the same errors. Warnings (entries whose identifier is not yet verified) are
listed but do not fail the check.

Exit status: 0 no errors, 1 errors found (or --fix refused), 2 the check could not run.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import argparse
import sys
from pathlib import Path

from salvage_site import bibliography
from salvage_site.reference_check import Layout, check_site, layout_from_file

PROJECT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    layout = _layout(args.config)
    if layout is None:
        return 2
    if args.fix and layout.bib_path.is_file() and not _fixed(layout):
        return 1
    report = check_site(layout)
    if args.warnings:
        for problem in report.warnings:
            print(f"{problem} [warning]")
    elif report.warnings:
        print(report.warnings_summary())
    for problem in report.errors:
        print(problem)
    pages = len(report.uses)
    citations = sum(len(uses) for uses in report.uses.values())
    entries = len(report.bib.entries) if report.bib else 0
    summary = (
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) — {pages} pages, "
        f"{citations} citations, {entries} entries in {layout.shown(layout.bib_path)}"
    )
    print(summary, file=sys.stderr)
    return 1 if report.errors else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="check_references.py",
        description=__doc__.split("\n\n")[0],
        epilog="Examples:  scripts/check_references.py     "
        "scripts/check_references.py --fix   (braces acronyms in titles, bare DOIs)",
    )
    parser.add_argument(
        "--config",
        "-f",
        type=Path,
        default=PROJECT / "mkdocs.yml",
        help="the site's mkdocs.yml (default: the one in this checkout)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="make the safe, mechanical fixes in refs.bib (braces around acronyms "
        "and drug/trial names in titles, bare DOIs), then check again",
    )
    parser.add_argument(
        "--warnings",
        action="store_true",
        help="list each entry whose identifier is not yet verified (by default they are counted in one line)",
    )
    return parser


def _layout(config: Path) -> Layout | None:
    """Where the site's pages and refs.bib are, or None once it has said why that cannot be known."""
    if not config.is_file():
        print(f"{config}: no such file — give the site's mkdocs.yml with --config", file=sys.stderr)
        return None
    try:
        layout = layout_from_file(config)
    except Exception as error:  # a broken mkdocs.yml: nothing can be checked
        print(f"{config}: cannot be read ({error}) — fix mkdocs.yml first", file=sys.stderr)
        return None
    if not layout.docs_dir.is_dir():
        print(f"{layout.docs_dir}: the docs folder does not exist", file=sys.stderr)
        return None
    return layout


def _fixed(layout: Layout) -> bool:
    """Make --fix's changes to refs.bib; False (having said why) if it refused."""
    bib = bibliography.read_bib(layout.bib_path, layout.shown(layout.bib_path))
    try:
        text, done = bibliography.fixed_text(bib)
    except ValueError as refusal:
        for problem in bib.problems:
            print(problem)
        print(f"--fix: {refusal}", file=sys.stderr)
        return False
    if not done:
        return True
    # Written in one go next to the file, then renamed over it: never half a file.
    # Someone may be appending to refs.bib right now: write only if it is unchanged.
    temporary = layout.bib_path.with_name(layout.bib_path.name + ".fixing")
    temporary.write_bytes(text.encode("utf-8"))
    if layout.bib_path.read_bytes() != bib.text.encode("utf-8"):
        temporary.unlink()
        print(
            "--fix: refs.bib changed while it was being fixed — nothing was written; run --fix again", file=sys.stderr
        )
        return False
    temporary.replace(layout.bib_path)
    for line in done:
        print(f"fixed {line}")
    return True


if __name__ == "__main__":
    sys.exit(main())
