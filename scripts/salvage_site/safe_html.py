"""Page text as readers get it: each page's HTML, as its Markdown gave it, cleaned to the markup the
site's own tools produce, before the build adds citations, definitions and the page around it.

A page may come from a stranger's pull request, so its HTML is treated as untrusted: nh3 (the Python
binding of ammonia, a maintained allowlist sanitiser) keeps exactly the tags, attributes and link
schemes below and drops everything else. A page that had anything dropped is a build error naming the
file and line, what was found and the fix: the sanitiser guarantees the published page is safe, the
error makes sure nothing an editor wrote disappears without a word.

The allowlist is what Python-Markdown, the pymdown extensions, Material's features and the project's
figures, help blocks and decision aids write, and nothing more.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    """
    a abbr b blockquote br button caption circle code col colgroup dd del desc details div dl dt em
    fieldset figcaption figure g h1 h2 h3 h4 h5 h6 hr i img input ins kbd label legend li line mark nav ol p
    path pre q rect s section small span strong sub summary sup svg table tbody td text tfoot th thead
    time title tr tspan u ul
""".split()
)
GLOBAL_ATTRIBUTES = frozenset("class id title lang dir role hidden data-search-exclude data-tabs".split())
# Attributes starting with these are allowed on any tag: accessibility, and the project's own widgets.
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-aid-", "data-help-"})
_SHAPE = "x y cx cy r rx ry width height x1 y1 x2 y2 d transform text-anchor dominant-baseline".split()
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GLOBAL_ATTRIBUTES),
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "input": {"name", "value", "checked"},
    "label": {"for"},
    "ol": {"start"},
    "details": {"open"},
    "time": {"datetime"},
    "svg": {"viewBox", "width", "height", "xmlns", "focusable"},
    **{tag: set(_SHAPE) for tag in ("rect", "circle", "line", "text", "g", "path", "tspan")},
}
# Attributes allowed only with these values: tabbed boxes' radio buttons, the decision aid's answers.
ATTRIBUTE_VALUES = {"input": {"type": {"radio", "checkbox"}}, "button": {"type": {"button"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes whose value the browser fetches as the page loads (as opposed to links a reader follows).
LOADED = {("img", "src")}
# Detection only: schemes a hostile page might use, allowed by the comparison pass so that dropping
# them shows as a difference.
_ANY_SCHEME = URL_SCHEMES | {
    "javascript",
    "data",
    "vbscript",
    "file",
    "blob",
    "ftp",
    "filesystem",
    "about",
    "ws",
    "wss",
    "view-source",
    "intent",
    "livescript",
}
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>]*)")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz_:")
# Ids the theme and the project's scripts look up (Material's __config, __drawer, __search, …): an
# element of the page with one of them would stand in for the real one. pymdownx's tabbed boxes
# number their own.
_RESERVED_ID = re.compile(r'\sid="(?!__tabbed_\d+_\d+")(__[^"]*|material-scripts|print-summary)"')
_CITATION_IN_TAG = re.compile("<[^<>]*\u27e6cite:([\\w-]+)\u27e7")


def _external(value: str) -> bool:
    """Whether a browser would fetch `value` from another host: it drops tabs and newlines and reads
    a backslash as a slash, so "/\\host" and "/<tab>/host" are other hosts too."""
    address = re.sub(r"[\t\n\r]", "", value).replace("\\", "/").strip()
    return bool(re.match(r"([a-z][a-z0-9+.-]*:|//)", address, re.IGNORECASE))


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """Per-value rules nh3's tables cannot say: a page loads no file from another host."""
    if (tag, attribute) in LOADED and _external(value):
        return None
    return value


def clean(page_html: str) -> str:
    """The page's HTML with everything outside the allowlist removed. The per-value rule for loaded
    files runs only where an image is (a call into Python for every attribute would double the cost)."""
    loads = "<im" in page_html.lower()  # <image> is read as <img> too
    return nh3.clean(
        page_html,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_keep if loads else None,
        link_rel=None,
        strip_comments=True,
    )


