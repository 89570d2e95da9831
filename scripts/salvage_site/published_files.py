"""What docs/ may publish. Every file there is copied into the site as it is, so a file that a browser
would run (an HTML page, an SVG with a script) or a link to a file outside the checkout (a symlink to
/etc/passwd, or to .git/config with its access token) would be published by a green build. The build
refuses them, naming each file and the fix, before it copies anything."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

# Kinds of file a page or the theme uses: pages, styles, the project's scripts (docs/javascripts/),
# pictures, documents, and the build's own data files in docs/includes/.
PUBLISHED_TYPES = {".md", ".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".pdf",
                   ".yml", ".yaml", ".txt"}
SCRIPTS_FOLDER = "javascripts"
INCLUDES_FOLDER = "includes"


class _ActiveSvg(HTMLParser):
    """Scripts, event handlers, embedded pages and links that run code, in an SVG file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ("script", "foreignobject", "iframe", "embed", "object", "handler", "listener"):
            self.found.append((line, f"<{tag}>"))
        for name, value in attrs:
            target = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append((line, f"the event handler {name}="))
            elif name in ("href", "xlink:href", "src") and (target.startswith(("javascript:", "data:"))
                                                            or "//" in target.split("#")[0]):
                self.found.append((line, f"{name}=\"{value}\""))

    handle_startendtag = handle_starttag


def svg_problems(text: str) -> list[tuple[int, str]]:
    parser = _ActiveSvg()
    parser.feed(text)
    parser.close()
    return parser.found


def problems(docs_dir: Path) -> list[str]:
    """`docs/…: message` for each file docs/ must not publish."""
    found = []
    docs = docs_dir.resolve()
    for folder, subfolders, names in os.walk(docs_dir):
        for name in sorted(subfolders + names):
            path = Path(folder) / name
            shown = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
            if path.is_symlink():
                found.append(f"{shown}: is a link to another file ({os.readlink(path)}) — the site publishes "
                             "only files that are really in docs/: copy the file here instead")
        subfolders[:] = [d for d in subfolders if not (Path(folder) / d).is_symlink()]
        for name in sorted(names):
            path = Path(folder) / name
            shown = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
            suffix = path.suffix.lower()
            if path.is_symlink():
                continue
            if suffix in (".html", ".htm", ".xhtml", ".shtml"):
                found.append(f"{shown}: an HTML file would be published as it is, scripts and all — write the "
                             "page in Markdown (.md) instead")
            elif suffix not in PUBLISHED_TYPES:
                found.append(f"{shown}: files of this kind are not published (a browser might run one) — the "
                             "site publishes pages (.md), pictures (.png .jpg .webp .gif .svg) and PDFs")
            elif suffix == ".js" and path.parent.resolve() != docs / SCRIPTS_FOLDER:
                found.append(f"{shown}: scripts live in docs/{SCRIPTS_FOLDER}/ and run only when mkdocs.yml or "
                             "the theme lists them — move it there")
            elif suffix == ".svg":
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{shown}:{line}: {what} would run code when the picture is opened — remove it; a "
                          "picture may hold shapes and text only" for line, what in svg_problems(text)]
    return found
