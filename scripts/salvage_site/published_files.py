"""What docs/ may publish. Every file there is copied into the site as it is, so a file that a browser
would run (an HTML page, an SVG with a script) or a link to a file outside the checkout (a symlink to
/etc/passwd, or to .git/config with its access token) would be published by a green build. The build
refuses them, naming each file and the fix, before it copies anything."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

# Kinds of file a page or the theme uses: pages, styles, the project's scripts (docs/javascripts/),
# pictures, documents, and the build's own data files in docs/includes/.
PUBLISHED_TYPES = {
    ".md",
    ".css",
    ".js",
    ".svg",
    ".png",
    ".jpg",
    ".jpeg",
    ".webp",
    ".gif",
    ".ico",
    ".pdf",
    ".yml",
    ".yaml",
    ".txt",
}
SCRIPTS_FOLDER = "javascripts"
INCLUDES_FOLDER = "includes"


# What a picture may hold: shapes, text, gradients, clipping and references within the file. Anything
# else (scripts under any prefix, animation that can rewrite a link, embedded pages) is refused.
SVG_ELEMENTS = frozenset(
    """
    svg g path rect circle ellipse line polyline polygon text tspan textpath title desc metadata defs symbol
    use lineargradient radialgradient stop clippath mask pattern marker filter feblend fecolormatrix
    fecomposite feflood fegaussianblur femerge femergenode feoffset
""".split()
)


class _ActiveSvg(HTMLParser):
    """What in an SVG file could run code or load something: elements outside SVG_ELEMENTS (by local
    name, whatever their prefix), event handlers, links that leave the file, DTDs and entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_decl(self, decl: str) -> None:
        self.found.append((self.getpos()[0], "a DOCTYPE (its entities can hide a script)"))

    def unknown_decl(self, data: str) -> None:
        self.handle_decl(data)

    def handle_pi(self, data: str) -> None:
        if not data.lower().startswith("xml "):
            self.found.append((self.getpos()[0], f"the instruction <?{data.split()[0] if data.split() else ''}>"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag.rpartition(":")[2] not in SVG_ELEMENTS:
            self.found.append((line, f"<{tag}>"))
        for name, value in attrs:
            target = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            local = name.rpartition(":")[2]
            if local.startswith("on"):
                self.found.append((line, f"the event handler {name}="))
            elif (local in ("href", "src") and not target.startswith("#")) or (
                "url(" in target and not re.fullmatch(r"[^()]*(url\(#[\w.-]+\)[^()]*)*", target)
            ):
                self.found.append((line, f'{name}="{value}"'))

    handle_startendtag = handle_starttag


def svg_problems(text: str) -> list[tuple[int, str]]:
    parser = _ActiveSvg()
    parser.feed(text)
    parser.close()
    if "<!entity" in text.lower() and not any("DOCTYPE" in what for _, what in parser.found):
        parser.found.append((1, "an entity declaration"))
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
                found.append(
                    f"{shown}: is a link to another file ({os.readlink(path)}) — the site publishes "
                    "only files that are really in docs/: copy the file here instead"
                )
        subfolders[:] = [d for d in subfolders if not (Path(folder) / d).is_symlink()]
        for name in sorted(names):
            path = Path(folder) / name
            shown = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
            suffix = path.suffix.lower()
            if path.is_symlink():
                continue
            if suffix in (".html", ".htm", ".xhtml", ".shtml"):
                found.append(
                    f"{shown}: an HTML file would be published as it is, scripts and all — write the "
                    "page in Markdown (.md) instead"
                )
            elif suffix not in PUBLISHED_TYPES:
                found.append(
                    f"{shown}: files of this kind are not published (a browser might run one) — the "
                    "site publishes pages (.md), pictures (.png .jpg .webp .gif .svg) and PDFs"
                )
            elif suffix == ".js" and path.parent.resolve() != docs / SCRIPTS_FOLDER:
                found.append(
                    f"{shown}: scripts live in docs/{SCRIPTS_FOLDER}/ and run only when mkdocs.yml or "
                    "the theme lists them — move it there"
                )
            elif suffix == ".svg":
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [
                    f"{shown}:{line}: {what} would run code when the picture is opened — remove it; a "
                    "picture may hold shapes and text only"
                    for line, what in svg_problems(text)
                ]
    return found
