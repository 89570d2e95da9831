"""The site build's own behaviour (registered through scripts/mkdocs_hooks.py) and the checks that
maintainers run before a pull request (scripts/check). Module map: README.md, "Layout"."""
