"""Reading on a phone (issue 27): a keyboard user's Tab stops stay on screen and never wander into the
closed menu drawer; an icon array's groups can be compared at a glance; the one-page summary has a
Print button nothing covers, the page's full address, its sources, room for notes and a helpline,
and still prints on one sheet. Each view is also checked with axe-core in both palettes."""

from __future__ import annotations

import pytest

from .site_pages import AXE_SCRIPT, AXE_TAGS, PHONE

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
                (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          hidden: s.visibility === 'hidden' || s.opacity === '0',
          inDrawer: !!e.closest('.md-sidebar--primary'),
          typing: e.matches('input[type=search], input[type=text], input:not([type])'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'};
}"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    found = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                         resultTypes: ['violations']})
        .then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))""",
                          AXE_TAGS)
    return found


def tab_stops(page, count: int) -> list[dict]:
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        page.wait_for_timeout(60)  # Material's focus styles follow the key press
        stops.append(page.evaluate(FOCUSED))
    return stops


def on_screen(stop: dict | None) -> bool:
    return bool(stop) and stop["width"] > 0 and stop["height"] > 0 and not stop["hidden"] and (
        stop["top"] >= -0.5 and stop["bottom"] <= PHONE["height"] + 0.5
        and -0.5 <= stop["left"] < PHONE["width"] - 8)


# ---- Keyboard on a phone -----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_first_tab_stops_are_all_on_screen_and_none_is_in_the_closed_menu(open_page, scheme):
    page = open_page(KEYBOARD_PAGE, phone=True, color_scheme=scheme, bypass_csp=True)
    stops = tab_stops(page, TAB_STOPS)
    listed = "\n".join(f"  {n:>2}. {'ok ' if on_screen(s) else 'OFF'} "
                       f"{'(in the closed menu) ' if s and s['inDrawer'] else ''}{s and s['what']}"
                       for n, s in enumerate(stops, 1))
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
    page.locator("label.md-header__button[for='__drawer']").tap()
    page.wait_for_function("() => !document.querySelector('.md-sidebar--primary').inert")
    page.wait_for_function("""() => { const r = document.querySelector('.md-sidebar--primary')
                                          .getBoundingClientRect(); return r.left >= 0 && r.width > 0; }""")
    stops = tab_stops(page, 3)
    assert any(s and s["inDrawer"] for s in stops), f"Tab does not reach the open menu: {stops}"
    assert all(on_screen(s) for s in stops if s and s["inDrawer"]), stops
    page.locator("label.md-overlay[for='__drawer']").tap(position={"x": 350, "y": 400})
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').inert")


def test_on_a_wide_screen_the_menu_is_never_inert(open_page):
    page = open_page(KEYBOARD_PAGE)
    assert not page.locator(".md-sidebar--primary").evaluate("e => e.inert")


# ---- Icon arrays on a phone --------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_all_three_groups_of_an_icon_array_fit_on_one_screen_at_the_same_scale(
        open_page, scheme, artifacts):
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
        f"the three groups take {bottom - top:.0f} px, more than one {PHONE['height']} px screen")
    assert max(b["width"] for b in icons) - min(b["width"] for b in icons) < 1, (
        f"the groups are drawn at different scales: {[round(b['width']) for b in icons]}")
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
