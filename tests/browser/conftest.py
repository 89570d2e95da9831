"""Browser fixtures: the freshly built site (the root `site` fixture) served over HTTP on 127.0.0.1 as a
plain web host serves it, and one headless Chromium (Debian's, at /usr/bin/chromium or CHROME_PATH)
shared by every browser test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from local_site.static_server import SiteServer

from .crawl import PageReport, Watch, crawl
from .site_pages import ALL_PAGES, ARTIFACTS, AXE_SCRIPT, DESKTOP, PHONE, ROOT


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The built site. BROWSER_TESTS_SITE=/path/to/built/site tests an already built site (quicker
    while working on styles); by default the site is built afresh (the root `site` fixture)."""
    prebuilt = os.environ.get("BROWSER_TESTS_SITE")
    return Path(prebuilt) if prebuilt else request.getfixturevalue("site")


@pytest.fixture(scope="session")
def base_url(site_dir):
    with SiteServer(site_dir) as server:
        yield server.url


@pytest.fixture(scope="session")
def site_html(site_dir):
    """site_html('hiv/') -> that page's HTML as built."""
    return lambda url: (site_dir / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium


@pytest.fixture(scope="session")
def crawled(browser, base_url):
    """crawled('desktop-dark')['hiv/'] -> what that page showed in that view (every page is visited
    once per test run, at the first test that asks)."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT.relative_to(ROOT)}): run `npm ci` in {ROOT}")
    done: dict[str, dict[str, PageReport]] = {}

    def view(name: str):
        if not done:
            done.update(crawl(browser, base_url, ALL_PAGES))
        return done[name]

    return view


@pytest.fixture
def open_page(browser, base_url):
    """open_page('hiv/', phone=True, color_scheme='dark') -> a loaded tab in a new context (fresh
    storage). The tab's `.watch` records requests to other hosts and console errors."""
    contexts = []

    def open_(url: str | None = "", *, phone: bool = False, color_scheme: str = "light", **options):
        context = browser.new_context(
            viewport=PHONE if phone else DESKTOP,
            color_scheme=color_scheme,
            is_mobile=phone,
            has_touch=phone,
            base_url=base_url,
            **options,
        )
        contexts.append(context)
        page = context.new_page()
        page.watch = Watch(page, base_url)
        page.watch.start(url, [], [])
        page.set_default_timeout(20_000)  # generous: CI machines can be busy
        if url is not None:
            page.goto(base_url + url)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts():
    """Where screenshots go for people to look at (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
