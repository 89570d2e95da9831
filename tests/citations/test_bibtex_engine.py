"""The contract with mkdocs-bibtex: what scripts/salvage_site/bibtex_engine.py relies on from its
internals. If an upgrade changes one of these, this test names it, instead of citations silently
vanishing from pages."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from salvage_site import bibtex_engine

UPGRADE = ("mkdocs-bibtex changed: scripts/salvage_site/bibtex_engine.py relies on it — adapt that "
           "module (only that one) to the new version, or keep the pinned version in requirements.txt")


def test_the_citation_pattern_and_parser_read_keys_as_the_site_writes_them():
    blocks = [m.group(1) for m in bibtex_engine.CITATION_BLOCK_REGEX.finditer("A [@a2020x; @b2021y] b.")]
    assert blocks == ["@a2020x; @b2021y"], UPGRADE
    assert bibtex_engine.cited_keys("@a2020x; @b2021y") == ["a2020x", "b2021y"], UPGRADE


def test_the_plugin_exposes_its_bibliography_and_citation_hooks(fixture_site):
    config = load_config(str(fixture_site.path / "mkdocs.yml"))
    plugin = config.plugins[bibtex_engine.PLUGIN_NAME]
    config = plugin.on_config(config)
    assert bibtex_engine.bib_file(config) == "refs.bib", UPGRADE
    assert "zaorsky2021salvage" in bibtex_engine.entries(config), UPGRADE
    for hook in ("inline_text", "reference_text"):
        assert callable(getattr(plugin.registry, hook, None)), UPGRADE
    format_key = bibtex_engine.write_citations_as(config, lambda key: f"<{key}>", lambda entries: str)
    markdown = "A [@zaorsky2021salvage; @zaorsky2021salvage] b.\n"
    assert plugin.on_page_markdown(markdown, None, config, None) == \
        "A <zaorsky2021salvage><zaorsky2021salvage> b.\n", UPGRADE
    # Installed once per registry: `mkdocs serve` keeps the registry across rebuilds.
    assert bibtex_engine.write_citations_as(config, str, lambda entries: len) is format_key


def test_a_second_reference_list_from_the_engine_is_refused(fixture_site):
    config = load_config(str(fixture_site.path / "mkdocs.yml"))
    plugin = config.plugins[bibtex_engine.PLUGIN_NAME]
    plugin.config.bib_by_default = True
    with pytest.raises(PluginError, match="bib_by_default: false"):
        bibtex_engine.write_citations_as(plugin.on_config(config), str, lambda entries: str)
