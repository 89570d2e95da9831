"""Search, as a reader uses it: type into the search box on the home page, see the right page among
the first results, follow it to the matching section — with no request to any other host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

# (what a reader types, the page that must come up). Terms that are in the pages today: a drug
# name, a trial name and a plain word.
SEARCHES = [
    ("lenacapavir", "hiv/newer-medicines/"),
    ("fostemsavir", "hiv/newer-medicines/"),
    ("RADICALS-RT", "prostate/salvage-radiotherapy/"),
    ("incontinence", "prostate/side-effects/"),
]
FIRST_RESULTS = 5

# The text of the section an address's #fragment points at: its heading and everything up to the
# next heading of the same or a higher level.
SECTION_TEXT = """() => {
  const start = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!start) return null;
  const level = /^H[1-6]$/.test(start.tagName) ? +start.tagName[1] : 7;
  let text = start.textContent;
  for (let e = start.nextElementSibling; e; e = e.nextElementSibling) {
    if (/^H[1-6]$/.test(e.tagName) && +e.tagName[1] <= level) break;
    text += ' ' + e.textContent;
  }
  const r = start.getBoundingClientRect();
  return {text, top: r.top, bottom: r.bottom, height: window.innerHeight};
}"""


def search(page, query: str):
    """Types the query the way a reader does and returns the result list."""
    search_button = page.locator("label.md-header__button[for='__search']")
    if search_button.is_visible():  # on a phone the box opens from the search button
        search_button.click()
    else:
        page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(query, delay=30)
    results = page.locator(".md-search-result__list > li.md-search-result__item")
    results.first.wait_for(state="visible")
    # Results follow each key press; wait until those of the whole query are shown and settled.
    page.wait_for_function(
        """q => document.querySelector('input.md-search__input').value === q &&
        /matching document/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        arg=query,
    )
    page.wait_for_timeout(300)
    results.first.wait_for(state="visible")
    return results


def path_of(href: str) -> str:
    return urlsplit(href).path.lstrip("/")


@pytest.mark.parametrize("query, expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_page_and_lands_on_the_matching_section(open_page, query, expected):
    page = open_page("")
    results = search(page, query)
    pages_found = [
        path_of(results.nth(i).locator("a").first.get_attribute("href"))
        for i in range(min(results.count(), FIRST_RESULTS))
    ]
    assert expected in pages_found, (
        f"searching {query!r}: /{expected} is not among the first {FIRST_RESULTS} results {pages_found}"
    )

    result = results.nth(pages_found.index(expected))
    links = result.locator("a.md-search-result__link:visible")
    sections = [links.nth(i) for i in range(links.count()) if "#" in links.nth(i).get_attribute("href")]
    (sections[0] if sections else links.first).click()
    page.wait_for_url(lambda url: path_of(url) == expected)
    page.wait_for_load_state("load")

    if sections:
        section = page.evaluate(SECTION_TEXT)
        assert section, f"{page.url}: the result points at a section that does not exist"
        assert query.lower() in section["text"].lower(), (
            f"searching {query!r} led to a section that does not mention it: {page.url}"
        )
        page.wait_for_function(
            "() => { const e = document.getElementById("
            "decodeURIComponent(location.hash.slice(1)));"
            " const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; }"
        )
    else:
        assert query.lower() in page.locator("article").inner_text().lower()
    assert page.watch.other_hosts == [], f"search contacted other hosts: {page.watch.other_hosts}"
    assert page.watch.console_errors == [], page.watch.console_errors


def test_search_says_when_nothing_matches(open_page):
    page = open_page("")
    page.locator("input.md-search__input").click()
    page.keyboard.type("qqxqzzv", delay=30)
    page.locator(".md-search-result__meta", has_text="No matching documents").wait_for()
    assert page.locator(".md-search-result__list > li").count() == 0


def test_search_works_on_a_phone(open_page):
    page = open_page("", phone=True)
    results = search(page, "lenacapavir")
    box = results.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 0.5, "results stick out of the screen"
    results.first.locator("a").first.click()
    page.wait_for_url(lambda url: path_of(url) == "hiv/newer-medicines/")
    assert page.watch.other_hosts == []
