"""Future-proofing: MkDocs 1.x gets no more releases; ProperDocs is its drop-in continuation. The site
built by ProperDocs must show readers exactly the same page content as the MkDocs build, so switching
is one line in requirements.txt. ProperDocs lives in its own virtualenv (.venv-properdocs, reused
between runs) so it never replaces MkDocs in .venv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .maintainer_helpers import ROOT

PROPERDOCS = "properdocs==1.6.7"
VENV = ROOT / ".venv-properdocs"


@pytest.fixture(scope="session")
def properdocs() -> Path:
    stamp = VENV / ".installed"
    wanted = PROPERDOCS + "\n" + (ROOT / "requirements.txt").read_text(encoding="utf-8")
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != wanted:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True, timeout=300)
        subprocess.run(
            [
                str(VENV / "bin/python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(ROOT / "requirements.txt"),
                PROPERDOCS,
            ],
            check=True,
            timeout=900,
        )
        stamp.write_text(wanted, encoding="utf-8")
    return VENV / "bin/properdocs"


def articles(site: Path) -> dict[str, str]:
    return {
        page.relative_to(site).as_posix(): str(
            BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        )
        for page in sorted(site.rglob("*.html"))
    }


def test_properdocs_builds_the_same_pages_as_mkdocs(properdocs, site, tmp_path):
    built = tmp_path / "properdocs-site"
    result = subprocess.run(
        [str(properdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", str(built)],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"ProperDocs cannot build the site:\n{result.stderr}"
    expected, got = articles(site), articles(built)
    assert sorted(got) == sorted(expected), "ProperDocs builds a different set of pages"
    differing = [page for page in expected if expected[page] != got[page]]
    assert not differing, f"page content differs between MkDocs and ProperDocs: {differing}"
