"""While a page loads, no script of Material's runs: the page is drawn and usable first. Material's
script (search, previews, the following table of contents) starts once the page has loaded and the
browser is idle, or at the reader's first touch, mouse movement, scroll or key press if that comes
first, and then works at once."""

from __future__ import annotations

from local_site.browser import MATERIAL_STARTED

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


def test_materials_script_starts_after_the_page_has_loaded_without_waiting_for_a_touch(open_page):
    page = opened(open_page, phone=True)
    search = "label.md-header__button[for='__search']"
    assert page.locator(search).is_visible(), "the search button is hidden until Material starts"
    page.wait_for_function(MATERIAL_STARTED, timeout=10_000)  # no interaction at all
    page.wait_for_load_state("networkidle")
    assert len(material_requests(page)) == 2, material_requests(page)
    assert page.watch.console_errors == []


def test_materials_script_never_runs_while_the_page_loads(open_page):
    page = open_page(None, phone=True)
    page.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
      window.__startedBeforeLoad = document.documentElement.hasAttribute('data-material') })""")
    page.goto(PAGE)
    page.wait_for_function(MATERIAL_STARTED, timeout=10_000)
    assert page.evaluate("window.__startedBeforeLoad") is False


def test_a_tap_before_the_browser_is_idle_starts_materials_script_at_once(open_page):
    page = open_page(None, phone=True)
    # A browser that is never idle (a slow phone still busy): only the reader's tap can start it.
    page.add_init_script("window.requestIdleCallback = () => 0")
    page.goto(PAGE)
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.hasAttribute('data-material')") is False, (
        "Material started without a tap: the test cannot tell whether the tap started it"
    )
    page.touchscreen.tap(180, 300)
    page.wait_for_function(MATERIAL_STARTED, timeout=5_000)
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
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')", timeout=5_000)
    page.keyboard.type("lenacapavir", delay=30)
    page.locator(".md-search-result__list > li.md-search-result__item").first.wait_for()
