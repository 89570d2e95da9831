"""The preview (`mkdocs serve`) rebuilds only what changed, and what a maintainer sees after a save is
what a fresh build of the same files shows: the edited page, every other page unchanged, and a link
that the save broke still reported, even from a page that was not itself edited."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from local_site.site_build import copy_project

# Each line on stdin is one build, as `mkdocs serve` makes one after a save: a fresh reading of
# mkdocs.yml, the same hooks (MkDocs loads them once per process), on_startup once, at the start.
SERVE_LIKE = """
import logging
import sys
from mkdocs.config import load_config
from mkdocs.commands.build import build
project, out = sys.argv[1], sys.argv[2]
url = "http://127.0.0.1:8000/"
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(message)s")
for number, _ in enumerate(sys.stdin):
    config = load_config(f"{project}/mkdocs.yml", site_dir=f"{out}/{number}")
    if number == 0:
        config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = url
    try:
        build(config, serve_url=url)
    except BaseException as stop:
        print("the build stopped:", stop, file=sys.stderr, flush=True)
    print(f"--- build {number} done", file=sys.stderr, flush=True)
    print(number, flush=True)
"""

EDITED = "hiv/after-a-change.md"
LINKED_FROM = "living-with/costs.md"  # links to EDITED#paying-for-hiv-treatment


class Preview:
    def __init__(self, project: Path, out: Path) -> None:
        self.out, self.log = out, out / "log.txt"
        out.mkdir()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE_LIKE, str(project), str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        )

    def rebuild(self) -> Path:
        """The site as the preview serves it after one more build."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        number = self.process.stdout.readline().strip()
        assert number, f"the preview stopped:\n{self.log.read_text()}"
        return self.out / number

    def messages(self) -> str:
        return self.log.read_text(encoding="utf-8").rsplit("--- build", 2)[-2]

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def preview(tmp_path):
    running = Preview(copy_project(tmp_path / "project"), tmp_path / "served")
    yield running
    running.close()


def pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def test_after_a_save_the_edited_page_changes_and_every_other_page_is_what_a_fresh_build_makes(preview, site):
    before = pages(preview.rebuild())
    page = preview.out.parent / "project" / "docs" / EDITED
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence the maintainer just saved.\n", encoding="utf-8")
    after = pages(preview.rebuild())
    edited = EDITED.removesuffix(".md") + "/index.html"
    assert "A sentence the maintainer just saved." in after[edited]
    assert "A sentence the maintainer just saved." not in before[edited]
    # The References page lists where each source is cited: it may change with any page.
    unchanged = set(before) - {edited, "references/index.html"}
    assert [name for name in sorted(unchanged) if after[name] != before[name]] == []
    # The preview's menu is the deployed build's: it names each page as mkdocs.yml's nav does.
    built = pages(site)
    for name in ("index.html", "prostate/index.html", edited):
        assert menu(after[name]) == menu(built[name]), name
    assert "Rising PSA after treatment" in menu(after["prostate/index.html"])


def menu(page: str) -> list[str]:
    primary = BeautifulSoup(page, "html.parser").select_one("nav.md-nav--primary")
    assert primary is not None
    return [link.get_text(" ", strip=True) for link in primary.select("a")]


def test_a_heading_renamed_in_one_page_is_reported_in_the_unedited_page_that_links_to_it(preview):
    preview.rebuild()
    assert "paying-for-hiv-treatment" not in preview.messages()
    page = preview.out.parent / "project" / "docs" / EDITED
    text = page.read_text(encoding="utf-8")
    assert "## Paying for HIV treatment" in text
    page.write_text(text.replace("## Paying for HIV treatment", "## What HIV treatment costs"), encoding="utf-8")
    preview.rebuild()
    said = preview.messages()
    assert LINKED_FROM in said and "paying-for-hiv-treatment" in said, said
