"""A worried reader on a phone (issue 14): the home page's routes by condition come first and lead to
the right pages; the disclaimer is one line, so Key points start on the first screen; citation
numbers are told apart and easy to tap; one arrow leads back from a reference; link colours on hover
and focus pass WCAG AA in both palettes."""

from __future__ import annotations

import re

import pytest

from .site_pages import AXE_SCRIPT, PAGES, PHONE

# (what the card says, the page it leads to)
ROUTES = [
    ("My PSA is rising after treatment", "prostate/recurrence-and-psa/"),
    ("My HIV medicines have stopped working", "hiv/"),
    ("Prostate cancer", "prostate/"),
    ("Other cancers", "other-cancers/"),
    ("An infection that will not clear", "infections/"),
]
# Long pages with long titles, where Key points were furthest down.
LONG_PAGES = [
    "prostate/recurrence-and-psa/",
    "prostate/no-local-treatment/",
    "other-cancers/stomach/",
    "hiv/newer-medicines/",
]
CITED_PAGE = "hiv/newer-medicines/"
FIRST_POINT_ENDS_BY = PHONE["height"]


def top(locator) -> float:
    position: float = locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    return position


def test_home_page_routes_come_first_on_a_phone_and_lead_to_their_pages(open_page, artifacts):
    page = open_page("", phone=True)
    page.screenshot(path=str(artifacts / "home-phone.png"))
    cards = page.locator("article .route-cards > ul > li")
    assert cards.count() == 5  # with the route for partners, carers and family
    assert "My cancer came back" in cards.nth(2).inner_text()
    disclaimer = top(page.locator("article .page-disclaimer"))
    for text, _ in ROUTES:
        link = page.locator("article .route-cards a", has_text=text)
        box = link.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], f"{text!r} is below the first phone screen"
        assert top(link) < disclaimer, f"{text!r} comes after the disclaimer"
        assert box["height"] >= 23.9, f"{text!r} is hard to tap ({box['height']} px tall)"
    for text, target in ROUTES:
        page.goto(page.watch.base_url)
        page.locator("article .route-cards a", has_text=text).click()
        page.wait_for_url(page.watch.base_url + target)
        assert page.locator("article h1").count() == 1


@pytest.mark.parametrize("url", LONG_PAGES)
def test_key_points_start_on_the_first_phone_screen(open_page, artifacts, url):
    page = open_page(url, phone=True)
    if url == LONG_PAGES[0]:
        page.screenshot(path=str(artifacts / "topic-phone.png"))
    key_points = page.locator("article .admonition.abstract").first
    assert key_points.locator(".admonition-title").inner_text().strip() == "Key points"
    size = key_points.locator("li").first.evaluate("e => getComputedStyle(e).fontSize")
    text = page.locator("article > p:not([class])").first.evaluate("e => getComputedStyle(e).fontSize")
    assert size == text, f"/{url}: Key points are set at {size}, the page's text at {text}"
    box = key_points.bounding_box()
    assert box["y"] < PHONE["height"], f"/{url}: Key points start below the first screen (y={box['y']:.0f})"
    # Not just the box's top: the first key point, whole (at body size, as the rest of the page).
    first = key_points.locator("li").first.bounding_box()
    assert first["y"] + first["height"] <= FIRST_POINT_ENDS_BY, (
        f"/{url}: the first key point ends at y={first['y'] + first['height']:.0f} of 740"
    )
    disclaimer = page.locator("article .page-disclaimer")
    assert disclaimer.count() == 1 and disclaimer.bounding_box()["height"] < 90, "the disclaimer is long"
    full = disclaimer.locator("a", has_text="Full disclaimer")
    full.click()
    page.wait_for_url("**/about/#medical-disclaimer")
    assert "emergency" in page.locator("#medical-disclaimer ~ p").first.inner_text() + " ".join(
        page.locator("#medical-disclaimer ~ p").all_inner_texts()[:4]
    )


