"""Where to get help: helplines written once, in docs/includes/helplines.yml, shown on any page that asks.

A page asks with a fenced block whose info string is `help`, listing one or more topics:

    ```help
    prostate
    feelings
    ```

The build (SiteBuild.on_page_markdown, before the citation engine, as for figures) replaces the block
with a "Where to get help" section: the topics' organisations, grouped by country, each with its phone
number as a tap-to-call link, its opening hours, what it is for, and its source cited as `[@key]` so the
citation engine numbers and lists it like any other citation. The citation check (reference_check.py)
counts the same citations, so each organisation's refs.bib entry counts as used.

Every problem in the data file (a missing field, a topic naming an unknown organisation, a phone number
without hours) or in a page's block (an unknown topic) is `path:line: help: what to fix`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from salvage_site import fenced_blocks
from salvage_site.front_matter import FAST_LOADER, REFERENCE_FIX, yaml_reference
from salvage_site.problems import did_you_mean

INFO_STRING = "help"
DATA_FILE = Path("includes") / "helplines.yml"  # under docs/
HELP_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*help[ \t]*$")
KEY = re.compile(r"^[\w-]+$")
COUNTRIES = {
    "UK": "United Kingdom",
    "Ireland": "Ireland",
    "US": "United States",
    "Canada": "Canada",
    "Australia": "Australia",
}
REQUIRED = ("name", "country", "for", "url", "source")
# A number seen on the organisation's own page whose opening hours are not there: the reader is sent to
# the website for the hours rather than given hours nobody checked.
HOURS_ON_WEBSITE = "see its website"
FIELDS = set(REQUIRED) | {"phone", "tel", "hours", "checked_on"}
# Kept out of the search index: the same list is on many pages (the support page is what search finds).
HEADING = '## Where to get help {: data-search-exclude="" }'


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    country: str
    purpose: str
    url: str
    source: str
    phone: str = ""
    tel: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Helplines:
    organisations: dict[str, Organisation]
    topics: dict[str, tuple[str, ...]]
    intro: str = ""


@dataclass(frozen=True)
class Block:
    start: int  # the opening fence's line (1-based)
    end: int  # the closing fence's line
    topics: tuple[tuple[int, str], ...]  # (line, topic)
    closed: bool = True


# ---- The data file -------------------------------------------------------------------------------


def _scalar(node: yaml.Node) -> str | None:
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) and str(node.value).strip() else None


def parse(text: str) -> tuple[Helplines, list[tuple[int, str]]]:
    """(the helplines, every problem as (line, what to fix)); lines count from 1."""
    if found := yaml_reference(text):
        return Helplines({}, {}), [
            (found[0], f"the helplines file cannot use YAML {found[1]} references or tags — {REFERENCE_FIX}")
        ]
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return Helplines({}, {}), [
            (
                (mark.line + 1) if mark else 1,
                "the helplines file is not valid YAML ("
                f"{getattr(error, 'problem', None) or error}) — check the indentation and "
                "put text containing ': ' or '#' in double quotes",
            )
        ]
    if not isinstance(root, yaml.MappingNode):
        return Helplines({}, {}), [(1, "the helplines file needs 'organisations:' and 'topics:' sections")]
    top = {_scalar(k) or "": (k, v) for k, v in root.value}
    problems = [
        (key_node.start_mark.line + 1, f"unknown section '{name}' — sections here: intro, organisations, topics")
        for name, (key_node, _) in top.items()
        if name not in ("intro", "organisations", "topics")
    ]
    organisations, defined = _read_organisations(_section(top, "organisations"), problems)
    topics = _read_topics(_section(top, "topics"), organisations, defined, problems)
    intro = _scalar(top["intro"][1]) if "intro" in top else ""
    return Helplines(organisations, topics, intro or ""), problems


def _section(top: dict[str, tuple[yaml.Node, yaml.Node]], name: str) -> yaml.MappingNode | None:
    node = top[name][1] if name in top else None
    return node if isinstance(node, yaml.MappingNode) else None


def _read_organisations(
    section: yaml.MappingNode | None, problems: list[tuple[int, str]]
) -> tuple[dict[str, Organisation], set[str]]:
    """(the organisations without problems, the key of every organisation the file defines)."""
    organisations: dict[str, Organisation] = {}
    defined: set[str] = set()  # with problems too: a topic naming one is not a second problem
    if section is None:
        problems.append(
            (
                1,
                "the helplines file needs an 'organisations:' section, each organisation a "
                "key with its fields (name, country, for, url, source, phone, tel, hours)",
            )
        )
        return organisations, defined
    for key_node, node in section.value:
        key, line = _scalar(key_node) or "", key_node.start_mark.line + 1
        defined.add(key)
        organisation = _organisation(key, line, node, problems)
        if organisation is not None:
            organisations[key] = organisation
    return organisations, defined


def _read_topics(
    section: yaml.MappingNode | None,
    organisations: dict[str, Organisation],
    defined: set[str],
    problems: list[tuple[int, str]],
) -> dict[str, tuple[str, ...]]:
    topics: dict[str, tuple[str, ...]] = {}
    if section is None:
        problems.append(
            (
                1,
                "the helplines file needs a 'topics:' section, each topic a list of "
                "organisation keys, e.g. 'prostate: [pcuk, macmillan]'",
            )
        )
        return topics
    for key_node, node in section.value:
        topic, line = _scalar(key_node) or "", key_node.start_mark.line + 1
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            problems.append(
                (line, f"topic '{topic}' must be a list of organisation keys, e.g. '{topic}: [macmillan, acs]'")
            )
            continue
        topics[topic] = _topic_keys(topic, node, organisations, defined, problems)
    return topics


def _topic_keys(
    topic: str,
    node: yaml.SequenceNode,
    organisations: dict[str, Organisation],
    defined: set[str],
    problems: list[tuple[int, str]],
) -> tuple[str, ...]:
    """The organisations a topic lists; an organisation with problems of its own is left out quietly."""
    keys = []
    for item in node.value:
        value = _scalar(item) or ""
        if value in defined and value not in organisations:
            continue
        if value not in organisations:
            hint = did_you_mean(value, organisations)
            problems.append(
                (
                    item.start_mark.line + 1,
                    f"topic '{topic}' names '{value}', which is not "
                    f"an organisation in this file — {hint}add it under 'organisations:' "
                    "or fix the key",
                )
            )
            continue
        keys.append(value)
    return tuple(keys)


def _organisation(key: str, line: int, node: yaml.Node, problems: list[tuple[int, str]]) -> Organisation | None:
    if not KEY.match(key):
        problems.append((line, f"organisation key '{key}' must be letters, digits, '-' or '_' only"))
        return None
    if not isinstance(node, yaml.MappingNode):
        problems.append((line, f"organisation '{key}' must be a set of 'field: value' lines"))
        return None
    count = len(problems)
    fields = _organisation_fields(key, node, problems)
    problems += [(line, message) for message in _organisation_problems(key, fields)]
    if len(problems) > count:
        return None
    return Organisation(
        key,
        fields["name"],
        fields["country"],
        fields["for"],
        fields["url"],
        fields["source"].lstrip("@"),
        fields.get("phone", ""),
        fields.get("tel", ""),
        fields.get("hours", ""),
    )


def _organisation_fields(key: str, node: yaml.MappingNode, problems: list[tuple[int, str]]) -> dict[str, str]:
    """Each known field given as text; a problem at its line for each other field."""
    reader = fenced_blocks.BlockReader(1)  # the file's own lines
    fields: dict[str, str] = {}
    for name, value_node in reader.mapping(node, FIELDS, f"organisation '{key}'").items():
        value = _scalar(value_node)
        if value is None:
            reader.problem(value_node, f"'{name}' of organisation '{key}' must be some text")
            continue
        fields[name] = value
    problems += reader.problems
    return fields


def _organisation_problems(key: str, fields: dict[str, str]) -> list[str]:
    """What is missing or wrong in an organisation's fields (each reported at the organisation's key)."""
    problems = [f"organisation '{key}' needs '{name}'" for name in REQUIRED if name not in fields]
    if "country" in fields and fields["country"] not in COUNTRIES:
        problems.append(f"organisation '{key}': country '{fields['country']}' is not one of " + ", ".join(COUNTRIES))
    phone_fields = [name for name in ("phone", "tel", "hours") if name in fields]
    if phone_fields and len(phone_fields) < 3:
        missing = ", ".join(n for n in ("phone", "tel", "hours") if n not in fields)
        problems.append(
            f"organisation '{key}' has a number without its {missing}: a number is shown "
            "only with its opening hours, both checked on the organisation's own page "
            "(tel is the number to dial, e.g. '+448000748383'; write "
            f"'hours: {HOURS_ON_WEBSITE}' when that page gives the number but not its hours) "
            "— add them or remove the number"
        )
    if "tel" in fields and not re.fullmatch(r"\+?\d{3,15}", fields["tel"]):
        problems.append(
            f"organisation '{key}': tel '{fields['tel']}' must be digits only, with '+' and "
            "the country code for numbers longer than a short code, e.g. '+448000748383'"
        )
    if "source" in fields and not KEY.match(fields["source"].lstrip("@")):
        problems.append(f"organisation '{key}': 'source' must be a refs.bib key (no brackets)")
    if "url" in fields and not fields["url"].startswith("https://"):
        problems.append(f"organisation '{key}': 'url' must be the organisation's https:// address")
    return problems


_CACHE: dict[Path, tuple[float, Helplines, list[tuple[int, str]]]] = {}


def load(path: Path) -> tuple[Helplines, list[tuple[int, str]]]:
    """The data file, read again only when it changes (`mkdocs serve`)."""
    if not path.is_file():
        return Helplines({}, {}), [(1, f"{path.name} does not exist — restore docs/{DATA_FILE.as_posix()}")]
    stamp = path.stat().st_mtime
    cached = _CACHE.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, *parse(path.read_text(encoding="utf-8")))
        _CACHE[path] = cached
    return cached[1], cached[2]


# ---- Blocks in pages -----------------------------------------------------------------------------


def _block(fence: fenced_blocks.Fence) -> Block:
    topics = tuple(
        (fence.start + number, line.strip()) for number, line in enumerate(fence.body.split("\n"), 1) if line.strip()
    )
    return Block(fence.start, fence.end, topics, fence.closed)


def find_blocks(text: str) -> list[Block]:
    return [_block(fence) for fence in fenced_blocks.find_fences(text, "help")]


def block_problems(block: Block, data: Helplines) -> list[tuple[int, str]]:
    if not block.closed:
        return [(block.start, "this help block is never closed — end it with a line of three backticks")]
    if not block.topics:
        return [(block.start, "empty help block — list one or more topics, one a line: " + ", ".join(data.topics))]
    problems = []
    for line, topic in block.topics:
        if topic not in data.topics:
            hint = did_you_mean(topic, data.topics)
            problems.append(
                (
                    line,
                    f"unknown help topic '{topic}' — {hint}topics (docs/"
                    f"{DATA_FILE.as_posix()}): " + ", ".join(data.topics),
                )
            )
    return problems


def scan(text: str, data: Helplines) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(every citation a page's help blocks will render, as (line, key); every problem)."""
    uses: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for block in find_blocks(text):
        found = block_problems(block, data)
        problems += found
        if not found:
            uses += [(block.start, organisation.source) for organisation in _chosen(block, data)]
    return uses, problems


