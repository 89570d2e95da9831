"""Decision aids written in Markdown: options side by side, "what matters most to me", and questions.

A maintainer writes one fenced block of plain data (YAML) whose info string is `decision-aid`:

    ```decision-aid
    outcomes:
      - {id: ffp, label: Free of cancer growth, per: 100, time: 5 years, who: men in the SPPORT trial}
    options:
      - id: rt
        name: Salvage radiotherapy alone
        involves: Radiotherapy to the area where the prostate was, on weekdays.
        how_long: About 7 weeks.
        for: Men whose PSA has started to rise.
        numbers:
          - {outcome: ffp, value: 71, source: pollack2022addition}
        harms:
          - {what: Bowel or urinary side effects, source: pollack2022addition}
    statements:
      - id: fewer-side-effects
        text: Avoiding side effects matters most to me.
        fits: [rt]
        ask: Which side effects are most likely for me?
    questions:
      - What would happen if I waited?
    ```

The build (SiteBuild.on_page_markdown, before the citation engine) turns the block into Markdown and
HTML: one table per outcome (every option's "N in 100", with the same denominator and time frame, and
its source cited as [@key]), a card per option (what it involves, how long, who it is for, benefits,
harms), the statements as labelled radio buttons, a summary region that docs/javascripts/decision-aid.js
fills in on the reader's device, and every question to ask. With scripts off, everything but the
summary is there. The citation checker (citations.py) reads the same blocks: each problem is
`path:line: decision-aid: what to fix`, and an unknown source key is reported like any citation.

The checks: every number has a source key; a number's denominator and time frame are its outcome's,
so every option compared on one outcome is compared the same way (an outcome the trials measured
differently says so in `not_comparable`); every option has at least one harm; every statement fits
at least one option that exists; ids are unique; no unknown fields.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from salvage_site import fenced_blocks
from salvage_site.fenced_blocks import Fence
from salvage_site.problems import closest

INFO_STRING = "decision-aid"
KEY = re.compile(r"^[\w-]+$")
IDENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MIN_STATEMENTS, MAX_STATEMENTS = 4, 8
TOP_FIELDS = {"outcomes", "options", "statements", "questions", "answers"}
OUTCOME_FIELDS = {"id", "label", "per", "time", "who", "not_comparable"}
OPTION_FIELDS = {"id", "name", "involves", "how_long", "for", "numbers", "harms", "unknown"}
NUMBER_FIELDS = {"outcome", "value", "per", "time", "source", "note"}
HARM_FIELDS = {"what", "arms", "per", "time", "who", "source", "note"}
ARM_FIELDS = {"label", "value"}
STATEMENT_FIELDS = {"id", "text", "fits", "ask"}
DEFAULT_ANSWERS = ["Matters a lot", "Matters a little", "Does not matter to me"]


@dataclass
class Outcome:
    id: str
    label: str
    per: int
    time: str
    who: str
    not_comparable: str = ""


@dataclass
class Number:
    outcome: str
    value: float
    source: str
    note: str = ""


@dataclass
class Harm:
    what: str
    source: str
    arms: list[tuple[str, float]] = field(default_factory=list)
    per: int | None = None
    time: str = ""
    who: str = ""
    note: str = ""


@dataclass
class Option:
    id: str
    name: str
    involves: str
    how_long: str
    for_whom: str
    numbers: list[Number]
    harms: list[Harm]
    unknown: str = ""


@dataclass
class Statement:
    id: str
    text: str
    fits: list[str]
    ask: str


@dataclass
class Aid:
    line: int
    outcomes: list[Outcome]
    options: list[Option]
    statements: list[Statement]
    questions: list[str]
    answers: list[str]
    sources: list[tuple[int, str]]


def find_fences(text: str) -> list[Fence]:
    """Every decision-aid block in a page's text, in order; other code blocks are skipped."""
    return fenced_blocks.find_fences(text, "decision-aid")


# ---- Reading the data, with the line of each field ------------------------------------------------

