"""Shared fixtures: the site is built once per test run, into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from local_site.site_build import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent


# Folders whose tests drive Chromium or nginx: the fast lane (scripts/test --fast) leaves them out.
LANES = {"browser": "browser", "deploy": "deploy"}
# Tests that build other copies of the site or other tools' sites (tens of seconds each).
SLOW_FILES = {"test_properdocs.py", "test_serve.py", "test_preview.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = item.path.relative_to(ROOT / "tests").parts
        if parts[0] in LANES:
            item.add_marker(LANES[parts[0]])
        if item.path.name in SLOW_FILES:
            item.add_marker("slow")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    assert result.returncode == 0, f"the site does not build:\n{result.stdout}\n{result.stderr}"
    return site_dir


@pytest.fixture(scope="session")
def html_pages(site) -> dict[str, BeautifulSoup]:
    """Every built HTML page, by its path in the site ('prostate/index.html')."""
    return {
        page.relative_to(site).as_posix(): BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for page in sorted(site.rglob("*.html"))
    }


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole run: Playwright's synchronous API allows only one
    running instance at a time, so the browser and deploy tests share this one."""
    from local_site.browser import CHROMIUM_ARGS, MISSING_CHROMIUM, chromium_path

    executable = chromium_path()
    if not executable:
        pytest.fail(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Each launch gets a fresh, throwaway profile (user-data dir): no history, storage or cache.
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        yield browser
        browser.close()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A throwaway copy of the project, for builds with deliberately broken input."""
    return copy_project(tmp_path / "project")
