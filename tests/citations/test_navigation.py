"""Pruned navigation (Material's navigation.prune): each page carries only its own section's menu,
so builds grow linearly with pages, yet every section stays one click away on phones and desktops."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from salvage_site.navigation import menu_files, page_url

ROOT = Path(__file__).resolve().parent.parent.parent
NAV = load_config(str(ROOT / "mkdocs.yml"))["nav"]


def first_file(items) -> str:
    value = next(iter(items[0].values())) if isinstance(items[0], dict) else items[0]
    return first_file(value) if isinstance(value, list) else value


SECTIONS = {
    next(iter(i)): next(iter(i.values()))
    for i in NAV
    if isinstance(i, dict) and isinstance(next(iter(i.values())), list)
}


def menu_targets(page) -> set[str]:
    links = page.select("nav.md-nav--primary a.md-nav__link[href]")
    return {link["href"] for link in links}


def test_every_section_is_reachable_from_every_page(html_pages):
    home = html_pages["index.html"]
    targets = menu_targets(home)
    for name, items in SECTIONS.items():
        first = page_url(first_file(items))
        assert any(t.rstrip("/").endswith(first.rstrip("/")) for t in targets if first), (
            f"the menu on the home page has no link to the section '{name}'"
        )


def test_closed_sections_are_not_written_into_each_page(html_pages):
    if len(SECTIONS) < 2:
        return
    home_links = " ".join(sorted(menu_targets(html_pages["index.html"])))
    for name, items in SECTIONS.items():
        inner = [page_url(f) for f in menu_files(items)[1:]]
        leaked = [u for u in inner if u and u.rstrip("/") + "/" in home_links]
        assert not leaked, f"closed section '{name}' still lists its pages on the home page: {leaked}"
