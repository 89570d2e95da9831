"""Reads refs.bib with the line of every entry and field, and checks it: syntax, the key rule,
duplicates, required fields, identifiers, the kind of source, and title words the formatter would
lower-case.

Its own small BibTeX scanner (rather than pybtex's) gives `refs.bib:LINE` for every problem, reports
them all instead of stopping at the first, and knows the exact place of each title word, so that
`--fix` can add braces without touching a single other byte of the file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from salvage_site.problems import Problem, did_you_mean

KEY_RULE = re.compile(r"^[a-z]+[0-9]{4}[a-z0-9]+$")
KEY_RULE_TEXT = (
    "first author's family name + year + first title word, lowercase letters and digits only, e.g. zaorsky2021salvage"
)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
PMID = re.compile(r"^[1-9][0-9]{0,8}$")
UNVERIFIED = "identifier unverified"

# Fields each entry type needs for a complete Vancouver reference ("a|b": either one).
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "manual": ("title", "year"),
    "misc": ("author", "title", "year"),
    "online": ("author", "title", "year", "url"),
    "unpublished": ("author", "title", "note"),
}
# What kind of source an entry is (its `kind` field), as readers see it beside the year in a
# citation's preview and on the References page: how much weight a statement's source carries.
SOURCE_KINDS = {
    "guideline": "Clinical guideline",
    "consensus": "Expert consensus statement",
    "systematic review": "Systematic review",
    "review": "Review article",
    "randomized trial": "Randomized trial",
    "trial analysis": "Later analysis of a trial",
    "non-randomized trial": "Trial without random assignment",
    "study protocol": "Trial plan (protocol)",
    "observational study": "Observational study",
    "regulator": "Regulator's document",
    "patient information": "Patient-information page",
    "statistics": "Official statistics",
    "news report": "News report",
    "blog post": "Blog post",
}
KINDS_TEXT = ", ".join(SOURCE_KINDS)


def source_kind(value: str) -> str | None:
    """The canonical kind for a `kind` field's text ("Randomised trial" -> "randomized trial")."""
    folded = " ".join(value.lower().replace("randomis", "randomiz").replace("-", " ").split())
    return next((kind for kind in SOURCE_KINDS if kind.replace("-", " ") == folded), None)


# A braced value holding 'name = {' on a later line: a '{' was left open and swallowed fields.
SWALLOWED_FIELD = re.compile(r"\n[ \t]*[A-Za-z]+[ \t]*=[ \t]*[{\"0-9]")
SPECIAL_ENTRIES = {"comment", "preamble", "string"}
# A title word that the formatter would lower-case: two capitals (HIV, McClung, RADICALS-RT) or a
# capital and a digit (HIV-1, COVID-19, T2).
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass
class BibField:
    name: str
    value: str  # the raw text between the delimiters, exactly as written
    line: int
    start: int  # offset of `value` in the file's text
    delimited: bool  # written in {...} or "..." (not a number or @string macro)


@dataclass
class BibEntry:
    type: str
    key: str
    line: int
    fields: dict[str, BibField] = field(default_factory=dict)

    def get(self, name: str) -> str:
        found = self.fields.get(name)
        return found.value.strip() if found else ""


@dataclass
class BibFile:
    path: str  # as shown in messages, e.g. "refs.bib"
    text: str
    entries: list[BibEntry]
    problems: list[Problem]  # syntax errors: the file cannot be trusted (or fixed) while any exist