def _clean_permissively(page_html: str) -> str:
    """The same page through the same sanitiser allowing every tag, attribute and scheme it contains:
    serialised exactly as `clean` serialises, so any difference is something the allowlist dropped."""
    tags = TAGS | {name.lower() for name in _TAG_NAME.findall(page_html)}
    return nh3.clean(
        page_html,
        tags=set(tags),
        clean_content_tags=set(),
        attributes={"*": set()},
        generic_attribute_prefixes=set(_LETTERS),
        url_schemes=set(_ANY_SCHEME),
        link_rel=None,
        strip_comments=True,
    )


FIX_SCRIPT = (
    "a page cannot carry scripts — put behaviour in docs/javascripts/ and list it in mkdocs.yml (extra_javascript)"
)
FIX_FRAME = "a page cannot show another page inside itself — link to it instead: [its title](https://…)"
FIX_HEAD = (
    "this changes how the browser treats the page (a redirect, another address for its links, a "
    "file from elsewhere) — remove it: the build writes each page's head"
)
FIX_FORM = (
    "a page cannot carry a form (it could send what readers type elsewhere) — remove it; "
    "the decision aid's questions are written as a ```decision-aid block"
)
FIX_STYLE = "styling goes in docs/stylesheets/extra.css, not in a page — remove it"
FIX_HANDLER = "this runs code when the page loads or the reader taps — remove it; behaviour goes in docs/javascripts/"
FIX_URL = "a link must go to a page (https://… or a page of this site), not run code — give its address"
FIX_LOAD = (
    "this loads a file from another site, which this site never does (it would tell that site who "
    "reads the page) — put the file in docs/assets/ and link it relatively"
)
TAG_FIXES = {
    **dict.fromkeys(("script", "noscript", "template"), FIX_SCRIPT),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"), FIX_FRAME),
    **dict.fromkeys(("meta", "base", "link"), FIX_HEAD),
    **dict.fromkeys(("form", "textarea", "select", "option", "datalist", "output", "keygen"), FIX_FORM),
    "style": FIX_STYLE,
}