def _chosen(block: Block, data: Helplines) -> list[Organisation]:
    keys = dict.fromkeys(key for _, topic in block.topics for key in data.topics[topic])
    return [data.organisations[key] for key in keys]


# ---- Drawing -------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def section(organisations: list[Organisation], intro: str) -> str:
    """The "Where to get help" section as Markdown: countries in a fixed order, each a list."""
    parts = [HEADING]
    if intro:
        parts.append(_e(intro))
    for country, title in COUNTRIES.items():
        here = [o for o in organisations if o.country == country]
        if not here:
            continue
        items = []
        for organisation in here:
            name = f"**[{_e(organisation.name)}]({organisation.url})**"
            call = _call(organisation)
            items.append(f"- {name}:{call} {_e(organisation.purpose)} [@{organisation.source}]")
        parts.append(f"**{title}**\n\n" + "\n".join(items))
    return "\n\n".join(parts)


def _call(organisation: Organisation) -> str:
    """The number to tap and when it is answered; nothing without a confirmed number (the linked name
    is then the way in)."""
    if not organisation.phone:
        return ""
    number = f" [{_e(organisation.phone)}](tel:{organisation.tel})"
    if organisation.hours.rstrip(".").lower() == HOURS_ON_WEBSITE:
        return f"{number}; its opening hours are on its website."
    return f"{number}, {_e(organisation.hours)}."


