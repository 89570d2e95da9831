#!/usr/bin/env python3
"""Reading grade of every page (Flesch-Kincaid, US school grade), as a table, with the median.

Counts only running text: not headings, tables, code, admonition titles, citations, the references
list or the glossary page. A patient page above grade 10 fails, and so do key points above grade 8
and a site median above 8.
Pages listed in checks/readability-known.txt (being rewritten) are shown as KNOWN and do not fail.
To lower a page's grade: shorter sentences (one idea each), everyday words, explain a term once and
then use it; the table shows each failing page's hardest sentence to start with.

Exit status: 0 no page fails, 1 a page fails, 2 the check could not run.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import argparse
import sys
from pathlib import Path

from salvage_site import check_settings, front_matter, readability

ROOT = Path(__file__).resolve().parent.parent
KNOWN = ROOT / "checks" / "readability-known.txt"


def known_pages(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    return {
        line.split("#")[0].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    }


def main(argv: list[str] | None = None) -> int:
    parser = check_settings.page_check_parser("check_readability.py", __doc__, ROOT)
    parser.add_argument(
        "--known",
        type=Path,
        default=KNOWN,
        help="list of pages known to be too hard, being rewritten (default: %(default)s)",
    )
    parser.add_argument(
        "--problems-only", action="store_true", help="print only pages to fix and the summary (scripts/check uses this)"
    )
    args = parser.parse_args(argv)
    limits = check_settings.settings_for(args)
    if limits is None:
        return 2
    known = known_pages(args.known)
    files = args.files or front_matter.content_pages(args.docs)
    scores, failed = [], 0
    if not args.problems_only:
        print(f"{'grade':>5}  {'key points':>10}  {'words':>5}  {'status':<6}  page")
    for path in files:
        shown = front_matter.shown_path(path, args.docs)
        result = _score(path, shown, args.docs)
        if result is None:
            continue
        status = _status(result, shown in known, limits)
        if status == "FAIL" or not args.problems_only:
            print(_row(result, status, shown))
        if status == "FAIL":
            failed += 1
            print(_hardest_sentence(result, shown, limits))
        scores.append(result)
    return _summary(scores, failed, known, limits, args)


def _score(path: Path, shown: str, docs: Path) -> readability.Score | None:
    """The page's score; None for a page that is not graded, or that cannot be read."""
    if path.name in readability.EXCLUDED_PAGES and path.parent.resolve() == docs.resolve():
        return None
    try:
        return readability.score(shown, front_matter.read_page(path))
    except front_matter.SourceProblem:
        return None  # scripts/check_pages.py names the file and line


def _hard_key_points(result: readability.Score, limits: check_settings.CheckSettings) -> bool:
    points = result.key_points
    return bool(points and points.grade and points.grade > limits.key_points_grade_max)


def _status(result: readability.Score, known: bool, limits: check_settings.CheckSettings) -> str:
    if _hard_key_points(result, limits):
        return "FAIL"
    if result.grade is None:
        return "skip"
    if result.grade > limits.page_grade_max:
        return "KNOWN" if known else "FAIL"
    return ("ok" if result.grade <= limits.site_median_grade_max else "high") + ("*" if known else "")


def _row(result: readability.Score, status: str, shown: str) -> str:
    points = result.key_points
    grade = f"{result.grade:.1f}" if result.grade is not None else "-"
    points_grade = f"{points.grade:.1f}" if points is not None and points.grade is not None else "-"
    return f"{grade:>5}  {points_grade:>10}  {result.words:>5}  {status:<6}  {shown}"


def _hardest_sentence(result: readability.Score, shown: str, limits: check_settings.CheckSettings) -> str:
    """Where a failing page (or its key points, if they are what fails) is hardest to read."""
    points = result.key_points
    hardest = points if _hard_key_points(result, limits) and points is not None else result
    where = f"{shown}:{hardest.hardest_line}" if hardest.hardest_line else shown
    box = "key points' " if hardest is points else ""
    return f'{"":35}{where}: {box}hardest sentence: "{hardest.hardest}"'


def _summary(
    scores: list[readability.Score],
    failed: int,
    known: set[str],
    limits: check_settings.CheckSettings,
    args: argparse.Namespace,
) -> int:
    """Print the median and what to do; the exit status."""
    page_max, points_max, median_max = (
        limits.page_grade_max,
        limits.key_points_grade_max,
        limits.site_median_grade_max,
    )
    middle = readability.median(scores)
    print(f"Median grade {middle} (target {median_max:g} or lower; a page above {page_max:g} fails).")
    stale = sorted(s.page for s in scores if s.page in known and s.grade is not None and s.grade <= page_max)
    if stale:
        print("Now at or below the limit — remove from " + args.known.name + ": " + ", ".join(stale))
    if failed:
        print(
            f"{failed} page{'s' * (failed != 1)} to rewrite (a page above grade {page_max:g}, or its key points "
            f"above grade {points_max:g}): shorten sentences and use everyday words (CONTRIBUTING.md, "
            "'Plain language'), starting with the sentence shown."
        )
    if middle is not None and middle > median_max and not args.files:
        failed += 1
        print(
            f"The site's median grade is above {median_max:g}: make the pages nearest the middle of the "
            "table plainer, starting with their hardest sentences."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
