"""Turns a DOI (Crossref) or a PMID (NCBI E-utilities) into a clean refs.bib entry that follows the
project's rules: the key rule, braced acronyms and names in titles, doi, pmid and url fields.

Network access goes through one `Fetcher`, so that tests can replay recorded responses from files.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salvage_site import bibliography

CROSSREF = "https://api.crossref.org/works/{doi}"
PUBMED_FETCH = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&retmode=xml&id={pmid}"
PUBMED_SEARCH = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed&retmode=json&term={doi}%5Bdoi%5D"
# Where tests keep recorded responses; see Fetcher.
RECORDINGS_ENV = "SALVAGE_RECORDINGS"
# Words that never start a key: the key takes the first *significant* title word.
STOPWORDS = set(
    """a an the of in on for and or to with without after before from by at as is are be
vs versus into than that this these those its their our your how what when why which who whom does do
can could should would may might""".split()
)
MAX_AUTHORS = 10


class ReferenceLookupError(Exception):
    """A lookup that failed; the message says what happened and what to do."""


@dataclass
class Work:
    """What a reference needs, in plain text (no BibTeX markup yet)."""

    entry_type: str = "article"
    authors: list[tuple[str, str]] = field(default_factory=list)  # (family, given); given "" = organisation
    title: str = ""
    journal: str = ""
    year: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    publisher: str = ""
    more_authors: bool = False
    kind: str = ""  # refs.bib's `kind` (bibliography.SOURCE_KINDS), when the record tells


def recording_name(url: str) -> str:
    """The file a recorded response of `url` is stored in: readable and safe on every system."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", url.split("://", 1)[-1]).strip("_")[:200]


class Fetcher:
    """Gets a URL's body. With SALVAGE_RECORDINGS=<folder> set (tests), answers from the files there
    instead of the network and treats a missing file as 'no network'."""

    def __init__(self, recordings: Path | None = None, timeout: float = 20):
        folder = recordings or os.environ.get(RECORDINGS_ENV)
        self.recordings = Path(folder) if folder else None
        self.timeout = timeout

    def get(self, url: str) -> bytes:
        if self.recordings is not None:
            path = self.recordings / recording_name(url)
            if not path.is_file():
                raise OSError(f"no recorded response for {url} (looked for {path})")
            return path.read_bytes()
        mailto = os.environ.get("CROSSREF_MAILTO", "")
        agent = "SalvageTherapyGuide-add_reference/1.0" + (f" (mailto:{mailto})" if mailto else "")
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            body: bytes = response.read()
            return body


def normal_identifier(text: str) -> tuple[str, str]:
    """('doi', '10.x/y') or ('pmid', '123'); ValueError with a helpful message otherwise. A full stop
    or comma copied from the end of a sentence is not part of the identifier."""
    value = text.strip().rstrip(".,;")
    pubmed = re.match(r"^(?:pmid:?\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)(\d+)/?$", value, re.I)
    if pubmed:
        value = pubmed.group(1)
    if bibliography.PMID.match(value):
        return "pmid", value
    doi = bibliography.DOI_PREFIX.sub("", value)
    if bibliography.DOI.match(doi):
        return "doi", doi
    raise ValueError(f"'{text}' is neither a DOI (10.1234/abcd) nor a PubMed ID (digits only)")


def _get(fetcher: Fetcher, url: str, what: str) -> bytes:
    try:
        return fetcher.get(url)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise ReferenceLookupError(f"{what} was not found: check the identifier for typos") from error
        raise ReferenceLookupError(f"{what}: the service answered HTTP {error.code}; try again later") from error
    except (OSError, urllib.error.URLError) as error:
        raise ReferenceLookupError(
            f"cannot reach the service to look up {what} ({getattr(error, 'reason', error)}). "
            "Nothing was changed. Check your internet connection and try again, or add the entry "
            "by hand as CONTRIBUTING.md describes"
        ) from error


