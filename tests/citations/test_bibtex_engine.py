"""The contract with mkdocs-bibtex: what scripts/salvage_site/bibtex_engine.py relies on from its
internals. If an upgrade changes one of these, this test names it, instead of citations silently
vanishing from pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.registry import ReferenceRegistry
from pybtex.database import parse_file

from salvage_site import bibtex_engine
from salvage_site.bibliography import read_bib

ROOT_BIB = Path(__file__).resolve().parents[2] / "refs.bib"

UPGRADE = (
    "mkdocs-bibtex changed: scripts/salvage_site/bibtex_engine.py relies on it — adapt that "
    "module (only that one) to the new version, or keep the pinned version in requirements.txt"
)


def test_the_citation_pattern_and_parser_read_keys_as_the_site_writes_them():
    blocks = [m.group(1) for m in bibtex_engine.CITATION_BLOCK_REGEX.finditer("A [@a2020x; @b2021y] b.")]
    assert blocks == ["@a2020x; @b2021y"], UPGRADE
    assert bibtex_engine.cited_keys("@a2020x; @b2021y") == ["a2020x", "b2021y"], UPGRADE


def test_the_engine_keeps_and_asks_the_builds_own_registry(fixture_site):
    """The build's registry is a subclass of the engine's ReferenceRegistry, given before the engine's
    on_config; the engine keeps it and asks it what to write for each citation."""
    config = load_config(str(fixture_site.path / "mkdocs.yml"))
    plugin: Any = config.plugins[bibtex_engine.PLUGIN_NAME]  # mkdocs-bibtex's own plugin: untyped
    assert issubclass(bibtex_engine.SiteRegistry, ReferenceRegistry), UPGRADE
    bib = read_bib(fixture_site.bib)
    format_key = bibtex_engine.use_registry(config, bib, lambda key: f"<{key}>", lambda entries: str)
    registry = plugin.registry
    config = plugin.on_config(config)
    assert plugin.registry is registry, UPGRADE  # kept, not replaced by a registry of its own
    assert bibtex_engine.bib_file(config) == "refs.bib", UPGRADE
    assert "zaorsky2021salvage" in bibtex_engine.entries(config), UPGRADE
    markdown = "A [@zaorsky2021salvage; @zaorsky2021salvage] b.\n"
    assert plugin.on_page_markdown(markdown, None, config, None) == "A <zaorsky2021salvage><zaorsky2021salvage> b.\n", (
        UPGRADE
    )
    # Kept across `mkdocs serve` rebuilds until refs.bib changes.
    assert bibtex_engine.use_registry(config, bib, str, lambda entries: str.upper) is format_key
    fixture_site.bib.touch()
    assert bibtex_engine.use_registry(config, bib, str, lambda entries: str.upper) is str.upper


def test_a_second_reference_list_from_the_engine_is_refused(fixture_site):
    config = load_config(str(fixture_site.path / "mkdocs.yml"))
    plugin: Any = config.plugins[bibtex_engine.PLUGIN_NAME]  # mkdocs-bibtex's own plugin: untyped
    plugin.config.bib_by_default = True
    with pytest.raises(PluginError, match="bib_by_default: false"):
        bibtex_engine.use_registry(config, None, str, lambda entries: str)


def _as_read(data) -> dict[str, tuple[str, dict[str, str], dict[str, list[str]]]]:
    return {
        key: (
            entry.type,
            dict(entry.fields),
            {role: [str(p) for p in people] for role, people in entry.persons.items()},
        )
        for key, entry in data.entries.items()
    }


TRICKY_BIB = """% a comment line
@Article{one2020,
  title   = {The {PSMA} PET   scan:
             a {\\'e}tude},
  author  = {van der Berg, Jan and O'Neil, Mary-Ann and {World Health Organization} and others},
  journal = "J. Urol.",
  year    = 2020,
  pages   = {1--9},
}
@misc{two2021, title = {Two}, editor = {Smith, A.}, note = {}}
"""


def test_the_engine_formats_from_the_builds_own_reading_of_refs_bib(tmp_path):
    # A build reads refs.bib once: the engine gets exactly what pybtex's own parser would give it.
    bib = tmp_path / "refs.bib"
    for text in (ROOT_BIB.read_text(encoding="utf-8"), TRICKY_BIB):
        bib.write_text(text, encoding="utf-8")
        made = bibtex_engine.as_pybtex(read_bib(bib))
        assert made is not None and _as_read(made) == _as_read(parse_file(str(bib)))
    # What only pybtex resolves is left to it.
    for value in ("jan", '"a" # "b"'):
        bib.write_text(f"@misc{{m, title = {{T}}, month = {value}}}\n", encoding="utf-8")
        assert bibtex_engine.as_pybtex(read_bib(bib)) is None
