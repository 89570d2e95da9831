"""Calm citations: neighbouring citation numbers separated by a comma ("2, 4", never "24"), and the
links back from a reference to the sentences citing it shown as one "↩" and a short list of
letters ("↩ a b c", as encyclopaedias do) instead of a row of arrows. Their tap area and look are
in docs/stylesheets/extra.css."""

from __future__ import annotations

import re
import string

# Python-Markdown writes each citation as <sup id="fnref…"><a class="footnote-ref" …>N</a></sup>,
# neighbours with nothing between them.
ADJACENT = re.compile(r'</sup>(?=<sup id="fnref)')
SEPARATOR = '</sup><sup class="citation-separator">,</sup>'
BACKREF = re.compile(r'<a class="footnote-backref" href="(#fnref\d*:[^"]+)"[^>]*>&#8617;</a>')
BACKREFS = re.compile(f"(?:{BACKREF.pattern}){{2,}}")


def _letter(number: int) -> str:
    letters = string.ascii_lowercase
    return letters[number] if number < len(letters) else letters[number // 26 - 1] + letters[number % 26]


def _collapse(match: re.Match[str]) -> str:
    targets = [link[1] for link in BACKREF.finditer(match[0])]
    links = " ".join(
        f'<a class="footnote-backref" href="{href}" '
        f'aria-label="Back to the text, place {n} of {len(targets)} citing this">{_letter(n - 1)}</a>'
        for n, href in enumerate(targets, 1))
    return f'<span class="footnote-backrefs"><span aria-hidden="true">&#8617;</span> {links}</span>'


def calm(page_html: str) -> str:
    return BACKREFS.sub(_collapse, ADJACENT.sub(SEPARATOR, page_html))
