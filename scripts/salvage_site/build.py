"""The project's own build behaviour, as one object whose methods are MkDocs' event hooks
(scripts/mkdocs_hooks.py registers them).

- Every citation is checked before mkdocs-bibtex sees it: an unknown key stops the build with
  `path:line: key: message` instead of silently vanishing from the sentence.
- References are formatted once per build in a Vancouver style that keeps titles' capitals.
- Each page gets the medical disclaimer and its review dates under its title; the glossary page gets
  the glossary, generated from the same file that gives every page its hover definitions.
- MkDocs' own warnings about the menu, links and anchors name the file and line and say what to do.
- Figures written as ```figure blocks (figures.py) are drawn as SVG or HTML, their source cited.
- The finished site gets its security policy, host files, robots.txt and search-engine data.
"""

from __future__ import annotations

import datetime as dt
import html as html_text
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from salvage_site import (
    accessible_html,
    bibtex_engine,
    build_messages,
    citation_marks,
    decision_aid,
    edit_dates,
    fenced_blocks,
    figures,
    front_matter,
    glossary,
    helplines,
    offline_copy,
    page_header,
    page_metadata,
    preview_cache,
    preview_errors,
    print_summary,
    published_files,
    reference_check,
    reference_page,
    safe_html,
    search_terms,
    security,
    template_cache,
)
from salvage_site.reference_style import ReferenceFormatter, plain

if TYPE_CHECKING:  # `mkdocs serve` only: a build does not load the live-reload server
    from mkdocs.livereload import LiveReloadServer

INCLUDES = "includes"
DISCLAIMER_FILE = "disclaimer.md"
GLOSSARY_FILE = "abbreviations.md"
SAVED_FILES_CHECK_SECONDS = 0.2
# The References page and the Glossary are long lists: a match there ranks below a topic page's.
REFERENCES_SEARCH_BOOST = 0.3


@dataclass
class PageWork:
    """One page on its way through the steps: its HTML so far, the copy search reads, its citations."""

    html: str
    page: Page
    config: MkDocsConfig
    files: Files
    searched: str = ""
    citations: citation_marks.PageCitations | None = None


