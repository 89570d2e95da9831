"""Runs a real nginx on this machine with the site's generated include, for the deploy tests and
scripts/load_check.py. Everything nginx writes (pid, logs, temporary files) goes into a folder of
its own, so no system configuration is read or changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from local_site.static_server import free_port
from salvage_site.security import NGINX_FILE, url_prefix

MISSING_NGINX = (
    "nginx is not installed. Install it with `apt-get install -y nginx-light` "
    "(Debian/Ubuntu), or set NGINX to the nginx program."
)


def nginx_path() -> str | None:
    return (
        os.environ.get("NGINX")
        or shutil.which("nginx")
        or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    )


def server_config(work: Path, docroot: Path, site: Path, port: int, workers: int = 1) -> str:
    """A whole nginx.conf: one server on 127.0.0.1:port whose root is `docroot`, including the
    include that the build wrote into `site` (which sits inside docroot at its URL path)."""
    temp = {name: work / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for folder in temp.values():
        folder.mkdir(parents=True, exist_ok=True)
    # As root, nginx would hand requests to an unprivileged user that cannot read a private folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {docroot};
        include {site / NGINX_FILE};
    }}
}}
"""


class Nginx:
    """`with Nginx(site, site_url) as server:` serves `site` at the path of `site_url` (e.g. /salvage/)
    on http://127.0.0.1:<free port>; `server.url` is the site's own address."""

    def __init__(self, site: Path, site_url: str | None, work: Path, workers: int = 1):
        self.site, self.work, self.workers = Path(site), Path(work), workers
        self.prefix = url_prefix(site_url)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{self.prefix}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Nginx:
        program = nginx_path()
        if not program:
            raise RuntimeError(MISSING_NGINX)
        self.work.mkdir(parents=True, exist_ok=True)
        site = self.site.resolve()
        docroot = site
        if self.prefix != "/":  # the site sits at its sub-path inside an otherwise empty web root
            docroot = self.work / "www"
            mounted = docroot / self.prefix.strip("/")
            mounted.parent.mkdir(parents=True, exist_ok=True)
            if mounted.is_symlink():
                mounted.unlink()
            mounted.symlink_to(site, target_is_directory=True)
        config = self.work / "nginx.conf"
        config.write_text(server_config(self.work, docroot, site, self.port, self.workers), encoding="utf-8")
        command = [program, "-p", str(self.work), "-c", str(config), "-e", str(self.work / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refuses the generated configuration:\n{check.stderr}")
        self.process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"nginx stopped: {stderr}")
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not answer within 10 seconds")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def error_log(self) -> str:
        log = self.work / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
