"""Typed ways for tests to take one element or one attribute out of a parsed page.

BeautifulSoup's find() and select_one() return `Tag | None`, and tag["name"] returns `str` or, for
attributes that hold several values (class, rel), a list; these narrow them, failing the test with a
message when the page lacks what it looks for."""

from __future__ import annotations

from bs4 import Tag


def present(element: Tag | None, what: str) -> Tag:
    """The element find() or select_one() returned: the test fails, naming `what`, if there is none."""
    assert element is not None, f"the page has no {what}"
    return element


def attr(tag: Tag, name: str, default: str | None = None) -> str:
    """The value of a single-valued attribute such as href, id or content; `default` if the tag has no
    such attribute, or KeyError if no default is given."""
    value = tag[name] if default is None else tag.get(name, default)
    assert isinstance(value, str), f"<{tag.name}> {name} holds several values: {value}"
    return value
