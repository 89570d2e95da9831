"""Formats refs.bib entries as Vancouver-style references, the numeric style of medical journals.

mkdocs-bibtex's own formatter lower-cases titles and formats every entry again on every page; this one
keeps titles as written and formats each entry once per build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from pybtex.database import Entry, Person
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexMacroNode, LatexNode, LatexWalker, LatexWalkerError

from salvage_site.bibliography import SOURCE_KINDS, UNVERIFIED, BibFile, source_kind
from salvage_site.problems import Problem

# Vancouver lists up to six authors, then "et al."
MAX_AUTHORS = 6


# Text with none of these needs no LaTeX decoding, which is slow enough to matter on every page.
LATEX_SPECIAL = re.compile(r"[\\$%&#^_`]|''")


KNOWN_LATEX = get_default_latex_context_db()
# \url{…} reads as its address, not "<address>".
KNOWN_LATEX.add_context_category("salvage", prepend=True, macros=[MacroTextSpec("url", "%s")])
LATEX_TO_TEXT = LatexNodes2Text(math_mode="text", latex_context=KNOWN_LATEX)


# The LaTeX a reference may use: accents, escaped characters, emphasis, \\url, dashes and a few
# symbols and Greek letters. Anything else (\\cite, \\input, \\href, a package's command) is named as an
# error in refs.bib, never shown raw or dropped without a word.
ALLOWED_LATEX = frozenset(
    """
    ' ` ^ " ~ = . u v H c d b r t k i j l L o O ss ae AE oe OE aa AA & % $ # _ { } , ; ! space
    textit emph textbf textsc textup textrm textsf texttt textsuperscript textsubscript mkbibemph url
    textendash textemdash ldots dots textquoteleft textquoteright textquotedblleft textquotedblright
    alpha beta gamma delta epsilon kappa lambda mu pi sigma tau chi omega Delta
    times pm geq leq ge le approx sim textgreater textless textdegree degree textmu
""".split()
) | {" "}


@cache
def plain(latex: str) -> str:
    """BibTeX field text as a reader sees it: braces gone, `--` as a dash, accents and LaTeX commands
    (\\textit{…}, \\url{…}) resolved by pylatexenc."""
    if not LATEX_SPECIAL.search(latex):
        text = latex.replace("---", "\u2014").replace("--", "\u2013").replace("~", "\u00a0")
        return " ".join(text.replace("{", "").replace("}", "").split())
    try:
        return " ".join(LATEX_TO_TEXT.latex_to_text(latex).split())
    except Exception:  # pylatexenc's own errors; latex_problems names the entry, so this never shows
        return " ".join(re.sub(r"\\[A-Za-z]+|[{}]", "", latex).split())


def latex_problems(bib: BibFile) -> list[Problem]:
    """Fields holding LaTeX commands that have no plain-text reading: the words would vanish."""
    return [
        Problem(
            bib.path,
            value.line,
            entry.key,
            f"'{command}' in the {name} is a LaTeX command the references cannot show — write the "
            "text plainly (e.g. 'In vitro' for \\textit{In vitro})",
        )
        for entry in bib.entries
        for name, value in entry.fields.items()
        for command in unknown_latex(value.value)
    ]


@cache  # each field again on every `mkdocs serve` rebuild
def unknown_latex(latex: str) -> tuple[str, ...]:
    """The LaTeX commands in a field that have no plain-text reading (they would vanish from it)."""
    if "\\" not in latex:
        return ()
    try:
        nodes = LatexWalker(latex, tolerant_parsing=True).get_latex_nodes()[0]
    except LatexWalkerError:
        return ("(unbalanced braces)",)
    found: list[str] = []

    def walk(node_list: list[LatexNode] | None) -> None:
        for node in node_list or []:
            if isinstance(node, LatexMacroNode) and node.macroname not in ALLOWED_LATEX:
                found.append("\\" + node.macroname)
            for child in getattr(node, "nodelist", None) or []:
                walk([child])
            for argument in (node.nodeargd.argnlist if getattr(node, "nodeargd", None) else None) or []:
                walk([argument] if argument is not None else [])

    walk(nodes)
    if not found:
        try:
            LATEX_TO_TEXT.latex_to_text(latex)
        except Exception:
            found.append("(LaTeX that cannot be read)")
    return tuple(found)


def markdown_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


@dataclass(frozen=True)
class Markup:
    """How a reference's parts are written: as Markdown (what an author would write by hand) or
    straight as the HTML that Markdown would give (what the site uses: no Markdown to render)."""

    escape: Callable[[str], str]
    em: Callable[[str], str]
    link: Callable[[str, str], str]


MARKDOWN = Markup(markdown_escape, lambda text: f"*{text}*", lambda text, href: f"[{text}]({href})")
HTML = Markup(
    lambda text: html.escape(text, quote=False),
    lambda text: f"<em>{text}</em>",
    lambda text, href: f'<a href="{html.escape(href)}">{text}</a>',
)


def person_name(person: Person) -> str:
    """'Parker CC', 'van der Kwast TH', 'Renzulli JF II', or an organisation's name."""
    family = plain(" ".join(person.prelast_names + person.last_names))
    given = person.first_names + person.middle_names
    if not given:
        return family
    initials = "".join(part[0].upper() for name in given for part in re.split(r"[-\s.]+", plain(name)) if part)
    lineage = plain(" ".join(person.lineage_names))
    return " ".join(filter(None, [family, initials, lineage]))


