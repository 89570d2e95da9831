"""Every link and #anchor inside the built site leads somewhere (checked with lychee, offline)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT

CHECK_LINKS = [sys.executable, str(ROOT / "scripts/check_links.py")]


def test_every_link_inside_the_site_works(site):
    result = subprocess.run([*CHECK_LINKS, str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_anchor_is_reported_with_its_page(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "faq/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(
        html.replace("</article>", '<a href="../glossary/#no-such-term">x</a></article>', 1), encoding="utf-8"
    )
    result = subprocess.run([*CHECK_LINKS, str(copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "no-such-term" in result.stdout and "faq/index.html" in result.stdout
