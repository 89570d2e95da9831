"""Light and dark palettes, the phone menu, the skip link, printing, and the "not found" page — each
as a reader would use it — plus screenshots for people to look at (test-artifacts/browser/)."""

from __future__ import annotations

from local_site.browser import MATERIAL_STARTED

from .site_pages import PHONE, UNKNOWN_URL

PAGE = "hiv/newer-medicines/"
ANOTHER_PAGE = "glossary/"
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
# A table wider than any phone, written as Python-Markdown writes tables.
WIDE_TABLE = (
    "<table><thead><tr>"
    + "".join(f"<th>Column heading {i}</th>" for i in range(12))
    + "</tr></thead><tbody><tr>"
    + "".join(f"<td>cell{i}-long-unbroken-value</td>" for i in range(12))
    + "</tr></tbody></table>"
)


def toggle_palette(page):
    page.locator("form[data-palette-toggle] label:not([hidden])").click()


def test_first_visit_follows_the_system_setting(open_page):
    for system, scheme in (("light", "default"), ("dark", "slate")):
        page = open_page(PAGE, color_scheme=system)
        assert page.evaluate(SCHEME) == scheme, f"system {system}: the first visit shows {scheme!r}"


def test_the_palette_follows_the_system_before_the_main_script_has_loaded(open_page):
    # Material's script arrives only after the reader's first touch, and late on a slow phone; the
    # page must not be drawn light meanwhile, and its toggle must work without it.
    page = open_page(None, color_scheme="dark")
    blocked = []

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    page.route("**/assets/javascripts/bundle.*.js", block)
    page.goto(PAGE)
    assert page.evaluate(SCHEME) == "slate"
    assert page.locator("form[data-palette-toggle] label:not([hidden])").count() == 1, (
        "the palette toggle is missing until the main script loads"
    )
    toggle_palette(page)  # "follow the system" (dark here) -> light
    assert page.evaluate(SCHEME) == "default", "the toggle does nothing until the main script loads"
    # The click asked for Material's script (had the browser not already): it was refused, never ran.
    page.wait_for_function("() => document.querySelector('head script[src*=\"/assets/javascripts/bundle.\"]')")
    for _ in range(50):  # the refusal is reported to Python a moment later
        if blocked:
            break
        page.wait_for_timeout(100)
    assert blocked, "Material's script was not blocked: the test did not run without it"
    assert page.evaluate(MATERIAL_STARTED) is False


def test_the_page_is_first_drawn_in_the_sites_own_colours(open_page):
    # Before any script runs (a slow phone, or scripts off), the header already has the colour the
    # palette script will give it: no flash of another colour on a first visit.
    header = "() => getComputedStyle(document.querySelector('.md-header')).backgroundColor"
    scripted = open_page(PAGE, color_scheme="light").evaluate(header)
    unscripted = open_page(PAGE, color_scheme="light", java_script_enabled=False).evaluate(header)
    assert unscripted == scripted


def test_palette_toggle_switches_and_the_choice_stays_across_pages(open_page):
    page = open_page(PAGE, color_scheme="light")
    assert page.evaluate(SCHEME) == "default"
    light_background = page.evaluate(BACKGROUND)
    seen = []
    for _ in range(3):  # system -> light -> dark -> system: stop at dark
        toggle_palette(page)
        seen.append(page.evaluate(SCHEME))
        if seen[-1] == "slate":
            break
    assert seen[-1] == "slate", f"the toggle never switches to the dark palette: {seen}"
    assert page.evaluate(BACKGROUND) != light_background, "the dark palette does not look different"
    # The browser's own parts (the page's scroll bar) turn dark too, and a phone's address bar takes
    # the header's colour, in either palette.
    assert page.evaluate("() => document.querySelector('meta[name=color-scheme]').content") == "dark"
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    page.wait_for_function("colour => document.querySelector('meta[name=theme-color]').content === colour", arg=header)

    page.locator(f".md-nav a[href$='{ANOTHER_PAGE}']").first.click()
    page.wait_for_url(f"**/{ANOTHER_PAGE}")
    assert page.evaluate(SCHEME) == "slate", "the chosen palette is lost on the next page"
    page.reload()
    assert page.evaluate(SCHEME) == "slate", "the chosen palette is lost on reload"


def test_chosen_light_palette_wins_over_a_dark_system_setting(open_page):
    page = open_page(PAGE, color_scheme="dark")
    assert page.evaluate(SCHEME) == "slate"
    for _ in range(3):
        toggle_palette(page)
        if page.evaluate(SCHEME) == "default":
            break
    page.goto(page.url.split("#")[0].replace(PAGE, ANOTHER_PAGE))
    assert page.evaluate(SCHEME) == "default"


