"""The copy of the site to open from disk or a USB stick (`scripts/build --offline`, SITE_OFFLINE=true,
which turns on Material's offline plugin).

Pages opened from disk cannot use instant navigation (it needs a server) and browsers refuse them Web
Workers, so site search runs its worker in a hidden frame instead: this small script, copied from here,
never fetched from a CDN. Its name contains "iframe-worker" so Material's offline plugin does not add
its own copy from one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

FILE_WORKER_SOURCE = Path(__file__).with_name("iframe-worker.js")
FILE_WORKER_PATH = "assets/javascripts/iframe-worker.js"


def is_offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def prepare_config(config: MkDocsConfig) -> None:
    """Plain file names instead of folders, the search helper from the site itself, no instant
    navigation: only in an offline build."""
    if not is_offline(config):
        return
    config.use_directory_urls = False
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), FILE_WORKER_PATH]
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f != "navigation.instant"]


def finish_site(config: MkDocsConfig) -> None:
    if is_offline(config):
        shutil.copyfile(FILE_WORKER_SOURCE, Path(config.site_dir) / FILE_WORKER_PATH)
