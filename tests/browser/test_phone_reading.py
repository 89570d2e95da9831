"""Reading on a phone (issue 27): a keyboard user's Tab stops stay on screen and never wander into the
closed menu drawer; an icon array's groups can be compared at a glance; the one-page summary has a
Print button nothing covers, the page's full address, its sources, room for notes and a helpline,
and still prints on one sheet. Each view is also checked with axe-core in both palettes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from local_site.browser import MATERIAL_STARTED

from .site_pages import AXE_SCRIPT, AXE_TAGS, PHONE

ROOT = Path(__file__).resolve().parents[2]

TAB_STOPS = 15
KEYBOARD_PAGE = "prostate/recurrence-and-psa/"
THREE_ARMS_PAGE = "prostate/no-local-treatment/"
SUMMARY_PAGE = "prostate/recurrence-and-psa/"

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // A hidden radio button or checkbox (the palette switch, tabs) is seen as its label.
  let shown = e;
  // (Material shows the label that follows it, as the site's own tabs do.)
  if (e.tagName === 'INPUT' && e.getBoundingClientRect().width === 0)
    shown = (e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null) ||
            (e.id && document.querySelector(`label[for="${e.id}"]:not([hidden])`)) || e;
  const r = shown.getBoundingClientRect(), s = getComputedStyle(shown);
  return {what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          hidden: s.visibility === 'hidden' || s.opacity === '0',
          inDrawer: !!e.closest('.md-sidebar--primary'),
          typing: e.matches('input[type=search], input[type=text], input:not([type])'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'};
}"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    found: list[str] = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                         resultTypes: ['violations']})
        .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))""",
        AXE_TAGS,
    )
    return found


def tab_stops(page, count: int) -> list[dict[str, Any]]:
    stops: list[dict[str, Any]] = []
    for _ in range(count):
        page.keyboard.press("Tab")
        # Material's focus styles follow the key press, some with a transition (the skip link slides
        # in): a reader sees where the focus ends up, so measure once the transitions have finished.
        page.wait_for_timeout(60)
        page.wait_for_function(
            "() => !document.activeElement || document.activeElement.getAnimations()"
            ".every(a => a.playState !== 'running')"
        )
        stops.append(page.evaluate(FOCUSED))
    return stops


def on_screen(stop: dict[str, Any] | None) -> bool:
    if not stop:
        return False
    return (
        stop["width"] > 0
        and stop["height"] > 0
        and not stop["hidden"]
        and (
            stop["top"] >= -0.5
            and stop["bottom"] <= PHONE["height"] + 0.5
            and -0.5 <= stop["left"] < PHONE["width"] - 8
        )
    )


# ---- Keyboard on a phone -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_first_tab_stops_are_all_on_screen_and_none_is_in_the_closed_menu(open_page, scheme):
    page = open_page(KEYBOARD_PAGE, phone=True, color_scheme=scheme, bypass_csp=True)
    stops = tab_stops(page, TAB_STOPS)
    listed = "\n".join(
        f"  {n:>2}. {'ok ' if on_screen(s) else 'OFF'} "
        f"{'(in the closed menu) ' if s and s['inDrawer'] else ''}{s and s['what']}"
        for n, s in enumerate(stops, 1)
    )
    assert all(stops), f"focus left the page within {TAB_STOPS} Tab presses:\n{listed}"
    assert not [s for s in stops if s["inDrawer"]], f"Tab stops in the closed menu drawer:\n{listed}"
    assert all(on_screen(s) for s in stops), f"Tab stops not visible on a 360×740 screen:\n{listed}"
    # A text box shows its cursor instead of a ring.
    assert all(s["outline"] or s["typing"] for s in stops), f"a Tab stop has no visible focus ring:\n{listed}"
    assert axe_violations(page) == []


def test_on_a_phone_the_open_menu_takes_the_keyboard_and_gives_it_back_when_closed(open_page):
    page = open_page(KEYBOARD_PAGE, phone=True)
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.evaluate("e => e.inert"), "the closed menu drawer can take keyboard focus"
    page.get_by_role("button", name="Menu").tap()
    page.wait_for_function("() => !document.querySelector('.md-sidebar--primary').inert")
    page.wait_for_function("""() => { const r = document.querySelector('.md-sidebar--primary')
                                          .getBoundingClientRect(); return r.left >= 0 && r.width > 0; }""")
    stops = tab_stops(page, 3)
    assert any(s and s["inDrawer"] for s in stops), f"Tab does not reach the open menu: {stops}"
    assert all(on_screen(s) for s in stops if s and s["inDrawer"]), stops
    page.locator("label.md-overlay[for='__drawer']").tap(position={"x": 350, "y": 400})
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').inert")