def test_screenshots_of_phone_and_desktop_in_both_palettes(open_page, artifacts):
    backgrounds = {}
    for scheme in ("light", "dark"):
        for view, phone in (("phone", True), ("desktop", False)):
            page = open_page(PAGE, phone=phone, color_scheme=scheme)
            shot = artifacts / f"{PAGE.strip('/').replace('/', '_')}-{view}-{scheme}.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            backgrounds[scheme] = page.evaluate(BACKGROUND)
    assert backgrounds["light"] != backgrounds["dark"]


def test_phone_menu_opens_and_leads_to_a_page(open_page):
    page = open_page("", phone=True)
    link = page.locator(f".md-nav--primary a.md-nav__link[href$='{ANOTHER_PAGE}']").first
    assert not link.is_visible() or link.bounding_box()["x"] < 0, "the menu is open before a tap"
    page.get_by_role("button", name="Menu").tap()
    page.wait_for_function("""() => { const r = document.querySelector('.md-sidebar--primary')
                                          .getBoundingClientRect(); return r.left >= 0 && r.width > 0; }""")
    link.tap()
    page.wait_for_url(f"**/{ANOTHER_PAGE}")
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_wide_table_scrolls_inside_its_own_box_on_a_phone(open_page, base_url, site_html):
    html = site_html(PAGE).replace("</h1>", "</h1>" + WIDE_TABLE, 1)
    page = open_page(None, phone=True)
    page.route(f"{base_url}{PAGE}", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(base_url + PAGE)
    # Material's script starts by itself once the page has loaded, and wraps the table in a box.
    page.wait_for_function(MATERIAL_STARTED, timeout=10_000)
    table = page.locator("article table").first
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"], (
        "a wide table makes the whole page scroll sideways"
    )
    scroller = table.evaluate_handle("""t => { for (let e = t; e; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth) return e; } return null; }""")
    assert scroller.evaluate("e => e !== null && e.closest('article') !== null"), (
        "the wide table has no scrolling box of its own"
    )
    scroller.evaluate("e => e.scrollLeft = 500")
    assert scroller.evaluate("e => e.scrollLeft") > 0, "the table's box does not scroll"
    assert scroller.evaluate("e => e.getBoundingClientRect().left") >= 0


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(open_page):
    page = open_page(PAGE)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert skip.evaluate("e => e === document.activeElement"), "the first Tab does not reach the skip link"
    # The skip link fades in as it takes the focus: a reader sees it once the fade has finished.
    page.wait_for_timeout(60)
    page.wait_for_function("() => document.activeElement.getAnimations().every(a => a.playState !== 'running')")
    box = skip.bounding_box()
    assert box and box["width"] > 0 and box["y"] >= 0, "the focused skip link is not visible"
    assert skip.evaluate("e => getComputedStyle(e).opacity") != "0"
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(target).evaluate("e => !!e.closest('main')")


def test_printing_hides_navigation_and_keeps_references_with_link_targets(open_page, artifacts):
    page = open_page(PAGE)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer__inner"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    references = page.locator("article div.footnote li")
    assert references.count() > 0 and references.first.is_visible(), "the references are not printed"
    links = page.locator("article div.footnote li a[href^='http']")
    assert links.count() > 0
    for i in range(links.count()):
        link = links.nth(i)
        href = link.get_attribute("href")
        shown = link.inner_text() + link.evaluate("e => getComputedStyle(e, '::after').content")
        assert href in shown, f"a printed reference hides where its link {link.inner_text()!r} goes ({href})"
    page.pdf(path=str(artifacts / f"{PAGE.strip('/').replace('/', '_')}-print.pdf"))


def test_unknown_address_shows_the_sites_own_not_found_page_with_a_way_back_and_search(open_page):
    page = open_page(None)
    page.watch.start(UNKNOWN_URL, [], [])
    response = page.goto(page.watch.base_url + UNKNOWN_URL)
    assert response.status == 404
    assert "not found" in page.locator("article h1").inner_text().lower()
    assert (
        page.locator("link[rel=stylesheet]").count()
        and page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") != "static"
    ), "the not-found page is unstyled"
    assert page.watch.console_errors == [], page.watch.console_errors
    # Search from the not-found page.
    page.locator("input.md-search__input").click()
    page.keyboard.type("lenacapavir", delay=30)
    page.locator(".md-search-result__list > li").first.wait_for()
    page.keyboard.press("Escape")
    # The way back: the site's name/logo leads home.
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_url(page.watch.base_url)
    assert page.locator("article h1").count() == 1
