"""A page's citations as readers see them: numbered marks in the text and, at the foot, the list of
the references they point to.

mkdocs-bibtex finds each `[@key]`; it would write it as a Markdown footnote, but here it writes a plain
mark that `write` turns into HTML once the page is rendered: through Python-Markdown's footnotes
extension, citations were about half of the cost of rendering a page. The HTML is the extension's
(Material's citation previews read it), with three changes for readers:

- neighbouring citation numbers are separated by a comma ("2, 4", never "24");
- each reference links to its entry on the References page ("All pages citing this");
- the links back from a reference to the sentences citing it are one "↩" and a short list of letters
  ("↩ a b c", as encyclopaedias do), in reading order, instead of a row of arrows.

Their tap area and look are in docs/stylesheets/extra.css.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

# Each citation as mkdocs-bibtex writes it for this build (bibtex_engine.write_citations_as): plain text
# to Markdown, nothing in it is syntax, so it reaches the HTML as written.
MARK = "\u27e6cite:{key}\u27e7"
MARKS = re.compile(r"(?:\u27e6cite:[\w-]+\u27e7)+")     # a run of neighbours: [@a; @b]
CITED = re.compile(r"[ \t]*" + MARKS.pattern)   # with the space before it, as the page is written
KEY = re.compile(r"\u27e6cite:([\w-]+)\u27e7")
# Where the page's reference list goes: a paragraph of its own, after the "References" heading.
LIST_PLACE = "\u27e6reference list\u27e7"
LIST_PARAGRAPH = f"<p>{LIST_PLACE}</p>"
# The page's "References" heading (written by the build, data-search-exclude) and the list's place:
# the heading just before the place, whatever id it was given (a page may have its own "References").
REFERENCES_SECTION = re.compile(rf'<h2\b(?:(?!</h2>).)*</h2>\s*{re.escape(LIST_PARAGRAPH)}', re.S)

CITATION = '<sup id="fnref{n}:{key}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'
SEPARATOR = '<sup class="citation-separator">,</sup>'
BACK_LINK = ('<a class="footnote-backref" href="#fnref:{key}" '
             'aria-label="Jump back to footnote {number} in the text">&#8617;</a>')
BACK_LETTER = ('<a class="footnote-backref" href="#fnref{n}:{key}" '
               'aria-label="Back to the text, place {place} of {places} citing this">{letter}</a>')
ENTRY = ('<li id="fn:{key}">\n<p>{reference} · <a href="{everywhere}#ref-{key}">All pages citing this</a>'
         "&#160;{back}</p>\n</li>")


def mark(key: str) -> str:
    return MARK.format(key=key)


def for_search(page_html: str) -> str:
    """The page's text as the site's search reads it: no citation numbers (a search for "2" should
    not find every page citing a second source) and no reference list (each reference is found once,
    on the References page). Reading only this is also much of what makes indexing a page quick."""
    return REFERENCES_SECTION.sub("", CITED.sub("", page_html), count=1)


def _letter(number: int) -> str:
    """a … z, aa … zz, aaa …: as many places as a page cites one source (0 is "a")."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def write(page_html: str, reference: Callable[[str], str], everywhere: str) -> str:
    """The page's HTML with its citations and reference list in place. References are numbered in
    the order the page first cites them; `reference(key)` gives one's HTML, `everywhere` is the
    References page's address from this page."""
    numbers: dict[str, int] = {}
    uses: dict[str, int] = {}

    def citation(key: str) -> str:
        number = numbers.setdefault(key, len(numbers) + 1)
        n = uses[key] = uses.get(key, 0) + 1
        return CITATION.format(n=n if n > 1 else "", key=key, number=number)

    page_html = MARKS.sub(lambda run: SEPARATOR.join(citation(key) for key in KEY.findall(run[0])), page_html)
    if not numbers:
        return page_html
    entries = []
    for key, number in numbers.items():
        count = uses[key]
        if count > 1:
            letters = " ".join(BACK_LETTER.format(n=n if n > 1 else "", key=key, place=n, places=count,
                                                  letter=_letter(n - 1)) for n in range(1, count + 1))
            back = f'<span class="footnote-backrefs"><span aria-hidden="true">&#8617;</span> {letters}</span>'
        else:
            back = BACK_LINK.format(key=key, number=number)
        entries.append(ENTRY.format(key=key, reference=reference(key), everywhere=everywhere, back=back))
    listing = '<div class="footnote">\n<hr />\n<ol>\n' + "\n".join(entries) + "\n</ol>\n</div>"
    if LIST_PARAGRAPH not in page_html:   # never leave a citation pointing nowhere
        return f"{page_html}\n{listing}"
    return page_html.replace(LIST_PARAGRAPH, listing, 1)
