"""The site's security headers and cache rules: one source of truth, applied at the end of each build.

The build hashes every inline script of each page as it is written (so the Content-Security-Policy
can never go stale), refuses markup the policy would block, and writes the policy three ways:

- `_headers` in the built folder, read by Netlify and Cloudflare Pages;
- `_nginx/salvage.conf`, an include for an nginx `server { }` block (headers, cache rules, MIME types,
  gzip, the 404 page);
- a `<meta http-equiv="Content-Security-Policy">` in every page, for hosts that cannot send headers
  (GitHub Pages), allowing only that page's own inline scripts; the headers allow every page's.
  Browsers ignore `frame-ancestors` in a meta tag, so it is left out there: only a host that sends
  headers can stop other sites framing the pages.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

HEADERS_FILE = "_headers"
NGINX_DIR = "_nginx"
NGINX_FILE = f"{NGINX_DIR}/salvage.conf"

# Material puts a content hash in the names of its theme files (main.57a0d79d.min.css): a new version
# gets a new name, so these can be cached for a year without ever going stale.
FINGERPRINTED = re.compile(r"(^|/)assets/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$")
FINGERPRINTED_NGINX = r"assets/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"
CACHE_FOREVER = "public, max-age=31536000, immutable"
# Pages and every other file: the browser may keep a copy but must ask the server before using it.
CACHE_REVALIDATE = "no-cache"

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
    "geolocation", "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking",
))

# Offline builds (SITE_OFFLINE=true, `scripts/build --offline`) are opened from disk, where browsers
# refuse Web Workers; this small script runs the search worker in a hidden frame instead. Its name
# contains "iframe-worker" so Material's offline plugin does not add its own copy from a CDN.
FILE_WORKER_SOURCE = Path(__file__).with_name("iframe-worker.js")
FILE_WORKER_PATH = "assets/javascripts/iframe-worker.js"

# Script types a browser runs; anything else (application/json, application/ld+json) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
META_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
CSP_META_MARK = 'http-equiv="Content-Security-Policy"'


class SecurityProblem(Exception):
    """Markup in the built site that the Content-Security-Policy would block."""


@dataclass(frozen=True)
class Policy:
    """Everything the host sends with each response, computed from the built site."""

    script_hashes: tuple[str, ...]

    def csp(self, *, for_meta: bool = False) -> str:
        directives = [
            ("default-src", "'self'"),
            ("script-src", " ".join(["'self'", *(f"'{h}'" for h in self.script_hashes)])),
            # Material styles everything from its stylesheets; no inline <style> or style="".
            ("style-src", "'self'"),
            # Material's icons are SVG data: URLs inside its stylesheet.
            ("img-src", "'self' data:"),
            ("font-src", "'self'"),
            ("connect-src", "'self'"),
            ("worker-src", "'self'"),
            ("manifest-src", "'self'"),
            ("object-src", "'none'"),
            ("base-uri", "'self'"),
            ("form-action", "'self'"),
            # Ignored (with a console error) in a meta tag: headers only.
            ("frame-ancestors", "'none'"),
        ]
        if for_meta:
            directives = [d for d in directives if d[0] != "frame-ancestors"]
        return "; ".join(f"{name} {value}" for name, value in directives)

    def headers(self) -> dict[str, str]:
        """Security headers sent with every response (pages, files and the 404 page)."""
        return {
            "Content-Security-Policy": self.csp(),
            "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Permissions-Policy": PERMISSIONS_POLICY,
            "Cross-Origin-Opener-Policy": "same-origin",
            "Cross-Origin-Resource-Policy": "same-origin",
            "X-Frame-Options": "DENY",
        }


def script_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


def attributes(tag_attributes: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "") for m in ATTRIBUTE.finditer(tag_attributes)}


def inline_scripts(page_html: str) -> list[str]:
    """The source of every inline script a browser would run, exactly as written in the page."""
    found = []
    for match in SCRIPT.finditer(page_html):
        attrs = attributes(match[1])
        if "src" not in attrs and attrs.get("type", "").strip().lower() in SCRIPT_TYPES:
            found.append(match[2])
    return found


# Elements that make the browser fetch something as the page loads (links to read are fine).
LOADING_TAGS = {"script", "link", "img", "iframe", "video", "audio", "source", "embed", "object"}
LOADING_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "preconnect",
                 "dns-prefetch", "prefetch"}


class _BlockedMarkup(HTMLParser):
    """Finds what the policy blocks besides inline scripts: event-handler attributes, javascript:
    links, style attributes and <style> elements, and scripts loaded from other hosts. Each problem is
    (line in the HTML, text to look for in the Markdown it came from, message)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.problems.append((line, f"{name}=", f"<{tag} {name}=…> runs inline code — "
                                      "use a script file in docs/ instead"))
            elif name == "style":
                self.problems.append((line, "style=", f"<{tag} style=\"…\"> — move the styling to "
                                      "docs/stylesheets/extra.css (inline styles are blocked)"))
            elif name in ("href", "src", "action") and value.lower().startswith("javascript:"):
                self.problems.append((line, "javascript:", f"<{tag} {name}=\"javascript:…\"> is blocked"))
        if tag == "style":
            self.problems.append((line, "<style", "<style> element — move it to docs/stylesheets/extra.css"))
        named = dict(attrs)
        loaded = named.get("src") or ""
        if tag == "link" and set((named.get("rel") or "").split()) & LOADING_LINKS:
            loaded = named.get("href") or ""
        if tag in LOADING_TAGS and urlsplit(loaded).netloc:
            self.problems.append((line, loaded, f"<{tag}> loads {loaded} — the site must make no "
                                  "requests to other hosts; put the file in docs/ instead"))


