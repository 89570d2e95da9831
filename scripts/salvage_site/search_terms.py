"""Search that understands readers: the words they type (lay words, UK or US spellings, brand or
generic drug names) added to the search index entry of every page section that uses another word of
the same group, from one table maintainers edit (docs/includes/search-terms.yml).

The words go into fields of their own ("keywords", "title_keywords"), which the site's search
(Material's lunr index) searches but never shows, so result previews stay the page's own words.
Everything else that tunes search is Material's own settings:
- mkdocs.yml, `plugins: search:`: how words are split (`separator`) and how much each field counts
  (`fields`, the weights of the fields above; Material's own: title 1000, text 1);
- a page's front matter `search: boost:` (the Glossary, the Review record: long lists that should rank
  below topic pages; the generated References page gets the same from build.py);
- `data-search-exclude` on what search should not read (the reference lists, the print summary);
- in the browser, a small query transform (docs/javascripts/reader-search.js)."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig

from salvage_site.front_matter import FAST_LOADER, REFERENCE_FIX, yaml_reference

TERMS_FILE = Path("includes") / "search-terms.yml"
INDEX_FILE = Path("search") / "search_index.json"
# The index fields of readers' words; how much each counts is Material's `fields` setting in mkdocs.yml.
FIELD = "keywords"
TITLE_FIELD = "title_keywords"
TAG = re.compile(r"<[^>]+>")
FIRST_WORD = re.compile(r"\w+")


class SearchTermsProblem(Exception):
    """The table of search terms cannot be read."""


def _read(path: Path) -> list[Any]:
    shown = f"docs/{TERMS_FILE.as_posix()}"
    try:
        text = path.read_text(encoding="utf-8")
        if found := yaml_reference(text):
            raise SearchTermsProblem(
                f"{shown}:{found[0]}: cannot use YAML {found[1]} references or tags — {REFERENCE_FIX}"
            )
        # libyaml's safe loader when PyYAML has it: the same result, read many times faster.
        data = yaml.load(text, Loader=FAST_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise SearchTermsProblem(f"{shown}: cannot be read: {error}") from None
    if not isinstance(data, list):
        raise SearchTermsProblem(f"{shown}: must be a list of groups, one `- [word, word, …]` a line")
    return data


def _words(value: Any) -> list[str] | None:
    if isinstance(value, list) and value and all(isinstance(w, str) and w.strip() for w in value):
        return [" ".join(w.split()) for w in value]
    return None


def read_also(path: Path) -> list[tuple[list[str], list[str]]]:
    """The table's one-way entries, `- {where: [words the pages use], also: [words readers type]}`:
    each a section using any `where` word is also found by. For readers' words the pages never use
    (a medicine the site does not name, the words of a worried question), so they are in no group."""
    shown = f"docs/{TERMS_FILE.as_posix()}"
    entries = []
    for number, entry in enumerate(_read(path), 1):
        if not isinstance(entry, dict):
            continue
        where, also = _words(entry.get("where")), _words(entry.get("also"))
        if set(entry) != {"where", "also"} or not (where and also):
            raise SearchTermsProblem(
                f"{shown}: entry {number} ({entry!r}) must be `- {{where: [word, …], also: [word, …]}}`"
            )
        entries.append((where, also))
    return entries


def read_groups(path: Path) -> list[list[str]]:
    """The table's groups of words that mean the same to a reader, checked: every group a list of
    at least two different words, no word in two groups. (One-way entries: read_also.)"""
    shown = f"docs/{TERMS_FILE.as_posix()}"
    data = [group for group in _read(path) if not isinstance(group, dict)]
    groups: list[list[str]] = []
    seen: dict[str, int] = {}
    for number, group in enumerate(data, 1):
        if not (isinstance(group, list) and all(isinstance(w, str) and w.strip() for w in group)):
            raise SearchTermsProblem(f"{shown}: group {number} ({group!r}) must be a list of words")
        words = [" ".join(w.split()) for w in group]
        if len({w.lower() for w in words}) < 2:
            raise SearchTermsProblem(f"{shown}: group {number} ({group!r}) needs two different words")
        for word in words:
            if word.lower() in seen and seen[word.lower()] != number:
                raise SearchTermsProblem(
                    f"{shown}: {word!r} is in group {seen[word.lower()]} and group {number}: merge the two groups"
                )
            seen[word.lower()] = number
        groups.append(words)
    return groups


def normal_word(word: str) -> str:
    """A table word or a found phrase as compared: lower case, spaces and hyphens as one space."""
    return " ".join(re.split(r"[\s\-]+", word.lower()))


class Synonyms:
    """The table's words, found in a text by looking up each of the text's words once."""

    def __init__(self, groups: Iterable[list[str]], also: Iterable[tuple[list[str], list[str]]] = ()) -> None:
        self.groups = [list(words) for words in groups]
        self.group_of = {normal_word(word): number for number, words in enumerate(self.groups) for word in words}
        # One-way entries: a `where` word (which may also be in a group) -> the entries it brings in.
        self.also = [(list(where), list(words)) for where, words in also]
        self.also_of: dict[str, list[int]] = {}
        for number, (where, _) in enumerate(self.also):
            for word in where:
                self.also_of.setdefault(normal_word(word), []).append(number)
        # Whole words only, any case; a space in the table matches any run of spaces or hyphens. Each
        # table word is tried only where the text has its first word, and every table word that starts
        # there is found, so "PSA test" does not hide "PSA".
        self.starting_with: dict[str, list[re.Pattern[str]]] = {}
        for key in {**self.group_of, **self.also_of}:
            pattern = r"[\s\-]+".join(re.escape(part) for part in key.split(" "))
            first = FIRST_WORD.match(key)
            self.starting_with.setdefault(first.group() if first else "", []).append(
                re.compile(r"(?:" + pattern + r")(?![\w])")
            )
        self.remembered: dict[tuple[str, str], tuple[str, str]] = {}

    def words_in(self, text: str) -> set[str]:
        """The table's words that `text` uses, as compared (lower case, single spaces)."""
        lower = text.lower()
        found: set[str] = set()
        for word in FIRST_WORD.finditer(lower):
            for pattern in self.starting_with.get(word.group(), ()):
                if match := pattern.match(lower, word.start()):
                    found.add(normal_word(match.group()))
        return found

    def extra_words(self, text: str) -> list[str]:
        """The words of every group that `text` uses a word of, minus the words it already has."""
        found = self.words_in(text)
        extra: list[str] = []
        for number in sorted({self.group_of[word] for word in found if word in self.group_of}):
            extra += [word for word in self.groups[number] if normal_word(word) not in found]
        for number in sorted({n for word in found for n in self.also_of.get(word, ())}):
            extra += [word for word in self.also[number][1] if normal_word(word) not in found and word not in extra]
        return extra

    def keywords(self, title: str, text: str) -> tuple[str, str]:
        """A section's readers' words for its heading, and the others for its text. Remembered:
        `mkdocs serve` indexes every section again on each save, nearly all of them unchanged."""
        if (title, text) not in self.remembered:
            for_title = self.extra_words(title)
            rest = [word for word in self.extra_words(f"{title} {text}") if word not in for_title]
            self.remembered[title, text] = (_once(for_title), _once(rest))
        return self.remembered[title, text]