def _clean(text: str) -> str:
    """Plain text from Crossref/PubMed markup: tags gone, entities resolved, spaces single."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text or ""))
    return " ".join(text.split())


def from_crossref(data: dict[str, Any]) -> Work:
    message = data.get("message", data)
    work = Work()
    work.entry_type = "article" if message.get("type") in ("journal-article", None) else "misc"
    for person in message.get("author", []):
        if person.get("family"):
            work.authors.append((_clean(person["family"]), _clean(person.get("given", ""))))
        elif person.get("name"):
            work.authors.append((_clean(person["name"]), ""))
    work.title = _clean((message.get("title") or [""])[0]).rstrip(".")
    subtitle = _clean((message.get("subtitle") or [""])[0])
    if subtitle and subtitle.lower() not in work.title.lower():
        work.title = f"{work.title}: {subtitle}"
    work.journal = _clean((message.get("container-title") or [""])[0])
    for date_field in ("published-print", "issued", "published-online", "published"):
        parts = (message.get(date_field) or {}).get("date-parts") or [[None]]
        if parts[0] and parts[0][0]:
            work.year = str(parts[0][0])
            break
    work.volume = str(message.get("volume", "") or "")
    work.number = str(message.get("issue", "") or "")
    work.pages = str(message.get("page", "") or "")
    work.doi = (message.get("DOI") or "").strip()
    work.publisher = _clean(message.get("publisher", ""))
    return work


SMALL_WORDS = {"of", "and", "the", "in", "on", "for", "de", "la", "und", "to", "a", "an", "with"}


def journal_case(name: str) -> str:
    """PubMed writes 'Annals of internal medicine'; references use 'Annals of Internal Medicine'."""
    words = name.split()
    return " ".join(
        w if (i and w.lower() in SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _text(element: ET.Element | None) -> str:
    return _clean("".join(element.itertext())) if element is not None else ""


# PubMed's publication types, most telling first, as the kinds of source readers are shown.
PUBMED_KINDS = (
    ("Practice Guideline", "guideline"),
    ("Guideline", "guideline"),
    ("Consensus Development Conference", "consensus"),
    ("Meta-Analysis", "systematic review"),
    ("Systematic Review", "systematic review"),
    ("Randomized Controlled Trial", "randomized trial"),
    ("Observational Study", "observational study"),
    ("Review", "review"),
)


def from_pubmed(xml_bytes: bytes, pmid: str) -> Work:
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as error:
        raise ReferenceLookupError(f"PubMed's answer for PMID {pmid} could not be read ({error})") from error
    article = root.find(".//PubmedArticle")
    if article is None:
        raise ReferenceLookupError(f"PubMed has no article with PMID {pmid}: check the number for typos")
    work = Work(entry_type="article", pmid=pmid)
    art = article.find(".//Article")
    if art is None:
        raise ReferenceLookupError(
            f"PubMed's record for PMID {pmid} has no article details (title, "
            "journal): add this reference by hand (CONTRIBUTING.md, 'Add a "
            "reference')"
        )
    work.title = _text(art.find("ArticleTitle")).rstrip(".")
    work.journal = journal_case(_text(art.find("Journal/Title")))
    issue = art.find("Journal/JournalIssue")
    if issue is not None:
        work.volume = _text(issue.find("Volume"))
        work.number = _text(issue.find("Issue"))
        work.year = _text(issue.find("PubDate/Year")) or _text(issue.find("PubDate/MedlineDate"))[:4]
    work.pages = _text(art.find("Pagination/MedlinePgn"))
    work.authors = _pubmed_authors(art)
    types = {_text(kind) for kind in art.findall("PublicationTypeList/PublicationType")}
    work.kind = next((kind for name, kind in PUBMED_KINDS if name in types), "")
    work.doi = _pubmed_doi(article, art)
    return work


def _pubmed_authors(art: ET.Element) -> list[tuple[str, str]]:
    authors = []
    for author in art.findall("AuthorList/Author"):
        if author.find("LastName") is not None:
            given = _text(author.find("ForeName")) or _text(author.find("Initials"))
            # PubMed writes middle initials without a full stop: "Nancy D" -> "Nancy D."
            given = re.sub(r"\b([A-Z])\b(?!\.)", r"\1.", given)
            authors.append((_text(author.find("LastName")), given))
        elif author.find("CollectiveName") is not None:
            authors.append((_text(author.find("CollectiveName")), ""))
    return authors


def _pubmed_doi(article: ET.Element, art: ET.Element) -> str:
    """The DOI in PubMed's article ids, or else the one in the article's electronic locations."""
    doi = ""
    for article_id in article.findall(".//PubmedData/ArticleIdList/ArticleId"):
        if article_id.get("IdType") == "doi":
            doi = _text(article_id)
    if doi:
        return doi
    for location in art.findall("ELocationID"):
        if location.get("EIdType") == "doi":
            doi = _text(location)
    return doi


def lookup(kind: str, identifier: str, fetcher: Fetcher) -> Work:
    if kind == "pmid":
        return from_pubmed(_get(fetcher, PUBMED_FETCH.format(pmid=identifier), f"PMID {identifier}"), identifier)
    body = _get(fetcher, CROSSREF.format(doi=urllib.parse.quote(identifier, safe="/")), f"DOI {identifier}")
    try:
        work = from_crossref(json.loads(body))
    except (ValueError, AttributeError) as error:
        raise ReferenceLookupError(f"Crossref's answer for DOI {identifier} could not be read") from error
    work.doi = work.doi or identifier
    # Crossref does not know PubMed IDs: ask PubMed which article has this DOI (optional).
    try:
        found = json.loads(fetcher.get(PUBMED_SEARCH.format(doi=urllib.parse.quote(identifier, safe=""))))
        ids = found.get("esearchresult", {}).get("idlist", [])
        if len(ids) == 1:
            work.pmid = ids[0]
    except (OSError, ValueError, urllib.error.URLError):
        pass
    return work


# ---- BibTeX ----------------------------------------------------------------------------------


def ascii_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", decomposed.encode("ascii", "ignore").decode().lower())


def organisation_short_name(name: str) -> str:
    capitals = "".join(word[0] for word in re.findall(r"[A-Z][A-Za-z]*", name))
    return capitals.lower() if len(capitals) >= 2 else ascii_letters(name.split()[0])


def base_key(work: Work) -> str:
    """Key rule: first author's family name + year + first significant title word."""
    if work.authors:
        family, given = work.authors[0]
        name = ascii_letters(family) if given else organisation_short_name(family)
    else:
        name = "anon"
    words = [
        re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode().lower())
        for w in re.split(r"[\s\-–—:/]+", work.title)
    ]
    significant = next((w for w in words if w and w not in STOPWORDS), "untitled")
    year = work.year if re.fullmatch(r"\d{4}", work.year or "") else "0000"
    return f"{name or 'anon'}{year}{significant}"


