"""The header files the build writes for hosts (Netlify / Cloudflare Pages `_headers`, the nginx
include) and the meta policy in every page (GitHub Pages, allowing only that page's own inline scripts),
read back the way each host reads them."""

from __future__ import annotations

import re

import pytest
from html_parts import attr, present

from .headers import (
    assert_policy,
    assert_security_headers,
    directives,
    fingerprinted,
    headers_for,
    inline_script_hashes,
    page_script_hashes,
    parse_headers_file,
    soup_of,
)

PREFIX = {"root": "/", "subpath": "/salvage/", "offline": "/"}


@pytest.mark.parametrize("name", ["root", "subpath"])
def test_headers_file_gives_every_file_the_security_headers_and_right_cache_rule(builds, name):
    build = builds[name]
    rules = parse_headers_file((build.site / "_headers").read_text(encoding="utf-8"))
    hashes = inline_script_hashes(build.site)
    hashed = set(fingerprinted(build.site))
    assert hashed, "no fingerprinted theme files found"
    for file in sorted(p for p in build.site.rglob("*") if p.is_file()):
        path = file.relative_to(build.site).as_posix()
        headers = headers_for(rules, PREFIX[name] + path)
        assert_security_headers(headers, f"_headers for {path}", hashes)
        if path in hashed:
            assert headers.get("Cache-Control") == ["public, max-age=31536000, immutable"], path
        else:  # left to the host's default: max-age=0, must-revalidate
            assert "Cache-Control" not in headers, f"{path}: {headers.get('Cache-Control')}"


@pytest.mark.parametrize("name", ["root", "subpath"])
def test_nginx_include_sends_the_same_headers_as_the_headers_file(builds, name):
    build = builds[name]
    rules = parse_headers_file((build.site / "_headers").read_text(encoding="utf-8"))
    expected = {k: v[0] for k, v in headers_for(rules, PREFIX[name] + "index.html").items()}
    include = (build.site / "_nginx/salvage.conf").read_text(encoding="utf-8")
    blocks = re.findall(r"^location (.+?) \{\n(.*?)^\}", include, re.M | re.S)
    assert len(blocks) == 2, "expected one location for theme files and one for everything else"
    for match, body in blocks:
        sent = dict(re.findall(r'add_header (\S+) "([^"]*)" always;', body))
        sent.pop("Cache-Control")
        assert sent == expected, f"location {match}: differs from _headers"
        assert PREFIX[name] in match
    assert f"error_page 404 {PREFIX[name]}404.html;" in include


@pytest.mark.parametrize("name", ["root", "subpath", "offline"])
def test_every_page_carries_the_policy_in_a_meta_tag_before_any_script(builds, name):
    build = builds[name]
    header = parse_headers_file((build.site / "_headers").read_text(encoding="utf-8"))[0][1]
    header_policy = header["Content-Security-Policy"][0]
    everywhere = inline_script_hashes(build.site)
    for page in build.pages:
        soup = soup_of(build.site / page)
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, f"{page}: {len(metas)} meta policies"
        policy = attr(metas[0], "content")
        own = page_script_hashes(build.site / page)
        assert_policy(policy, page, own, meta=True)
        # The header's policy but for framing, and allowing this page's own inline scripts only.
        scripts = directives(policy)["script-src"]
        assert set(scripts) == {"'self'", *(f"'{h}'" for h in own)}, f"{page}: script-src {scripts}"
        assert own <= everywhere
        header_directives = {d.split(" ", 1)[0]: d for d in header_policy.split("; ")}
        header_directives.pop("frame-ancestors")
        header_directives["script-src"] = next(d for d in policy.split("; ") if d.startswith("script-src "))
        assert policy == "; ".join(header_directives.values()), f"{page}: meta policy differs from the header"
        policy_line, script_line = metas[0].sourceline, present(soup.find("script"), "script").sourceline
        assert policy_line is not None and script_line is not None, f"{page}: the parser gave no line numbers"
        assert policy_line < script_line, f"{page}: a script comes before the policy"
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert referrer and referrer["content"] == "no-referrer", f"{page}: no referrer policy"


def test_no_page_loads_anything_from_another_host(builds):
    for build in builds.values():
        for page in build.pages:
            soup = soup_of(build.site / page)
            for tag in soup.find_all(["script", "img", "iframe", "link", "source"]):
                if tag.name == "link" and not {
                    "stylesheet",
                    "icon",
                    "preload",
                    "modulepreload",
                    "manifest",
                    "preconnect",
                } & set(tag.get_attribute_list("rel")):
                    continue
                url = attr(tag, "src", "") or attr(tag, "href", "")
                assert not re.match(r"(https?:)?//", url), f"{build.name} {page}: loads {url}"
