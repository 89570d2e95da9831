"""How the browser tests and the page-weight script start the machine's own Chromium (Debian's
package), never a browser downloaded by a test tool, and how they start Material's script in a page
as a reader's first interaction does."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Headless, and quiet: without the background-networking flags Chromium calls its vendor's hosts
# on its own, which would look like the site talking to other hosts.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_path() -> str | None:
    """CHROME_PATH if set, else Debian's Chromium, else any `chromium` on PATH; None if there is none."""
    candidate = os.environ.get("CHROME_PATH") or DEFAULT_CHROMIUM
    if os.access(candidate, os.X_OK):
        return candidate
    return shutil.which("chromium")


MISSING_CHROMIUM = (
    "Chromium is not installed. Install it with `apt-get install -y chromium` (Debian/Ubuntu), "
    "or set CHROME_PATH to a Chromium or Chrome program."
)


# Material's script (search, previews, the following table of contents) starts at a reader's first
# touch, scroll, mouse movement or key press, not while the page loads (scripts/theme/main.html).
MATERIAL_STARTED = "() => document.documentElement.getAttribute('data-material') === 'started'"


def start_material(page: Page) -> None:
    """Interact with a loaded page as a reader first does (a key press that changes nothing: Shift),
    and wait until Material's script has set the page up."""
    page.keyboard.press("Shift")
    page.wait_for_function(MATERIAL_STARTED)
