#!/usr/bin/env python3
"""Edit-to-preview time: how long a maintainer waits, after saving a page, until `mkdocs serve`
serves the new version of it.

Copies the site (or makes a synthetic one with --pages N, the same pages as benchmark_citations.py's
full build) into a temporary folder, starts `./scripts/serve`'s `mkdocs serve` there on a free local
port, then R times: appends a new sentence to the longest page, saves it, and asks the server for that
page every 20 ms until the sentence is there. Prints each wait and the median, and the time of a full
`mkdocs build` of the same site as the baseline measured in the same run. Target on the real site: a
median of 1.0 s or less. Not a test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from local_site.site_build import copy_project
from local_site.static_server import free_port
from performance import benchmark_citations

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 1.0
SYNTHETIC_PAGE = "section-0/page-0.md"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def page_url(base: str, page: str) -> str:
    return base + page.removesuffix(".md").removesuffix("index") + "/"


def build_seconds(folder: Path) -> float:
    """A full `mkdocs build` of the project in `folder`, into a folder of its own that is then removed."""
    with tempfile.TemporaryDirectory(prefix="timed-build-") as site_dir:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site_dir],
            cwd=folder,
            capture_output=True,
            check=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )
        return time.perf_counter() - start


def measure(folder: Path, page: str, rounds: int) -> list[float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=folder,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    waits = []
    try:
        deadline = time.monotonic() + 300
        while not fetch(page_url(base, page)):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("mkdocs serve did not start; run `scripts/build` to see why.")
            time.sleep(0.2)
        time.sleep(1)  # let the file watcher settle after the first build
        source = folder / "docs" / page
        for round_ in range(rounds):
            marker = f"Preview check sentence number {round_} {time.time_ns()}."
            text = source.read_text(encoding="utf-8")
            start = time.perf_counter()
            source.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in fetch(page_url(base, page)):
                if time.perf_counter() - start > 120:
                    raise SystemExit("the edited page was not served within 120 s")
                time.sleep(0.02)
            waits.append(time.perf_counter() - start)
            print(f"  save {round_ + 1}: served after {waits[-1]:.2f} s", flush=True)
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return waits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument(
        "--pages", type=int, default=0, help="a synthetic site of this many pages instead of the real one"
    )
    parser.add_argument("--rounds", type=int, default=5, help="saves to time (default 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="preview-time-") as work:
        folder = Path(work) / "site"
        if args.pages:
            folder.mkdir()
            benchmark_citations.make_site(folder, args.pages, 10, min(500, args.pages * 10), "real", seed=args.pages)
            page, what = SYNTHETIC_PAGE, f"synthetic site of {args.pages} pages"
        else:
            copy_project(folder)
            longest = max((folder / "docs").rglob("*.md"), key=lambda path: path.stat().st_size)
            page, what = longest.relative_to(folder / "docs").as_posix(), "this site"
        print(f"Edit-to-preview on {what} (editing docs/{page}):", flush=True)
        built = build_seconds(folder)
        waits = measure(folder, page, args.rounds)
        median = statistics.median(waits)
        missed = not args.pages and median > TARGET_SECONDS
        verdict = "" if args.pages else (f"  (MISSES target {TARGET_SECONDS} s)" if missed else "  (ok)")
        print(
            f"median {median:.2f} s over {len(waits)} saves (min {min(waits):.2f}, max {max(waits):.2f}); "
            f"a full `mkdocs build` of the same site takes {built:.2f} s (ratio {median / built:.2f}){verdict}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
