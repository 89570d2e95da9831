#!/usr/bin/env python3
"""Page weight and speed of the built site, as a reader on a phone would get it.

Serves the built site on this machine (gzip on, like a web host), opens every page in the machine's
own Chromium and prints, per kind of page:
  - bytes transferred (gzipped) on a first visit to that page, without the search index, once the
    reader has touched the page (Material's script loads then, and is counted);
  - bytes transferred when it is the second page a reader opens (theme files already cached);
then the size of the search index, and Lighthouse's performance / accessibility / best-practices /
SEO scores (mobile preset) for the home page and the longest page: first with the preset's 4x CPU
slowdown as is, then with the slowdown calibrated to this machine's CPU speed as Lighthouse measures
it (Lighthouse's own advice for hosts slower or faster than the desktop its 4x assumes). The budget is
judged on the preset's figures, which is how the budget is defined; the calibrated ones are printed beside
them to show how much of a miss is this machine's slowness. Last, what a reader feels and Lighthouse
does not measure: Interaction to Next Paint of taps on the menu button right after the page appears.

Budgets: first load <= 120 KB gzipped without the search index; Lighthouse >= 98 / 100 / 100 / 100;
Interaction to Next Paint <= 200 ms in every case.

Exit codes: 0 every figure is within budget; 1 a budget is missed (the figures say which);
2 the site or a tool could not be built, found or run (the message says what to install or fix).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local_site.browser import CHROMIUM_ARGS, MISSING_CHROMIUM, chromium_path, start_material
from local_site.static_server import NOT_FOUND_PAGE, SiteServer

ROOT = Path(__file__).resolve().parents[2]

KB = 1024
FIRST_LOAD_BUDGET = 120 * KB
LIGHTHOUSE_BUDGET = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE_DIR = Path(__file__).resolve().parent / "lighthouse"  # its own package.json: not part of the tests' install
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
SEARCH_INDEX = "search/search_index.json"
UNKNOWN_URL = "no-such-page/"
PHONE_CONTEXT: dict[str, Any] = dict(
    viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
)


class ToolProblem(Exception):
    """Something this script needs is missing or failed; the message says what to do."""


@dataclass
class Page:
    url: str
    kind: str
    first_load: int = 0
    second_page: int = 0
    search_index: int = 0
    requests: list[str] = field(default_factory=list)


def page_kind(url: str, site: Path) -> str:
    if url == "":
        return "home"
    if url == UNKNOWN_URL:
        return "not found (404)"
    folder = site / url
    if any(child.is_dir() and (child / "index.html").is_file() for child in folder.iterdir()):
        return "section overview"
    if "glossary" in url:
        return "glossary"
    if "reference" in url:
        return "reference list"
    return "article"


def site_pages(site: Path) -> list[str]:
    urls = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return urls


def build_site(into: Path) -> Path:
    print("Building the site (scripts/build) ...", flush=True)
    result = subprocess.run(
        [str(ROOT / "scripts/build"), "--site-dir", str(into)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise ToolProblem(
            "The site does not build; fix what this says, or pass --site with a built "
            f"site:\n{result.stdout}{result.stderr}"
        )
    return into


def transferred(page, action) -> tuple[int, int, list[str]]:
    """Bytes that came over the network (headers + gzipped bodies) while `action` ran, as
    (everything but the search index, the search index, addresses)."""
    finished = []

    def record(request):
        finished.append(request)

    page.on("requestfinished", record)
    action()
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", record)
    total = index = 0
    urls = []
    for request in finished:
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if response.status == 304 or size <= 0:
            size = max(size, sizes["responseHeadersSize"], 0)
        if request.url.endswith(SEARCH_INDEX):
            index += size
        else:
            total += size
        urls.append(request.url)
    return total, index, urls


def open_and_touch(tab, url: str) -> None:
    """Open a page and interact once, as a reader does: Material's script and the search index load
    only then, and they count in the page's weight (404 pages included)."""
    tab.goto(url)
    start_material(tab)


def measure_pages(site: Path, base_url: str, chromium: str) -> list[Page]:
    from playwright.sync_api import sync_playwright

    pages = [Page(url, page_kind(url, site)) for url in site_pages(site) + [UNKNOWN_URL]]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        for page in pages:
            # First visit: a fresh browser profile, nothing cached.
            context = browser.new_context(**PHONE_CONTEXT)
            tab = context.new_page()
            address = base_url + page.url
            page.first_load, page.search_index, page.requests = transferred(
                tab, lambda tab=tab, address=address: open_and_touch(tab, address)
            )
            context.close()
            # Second page: the reader came from the home page (or from another page, for home).
            context = browser.new_context(**PHONE_CONTEXT)
            tab = context.new_page()
            open_and_touch(tab, base_url + ("glossary/" if page.url == "" else ""))
            tab.wait_for_load_state("networkidle")
            page.second_page, _, _ = transferred(tab, lambda tab=tab, address=address: open_and_touch(tab, address))
            context.close()
        browser.close()
    return pages


