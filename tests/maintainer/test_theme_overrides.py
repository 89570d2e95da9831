"""Material's menu template, as the site uses it: its own file with one block moved, so that a page's
build does not grow with the number of sections. If a Material upgrade changes the file, this test
says what to do instead of letting the two drift apart; the built menu keeps its section pages. The
light/dark buttons' hints are their icons' own, and no header element has a title attribute, so
Material sets up no tooltips in the header."""

from __future__ import annotations

from pathlib import Path

import material
from bs4 import BeautifulSoup
from html_parts import present

from .maintainer_helpers import ROOT

MATERIAL_NAV_ITEM = Path(material.__file__).parent / "templates" / "partials" / "nav-item.html"
OUR_NAV_ITEM = ROOT / "scripts" / "theme" / "partials" / "nav-item.html"
LOOKUP_START = "{% set _ = namespace(index = none) %}"
LOOKUP_END = "{% set index = _.index %}"
UPGRADE = (
    "Material's partials/nav-item.html changed: copy it again to scripts/theme/partials/nav-item.html, "
    "keep that file's opening comment and move the navigation.indexes lookup (from "
    f"'{LOOKUP_START}' to '{LOOKUP_END}') into the branch under '{{% if not is_pruned %}}'"
)


def test_the_menu_template_is_materials_own_with_the_index_lookup_moved():
    theirs = MATERIAL_NAV_ITEM.read_text(encoding="utf-8").splitlines()
    ours = OUR_NAV_ITEM.read_text(encoding="utf-8").splitlines()
    body = ours[ours.index("-#}") + 1 :]
    start = [line.strip() for line in body].index(LOOKUP_START)
    end = [line.strip() for line in body].index(LOOKUP_END) + 1
    assert body[start - 1].strip() == "{% if not is_pruned %}", "the lookup is no longer where it is used"
    lookup = [line[2:] for line in body[start:end]]  # one level less indented where Material has it
    rest = body[:start] + body[end:]
    opening = rest.index("  {% if nav_item.children %}") + 1
    assert theirs[3:] == rest[:opening] + lookup + rest[opening:], UPGRADE


def test_a_sections_overview_page_is_still_its_menu_title(site: Path):
    page = BeautifulSoup((site / "prostate" / "imaging" / "index.html").read_text(encoding="utf-8"), "html.parser")
    open_section = page.select_one(".md-sidebar--primary .md-nav__item--active.md-nav__item--nested")
    assert open_section is not None
    title = open_section.select_one(":scope > .md-nav__container > a.md-nav__link")
    assert title is not None and title["href"] == "../" and "Prostate cancer" in title.get_text()
    # The other sections are one link each (pruned), to their overview page.
    pruned = page.select(".md-sidebar--primary .md-nav__item--pruned > a.md-nav__link")
    assert {link["href"] for link in pruned} >= {"../../hiv/", "../../infections/"}


def test_the_light_dark_buttons_hint_from_their_icon_not_a_title_attribute(site: Path):
    # Material mounts a tooltip for every header element with a title attribute as it starts, each
    # laying out the whole page twice; the buttons keep their hover hint as the icon's own <title>.
    header = present(
        BeautifulSoup((site / "references" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(
            "header"
        ),
        "header",
    )
    buttons = header.select("form[data-palette-toggle] label.md-header__button")
    assert len(buttons) == 3 and not any(button.has_attr("title") for button in buttons)
    hints = [present(button.select_one("svg > title"), "button icon title").get_text() for button in buttons]
    assert hints == ["Switch to light mode", "Switch to dark mode", "Switch to system preference"]


def test_no_header_element_has_a_title_for_material_to_make_a_tooltip_of(site: Path):
    # Each such tooltip lays out the whole page twice as Material starts; on the References page that
    # was most of its start-up time. Every control keeps its name for screen readers.
    for path in ("references/index.html", "index.html", "404.html"):
        header = present(
            BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser").select_one("header"),
            f"{path}: header",
        )
        titled = [tag.name for tag in header.select("[title]")]
        assert not titled, f"{path}: header elements with a title attribute: {titled}"
        for control in header.select("a[href], button"):
            assert control.get("aria-label") or control.get_text(strip=True), control
