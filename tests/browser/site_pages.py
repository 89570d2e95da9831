"""The pages a reader can reach, as addresses on the test server, read from mkdocs.yml's menu (so the
tests can be listed before the site is built), and the JavaScript the tests run inside pages."""

from __future__ import annotations

from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from salvage_site.navigation import menu_files, page_url

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
# An address that no page has: the host must answer with the site's own 404 page.
UNKNOWN_URL = "prostate/no-such-page/"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def menu_urls() -> list[str]:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
        nav = yaml_load(config)["nav"]
    return [page_url(f) for f in menu_files(nav) if f.endswith(".md")]


PAGES = menu_urls()
# Every page a reader can land on: the menu's pages and the "not found" page.
ALL_PAGES = PAGES + [UNKNOWN_URL]


def label(url: str) -> str:
    """A readable test id: '' -> 'home'."""
    return url.rstrip("/") or "home"