# Every interaction's duration (Event Timing: from the tap to the next paint), and long tasks, from now on.
WATCH_INTERACTIONS = """window.__taps = {}; window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (e.interactionId)
  window.__taps[e.interactionId] = Math.max(window.__taps[e.interactionId] || 0, e.duration); })
  .observe({type: 'event', durationThreshold: 16, buffered: true});
new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => e.duration)))
  .observe({type: 'longtask'});"""
# Material's drawer label, or the button docs/javascripts/keyboard-menu.js puts in its place.
MENU_BUTTON = ".md-header__button[for='__drawer'], .md-header__button[data-drawer-button]"
# (label, milliseconds between the first and second tap; None: one tap)
TAP_CASES = (("first tap", None), ("second tap 50 ms later", 50), ("second tap 400 ms later", 400))
INP_GOOD = 200


def tap_menu(tab, gap: int | None) -> list[float]:
    """Tap the menu button as a reader does and, `gap` ms later, tap beside the opened menu to close
    it; return each tap's duration from the tap to the next paint (Event Timing; under 16 ms counts
    as 16)."""
    box = tab.locator(MENU_BUTTON).bounding_box()
    viewport = tab.viewport_size
    tab.evaluate(WATCH_INTERACTIONS)
    tab.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    if gap is not None:
        tab.wait_for_timeout(gap)
        tab.touchscreen.tap(viewport["width"] - 24, viewport["height"] / 2)
    tab.wait_for_timeout(2500)
    durations = [
        float(d) for _, d in sorted(tab.evaluate("Object.entries(window.__taps)"), key=lambda item: int(item[0]))
    ]
    wanted = 1 if gap is None else 2
    return (durations + [16.0] * wanted)[:wanted]


def interaction_cost(base_url: str, pages: dict[str, str], chromium: str, runs: int) -> list[str]:
    """Interaction to Next Paint of a reader tapping the menu button right after the page appears,
    on a phone-sized page with the CPU slowed as Lighthouse's preset slows it, on a first visit (cold
    cache) and a return visit (warm cache): the first tap, and a second tap 50 ms or 400 ms after it
    (medians of `runs`), then the longest main-thread task seen. Returns the cases over 200 ms."""
    from playwright.sync_api import sync_playwright

    problems = []
    print(
        f"\nInteraction to Next Paint, menu button tapped right after load (CPU slowed "
        f"{PRESET_SLOWDOWN:g}x, median of {runs}; good is {INP_GOOD} ms or less):"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        for label, url in pages.items():
            for cache in ("cold", "warm"):
                figures, longest = [], []
                for case, gap in TAP_CASES:
                    measured = []
                    for _ in range(runs):
                        context = browser.new_context(**PHONE_CONTEXT)
                        tab = context.new_page()
                        if cache == "warm":
                            tab.goto(base_url + url)
                            start_material(tab)
                            tab.wait_for_load_state("networkidle")
                        context.new_cdp_session(tab).send("Emulation.setCPUThrottlingRate", {"rate": PRESET_SLOWDOWN})
                        tab.goto(base_url + url, wait_until="load")
                        measured.append(tap_menu(tab, gap)[-1])
                        longest.append(max(tab.evaluate("window.__longTasks"), default=0))
                        context.close()
                    inp = statistics.median(measured)
                    figures.append(f"{case} {inp:.0f} ms")
                    if inp > INP_GOOD:
                        problems.append(
                            f"INP {label}, {cache} cache, {case}: {inp:.0f} ms (good: {INP_GOOD} ms or less)"
                        )
                print(
                    f"  {label}, {cache} cache: "
                    + ", ".join(figures)
                    + f"; longest task {statistics.median(longest):.0f} ms",
                    flush=True,
                )
        browser.close()
    return problems


def ensure_lighthouse() -> None:
    if LIGHTHOUSE_CLI.is_file():
        return
    print(f"Installing Lighthouse into {LIGHTHOUSE_DIR.relative_to(ROOT)}/node_modules (once) ...", flush=True)
    try:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True)
    except (OSError, subprocess.CalledProcessError) as problem:
        raise ToolProblem(
            f"Could not install Lighthouse with npm ({problem}). Install Node.js 20 and "
            "npm, or run with --no-lighthouse."
        ) from None