_value = fenced_blocks.yaml_value


class _Reader(fenced_blocks.BlockReader):
    def __init__(self, first_line: int):
        super().__init__(first_line)
        self.sources: list[tuple[int, str]] = []

    def text(self, fields: dict[str, yaml.Node], name: str) -> str:
        node = fields.get(name)
        if node is None:
            return ""
        value = _value(node) if isinstance(node, yaml.ScalarNode) else None
        if value is None or isinstance(value, bool) or not str(value).strip():
            self.problem(node, f"'{name}' must be some text (put it in double quotes if it has ': ')")
            return ""
        return str(value).strip()

    def number(self, node: yaml.Node, name: str) -> float | None:
        value = _value(node) if isinstance(node, yaml.ScalarNode) else "?"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(node, f"'{name}' must be a number, not {value!r}")
            return None
        return fenced_blocks.checked_number(self.problem, node, name, value)

    def items(self, node: yaml.Node | None, name: str, at: int, minimum: int = 1) -> list[yaml.Node]:
        if node is None:
            self.problem(at, f"'{name}' is missing — it needs at least {minimum} item(s), each after '- '")
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'{name}' must be a list ('- ' before each item)")
            return []
        if len(node.value) < minimum:
            self.problem(node, f"'{name}' needs at least {minimum} item(s), found {len(node.value)}")
        return list(node.value)

    def source(self, fields: dict[str, yaml.Node], at: yaml.Node) -> str:
        node = fields.get("source")
        if node is None:
            self.problem(
                at,
                "every number and every harm needs 'source: key' — the refs.bib key of the "
                "trial or guideline it comes from",
            )
            return ""
        key = _value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(key, str) or not KEY.match(key.lstrip("@")):
            self.problem(
                node, f"'source' must be one refs.bib key such as pollack2022addition (no brackets), not {key!r}"
            )
            return ""
        self.sources.append((self.line(node), key.lstrip("@")))
        return key.lstrip("@")

    def ident(self, fields: dict[str, yaml.Node], seen: set[str], what: str) -> str:
        ident = self.text(fields, "id")
        if ident and not IDENT.match(ident):
            self.problem(
                fields["id"], f"'{ident}' is not a usable id — lowercase letters, digits and hyphens, e.g. 'id: rt-adt'"
            )
        elif ident and ident in seen:
            self.problem(fields["id"], f"two {what}s have the id '{ident}' — give each its own")
        seen.add(ident)
        return ident

    def optional_number(self, fields: dict[str, yaml.Node], name: str) -> float | None:
        return self.number(fields[name], name) if name in fields else None

    def optional_items(self, fields: dict[str, yaml.Node], name: str, at: yaml.Node, minimum: int) -> list[yaml.Node]:
        return self.items(fields[name], name, self.line(at), minimum) if name in fields else []


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = closest(name, known)
    return f" — did you mean '{close}'?" if close else ""


def _root(fence: Fence) -> tuple[yaml.Node | None, tuple[int, str] | None]:
    """(the block's YAML tree, None), or (None, the one problem that stops it being read)."""
    root, invalid = fenced_blocks.compose(fence, "the decision aid's")
    if invalid:
        return None, invalid
    if not fence.closed:
        return None, (
            fence.start,
            "this decision aid is never closed — end it with a line of three backticks, like the one that opens it",
        )
    if root is None:
        return None, (
            fence.start,
            "empty decision aid — write 'outcomes:', 'options:', 'statements:' and 'questions:' between the fences",
        )
    return root, None


