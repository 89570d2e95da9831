"""The project's own build behaviour, registered in mkdocs.yml under `hooks:`.

- Every citation is checked before mkdocs-bibtex sees it: an unknown key stops the build with
  `path:line: key: message` instead of silently vanishing from the sentence.
- References are formatted once per build in a Vancouver style that keeps titles' capitals.
- Each page gets the medical disclaimer and its review dates under its title; the glossary page gets
  the glossary, generated from the same file that gives every page its hover definitions.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from salvage_site import discovery, pages, reader, reference_check, reference_page, security
from salvage_site.references import ReferenceFormatter

INCLUDES = "includes"
DISCLAIMER_FILE = "disclaimer.md"
GLOSSARY_FILE = "abbreviations.md"
# Kept out of the search index: each reference is indexed once, on the References page.
REFERENCES_HEADING = '## References {: data-search-exclude="" }'
# Where Python-Markdown's footnotes extension puts the reference list.
FOOTNOTES_PLACE = "///Footnotes Go Here///"

_site = {}


def bibtex_plugin(config):
    return config.plugins["bibtex"]


@event_priority(100)  # before mkdocs-bibtex reads refs.bib: a broken file gets a path:line message
def on_config(config):
    # The whole site's citations and refs.bib, checked once per build: every problem listed at once.
    _site["references"] = reference_check.check_for_build(config)
    _site["cited_on"] = reference_page.CitedOn()
    includes = Path(config.docs_dir) / INCLUDES
    _site["disclaimer"] = (includes / DISCLAIMER_FILE).read_text(encoding="utf-8").strip()
    _site["glossary"] = pages.read_glossary(includes / GLOSSARY_FILE)
    # Every page's hover definitions, handed to the abbr extension as its glossary: about ten times
    # faster per page than appending the glossary file to each page (pymdownx.snippets auto_append).
    config.mdx_configs.setdefault("abbr", {})["glossary"] = _site["glossary"]
    security.prepare_config(config)  # SITE_OFFLINE=true: a build to open from disk
    return config


def on_pre_build(config):
    registry = bibtex_plugin(config).registry
    # mkdocs-bibtex keeps its registry across `mkdocs serve` rebuilds until refs.bib changes;
    # a new registry gets a new cache.
    if not isinstance(getattr(registry, "reference_text", None), CachedReferenceText):
        registry.reference_text = CachedReferenceText(registry.bib_data.entries)
    _site["works"] = discovery.CitedWorks(registry.bib_data.entries)


class CachedReferenceText:
    """Stands in for mkdocs-bibtex's per-page formatting: each entry is formatted once."""

    def __init__(self, entries):
        self.formatter = ReferenceFormatter(entries)

    def __call__(self, citation) -> str:
        return self.formatter.format_key(citation.key)


@event_priority(-100)  # last, so the References page renders after every page it lists
def on_files(files, config):
    _site["references_url"] = reference_page.add_page(files, config).url
    return files


def on_page_content(html, page, config, files):
    if reference_page.is_references(page):
        html = reference_page.fill_cited_on(html, _site["cited_on"], files, page.file)
    else:
        uses = _site["references"].uses.get(page.file.src_uri, [])
        html = reference_page.add_footnote_links(html, uses, page.file.url, _site["references_url"])
    reference_page.record(html, page, _site["cited_on"])
    # Definitions on hover and keyboard focus, once per section; once per page on the References
    # page, whose sections are letters of the alphabet rather than topics.
    html = reader.glossary_terms(html, per_section=not reference_page.is_references(page))
    return html


def on_serve(server, config, builder):
    # refs.bib lives beside mkdocs.yml, outside docs/: watch it so edits show up on reload.
    server.watch(str(Path(config.config_file_path).parent / bibtex_plugin(config).config.bib_file))
    return server


@event_priority(50)  # before mkdocs-bibtex turns citations into footnotes
def on_page_markdown(markdown, page, config, files):
    if reference_page.is_references(page):
        formatter = bibtex_plugin(config).registry.reference_text.formatter
        markdown = reference_page.page_markdown(formatter.entries, formatter.format_key,
                                                _site["cited_on"], files)
        header = [pages.review_line(reference_page.review_dates(_site["cited_on"])), _site["disclaimer"]]
        return pages.insert_after_title(markdown, "\n\n".join(filter(None, header)))
    source_path = page.file.src_uri
    shown_path = f"{Path(config.docs_dir).name}/{source_path}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    problems = [
        f"{shown_path}:{line}: {message}" for line, message in pages.front_matter_problems(source)
    ]
    uses = _site["references"].uses.get(source_path, [])  # checked in on_config, with all pages
    if problems:
        raise PluginError("Page cannot be built:\n  " + "\n  ".join(problems))

    if pages.GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(pages.GLOSSARY_MARKER, pages.glossary_markdown(_site["glossary"]))
    page.edit_url = pages.edit_url(config.extra, page.file.src_uri) or page.edit_url
    review = pages.review_line(page.meta, pages.last_edited(page.file.abs_src_path))
    header = "\n\n".join(filter(None, [review, _site["disclaimer"]]))
    markdown = pages.insert_after_title(markdown, header)
    if uses:
        markdown += f"\n\n{REFERENCES_HEADING}\n\n{FOOTNOTES_PLACE}\n"
    return markdown


def on_startup(command, dirty):
    # `mkdocs serve` injects its own live-reload script, which the pages' meta policy would block.
    _site["serving"] = command == "serve"


def on_post_page(output, page, config):
    output = reader.name_search_dialog(output)  # screen readers announce "Search", not "dialog"
    # Open Graph tags and schema.org MedicalWebPage data (review date, cited works).
    return discovery.add_head_tags(output, page, config, _site["works"])


def on_post_template(output_content, template_name, config):
    return reader.name_search_dialog(output_content)  # the 404 page's search box too


def on_post_build(config):
    discovery.write_robots(config)
    try:  # hashes every inline script, then writes the meta policy, _headers and the nginx include
        security.finish_site(config, meta=not _site.get("serving"))
    except security.SecurityProblem as problem:
        raise PluginError(str(problem)) from None
