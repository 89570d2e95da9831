"""Reader journeys, over the built site: every content page ends with onward steps chosen for its
reader; condition pages and hubs give helplines to call; a crisis line is there where feelings are
discussed; hubs show their pages first; partners and carers have a route from the home page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOT_CONTENT = {"glossary.md", "references.md", "review-record.md"}
CONTENT_PAGES = sorted(
    p.relative_to(DOCS).as_posix()
    for p in DOCS.rglob("*.md")
    if "includes" not in p.parts and p.relative_to(DOCS).as_posix() not in NOT_CONTENT
)
CONDITIONS = ("prostate/", "hiv/", "other-cancers/", "infections/")
CONDITION_PAGES = [page for page in CONTENT_PAGES if page.startswith(CONDITIONS)]
CANCER_PAGES = [page for page in CONDITION_PAGES if page.startswith(("prostate/", "other-cancers/"))]
HUBS = ["prostate/index.md", "hiv/index.md", "other-cancers/index.md", "infections/index.md", "living-with/index.md"]
CRISIS_NUMBER = "116 123"


def built(md_file: str) -> str:
    return (
        "index.html" if md_file == "index.md" else re.sub(r"(index)?\.md$", "", md_file).rstrip("/") + ("/index.html")
    )


def article(html_pages, md_file):
    return html_pages[built(md_file)].select_one("article.md-content__inner")


def section_after(heading):
    """The elements under an h2, up to the next h2 or the lines the build adds at the foot of the page."""
    found = []
    for element in heading.find_next_siblings():
        if element.name == "h2" or {"page-checked", "page-report"} & set(element.get("class") or []):
            break
        found.append(element)
    return found


def heading(page, text):
    return next((h for h in page.find_all("h2") if h.get_text(strip=True).rstrip("¶") == text), None)


def what_next_links(html_pages, md_file):
    page = article(html_pages, md_file)
    h2 = heading(page, "What next")
    assert h2 is not None, f"{md_file} has no 'What next' section"
    return [a["href"] for element in section_after(h2) for a in element.find_all("a", href=True)]


def target(md_file, href):
    return urlparse(urljoin("/" + built(md_file), href)).path.lstrip("/")


@pytest.mark.parametrize("md_file", CONTENT_PAGES)
def test_every_content_page_ends_with_what_next_2_to_5_links_to_real_pages(html_pages, md_file, site):
    links = what_next_links(html_pages, md_file)
    assert 2 <= len(links) <= 5, f"{md_file}: {len(links)} links in What next"
    for href in links:
        path = target(md_file, href)
        assert (site / path).is_file() or (site / path / "index.html").is_file(), f"{md_file}: {href} is not a page"
    page = article(html_pages, md_file)
    last_h2 = page.find_all("h2")[-2 if heading(page, "References") else -1]
    assert last_h2.get_text(strip=True).rstrip("¶") == "What next", f"{md_file}: What next is not the last section"


def test_the_rising_psa_page_leads_to_each_option_and_to_support(html_pages):
    links = {
        target("prostate/recurrence-and-psa.md", href)
        for href in what_next_links(html_pages, "prostate/recurrence-and-psa.md")
    }
    for page in (
        "prostate/psa-rising-after-surgery-options/",
        "prostate/salvage-radiotherapy/",
        "prostate/hormone-therapy/",
        "prostate/after-radiotherapy/",
        "living-with/support-organizations/",
    ):
        assert page in links, f"the rising-PSA page does not lead to {page}"


def test_the_aml_page_leads_to_clinical_trials_palliative_care_and_support(html_pages):
    links = {target("other-cancers/aml.md", href) for href in what_next_links(html_pages, "other-cancers/aml.md")}
    assert {
        "living-with/clinical-trials/",
        "living-with/palliative-care/",
        "living-with/support-organizations/",
    } <= links


def help_numbers(html_pages, md_file):
    """{country: [phone numbers to tap]} in the page's Where to get help section."""
    page = article(html_pages, md_file)
    h2 = heading(page, "Where to get help")
    assert h2 is not None, f"{md_file} has no 'Where to get help' section"
    numbers: dict[str, list[str]] = {}
    country = None
    for element in section_after(h2):
        if (
            element.name == "p"
            and element.find("strong")
            and element.get_text(strip=True) == element.find("strong").get_text(strip=True)
        ):
            country = element.get_text(strip=True)
        elif element.name == "ul" and country:
            numbers.setdefault(country, []).extend(a.get_text() for a in element.select('a[href^="tel:"]'))
    return numbers


