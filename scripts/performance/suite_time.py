#!/usr/bin/env python3
"""Test-suite time: how long a maintainer waits for `./scripts/test --fast` (and, with --full, for
`./scripts/test`), with one `mkdocs build` of the site timed in the same run as the baseline, so a
figure from a busy machine can be read against a quiet one.

Budgets on this project's 2-core machines: fast lane 60 s, whole suite 8 minutes.
Exit codes: 0 within budget; 1 a budget is missed (the figures say which); 2 the suite failed or
could not run (run the printed command to see why).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from performance.preview_time import build_seconds

ROOT = Path(__file__).resolve().parents[2]
LANES = {
    "fast lane": (["./scripts/test", "--fast", "-q", "-p", "no:cacheprovider"], 60.0),
    "whole suite": (["./scripts/test", "-q", "-p", "no:cacheprovider"], 480.0),
}


def run_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-15:])
        raise SystemExit(f"{' '.join(command)} failed:\n{tail}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("--full", action="store_true", help="also time the whole suite (about 8 minutes)")
    args = parser.parse_args(argv)
    built = build_seconds(ROOT)
    print(f"baseline: one `mkdocs build` of the site takes {built:.1f} s", flush=True)
    missed = False
    for name, (command, budget) in LANES.items():
        if name == "whole suite" and not args.full:
            continue
        try:
            took = run_seconds(command)
        except SystemExit as failed:
            print(failed, file=sys.stderr)
            return 2
        over = took > budget
        missed |= over
        print(
            f"{name}: {took:.0f} s = {took / built:.0f} builds (budget {budget:.0f} s){'  MISSED' if over else ''}",
            flush=True,
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