# Text that every kind of blocked markup contains; a page without any is not parsed at all. It may
# match more than is blocked (then the parser decides), never less. Searched in the lower-cased page,
# case-sensitively, each pattern starting with plain letters: one pattern ignoring case and starting
# with "a space or a quote" took longer than parsing most pages.
EVENT_OR_STYLE = re.compile(r"(?:on[\w:.-]*|style)\s*=")   # an attribute where it follows a space, quote or /
EVENT_OR_STYLE_AFTER = frozenset(" \t\n\r\f\"'/")
STYLE_ELEMENT = re.compile(r"<style[\s>/]")
LOADS_FROM_ANOTHER_HOST = re.compile(
    r"""<(?:script|link|img|iframe|video|audio|source|embed|object)\b[^<]*?(?:src|href)\s*=\s*["']?[\w+.-]*:?//""")


def may_be_blocked(page_html: str) -> bool:
    text = page_html.lower()
    if "javascript:" in text or STYLE_ELEMENT.search(text) or LOADS_FROM_ANOTHER_HOST.search(text):
        return True
    return any(match.start() and text[match.start() - 1] in EVENT_OR_STYLE_AFTER
               for match in EVENT_OR_STYLE.finditer(text))


def _problems(page_html: str) -> list[tuple[int, str, str]]:
    if not may_be_blocked(page_html):
        return []
    parser = _BlockedMarkup()
    parser.feed(page_html)
    parser.close()
    return parser.problems


def blocked_markup(page_html: str) -> list[str]:
    """What the policy would block in a built file, each problem with its line."""
    return [f"line {line}: {message}" for line, _, message in _problems(page_html)]


def blocked_in_page(page_html: str, source_path: str | None) -> list[tuple[int | None, str]]:
    """What the policy would block in a page's text (the HTML its Markdown gave): each problem with
    the line of the Markdown file at `source_path` it comes from, where it can be found there."""
    problems = _problems(page_html)
    if not problems:
        return []
    source = Path(source_path).read_text(encoding="utf-8") if source_path else ""
    lines = source.lower().splitlines()
    return [(next((number for number, text in enumerate(lines, 1) if needle.lower() in text), None), message)
            for _, needle, message in problems]


