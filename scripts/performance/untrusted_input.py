#!/usr/bin/env python3
"""What treating page content as untrusted costs: two figures, each against a baseline in the same run.

1. The sanitiser's share of a build: a synthetic site (the citation benchmark's pages, N of them) built
   in this process with the project's hooks, once as it is and once with the sanitising step replaced
   by a no-op, interleaved, fastest of R each. Target: at most 5% more processor time.
2. The checks on one very large page: pages of 1 MB and 5 MB of Markdown (prose with a citation every
   few sentences, one line per sentence and, harder, the whole page on one line) through the whole-site
   citation check and the front-matter and page checks; seconds per MB and the 5 MB page's seconds.
   Target: linear (5 MB within 6 x the 1 MB time) and the 5 MB page under 10 s.
Not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from performance.benchmark_citations import make_site
from salvage_site import front_matter, reference_check, safe_html

HEAD = (
    "---\ntitle: Large page\ndescription: A very large page.\nlast_reviewed: 2026-11-28\n"
    "next_review: 2027-11-28\n---\n\n# Large\n\n"
)
SENTENCE = "Salvage radiotherapy treats the prostate bed when the PSA rises after surgery in some men."


def build_seconds(site: Path, sanitise: bool) -> tuple[float, float]:
    """(processor seconds of the build, of which in the sanitiser)."""
    original = safe_html.sanitise
    uncached = original.__wrapped__  # what a fresh `scripts/build` pays, not a repeat's cache hit
    spent = [0.0]

    def timed(page_html: str, source: str) -> tuple[str, list[tuple[int | None, str]]]:
        started = time.process_time()
        try:
            return uncached(page_html, source)
        finally:
            spent[0] += time.process_time() - started

    safe_html.sanitise = timed if sanitise else (lambda page_html, source: (page_html, []))  # type: ignore[assignment]
    try:
        config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "built"))
        started = time.process_time()
        build(config)
        return time.process_time() - started, spent[0]
    finally:
        safe_html.sanitise = original


def sanitiser_share(pages: int, repeat: int, work: Path) -> None:
    site = work / f"{pages}-real"
    make_site(site, pages, 10, min(500, pages * 10), "real", seed=pages)
    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    build_seconds(site, True)  # warm-up: imports and caches, counted for neither
    for round_ in range(repeat):
        for sanitise in (True, False) if round_ % 2 else (False, True):
            times[sanitise].append(build_seconds(site, sanitise))
    with_it, inside = min(times[True])
    without = min(total for total, _ in times[False])
    share = inside / with_it
    verdict = "ok" if share <= 0.05 else "MISSES target 5%"
    print(
        f"N={pages} pages: the sanitiser took {inside:.2f} s of a {with_it:.2f} s build ({share:.1%} of its "
        f"processor time, {verdict}); the same pages without it {without:.2f} s "
        f"({with_it / without - 1:+.1%}, between-build noise included)",
        flush=True,
    )


def large_page(megabytes: float, one_line: bool) -> str:
    rng = random.Random(megabytes)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        sentence = SENTENCE + (" [@zaorsky2021salvage]" if rng.random() < 0.1 else "")
        parts.append(sentence)
        size += len(sentence) + 1
    return HEAD + (" " if one_line else "\n").join(parts) + "\n"


def check_seconds(site: Path, text: str) -> float:
    page = site / "docs/large.md"
    page.write_text(text, encoding="utf-8")
    started = time.process_time()
    layout = reference_check.layout_from_file(site / "mkdocs.yml")
    report = reference_check.check_site(layout)
    source = front_matter.read_page(page)
    front_matter.front_matter_problems(source)
    front_matter.template_leftovers(source)
    elapsed = time.process_time() - started
    assert not [p for p in report.errors if "large.md" in p.path], report.errors[:3]
    return elapsed


def check_scaling(work: Path) -> None:
    site = work / "check-site"
    make_site(site, 5, 2, 10, "real", seed=1)
    (site / "docs/index.md").write_text(HEAD + f"{SENTENCE} [@zaorsky2021salvage]\n", encoding="utf-8")
    refs = site / "refs.bib"
    refs.write_text(
        refs.read_text(encoding="utf-8") + "\n@misc{zaorsky2021salvage,\n  kind = {review},\n"
        "  author = {{Zaorsky}},\n  title = {Salvage},\n  year = {2021},\n"
        "  url = {https://example.org/}\n}\n",
        encoding="utf-8",
    )
    for one_line in (False, True):
        small = check_seconds(site, large_page(1, one_line))
        large = check_seconds(site, large_page(5, one_line))
        shape = "one line" if one_line else "a line a sentence"
        verdict = "ok" if large <= 6 * small and large < 10 else "MISSES target"
        print(
            f"check of one page, {shape}: 1 MB {small:.2f} s, 5 MB {large:.2f} s "
            f"({large / 5:.2f} s per MB; 5 MB / 1 MB {large / small:.1f}x; {verdict})",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--pages", type=int, default=1000, help="site size for the sanitiser's share (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; the fastest counts (3)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="untrusted-input-"))
    try:
        check_scaling(work)
        sanitiser_share(args.pages, args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
