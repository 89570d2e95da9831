"""What worried readers type into the search box, and the page each must find among the first three
results: lay words, UK spellings, brand names, typos, whole questions and worries, word forms, where
a cancer has spread, one condition's words that another's share, and common medicines the site does
not name. Shared by the search test
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
    # Questions and fears, in readers' words
    ("will I die", "prostate/outcomes/|hiv/|living-with/palliative-care/"),
    ("am I going to die of prostate cancer", "prostate/outcomes/"),
    ("is it serious", "prostate/outcomes/|prostate/recurrence-and-psa/"),
    ("is a rising psa serious", "prostate/recurrence-and-psa/|prostate/outcomes/"),
    ("how long do I have", "prostate/outcomes/|hiv/|living-with/palliative-care/"),
    ("how long will I live with prostate cancer", "prostate/outcomes/"),
    ("what are my chances", "prostate/outcomes/"),
    ("survival rate of salvage radiotherapy", "prostate/outcomes/|prostate/salvage-radiotherapy/|faq/"),
    ("life expectancy with drug resistant hiv", "hiv/"),
    ("can it still be cured", "prostate/outcomes/|prostate/salvage-radiotherapy/|salvage-therapy/"),
    ("does a rising psa mean the cancer has spread", "prostate/recurrence-and-psa/"),
    ("what happens if salvage therapy does not work", "faq/|salvage-therapy/"),
    ("how long does hormone therapy last", "prostate/hormone-therapy/"),
    ("what is salvage therapy", "salvage-therapy/"),
    ("is palliative care only for dying", "living-with/palliative-care/"),
    ("scared cancer will come back", "living-with/after-treatment/|living-with/|prostate/side-effects/"),
    ("worried it will come back", "living-with/after-treatment/|living-with/|prostate/side-effects/"),
    ("afraid the cancer will return", "living-with/after-treatment/|living-with/|prostate/side-effects/"),
    ("will it kill me", "prostate/outcomes/|hiv/|living-with/palliative-care/"),
    ("did my surgeon get it wrong if the cancer came back", "faq/"),
    ("is it my fault", "faq/"),
    ("salvage prostatectomy surgeon", "prostate/after-radiotherapy/"),
    # Body words in lay terms
    ("bleeding from back passage after radiotherapy", "prostate/side-effects/"),
    ("rectal bleeding after radiotherapy", "prostate/side-effects/"),
    ("diarrhoea after radiotherapy", "prostate/side-effects/"),
    ("will hormone treatment weaken my bones", "prostate/side-effects/"),
    ("rectal cancer", "other-cancers/colorectal/"),
    ("h pylori poo test", "infections/h-pylori/"),
    ("which treatment should I choose", "prostate/psa-rising-after-surgery-options/"),
    ("help me decide", "prostate/psa-rising-after-surgery-options/"),
    # Word forms: adjective and noun, UK and US words for one treatment
    ("hormonal therapy", "prostate/hormone-therapy/"),
    ("hormonal treatment with radiation", "prostate/hormone-therapy/"),
    ("radiation after prostate surgery", "prostate/salvage-radiotherapy/"),
    ("radiation therapy after prostatectomy", "prostate/salvage-radiotherapy/"),
    ("metastatic prostate cancer", "prostate/few-spots/|prostate/no-local-treatment/|prostate/imaging/"),
    ("metastasis directed therapy", "prostate/few-spots/"),
    ("resistant hiv", "hiv/|hiv/newer-medicines/"),
    ("recurring prostate cancer", "prostate/|prostate/recurrence-and-psa/"),
    ("tumour blood vessels", "other-cancers/colorectal/|other-cancers/stomach/"),
    ("leukaemia", "other-cancers/aml/"),
    ("oesophageal cancer", "other-cancers/stomach/"),
    # Where a cancer has spread
    ("spread to bones", "prostate/few-spots/|prostate/imaging/"),
    ("cancer has spread to lymph nodes", "prostate/few-spots/|prostate/imaging/|prostate/hormone-therapy/"),
    ("secondaries in the bone", "prostate/few-spots/|prostate/imaging/"),
    ("breast cancer spread to liver", "other-cancers/breast/"),
    # One condition's words do not lose to another's
    ("viral load going up", "hiv/after-a-change/|hiv/"),
    ("viral load rising again", "hiv/after-a-change/|hiv/"),
    ("hiv test results after changing medicines", "hiv/after-a-change/"),
    ("psa rising after radiotherapy", "prostate/recurrence-and-psa/|prostate/after-radiotherapy/"),
    ("aml relapse after transplant", "other-cancers/aml/"),
    ("lymphoma came back", "other-cancers/hodgkin/"),
    # Brand names (UK and US) of medicines the site names
    ("Zoladex", "prostate/hormone-therapy/"),
    ("Casodex", "prostate/hormone-therapy/"),
    ("Taxotere", "prostate/hormone-therapy/|other-cancers/lung/"),
    ("Erbitux", "other-cancers/colorectal/"),
    ("Vectibix", "other-cancers/colorectal/"),
    ("Braftovi", "other-cancers/colorectal/"),
    ("Revuforj", "other-cancers/aml/"),
    ("Ibrance", "other-cancers/breast/"),
    ("Verzenios", "other-cancers/breast/"),
    ("Kisqali", "other-cancers/breast/"),
    ("Femara", "other-cancers/breast/"),
    ("Klaricid", "infections/h-pylori/"),
    ("Tavanic", "infections/h-pylori/"),
    ("Tegretol hiv", "hiv/newer-medicines/"),
    ("Illuccix", "prostate/imaging/"),
    ("Viagra after prostate surgery", "prostate/side-effects/"),
    ("Keytruda lung cancer", "other-cancers/lung/"),
    ("Enhertu stomach cancer", "other-cancers/stomach/"),
    ("Lonsurf", "other-cancers/colorectal/|other-cancers/stomach/"),
    ("Venclyxto", "other-cancers/aml/"),
    ("Idvynso", "hiv/newer-medicines/"),
    # Common medicines readers type where the site does not name them
    ("Zytiga", "prostate/hormone-therapy/|prostate/no-local-treatment/"),
    ("abiraterone", "prostate/hormone-therapy/|prostate/no-local-treatment/"),
    ("Erleada", "prostate/hormone-therapy/|prostate/no-local-treatment/"),
    ("Prostap injections", "prostate/hormone-therapy/|prostate/no-local-treatment/"),
    ("Biktarvy stopped working", "hiv/"),
    ("Truvada resistance", "hiv/"),
    ("omeprazole and amoxicillin", "infections/h-pylori/"),
    ("flucloxacillin", "infections/mrsa/"),
    ("AmBisome", "infections/aspergillosis/"),
    ("cytarabine", "other-cancers/aml/"),
    # Everyday questions about what comes next
    ("psa 0.2 after surgery", "prostate/recurrence-and-psa/"),
    ("undetectable hiv partner", "hiv/after-a-change/"),
    ("staph aureus antibiotics not working", "infections/mrsa/"),
    ("will hormone injections make me tired", "prostate/side-effects/|prostate/hormone-therapy/"),
    ("can I still have children after prostate cancer treatment", "prostate/side-effects/"),
    ("help paying for treatment", "living-with/costs/"),
    ("someone to talk to", "living-with/support-organizations/|living-with/"),
    ("scan to find where the cancer is", "prostate/imaging/"),
    ("freezing the prostate", "prostate/after-radiotherapy/"),
    ("leukaemia treatment stopped working", "other-cancers/aml/"),
    ("bowel cancer after chemo", "other-cancers/colorectal/"),
    ("solid tumours early trials", "living-with/palliative-care/|living-with/clinical-trials/"),
    # Fresh queries, written without seeing this list or the search terms: plain questions, misspellings,
    # brand names, fears, carers' words, where a cancer has spread, HIV and infection words
    ("psa going up again after prostrate removed", "prostate/recurrence-and-psa/"),
    ("how long do i have to live if my prostate cancer is back", "prostate/outcomes/"),
    ("am i dying", "living-with/palliative-care/"),
    ("erleada side effects", "prostate/no-local-treatment/"),
    ("casodex tablets with radiotherapy", "prostate/hormone-therapy/"),
    ("zoladex injection", "prostate/hormone-therapy/"),
    ("lupron shot psa rising", "prostate/no-local-treatment/"),
    ("hot flushes from hormone injections", "prostate/side-effects/"),
    ("cant get an erection after radiotherapy", "prostate/side-effects/"),
    ("leaking wee after prostate surgery", "prostate/side-effects/"),
    ("prostate cancer spread to bones", "prostate/few-spots/"),
    ("scan to see where prostate cancer has gone", "prostate/imaging/"),
    ("freezing the prostate after radiation", "prostate/after-radiotherapy/"),
    ("herceptin stopped working", "other-cancers/breast/"),
    ("keytruda hodgkins", "other-cancers/hodgkin/"),
    ("hodgkins lymphona came back", "other-cancers/hodgkin/"),
    ("lung cancer spread to brain", "other-cancers/lung/"),
    ("tagrisso stopped working", "other-cancers/lung/"),
    ("bowel cancer spread to liver", "other-cancers/colorectal/"),
    ("stomach cancer back after chemo", "other-cancers/stomach/"),
    ("leukaemia came back after transplant", "other-cancers/aml/"),
    ("venclexta", "other-cancers/aml/"),
    ("my hiv meds stopped working", "hiv/"),
    ("hiv injection twice a year", "hiv/newer-medicines/"),
    ("cd4 count low", "hiv/after-a-change/"),
    ("can i pass hiv to my partner", "hiv/after-a-change/"),
    ("mrsa in the blood not going away", "infections/mrsa/"),
    ("staph infection in blood wont clear", "infections/mrsa/"),
    ("helicobacter still there after antibiotics", "infections/h-pylori/"),
    ("fungal infection in lungs", "infections/aspergillosis/"),
    ("cresemba", "infections/aspergillosis/"),
    ("looking after my husband with cancer", "living-with/partners-and-carers/"),
    ("cant afford cancer treatment", "living-with/costs/"),
    ("hospice", "living-with/palliative-care/"),
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
        arg=query,
    )
    page.wait_for_timeout(150)  # the result list follows its count
    hrefs = page.eval_on_selector_all(
        ".md-search-result__list > li.md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)"
    )
    base = page.evaluate("() => new URL('.', document.baseURI).pathname")
    pages = []
    for href in hrefs:
        path = href[len(base) :] if href.startswith(base) else href.lstrip("/")
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

    from local_site.browser import CHROMIUM_ARGS, chromium_path
    from local_site.static_server import SiteServer

    with SiteServer(Path(sys.argv[1])) as server, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        for (query, expected), found in zip(READER_QUERIES, ranks(chromium, server.url).values(), strict=True):
            print(f"{found or '-'!s:>3}  {query!r} -> /{expected}")
        chromium.close()