def test_on_a_phone_the_menu_button_works_from_the_keyboard(open_page):
    page = open_page(KEYBOARD_PAGE, phone=True)
    button = page.get_by_role("button", name="Menu")
    assert button.evaluate("e => e.tagName") == "BUTTON", "the menu button is not a real button"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.querySelector('.md-sidebar--primary').inert")
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').contains(document.activeElement)")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').inert")
    assert button.evaluate("e => e === document.activeElement"), "closing the menu did not give the focus back"
    assert button.get_attribute("aria-expanded") == "false"


def test_on_a_wide_screen_the_menu_is_never_inert(open_page):
    page = open_page(KEYBOARD_PAGE)
    assert not page.locator(".md-sidebar--primary").evaluate("e => e.inert")


# ---- Icon arrays on a phone --------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_all_three_groups_of_an_icon_array_fit_on_one_screen_at_the_same_scale(open_page, scheme, artifacts):
    page = open_page(THREE_ARMS_PAGE, phone=True, color_scheme=scheme, bypass_csp=True)
    figure = page.locator("figure.stg-fig--icon-array:has(.stg-fig__arm:nth-child(3))").first
    assert figure.count(), "the page has no icon array of three groups"
    arms = figure.locator(".stg-fig__arm")
    arms.first.scroll_into_view_if_needed()
    page.evaluate("e => e.scrollIntoView({block: 'start'})", arms.first.element_handle())
    boxes = [arms.nth(i).bounding_box() for i in range(arms.count())]
    icons = [arms.nth(i).locator("svg.stg-fig__icons").bounding_box() for i in range(arms.count())]
    top, bottom = min(b["y"] for b in boxes), max(b["y"] + b["height"] for b in boxes)
    figure.screenshot(path=str(artifacts / f"icon-array-three-groups-phone-{scheme}.png"))
    assert bottom - top <= PHONE["height"], (
        f"the three groups take {bottom - top:.0f} px, more than one {PHONE['height']} px screen"
    )
    assert max(b["width"] for b in icons) - min(b["width"] for b in icons) < 1, (
        f"the groups are drawn at different scales: {[round(b['width']) for b in icons]}"
    )
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []


# ---- The one-page summary to take to an appointment --------------------------------------------

