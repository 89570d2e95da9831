"""Maintainer-workflow tests: see maintainer_helpers.py for the project copy and the script runner."""

from .maintainer_helpers import maintainer_copy  # noqa: F401  (a fixture)
