#!/usr/bin/env python3
"""Measure what citations and the project's hooks cost the build: synthetic sites, built four ways.

Generates sites in a temporary folder (N pages of about 800 words, C citations per page, K entries in
refs.bib) with this project's mkdocs.yml settings, hooks and includes, and builds each one:

  bare   Material alone: the same pages with citations as plain text, the same Markdown extensions
         and navigation.prune, but no project hooks, no theme overrides and no citation engine
  plain  citations left as plain text "(key)"
  hand   citations written as hand-made footnotes [^1] with the formatted references under
         "## References", plus a hand-written page listing every entry (what a careful author
         would write without a citation engine)
  real   [@key] citations through mkdocs-bibtex and this project's hooks (checks, cached formatting,
         References page with back-links)

and prints wall time, processor time, peak memory and the ratios; the fastest of the repeated builds
counts. Targets: real <= 1.10 x hand (wall time) and real <= 2.0 x bare (processor time) at each
size, and the largest size <= 5.5 x the time of the smallest per 5 x pages (linear, not quadratic).
Processor time is printed beside wall time because it is steadier on a shared machine: a much larger
wall ratio than processor ratio means the machine was busy, so run it again. The median of each
round's real/bare processor ratio is printed too: on a machine whose speed drifts, it moves less
than the ratio of the fastest builds (use --repeat 5 or more for a figure to quote).
Not a test: figures depend on the machine and its load; it prints them for people to read.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import parse_string

from salvage_site.reference_style import ReferenceFormatter

ROOT = Path(__file__).resolve().parents[2]

WORDS = (
    "treatment cancer doctor team therapy dose result test scan blood level week month year "
    "side effect option choice trial study group people men women risk chance care plan "
    "hospital nurse question answer change rise fall return spread"
).split()
SURNAMES = (
    "smith jones parker tilki zaorsky calais fanti dorff spratt kishan morgan tran "
    "lee chen wang garcia miller davis lopez wilson"
).split()
TITLE_WORDS = (
    "salvage radiotherapy outcomes after prostatectomy recurrence imaging therapy "
    "survival hormone trial review guideline"
).split()
PAGES_PER_SECTION = 20
STYLES = ("bare", "plain", "hand", "real")
# Material with the project's Markdown extensions (added after this) and nothing of the project's own.
BARE_CONFIG = """site_name: Bare Material
strict: true
theme:
  name: material
  font: false
  features:
    - navigation.prune
exclude_docs: |
  includes/
plugins:
  - search
"""
FRONT = """---
title: {title}
description: A synthetic page for the citation benchmark.
last_reviewed: 2026-11-28
next_review: 2027-11-28
---

