"""Everything the project relies on from mkdocs-bibtex's internals, in one place.

mkdocs-bibtex is the citation engine the product brief names, but it is archived upstream and has no
public API beyond its configuration and its extension point, the abstract `ReferenceRegistry` that it
asks, for each `[@a; @b]`, what to write. The build uses the pattern and parser that find `[@key]`
blocks and gives the plugin its own registry (SiteRegistry), which holds the build's reading of
refs.bib (never parsed a second time). tests/citations/test_bibtex_engine.py fails with a clear
message if an upgrade changes any of this.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation, CitationBlock
from mkdocs_bibtex.registry import ReferenceRegistry
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveSet

if TYPE_CHECKING:  # bibliography imports this module (through citations)
    from salvage_site.bibliography import BibFile

PLUGIN_NAME = "bibtex"

__all__ = ["CITATION_BLOCK_REGEX", "SiteRegistry", "as_pybtex", "bib_file", "cited_keys", "entries", "use_registry"]

Formatter = TypeVar("Formatter", bound=Callable[[str], str])
_PERSON_FIELDS = CaseInsensitiveSet(Person.valid_roles)


def cited_keys(block: str) -> list[str]:
    """The keys of one `[@a; @b]` block's inside (`@a; @b`), as the engine reads them."""
    return [citation.key for citation in Citation.from_markdown(block)]


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins[PLUGIN_NAME]


def bib_file(config: MkDocsConfig) -> str:
    """The bibliography file named in mkdocs.yml, relative to it."""
    return str(_plugin(config).config.bib_file)


def entries(config: MkDocsConfig) -> dict[str, Entry]:
    """The loaded bibliography's entries by key (after the engine's own on_config)."""
    return dict(_plugin(config).registry.bib_data.entries)


class SiteRegistry(ReferenceRegistry):
    """What the engine writes for a citation: `mark(key)` for each key of a `[@a; @b]` block (the build
    turns the marks into numbers once the page is HTML), and the build's formatter for a reference.
    Citations are checked by the build itself, with file and line, before the engine sees them."""

    def __init__(
        self, data: BibliographyData, mark: Callable[[str], str], format_key: Callable[[str], str], stamp: float
    ):
        # Not ReferenceRegistry.__init__: it would parse the files again.
        self.bib_data = data
        self.footnote_format = "{key}"
        self.mark, self.format_key, self.stamp = mark, format_key, stamp

    def validate_citation_blocks(self, citation_blocks: list[CitationBlock]) -> None:
        return None  # reference_check has named every unknown key with its file and line

    def validate_inline_references(self, inline_references: list[Any]) -> set[Any]:
        return {reference for reference in inline_references if reference.key in self.bib_data.entries}

    def inline_text(self, citation_block: CitationBlock) -> str:
        known = self.bib_data.entries
        return "".join(self.mark(citation.key) for citation in citation_block.citations if citation.key in known)

    def reference_text(self, citation: Any) -> str:
        return self.format_key(citation.key)


def use_registry(
    config: MkDocsConfig, bib: BibFile | None, mark: Callable[[str], str], make: Callable[[dict[str, Entry]], Formatter]
) -> Formatter:
    """Give the engine the build's registry, before the engine's own on_config (which then keeps it), and
    return `make(entries)`, the build's reference formatter. `mkdocs serve` keeps registry and formatter
    until refs.bib changes."""
    plugin = _plugin(config)
    if plugin.config.bib_by_default:
        raise PluginError(
            "mkdocs.yml: under `bibtex:`, keep `bib_by_default: false`. The build writes "
            "each page's reference list itself; with it on, every list would be there twice."
        )
    path = Path(config.config_file_path).resolve().parent / bib_file(config)
    stamp = path.stat().st_mtime
    current = plugin.registry
    if not (isinstance(current, SiteRegistry) and current.stamp == stamp):
        data = (as_pybtex(bib) if bib is not None else None) or parse_file(str(path))
        current = SiteRegistry(data, mark, make(dict(data.entries)), stamp)
        plugin.registry = current
    plugin.last_configured = time.time()  # the engine's on_config keeps a registry newer than the file
    return cast(Formatter, current.format_key)


def as_pybtex(bib: BibFile) -> BibliographyData | None:
    """The entries as pybtex's own parser gives them (what the engine formats), made from the build's
    reading of refs.bib; None if the file needs what only pybtex resolves (@string and month macros,
    '#' joins) or repeats a key, so that pybtex reads it itself."""
    data = BibliographyData()
    for entry in bib.entries:
        if entry.key in data.entries:
            return None
        made = Entry(entry.type)
        for name, field in entry.fields.items():
            if not (field.delimited or field.value.isdigit()):
                return None
            value = normalize_whitespace(field.value)
            if name in _PERSON_FIELDS:
                for person in split_name_list(value):
                    made.add_person(Person(person), name)
            else:
                made.fields[name] = value
        data.add_entry(entry.key, made)
    return data
