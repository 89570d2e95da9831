"""A stranger's pull request, tried as a hostile contributor would: each bad input is refused with the
file, the line and the fix, or shown to be harmless. Markup cases run through the sanitiser directly;
the rest through the build or the checks a pull request runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig

from salvage_site import (
    bibliography,
    citation_marks,
    decision_aid,
    figures,
    front_matter,
    published_files,
    reference_style,
    safe_html,
    security,
)
from salvage_site.glossary import Glossary

ROOT = Path(__file__).resolve().parents[2]

# (markup a page might carry, words of the message, text that must not survive into the page)
REFUSED = [
    ("<script>alert(1)</script>", "cannot carry scripts", "<script"),
    ('<script type="module">alert(1)</script>', "cannot carry scripts", "<script"),
    ("<SCRIPT>alert(1)</SCRIPT>", "cannot carry scripts", "alert"),
    ("<svg><script>alert(1)</script></svg>", "cannot carry scripts", "alert"),
    ('<div class="admonition note"><script type="module">go()</script></div>', "cannot carry scripts", "go()"),
    ("<template><script>alert(1)</script></template>", "cannot carry scripts", "<script"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "scripts", "onerror"),
    ('<iframe src="https://evil.example/"></iframe>', "link to it instead", "iframe"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "link to it instead", "srcdoc"),
    ('<object data="https://evil.example/x.swf"></object>', "link to it instead", "object"),
    ('<embed src="https://evil.example/x.swf">', "link to it instead", "embed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "redirect", "refresh"),
    ('<base href="https://evil.example/">', "another address for its links", "<base"),
    ('<link rel="stylesheet" href="https://cdn.example/x.css">', "a file from elsewhere", "cdn.example"),
    ('<form action="https://evil.example/"><input name="psa"></form>', "cannot carry a form", "<form"),
    ('<input type="text" name="psa">', "cannot carry a form", 'type="text"'),
    ('<input type="password">', "cannot carry a form", "password"),
    ('<button type="submit">Send</button>', "cannot carry a form", "submit"),
    ('<textarea name="notes"></textarea>', "cannot carry a form", "textarea"),
    ('<div onclick="go()">Press</div>', "runs code when", "onclick"),
    ('<DIV ONCLICK="go()">Press</DIV>', "runs code when", "go()"),
    ('<img src="x.png" alt="" onerror="go()">', "runs code when", "onerror"),
    ('<svg onload="go()"></svg>', "runs code when", "onload"),
    ('<details ontoggle="go()" open><summary>x</summary></details>', "runs code when", "ontoggle"),
    ('<a href="javascript:alert(1)">x</a>', "not run code", "javascript"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "not run code", "alert"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>', "not run code", "alert"),
    ('<A HREF="  JavaScript:alert(1)">x</A>', "not run code", "alert"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "not run code", "data:"),
    ('<a href="vbscript:msgbox(1)">x</a>', "not run code", "vbscript"),
    ('<img src="https://cdn.example/x.png" alt="x">', "loads a file from another site", "cdn.example"),
    ('<img src="//cdn.example/x.png" alt="x">', "loads a file from another site", "cdn.example"),
    ('<image src="https://cdn.example/x.png">', "not markup this site uses", "cdn.example"),
    ('<img src="/\\evil.example/p.png" alt="a">', "loads a file from another site", "evil.example"),
    ('<img src="\\/evil.example/q.png" alt="b">', "loads a file from another site", "evil.example"),
    ('<img src="/&#x09;/evil.example/r.png" alt="c">', "loads a file from another site", "evil.example"),
    ('<p id="__config">{"base": "https://evil.example"}</p>', "site's own scripts use", 'id="__config"'),
    ('<div id="material-scripts"></div>', "site's own scripts use", "material-scripts"),
    ('<img src="x.png" srcset="https://cdn.example/x.png 2x" alt="x">', "loads a file from another site", "srcset"),
    ('<video poster="https://cdn.example/x.png"></video>', "not markup this site uses", "poster"),
    ('<p style="color: red">x</p>', "docs/stylesheets/extra.css", "style="),
    ("<style>p { color: red }</style>", "docs/stylesheets/extra.css", "color: red"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "not markup", "onerror"),
    ('<div data-md-component="search">x</div>', "not one the site uses", "data-md-component"),
    ('<a href="https://example.org/" target="_blank">x</a>', "not one the site uses", "target"),
]

# Markup the site's own tools write: kept as it is, nothing reported.
HARMLESS = [
    '<p>One in ten men <a href="https://doi.org/10.1/x">on treatment</a>.</p>',
    '<p><a href="mailto:editors@example.org">Write</a> or <a href="tel:+448000748383">call</a>.</p>',
    '<p><a href="../hiv/index.md#what-next">relative</a> <img src="../assets/x.svg" alt="x"></p>',
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
    'name="__tabbed_1" type="radio"><div class="tabbed-labels"><label for="__tabbed_1_1">A</label></div></div>',
    '<details class="note" open><summary>More</summary><p>x</p></details>',
    '<table><thead><tr><th align="right" scope="col">n</th></tr></thead><tbody><tr><td align="right">1</td>'
    "</tr></tbody></table>",
    '<figure class="figure" id="f"><svg viewBox="0 0 10 10" role="img" aria-labelledby="t" focusable="false">'
    '<title id="t">x</title><g class="a"><rect x="1" y="2" width="3" height="4"></rect><circle cx="1" cy="1" '
    'r="2"></circle><text x="1" y="2" text-anchor="middle">5</text></g></svg><figcaption>x</figcaption></figure>',
    '<p><abbr title="Prostate-specific antigen">PSA</abbr> <time datetime="2026-12-07">today</time></p>',
    '<fieldset data-aid-statements=""><legend>What matters</legend><label><input type="checkbox" '
    'name="bowel" value="1"> Bowel</label><button type="button">Clear</button></fieldset>',
]


@pytest.mark.parametrize("markup, words, gone", REFUSED)
def test_hostile_markup_is_refused_with_its_line_and_never_published(markup, words, gone):
    source = f"# Page\n\nSome text.\n\n{markup}\n"
    cleaned, problems = safe_html.sanitise(markup, source)
    assert problems, f"nothing reported for {markup!r}"
    assert any(words in message for _, message in problems), problems
    assert all(line == 5 for line, _ in problems), problems
    assert gone.lower() not in cleaned.lower(), cleaned


@pytest.mark.parametrize("markup", HARMLESS)
def test_the_sites_own_markup_passes_unchanged(markup):
    cleaned, problems = safe_html.sanitise(markup, markup)
    assert problems == []
    assert BeautifulSoup(cleaned, "html.parser").get_text() == BeautifulSoup(markup, "html.parser").get_text()
    tags = [(tag.name, sorted(tag.attrs)) for tag in BeautifulSoup(cleaned, "html.parser").find_all(True)]
    assert tags == [(tag.name, sorted(tag.attrs)) for tag in BeautifulSoup(markup, "html.parser").find_all(True)]


def test_a_citation_inside_an_html_attribute_is_refused():
    page_html = f'<p><abbr title="PSA {citation_marks.mark("zaorsky2021salvage")}">PSA</abbr></p>'
    _, problems = safe_html.sanitise(page_html, 'x\n<abbr title="PSA [@zaorsky2021salvage]">PSA</abbr>\n')
    assert problems == [
        (2, "the citation [@zaorsky2021salvage] is inside an HTML tag — put it after the sentence, in the text")
    ]


def test_a_hostile_page_stops_the_build_naming_each_file_and_line(fixture_site):
    lines = {}
    for number, (markup, _, _) in enumerate(REFUSED[:12]):
        lines[f"hostile{number}.md"] = fixture_site.add_page(f"Text.\n\n{markup}\n", name=f"hostile{number}.md")
    result = fixture_site.build()
    assert result.returncode != 0
    for (name, line), (_, words, _) in zip(lines.items(), REFUSED[:12], strict=True):
        assert re.search(rf"docs/{name}:{line + 2}: .*{re.escape(words)}", result.stderr), (name, result.stderr)


HOSTILE_FRONT_MATTER = (
    'title: "Rising PSA</title><script>window.pwned = 1</script>"\n'
    'description: \'" http-equiv="refresh" content="0;url=https://evil.example/\'\n'
)


def test_front_matter_is_text_wherever_it_lands(fixture_site):
    page = fixture_site.path / "docs/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        re.sub(r"title: .*\ndescription: .*\n", lambda _: HOSTILE_FRONT_MATTER, text, count=1), encoding="utf-8"
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    built = (fixture_site.path.parent / "built/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(built, "html.parser")
    assert soup.title and soup.title.get_text().startswith("Rising PSA</title><script>window.pwned = 1</script>")
    assert "window.pwned" not in " ".join(
        script.get_text() for script in soup.find_all("script") if script.get("type") != "application/ld+json"
    )
    assert not soup.find("meta", attrs={"http-equiv": "refresh"})
    description = soup.find("meta", attrs={"name": "description"})
    assert description and "evil.example" in description["content"]


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("template", "404.html", "cannot choose its template"),
        ("template", "../../../../etc/passwd", "cannot choose its template"),
        ("icon", "material/alert", "is not a field this site uses"),
        ("subtitle", "<script>go()</script>", "is not a field this site uses"),
        ("title", "[a, b]", "must be plain text"),
        ("hide", "[everything]", "'hide' must be a list of"),
        ("search", "{boost: lots}", "'search' takes"),
        ("checked_against", "morgan2024salvage", "must be a list of refs.bib keys"),
        ("last_reviewed", "2099-13-45", "is not a real date"),
        ("next_review", "2026-02-30", "is not a real date"),
        ("next_review", "2099-01-01", "more than 3 years after"),
        ("last_reviewed", "1926-11-28", "before the site existed"),
        ("last_reviewed", "2026-11-28 10:00:00", "is not a date"),
    ],
)
def test_front_matter_that_would_change_the_page_or_crash_the_build_is_refused(field, value, words):
    fields = {"title": "T", "description": "D", "last_reviewed": "2026-11-28", "next_review": "2027-11-28"}
    fields[field] = value
    source = "---\n" + "".join(f"{name}: {text}\n" for name, text in fields.items()) + "---\n\n# T\n"
    problems = front_matter.front_matter_problems(source)
    line = list(fields).index(field) + 2
    assert any(words in message and at == line for at, message in problems), problems


@pytest.mark.parametrize(
    "yaml_text, words",
    [
        ("title: &a [x, x]\ndescription: *a\n", "references or tags"),
        (
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "references or tags",
        ),
        ("title: !!python/object/apply:os.system ['true']\n", "references or tags"),
    ],
)
def test_yaml_that_could_expand_or_run_never_reaches_a_parser(yaml_text, words):
    problems = front_matter.front_matter_safety(f"---\n{yaml_text}---\n\n# T\n")
    assert problems and words in problems[0][1] and problems[0][0] in (2, 3), problems


def _site_problems(fixture_site):
    return [str(problem) for problem in fixture_site.check().errors]


def test_a_page_that_is_not_utf8_is_named_with_its_line(fixture_site):
    (fixture_site.path / "docs/latin1.md").write_bytes(b"---\ntitle: T\n---\n\n# Caf\xe9\n")
    problems = _site_problems(fixture_site)
    assert any(p.startswith("docs/latin1.md:5:") and "not UTF-8" in p for p in problems), problems


def test_a_page_saved_with_a_byte_order_mark_builds(fixture_site):
    page = fixture_site.path / "docs/second.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    assert _site_problems(fixture_site) == []
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr


def test_an_alias_bomb_in_front_matter_stops_the_build_at_once(fixture_site):
    bomb = "".join(
        f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9 if prev else ["x"] * 9) + "]\n"
        for name, prev in zip("abcdefghij", [None, *"abcdefghi"], strict=True)
    )
    fixture_site.write("docs/bomb.md", f"---\n{bomb}---\n\n# T\n")
    result = fixture_site.build()
    assert result.returncode != 0
    assert "docs/bomb.md:2: front matter: front matter cannot use YAML" in result.stderr, result.stderr


def test_files_docs_must_not_publish_are_named(tmp_path):
    docs = tmp_path / "docs"
    (docs / "javascripts").mkdir(parents=True)
    (docs / "assets").mkdir()
    (docs / "index.md").write_text("# Home\n")
    (docs / "page.html").write_text("<script>alert(1)</script>")
    (docs / "page.xhtml").write_text("<html/>")
    (docs / "tool.js").write_text("alert(1)")
    (docs / "javascripts/ok.js").write_text("// the project's own")
    (docs / "assets/ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>')
    (docs / "assets/bad.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>')
    (docs / "assets/handler.svg").write_text('<svg onload="alert(1)"></svg>')
    (docs / "assets/link.svg").write_text('<svg><a xlink:href="javascript:alert(1)">x</a></svg>')
    (docs / "assets/prefixed.svg").write_text(
        '<svg xmlns:s="http://www.w3.org/2000/svg"><s:script>go()</s:script></svg>'
    )
    (docs / "assets/entity.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    )
    (docs / "assets/animate.svg").write_text('<svg><set attributeName="href" to="javascript:go()"/></svg>')
    os.symlink("/etc/passwd", docs / "passwd.md")
    os.symlink(tmp_path / ".git", docs / "git")
    (tmp_path / ".git").mkdir()
    found = "\n".join(published_files.problems(docs))
    for expected in (
        "docs/page.html: an HTML file",
        "docs/page.xhtml: an HTML file",
        "docs/tool.js: scripts live in docs/javascripts/",
        "docs/assets/bad.svg:2: <script>",
        "docs/assets/handler.svg:1: the event handler onload=",
        "docs/assets/link.svg:1: <a>",
        "docs/assets/prefixed.svg:1: <s:script>",
        "docs/assets/entity.svg:2: a DOCTYPE",
        "docs/assets/animate.svg:1: <set>",
        "docs/passwd.md: is a link to another file",
        "docs/git: is a link to another file",
    ):
        assert expected in found, found
    assert "ok.js" not in found and "ok.svg" not in found


def test_a_symlink_in_docs_stops_the_build_before_anything_is_copied(fixture_site):
    os.symlink("/etc/passwd", fixture_site.path / "docs/passwd.md")
    result = fixture_site.build()
    assert result.returncode != 0 and "docs/passwd.md: is a link to another file" in result.stderr
    assert not (fixture_site.path.parent / "built/passwd.md").exists()


def test_a_snippet_outside_the_includes_folder_is_refused(fixture_site):
    fixture_site.add_page('--8<-- "../../../../../../etc/passwd"\n')
    result = fixture_site.build()
    assert result.returncode != 0
    assert "root:" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert re.search(r"docs/defect\.md:\d+: snippet: '\.\./.*passwd' is not a file in docs/includes/", result.stderr)


def test_one_source_cited_thousands_of_times_keeps_a_back_link_for_each(fixture_site):
    marks = " ".join(citation_marks.mark("zaorsky2021salvage") for _ in range(3000))
    written = citation_marks.write(f"<p>{marks}</p>\n<p>{citation_marks.LIST_PLACE}</p>", lambda key: key, "x/").html
    letters = re.findall(r'aria-label="Back to the text, place \d+ of 3000 citing this">(\w+)</a>', written)
    assert len(letters) == 3000 and len(set(letters)) == 3000 and letters[-1] == "dkj"


def test_a_page_written_as_one_long_line_is_checked(fixture_site):
    sentence = "Salvage radiotherapy treats the prostate bed when the PSA rises after surgery. " * 20
    fixture_site.add_page(" ".join(f"{sentence} [@zaorsky2021salvage]" for _ in range(400)) + "\n")
    assert _site_problems(fixture_site) == []


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("title", r"\foo{Salvage} therapy", r"'\foo' in the title is a LaTeX command"),
        ("journal", r"\mystery{J Urol}", r"'\mystery' in the journal"),
        ("url", "javascript:alert(1)", "is not a web address"),
        ("url", 'https://example.org/"onmouseover="x', "is not a web address"),
        ("url", "file:///etc/passwd", "is not a web address"),
        ("title", r"\href{https://evil.example}{click} therapy", r"'\href' in the title"),
        ("title", r"Salvage \cite{x} therapy", r"'\cite' in the title"),
        ("title", r"\input{/etc/passwd}Salvage therapy", r"'\input' in the title"),
    ],
)
def test_bibliography_text_that_readers_would_see_raw_is_refused(fixture_site, field, value, words):
    fields = {
        "kind": "guideline",
        "author": "{Evil}",
        "title": "Safe title",
        "year": "2026",
        "url": "https://example.org/",
        field: value,
    }
    line = fixture_site.append_bib(
        "@misc{evil2026entry,\n" + ",\n".join(f"  {name} = {{{text}}}" for name, text in fields.items()) + "\n}\n"
    )
    bib = bibliography.read_bib(fixture_site.bib, "refs.bib")
    problems = [str(p) for p in bibliography.entry_problems(bib)[0] + reference_style.latex_problems(bib)]
    field_line = line + 1 + list(fields).index(field)
    assert f"refs.bib:{field_line}: evil2026entry: " in "\n".join(p for p in problems if words in p), problems


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"\textit{In vitro} results", "In vitro results"),
        (r"See \url{https://example.org/x}", "See https://example.org/x"),
        (r"M\"{u}ller and Caf\'e", "Müller and Café"),
        (r"50\% of men -- and more", "50% of men – and more"),
    ],
)
def test_latex_in_refs_bib_reads_as_plain_text(latex, text):
    assert reference_style.plain(latex) == text
    assert reference_style.unknown_latex(latex) == ()


@pytest.mark.parametrize(
    "value, words",
    [
        (".nan", "must be a number from the source"),
        (".inf", "must be a number from the source"),
        ("-.inf", "must be a number from the source"),
        (".NaN", "must be a number from the source"),
        ("5.0e-324", "more decimal places than a reader is shown"),
        ("99.99999999", "more decimal places than a reader is shown"),
    ],
)
def test_figure_numbers_a_reader_would_misread_are_refused_with_their_line(value, words):
    text = (
        "```figure\ntype: fact-box\ntitle: T\nwho: men\nwhen: after 5 years\nsource: zaorsky2021salvage\n"
        f"per: 100\ncolumns: [A, B]\nrows:\n  - label: Alive\n    values: [{value}, 5]\n```\n"
    )
    _, problems = figures.scan(text)
    assert any(line == 11 and words in message for line, message in problems), problems


def test_a_decision_aid_number_that_is_not_a_number_is_refused():
    aid = (ROOT / "docs/prostate/psa-rising-after-surgery-options.md").read_text(encoding="utf-8")
    block = aid[aid.index("```decision-aid") :]
    block = block[: block.index("\n```\n") + 5]
    value = re.search(r"value: (\d+(?:\.\d+)?)", block)
    assert value, "the decision aid gives no number"
    hostile = block.replace(value.group(), "value: .nan", 1)
    _, problems = decision_aid.scan(hostile)
    assert any("must be a number from the source" in message for _, message in problems), problems


def test_decision_aid_text_shows_markup_characters_as_written():
    shown = decision_aid._md("PSA under 0.2 ng/mL (<0.2) & *rising*")
    assert shown == "PSA under 0.2 ng/mL (&lt;0.2) &amp; \\*rising\\*"


def test_a_glossary_term_never_breaks_an_entity():
    glossary = Glossary({"amp": "A unit of electric current.", "PSA": "Prostate-specific antigen."})
    html = glossary.define_terms("<p>Salt &amp; pepper; PSA &#160;test.</p>")
    assert "&amp;" in html and "&#160;" in html and "<abbr" in html
    assert "&<abbr" not in html and "#<abbr" not in html


@pytest.mark.parametrize(
    "name, value",
    [
        ("site_url", 'https://example.org/"><script>x</script>/'),
        ("site_url", "https://example.org/a;b{c}/"),
        ("site_url", "https://example.org/a b/"),
        ("edit_uri", "javascript:alert(1)//"),
        ("report_problem", 'mailto:x@example.org"onmouseover="x'),
    ],
)
def test_deploy_settings_are_checked_before_use(name, value):
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_url": "https://example.org/", "extra": {}})
    config.validate()
    if name == "report_problem":
        config.extra["report_problem"] = value
    else:
        config[name] = value
    problems = security.address_problems(config)
    assert len(problems) == 1 and "not a plain web or e-mail address" in problems[0], problems


def test_an_issue_form_address_may_choose_its_template_but_the_site_address_has_no_query():
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_url": "https://example.org/?x=1", "extra": {}})
    config.validate()
    config.extra["report_problem"] = "https://github.com/owner/repo/issues/new?template=problem.yml&labels=page"
    problems = security.address_problems(config)
    assert len(problems) == 1 and problems[0].startswith("SITE_URL="), problems


def test_repeated_markup_is_named_on_each_of_its_lines():
    source = "# P\n\nText.\n\n<script>a()</script>\n\nMore.\n\n<script>b()</script>\n\n<script>c()</script>\n"
    _, problems = safe_html.sanitise("<script>a()</script><p>More.</p><script>b()</script><script>c()</script>", source)
    assert [line for line, _ in problems] == [5, 9, 11], problems


def test_a_footnote_named_like_a_reference_is_refused(fixture_site):
    line = fixture_site.add_page("A note.[^zaorsky2021salvage]\n\n[^zaorsky2021salvage]: Not the reference.\n")
    problems = _site_problems(fixture_site)
    assert any(
        p.startswith(f"docs/defect.md:{line + 2}: zaorsky2021salvage: a footnote cannot have the name")
        for p in problems
    ), problems


def test_a_snippet_block_outside_the_includes_folder_is_refused(fixture_site):
    fixture_site.add_page("--8<--\n../../mkdocs.yml\n--8<--\n")
    result = fixture_site.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert "snippet: '../../mkdocs.yml' is not a file in docs/includes/" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"---\ntitle: T\n---\n\n# Caf\xe9\n", "FAIL docs/latin1.md:5: this file is not UTF-8 text"),
        (
            b"\xef\xbb\xbf---\ntitle: T\ndescription: D\n"
            b"last_reviewed: 2026-11-28\nnext_review: 2027-11-28\n---\n\n# T\n",
            "Pages: 1 checked, 0 to fix",
        ),
    ],
)
def test_the_page_check_reads_what_the_build_reads(tmp_path, content, expected):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "latin1.md").write_bytes(content)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_pages.py"), "--docs", str(docs), "--today", "2026-12-01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert expected in result.stdout and "Traceback" not in result.stderr, (result.stdout, result.stderr)


def test_ordinary_deploy_settings_pass():
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "site_url": "https://example.org/salvage/", "extra": {}})
    config.validate()
    config.edit_uri = "https://github.com/owner/repo/edit/main/docs/"
    config.extra["report_problem"] = "editors@example.org"
    assert security.address_problems(config) == []
