#!/usr/bin/env python3
"""Check the wording and citation style of every page (CONTRIBUTING.md, "Style guide").

Each problem is one line, `path:line: what is wrong — what to write instead`:
  - words that blame a reader or sell a treatment ("failed treatment", "miracle", "cure rate",
    "you should"); explained guideline terms such as "virologic failure" are allowed;
  - a paragraph of more than 5 sentences (split it: short paragraphs are easier to read on a phone);
  - a source cited twice in one paragraph (cite it once, at the end of the sentences it supports).
It also prints citation marks per 100 words for each page; checking the whole site, a median above
2.5 fails (cite each source once per run of sentences, not after every sentence).

Exit status: 0 nothing to fix, 1 something to fix, 2 the check could not run.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import sys
from pathlib import Path

from salvage_site import check_settings, front_matter, wording

ROOT = Path(__file__).resolve().parent.parent
# Pages that are lists rather than prose: the glossary.
EXCLUDED = {"glossary.md"}


def main(argv: list[str] | None = None) -> int:
    parser = check_settings.page_check_parser("check_wording.py", __doc__, ROOT)
    parser.add_argument(
        "--problems-only", action="store_true", help="print only what to fix and the median (scripts/check uses this)"
    )
    args = parser.parse_args(argv)
    settings = check_settings.settings_for(args)
    if settings is None:
        return 2
    files = args.files or front_matter.content_pages(args.docs)
    problems = 0
    densities = []
    for path in files:
        if path.name in EXCLUDED:
            continue
        shown = front_matter.shown_path(path, args.docs)
        try:
            source = front_matter.read_page(path)
        except front_matter.SourceProblem:
            continue  # scripts/check_pages.py names the file and line
        for finding in (
            wording.wording_findings(source)
            + wording.repeated_citations(source)
            + wording.long_paragraphs(source, settings.paragraph_sentences_max)
        ):
            print(f"{shown}:{finding.line}: {finding.message}")
            problems += 1
        density = wording.citation_density(source)
        if density:
            densities.append(density)
            if not args.problems_only:
                print(f"   {density:4.1f} citation marks per 100 words  {shown}")
    middle = wording.median(densities)
    most = settings.citations_per_100_words_median_max
    print(f"Median {middle} citation marks per 100 words (at most {most:g}).")
    if not args.files and middle > most:
        print(
            "Too many citation marks: cite each source once, at the end of the run of sentences it "
            "supports, and merge one-sentence paragraphs (CONTRIBUTING.md, 'Cite')."
        )
        problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