"""
# Measures one build: peak memory of the build process (its children's max RSS, in KiB on Linux) and
# the processor time it used (user + system seconds), which time stolen by other work does not inflate.
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)"
    ".returncode; "
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime); sys.exit(code)"
)


def make_entries(count: int, rng: random.Random) -> str:
    entries: list[str] = []
    keys: set[str] = set()
    while len(keys) < count:
        surname = rng.choice(SURNAMES)
        year = rng.randint(1995, 2026)
        word = rng.choice(TITLE_WORDS)
        key = f"{surname}{year}{word}"
        suffix = ""
        while key + suffix in keys:
            suffix = chr(ord(suffix or "a") + 1) if suffix else "b"
        key += suffix
        keys.add(key)
        n = len(keys)
        title = " ".join(rng.choice(TITLE_WORDS) for _ in range(8)).capitalize() + " in {PSA} studies"
        entries.append(
            f"@article{{{key},\n  kind    = {{randomized trial}},\n"
            f"  author  = {{{surname.capitalize()}, Anna B. and Other, Carl and "
            f"Third, Dana}},\n  title   = {{{title}}},\n  journal = {{Journal of Synthetic Medicine}},\n"
            f"  year    = {{{year}}},\n  volume  = {{{n % 90 + 1}}},\n  number  = {{{n % 12 + 1}}},\n"
            f"  pages   = {{{n}--{n + 9}}},\n  doi     = {{10.5555/bench.{n}}},\n"
            f"  pmid    = {{{30000000 + n}}}\n}}\n"
        )
    return "\n".join(entries)


def page_text(
    index: int, keys: list[str], start: int, citations: int, style: str, rng: random.Random, formatted
) -> str:
    """About 800 words in 4 sections; `citations` citations spread over the sentences."""
    title = f"Synthetic page {index}"
    sentences = 64  # ~12.5 words each
    cited_at = set(rng.sample(range(sentences), citations))
    body, used = [f"# {title}", ""], 0
    footnotes: list[str] = []
    numbers: dict[str, int] = {}
    for sentence in range(sentences):
        if sentence % 16 == 0:
            body += ["", f"## Section {sentence // 16 + 1}", ""]
        text = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize()
        if sentence in cited_at:
            key = keys[(start + used) % len(keys)]
            used += 1
            if style == "real":
                text += f" [@{key}]"
            elif style in ("plain", "bare"):
                text += f" ({key})"
            else:
                number = numbers.setdefault(key, len(numbers) + 1)
                text += f" [^{number}]"
                if number == len(numbers) and len(footnotes) < number:
                    footnotes.append(f"[^{number}]: {formatted(key)}")
        body.append(text + ".")
    if style == "hand" and footnotes:
        body += ["", "## References", ""] + footnotes
    return FRONT.format(title=title) + "\n".join(body) + "\n"


def make_site(folder: Path, pages: int, citations: int, entries: int, style: str, seed: int):
    rng = random.Random(seed)
    bib_text = make_entries(entries, rng)
    bib = parse_string(bib_text, "bibtex")
    keys = list(bib.entries.keys())
    formatter = ReferenceFormatter(bib.entries)
    shutil.copytree(ROOT / "scripts", folder / "scripts", ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs" / "includes", docs / "includes")
    for extra in ("assets", "stylesheets"):
        if (ROOT / "docs" / extra).is_dir():
            shutil.copytree(ROOT / "docs" / extra, docs / extra)
    if style == "real":
        (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    else:
        # The other two builds still load one entry, cited once, so every hook runs as usual.
        (folder / "refs.bib").write_text(bib_text.split("\n\n")[0] + "\n", encoding="utf-8")
    home = (
        FRONT.format(title="Home")
        + "# Home\n\nA synthetic site"
        + ("." if style == "real" else f" [@{keys[0]}].")
        + "\n"
    )
    (docs / "index.md").write_text(home, encoding="utf-8")
    # The page the one-line disclaimer links to, with the section it links to.
    (docs / "about.md").write_text(
        FRONT.format(title="About") + "# About\n\n## Medical disclaimer\n\nText.\n", encoding="utf-8"
    )
    (docs / "glossary.md").write_text(
        FRONT.format(title="Glossary") + "# Glossary\n\n<!-- glossary -->\n", encoding="utf-8"
    )
    nav: list[dict[str, Any]] = [{"Home": "index.md"}]
    for index in range(pages):
        section = index // PAGES_PER_SECTION
        path = f"section-{section}/page-{index}.md"
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        text = page_text(index, keys, index * citations, citations, style, rng, formatter.markdown)
        (docs / path).write_text(text, encoding="utf-8")
        if index % PAGES_PER_SECTION == 0:
            nav.append({f"Section {section}": []})
        nav[-1][f"Section {section}"].append({f"Synthetic page {index}": path})
    if style == "hand":
        # What the build's References page gives, written by hand: every entry once, sorted.
        listing = "\n\n".join(formatter.markdown(key) for key in sorted(keys))
        (docs / "bibliography.md").write_text(
            FRONT.format(title="Bibliography") + "# Bibliography\n\n" + listing + "\n", encoding="utf-8"
        )
        nav.append({"Bibliography": "bibliography.md"})
    nav += [{"References": "references.md"}] if style != "bare" else []
    nav += [{"About": "about.md"}, {"Glossary": "glossary.md"}]
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = config[: config.index("\nnav:")]
    if style == "bare":
        settings = BARE_CONFIG + settings[settings.index("\nmarkdown_extensions:") :]
    (folder / "mkdocs.yml").write_text(
        settings + "\n" + yaml.safe_dump({"nav": nav}, sort_keys=False), encoding="utf-8"
    )


def build(folder: Path) -> tuple[float, float, int]:
    """Wall seconds, processor seconds and peak memory (KiB) of one build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="")
    command = [
        sys.executable,
        "-c",
        MEASURE,
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        str(folder / "built"),
    ]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {folder.name} failed:\n{result.stderr[-3000:]}")
    memory, processor = result.stdout.split()
    return elapsed, float(processor), int(memory)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "--pages", type=int, nargs="+", default=[200, 1000], help="site sizes in pages (default: 200 1000)"
    )
    parser.add_argument("--citations", type=int, default=10, help="citations per page (default 10)")
    parser.add_argument("--entries", type=int, default=500, help="entries in refs.bib (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind; the fastest counts (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and print where")
    args = parser.parse_args(argv)
    if args.citations > 64 or min(args.pages) < 1 or args.entries < 1:
        parser.error("need 1+ pages, 1+ entries and at most 64 citations per page")

    work = Path(tempfile.mkdtemp(prefix="citation-benchmark-"))
    results = {}
    processor_results = {}
    try:
        for pages in args.pages:
            sites = {}
            entries = min(args.entries, pages * args.citations)  # every entry must be cited
            for style in STYLES:
                sites[style] = work / f"{pages}-{style}"
                make_site(sites[style], pages, args.citations, entries, style, seed=pages)
            runs: dict[str, list[Any]] = {style: [] for style in sites}
            styles = list(sites)
            for round_ in range(args.repeat):
                # Interleaved, and each round starts with a different kind, so a slow spell of the
                # machine (or a build that always runs last) does not favour one kind.
                first = round_ % len(styles)
                for style in styles[first:] + styles[:first]:
                    runs[style].append(build(sites[style]))
            for style, measured in runs.items():
                seconds = min(wall for wall, _, _ in measured)
                processor = min(cpu for _, cpu, _ in measured)
                memory = max(peak for _, _, peak in measured)
                results[(pages, style)] = seconds
                processor_results[(pages, style)] = processor
                print(
                    f"N={pages:<5} C={args.citations} K={entries} {style:<5} "
                    f"wall {seconds:7.2f} s   processor {processor:7.2f} s   "
                    f"peak memory {memory / 1024:7.1f} MiB",
                    flush=True,
                )
            hand, real, plain, bare = (results[(pages, s)] for s in ("hand", "real", "plain", "bare"))
            verdict = "ok" if real <= 1.10 * hand else "MISSES target 1.10"
            processor_ratio = processor_results[(pages, "real")] / processor_results[(pages, "hand")]
            print(
                f"N={pages:<5} ratio real/hand {real / hand:.2f} ({verdict})   "
                f"real/plain {real / plain:.2f}   hand/plain {hand / plain:.2f}   "
                f"processor real/hand {processor_ratio:.2f}",
                flush=True,
            )
            bare_ratio = processor_results[(pages, "real")] / processor_results[(pages, "bare")]
            verdict = "ok" if bare_ratio <= 2.0 else "MISSES target 2.0"
            # Each round builds both, one after the other: their ratio is steadier than the fastest of each.
            rounds = statistics.median(r[1] / b[1] for r, b in zip(runs["real"], runs["bare"], strict=True))
            print(
                f"N={pages:<5} full project build / bare Material: processor {bare_ratio:.2f} ({verdict})   "
                f"wall {real / bare:.2f}   median of the rounds' processor ratios {rounds:.2f}",
                flush=True,
            )
        if len(args.pages) > 1:
            small, large = min(args.pages), max(args.pages)
            limit = 5.5 * large / small / 5
            for style in STYLES:
                ratio = results[(large, style)] / results[(small, style)]
                verdict = "ok" if ratio <= limit else f"MISSES target {limit:.2f}"
                print(
                    f"scaling {style:<5} N={large} / N={small}: {ratio:.2f}x time for "
                    f"{large / small:.0f}x pages ({verdict})"
                )
    finally:
        if args.keep:
            print(f"sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