class SiteBuild:
    """What one build (or one `mkdocs serve` session) knows across pages."""

    def __init__(self) -> None:
        self.serving = False
        self.references: reference_check.Report | None = None
        self.cited_on = reference_page.CitedOn()
        self.disclaimer = ""
        self.terms: dict[str, str] = {}
        self.glossary = glossary.Glossary({})
        self.references_format: ReferenceFormatter | None = None
        self.works: page_metadata.CitedWorks | None = None
        self.references_url = ""
        self.numbered: dict[str, list[str]] = {}  # page -> its cited keys, in reference-list order
        self.for_readers: dict[str, str] = {}  # page -> its HTML, while search reads a plainer copy
        self.protected: dict[str, frozenset[str]] = {}  # built page -> its inline scripts' hashes
        self.blocked: list[str] = []  # what the sanitiser dropped, by page and line
        self._guidelines: dict[str, tuple[str, str]] | None = None
        self.sources: dict[str, str] = {}  # page -> its Markdown, for the lines of problems
        self.today = dt.date.today()
        self.renders = preview_cache.Renders()  # `mkdocs serve`: what each page rendered to last time

    def on_startup(self, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its own live-reload script, which the pages' meta policy would block.
        self.serving = command == "serve"

    @event_priority(100)  # before mkdocs-bibtex reads refs.bib: a broken file gets a path:line message
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build_messages.install(config.docs_dir, config.config_file_path, strict=bool(config.strict))
        refused = published_files.problems(Path(config.docs_dir))
        if refused:
            raise PluginError("These files in docs/ cannot be published:\n  " + "\n  ".join(refused))
        edit_dates.forget()  # `mkdocs serve`: a commit may have been made since the last build
        # The whole site's citations and refs.bib, checked once per build: every problem at once.
        self.references = reference_check.check_for_build(config)
        # mkdocs-bibtex (whose on_config runs next) keeps the build's registry and its reading of refs.bib.
        self.references_format = bibtex_engine.use_registry(
            config, self.references.bib, citation_marks.mark, ReferenceFormatter
        )
        self.cited_on = reference_page.CitedOn()
        self.protected, self.blocked, self._guidelines = {}, [], None
        includes = Path(config.docs_dir) / INCLUDES
        self.disclaimer = (includes / DISCLAIMER_FILE).read_text(encoding="utf-8").strip()
        self.today = page_header.build_date()  # SALVAGE_BUILD_DATE: which pages are due for review
        self.terms = glossary.read_glossary(includes / GLOSSARY_FILE)
        self.glossary = glossary.for_terms(self.terms)
        try:  # deploy settings
            security.prepare_config(config)
        except security.SecurityProblem as problem:
            raise PluginError(str(problem)) from None
        offline_copy.prepare_config(config)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        assert self.references is not None
        self.works = page_metadata.CitedWorks(bibtex_engine.entries(config), self.references.uses)

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        return template_cache.reuse_compiled(env)

    @event_priority(-100)  # last, so the References page renders after every page it lists
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.references_url = reference_page.add_page(files, config).url
        if self.serving:
            self.renders.use_for(files, config)
        return files

    @event_priority(50)  # before mkdocs-bibtex marks citations (figures' captions cite too)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if reference_page.is_references(page):
            assert self.references_format is not None
            markdown = reference_page.page_markdown(
                bibtex_engine.entries(config), self.references_format, self.cited_on, files
            )
            dates = reference_page.review_dates(self.cited_on)
            page.meta.setdefault("search", {"boost": REFERENCES_SEARCH_BOOST})
            top = [
                page_header.review_line(dates),
                page_header.review_due_note(dates, self.today),
                page_header.disclaimer_for(self.disclaimer, page.file.src_uri),
            ]
            return page_header.insert_after_title(markdown, "\n\n".join(filter(None, top)))
        assert page.file.abs_src_path is not None and self.references is not None
        source = front_matter.read_page(Path(page.file.abs_src_path))  # its encoding checked in on_config
        self.sources[page.file.src_uri] = source
        shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        problems = [
            f"{shown}:{line}: {message}" for line, message in front_matter.front_matter_problems(source, page.meta)
        ]
        if problems:
            raise PluginError("Page cannot be built:\n  " + "\n  ".join(problems))
        front_matter.as_text(page.meta)
        # Blocks written as data (figures, help, decision aids) become HTML whose captions and lists cite
        # as [@key], before the citation engine numbers citations. Their data was checked in on_config.
        draws: dict[str, fenced_blocks.Draw] = {
            "figure": figures.draw,
            "help": helplines.page_drawer(config.docs_dir),
            "decision-aid": decision_aid.draw,
        }
        try:
            markdown = fenced_blocks.replace_blocks(markdown, draws, source.count("\n") - markdown.count("\n"))
        except fenced_blocks.BlockError as error:
            raise PluginError(
                "Page cannot be built:\n  "
                + "\n  ".join(f"{shown}:{line}: {message}" for line, message in error.problems)
            ) from None

        if glossary.GLOSSARY_MARKER in markdown:
            markdown = markdown.replace(glossary.GLOSSARY_MARKER, glossary.glossary_markdown(self.terms))
        review = page_header.review_line(page.meta, edit_dates.last_edited(page.file.abs_src_path))
        header = "\n\n".join(
            filter(
                None,
                [
                    review,
                    page_header.review_due_note(page.meta, self.today),
                    page_header.disclaimer_for(self.disclaimer, page.file.src_uri),
                ],
            )
        )
        markdown = page_header.insert_after_title(markdown, header)
        if self.references.uses.get(page.file.src_uri):  # checked in on_config, with all pages
            markdown += f"\n\n{citation_marks.LIST_HEADING}\n\n{citation_marks.LIST_PLACE}\n"
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        work = PageWork(html, page, config, files)
        for step in PAGE_STEPS:
            step(self, work)
        self.for_readers[page.file.src_uri] = work.html
        return work.searched  # what the search plugin indexes, before on_page_context gives readers theirs

    # ---- The steps each page's HTML goes through, in the order of PAGE_STEPS below ----------------

    def clean_editors_html(self, work: PageWork) -> None:
        """The page's own text, as its Markdown gave it, cleaned to the site's allowlist: what an editor
        writes is untrusted; what the steps after this add is the project's code."""
        shown = f"{Path(work.config.docs_dir).name}/{work.page.file.src_uri}"
        work.html, problems = safe_html.sanitise(work.html, self.sources.pop(work.page.file.src_uri, ""))
        self.blocked += [f"{shown}:{line}: {message}" if line else f"{shown}: {message}" for line, message in problems]

    def number_citations(self, work: PageWork) -> None:
        """Citation numbers and the page's reference list (the References page: its entries and "Cited
        on" lines); search reads the page without them."""
        assert self.references_format is not None
        if reference_page.is_references(work.page):
            work.html = reference_page.fill_cited_on(
                self.references_format.fill(work.html), self.cited_on, work.files, work.page.file
            )
            work.searched = work.html
            return
        work.searched = citation_marks.for_search(work.html)
        everywhere = get_relative_url(self.references_url, work.page.file.url)
        work.citations = citation_marks.write(work.html, self.references_format.html, everywhere)
        self.numbered[work.page.file.src_uri] = list(work.citations.numbers)
        work.html = work.citations.html

    def define_terms(self, work: PageWork) -> None:
        """Definitions on hover and keyboard focus; none on the References page, a list of titles."""
        if work.citations is not None:
            work.html = self.glossary.define_terms(work.html)

    def record_where_cited(self, work: PageWork) -> None:
        reference_page.record(work.page, work.citations, self.cited_on)

    def add_checked_and_feedback_lines(self, work: PageWork) -> None:
        page, config = work.page, work.config
        feedback = page_header.feedback_links(
            str(config.extra.get("report_problem") or ""),
            page.edit_url,
            html_text.unescape(page.title or ""),
            page.canonical_url or page.url,
        )
        checked = page_header.checked_line(
            page.meta.get("checked_against") or [],
            self.guidelines(config),
            get_relative_url(self.references_url, page.file.url),
        )
        work.html = page_header.before_references(work.html, "\n".join(filter(None, [checked, feedback])))

    def add_print_summary(self, work: PageWork) -> None:
        if work.citations is None:  # the References page has no summary
            return
        address = work.page.canonical_url or work.page.url
        data = helplines.load(Path(work.config.docs_dir) / helplines.DATA_FILE)[0]
        work.html = print_summary.add(work.html, address, work.citations, print_summary.phone_lines(data, address))

    def label_links(self, work: PageWork) -> None:
        work.html = accessible_html.label_links(work.html)

    @event_priority(-100)  # after the search plugin has read the page
    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        page.content = self.for_readers.pop(page.file.src_uri, page.content)
        return context

    def guidelines(self, config: MkDocsConfig) -> dict[str, tuple[str, str]]:
        """key -> (title, year) of each guideline in refs.bib, as readers see them."""
        if self._guidelines is None:
            self._guidelines = {
                key: (plain(entry.fields.get("title", "")), plain(entry.fields.get("year", "")))
                for key, entry in bibtex_engine.entries(config).items()
                if entry.fields.get("kind", "").lower() == "guideline"
            }
        return self._guidelines

    @event_priority(-100)  # last: the page's scripts are hashed as it is written
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = accessible_html.tidy_header(output)
        assert self.works is not None
        # Open Graph tags and schema.org MedicalWebPage data (review date, cited works).
        output = page_metadata.add_head_tags(output, page, config, self.works, self.numbered.pop(page.file.src_uri, ()))
        output, self.protected[page.file.dest_uri] = security.protect_page(
            output, page.content or "", meta=not self.serving
        )
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # The 404 page's header too.
        return accessible_html.tidy_header(output_content)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # MkDocs looks for saved files every 0.5 s: on average a quarter of a second of every wait for
        # the preview. Looking every 0.2 s costs a few hundred file checks a second, nothing noticeable.
        # (MkDocs has no setting for it, nor a public list of what it watches.)
        watched = dict(server._watched_paths)
        for path, count in watched.items():
            for _ in range(count):
                server.unwatch(path)
        from watchdog.observers.polling import PollingObserver  # `mkdocs serve` only

        server.observer = PollingObserver(timeout=SAVED_FILES_CHECK_SECONDS)
        for path in watched:
            server.watch(path)
        # refs.bib lives beside mkdocs.yml, outside docs/: watch it so edits show up on reload.
        server.watch(str(Path(config.config_file_path).parent / bibtex_engine.bib_file(config)))
        server.builder = preview_errors.showing_errors(server.builder, Path(config.site_dir))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        page_metadata.write_robots(config)
        try:  # lay words, UK spellings and brand names in each page's search entry
            search_terms.add_to_search_index(config)
        except search_terms.SearchTermsProblem as problem:
            raise PluginError(str(problem)) from None
        try:  # the other HTML files' meta policy, then _headers and the nginx include
            security.finish_site(config, meta=not self.serving, pages=self.protected, problems=tuple(self.blocked))
        except security.SecurityProblem as problem:
            raise PluginError(str(problem)) from None
        offline_copy.finish_site(config)


# Each page's HTML, step by step. The steps that find their place by Material's markup (headings,
# admonitions, permalinks) are checked against Material itself by tests/maintainer/test_material_markup.py.
PAGE_STEPS: tuple[Callable[[SiteBuild, PageWork], None], ...] = (
    SiteBuild.clean_editors_html,
    SiteBuild.number_citations,
    SiteBuild.define_terms,
    SiteBuild.record_where_cited,
    SiteBuild.add_checked_and_feedback_lines,
    SiteBuild.add_print_summary,
    SiteBuild.label_links,
)