class _Findings(HTMLParser):
    """What the allowlist drops, each as (text to look for in the Markdown, message): run only on a
    page that had something dropped, to say what and where."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            fix = TAG_FIXES.get(tag, "it is not markup this site uses — write it in Markdown (CONTRIBUTING.md)")
            self.found.append((f"<{tag}", f"<{tag}>: {fix}"))
            return
        allowed = {name.lower() for name in ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())}
        for name, value in attrs:
            finding = _attribute_finding(tag, name, value or "", allowed)
            if finding is not None:
                self.found.append(finding)

    handle_startendtag = handle_starttag


def _attribute_finding(tag: str, name: str, value: str, allowed: set[str]) -> tuple[str, str] | None:
    """(text to look for in the Markdown, message) when the allowlist drops this attribute or its value."""
    if name.startswith("on"):
        return f"{name}=", f"<{tag} {name}=…>: {FIX_HANDLER}"
    if name == "style":
        return "style", f"<{tag} style=…>: {FIX_STYLE}"
    if name in ATTRIBUTE_VALUES.get(tag, {}):
        if value.strip().lower() not in ATTRIBUTE_VALUES[tag][name]:
            return f'{name}="{value}"\n{name}', f'<{tag} {name}="{value}">: {FIX_FORM}'
        return None
    if name not in allowed and not any(name.startswith(p) for p in ATTRIBUTE_PREFIXES):
        loads = name in ("srcset", "poster", "background", "lowsrc")
        return name, f"<{tag} {name}=…>: {FIX_LOAD if loads else 'remove it: it is not one the site uses'}"
    if (tag, name) in LOADED and _external(value):
        return f"{value}\n{name}", f'<{tag} {name}="{value}">: {FIX_LOAD}'
    if name == "href" and ":" in value.split("/")[0]:
        scheme = value.split(":", 1)[0].strip().lower()
        if scheme not in URL_SCHEMES:
            return f"{value.strip()[:40]}\n{name}", f'<{tag} href="{scheme}:…">: {FIX_URL}'
    return None


_TAG = re.compile(r"""<([A-Za-z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>`/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def _surely_kept(page_html: str) -> bool:
    """True when every tag and attribute of the page is one the allowlist keeps as it is: the common
    case, told without a second pass of the sanitiser. Anything it cannot vouch for (a value with a
    scheme, an entity or a backslash, an input, a comment) gets the full comparison."""
    if "<!" in page_html:
        return False
    for tag in _TAG.finditer(page_html):
        name = tag[1].lower()
        if name not in TAGS or name in ATTRIBUTE_VALUES:
            return False
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(name, set())
        for attribute in _ATTRIBUTE.finditer(tag[2]):
            key, value = attribute[1], attribute[2] or ""
            if key not in allowed and not key.startswith(tuple(ATTRIBUTE_PREFIXES)):
                return False
            if key in ("href", "src") and not _plain_address(value.strip("\"'"), loaded=key == "src"):
                return False
    return True


def _plain_address(value: str, *, loaded: bool) -> bool:
    """An address with nothing a browser would read otherwise: no white space, control character,
    backslash or entity but &amp;; a scheme only among those allowed; for a file the page loads, on
    this site."""
    if re.search(r"[\x00-\x20\\\"'<>`]|&(?!amp;)", value) or value.startswith("//"):
        return False
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    if ":" not in head:
        return True
    return not loaded and head.split(":", 1)[0].lower() in URL_SCHEMES


def dropped(page_html: str, cleaned: str) -> list[tuple[str, str]]:
    """(text to look for in the page's Markdown, message) for each thing `clean` removed."""
    if _surely_kept(page_html) or cleaned == _clean_permissively(page_html):
        return []
    parser = _Findings()
    parser.feed(page_html)
    parser.close()
    return parser.found or [("<", "the page's HTML has markup the site does not allow — write it in Markdown")]


def citations_in_tags(page_html: str) -> list[tuple[str, str]]:
    """A citation written inside an HTML tag's attribute would break the tag once numbered."""
    return [
        (f"@{key}", f"the citation [@{key}] is inside an HTML tag — put it after the sentence, in the text")
        for key in _CITATION_IN_TAG.findall(page_html)
    ]


def reserved_ids(page_html: str) -> list[tuple[str, str]]:
    return [
        (name, f'id "{name}" is one the site\'s own scripts use — give the element another id')
        for name in _RESERVED_ID.findall(page_html)
    ]


def _shown(text: str) -> str:
    """Control characters (a tab or newline inside an address) as escapes: one message, one line."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)


def lines_of(source: str, problems: list[tuple[str, str]]) -> list[tuple[int | None, str]]:
    """(line in the page's Markdown, message) for each problem: the n-th problem with the same text to
    look for is put on the n-th line holding it, so repeated markup is named where each one stands.
    A problem's text to look for may give alternatives, one a line, the likeliest first."""
    lines = source.lower().splitlines()
    seen: dict[str, int] = {}
    found = []
    for needles, message in problems:  # what to look for, the likeliest first, one a line
        for wanted in needles.lower().split("\n"):
            matches = [number for number, text in enumerate(lines, 1) if wanted and wanted in text]
            if matches:
                break
        if wanted.startswith("@"):  # a citation in a tag: the line where it stands inside quotes or braces
            quoted = re.compile(r"[\"'{][^\"'}\n]*\[" + re.escape(wanted) + r"\b")
            matches = [number for number in matches if quoted.search(lines[number - 1])] or matches
        index = seen.get(wanted, 0)
        seen[wanted] = index + 1
        line = matches[min(index, len(matches) - 1)] if matches else None
        found.append((line, _shown(message)))
    return found


@functools.lru_cache(maxsize=128)  # `mkdocs serve` builds every page again after each save
def sanitise(page_html: str, source: str) -> tuple[str, list[tuple[int | None, str]]]:
    """The page's cleaned HTML, and (line in `source`, message) for everything it lost or must not
    carry."""
    cleaned = clean(page_html)
    problems = dropped(page_html, cleaned) + citations_in_tags(cleaned) + reserved_ids(cleaned)
    if not problems:
        return cleaned, []
    return _RESERVED_ID.sub("", cleaned), lines_of(source, problems)