# Lighthouse's mobile preset slows the CPU 4x, a figure chosen for a fast desktop host (benchmark index
# about 1,500). On a slower host the same 4x emulates a slower phone than the preset means, and on a
# faster one a faster phone; Lighthouse's throttling guide says to calibrate the multiplier to the host.
PRESET_SLOWDOWN = 4.0
# Lighthouse's audit id -> how its value (milliseconds, or a plain number for CLS) is printed.
METRICS = {
    "first-contentful-paint": lambda ms: f"FCP {ms / 1000:.2f} s",
    "largest-contentful-paint": lambda ms: f"LCP {ms / 1000:.2f} s",
    "total-blocking-time": lambda ms: f"TBT {ms:.0f} ms",
    "cumulative-layout-shift": lambda shift: f"CLS {shift:.2f}",
}


def calibrated_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that makes this host behave like the phone of Lighthouse's mobile preset:
    the formula of Lighthouse's CPU-throttling calculator (docs/throttling.md, "Calibrating multipliers"),
    where an index of 1,533 gives the preset's 4x."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


@dataclass
class LighthouseResult:
    scores: dict[str, int]
    metrics: dict[str, float]  # medians, milliseconds (CLS unitless)
    benchmark_index: float  # this host's CPU speed as Lighthouse measured it (median)

    def describe(self) -> str:
        scores = ", ".join(f"{name} {score}" for name, score in self.scores.items())
        metrics = "  ".join(METRICS[key](value) for key, value in self.metrics.items())
        return f"{scores}   ({metrics})"


