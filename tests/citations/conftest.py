"""Fixtures for the citation tests: a tiny site (tests/citations/fixture_site) copied to a temporary folder
with the project's own scripts/, so each test can add exactly one defect and check or build it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from local_site.site_build import copy_project, mkdocs_build
from salvage_site.reference_check import check_site, layout_from_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

PAGE_HEAD = """---
title: Test page
description: A page with one defect.
last_reviewed: 2026-11-28
next_review: 2027-11-28
---

# Test page

"""
HEAD_LINES = PAGE_HEAD.count("\n")


class FixtureSite:
    def __init__(self, path: Path):
        self.path = path

    @property
    def bib(self) -> Path:
        return self.path / "refs.bib"

    def write(self, relative: str, text: str) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def add_page(self, body: str, name: str = "defect.md") -> int:
        """Adds a page (and its menu entry); returns the line number of the body's first line."""
        self.write(f"docs/{name}", PAGE_HEAD + body)
        config = self.path / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "  - References: references.md", f"  - Defect: {name}\n  - References: references.md"
            ),
            encoding="utf-8",
        )
        return HEAD_LINES + 1

    def append_bib(self, text: str) -> int:
        """Appends entries to refs.bib; returns the line number where they start."""
        old = self.bib.read_text(encoding="utf-8")
        self.bib.write_text(old + "\n" + text, encoding="utf-8")
        return old.count("\n") + 2

    def check(self):
        return check_site(layout_from_file(self.path / "mkdocs.yml"))

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                str(self.path / "scripts/check_references.py"),
                "--config",
                str(self.path / "mkdocs.yml"),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    def build(self) -> subprocess.CompletedProcess[str]:
        return mkdocs_build(self.path, self.path.parent / "built")


@pytest.fixture
def fixture_site(tmp_path) -> FixtureSite:
    return FixtureSite(copy_project(tmp_path / "site", site=HERE / "fixture_site"))


@pytest.fixture(scope="module")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean fixture site, built once for the rendering tests."""
    copy = copy_project(tmp_path_factory.mktemp("clean") / "site", site=HERE / "fixture_site")
    result = mkdocs_build(copy, copy.parent / "built")
    assert result.returncode == 0, f"the fixture site does not build:\n{result.stdout}\n{result.stderr}"
    return copy.parent / "built"