class _SyntaxError(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


class _Scanner:
    ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
    SPACE = re.compile(r"\s*")
    # The only characters that matter inside a delimited value; the scanner jumps from one to the next.
    DELIMITED_SPECIAL = re.compile(r'[\\{}"\n]')

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.value_end = 0

    def skip_space(self) -> None:
        self.pos = self._match(self.SPACE).end()

    def _match(self, pattern: re.Pattern[str]) -> re.Match[str]:
        match = pattern.match(self.text, self.pos)
        assert match is not None, "the pattern matches the empty string"
        return match

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def expect(self, chars: str, what: str) -> str:
        self.skip_space()
        if self.peek() not in chars or not self.peek():
            found = repr(self.peek()) if self.peek() else "the end of the file"
            raise _SyntaxError(self.pos, f"{what}, found {found}")
        self.pos += 1
        return self.text[self.pos - 1]

    def name(self, what: str) -> str:
        self.skip_space()
        match = re.compile(r"[A-Za-z_][\w\-:.+/]*").match(self.text, self.pos)
        if not match:
            found = repr(self.peek()) if self.peek() else "the end of the file"
            raise _SyntaxError(self.pos, f"expected {what}, found {found}")
        self.pos = match.end()
        return match.group()

    def braced(self) -> tuple[int, int]:
        """From just after an opening brace to its matching brace; (value start, value end)."""
        return self.delimited("{", "}")

    def quoted(self) -> tuple[int, int]:
        return self.delimited('"', '"')

    def delimited(self, opener: str, closer: str) -> tuple[int, int]:
        """From just after `opener` to the `closer` outside any inner braces; (value start, value end)."""
        start, depth = self.pos, 0
        while special := self.DELIMITED_SPECIAL.search(self.text, self.pos):
            self.pos = special.start()
            char = special.group()
            if char == "\\":
                self.pos += 2
                continue
            if char == closer and depth == 0:
                self.pos += 1
                return start, self.pos - 1
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == "\n" and self.ENTRY_START.match(self.text, self.pos + 1):
                break  # the next entry starts while this value is still open
            self.pos += 1
        raise _SyntaxError(start - 1, f"this '{opener}' is never closed — add the missing '{closer}'")

    def value(self) -> tuple[str, int, bool]:
        """A field value: one or more parts joined with '#'."""
        parts, first_start, delimited = [], None, True
        while True:
            self.skip_space()
            char = self.peek()
            if char == "{":
                self.pos += 1
                start, end = self.braced()
            elif char == '"':
                self.pos += 1
                start, end = self.quoted()
            elif char and (char.isalnum() or char == "_"):
                start = self.pos
                self.name("a value") if not char.isdigit() else self._digits()
                end = self.pos
                delimited = False
            else:
                found = repr(char) if char else "the end of the file"
                raise _SyntaxError(self.pos, f"expected a value in {{braces}}, found {found}")
            parts.append(self.text[start:end])
            first_start = start if first_start is None else first_start
            self.value_end = self.pos
            self.skip_space()
            if self.peek() != "#":
                break
            self.pos += 1
            delimited = False
        return "".join(parts), first_start, delimited and len(parts) == 1

    def _digits(self) -> None:
        self.pos = self._match(re.compile(r"\d*")).end()


def read_bib(path: Path, shown_path: str | None = None) -> BibFile:
    """Never raises for bad content: syntax errors come back as problems, with their line."""
    shown = shown_path or path.name
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")  # exactly as stored: no newline translation
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return BibFile(
            shown, "", [], [Problem(shown, line, "-", "this line is not UTF-8 text — save refs.bib as UTF-8")]
        )
    return parse_bib(text, shown)


def line_index(text: str) -> Callable[[int], int]:
    """A fast line_of for one text: offset -> line number (1-based)."""
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_right(starts, offset)


def parse_bib(text: str, shown: str) -> BibFile:
    entries: list[BibEntry] = []
    problems: list[Problem] = []
    line_of = line_index(text)
    scanner = _Scanner(text)
    while True:
        at = text.find("@", scanner.pos)
        if at < 0:
            break
        scanner.pos = at + 1
        line_start = text.rfind("\n", 0, at) + 1
        if text[line_start:at].lstrip().startswith("%"):  # an '@' in a comment line
            continue
        entry_line, key = line_of(at), "-"
        try:
            entry_type = scanner.name("an entry type after '@' (e.g. @article)").lower()
            closer = {"{": "}", "(": ")"}[scanner.expect("{(", f"expected '{{' after @{entry_type}")]
            if entry_type in SPECIAL_ENTRIES:
                _skip_special_entry(scanner, closer)
                continue
            key = _entry_key(scanner)
            if not key:
                raise _SyntaxError(scanner.pos, "entry has no key: write @type{key, …")
            entry = BibEntry(entry_type, key, entry_line)
            problems += [
                Problem(shown, line, key, f"field '{name}' is given twice in this entry — keep one")
                for line, name in _read_fields(scanner, entry, closer, line_of)
            ]
            entries.append(entry)
        except _SyntaxError as error:
            problems.append(
                Problem(
                    shown,
                    line_of(error.offset),
                    key,
                    f"BibTeX syntax error: {error.message} (entry starting on line {entry_line})",
                )
            )
            # Carry on from the next line that starts an entry, so that every error is reported.
            following = _Scanner.ENTRY_START.search(text, max(error.offset, at) + 1)
            scanner.pos = following.start() if following else len(text)
    return BibFile(shown, text, entries, problems)


def _skip_special_entry(scanner: _Scanner, closer: str) -> None:
    """Past an @comment, @preamble or @string entry, which holds no reference."""
    if closer == "}":
        scanner.braced()
    else:
        scanner.pos = scanner.text.find(")", scanner.pos) + 1 or len(scanner.text)


def _entry_key(scanner: _Scanner) -> str:
    scanner.skip_space()
    key_match = scanner._match(re.compile(r"[^\s,{}()]*"))
    scanner.pos = key_match.end()
    return key_match.group()


def _read_fields(
    scanner: _Scanner, entry: BibEntry, closer: str, line_of: Callable[[int], int]
) -> list[tuple[int, str]]:
    """The fields after an entry's key, up to its closer, into `entry`; returns (line, name) of each
    field given a second time (the first is kept)."""
    repeated: list[tuple[int, str]] = []
    separator = scanner.expect("," + closer, f"expected ',' after the key '{entry.key}'")
    while separator != closer:
        scanner.skip_space()
        if scanner.peek() == closer:  # trailing comma
            scanner.pos += 1
            break
        name_at = scanner.pos
        name = scanner.name("a field name (e.g. title) or the closing '}'").lower()
        scanner.expect("=", f"expected '=' after the field name '{name}'")
        value, start, delimited = scanner.value()
        if delimited and SWALLOWED_FIELD.search(value):
            raise _SyntaxError(
                start - 1,
                "this '{' is never closed — add the missing '}' (the fields after it were read as part of it)",
            )
        if name in entry.fields:
            repeated.append((line_of(name_at), name))
        else:
            entry.fields[name] = BibField(name, value, line_of(name_at), start, delimited)
        scanner.skip_space()
        if scanner.peek() not in ("," + closer) or not scanner.peek():
            raise _SyntaxError(
                scanner.value_end, f"expected ',' or '{closer}' after the field '{name}' (a missing comma?)"
            )
        separator = scanner.expect("," + closer, "")
    return repeated


def _top_level_spans(value: str) -> list[tuple[int, int]]:
    """Parts of a title outside braces and outside LaTeX commands: what the formatter may re-case."""
    spans: list[tuple[int, int]] = []
    depth = start = index = 0
    while index < len(value):
        char = value[index]
        if char == "{":
            if depth == 0 and index > start:
                spans.append((start, index))
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                start = index + 1
        elif char == "\\" and depth == 0:
            if index > start:
                spans.append((start, index))
            command = re.compile(r"\\([A-Za-z]+|.)").match(value, index)
            index = command.end() if command else index + 1
            start = index
            continue
        index += 1
    if depth == 0 and start < len(value):
        spans.append((start, len(value)))
    return spans


def unprotected_words(title: str) -> list[tuple[int, str]]:
    """(offset in title, word) for each word that would lose its capitals."""
    found = []
    for start, end in _top_level_spans(title):
        for word in WORD.finditer(title, start, end):
            text = word.group()
            # Each part of a hyphenated word on its own: 'Long-Acting' is title case, 'HIV-1' is not.
            if text != text.lower() and any(_loses_case(part) for part in re.split(r"[-'\u2019]", text)):
                found.append((word.start(), text))
    return found


def _loses_case(part: str) -> bool:
    capitals = sum(char.isupper() for char in part)
    return capitals >= 2 or bool(capitals and any(char.isdigit() for char in part))


def normal_doi(value: str) -> str:
    return DOI_PREFIX.sub("", value.strip()).lower()


def entry_problems(bib: BibFile) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the entries of a file that parsed."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    shown = bib.path
    line_of = line_index(bib.text)
    if not bib.entries and not bib.problems:
        errors.append(
            Problem(
                shown,
                1,
                "-",
                "refs.bib has no entries — every citation would vanish; restore the file from version control",
            )
        )
    first_key: dict[str, int] = {}
    first_doi: dict[str, str] = {}
    for entry in bib.entries:
        unverified = UNVERIFIED in entry.get("note").lower()
        if unverified:
            warnings.append(
                Problem(
                    shown,
                    entry.line,
                    entry.key,
                    "identifier unverified — confirm a DOI, PMID or URL from a primary record, then remove the note",
                )
            )
        found = itertools.chain(
            _key_problems(entry, first_key),
            _type_problems(entry),
            _kind_problems(entry),
            _doi_problems(entry, first_doi),
            _url_and_pmid_problems(entry),
            () if unverified else _no_identifier_problems(entry),
            _title_problems(entry, line_of),
        )
        errors += [Problem(shown, line, entry.key, message) for line, message in found]
    return errors, warnings


# Each check of one entry yields (line, what to fix).
_Found = Iterator[tuple[int, str]]


def _key_problems(entry: BibEntry, first_key: dict[str, int]) -> _Found:
    """`first_key` maps each key seen so far, folded to lowercase, to its entry's line."""
    folded = entry.key.lower()
    if folded in first_key:
        yield (
            entry.line,
            f"duplicate key: an entry with this key is already on line {first_key[folded]} — "
            "keep one, or add a letter to this key (…b) and cite it by that",
        )
    else:
        first_key[folded] = entry.line
    if re.search(r"[:.]", entry.key):
        yield (
            entry.line,
            "key contains ':' or '.', which [@key] citations cannot carry (the key is cut "
            f"short there and the citation vanishes) — rename it: {KEY_RULE_TEXT}",
        )
    elif not KEY_RULE.match(entry.key):
        yield entry.line, f"key does not follow the key rule — rename it: {KEY_RULE_TEXT}"


def _type_problems(entry: BibEntry) -> _Found:
    required = REQUIRED_FIELDS.get(entry.type)
    if required is None:
        yield (
            entry.line,
            f"entry type @{entry.type} is not one the references can show — use one of "
            + ", ".join(f"@{name}" for name in sorted(REQUIRED_FIELDS)),
        )
        return
    for names in required:
        if not any(entry.get(name) for name in names.split("|")):
            wanted = " or ".join(f"'{name}'" for name in names.split("|"))
            yield entry.line, f"@{entry.type} entry has no {wanted} field — add it (never a guessed one)"


def _kind_problems(entry: BibEntry) -> _Found:
    kind = entry.get("kind")
    if not kind.strip():
        yield (
            entry.line,
            f"no 'kind' field — add the kind of source, e.g. kind = {{randomized trial}}; one of: {KINDS_TEXT}",
        )
    elif source_kind(kind) is None:
        hint = did_you_mean(kind.lower(), SOURCE_KINDS)
        yield (
            entry.fields["kind"].line,
            f"kind '{kind}' is not a kind of source the site knows — {hint}use one of: {KINDS_TEXT}",
        )
    elif source_kind(kind) == "news report" and not entry.get("note").strip():
        yield (
            entry.fields["kind"].line,
            "a news report stands in for a primary record (the trial report, or the regulator's notice or "
            "label): add a note saying why that record is not cited and what the report is used for, e.g. "
            "note = {News report of an FDA decision: the FDA notice could not be opened here. Used only for "
            "the approval date}",
        )


def _doi_problems(entry: BibEntry, first_doi: dict[str, str]) -> _Found:
    """`first_doi` maps each DOI seen so far, normalised, to the key of its first entry."""
    doi = entry.get("doi")
    if not doi:
        return
    line = entry.fields["doi"].line
    if DOI_PREFIX.match(doi) and DOI.match(normal_doi(doi)):
        yield (
            line,
            f"doi '{doi}' should be the bare DOI '{DOI_PREFIX.sub('', doi)}' (check_references.py --fix does this)",
        )
    elif not DOI.match(doi):
        yield (
            line,
            f"doi '{doi}' is not a DOI — a DOI looks like 10.1056/NEJMoa1234567; copy it "
            "from the publisher or PubMed record",
        )
    if normal_doi(doi) in first_doi:
        yield (
            line,
            f"same DOI as entry '{first_doi[normal_doi(doi)]}' — one work, one entry: remove one and cite the other",
        )
    first_doi.setdefault(normal_doi(doi), entry.key)


def _url_and_pmid_problems(entry: BibEntry) -> _Found:
    url, pmid = entry.get("url"), entry.get("pmid")
    if url and not re.match(r"https?://[^\s\"'<>]+$", url, re.IGNORECASE):
        yield (
            entry.fields["url"].line,
            f"url '{url}' is not a web address — it must start with https:// (or http://) and hold no spaces or quotes",
        )
    if pmid and not PMID.match(pmid):
        yield entry.fields["pmid"].line, f"pmid '{pmid}' is not a PubMed ID — it is digits only, e.g. 34175948"


def _no_identifier_problems(entry: BibEntry) -> _Found:
    if not (entry.get("doi") or entry.get("pmid") or entry.get("url")):
        yield (
            entry.line,
            "no doi, pmid or url — add one confirmed from a primary record, or, if none can "
            "be confirmed, add note = {Identifier unverified}",
        )


def _title_problems(entry: BibEntry, line_of: Callable[[int], int]) -> _Found:
    title = entry.fields.get("title")
    if title is None:
        return
    for offset, word in unprotected_words(title.value):
        yield (
            line_of(title.start + offset),
            f"title word '{word}' will lose its capitals — write it as {{{word}}} "
            "(check_references.py --fix does this)",
        )


def unused_entries(bib: BibFile, cited_keys: set[str]) -> list[Problem]:
    cited = {key.lower() for key in cited_keys}
    return [
        Problem(
            bib.path,
            entry.line,
            entry.key,
            "not cited on any page — cite it where it supports a sentence, or remove it",
        )
        for entry in bib.entries
        if entry.key.lower() not in cited
    ]


def fixed_text(bib: BibFile) -> tuple[str, list[str]]:
    """The file's text with the safe, mechanical fixes made, and a line describing each fix.
    Refuses (ValueError) when the file has syntax errors: it could not be rewritten safely."""
    if bib.problems:
        raise ValueError("refs.bib has syntax errors; fix them by hand first — nothing was changed")
    edits: list[tuple[int, int, str, str]] = []  # (start, end, replacement, description)
    line_of = line_index(bib.text)
    for entry in bib.entries:
        title = entry.fields.get("title")
        if title is not None and title.delimited:
            for offset, word in unprotected_words(title.value):
                start = title.start + offset
                edits.append(
                    (
                        start,
                        start + len(word),
                        "{" + word + "}",
                        f"{bib.path}:{line_of(start)}: {entry.key}: braced '{word}' in the title",
                    )
                )
        doi = entry.fields.get("doi")
        if doi is not None and doi.delimited and DOI_PREFIX.match(doi.value.strip()):
            bare = DOI_PREFIX.sub("", doi.value.strip())
            if DOI.match(bare):
                edits.append(
                    (
                        doi.start,
                        doi.start + len(doi.value),
                        bare,
                        f"{bib.path}:{doi.line}: {entry.key}: doi written bare ({bare})",
                    )
                )
    text = bib.text
    for start, end, replacement, _ in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, [description for *_, description in sorted(edits)]
