"""The contract with mkdocs-bibtex: what scripts/salvage_site/bibtex_engine.py relies on from its
internals. If an upgrade changes one of these, this test names it, instead of citations silently
vanishing from pages."""

from __future__ import annotations

from mkdocs.config import load_config

from salvage_site import bibtex_engine

UPGRADE = ("mkdocs-bibtex changed: scripts/salvage_site/bibtex_engine.py relies on it — adapt that "
           "module (only that one) to the new version, or keep the pinned version in requirements.txt")


def test_the_citation_pattern_and_parser_read_keys_as_the_site_writes_them():
    blocks = [m.group(1) for m in bibtex_engine.CITATION_BLOCK_REGEX.finditer("A [@a2020x; @b2021y] b.")]
    assert blocks == ["@a2020x; @b2021y"], UPGRADE
    assert bibtex_engine.cited_keys("@a2020x; @b2021y") == ["a2020x", "b2021y"], UPGRADE


def test_the_plugin_exposes_its_bibliography_and_formatting_hook(fixture_site):
    config = load_config(str(fixture_site.path / "mkdocs.yml"))
    plugin = config.plugins[bibtex_engine.PLUGIN_NAME]
    config = plugin.on_config(config)
    assert bibtex_engine.bib_file(config) == "refs.bib", UPGRADE
    assert "zaorsky2021salvage" in bibtex_engine.entries(config), UPGRADE
    assert callable(getattr(plugin.registry, "reference_text", None)), UPGRADE
    format_key = bibtex_engine.use_formatter(config, lambda entries: lambda key: f"<{key}>")
    assert plugin.registry.reference_text(type("Citation", (), {"key": "k"})()) == "<k>", UPGRADE
    # Installed once per registry: `mkdocs serve` keeps the registry across rebuilds.
    assert bibtex_engine.use_formatter(config, lambda entries: str) is format_key
