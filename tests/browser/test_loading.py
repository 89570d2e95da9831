"""While a page loads, no script of Material's runs: on a slow phone that would be time in which the
page cannot answer a tap. Material's script (search, previews, the following table of contents) starts
at the reader's first touch, mouse movement, scroll or key press, and then works at once."""

from __future__ import annotations

import pytest

from support.browser import MATERIAL_STARTED

PAGE = "prostate/"
MATERIAL_FILES = ("/assets/javascripts/bundle.", "/search/search_index.json")


def material_requests(page) -> list[str]:
    return [url for url in page.requested if any(part in url for part in MATERIAL_FILES)]


def opened(open_page, **options):
    page = open_page(None, **options)
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.goto(PAGE)
    page.wait_for_load_state("networkidle")
    return page


FIRST_INTERACTIONS = {
    "mouse movement": (False, lambda page: page.mouse.move(400, 300)),
    "tap": (True, lambda page: page.touchscreen.tap(180, 300)),
    "key press": (False, lambda page: page.keyboard.press("Tab")),
    "scroll wheel": (False, lambda page: page.mouse.wheel(0, 300)),
}


@pytest.mark.parametrize("interaction", FIRST_INTERACTIONS)
def test_materials_script_waits_for_the_readers_first_interaction(open_page, interaction):
    phone, interact = FIRST_INTERACTIONS[interaction]
    page = opened(open_page, phone=phone)
    page.wait_for_timeout(500)
    assert material_requests(page) == [], (
        "Material's script or the search index loaded without any interaction")
    assert not page.evaluate(MATERIAL_STARTED)
    search = "label.md-header__button[for='__search']" if phone else "input.md-search__input"
    assert page.locator(search).is_visible(), "the search button is hidden until the reader interacts"

    interact(page)
    page.wait_for_function(MATERIAL_STARTED, timeout=5_000)
    page.wait_for_load_state("networkidle")
    assert len(material_requests(page)) == 2, material_requests(page)
    assert page.watch.console_errors == []


def test_a_reader_arriving_from_a_search_result_sees_the_words_highlighted(open_page):
    # Material's search highlighting marks the searched words when the page opens, untouched.
    page = open_page(f"{PAGE}?h=salvage")
    mark = page.locator("article mark").first
    mark.wait_for(timeout=5_000)
    assert mark.inner_text().lower() == "salvage"


def test_a_first_key_press_that_is_a_search_shortcut_opens_search(open_page):
    # Material's shortcut "/" goes to the search box; as the first key press it starts the script too.
    page = opened(open_page)
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')",
                           timeout=5_000)
    page.keyboard.type("lenacapavir", delay=30)
    page.locator(".md-search-result__list > li.md-search-result__item").first.wait_for()
