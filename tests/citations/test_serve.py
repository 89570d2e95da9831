"""`mkdocs serve` picks up an edited page and an edited refs.bib: refs.bib lives outside docs/, so the
hooks watch it, and mkdocs-bibtex reloads it when it is newer than its last load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from local_site.static_server import free_port

GOOD = "zaorsky2021salvage"


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, what: str, limit: float = 180.0):
    """Polls until `condition()` holds; the limit only guards against a hang, it is not a timing."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


def serve(fixture_site) -> tuple[subprocess.Popen[str], str]:
    """`mkdocs serve` of the fixture site, as a maintainer runs it: (the server, its address)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=fixture_site.path,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return server, f"http://127.0.0.1:{port}/"


def test_serve_shows_an_edited_reference_after_refs_bib_changes(fixture_site):
    server, url = serve(fixture_site)
    try:
        wait_for(lambda: "Salvage therapy for" in fetch(url), "the first build to be served")
        time.sleep(1.1)  # a later modification time than mkdocs-bibtex's first load
        text = fixture_site.bib.read_text(encoding="utf-8")
        fixture_site.bib.write_text(
            text.replace("Salvage therapy for {PSA} recurrence", "Edited title about {PSA} recurrence"),
            encoding="utf-8",
        )
        wait_for(lambda: "Edited title about" in fetch(url), "the edited reference to be served")
        wait_for(
            lambda: "Edited title about" in fetch(url + "references/"), "the edited reference on the References page"
        )
        page = fixture_site.path / "docs/index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added while serving.\n", encoding="utf-8")
        wait_for(lambda: "A sentence added while serving." in fetch(url), "the edited page to be served")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_serve_shows_a_build_error_in_the_browser_and_recovers_once_it_is_fixed(fixture_site):
    """A maintainer's slip: the preview says what to fix instead of leaving the browser waiting."""
    server, url = serve(fixture_site)
    page = fixture_site.path / "docs/index.md"
    good = page.read_text(encoding="utf-8")
    try:
        wait_for(lambda: "Salvage therapy for" in fetch(url), "the first build to be served")
        page.write_text(good + "\nA claim with a typo in its key [@zaorsky2021salvag].\n", encoding="utf-8")
        wait_for(lambda: "The preview cannot be built yet" in fetch(url), "the error page")
        shown = fetch(url)
        assert "docs/index.md:" in shown and "zaorsky2021salvag" in shown and "did you mean" in shown, shown
        page.write_text(good + "\nA fixed claim [@zaorsky2021salvage].\n", encoding="utf-8")
        wait_for(lambda: "A fixed claim" in fetch(url), "the page again once the error is fixed")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
