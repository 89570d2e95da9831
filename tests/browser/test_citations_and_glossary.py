"""Citations and glossary terms as a reader meets them: hovering or tabbing to a citation number shows
the formatted reference; clicking it goes to the reference, whose back-link returns to the sentence;
this still works after moving between pages; hovering or tabbing to an acronym shows its definition."""

from __future__ import annotations

import re

from mkdocs.utils.yaml import yaml_load

from .site_pages import ROOT

CITED_PAGE = "hiv/newer-medicines/"
OTHER_PAGE = "hiv/"
GLOSSARY = {
    m["term"]: m["definition"].strip()
    for m in re.finditer(
        r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$",
        (ROOT / "docs/includes/abbreviations.md").read_text(encoding="utf-8"),
        re.M,
    )
}
TOOLTIP = ".md-tooltip2--active"
IN_VIEW = """e => { const r = e.getBoundingClientRect();
                    return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }"""


def reference_text(page, href: str) -> str:
    """The reference a citation link points to, as the reference list shows it."""
    item = page.locator(f"li[id='{href.lstrip('#')}']")
    return " ".join(item.inner_text().replace("\u21a9", " ").split())


def shown_tooltip(page) -> str:
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible")
    return " ".join(tooltip.inner_text().split())


def keyboard_focus(page, locator):
    """Reach an element with the Tab key (from the focusable element just before it)."""
    locator.evaluate("e => e.focus()")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert locator.evaluate("e => e === document.activeElement"), "Tab does not reach the element"


def test_hovering_a_citation_shows_the_formatted_reference(open_page):
    page = open_page(CITED_PAGE)
    citation = page.locator("article a.footnote-ref").first
    citation.hover()
    expected = reference_text(page, citation.get_attribute("href"))
    assert shown_tooltip(page)[:80] == expected[:80]


def test_focusing_a_citation_with_the_keyboard_shows_the_reference(open_page):
    page = open_page(CITED_PAGE)
    citation = page.locator("article a.footnote-ref").nth(2)
    keyboard_focus(page, citation)
    expected = reference_text(page, citation.get_attribute("href"))
    assert shown_tooltip(page)[:80] == expected[:80]


def test_citation_goes_to_the_reference_and_its_back_link_returns_to_the_sentence(open_page):
    page = open_page(CITED_PAGE)
    # A later citation of a reference cited more than once: the way back must lead to this sentence,
    # not to the first place the reference was cited.
    citation = page.locator("article sup[id^='fnref2:'] a.footnote-ref").first
    sup_id = citation.evaluate("e => e.parentElement.id")
    href = citation.get_attribute("href")
    citation.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    reference = page.locator(f"li[id='{href.lstrip('#')}']")
    assert reference.evaluate(IN_VIEW), "the reference is not on screen after clicking its number"

    back = reference.locator(f"a.footnote-backref[href='#{sup_id}']")
    back.click()
    page.wait_for_function("h => decodeURIComponent(location.hash) === h", arg=f"#{sup_id}")
    sentence = page.locator(f"sup[id='{sup_id}']")
    assert sentence.evaluate(IN_VIEW), "the back-link does not return to the citing sentence"


def test_all_pages_citing_a_reference_opens_its_entry_on_the_references_page(open_page):
    # The last reference on the page: its entry is far down the References page.
    page = open_page(CITED_PAGE, phone=True)
    link = page.locator("article div.footnote li").last.get_by_role("link", name="All pages citing this")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_function("h => location.hash === h", arg=f"#{target}")
    entry = page.locator(f"p.reference[id='{target}']")
    page.wait_for_timeout(300)  # entries above it may be laid out as the page settles
    assert entry.evaluate(IN_VIEW), "the entry is not on screen after following the link"
    assert "Cited on:" in entry.inner_text() and entry.get_by_role("link").count() >= 2


def test_citations_work_after_moving_between_pages(open_page):
    instant = "navigation.instant" in yaml_load((ROOT / "mkdocs.yml").read_text())["theme"]["features"]
    page = open_page(OTHER_PAGE)
    # Follow the page's own link, as a reader would (an instant page move if that is turned on).
    page.locator(f"article a[href$='{CITED_PAGE.split('/')[-2]}/']").first.click()
    page.wait_for_url(f"**/{CITED_PAGE}")
    citation = page.locator("article a.footnote-ref").first
    citation.hover()
    expected = reference_text(page, citation.get_attribute("href"))
    assert shown_tooltip(page)[:80] == expected[:80], f"instant navigation: {instant}"
    citation.click()
    page.wait_for_function("h => location.hash === h", arg=citation.get_attribute("href"))
    assert page.locator(f"li[id='{citation.get_attribute('href').lstrip('#')}']").evaluate(IN_VIEW)


def test_hovering_an_acronym_shows_its_definition(open_page):
    page = open_page(OTHER_PAGE)
    term = page.locator("article abbr").first
    term.hover()
    assert shown_tooltip(page) == GLOSSARY[term.inner_text()]


def test_focusing_an_acronym_with_the_keyboard_shows_its_definition(open_page):
    page = open_page(OTHER_PAGE)
    term = page.locator("article abbr[tabindex='0']").first
    keyboard_focus(page, term)
    assert shown_tooltip(page) == GLOSSARY[term.inner_text()]
