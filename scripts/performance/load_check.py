#!/usr/bin/env python3
"""Bounded load check: serves the built site with a real nginx and the include the build generated,
then sends a fixed number of requests over loopback from many connections at once, and reports
requests per second, response times and errors. Exit 0: no errors; 1: some requests failed;
2: the site or nginx is missing.

  scripts/load_check.py                      # builds the site into a temporary folder first
  scripts/load_check.py --site site/         # a site you built with scripts/build
  scripts/load_check.py --requests 20000 --connections 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from local_site.nginx import MISSING_NGINX, Nginx, nginx_path

ROOT = Path(__file__).resolve().parents[2]


def paths_to_fetch(site: Path) -> list[str]:
    """What a reader's browser asks for: pages, the theme's script and styles, the search index."""
    pages = sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html"))
    theme = sorted(
        p.relative_to(site).as_posix()
        for p in (site / "assets").rglob("*.min.*")
        if p.suffix in (".js", ".css") and "lunr" not in p.parts
    )
    return [*pages, *theme, "search/search_index.json"]


async def client(
    host: str,
    port: int,
    prefix: str,
    paths: list[str],
    jobs: asyncio.Queue,
    latencies: list[float],
    statuses: Counter,
    errors: list[str],
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while True:
        try:
            number = jobs.get_nowait()
        except asyncio.QueueEmpty:
            break
        path = prefix + paths[number % len(paths)]
        started = time.perf_counter()
        try:
            if reader is None or writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: load-check\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            await reader.readexactly(int(headers.get("content-length", "0")))
            statuses[status] += 1
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError, asyncio.LimitOverrunError) as error:
            errors.append(f"{path}: {type(error).__name__}: {error}")
            if writer is not None:
                writer.close()
            reader = writer = None
        latencies.append(time.perf_counter() - started)
    if writer is not None:
        writer.close()


async def run_load(port: int, prefix: str, paths: list[str], requests: int, connections: int):
    jobs: asyncio.Queue = asyncio.Queue()
    for number in range(requests):
        jobs.put_nowait(number)
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(client("127.0.0.1", port, prefix, paths, jobs, latencies, statuses, errors) for _ in range(connections))
    )
    return time.perf_counter() - started, latencies, statuses, errors


def build_site(target: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SITE_URL", "https://salvage.example/")
    result = subprocess.run(
        [str(ROOT / "scripts/build"), "--site-dir", str(target)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        print("The site does not build; fix the messages above, then run this again.", file=sys.stderr)
        sys.exit(2)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL", "https://salvage.example/"),
        help="the SITE_URL the site was built with; its path is where nginx serves it",
    )
    parser.add_argument("--requests", type=int, default=20_000, help="how many requests in all (20000)")
    parser.add_argument("--connections", type=int, default=50, help="connections at the same time (50)")
    parser.add_argument("--nginx-workers", type=int, default=1, help="nginx worker processes (1)")
    args = parser.parse_args()
    if args.requests < 1 or args.connections < 1:
        parser.error("--requests and --connections must be at least 1")
    if not nginx_path():
        print(MISSING_NGINX, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="load-check-") as folder:
        work = Path(folder)
        if args.site:
            site = args.site
            if not (site / "_nginx/salvage.conf").is_file():
                print(f"{site} is not a site built by scripts/build (no _nginx/salvage.conf).", file=sys.stderr)
                return 2
        else:
            print("Building the site…", flush=True)
            site = build_site(work / "site")
        paths = paths_to_fetch(site)
        with Nginx(site, args.site_url, work / "nginx", workers=args.nginx_workers) as server:
            elapsed, latencies, statuses, errors = asyncio.run(
                run_load(server.port, server.prefix, paths, args.requests, args.connections)
            )
    latencies.sort()
    print(
        f"nginx on 127.0.0.1, {args.nginx_workers} worker(s); {len(paths)} different addresses "
        f"(pages, theme files, search index), fetched in turn"
    )
    print(f"requests:     {len(latencies)} over {args.connections} keep-alive connections")
    print(f"time:         {elapsed:.2f} s")
    print(f"requests/s:   {len(latencies) / elapsed:,.0f}")
    print(
        f"latency:      median {statistics.median(latencies) * 1000:.1f} ms, "
        f"99th percentile {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    print(f"status codes: {dict(sorted(statuses.items()))}")
    print(f"errors:       {len(errors)}")
    for error in errors[:10]:
        print(f"  {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
