"""What every response must carry, written out here independently of the code that generates it, so a
header dropped from the generator (or a weakened value) fails the tests."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup
from html_parts import attr

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
FINGERPRINT = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$")


@cache
def soup_of(page: Path) -> BeautifulSoup:
    """A built page, parsed once per test run (treat it as read-only)."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def page_script_hashes(page: Path) -> frozenset[str]:
    """sha256 of every inline script a browser would run in one built page."""
    hashes = set()
    for script in soup_of(page).find_all("script"):
        if script.get("src") or attr(script, "type", "").lower() in DATA_SCRIPT_TYPES:
            continue
        digest = hashlib.sha256((script.string or "").encode("utf-8")).digest()
        hashes.add("sha256-" + base64.b64encode(digest).decode())
    return frozenset(hashes)


@cache
def inline_script_hashes(site: Path) -> frozenset[str]:
    """sha256 of every inline script a browser would run, in every built page."""
    return frozenset().union(*(page_script_hashes(page) for page in site.rglob("*.html")))


def fingerprinted(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*") if FINGERPRINT.match(p.relative_to(site).as_posix())
    )


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_policy(policy: str, where: str, hashes, *, meta: bool = False) -> None:
    csp = directives(policy)
    assert csp.get("default-src") == ["'self'"], f"{where}: default-src {csp.get('default-src')}"
    for name, value in {"object-src": "'none'", "base-uri": "'self'", "form-action": "'self'"}.items():
        assert csp.get(name) == [value], f"{where}: {name} is {csp.get(name)}, not {value}"
    if meta:  # browsers ignore frame-ancestors in a meta tag and report it as an error
        assert "frame-ancestors" not in csp, f"{where}: frame-ancestors in a meta policy"
    else:
        assert csp.get("frame-ancestors") == ["'none'"], f"{where}: the page can be framed"
    scripts = csp.get("script-src", [])
    assert scripts and scripts[0] == "'self'", f"{where}: script-src {scripts}"
    for weak in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert weak not in scripts, f"{where}: script-src allows {weak}"
    for name, sources in csp.items():
        assert not any(re.match(r"https?://", s) for s in sources), f"{where}: {name} allows {sources}"
    missing = sorted(h for h in hashes if f"'{h}'" not in scripts)
    assert not missing, f"{where}: inline scripts without their hash in the policy: {missing}"
    assert "'unsafe-inline'" not in csp.get("style-src", []), f"{where}: inline styles allowed"


def assert_security_headers(headers, where: str, hashes) -> None:
    """`headers`: anything with .get_all(name) or a dict name -> [values]."""

    def values(name):
        found = headers.get_all(name) if hasattr(headers, "get_all") else headers.get(name)
        return list(found or [])

    for name in (
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert len(values(name)) == 1, f"{where}: {name} sent {len(values(name))} times, not once"
    assert_policy(values("Content-Security-Policy")[0], where, hashes)
    hsts = values("Strict-Transport-Security")[0]
    age = re.search(r"max-age=(\d+)", hsts)
    assert age and int(age[1]) >= 31536000, f"{where}: HSTS {hsts}"
    assert values("X-Content-Type-Options") == ["nosniff"]
    assert values("Referrer-Policy") == ["no-referrer"], f"{where}: the referrer leaks"
    permissions = values("Permissions-Policy")[0]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, f"{where}: Permissions-Policy allows {feature}"
    assert values("Cross-Origin-Opener-Policy") == ["same-origin"]
    assert values("X-Frame-Options") == ["DENY"]


def parse_headers_file(text: str) -> list[tuple[str, dict[str, list[str]]]]:
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines."""
    rules: list[tuple[str, dict[str, list[str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), f"_headers:{number}: a rule must start with a path: {line}"
            rules.append((line.strip(), {}))
            continue
        name, sep, value = line.strip().partition(":")
        assert sep and rules and name and value.strip(), f"_headers:{number}: not 'Name: value': {line}"
        assert len(line) <= 2000, f"_headers:{number}: longer than Cloudflare Pages accepts"
        rules[-1][1].setdefault(name.strip(), []).append(value.strip())
    return rules


def headers_for(rules, path: str) -> dict[str, list[str]]:
    """Every header the host sends for `path`: all matching rules, joined (as both hosts do)."""
    merged: dict[str, list[str]] = {}
    for pattern, headers in rules:
        regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
        if re.match(regex, path):
            for name, values in headers.items():
                merged.setdefault(name, []).extend(values)
    return merged