COVERED = """e => {
  // Each of these points of the element shows the element itself, not something drawn over it.
  const r = e.getBoundingClientRect();
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 4, r.top + 4], [r.right - 4, r.top + 4],
                  [r.left + 4, r.bottom - 4], [r.right - 4, r.bottom - 4]];
  return points.filter(([x, y]) => { const hit = document.elementFromPoint(x, y); return !(hit && e.contains(hit)); })
               .map(([x, y]) => { const hit = document.elementFromPoint(x, y);
                                  return hit ? hit.tagName + '.' + hit.className : 'nothing'; });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_summary_has_a_print_button_that_nothing_covers(open_page, base_url, scheme, artifacts):
    page = open_page(None, phone=True, color_scheme=scheme, bypass_csp=True)
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1 }")
    page.goto(base_url + SUMMARY_PAGE)
    page.wait_for_function(MATERIAL_STARTED, timeout=10_000)
    # A reader scrolls down and back up (which brings Material's "Back to top" button), then opens
    # the summary from its link.
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(300)
    page.locator("article .print-summary-link a").tap()
    page.wait_for_url("**#print-summary")
    page.wait_for_timeout(300)
    button = page.get_by_role("button", name="Print this summary")
    assert button.is_visible(), "no Print button on the summary"
    box = button.bounding_box()
    assert box["height"] >= 44 and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    note = page.locator("article .print-summary-note")
    page.screenshot(path=str(artifacts / f"print-summary-phone-{scheme}.png"))
    assert button.evaluate(COVERED) == [], f"something covers the Print button: {button.evaluate(COVERED)}"
    assert note.evaluate(COVERED) == [], f"something covers the summary's instruction: {note.evaluate(COVERED)}"
    assert not page.locator(".md-top").is_visible(), "'Back to top' shows over the summary"
    button.tap()
    assert page.evaluate("() => window.__printed") == 1, "the Print button does not print"
    assert axe_violations(page) == []


def test_the_printed_summary_lists_its_sources_has_room_for_notes_a_helpline_and_the_full_address(
    open_page, base_url, artifacts
):
    page = open_page(SUMMARY_PAGE + "#print-summary")
    page.emulate_media(media="print")
    article = page.locator("article")
    text = article.inner_text()
    sources = page.locator("article .print-sources li")
    assert sources.count() >= 2 and sources.first.is_visible(), "the summary does not list its sources"
    cited = page.eval_on_selector_all(
        "article .admonition.abstract a.footnote-ref", "marks => [...new Set(marks.map(a => a.textContent))]"
    )
    listed = page.eval_on_selector_all("article .print-sources li", "items => items.map(li => li.value + '')")
    assert listed == cited, f"the summary cites {cited} but lists the sources {listed}"
    for i in range(sources.count()):
        entry = sources.nth(i).inner_text()
        assert re.search(r"[A-Za-z].{20,}(19|20)\d\d|[A-Za-z].{40,}", entry), f"a source is only a number: {entry!r}"
    assert page.locator("article .print-notes").is_visible() and "My notes" in text
    assert page.locator("article .print-notes__line").count() >= 3
    helpline = page.locator("article .print-helplines")
    assert helpline.is_visible(), "no helpline on the printed summary"
    assert re.search(r"UK:.*\d{4} \d{3}", helpline.inner_text()) and re.search(r"US:.*1-800", helpline.inner_text())
    address = page.locator("article .print-address").inner_text()
    assert f"From the Salvage Therapy Guide: {base_url}{SUMMARY_PAGE}" in address, (
        f"the printed address has no domain: {address!r}"
    )
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        (artifacts / f"print-summary-{paper}.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
        assert pages == 1, f"the summary prints on {pages} {paper} pages"


def test_with_the_sites_address_the_summary_prints_it_whole():
    from salvage_site import citation_marks, helplines, print_summary

    page = (
        '<h1 id="t">T</h1><div class="admonition abstract">\n<p class="admonition-title">Key points</p>\n'
        f"<ul><li>A {citation_marks.mark('a')}.</li></ul></div>{citation_marks.LIST_PARAGRAPH}"
    )
    cited = citation_marks.write(
        page,
        lambda key: (
            '<span class="source-kind">Clinical guideline, 2024.</span> Morgan TM, Boorjian SA, Chen DYT, et al. '
            "A guideline title. <em>Journal of Urology</em>. 2024;1:2–3. "
            '<a href="https://doi.org/10/x">doi:10/x</a>'
        ),
        "../references/",
    )
    data = helplines.load(ROOT / "docs" / helplines.DATA_FILE)[0]

    def summary(address: str) -> str:
        return print_summary.add(cited.html, address, cited, print_summary.phone_lines(data, address))

    whole = summary("https://example.org/guide/prostate/side-effects/")
    assert (
        'From the Salvage Therapy Guide: <span class="print-address__url">'
        "https://example.org/guide/prostate/side-effects/</span>"
    ) in whole
    assert ('<li value="1">Morgan TM, et al. A guideline title. <em>Journal of Urology</em>. 2024.</li>') in whole
    assert "tel:" in whole, "a prostate page's summary has no helpline"
    assert "data-relative" in summary("prostate/side-effects/")
    assert "print-helplines" not in summary("infections/mrsa/")


def test_the_summarys_helpline_numbers_are_the_ones_the_site_cites():
    from salvage_site import helplines, print_summary

    data, problems = helplines.load(ROOT / "docs" / helplines.DATA_FILE)
    assert problems == []
    bib = (ROOT / "refs.bib").read_text(encoding="utf-8")
    for section in print_summary.TOPICS:
        lines = print_summary.phone_lines(data, f"{section}/a-page/")
        # The HIV charities' pages checked so far give no phone number to print.
        assert lines or section == "hiv", f"{section}/: no helpline on the printed summary"
        assert all(line.phone for line in lines)
        for line in lines:
            assert re.search(rf"@\w+\{{{re.escape(line.source)},", bib), f"{line.name}: {line.source} not in refs.bib"
