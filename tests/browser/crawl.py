"""Visits every page once, in one browser, a few pages at a time, and records what the per-page tests
check in three views (desktop light, desktop dark, phone): axe-core's findings, requests to other
hosts, console errors, the page's structure and, on a phone, its layout."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from local_site.browser import start_material

from .site_pages import AXE_SCRIPT, AXE_TAGS, DESKTOP, PHONE, UNKNOWN_URL

# Pages loaded at the same time in one browser context; the machines here have two processors.
IN_FLIGHT = 2

START_AXE = """only => {
  window.__axeResult = axe.run(document, {
    runOnly: only,
    // Also a rule outside the WCAG tags that Lighthouse's accessibility score counts.
    rules: only.type === 'tag' ? {'aria-dialog-name': {enabled: true}} : {},
    resultTypes: ['violations'],
  }).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    count: v.nodes.length,
  })));
  return true;
}"""

# What a reader (or their screen reader) relies on in every page's structure.
STRUCTURE = r"""() => {
  const skip = document.querySelector('a.md-skip');
  const skipTarget = skip && skip.hash ? document.getElementById(decodeURIComponent(skip.hash.slice(1))) : null;
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: [...document.querySelectorAll('h1')].filter(visible).map(h => h.textContent.trim()),
    skipLink: skip ? skip.textContent.trim() : null,
    skipTargetInMain: !!(skipTarget && skipTarget.closest('main')),
    firstFocusable: (() => {
      const f = document.querySelector('a[href], button, input:not([type=hidden]):not(.md-toggle), select, textarea, [tabindex]:not([tabindex="-1"])');
      return f ? f.className : null;
    })(),
    main: document.querySelectorAll('main, [role=main]').length,
    banner: document.querySelectorAll('body > header, body > div > header, [role=banner]').length,
    contentinfo: document.querySelectorAll('body > footer, body > div > footer, [role=contentinfo]').length,
    navs: [...document.querySelectorAll('nav:not(nav nav)')].map(n => n.getAttribute('aria-label') ||
      (n.getAttribute('aria-labelledby') || '').split(/\s+/).map(id => document.getElementById(id))
        .filter(Boolean).map(e => e.textContent.trim()).join(' ')),
    searchForm: !!document.querySelector('[role=search] input'),
  };
}"""

# On a phone: can the page itself be scrolled sideways, do tables scroll inside their own box, and
# which controls fail WCAG 2.2's target size: smaller than 24 x 24 CSS pixels and too close to other
# controls (a 24 px circle centred on a small target may not touch another target or its circle).
# Links and terms inside a sentence are exempt, as in WCAG.
PHONE_LAYOUT = r"""() => {
  const width = window.innerWidth;
  window.scrollTo(10000, window.scrollY);
  const scrolledSideways = window.scrollX;
  window.scrollTo(0, window.scrollY);
  const scroller = el => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll') return e;
    }
    return null;
  };
  const tables = [...document.querySelectorAll('article table')].map(t => {
    const box = scroller(t);
    const r = (box || t).getBoundingClientRect();
    return {
      text: t.textContent.trim().slice(0, 60),
      tableWidth: t.scrollWidth,
      box: box ? box.className : null,
      boxWidth: box ? box.clientWidth : null,
      boxScrollable: box ? box.scrollWidth > box.clientWidth : false,
      boxLeft: r.left, boxRight: r.right,
    };
  });
  const inline = el => {
    const block = el.closest('p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, figcaption, blockquote');
    if (!block || !block.closest('article')) return false;
    return block.textContent.trim().length > el.textContent.trim().length;
  };
  const targets = [];
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, label[for], summary, [role=button], [tabindex]:not([tabindex="-1"])')) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden], [inert]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;          // not rendered (e.g. closed menus)
    if (r.right <= 0 || r.left >= width) continue;          // off screen (the closed drawer)
    if (parseFloat(style.opacity) === 0) continue;          // shown on focus only (heading anchors)
    if (el.matches('input[type=radio], input[type=checkbox]') && (r.width <= 1 || r.height <= 1)) continue;
    // 23.9, not 24: a 24 px control can measure 23.96 px mid-transition (sub-pixel layout).
    targets.push({el, r, small: r.width < 23.9 || r.height < 23.9, exempt: inline(el)});
  }
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right),
                                                   Math.max(r.top - y, 0, y - r.bottom));
  const small = [];
  for (const t of targets) {
    if (!t.small || t.exempt) continue;
    const c = centre(t.r);
    const crowded = targets.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (distanceToRect(c, o.r) < 12 || (o.small && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24)));
    if (crowded) {
      const el = t.el;
      small.push({what: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''),
                  text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
                  width: Math.round(t.r.width * 10) / 10, height: Math.round(t.r.height * 10) / 10});
    }
  }
  return {width, scrollWidth: document.scrollingElement.scrollWidth, scrolledSideways, tables, small};
}"""


@dataclass
class PageReport:
    url: str
    status: int | None = None
    other_hosts: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    structure: dict[str, Any] = field(default_factory=dict)
    layout: dict[str, Any] = field(default_factory=dict)
    scheme: str | None = None


class Watch:
    """Records, for one tab, requests to any host other than the test server and console errors."""

    def __init__(self, page, base_url: str):
        self.base_url = base_url
        self.origin = urlsplit(base_url)[:2]
        self.url: str | None = None
        self.other_hosts: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", self._request)
        page.on("websocket", lambda socket: self._address(socket.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught error: {error}"))

    def start(self, url: str | None, other_hosts: list[str], console_errors: list[str]):
        """From now on, record into these lists (one page's report)."""
        self.url, self.other_hosts, self.console_errors = url, other_hosts, console_errors

    def _address(self, address: str):
        parts = urlsplit(address)
        if parts.scheme not in ("data", "blob", "about") and parts[:2] != self.origin:
            self.other_hosts.append(address)

    def _request(self, request):
        self._address(request.url)

    def _console(self, message):
        if message.type != "error":
            return
        # The unknown address is meant to answer 404; Chromium logs that for the page itself.
        if self.url == UNKNOWN_URL and "status of 404" in message.text:
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


VIEWS = ("desktop-light", "desktop-dark", "phone")
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


def _visit(page, watch: Watch, base_url: str, url: str, results: dict[str, dict[str, PageReport]]) -> Iterator[None]:
    """One page in all three views with a single page load: desktop with the system set to light, as
    the page loads; then, once a key press has started Material's script as a reader's first touch
    does, the system switched to dark (the page must follow); then a phone-sized window. Yields
    whenever axe-core is working, so that the other tabs can go on meanwhile."""
    light, dark, phone = (PageReport(url) for _ in VIEWS)
    # Requests and console errors belong to the whole visit, so each view reports them all.
    for report in (dark, phone):
        report.other_hosts, report.console_errors = light.other_hosts, light.console_errors
    watch.start(url, light.other_hosts, light.console_errors)
    response = page.goto(base_url + url, wait_until="load")
    light.status = dark.status = phone.status = response.status if response else None
    page.evaluate(START_AXE, {"type": "tag", "values": AXE_TAGS})
    yield
    page.wait_for_load_state("networkidle")
    light.violations = page.evaluate("() => window.__axeResult")
    light.structure = page.evaluate(STRUCTURE)
    light.scheme = page.evaluate(SCHEME)

    start_material(page)
    page.wait_for_load_state("networkidle")  # Material's requests (the search index) count too
    page.emulate_media(color_scheme="dark")
    with contextlib.suppress(PlaywrightTimeout):  # the palette test reports it
        page.wait_for_function(f"() => ({SCHEME})() === 'slate'", timeout=3000)
    dark.scheme = page.evaluate(SCHEME)
    page.evaluate(START_AXE, {"type": "tag", "values": AXE_TAGS})
    yield
    dark.violations = page.evaluate("() => window.__axeResult")

    page.emulate_media(color_scheme="light")
    page.set_viewport_size(PHONE)
    phone.scheme = page.evaluate(SCHEME)
    # Colours were checked above; on a phone, axe checks what the layout changes (target size).
    page.evaluate(START_AXE, {"type": "tag", "values": ["wcag22aa"]})
    yield
    phone.violations = page.evaluate("() => window.__axeResult")
    phone.layout = page.evaluate(PHONE_LAYOUT)
    page.set_viewport_size(DESKTOP)
    watch.start(None, [], [])
    for view, report in zip(VIEWS, (light, dark, phone), strict=False):
        results[view][url] = report


def crawl(browser, base_url: str, urls: list[str]) -> dict[str, dict[str, PageReport]]:
    """{view: {url: PageReport}} for every page in `urls`, a few tabs at a time in one context."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(path=str(AXE_SCRIPT))
    results: dict[str, dict[str, PageReport]] = {view: {} for view in VIEWS}
    free = [context.new_page() for _ in range(min(IN_FLIGHT, len(urls)))]
    watches = {id(tab): Watch(tab, base_url) for tab in free}
    queue = deque(urls)
    busy: deque[tuple[Any, Iterator[None]]] = deque()  # (tab, its visit)
    try:
        while queue or busy:
            while queue and free:
                tab = free.pop()
                visit = _visit(tab, watches[id(tab)], base_url, queue.popleft(), results)
                next(visit)
                busy.append((tab, visit))
            tab, visit = busy.popleft()
            try:
                next(visit)
                busy.append((tab, visit))
            except StopIteration:
                free.append(tab)
    finally:
        context.close()
    return results