def test_adjacent_citation_numbers_are_separated_and_easy_to_tap(open_page):
    page = open_page(CITED_PAGE, bypass_csp=True)  # the test adds a style of its own
    pairs = page.evaluate("""() => [...document.querySelectorAll('article sup[id^="fnref"]')]
        .filter(s => s.nextSibling && s.nextSibling.nodeType === 1 && s.nextSibling.matches('sup')
                && !s.matches('.citation-separator'))
        .map(s => s.textContent + s.nextSibling.textContent + (s.nextSibling.nextSibling || {}).textContent)""")
    assert pairs, "the page has no neighbouring citations to test"
    assert all("," in pair for pair in pairs), f"neighbouring numbers run together: {pairs[:5]}"
    citation = page.locator("article p a.footnote-ref").first
    citation.scroll_into_view_if_needed()
    line_height = citation.evaluate("a => a.closest('p').getBoundingClientRect().height")
    box = citation.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for dx, dy in ((0, -10), (0, 10), (-10, 0), (10, 0), (-9, -9), (9, 9)):
        hit = page.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y);"
            " return e && e.closest('a.footnote-ref') ? e.closest('a').href : null }",
            [centre[0] + dx, centre[1] + dy],
        )
        assert hit == citation.evaluate("a => a.href"), f"a tap {dx},{dy} px from the number misses it"
    # WCAG 2.5.8: a 24 px circle around each number touches no neighbour's, so tap areas never overlap.
    gaps = page.evaluate("""() => { const boxes = [...document.querySelectorAll('article a.footnote-ref')]
        .map(a => a.getBoundingClientRect()); const gaps = [];
        boxes.forEach((b, i) => { const a = boxes[i - 1];
          if (a && Math.abs(a.top - b.top) < 2) gaps.push((b.left + b.right - a.left - a.right) / 2); });
        return gaps; }""")
    assert gaps and min(gaps) >= 24, f"neighbouring numbers' centres only {min(gaps):.1f} px apart"
    page.add_style_tag(content=".md-typeset a.footnote-ref::after { display: none }")
    assert citation.evaluate("a => a.closest('p').getBoundingClientRect().height") == line_height, (
        "the tap area changes the height of the lines"
    )


def test_a_reference_cited_many_times_shows_one_arrow_back(open_page):
    page = open_page(CITED_PAGE)
    arrows = page.eval_on_selector_all(
        "article .footnote li", "items => items.map(li => (li.innerText.match(/\u21a9/g) || []).length)"
    )
    assert arrows and max(arrows) == 1, f"arrows under each reference: {arrows}"
    many = page.locator("article .footnote li .footnote-backrefs").first
    letters = many.locator("a.footnote-backref")
    assert letters.count() > 1 and letters.first.inner_text() == "a"
    assert all(letters.nth(i).get_attribute("aria-label") for i in range(letters.count()))


def contrast(page, locator) -> float:
    """Contrast ratio of the element's text colour against the page background behind it."""
    ratio: float = locator.evaluate("""e => {
      const rgb = c => c.match(/[\\d.]+/g).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      let bg = null;
      for (let n = e; n && !bg; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (!/rgba\\(.*, 0\\)$|transparent/.test(c)) bg = c;
      }
      bg = bg || getComputedStyle(document.body).backgroundColor;
      const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(rgb(bg))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""")
    return ratio