def url_prefix(site_url: str | None) -> str:
    """The path the site is served under: '/' or e.g. '/salvage/'."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def meta_tags(policy: Policy) -> str:
    csp = html.escape(policy.csp(for_meta=True), quote=False)
    return (f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            '\n      <meta name="referrer" content="no-referrer">')


def add_meta_tags(page_html: str, tags: str) -> str:
    """Put the policy first in <head>, before anything it governs."""
    if CSP_META_MARK in page_html:
        return page_html
    match = META_CHARSET.search(page_html) or re.search(r"<head[^>]*>", page_html, re.IGNORECASE)
    if not match:
        return page_html
    return f"{page_html[:match.end()]}\n      {tags}{page_html[match.end():]}"


def fingerprinted_files(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
                  if p.is_file() and FINGERPRINTED.search(p.relative_to(site_dir).as_posix()))


def headers_file(policy: Policy, prefix: str, fingerprinted: list[str]) -> str:
    """Netlify / Cloudflare Pages `_headers`. Both send every rule that matches a path and join
    repeated headers, so Cache-Control appears in one rule per file only; pages get those hosts'
    default `max-age=0, must-revalidate`."""
    lines = ["# Generated by the site build (scripts/salvage_site/security.py); rebuild, do not edit.",
             f"{prefix}*"]
    lines += [f"  {name}: {value}" for name, value in policy.headers().items()]
    for path in fingerprinted:
        lines += [f"{prefix}{path}", f"  Cache-Control: {CACHE_FOREVER}"]
    return "\n".join(lines) + "\n"


NGINX_TYPES = {
    "text/html": "html htm", "text/css": "css", "application/javascript": "js mjs",
    "application/json": "json map", "application/manifest+json": "webmanifest",
    "application/xml": "xml", "text/plain": "txt", "image/svg+xml": "svg", "image/png": "png",
    "image/jpeg": "jpg jpeg", "image/webp": "webp", "image/gif": "gif", "image/x-icon": "ico",
    "font/woff2": "woff2", "application/pdf": "pdf", "application/gzip": "gz",
}
COMPRESSIBLE = ("text/css", "application/javascript", "application/json", "application/manifest+json",
                "application/xml", "text/plain", "image/svg+xml")


def nginx_include(policy: Policy, prefix: str) -> str:
    """Lines for inside an nginx `server { }` whose `root` holds the built folder at `prefix`.
    nginx drops inherited add_header lines in any location that has its own, so each location
    repeats the full set."""
    security = [f'add_header {name} "{value}" always;' for name, value in policy.headers().items()]

    def location(match: str, cache: str, *extra: str) -> list[str]:
        body = [f'add_header Cache-Control "{cache}" always;', *security, *extra]
        return [f"location {match} {{", *(f"    {line}" for line in body), "}"]

    types = [f"    {mime} {exts};" for mime, exts in NGINX_TYPES.items()]
    lines = [
        "# Generated by the site build (scripts/salvage_site/security.py); rebuild, do not edit.",
        f"# Serves the site at {prefix}: include it inside a server {{ }} block whose root holds it there.",
        "server_tokens off;",
        "absolute_redirect off;",
        "charset utf-8;",
        f"charset_types {' '.join(COMPRESSIBLE)};",
        "types {", *types, "}",
        "default_type application/octet-stream;",
        "gzip on;",
        "gzip_vary on;",
        "gzip_comp_level 6;",
        "gzip_min_length 256;",
        f"gzip_types {' '.join(COMPRESSIBLE)};",
        f"error_page 404 {prefix}404.html;",
        # Files for the host itself, never for readers.
        f"location ^~ {prefix}{NGINX_DIR}/ {{ return 404; }}",
        f"location = {prefix}{HEADERS_FILE} {{ return 404; }}",
        # Quoted: the {8} in the pattern would otherwise end the directive.
        *location(f'~ "^{re.escape(prefix)}{FINGERPRINTED_NGINX}"', CACHE_FOREVER),
        *location(prefix, CACHE_REVALIDATE, "try_files $uri $uri/ =404;"),
    ]
    return "\n".join(lines) + "\n"


def is_offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def prepare_config(config: MkDocsConfig) -> None:
    """An offline build (to open from disk) takes its search helper from the site itself, never from
    a CDN, and has no instant navigation (it needs a server)."""
    if not is_offline(config):
        return
    config.use_directory_urls = False
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), FILE_WORKER_PATH]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f != "navigation.instant"]


def protect_page(page_html: str, *, meta: bool = True) -> tuple[str, frozenset[str]]:
    """A built page with its policy in a meta tag, and the hashes of its inline scripts. The meta
    policy lets only the page's own inline scripts run; the host's headers allow every page's."""
    hashes = frozenset(script_hash(source) for source in inline_scripts(page_html))
    if meta:
        page_html = add_meta_tags(page_html, meta_tags(Policy(tuple(sorted(hashes)))))
    return page_html, hashes


def finish_site(config: MkDocsConfig, *, meta: bool, pages: Mapping[str, frozenset[str]],
                problems: tuple[str, ...]) -> Policy:
    """Check for blocked markup, add the meta policy, write the host files. `pages`: the built files
    (paths in the site) already protected as they were written, with their script hashes; their own
    text was checked as it was built (blocked_in_page, giving `problems`), and the theme around that
    text is the project's code. Every other HTML file in the site is read and protected here."""
    site_dir = Path(config.site_dir)
    hashes: set[str] = set().union(*pages.values())
    found = list(problems)
    others = {}
    for path in sorted(site_dir.rglob("*.html")):
        shown = path.relative_to(site_dir).as_posix()
        if shown not in pages:
            text = path.read_text(encoding="utf-8")
            found += [f"{shown}: {problem}" for problem in blocked_markup(text)]
            others[path], own = protect_page(text, meta=meta)
            hashes |= own
    if found:
        raise SecurityProblem("The security policy would block parts of these pages:\n  "
                              + "\n  ".join(found))
    for path, text in others.items():
        path.write_text(text, encoding="utf-8")
    policy = Policy(tuple(sorted(hashes)))
    prefix = url_prefix(config.site_url)
    (site_dir / HEADERS_FILE).write_text(
        headers_file(policy, prefix, fingerprinted_files(site_dir)), encoding="utf-8")
    (site_dir / NGINX_DIR).mkdir(exist_ok=True)
    (site_dir / NGINX_FILE).write_text(nginx_include(policy, prefix), encoding="utf-8")
    if is_offline(config):
        shutil.copyfile(FILE_WORKER_SOURCE, site_dir / FILE_WORKER_PATH)
    return policy
