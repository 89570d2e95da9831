"""Everything the project relies on from mkdocs-bibtex's internals, in one place.

mkdocs-bibtex is the citation engine the product brief names, but it is archived upstream and has no
public API beyond its configuration. The build uses five things of it: the pattern and parser that find
`[@key]` blocks, the plugin's loaded bibliography, the hook through which it writes a citation, and
the function with which it reads refs.bib (given the build's own reading instead of a second one).
tests/citations/test_bibtex_engine.py fails with a clear message if an upgrade changes any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import mkdocs_bibtex.registry
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation, CitationBlock
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveSet

if TYPE_CHECKING:   # bibliography imports this module (through citations)
    from salvage_site.bibliography import BibFile

PLUGIN_NAME = "bibtex"

__all__ = ["CITATION_BLOCK_REGEX", "as_pybtex", "bib_file", "cited_keys", "entries", "read_bib_as",
           "write_citations_as"]

Formatter = TypeVar("Formatter", bound=Callable[[str], str])
_PYBTEX_PARSE_FILE = mkdocs_bibtex.registry.parse_file
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


def read_bib_as(path: Path, data: BibliographyData | None) -> None:
    """Have the engine take `data` for the bibliography at `path` rather than parse the file again
    (pybtex's parser was the largest fixed cost of a build). With None, it parses as usual."""
    wanted = path.resolve()

    def parse_file(file: Any, *args: Any, **kwargs: Any) -> BibliographyData:
        if data is not None and not args and not kwargs and Path(file).resolve() == wanted:
            return data
        return _PYBTEX_PARSE_FILE(file, *args, **kwargs)

    mkdocs_bibtex.registry.parse_file = parse_file