def drawer(data: Helplines) -> fenced_blocks.Draw:
    """Draws one help block (given with the file's lines) from the data file's organisations."""

    def draw(fence: fenced_blocks.Fence) -> tuple[str | None, list[tuple[int, str]]]:
        block = _block(fence)
        problems = block_problems(block, data)
        return (None if problems else section(_chosen(block, data), data.intro)), problems

    return draw


def render_page(markdown: str, data: Helplines) -> str:
    """Every help block in a page's Markdown replaced by its section. Raises BlockError."""
    return fenced_blocks.replace_blocks(markdown, {"help": drawer(data)})


def page_drawer(docs_dir: str) -> fenced_blocks.Draw:
    """The build's drawer: reads the data file (once per change) when a page has a help block, or
    stops the build naming the file and line."""

    def draw(fence: fenced_blocks.Fence) -> tuple[str | None, list[tuple[int, str]]]:
        data, problems = load(Path(docs_dir) / DATA_FILE)
        if problems:
            from mkdocs.exceptions import PluginError  # the build only

            raise PluginError(
                "Help data cannot be read:\n  "
                + "\n  ".join(f"docs/{DATA_FILE.as_posix()}:{line}: help: {message}" for line, message in problems)
            )
        return drawer(data)(fence)

    return draw
