"""`mkdocs serve` only: after a save, a page whose Markdown and surroundings have not changed keeps
the HTML that Markdown made of it last time, so the preview shows the edited page sooner.

"Surroundings" are everything else a page's HTML can depend on: the Markdown and link-check settings
in mkdocs.yml, the address of every file a link can point to, and the snippet files in docs/includes/.
A page whose render logged a warning (a broken link, a missing anchor) is never kept, so the warning
comes back on every build. `scripts/build` and CI never use this: each of their builds renders every page.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents


@dataclass(frozen=True)
class _Render:
    key: tuple[str, str]
    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Renders:
    """What Markdown made of each page at the last `mkdocs serve` build."""

    def __init__(self) -> None:
        self._kept: dict[str, _Render] = {}
        self._surroundings: tuple[Files | None, str] = (None, "")

    def use_for(self, files: Files, config: MkDocsConfig) -> None:
        """Give each page of this build a Page that looks here before rendering (before the menu is
        made: MkDocs then takes these pages, with the titles the menu gives them)."""
        titles = nav_titles(config.nav or [])
        for file in files.documentation_pages():
            if file.page is None:
                _KeptPage(titles.get(file.src_uri), file, config, self)

    def surroundings(self, config: MkDocsConfig, files: Files) -> str:
        if self._surroundings[0] is not files:
            settings = (config["markdown_extensions"], config["mdx_configs"], config["validation"])
            digest = hashlib.sha256(repr(settings).encode())
            for file in sorted(files, key=lambda file: file.src_uri):
                digest.update(f"\0{file.src_uri}\0{file.url}".encode())
            for path in sorted(Path(config.docs_dir).glob("includes/**/*")):
                stat = path.stat()
                digest.update(f"\0{path}\0{stat.st_mtime_ns}\0{stat.st_size}".encode())
            self._surroundings = (files, digest.hexdigest())
        return self._surroundings[1]

    def render(self, page: Page, config: MkDocsConfig, files: Files, render: Any) -> None:
        assert page.markdown is not None
        key = (page.markdown, self.surroundings(config, files))
        kept = self._kept.get(page.file.src_uri)
        if kept is not None and kept.key == key:
            page.content, page.toc, page._title_from_render = kept.content, kept.toc, kept.title
            page.present_anchor_ids = kept.anchors
            if kept.links_to_anchors is not None:
                page.links_to_anchors = {
                    target: links
                    for uri, links in kept.links_to_anchors.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
            return
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        self._kept.pop(page.file.src_uri, None)
        if warnings.count == 0 and page.content is not None:
            links = page.links_to_anchors
            self._kept[page.file.src_uri] = _Render(
                key,
                page.content,
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {target.src_uri: dict(found) for target, found in links.items()},
            )


class _KeptPage(Page):
    def __init__(self, title: str | None, file: Any, config: MkDocsConfig, renders: Renders) -> None:
        super().__init__(title, file, config)
        self._renders = renders

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self._renders.render(self, config, files, super().render)


def nav_titles(nav: list[Any]) -> dict[str, str | None]:
    """docs path -> the title mkdocs.yml's nav gives it (None: the page's own title)."""
    titles: dict[str, str | None] = {}
    for item in nav:
        if isinstance(item, str):
            titles.setdefault(item, None)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles.setdefault(value, title)
                elif isinstance(value, list):
                    titles.update({path: t for path, t in nav_titles(value).items() if path not in titles})
    return titles