def people(entry: Entry) -> list[Person]:
    """The entry's authors, or its editors when it has no authors."""
    return list(entry.persons.get("author") or entry.persons.get("editor") or [])


def author_list(entry: Entry) -> str:
    everyone = people(entry)
    names = [person_name(p) for p in everyone if str(p) != "others"]
    truncated = len(names) > MAX_AUTHORS or any(str(p) == "others" for p in everyone)
    names = names[:MAX_AUTHORS]
    if not names:
        return ""
    return ", ".join(names) + (", et al." if truncated else ".")


def sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def source_details(entry: Entry, markup: Markup = MARKDOWN) -> str:
    """'Lancet. 2020;396(10260):1413–21.' or 'Publisher; 2024.'"""
    fields = {name: plain(value) for name, value in entry.fields.items()}
    year = fields.get("year", "")
    if entry.type == "article":
        where = f"{markup.em(markup.escape(fields.get('journal', '')))}. {year}"
        if fields.get("volume"):
            where += f";{fields['volume']}"
            if fields.get("number"):
                where += f"({fields['number']})"
        if fields.get("pages"):
            where += f":{fields['pages']}"
        return sentence(where)
    container = fields.get("booktitle") or fields.get("publisher") or fields.get("institution")
    container = container or fields.get("organization") or fields.get("howpublished", "")
    parts = [markup.escape(p) for p in (container, year) if p]
    return sentence("; ".join(parts)) if parts else ""


def identifier_links(entry: Entry, markup: Markup = MARKDOWN) -> list[str]:
    links = []
    doi = entry.fields.get("doi", "").strip()
    pmid = entry.fields.get("pmid", "").strip()
    url = entry.fields.get("url", "").strip()
    if doi:
        links.append(markup.link(markup.escape(f"doi:{doi}"), f"https://doi.org/{doi}"))
    if pmid:
        links.append(markup.link(f"PubMed {pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    if url and not doi:
        links.append(markup.link(markup.escape(url), url))
        if entry.fields.get("urldate"):
            links.append(f"Accessed {plain(entry.fields['urldate'])}")
    return links


def kind_label(entry: Entry) -> str:
    """'Randomized trial, 2022' at the head of a reference: what a reader weighs first."""
    kind = source_kind(plain(entry.fields.get("kind", "")))
    words = [SOURCE_KINDS[kind]] if kind else []
    words += [plain(entry.fields["year"])] if entry.fields.get("year") else []
    return f'<span class="source-kind">{", ".join(words)}.</span>' if words else ""


def format_reference(entry: Entry, markup: Markup = MARKDOWN) -> str:
    """One reference on a single line, as Markdown or (markup=HTML) as the HTML Markdown would give."""
    parts = [
        kind_label(entry),
        markup.escape(author_list(entry)),
        markup.escape(sentence(plain(entry.fields.get("title", "Untitled")))),
        source_details(entry, markup),
    ]
    links = identifier_links(entry, markup)
    if links:
        parts.append(" · ".join(links))
    note = plain(entry.fields.get("note", ""))
    if UNVERIFIED in note.lower():
        reason = note[note.lower().index(UNVERIFIED) + len(UNVERIFIED) :].strip(" :;.,")
        because = f": {markup.escape(reason)}" if reason else ""
        parts.append(markup.em(f"(Identifier not yet verified by the editors{because}.)"))
    return " ".join(part for part in parts if part)


# Where a reference goes in a page's Markdown (its footnote, or its entry on the References page).
# The reference itself is turned into HTML once per build and put in place after the page's Markdown
# is rendered: as Markdown, every page's ten or so references were most of the cost of rendering it.
REFERENCE_MARK = "\u27e6ref:{key}\u27e7"
REFERENCE_MARKS = re.compile("\u27e6ref:([^\u27e7]+)\u27e7")


class ReferenceFormatter:
    """Formats each entry at most once per loaded bibliography. Called with a key, it gives the mark
    that `fill` later replaces with the formatted reference."""

    def __init__(self, entries: Mapping[str, Entry]):
        self.entries = entries
        self.markdown: Callable[[str], str] = cache(self._markdown)
        self.html: Callable[[str], str] = cache(self._html)

    def __call__(self, key: str) -> str:
        return REFERENCE_MARK.format(key=key)

    def _markdown(self, key: str) -> str:
        return format_reference(self.entries[key])

    def _html(self, key: str) -> str:
        return format_reference(self.entries[key], HTML)

    def fill(self, html_text: str) -> str:
        """The page's HTML with each reference mark replaced by its formatted reference."""
        return REFERENCE_MARKS.sub(lambda match: self.html(match[1]), html_text)