AXE_CONTRAST = """selector => axe.run(document.querySelector(selector).closest('nav, article'),
  {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']})
  .then(r => r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_menu_and_content_links_keep_their_contrast_on_hover_and_focus(open_page, scheme):
    page = open_page(CITED_PAGE, color_scheme=scheme, bypass_csp=True)  # the test adds axe-core
    page.add_script_tag(path=str(AXE_SCRIPT))
    for selector in (
        ".md-sidebar--primary .md-nav__link[href]:not(.md-nav__link--active)",
        ".md-sidebar--secondary .md-nav__link[href]",
        "article p:not(.print-summary-only) a",
    ):
        link = page.locator(selector).first
        link.hover()
        page.wait_for_timeout(300)  # Material's colour transition
        hovered = contrast(page, link)
        assert hovered >= 4.5, f"{scheme}: {selector} on hover has contrast {hovered:.2f}:1"
        link.evaluate("e => e.setAttribute('data-test-hovered', '')")
        assert page.evaluate(AXE_CONTRAST, "[data-test-hovered]") == [], f"{scheme}: axe, hover on {selector}"
        link.evaluate("e => e.removeAttribute('data-test-hovered')")
        page.mouse.move(0, 0)
        link.focus()
        page.wait_for_timeout(300)
        focused = contrast(page, link)
        assert focused >= 4.5, f"{scheme}: {selector} with focus has contrast {focused:.2f}:1"
        link.evaluate("e => e.setAttribute('data-test-focused', '')")
        assert page.evaluate(AXE_CONTRAST, "[data-test-focused]") == [], f"{scheme}: axe, focus on {selector}"
        link.evaluate("e => e.removeAttribute('data-test-focused')")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


SUMMARY_PAGES = [url for url in PAGES if url.startswith(("prostate/", "hiv/", "other-cancers/", "infections/"))]


def test_the_one_page_summary_opens_from_a_link_with_no_script(open_page):
    page = open_page(CITED_PAGE, java_script_enabled=False)
    page.locator("article .print-summary-link a").click()
    page.wait_for_url("**#print-summary")
    shown = page.evaluate("""() => [...document.querySelector('article').children]
        .filter(e => getComputedStyle(e).display !== 'none').map(e => `${e.tagName}#${e.id}.${e.className}`)""")
    assert not [
        e
        for e in shown
        if e.startswith(("DIV", "P", "H2"))
        and not re.search(r"questions|admonition abstract|page-review|print-summary-only", e)
    ], shown
    visible = page.locator("article").inner_text()
    assert "Key points" in visible and "Questions to ask your care team" in visible
    assert "From the Salvage Therapy Guide: hiv/newer-medicines/" in visible
    assert "Why do new kinds of medicine matter?" not in visible and "References" not in visible
    page.locator("article .print-summary-note a", has_text="Show the whole page").click()
    assert page.locator("article h2", has_text="Why do new kinds of medicine matter?").is_visible()


@pytest.mark.parametrize("url", SUMMARY_PAGES)
def test_the_summary_prints_on_one_a4_page(open_page, artifacts, url):
    page = open_page(url + "#print-summary")
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        if url == "prostate/recurrence-and-psa/":
            (artifacts / f"recurrence-and-psa-summary-{paper}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1, f"/{url}: the one-page summary prints on {pdf_pages(pdf)} {paper} pages"
    text = page.locator("article").inner_text()
    assert "Key points" in text and "Last reviewed" in text and "From the Salvage Therapy Guide" in text


def test_a_tap_on_a_citation_on_a_phone_shows_the_reference_in_place(open_page, artifacts):
    page = open_page(CITED_PAGE, phone=True)
    citation = page.locator("article a.footnote-ref").nth(3)
    citation.scroll_into_view_if_needed()
    before = page.evaluate("() => scrollY")
    citation.tap()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    # The preview fades in: the screenshot is for people to look at, so take it once it is opaque.
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-tooltip2--active')).opacity === '1'")
    page.screenshot(path=str(artifacts / "citation-tapped-phone.png"))
    key = citation.get_attribute("href").removeprefix("#fn:")
    entry = " ".join(page.locator(f"li[id='fn:{key}']").inner_text().split())
    assert " ".join(tooltip.inner_text().split())[:60] == entry[:60]
    # The preview first says, in plain words, what kind of source this is and its year.
    assert re.match(
        r"(Clinical guideline|Randomized trial|Systematic review|Review article|[A-Z][a-z' -]+)"
        r", (19|20)\d\d\. ",
        " ".join(tooltip.inner_text().split()),
    ), tooltip.inner_text()[:80]
    assert page.evaluate("() => scrollY") == before and page.evaluate("() => location.hash") == "", (
        "the tap jumped away from the sentence"
    )
    citation.tap()  # a second tap goes to the full entry
    page.wait_for_function("h => location.hash === h", arg=f"#fn:{key}")


@pytest.mark.parametrize("width", [1280, 1680])
def test_lines_of_text_are_a_comfortable_length_on_a_wide_screen(open_page, width):
    page = open_page("prostate/hormone-therapy/")
    page.set_viewport_size({"width": width, "height": 900})
    per_line = page.eval_on_selector_all(
        "article > p:not([class]), article > ul > li",
        """items => items
        .map(e => [e.textContent.length, e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)])
        .filter(([, lines]) => lines >= 3).map(([chars, lines]) => chars / Math.round(lines))""",
    )
    per_line.sort()
    median = per_line[len(per_line) // 2]
    assert 55 <= median <= 80, f"{median:.0f} characters a line at {width} px (a leaflet has 60-75)"
