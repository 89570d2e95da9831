#!/usr/bin/env python3
"""Check the links of the built site with lychee (a maintained link checker).

By default only the site's own links and #anchors are checked, offline: a broken one fails (exit 1),
as in CI. With --external, links to other websites are checked too; that needs the network, and the
result is a report for editors to act on, not a gate for pull requests.
"""

from __future__ import annotations

import project_python  # noqa: F401  (first: re-runs this command with .venv/bin/python)

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lychee_program() -> str | None:
    beside_python = Path(sys.executable).parent / "lychee"
    return str(beside_python) if beside_python.exists() else shutil.which("lychee")


def build_site(site_dir: Path) -> None:
    result = subprocess.run(
        [str(ROOT / "scripts/build"), "--site-dir", str(site_dir)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        sys.exit("The site does not build; fix the build first (scripts/build shows why).")


def check(site_dir: Path, external: bool) -> int:
    lychee = lychee_program()
    if not lychee:
        print(
            "lychee is not installed: run ./scripts/test once, or pip install -r requirements-test.txt", file=sys.stderr
        )
        return 2
    command = [
        lychee,
        "--no-progress",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site_dir),
        str(site_dir / "**/*.html"),
    ]
    if not external:
        command.insert(1, "--offline")
    result = subprocess.run(command, capture_output=True, text=True)
    print(result.stdout + result.stderr, end="")
    if result.returncode == 0:
        return 0
    what = "links" if external else "links inside the site"
    print(
        f"Some {what} are broken (the [ERROR] lines above: page:line | link | why). "
        "Fix the link in the Markdown page it comes from.",
        file=sys.stderr,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=("Exit codes: 0 all links work, 1 a link is broken, 2 the checker is not installed."),
    )
    parser.add_argument(
        "site", nargs="?", type=Path, help="an already built site folder (default: build the site afresh)"
    )
    parser.add_argument(
        "--external", action="store_true", help="also check links to other websites (needs the network)"
    )
    args = parser.parse_args(argv)
    if args.site:
        if not (args.site / "index.html").is_file():
            parser.error(f"{args.site} is not a built site (no index.html in it)")
        return check(args.site, args.external)
    with tempfile.TemporaryDirectory() as folder:
        build_site(Path(folder) / "site")
        return check(Path(folder) / "site", args.external)


if __name__ == "__main__":
    sys.exit(main())
