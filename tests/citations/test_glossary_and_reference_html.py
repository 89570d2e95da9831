"""The glossary's definitions and the formatted references, put into each page's HTML by the build
(scripts/salvage_site/glossary.py, reference_style.py, reference_page.py)."""

from __future__ import annotations

from pybtex.database import parse_string

from salvage_site import citation_marks
from salvage_site.glossary import Glossary
from salvage_site.reference_style import ReferenceFormatter

TERMS = {
    "PSA": "Prostate-specific antigen.",
    "hormone therapy": 'Lowers a hormone ("ADT").',
    "HT": "Short for hormone therapy.",
}


def test_each_term_is_defined_at_its_first_use_in_each_section_and_nowhere_it_would_clutter():
    page = (
        '<h1 id="t">PSA and hormone therapy</h1><p>PSA rises. PSA again, with hormone therapy.</p>'
        '<p><code>PSA</code> <a href="#x">PSA link</a> <span title="PSA">PSAX</span></p>'
        '<svg><title>PSA</title></svg><h2 id="s">Next</h2><p>Then PSA.</p>'
        "<dl><dt><strong>PSA</strong></dt><dd>PSA test.</dd></dl>"
        '<div class="footnote"><ol><li>PSA trial.</li></ol></div>'
    )
    out = Glossary(TERMS).define_terms(page)
    assert out.count("<abbr") == 4, out
    assert '<h1 id="t">PSA and hormone therapy</h1>' in out  # no definitions in headings
    assert '<p><abbr tabindex="0" title="Prostate-specific antigen.">PSA</abbr> rises. PSA again' in out
    assert '<abbr tabindex="0" title="Lowers a hormone (&quot;ADT&quot;).">hormone therapy</abbr>' in out
    assert "<code>PSA</code>" in out and ">PSA link</a>" in out and 'title="PSA">PSAX' in out
    assert "<title>PSA</title>" in out and "<li>PSA trial.</li>" in out
    assert '<p>Then <abbr title="Prostate-specific antigen.">PSA</abbr>.</p>' in out  # new section
    assert '<dt><strong><abbr title="Prostate-specific antigen.">PSA</abbr></strong></dt>' in out
    assert Glossary({}).define_terms(page) == page


def test_references_are_formatted_once_and_put_in_place_of_their_marks():
    bib = parse_string(
        """@article{parker2020timing,
  kind    = {randomized trial},
  author  = {Parker, Chris C.},
  title   = {Timing of radiotherapy (RADICALS-RT) \\& more},
  journal = {Lancet},
  year    = {2020},
  doi     = {10.1016/S0140-6736(20)31553-1}
}""",
        "bibtex",
    )
    formatter = ReferenceFormatter(bib.entries)
    mark = formatter("parker2020timing")
    page = f'<li><p>{mark}&#160;<a class="footnote-backref">↩</a></p></li>'
    filled = formatter.fill(page)
    assert mark not in filled
    assert filled.startswith(
        '<li><p><span class="source-kind">Randomized trial, 2020.</span> Parker CC. '
        "Timing of radiotherapy (RADICALS-RT) &amp; more. <em>Lancet</em>. 2020. "
        '<a href="https://doi.org/10.1016/S0140-6736(20)31553-1">'
    )


def test_search_reads_a_page_without_its_citation_numbers_or_reference_list():
    page = (
        f"<p>Text {citation_marks.mark('a')}{citation_marks.mark('b')}.</p>"
        '<h2 data-search-exclude="" id="references">References</h2>\n'
        f'{citation_marks.LIST_PARAGRAPH}<p class="print-summary-only">From the guide</p>'
    )
    assert citation_marks.for_search(page) == '<p>Text.</p><p class="print-summary-only">From the guide</p>'
    assert citation_marks.for_search("<p>No references</p>") == "<p>No references</p>"
    # A page with its own "References" section: the build's heading gets another id, and goes all the same.
    own = page.replace('id="references"', 'id="references_1"')
    assert citation_marks.for_search('<h2 id="references">References</h2><p>Own.</p>' + own) == (
        '<h2 id="references">References</h2><p>Own.</p><p>Text.</p><p class="print-summary-only">From the guide</p>'
    )
