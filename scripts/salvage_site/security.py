"""The site's security headers and cache rules: one source of truth, applied at the end of each build.

The build hashes the theme's and the project's inline scripts of each page as it is written (so the
Content-Security-Policy can never go stale, and never trusts a page's own text, which safe_html has
cleaned), and writes the policy three ways:

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
from collections.abc import Mapping
from dataclasses import dataclass
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

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

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


# An address the build writes into pages, headers and the nginx file: a quote, bracket, space or
# semicolon there would end an HTML attribute or an nginx directive early.
SAFE_ADDRESS = re.compile(
    r"(?:https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%/+-]*)?|mailto:[^\s\"'<>;{}\\]+)", re.IGNORECASE
)
# An issue form's address may choose its template: ?template=…&labels=….
SAFE_QUERY = re.compile(r"\?[A-Za-z0-9._~%+=&-]*")
ADDRESS_SETTINGS = {
    "SITE_URL": "https://example.org/ or https://example.org/salvage/",
    "EDIT_URI": "https://github.com/OWNER/REPO/edit/main/docs/",
    "REPORT_PROBLEM": "mailto:editors@example.org or https://github.com/OWNER/REPO/issues/new",
}


def address_problems(config: MkDocsConfig) -> list[str]:
    """Each deploy setting that is not a plain web or e-mail address, with what to write instead."""
    values = {
        "SITE_URL": config.site_url or "",
        "EDIT_URI": config.edit_uri or "",
        "REPORT_PROBLEM": str(config.extra.get("report_problem") or ""),
    }
    problems = []
    for name, value in values.items():
        if name == "REPORT_PROBLEM" and "@" in value and ":" not in value:
            value = f"mailto:{value}"
        address, _, query = value.partition("?")
        if value and not (
            SAFE_ADDRESS.fullmatch(address)
            and (not query or (name != "SITE_URL" and SAFE_QUERY.fullmatch("?" + query)))
        ):
            problems.append(
                f"{name}={value!r} is not a plain web or e-mail address — write it like "
                f"{ADDRESS_SETTINGS[name]} (no quotes, spaces, brackets or semicolons)"
            )
    return problems


def url_prefix(site_url: str | None) -> str:
    """The path the site is served under: '/' or e.g. '/salvage/'."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def meta_tags(policy: Policy) -> str:
    csp = html.escape(policy.csp(for_meta=True), quote=False)
    return (
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '\n      <meta name="referrer" content="no-referrer">'
    )


def add_meta_tags(page_html: str, tags: str) -> str:
    """Put the policy first in <head>, before anything it governs."""
    if CSP_META_MARK in page_html:
        return page_html
    match = META_CHARSET.search(page_html) or re.search(r"<head[^>]*>", page_html, re.IGNORECASE)
    if not match:
        return page_html
    return f"{page_html[: match.end()]}\n      {tags}{page_html[match.end() :]}"


def fingerprinted_files(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*")
        if p.is_file() and FINGERPRINTED.search(p.relative_to(site_dir).as_posix())
    )


def headers_file(policy: Policy, prefix: str, fingerprinted: list[str]) -> str:
    """Netlify / Cloudflare Pages `_headers`. Both send every rule that matches a path and join
    repeated headers, so Cache-Control appears in one rule per file only; pages get those hosts'
    default `max-age=0, must-revalidate`."""
    lines = ["# Generated by the site build (scripts/salvage_site/security.py); rebuild, do not edit.", f"{prefix}*"]
    lines += [f"  {name}: {value}" for name, value in policy.headers().items()]
    for path in fingerprinted:
        lines += [f"{prefix}{path}", f"  Cache-Control: {CACHE_FOREVER}"]
    return "\n".join(lines) + "\n"


NGINX_TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "application/javascript": "js mjs",
    "application/json": "json map",
    "application/manifest+json": "webmanifest",
    "application/xml": "xml",
    "text/plain": "txt",
    "image/svg+xml": "svg",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "application/pdf": "pdf",
    "application/gzip": "gz",
}
COMPRESSIBLE = (
    "text/css",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "text/plain",
    "image/svg+xml",
)


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
        # For nginx's own responses (400 for a malformed request, 414, …) that no location handles.
        *security,
        "server_tokens off;",
        "absolute_redirect off;",
        "charset utf-8;",
        f"charset_types {' '.join(COMPRESSIBLE)};",
        "types {",
        *types,
        "}",
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


def prepare_config(config: MkDocsConfig) -> None:
    """Deploy settings checked before anything uses them."""
    problems = address_problems(config)
    if problems:
        raise SecurityProblem("Deploy settings cannot be used:\n  " + "\n  ".join(problems))


def protect_page(page_html: str, content: str = "", *, meta: bool = True) -> tuple[str, frozenset[str]]:
    """A built page with its policy in a meta tag, and the hashes of its inline scripts. Only the
    theme's and the project's scripts are hashed: the page's own `content` (already cleaned by
    safe_html) is taken out first, so nothing an editor wrote can ever be trusted. The meta policy lets
    only the page's own template scripts run; the host's headers allow every page's."""
    template = page_html.replace(content, "", 1) if content else page_html
    hashes = frozenset(script_hash(source) for source in inline_scripts(template))
    if meta:
        page_html = add_meta_tags(page_html, meta_tags(Policy(tuple(sorted(hashes)))))
    return page_html, hashes


def finish_site(
    config: MkDocsConfig, *, meta: bool, pages: Mapping[str, frozenset[str]], problems: tuple[str, ...]
) -> Policy:
    """Stop for what the sanitiser dropped, add the meta policy, write the host files. `pages`: the
    built pages, already protected as they were written, with their template scripts' hashes. Every
    other HTML file in the site is the theme's (the build refuses HTML files in docs/)."""
    if problems:
        raise SecurityProblem(
            "These pages have markup the site does not allow (nothing was published):\n  " + "\n  ".join(problems)
        )
    site_dir = Path(config.site_dir)
    hashes: set[str] = set().union(*pages.values())
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).as_posix() not in pages:
            text, own = protect_page(path.read_text(encoding="utf-8"), meta=meta)
            path.write_text(text, encoding="utf-8")
            hashes |= own
    policy = Policy(tuple(sorted(hashes)))
    prefix = url_prefix(config.site_url)
    (site_dir / HEADERS_FILE).write_text(headers_file(policy, prefix, fingerprinted_files(site_dir)), encoding="utf-8")
    (site_dir / NGINX_DIR).mkdir(exist_ok=True)
    (site_dir / NGINX_FILE).write_text(nginx_include(policy, prefix), encoding="utf-8")
    return policy