def parse(fence: Fence) -> tuple[Aid | None, list[tuple[int, str]], list[tuple[int, str]]]:
    """(the aid, or None if it cannot be drawn; every problem as (line, what to fix); its sources)."""
    root, stop = _root(fence)
    if root is None:
        return None, [stop] if stop else [], []
    reader = _Reader(fence.start + 1)
    top = reader.mapping(root, TOP_FIELDS, "a decision aid")
    outcomes = _read_outcomes(reader, top, fence.start)
    option_ids: set[str] = set()
    options = _read_options(reader, top, fence.start, outcomes, option_ids)
    statements = _read_statements(reader, top, fence.start, option_ids)
    questions = _read_questions(reader, top, fence.start)
    answers = _read_answers(reader, top)
    aid = Aid(fence.start, list(outcomes.values()), options, statements, questions, answers, reader.sources)
    return (None if reader.problems else aid), reader.problems, reader.sources


def _read_outcomes(reader: _Reader, top: dict[str, yaml.Node], at: int) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    seen: set[str] = set()
    for node in reader.items(top.get("outcomes"), "outcomes", at):
        fields = reader.mapping(node, OUTCOME_FIELDS, "an outcome", ("id", "label", "per", "time", "who"))
        ident = reader.ident(fields, seen, "outcome")
        per = reader.optional_number(fields, "per")
        if per is not None and per not in (100, 1000):
            reader.problem(fields["per"], "'per' is 100 or 1000, so numbers read 'N in 100'")
        outcomes[ident] = Outcome(
            ident,
            reader.text(fields, "label"),
            int(per or 100),
            reader.text(fields, "time"),
            reader.text(fields, "who"),
            reader.text(fields, "not_comparable"),
        )
    return outcomes


def _read_options(
    reader: _Reader, top: dict[str, yaml.Node], at: int, outcomes: dict[str, Outcome], seen: set[str]
) -> list[Option]:
    used: set[str] = set()
    options = [
        _read_option(reader, node, seen, outcomes, used) for node in reader.items(top.get("options"), "options", at, 2)
    ]
    for outcome in outcomes.values():
        if outcome.id not in used:
            reader.problem(
                at, f"outcome '{outcome.id}' is given for no option — add its numbers to the options, or delete it"
            )
    return options


def _read_option(
    reader: _Reader, node: yaml.Node, seen: set[str], outcomes: dict[str, Outcome], used: set[str]
) -> Option:
    fields = reader.mapping(node, OPTION_FIELDS, "an option", ("id", "name", "involves", "how_long", "for"))
    ident = reader.ident(fields, seen, "option")
    numbers = [_read_number(reader, item, outcomes, used) for item in reader.optional_items(fields, "numbers", node, 0)]
    harms = [_read_harm(reader, item) for item in reader.optional_items(fields, "harms", node, 1)]
    if "harms" not in fields:
        reader.problem(
            node,
            f"option '{ident}' has no 'harms' — every option has some (side effects, "
            "visits, worry, the chance of the cancer growing): list at least one, with "
            "its source",
        )
    return Option(
        ident,
        reader.text(fields, "name"),
        reader.text(fields, "involves"),
        reader.text(fields, "how_long"),
        reader.text(fields, "for"),
        [number for number in numbers if number is not None],
        harms,
        reader.text(fields, "unknown"),
    )


def _read_number(reader: _Reader, node: yaml.Node, outcomes: dict[str, Outcome], used: set[str]) -> Number | None:
    """The number, or None if it cannot be drawn; `used` gets the id of the outcome it is for."""
    fields = reader.mapping(node, NUMBER_FIELDS, "a number", ("outcome", "value"))
    outcome_id = reader.text(fields, "outcome")
    source = reader.source(fields, node)
    value = reader.optional_number(fields, "value")
    outcome = outcomes.get(outcome_id)
    if outcome_id and outcome is None:
        reader.problem(
            fields["outcome"],
            f"no outcome with the id '{outcome_id}' in 'outcomes'{_did_you_mean(outcome_id, outcomes)}",
        )
    elif outcome is not None:
        used.add(outcome.id)
        _check_comparable(reader, fields, value, outcome)
    if value is not None and outcome is not None and source:
        return Number(outcome.id, value, source, reader.text(fields, "note"))
    return None