def free_key(key: str, taken: set[str]) -> str:
    if key not in taken:
        return key
    for letter in "bcdefghijklmnopqrstuvwxyz":
        if key + letter not in taken:
            return key + letter
    raise ReferenceLookupError(f"no free key left for {key}")


LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"}


def latex_escape(text: str) -> str:
    return re.sub(r"[&%$#_]", lambda m: LATEX_SPECIAL[m.group()], text).replace("{", "").replace("}", "")


def braced_title(title: str) -> str:
    """The title with the words that must keep their capitals in braces: acronyms and words with a
    capital and a digit (always), and capitalised words in a sentence-case title (proper names)."""
    title = latex_escape(title)
    words = re.findall(r"[^\s]+", title)
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    lowercase = [w for w in words[1:] if w[:1].islower()]
    sentence_case = len(lowercase) >= len(capitalised)

    def protect(match: re.Match[str]) -> str:
        word = match.group()
        parts = re.split(r"[-'\u2019]", word)
        keep = any(bibliography._loses_case(part) for part in parts)
        if not keep and sentence_case and match.start() > 0 and word[:1].isupper():
            keep = True
        return "{" + word + "}" if keep else word

    return str(re.sub(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*[A-Za-z0-9]|[A-Z]", protect, title))


def pages_range(pages: str) -> str:
    match = re.fullmatch(r"\s*([A-Za-z]?)(\d+)\s*[-–]+\s*([A-Za-z]?)(\d+)\s*", pages or "")
    if not match:
        return pages.strip()
    prefix, start, _, end = match.groups()
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return f"{prefix}{start}--{prefix}{end}"


def person(family: str, given: str) -> str:
    if not given:
        return "{" + latex_escape(family) + "}"
    return f"{latex_escape(family)}, {latex_escape(given)}"


def bibtex(work: Work, key: str) -> str:
    authors = work.authors[:MAX_AUTHORS]
    names = [person(*a) for a in authors]
    if len(work.authors) > MAX_AUTHORS or work.more_authors:
        names.append("others")
    fields = [("kind", work.kind), ("author", " and ".join(names)), ("title", braced_title(work.title))]
    if work.entry_type == "article":
        fields.append(("journal", latex_escape(work.journal)))
    elif work.publisher:
        fields.append(("publisher", latex_escape(work.publisher)))
    fields += [
        ("year", work.year),
        ("volume", work.volume),
        ("number", work.number),
        ("pages", pages_range(work.pages)),
        ("doi", work.doi),
        ("pmid", work.pmid),
    ]
    url = (
        f"https://doi.org/{work.doi}"
        if work.doi
        else f"https://pubmed.ncbi.nlm.nih.gov/{work.pmid}/"
        if work.pmid
        else ""
    )
    fields.append(("url", url))
    fields = [(name, value) for name, value in fields if value]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{work.entry_type}{{{key},\n{body}\n}}\n"


def missing_fields(work: Work) -> list[str]:
    wanted = {"title": work.title, "year": work.year, "author": work.authors}
    if work.entry_type == "article":
        wanted["journal"] = work.journal
    return [name for name, value in wanted.items() if not value]


@dataclass
class Existing:
    keys: set[str]
    dois: dict[str, str]  # normalised DOI -> key
    pmids: dict[str, str]


def existing_entries(bib_path: Path) -> Existing:
    bib = bibliography.read_bib(bib_path, bib_path.name)
    existing = Existing(set(), {}, {})
    for entry in bib.entries:
        existing.keys.add(entry.key)
        if entry.get("doi"):
            existing.dois[bibliography.normal_doi(entry.get("doi"))] = entry.key
        if entry.get("pmid"):
            existing.pmids[entry.get("pmid")] = entry.key
    if bib.problems:
        raise ReferenceLookupError(
            "refs.bib has errors, so duplicates cannot be checked — fix them first "
            "(scripts/check_references.py lists them):\n  " + "\n  ".join(str(p) for p in bib.problems)
        )
    return existing


def append_entry(bib_path: Path, entry: str) -> None:
    """Add the entry at the end of refs.bib; every existing byte stays as it is."""
    with bib_path.open("rb") as existing:
        existing.seek(0, os.SEEK_END)
        size = existing.tell()
        last = b""
        if size:
            existing.seek(-1, os.SEEK_END)
            last = existing.read(1)
    separator = "" if size == 0 else ("\n" if last == b"\n" else "\n\n")
    with bib_path.open("a", encoding="utf-8", newline="\n") as bib:
        bib.write(separator + entry)
