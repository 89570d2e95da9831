"""What a browser gets from a real nginx configured with the include the build generated: the security
headers on every kind of response, cache rules, MIME types, gzip and the site's own 404 page — at the
root of a host and under a sub-path."""

from __future__ import annotations

import gzip
import http.client
import re

import pytest

from .headers import assert_security_headers, fingerprinted, inline_script_hashes

YEAR = 31536000


def get(server, path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    """One request, no redirects followed, so each response is checked as it comes."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", server.prefix + path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_pages_carry_every_security_header_and_are_revalidated(served):
    build, server = served
    hashes = inline_script_hashes(build.site)
    for page in build.pages[:-1]:
        path = page.removesuffix("index.html")
        response, body = get(server, path)
        assert response.status == 200, f"{path}: {response.status}"
        assert response.getheader("Content-Type") == "text/html; charset=utf-8", path
        assert_security_headers(response.headers, f"{server.prefix}{path}", hashes)
        assert response.getheader("Cache-Control") == "no-cache", f"{path} is not revalidated"
        assert response.getheader("Last-Modified"), f"{path} cannot be revalidated"


def test_a_page_not_changed_since_the_last_visit_is_not_sent_again(served):
    _, server = served
    first, _ = get(server, "")
    again, body = get(server, "", **{"If-Modified-Since": first.getheader("Last-Modified")})
    assert again.status == 304 and body == b""


@pytest.mark.parametrize(
    "kind, content_type",
    [
        ("javascripts/bundle", "application/javascript; charset=utf-8"),
        ("javascripts/workers/search", "application/javascript; charset=utf-8"),
        ("stylesheets/main", "text/css; charset=utf-8"),
        ("stylesheets/palette", "text/css; charset=utf-8"),
    ],
)
def test_fingerprinted_theme_files_are_cached_for_a_year(served, kind, content_type):
    build, server = served
    [path] = [p for p in fingerprinted(build.site) if p.startswith(f"assets/{kind}.") and not p.endswith(".map")]
    response, body = get(server, path, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Type") == content_type
    cache = response.getheader("Cache-Control")
    assert cache == f"public, max-age={YEAR}, immutable", f"{path}: {cache}"
    assert response.getheader("Content-Encoding") == "gzip", f"{path} is sent uncompressed"
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    assert len(body) < (build.site / path).stat().st_size / 2
    assert_security_headers(response.headers, path, inline_script_hashes(build.site))


@pytest.mark.parametrize(
    "path, content_type, compressed",
    [
        ("search/search_index.json", "application/json; charset=utf-8", True),
        ("stylesheets/extra.css", "text/css; charset=utf-8", True),
        ("assets/favicon.svg", "image/svg+xml; charset=utf-8", True),
        ("assets/images/favicon.png", "image/png", False),
        ("sitemap.xml", "application/xml; charset=utf-8", True),
        ("robots.txt", "text/plain; charset=utf-8", False),
    ],
)
def test_other_files_have_their_type_and_are_revalidated(served, path, content_type, compressed):
    build, server = served
    file = build.site / path
    assert file.is_file(), f"the build wrote no {path}"  # a missing favicon or robots.txt is a fault
    response, body = get(server, path, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Type") == content_type
    assert response.getheader("Cache-Control") == "no-cache"
    big = file.stat().st_size >= 256
    assert (response.getheader("Content-Encoding") == "gzip") == (compressed and big), path
    assert (gzip.decompress(body) if compressed and big else body) == file.read_bytes(), f"{path}: not the file"
    assert_security_headers(response.headers, path, inline_script_hashes(build.site))
    # Revalidated: a browser asking whether its copy is still good gets "yes" and no body.
    modified = response.getheader("Last-Modified")
    assert modified, f"{path} cannot be revalidated"
    again, again_body = get(server, path, **{"Accept-Encoding": "gzip", "If-Modified-Since": modified})
    assert again.status == 304 and again_body == b"", f"{path}: {again.status}, sent again"


def test_unknown_address_gets_the_sites_own_404_page_with_every_header(served):
    build, server = served
    response, body = get(server, "no/such/page/", **{"Accept-Encoding": "identity"})
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert body == (build.site / "404.html").read_bytes()
    assert_security_headers(response.headers, "404", inline_script_hashes(build.site))
    assert response.getheader("Cache-Control") == "no-cache"


@pytest.mark.parametrize("path", ["_headers", "_nginx/salvage.conf"])
def test_files_meant_for_the_host_are_not_served(served, path):
    build, server = served
    assert (build.site / path).is_file()
    response, body = get(server, path, **{"Accept-Encoding": "identity"})
    assert response.status == 404 and body == (build.site / "404.html").read_bytes()


def test_a_folder_address_without_its_slash_redirects_within_the_site(served):
    _, server = served
    response, _ = get(server, "salvage-therapy")
    assert response.status == 301
    assert response.getheader("Location") == f"{server.prefix}salvage-therapy/"


def test_nginx_does_not_announce_its_version(served):
    _, server = served
    response, _ = get(server, "")
    assert re.fullmatch(r"nginx", response.getheader("Server") or "nginx")