def _check_comparable(reader: _Reader, fields: dict[str, yaml.Node], value: float | None, outcome: Outcome) -> None:
    """The same denominator and time frame for every option compared on this outcome."""
    if "per" in fields and _value(fields["per"]) != outcome.per:
        reader.problem(
            fields["per"],
            f"this number is per {_value(fields['per'])}"
            f" but '{outcome.id}' compares every option per {outcome.per} — convert "
            "it, or make it a separate outcome",
        )
    if "time" in fields and str(_value(fields["time"])).strip() != outcome.time:
        reader.problem(
            fields["time"],
            f"this number is at '{_value(fields['time'])}'"
            f" but '{outcome.id}' compares every option at '{outcome.time}' — use a "
            "number at that time, or make it a separate outcome",
        )
    if value is not None and value > outcome.per:
        reader.problem(
            fields["value"], f"{value} is more than {outcome.per} — a number here is how many in {outcome.per}"
        )


def _read_harm(reader: _Reader, node: yaml.Node) -> Harm:
    fields = reader.mapping(node, HARM_FIELDS, "a harm", ("what",))
    source = reader.source(fields, node)
    arms, per = _read_arms(reader, fields, node) if "arms" in fields else ([], None)
    return Harm(
        reader.text(fields, "what"),
        source,
        arms,
        int(per) if per else None,
        reader.text(fields, "time"),
        reader.text(fields, "who"),
        reader.text(fields, "note"),
    )


def _read_arms(
    reader: _Reader, fields: dict[str, yaml.Node], node: yaml.Node
) -> tuple[list[tuple[str, float]], float | None]:
    """(each arm as (label, value), the denominator) of a harm with numbers."""
    for required in ("per", "time", "who"):
        if required not in fields:
            reader.problem(
                node,
                f"a harm with numbers needs '{required}' (the denominator, the time frame and who they are about)",
            )
    per = reader.optional_number(fields, "per")
    arms: list[tuple[str, float]] = []
    for arm in reader.items(fields["arms"], "arms", reader.line(node), 2):
        arm_fields = reader.mapping(arm, ARM_FIELDS, "an arm", ("label", "value"))
        value = reader.optional_number(arm_fields, "value")
        if value is not None and per and value > per:
            reader.problem(arm_fields["value"], f"{value} is more than {per}")
        if value is not None:
            arms.append((reader.text(arm_fields, "label"), value))
    return arms, per


def _read_statements(reader: _Reader, top: dict[str, yaml.Node], at: int, option_ids: set[str]) -> list[Statement]:
    nodes = reader.items(top.get("statements"), "statements", at, MIN_STATEMENTS)
    if len(nodes) > MAX_STATEMENTS:
        reader.problem(
            top["statements"],
            f"at most {MAX_STATEMENTS} statements, so a reader can weigh them all; found {len(nodes)}",
        )
    seen: set[str] = set()
    statements = []
    for node in nodes:
        fields = reader.mapping(node, STATEMENT_FIELDS, "a statement", ("id", "text", "fits", "ask"))
        ident = reader.ident(fields, seen, "statement")
        fits = _read_fits(reader, fields["fits"], option_ids) if "fits" in fields else []
        statements.append(Statement(ident, reader.text(fields, "text"), fits, reader.text(fields, "ask")))
    return statements


def _read_fits(reader: _Reader, node: yaml.Node, option_ids: set[str]) -> list[str]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        reader.problem(node, "'fits' is a list of the option ids this statement fits, e.g. 'fits: [monitor, rt]'")
        return []
    fits = []
    for item in node.value:
        name = str(_value(item))
        if name in option_ids:
            fits.append(name)
        else:
            reader.problem(item, f"no option with the id '{name}'{_did_you_mean(name, option_ids)}")
    return fits


def _read_questions(reader: _Reader, top: dict[str, yaml.Node], at: int) -> list[str]:
    questions = []
    for node in reader.items(top.get("questions"), "questions", at):
        value = _value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            reader.problem(node, "each question is one line of text")
        else:
            questions.append(value.strip())
    return questions


