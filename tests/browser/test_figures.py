"""Figures drawn from ```figure blocks, as a reader on a phone sees them: nothing sticks out of a
360 px screen, shapes and lines stand out from the background in both palettes (WCAG 1.4.11, 3:1),
and a screenshot of each page's figures for people to look at (test-artifacts/browser/figures/)."""

from __future__ import annotations

import pytest

from .site_pages import ARTIFACTS, PAGES, label

FIGURE = 'class="stg-fig '

# For every figure: how far it reaches past the screen, whether anything inside is wider than the
# figure, and the contrast of each drawn shape's ink against the page background.
MEASURE = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('figure.stg-fig')].map(figure => {
    const box = figure.getBoundingClientRect();
    const inks = [...figure.querySelectorAll('.stg-fig__icon, .stg-chart__point, .stg-chart__threshold')]
      .map(el => getComputedStyle(el).stroke).filter(ink => ink && ink.startsWith('rgb'));
    return {
      id: figure.id, left: box.left, right: box.right, width: window.innerWidth,
      overflow: figure.scrollWidth - figure.clientWidth,
      lowest: inks.length ? Math.min(...inks.map(ink => ratio(ink, background))) : null,
    };
  });
}"""


@pytest.fixture(scope="module")
def figure_pages(site_html):
    pages = [url for url in PAGES if FIGURE in site_html(url)]
    assert len(pages) >= 5, f"figures are on only {pages}"
    return pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_figures_fit_a_phone_and_their_shapes_stand_out(open_page, figure_pages, scheme):
    problems = []
    for url in figure_pages:
        page = open_page(url, phone=True, color_scheme=scheme)
        for figure in page.evaluate(MEASURE):
            where = f"/{url}#{figure['id']} ({scheme})"
            if figure["left"] < 0 or figure["right"] > figure["width"] + 0.5:
                problems.append(f"{where} sticks out of the {figure['width']} px screen")
            if figure["overflow"] > 1:
                problems.append(f"{where}: something inside is {figure['overflow']} px wider than the figure")
            if figure["lowest"] is not None and figure["lowest"] < 3:
                problems.append(f"{where}: a shape's ink has contrast {figure['lowest']:.2f}:1 (at least 3:1)")
        folder = ARTIFACTS / "figures"
        folder.mkdir(parents=True, exist_ok=True)
        page.locator("figure.stg-fig").first.screenshot(path=folder / f"{label(url).replace('/', '-')}-{scheme}.png")
    assert not problems, "\n".join(problems)


def test_pages_with_figures_stay_within_the_first_load_budget(browser, base_url, figure_pages):
    """Bytes over the network (gzipped, as a web host sends them) for a first visit on a phone,
    Material's script included, the search index not: the budget scripts/benchmark page-weight
    reports for every page."""
    from performance.page_weight import FIRST_LOAD_BUDGET, PHONE_CONTEXT, open_and_touch, transferred

    weights = {}
    for url in figure_pages:
        context = browser.new_context(**PHONE_CONTEXT)
        tab = context.new_page()
        weights[url], _, _ = transferred(tab, lambda tab=tab, url=url: open_and_touch(tab, base_url + url))
        context.close()
    over = {url: f"{size / 1024:.1f} KB" for url, size in weights.items() if size > FIRST_LOAD_BUDGET}
    assert not over, f"over the {FIRST_LOAD_BUDGET // 1024} KB first-load budget: {over}"
    assert min(weights.values()) > 30 * 1024, f"too little was measured: {weights}"
    print("first load (KB):", {url: round(size / 1024, 1) for url, size in sorted(weights.items())})
