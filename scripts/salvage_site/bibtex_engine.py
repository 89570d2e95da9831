"""Everything the project relies on from mkdocs-bibtex's internals, in one place.

mkdocs-bibtex is the citation engine the product brief names, but it is archived upstream and has no
public API beyond its configuration. The build uses four things of it: the pattern and parser that find
`[@key]` blocks, the plugin's loaded bibliography, and the hook through which it formats a reference.
tests/citations/test_bibtex_engine.py fails with a clear message if an upgrade changes any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation
from pybtex.database import Entry

PLUGIN_NAME = "bibtex"

__all__ = ["CITATION_BLOCK_REGEX", "bib_file", "cited_keys", "entries", "use_formatter"]

Formatter = TypeVar("Formatter", bound=Callable[[str], str])


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


class _FormattedReference:
    """Stands in for the engine's `reference_text(citation)`."""

    def __init__(self, format_key: Callable[[str], str]):
        self.format_key = format_key

    def __call__(self, citation: Citation) -> str:
        return self.format_key(citation.key)


def use_formatter(config: MkDocsConfig, make: Callable[[dict[str, Entry]], Formatter]) -> Formatter:
    """Make the engine format each reference with `make(entries)(key)` instead of its own per-page
    formatting, and return that function. The engine keeps its registry across `mkdocs serve`
    rebuilds until refs.bib changes, so a new formatter is made only for a new registry."""
    registry = _plugin(config).registry
    current = getattr(registry, "reference_text", None)
    if not isinstance(current, _FormattedReference):
        current = _FormattedReference(make(entries(config)))
        registry.reference_text = current
    return cast(Formatter, current.format_key)  # made by `make`, in this build or an earlier one
