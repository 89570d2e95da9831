"""Serves a built site over HTTP on this machine the way a plain web host does (the same compression
and cache rules as the site's nginx set-up), for the browser tests
and the page-weight script: gzip for text files, the site's own 404 page (with status 404) for unknown
addresses, hashed theme files cached for a year and everything else revalidated on each visit."""

from __future__ import annotations

import email.utils
import gzip
import http.server
import mimetypes
import socket
import threading
from functools import lru_cache
from pathlib import Path

from salvage_site.security import CACHE_FOREVER, CACHE_REVALIDATE, COMPRESSIBLE, FINGERPRINTED


def free_port() -> int:
    """A port on this machine that nothing listens on now, for a server started next."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


NOT_FOUND_PAGE = "404.html"


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def log_message(self, format: str, *args: object) -> None:  # quiet: the tests report what matters
        pass

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                # /glossary -> /glossary/ as every host does
                self.send_response(301)
                location = self.path.split("?", 1)
                location[0] += "/"
                self.send_header("Location", "?".join(location))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / NOT_FOUND_PAGE
            if not path.is_file():
                self.send_error(404)
                return
        stat = path.stat()
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type = self.guess_type(str(path))
        body = path.read_bytes()
        compress = (content_type == "text/html" or content_type in COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if compress:
            body = _gzipped(str(path), stat.st_mtime_ns)
        self.send_response(status)
        self.send_header(
            "Content-Type",
            content_type
            + (
                "; charset=utf-8"
                if content_type.startswith(("text/", "application/javascript", "application/json"))
                else ""
            ),
        )
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        if status == 200:
            self.send_header("Last-Modified", last_modified)
            self.send_header("ETag", etag)
            relative = path.relative_to(self.directory).as_posix()
            cache = CACHE_FOREVER if FINGERPRINTED.search(relative) else CACHE_REVALIDATE
            self.send_header("Cache-Control", cache)
        else:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class SiteServer:
    """`with SiteServer(site_dir) as server: server.url` -> 'http://127.0.0.1:PORT/'"""

    def __init__(self, site_dir: Path, port: int = 0):
        mimetypes.init()
        handler = lambda *args, **kwargs: _Handler(*args, directory=str(site_dir), **kwargs)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
