"""`mkdocs serve` shows a build error in the browser. MkDocs itself keeps every request waiting
until the next build succeeds, so a maintainer who made a slip sees a page that never loads and the
reason only in the terminal. Here a failed rebuild replaces each page of the preview with the
problems, each `file:line: what to do`; the page reloads itself (MkDocs' live-reload script) as soon
as the next build succeeds."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The preview cannot be built yet</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<h1>The preview cannot be built yet</h1>
<p>Fix each line below in your editor and save: this page reloads by itself once the site builds.</p>
<pre>{problems}</pre>
</main></body></html>
"""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def error_page(messages: list[str]) -> str:
    return PAGE.format(problems=html.escape("\n".join(messages) or "The build stopped (see the terminal)."))


def showing_errors(build: Callable[[], None], site_dir: Path) -> Callable[[], None]:
    """`build`, with what stops it written into every page of the preview instead of hanging it."""

    def build_or_explain() -> None:
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            build()
        except Exception as error:  # the build's own message is in the log; the page repeats it
            page = error_page([m for m in collect.messages if "Aborted" not in m] or [str(error)])
            for path in [*site_dir.rglob("*.html")] or [site_dir / "index.html"]:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page, encoding="utf-8")
            logger.error("The preview shows these problems in the browser until they are fixed.")
        finally:
            logger.removeHandler(collect)

    return build_or_explain
