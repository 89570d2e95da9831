#!/usr/bin/env python3
"""Check a built site as a reader would get it, whatever built it.

MkDocs today, ProperDocs or another engine after Material's end of life: every page shows its
citations as numbers, never raw "[@key", and carries the medical disclaimer and its review line.
An engine that ignores this project's hooks (Zensical ignores hooks and unknown plugins silently)
fails here instead of publishing pages without their sources. Exit 0 when every page is whole, 1
when one is not, 2 when the folder is not a site.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# Pages the build writes that are not topic pages: no disclaimer or review line expected.
NOT_PAGES = {"404.html"}
RAW_CITATION = re.compile(r"\[@[\w-]+|\u27e6cite:")
ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def page_problems(shown: str, page_html: str) -> list[str]:
    article = ARTICLE.search(page_html)
    if not article:
        return [f"{shown}: no <article>: not a page of this site's theme"]
    text = article.group()
    problems = []
    if RAW_CITATION.search(re.sub(r"<(code|pre)\b.*?</\1>", "", text, flags=re.S)):
        problems.append(f"{shown}: shows a raw citation ('[@key') — the engine did not run the citation step")
    if 'class="page-disclaimer' not in text:
        problems.append(f"{shown}: has no medical disclaimer under its title")
    if 'class="page-review' not in text:
        problems.append(f"{shown}: has no 'Last reviewed' line")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("site", type=Path, help="the built folder, e.g. site")
    args = parser.parse_args(argv)
    pages = sorted(p for p in args.site.rglob("*.html") if p.relative_to(args.site).as_posix() not in NOT_PAGES)
    if not pages:
        print(f"{args.site}: no HTML pages — build the site first (./scripts/build)", file=sys.stderr)
        return 2
    problems = [
        problem
        for path in pages
        for problem in page_problems(
            path.relative_to(args.site).as_posix(), path.read_text(encoding="utf-8", errors="replace")
        )
    ]
    for problem in problems:
        print(problem)
    print(f"{len(pages)} pages checked, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