def _once(words: list[str]) -> str:
    """The words as one field, each word once: the search counts how often a word comes and how long
    the field is, so "come back, comes back, coming back" would weigh "back" three times and make
    every other added word count for less."""
    return " ".join(dict.fromkeys(part for word in words for part in re.split(r"[\s\-]+", word) if part))


def plain_text(value: str) -> str:
    return html.unescape(TAG.sub(" ", value))


def add_keywords(index: dict[str, Any], synonyms: Synonyms) -> dict[str, Any]:
    """The search index with each entry's readers' words in two fields of their own (empty where
    there are none: every entry has every field)."""
    for entry in index["docs"]:
        entry[TITLE_FIELD], entry[FIELD] = synonyms.keywords(
            plain_text(entry.get("title", "")), plain_text(entry.get("text", ""))
        )
    return index


@functools.lru_cache(maxsize=1)
def _synonyms(path: Path, changed: int) -> Synonyms:
    return Synonyms(read_groups(path), read_also(path))


def add_to_search_index(config: MkDocsConfig) -> None:
    """Rewrite the built site's search index (written by the search plugin just before)."""
    index_path = Path(config.site_dir) / INDEX_FILE
    terms_path = Path(config.docs_dir) / TERMS_FILE
    if not (index_path.is_file() and terms_path.is_file()):  # no search, or a site without a table
        return
    synonyms = _synonyms(terms_path, terms_path.stat().st_mtime_ns)
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index_path.write_text(
        json.dumps(add_keywords(index, synonyms), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