def _read_answers(reader: _Reader, top: dict[str, yaml.Node]) -> list[str]:
    if "answers" not in top:
        return DEFAULT_ANSWERS
    node = top["answers"]
    values = [_value(item) for item in node.value] if isinstance(node, yaml.SequenceNode) else []
    if len(values) != 3 or not all(isinstance(v, str) and v.strip() for v in values):
        reader.problem(
            node,
            "'answers' is three choices, from most to least, e.g. "
            "'answers: [Matters a lot, Matters a little, Does not matter to me]'",
        )
        return DEFAULT_ANSWERS
    return [v.strip() for v in values]


def scan(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(every source as (line, key), every problem as (line, what to fix)) in a page's text."""
    uses: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for fence in find_fences(text):
        _aid, found, sources = parse(fence)
        problems += found
        uses += sources
    return uses, problems


# ---- Drawing ---------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _md(text: str) -> str:
    """Text from the block as Markdown-safe text on one line (no stray emphasis, links or HTML): markup
    characters as entities, Markdown's own characters escaped."""
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", html.escape(" ".join(text.split()), quote=False))


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _bar(value: float, per: int) -> str:
    """The number as a bar out of the whole, every option's at the same scale: a reader sees which is
    larger before reading the digits. The digits beside it are what a screen reader reads."""
    filled = f"{100 * value / per:.4g}"
    return (
        '<svg class="stg-aid__bar" viewBox="0 0 100 8" aria-hidden="true" focusable="false">'
        '<rect class="stg-aid__bar-all" width="100" height="8"/>'
        f'<rect class="stg-aid__bar-n" width="{filled}" height="8"/></svg>'
    )


def _outcome_table(outcome: Outcome, options: list[Option]) -> list[str]:
    rows = [(option, number) for option in options for number in option.numbers if number.outcome == outcome.id]
    lines = [
        f"**{_md(outcome.label)}**, out of every {outcome.per} men, after {_md(outcome.time)}.",
        f"Who: {_md(outcome.who)}.",
    ]
    if outcome.not_comparable:
        lines.append(f"Not comparable: {_md(outcome.not_comparable)}")
    lines += ["", f"| Option | Out of {outcome.per} men |", "|---|---|"]
    for option, number in rows:
        note = f" ({_md(number.note)})" if number.note else ""
        cell = f"**{_n(number.value)} in {outcome.per}**{note} [@{number.source}]{_bar(number.value, outcome.per)}"
        lines.append(f"| {_md(option.name)} | {cell} |")
    missing = [option.name for option in options if all(n.outcome != outcome.id for n in option.numbers)]
    if missing:
        lines += ["", "No trial gives this number for: " + "; ".join(_md(name) for name in missing) + "."]
    return lines


def _harm(harm: Harm) -> str:
    text = _md(harm.what)
    if harm.arms and harm.per:
        arms = ", ".join(f"{_n(value)} in {harm.per} {_md(label)}" for label, value in harm.arms)
        text += f": {arms}, after {_md(harm.time)} ({_md(harm.who)})"
    if harm.note:
        text += f". {_md(harm.note)}"
    return f"- {text.rstrip('.')} [@{harm.source}]."


def render(aid: Aid) -> str:
    """The aid as Markdown for the page (md_in_html blocks; statements as raw HTML without blank lines)."""
    ident = f"aid-{aid.line}"
    out: list[str] = [f'<div class="stg-aid" id="{ident}" data-aid-root="" markdown="1">', ""]
    out += [
        "## Your options side by side",
        "",
        # On paper the "No trial gives this number" lines are left off (decision-aid.css): this says so.
        '<p class="stg-aid__print-only" data-search-exclude="">'
        "Each table shows only the options its trial gave a number for.</p>",
        "",
        '<div class="stg-aid__compare" markdown="1">',
        "",
    ]
    for outcome in aid.outcomes:
        out += [
            '<div class="stg-aid__outcome" markdown="1">',
            "",
            *_outcome_table(outcome, aid.options),
            "",
            "</div>",
            "",
        ]
    out += ["</div>", ""]
    out += ["## Each option in more detail", "", '<div class="stg-aid__options" markdown="1">', ""]
    for option in aid.options:
        out += [
            f'<section class="stg-aid__option" id="{ident}-{option.id}" data-aid-option="{option.id}" '
            f'data-aid-name="{_e(option.name)}" markdown="1">',
            "",
            f"**{_md(option.name)}**",
            "",
            f"- **What it involves:** {_md(option.involves)}",
            f"- **How long:** {_md(option.how_long)}",
            f"- **Who it may suit:** {_md(option.for_whom)}",
            "",
        ]
        out += ["Possible harms:", ""] + [_harm(harm) for harm in option.harms] + [""]
        if option.unknown:
            out += [f"Not known: {_md(option.unknown)}", ""]
        out += ["</section>", ""]
    out += ["</div>", ""]
    # What matters most: plain HTML inputs, each labelled; nothing here needs a script to be answered.
    parts = [f'<div class="stg-aid__matters" id="{ident}-matters">']
    for statement in aid.statements:
        name = f"{ident}-{statement.id}"
        parts.append(
            f'<fieldset class="stg-aid__statement" data-aid-statement="{statement.id}" '
            f'data-aid-fits="{" ".join(statement.fits)}" data-aid-ask="{_e(statement.ask)}">'
            f'<legend>{_e(statement.text)}</legend><span class="stg-aid__choices">'
        )
        for index, answer in enumerate(aid.answers):
            choice = f"{name}-{index}"
            parts.append(
                f'<span class="stg-aid__choice"><input type="radio" name="{name}" id="{choice}" '
                f'value="{2 - index}"><label for="{choice}">{_e(answer)}</label></span>'
            )
        parts.append("</span></fieldset>")
    parts.append("</div>")
    out += [
        "## What matters most to you",
        "",
        "Choose an answer for each statement. Your answers stay on this page, on your device: nothing "
        "is sent or saved.",
        "",
        "".join(parts),
        "",
    ]
    out += ["## Your summary", ""]
    out += [
        f'<div class="stg-aid__summary" id="{ident}-summary" role="status" aria-live="polite" '
        'data-aid-summary=""><p class="stg-aid__waiting">Your summary appears here as you answer. '
        "It needs JavaScript turned on in your browser; the options and the questions on this page "
        "are all here without it.</p></div>",
        "",
    ]
    out += [
        '<p class="stg-aid__actions" hidden data-aid-actions=""><button type="button" '
        'class="stg-aid__button stg-aid__print" data-aid-print="">Print my summary with the comparison'
        '</button> <button type="button" class="stg-aid__button stg-aid__clear" data-aid-clear="">'
        "Clear my answers</button></p>",
        "",
    ]
    # Every question, so the list is complete with scripts off; the summary picks the ones that fit.
    items = [f'<li data-aid-question-for="{statement.id}">{_e(statement.ask)}</li>' for statement in aid.statements]
    items += [f'<li data-aid-question-for="">{_e(question)}</li>' for question in aid.questions]
    out += ["## Questions to ask your care team", ""]
    out += [f'<ul class="stg-aid__questions" id="{ident}-questions">{"".join(items)}</ul>', ""]
    out += ["</div>"]
    return "\n".join(out)


@functools.lru_cache(maxsize=128)  # `mkdocs serve` builds every page again after each save
def draw(fence: Fence) -> tuple[str | None, list[tuple[int, str]]]:
    """One decision-aid block (with the file's line numbers) as its drawing, and its problems."""
    aid, found, _sources = parse(fence)
    return (render(aid) if aid is not None else None), found


def render_page(markdown: str, line_offset: int = 0) -> str:
    """Every decision-aid block in a page's Markdown replaced by its drawing. Raises BlockError."""
    return fenced_blocks.replace_blocks(markdown, {"decision-aid": draw}, line_offset)