@pytest.mark.parametrize("md_file", CANCER_PAGES)
def test_every_cancer_page_and_hub_gives_a_uk_and_a_us_helpline_to_call(html_pages, md_file):
    numbers = help_numbers(html_pages, md_file)
    assert numbers.get("United Kingdom") and numbers.get("United States"), f"{md_file}: {numbers}"


def test_hiv_and_infection_pages_give_a_us_helpline_too(html_pages):
    for md_file in CONDITION_PAGES:
        assert help_numbers(html_pages, md_file).get("United States"), md_file


def test_blood_cancer_pages_name_a_blood_cancer_charity(html_pages):
    for md_file in ("other-cancers/aml.md", "other-cancers/hodgkin.md"):
        text = " ".join(e.get_text() for e in section_after(heading(article(html_pages, md_file), "Where to get help")))
        assert "Blood Cancer UK" in text and "Leukemia & Lymphoma Society" in text, md_file


FEELINGS = re.compile(r"\b(feelings|anxiety|anxious|depression|depressed|low mood|distress)\b", re.I)


@pytest.mark.parametrize("md_file", CONTENT_PAGES)
def test_where_feelings_are_discussed_a_crisis_line_is_there(html_pages, md_file):
    page = article(html_pages, md_file)
    help_h2 = heading(page, "Where to get help")
    in_help = [d for e in section_after(help_h2) for d in [e, *e.find_all(True)]] if help_h2 else []
    prose = " ".join(
        p.get_text() for p in page.find_all(["p", "li"]) if p.find_parent("details") is None and p not in in_help
    )
    if FEELINGS.search(prose):
        assert CRISIS_NUMBER in page.get_text(), f"{md_file} talks about feelings but gives no crisis line"


@pytest.mark.parametrize("md_file", HUBS)
def test_each_hub_lists_its_pages_in_reading_order_before_any_long_prose(html_pages, md_file, site):
    page = article(html_pages, md_file)
    first_list = page.find("ol")
    assert first_list is not None
    before = [e for e in first_list.find_all_previous(["p", "li"]) if e.find_parent("article") is not None]
    # Words a reader sees on screen: the one-page summary's own lines show only when it is printed.
    words = sum(
        len(e.get_text().split())
        for e in before
        if e.find_parent(class_="page-disclaimer") is None
        and e.find_parent(class_="print-summary-only") is None
        and "print-summary-only" not in (e.get("class") or [])
    )
    assert words < 60, f"{md_file}: {words} words before the list of pages"
    section = md_file.rsplit("/", 1)[0]
    listed = [target(md_file, a["href"]) for a in first_list.find_all("a", href=True)]
    assert all(path.startswith(section + "/") for path in listed) and len(listed) >= 2


def test_the_home_page_has_a_route_for_partners_carers_and_family(html_pages):
    cards = html_pages["index.html"].select(".route-cards a[href]")
    assert any("partners-and-carers" in a["href"] for a in cards)


@pytest.mark.parametrize(
    "md_file", ["prostate/index.md", "hiv/index.md", "other-cancers/index.md", "infections/index.md"]
)
def test_each_condition_hub_links_the_carers_page_in_what_next(html_pages, md_file):
    assert any("partners-and-carers" in href for href in what_next_links(html_pages, md_file))