def lighthouse(url: str, chromium: str, runs: int, slowdown: float) -> LighthouseResult:
    """Medians over `runs` runs of the mobile preset, with the CPU slowed `slowdown` times."""
    scores: dict[str, list[int]] = {name: [] for name in LIGHTHOUSE_BUDGET}
    metrics: dict[str, list[float]] = {key: [] for key in METRICS}
    indexes = []
    flags = " ".join(arg for arg in CHROMIUM_ARGS if arg != "--headless") + " --headless=new"
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as profile:
            result = subprocess.run(
                [
                    "node",
                    str(LIGHTHOUSE_CLI),
                    url,
                    "--quiet",
                    "--output=json",
                    "--output-path=stdout",
                    f"--only-categories={','.join(LIGHTHOUSE_BUDGET)}",
                    f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}",
                    f"--chrome-flags={flags} --user-data-dir={profile}",
                ],
                env=dict(os.environ, CHROME_PATH=chromium),
                capture_output=True,
                text=True,
                timeout=300,
            )
        if result.returncode != 0:
            raise ToolProblem(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        for name in LIGHTHOUSE_BUDGET:
            scores[name].append(round(100 * (report["categories"][name]["score"] or 0)))
        for key in METRICS:
            metrics[key].append(report["audits"][key]["numericValue"])
        indexes.append(report["environment"]["benchmarkIndex"])
        failing = [
            f"{audit['id']} ({audit.get('displayValue', '')})".replace(" ()", "")
            for audit in report["audits"].values()
            if audit.get("score") is not None
            and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ]
        if failing:
            print(f"    Lighthouse audits below 90 on {url}: {', '.join(sorted(failing))}")
    return LighthouseResult(
        {name: int(statistics.median(values)) for name, values in scores.items()},
        {key: statistics.median(values) for key, values in metrics.items()},
        statistics.median(indexes),
    )


def lighthouse_pages(base_url: str, pages: dict[str, str], chromium: str, runs: int, preset_only: bool) -> list[str]:
    """Scores every page with the preset's 4x CPU slowdown, then (unless preset_only) with the
    slowdown calibrated to this host, for comparison. Returns the budgets the preset's figures miss."""
    print(
        f"\nLighthouse 12.2.3, mobile preset, median of {runs} run(s); "
        f"budget {'/'.join(map(str, LIGHTHOUSE_BUDGET.values()))}:"
    )
    judged: dict[str, LighthouseResult] = {}
    indexes = []
    for label, url in pages.items():
        judged[label] = lighthouse(base_url + url, chromium, runs, PRESET_SLOWDOWN)
        indexes.append(judged[label].benchmark_index)
        print(f"  {label}, CPU slowed {PRESET_SLOWDOWN:g}x (the preset as is): {judged[label].describe()}", flush=True)
    index = statistics.median(indexes)
    slowdown = calibrated_slowdown(index)
    print(
        f"  This machine's CPU benchmark index: {index:.0f} (the preset's 4x assumes about 1,533; "
        f"calibrated slowdown {slowdown:.1f}x)"
    )
    if not preset_only:
        for label, url in pages.items():
            calibrated = lighthouse(base_url + url, chromium, runs, slowdown)
            print(
                f"  {label}, CPU slowed {slowdown:.1f}x (calibrated, for comparison): {calibrated.describe()}",
                flush=True,
            )
    return [
        f"{label}: Lighthouse {name} {score} < {LIGHTHOUSE_BUDGET[name]}"
        for label, result in judged.items()
        for name, score in result.scores.items()
        if score < LIGHTHOUSE_BUDGET[name]
    ]


def kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def report_pages(pages: list[Page], site: Path) -> list[str]:
    problems = []
    kinds = sorted({p.kind for p in pages}, key=[p.kind for p in pages].index)
    print("\nBytes transferred (gzipped, headers included), phone-sized Chromium, per kind of page:")
    print(
        f"  {'kind of page':<18} {'pages':>5}  {'first load (largest)':>22}  {'second page (largest)':>22}"
        f"  largest first load"
    )
    for kind in kinds:
        group = [p for p in pages if p.kind == kind]
        heaviest = max(group, key=lambda p: p.first_load)
        print(
            f"  {kind:<18} {len(group):>5}  {kb(heaviest.first_load):>22}  "
            f"{kb(max(p.second_page for p in group)):>22}  /{heaviest.url}"
        )
    for page in pages:
        if page.first_load > FIRST_LOAD_BUDGET:
            problems.append(f"/{page.url}: first load {kb(page.first_load)} is over the {kb(FIRST_LOAD_BUDGET)} budget")
    index_file = site / SEARCH_INDEX
    transferred_index = max(p.search_index for p in pages)
    print(
        f"\nSearch index: {kb(index_file.stat().st_size)} on disk, {kb(transferred_index)} transferred "
        "(loaded once per visit, in the background, when Material's script starts at the reader's first "
        "touch, scroll or key press)"
    )
    print(
        f"First-load budget: {kb(FIRST_LOAD_BUDGET)} without the search index -> "
        f"largest {kb(max(p.first_load for p in pages))}"
    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Example: .venv/bin/python scripts/page_weight.py   (builds the site first)\n"
        "         .venv/bin/python scripts/page_weight.py --site site --no-lighthouse",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--site", type=Path, help="a site already built (default: build one now)")
    parser.add_argument("--no-lighthouse", action="store_true", help="only measure bytes")
    parser.add_argument(
        "--preset-only",
        action="store_true",
        help="run Lighthouse only with the preset's 4x CPU slowdown, not also "
        "calibrated to this machine (half the time)",
    )
    parser.add_argument("--no-interaction", action="store_true", help="skip the Interaction to Next Paint measurements")
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page; the median score counts (default 3)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    chromium = chromium_path()
    if not chromium:
        print(MISSING_CHROMIUM, file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="page-weight-") as scratch:
            if args.site:
                site = args.site.resolve()
                if not (site / "index.html").is_file() or not (site / NOT_FOUND_PAGE).is_file():
                    print(
                        f"{args.site} is not a built site (no index.html / 404.html): run "
                        "./scripts/build, or leave out --site",
                        file=sys.stderr,
                    )
                    return 2
            else:
                site = build_site(Path(scratch) / "site")
            with SiteServer(site) as server:
                print(f"Measuring every page at {server.url} with {chromium} ...", flush=True)
                pages = measure_pages(site, server.url, chromium)
                problems = report_pages(pages, site)
                if not args.no_lighthouse:
                    ensure_lighthouse()
                    longest = max(
                        (p for p in pages if p.url != UNKNOWN_URL),
                        key=lambda p: (site / p.url / "index.html").stat().st_size,
                    )
                    judged = {"home page": "", f"longest page /{longest.url}": longest.url}
                    problems += lighthouse_pages(server.url, judged, chromium, args.runs, args.preset_only)
                if not args.no_interaction:
                    longest = max(
                        (p for p in pages if p.url != UNKNOWN_URL),
                        key=lambda p: (site / p.url / "index.html").stat().st_size,
                    )
                    measured = {
                        "home page": "",
                        f"longest page /{longest.url}": longest.url,
                        "References": "references/",
                    }
                    problems += interaction_cost(server.url, measured, chromium, max(args.runs, 5))
    except ToolProblem as problem:
        print(problem, file=sys.stderr)
        return 2
    if problems:
        print("\nOver budget:\n  " + "\n  ".join(problems))
        return 1
    print("\nEverything is within budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
