#!/usr/bin/env python3
"""Check every page's front matter and review dates, and list what to fix.

Each problem is one line, `FAIL path:line: what is wrong — what to do` or `WARN path: ...`.
FAIL: a missing or invalid title, description, last_reviewed or next_review; next_review not after
last_reviewed; a review date that has passed; template TODO text left in the page.
WARN: a review due within 30 days; a description longer than search results show.

Exit status: 0 no FAIL, 1 at least one FAIL, 2 the check could not run.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import datetime as dt
import sys
from pathlib import Path

from salvage_site import check_settings, front_matter

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = check_settings.page_check_parser("check_pages.py", __doc__, ROOT)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="check review dates as of this date, YYYY-MM-DD (default: today)",
    )
    args = parser.parse_args(argv)
    settings = check_settings.settings_for(args)
    if settings is None:
        return 2
    files = args.files or front_matter.content_pages(args.docs)
    failed = warned = 0
    for path in files:
        shown = front_matter.shown_path(path, args.docs)
        try:
            source = front_matter.read_page(path)
        except OSError as error:
            print(f"FAIL {shown}: cannot be read ({error.strerror})")
            failed += 1
            continue
        except front_matter.SourceProblem as problem:
            print(f"FAIL {shown}:{problem.line}: {problem.message}")
            failed += 1
            continue
        for line, message in front_matter.front_matter_problems(source) + front_matter.template_leftovers(source):
            print(f"FAIL {shown}:{line}: {message}")
            failed += 1
        meta = front_matter.read_front_matter(source)
        for level, field, message in front_matter.review_problems(meta, args.today, settings):
            print(f"{level} {shown}:{front_matter.field_line(source, field)}: {message}")
            failed += level == "FAIL"
            warned += level == "WARN"
    print(f"Pages: {len(files)} checked, {failed} to fix, {warned} warning{'s' * (warned != 1)}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
