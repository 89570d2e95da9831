"""The project's build behaviour, registered in mkdocs.yml under `hooks:`. MkDocs calls the functions
of this module by name; each is a method of one SiteBuild (scripts/salvage_site/build.py), which keeps
what the build knows across pages."""

from salvage_site.build import SiteBuild

_build = SiteBuild()

on_startup = _build.on_startup
on_config = _build.on_config
on_pre_build = _build.on_pre_build
on_env = _build.on_env
on_files = _build.on_files
on_page_markdown = _build.on_page_markdown
on_page_content = _build.on_page_content
on_page_context = _build.on_page_context
on_post_page = _build.on_post_page
on_post_template = _build.on_post_template
on_serve = _build.on_serve
on_post_build = _build.on_post_build
