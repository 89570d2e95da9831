"""Everything the project relies on from mkdocs-bibtex's internals, in one place.

mkdocs-bibtex is the citation engine the product brief names, but it is archived upstream and has no
public API beyond its configuration. The build uses four things of it: the pattern and parser that find
`[@key]` blocks, the plugin's loaded bibliography, and the hook through which it writes a citation.
tests/citations/test_bibtex_engine.py fails with a clear message if an upgrade changes any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation, CitationBlock
from pybtex.database import Entry

PLUGIN_NAME = "bibtex"

__all__ = ["CITATION_BLOCK_REGEX", "bib_file", "cited_keys", "entries", "write_citations_as"]

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


class _CitationMarks:
    """Stands in for the engine's `inline_text(block)`: each citation of a `[@a; @b]` block as
    `mark(key)`. Also holds the build's reference formatter for this loaded bibliography."""

    def __init__(self, registry: Any, mark: Callable[[str], str], format_key: Callable[[str], str]):
        self.registry = registry
        self.mark = mark
        self.format_key = format_key

    def __call__(self, block: CitationBlock) -> str:
        known = self.registry.bib_data.entries
        return "".join(self.mark(citation.key) for citation in block.citations if citation.key in known)


def write_citations_as(config: MkDocsConfig, mark: Callable[[str], str],
                       make: Callable[[dict[str, Entry]], Formatter]) -> Formatter:
    """Make the engine write each citation as `mark(key)` instead of a Markdown footnote, and return
    `make(entries)`, the build's reference formatter. The engine keeps its registry across
    `mkdocs serve` rebuilds until refs.bib changes, so a new formatter is made only for a new one."""
    plugin = _plugin(config)
    if plugin.config.bib_by_default:
        raise PluginError("mkdocs.yml: under `bibtex:`, keep `bib_by_default: false`. The build writes "
                          "each page's reference list itself; with it on, every list would be there twice.")
    current = getattr(plugin.registry, "inline_text", None)
    if not isinstance(current, _CitationMarks):
        current = _CitationMarks(plugin.registry, mark, make(entries(config)))
        plugin.registry.inline_text = current
        # The engine still formats each cited reference for a list it then does not write: the
        # formatter's version costs nothing (its own runs pybtex's formatting, every page).
        plugin.registry.reference_text = lambda citation: current.format_key(citation.key)
    return cast(Formatter, current.format_key)  # made by `make`, in this build or an earlier one
