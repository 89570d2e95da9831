"""What worried readers type into the search box, and the page each must find among the first three
results: lay words, UK spellings, brand names, typos and whole questions. Shared by the search test
and `PYTHONPATH=scripts:tests .venv/bin/python -m browser.reader_queries SITE_DIR`, which prints each
query's rank."""

from __future__ import annotations

TOP = 3

# (what a reader types, the page that must be among the first TOP results). Where more than one page
# answers the reader, they are separated by "|"; "prostate/*" is any page of that section.
READER_QUERIES = [
    # Lay words for medical terms
    ("impotence", "prostate/side-effects/"),
    ("impotence after radiotherapy", "prostate/side-effects/"),
    ("leaking urine", "prostate/side-effects/"),
    ("my cancer came back", "other-cancers/|prostate/"),
    ("prostate cancer came back", "prostate/"),
    ("staph infection in the blood", "infections/mrsa/"),
    ("hormone shots", "prostate/hormone-therapy/"),
    ("my psa is going up", "prostate/recurrence-and-psa/"),
    ("hiv medicines stopped working", "hiv/"),
    ("blood infection that will not clear", "infections/mrsa/"),
    ("stomach ulcer infection not cleared", "infections/h-pylori/"),
    # UK spellings
    ("tumour tests bowel cancer", "other-cancers/colorectal/"),
    ("oesophagus cancer", "other-cancers/stomach/"),
    ("leukaemia came back", "other-cancers/aml/"),
    ("haematology", "other-cancers/aml/"),
    ("bacteraemia", "infections/mrsa/"),
    ("leuprorelin", "prostate/no-local-treatment/"),
    # Brand names, alone and in brackets as a leaflet prints them
    ("Sunlenca", "hiv/newer-medicines/"),
    ("Trogarzo", "hiv/newer-medicines/"),
    ("Rukobia", "hiv/newer-medicines/"),
    ("Cabenuva", "hiv/newer-medicines/"),
    ("Ibalizumab (Trogarzo)", "hiv/newer-medicines/"),
    ("Xtandi", "prostate/no-local-treatment/"),
    ("Adcetris", "other-cancers/hodgkin/"),
    ("Vfend", "infections/aspergillosis/"),
    # One-letter typos in longer words
    ("prostrate", "prostate/*"),
    ("lenacapvir", "hiv/newer-medicines/"),
    ("aspergilosis", "infections/aspergillosis/"),
    ("radiotheraphy after prostatectomy", "prostate/salvage-radiotherapy/"),
]


def rank(page, query: str, expected: str) -> int | None:
    """The 1-based rank of `expected` among the result pages for `query` (None: not found)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.fill(query)
    box.press("End")  # Material reads the box on key-up
    page.wait_for_function(
        """q => { const meta = document.querySelector('.md-search-result__meta');
                  return document.querySelector('input.md-search__input').value === q && meta &&
                         !/Type to start searching|Initializing/i.test(meta.textContent); }""",
        arg=query)
    page.wait_for_timeout(150)  # the result list follows its count
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item > a",
        "links => links.map(a => new URL(a.href).pathname)")
    base = page.evaluate("() => new URL('.', document.baseURI).pathname")
    pages = []
    for href in hrefs:
        path = href[len(base):] if href.startswith(base) else href.lstrip("/")
        if path not in pages:
            pages.append(path)
    found = [rank for rank, path in enumerate(pages, 1) if matches(path, expected)]
    return found[0] if found else None


def matches(path: str, expected: str) -> bool:
    return any(path.startswith(e[:-1]) if e.endswith("*") else path == e for e in expected.split("|"))


def ranks(browser, base_url: str) -> dict[str, int | None]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.documentElement.hasAttribute('data-material')")
    found = {query: rank(page, query, expected) for query, expected in READER_QUERIES}
    context.close()
    return found


if __name__ == "__main__":
    import sys
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from support.browser import CHROMIUM_ARGS, chromium_path
    from support.static_server import SiteServer

    with SiteServer(Path(sys.argv[1])) as server, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        for (query, expected), found in zip(READER_QUERIES, ranks(chromium, server.url).values(),
                                            strict=True):
            print(f"{found or '-'!s:>3}  {query!r} -> /{expected}")
        chromium.close()
