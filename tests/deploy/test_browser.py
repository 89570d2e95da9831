"""Headless Chromium through the real nginx: every page loads with no Content-Security-Policy violation,
no console error and no request to another host; search and citation previews still work; and the
offline build works opened straight from disk."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from local_site.browser import start_material

# Records what the policy blocks, from the very start of each page.
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));"""


class Watch:
    """Console errors, uncaught exceptions and requests of one browser tab."""

    def __init__(self, tab, origin: str):
        self.tab, self.origin = tab, origin
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        tab.on("request", self._request)
        self.expected_404: str | None = None

    def _console(self, message):
        if message.type not in ("error", "assert"):
            return
        if self.expected_404 and message.location.get("url") == self.expected_404 and "404" in message.text:
            return  # the missing page itself, which the 404 page answers
        self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def _request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.elsewhere.append(request.url)

    def visit(self, url: str, *, missing: bool = False) -> list[str]:
        """Load a page; every problem seen while it loaded."""
        self.errors.clear()
        self.expected_404 = url if missing else None
        response = self.tab.goto(url, wait_until="load")
        if response is not None:
            assert response.status == (404 if missing else 200), f"{url}: {response.status}"
        self.tab.wait_for_timeout(50)  # violation events are queued as tasks
        return [*self.tab.evaluate("window.__csp"), *self.errors]


def open_tab(chromium, origin: str):
    context = chromium.new_context()
    context.add_init_script(WATCH_CSP)
    tab = context.new_page()
    return context, tab, Watch(tab, origin)


@pytest.fixture
def tab(chromium, served):
    build, server = served
    origin = f"http://127.0.0.1:{server.port}"
    context, page, watch = open_tab(chromium, origin)
    yield build, server, page, watch
    context.close()


# Pages loaded at the same time (the machines here have two processors).
IN_FLIGHT = 3


