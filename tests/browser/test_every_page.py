"""Checks that hold on every page a reader can reach (the menu's pages and the "not found" page), in a
real browser: accessibility (axe-core, WCAG 2.2 A/AA) in both palettes and on a phone, privacy (no
request to any other host), no console errors, the page's structure, and its phone layout."""

from __future__ import annotations

from typing import Any

import pytest

from .crawl import VIEWS
from .site_pages import ALL_PAGES, UNKNOWN_URL, label

every_page = pytest.mark.parametrize("url", ALL_PAGES, ids=label)
every_view = pytest.mark.parametrize("view", list(VIEWS))


def describe(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {v['count']} element(s)): {v['help']}")
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


@every_view
@every_page
def test_page_is_accessible_private_and_quiet(crawled, view, url):
    """axe-core's WCAG 2.2 A/AA rules, no request to any other host and no console error: all three
    read from the same visit, and all problems reported at once."""
    report = crawled(view)[url]
    problems = []
    if report.violations:
        problems.append(f"breaks WCAG 2.2 A/AA rules:\n{describe(report.violations)}")
    if report.other_hosts:
        problems.append(f"made the reader's browser contact other hosts: {report.other_hosts}")
    if report.console_errors:
        problems.append(f"logged errors: {report.console_errors}")
    assert not problems, f"/{url} in the {view} view " + "\n".join(problems)


@every_page
def test_page_structure_serves_screen_readers_and_keyboards(crawled, url):
    report = crawled("desktop-light")[url]
    s = report.structure
    assert report.status == (404 if url == UNKNOWN_URL else 200)
    assert s["lang"] == "en", f"/{url}: <html lang> is {s['lang']!r}"
    assert s["title"].strip(), f"/{url} has no <title>"
    assert len(s["h1"]) == 1, f"/{url} should have exactly one visible h1, has {s['h1']}"
    if url != UNKNOWN_URL:  # the one-line "not found" page has nothing to skip to
        assert s["skipLink"] == "Skip to content", f"/{url} has no skip link"
        assert "md-skip" in (s["firstFocusable"] or ""), (
            f"/{url}: the first thing a keyboard reaches is {s['firstFocusable']!r}, not the skip link"
        )
        assert s["skipTargetInMain"], f"/{url}: the skip link does not lead into the main content"
    assert (s["main"], s["banner"], s["contentinfo"]) == (1, 1, 1), (
        f"/{url}: landmarks main/banner/contentinfo = {s['main']}/{s['banner']}/{s['contentinfo']}"
    )
    assert s["navs"] and all(s["navs"]), f"/{url}: every navigation region needs a name: {s['navs']}"
    assert s["searchForm"], f"/{url} has no search box"


@every_page
def test_page_follows_the_system_colour_setting(crawled, url):
    light, dark = crawled("desktop-light")[url].scheme, crawled("desktop-dark")[url].scheme
    assert (light, dark) == ("default", "slate"), (
        f"/{url}: with the system set to light / dark the page shows palettes {light!r} / {dark!r}"
    )


@every_page
def test_page_never_scrolls_sideways_on_a_phone(crawled, url):
    layout = crawled("phone")[url].layout
    assert layout["scrolledSideways"] == 0 and layout["scrollWidth"] <= layout["width"], (
        f"/{url} at {layout['width']}px wide is {layout['scrollWidth']}px wide: the reader has to "
        "scroll the whole page sideways"
    )


@every_page
def test_tables_scroll_inside_their_own_box_on_a_phone(crawled, url):
    layout = crawled("phone")[url].layout
    for table in layout["tables"]:
        if table["tableWidth"] > layout["width"]:
            assert table["box"] and table["boxScrollable"], (
                f"/{url}: the wide table {table['text']!r} does not scroll inside its own box"
            )
        assert table["boxLeft"] >= 0 and table["boxRight"] <= layout["width"] + 0.5, (
            f"/{url}: the table {table['text']!r} sticks out of the screen"
        )


@every_page
def test_tap_targets_are_at_least_24px_on_a_phone(crawled, url):
    small = crawled("phone")[url].layout["small"]
    assert small == [], f"/{url}: controls smaller than 24x24 px on a phone: {small}"
