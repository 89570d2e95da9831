"""Fixtures for the deploy tests: the site built three ways (for a domain's root, for a sub-path, and
to open from disk), a real nginx serving the first two with the include the build generated, and
headless Chromium (Debian's package)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from local_site.nginx import MISSING_NGINX, Nginx, nginx_path

ROOT = Path(__file__).resolve().parents[2]

HOST = "https://salvage.example"
# How each deploy is built; "offline" uses the documented `scripts/build --offline`.
BUILDS = {
    "root": {"SITE_URL": f"{HOST}/"},
    "subpath": {"SITE_URL": f"{HOST}/salvage/"},
    "offline": {"SITE_URL": ""},
}


def missing(message: str) -> NoReturn:
    """On CI a missing tool is a failure (.ci/run installs it); on a laptop, a skip that says why."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Build:
    name: str
    site: Path
    site_url: str

    @property
    def pages(self) -> list[str]:
        """Every page's path inside the site ('salvage-therapy/index.html'), the 404 page last."""
        found = sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))
        return [p for p in found if p != "404.html"] + ["404.html"]


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Build]:
    """The three builds, run side by side (each is a strict build, as a maintainer runs it)."""
    out = tmp_path_factory.mktemp("deploy-builds")
    running = {}
    for name, env in BUILDS.items():
        site = out / name
        command = [str(ROOT / "scripts/build"), *(["--offline"] if name == "offline" else [])]
        running[name] = subprocess.Popen(
            [*command, "--site-dir", str(site)],
            cwd=ROOT,
            text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    result = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, f"the {name} build fails:\n{output}"
        result[name] = Build(name, out / name, BUILDS[name]["SITE_URL"])
    return result


@pytest.fixture(scope="session", params=["root", "subpath"])
def served(request, builds, tmp_path_factory):
    """(build, nginx) for the site at the root of a host, then at /salvage/."""
    if not nginx_path():
        missing(MISSING_NGINX)
    build = builds[request.param]
    server = Nginx(build.site, build.site_url, tmp_path_factory.mktemp(f"nginx-{request.param}"))
    server.start()
    yield build, server
    server.stop()
    assert "[emerg]" not in server.error_log() and "[crit]" not in server.error_log()