def crawl(chromium, server, paths: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Loads each page in one of a few tabs; problems by page, and requests to other hosts."""
    origin = f"http://127.0.0.1:{server.port}"
    context = chromium.new_context()
    context.add_init_script(WATCH_CSP)
    tabs = [context.new_page() for _ in range(IN_FLIGHT)]
    watches = [Watch(tab, origin) for tab in tabs]
    problems, elsewhere = {}, []
    for start in range(0, len(paths), IN_FLIGHT):
        batch = list(zip(paths[start : start + IN_FLIGHT], tabs, watches, strict=False))
        for path, tab, watch in batch:
            watch.errors.clear()
            watch.expected_404 = server.url + path if path.startswith("no/such") else None
            tab.evaluate("url => { location.href = url }", server.url + path)
        for path, tab, watch in batch:
            tab.wait_for_url(server.url + path, wait_until="load")
            start_material(tab)  # its worker and the search index load only then
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(50)  # violation events are queued as tasks
            found = [*tab.evaluate("window.__csp"), *watch.errors]
            if path.startswith("no/such"):
                heading = tab.locator("h1").first.inner_text().strip()
                found += [] if heading == "404 - Not found" else [f"not the site's 404 page: {heading}"]
            if found:
                problems[path] = found
    for watch in watches:
        elsewhere += watch.elsewhere
    context.close()
    return problems, elsewhere


def test_every_page_loads_with_no_policy_violation_error_or_outside_request(chromium, served):
    """Every page at the root of a host; at /salvage/, the home page, a page at each folder depth
    and the 404 page (what differs there is only the depth of relative links)."""
    build, server = served
    paths = [page.removesuffix("index.html") for page in build.pages[:-1]]
    if build.name == "subpath":
        by_depth: dict[int, str] = {}
        for path in paths:
            by_depth.setdefault(path.count("/"), path)
        paths = list(by_depth.values())
    problems, elsewhere = crawl(chromium, server, [*paths, "no/such/page/"])
    assert not problems, problems
    assert not elsewhere, f"requests to other hosts: {elsewhere[:5]}"


def search(page, term: str):
    """Types the query as a reader does (the search box reacts to keystrokes)."""
    page.locator("input.md-search__input").click()
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(term, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.locator(".md-search-result__item > a")


def test_search_finds_a_page_and_takes_the_reader_there(tab):
    build, server, page, watch = tab
    assert watch.visit(server.url) == []
    results = search(page, "salvage therapy")
    hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 5))]
    target = next((h for h in hrefs if urlsplit(h).path.endswith(f"{server.prefix}salvage-therapy/")), None)
    assert target, f"'What is salvage therapy?' is not among the first results: {hrefs}"
    page.locator(f".md-search-result__item > a[href='{target}']").click()
    page.wait_for_url(f"**{server.prefix}salvage-therapy/**")
    assert page.locator("h1").first.inner_text().rstrip("¶ \n") == "What is salvage therapy?"
    assert page.evaluate("window.__csp") == [] and watch.errors == [] and watch.elsewhere == []


def test_hovering_a_citation_previews_its_reference(tab):
    build, server, page, watch = tab
    assert watch.visit(server.url + "salvage-therapy/") == []
    citation = page.locator("article a.footnote-ref").first
    key = citation.get_attribute("href").split("#fn:")[-1]
    reference = page.locator(f"[id='fn:{key}']").inner_text().split("\n")[0][:40].strip()
    citation.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5_000)
    assert reference and reference in " ".join(tooltip.inner_text().split())
    assert page.evaluate("window.__csp") == [] and watch.errors == []


def test_an_inline_script_without_its_hash_is_blocked_and_reported(chromium, builds, tmp_path):
    """Proves the checks above can fail: a page changed after the build (no new hash) is caught."""
    import shutil

    from local_site.nginx import Nginx

    site = tmp_path / "site"
    shutil.copytree(builds["root"].site, site, symlinks=True)
    page_file = site / "salvage-therapy/index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(
        html.replace("</body>", "<script>document.title = 'injected'</script></body>"), encoding="utf-8"
    )
    with Nginx(site, builds["root"].site_url, tmp_path / "nginx") as server:
        context, page, watch = open_tab(chromium, f"http://127.0.0.1:{server.port}")
        found = watch.visit(server.url + "salvage-therapy/")
        assert any("script-src" in problem for problem in found), found
        assert page.title() != "injected"
        context.close()


def test_offline_copy_opened_from_disk_searches_and_follows_a_result(chromium, builds):
    site = builds["offline"].site
    context, page, watch = open_tab(chromium, "file://")
    home = (site / "index.html").as_uri()
    assert watch.visit(home) == []
    results = search(page, "salvage therapy")
    hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 5))]
    target = next((h for h in hrefs if urlsplit(h).path.endswith("/salvage-therapy.html")), None)
    assert target, f"search from disk does not find the page: {hrefs}"
    page.locator(f".md-search-result__item > a[href='{target}']").click()
    page.wait_for_url("**/salvage-therapy.html**")
    assert page.locator("h1").first.inner_text().rstrip("¶ \n") == "What is salvage therapy?"
    assert page.evaluate("window.__csp") == [] and watch.errors == []
    assert not watch.elsewhere, f"the offline copy asked other hosts: {watch.elsewhere}"
    context.close()


def test_offline_copy_forgives_a_typo_and_finds_a_brand_name(chromium, builds):
    """The site's own query transform (docs/javascripts/reader-search.js) wraps the file:// search
    helper as it wraps the Web Worker."""
    site = builds["offline"].site
    context, page, watch = open_tab(chromium, "file://")
    assert watch.visit((site / "index.html").as_uri()) == []
    for query in ("lenacapvir", "Sunlenca"):
        results = search(page, query)
        page.wait_for_function("q => document.querySelector('input.md-search__input').value === q", arg=query)
        page.wait_for_timeout(300)
        hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 3))]
        assert any(urlsplit(h).path.endswith("/hiv/newer-medicines.html") for h in hrefs), (query, hrefs)
        page.locator("input.md-search__input").fill("")
    assert page.evaluate("window.__csp") == [] and watch.errors == []
    context.close()


HOSTILE_TITLE = "Rising PSA</title><script>window.pwned = 1</script>"


def test_a_script_in_front_matter_or_slipped_into_a_page_never_runs(chromium, tmp_path):
    """A stranger's title with a script, and a script put into a page's text after the build (as if the
    sanitiser had missed it): neither runs, through nginx with the generated headers or from a server
    that sends none (the pages' own meta policy)."""
    from local_site.nginx import Nginx
    from local_site.site_build import copy_project, mkdocs_build
    from local_site.static_server import SiteServer

    project = copy_project(tmp_path / "project")
    page = project / "docs/salvage-therapy.md"
    page.write_text(
        re.sub(r"^title: .*$", f'title: "{HOSTILE_TITLE}"', page.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site", env={"SITE_URL": "https://salvage.example/"})
    assert result.returncode == 0, result.stderr
    built = tmp_path / "site/salvage-therapy/index.html"
    built.write_text(
        built.read_text(encoding="utf-8").replace(
            '<article class="md-content__inner md-typeset">',
            '<article class="md-content__inner md-typeset"><script>window.slipped = 1</script>',
            1,
        ),
        encoding="utf-8",
    )
    with (
        Nginx(tmp_path / "site", "https://salvage.example/", tmp_path / "nginx") as nginx,
        SiteServer(tmp_path / "site") as plain,
    ):
        for address in (nginx.url, plain.url):
            context, tab, watch = open_tab(chromium, address.rstrip("/"))
            watch.visit(address + "salvage-therapy/")
            assert tab.title().startswith(HOSTILE_TITLE), tab.title()
            assert tab.evaluate("[window.pwned, window.slipped]") == [None, None], address
            assert any("script-src" in problem for problem in tab.evaluate("window.__csp")), address
            context.close()
