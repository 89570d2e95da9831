"""Figures written in Markdown, drawn at build time: icon arrays, fact boxes, timelines and pathways.

A maintainer writes a fenced block of plain data (YAML) whose info string is `figure`:

    ```figure
    type: icon-array
    title: Late side effects of any kind
    who: men in the GETUG-AFU 17 trial
    time: about 6 years after surgery
    source: sargos2020adjuvant
    total: 100
    arms:
      - label: Radiotherapy soon after surgery
        groups:
          - {label: had late side effects, count: 92}
          - {label: did not, count: 8}
    ```

The build (SiteBuild.on_page_markdown, before the citation engine) turns each block into inline SVG or
semantic HTML inside `<figure markdown>`, with a Markdown caption that cites the source as `[@key]`,
so the source is numbered, listed and linked like any other citation. The citation checker
(citations.py) reads the same blocks: every problem in a figure's data is `path:line: figure: what to
fix`, and an unknown source key is reported like any unknown citation.

Every figure says who the numbers are about, over what time, and where they come from; every drawing
has an accessible name and description (role="img", <title>, <desc>) and its numbers also as text.
No inline styles and no scripts: classes only, styled by docs/stylesheets/figures.css.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from salvage_site import fenced_blocks
from salvage_site.fenced_blocks import Fence
from salvage_site.problems import did_you_mean

INFO_STRING = "figure"
# A figure fence: ```figure or ~~~figure (any indentation, so figures work inside boxes and lists).
KEY = re.compile(r"^[\w-]+$")
TYPES = ("icon-array", "fact-box", "timeline", "pathway")
COMMON_FIELDS = {"type", "title", "source", "who", "time", "note"}
FIELDS: dict[str, set[str]] = {
    "icon-array": COMMON_FIELDS | {"total", "groups", "arms"},
    "fact-box": COMMON_FIELDS | {"per", "columns", "rows"},
    "timeline": COMMON_FIELDS | {"points", "thresholds", "axis"},
    "pathway": COMMON_FIELDS | {"steps"},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "icon-array": ("title", "source", "who", "time", "total"),
    "fact-box": ("title", "source", "who", "time", "per", "columns", "rows"),
    "timeline": ("title", "source", "points"),
    "pathway": ("title", "source", "steps"),
}
WHAT_IT_IS = {
    "title": "a short title, e.g. 'title: Late side effects after 6 years'",
    "source": "the refs.bib key of the source the numbers come from, e.g. 'source: sargos2020adjuvant'",
    "who": "who the numbers are about, e.g. 'who: men in the GETUG-AFU 17 trial'",
    "time": "the time frame, e.g. 'time: 5 years after treatment'",
    "total": "how many people the array shows, e.g. 'total: 100'",
    "per": "'per: 100' or 'per: 1000'",
    "columns": "two or more column headings, e.g. 'columns: [With hormone therapy, Without]'",
    "rows": "a list of outcomes, each '- label: …' and 'values: [x, y]'",
    "points": "a list of points in time, each '- when: …' and 'what: …'",
    "steps": "a list of steps, each a sentence or '- step: …' with 'branches: [...]'",
}
MAX_ICON_TOTAL = 100
MAX_GROUPS = 4
ICON_COLUMNS = 10


@dataclass
class Figure:
    kind: str
    line: int  # the opening fence's line, for ids and messages
    title: str
    sources: list[tuple[int, str]]  # (line, key)
    who: str = ""
    time: str = ""
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def find_fences(text: str) -> list[Fence]:
    """Every figure block in a page's text, in order. An unclosed block runs to the end."""
    return fenced_blocks.find_fences(text, "figure")


# ---- Reading the data, with the line of each field ------------------------------------------------

_value = fenced_blocks.yaml_value


class _Reader(fenced_blocks.BlockReader):
    def text(self, node: yaml.Node | None, name: str, at: int) -> str:
        if node is None:
            return ""
        value = _value(node) if isinstance(node, yaml.ScalarNode) else None
        if value is None or isinstance(value, bool) or not str(value).strip():
            self.problem(node if node is not None else at, f"'{name}' must be some text")
            return ""
        return str(value).strip()

    def number(self, node: yaml.Node, name: str, *, whole: bool = True, allow_none: bool = False) -> float | None:
        value = _value(node) if isinstance(node, yaml.ScalarNode) else "?"
        if value is None and allow_none:
            return None
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.problem(
                node,
                f"'{name}' must be a {'whole ' if whole else ''}number, not {value!r}"
                + (" (write null for 'not reported')" if allow_none else ""),
            )
            return None
        return fenced_blocks.checked_number(self.problem, node, name, value, allow_none)

    def items(self, node: yaml.Node, name: str, minimum: int) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"'{name}' must be a list ('- ' before each item)")
            return []
        if len(node.value) < minimum:
            self.problem(node, f"'{name}' needs at least {minimum} items, found {len(node.value)}")
        return list(node.value)


def parse(fence: Fence) -> tuple[Figure | None, list[tuple[int, str]]]:
    """(the figure, or None if it cannot be drawn; every problem as (line, what to fix))."""
    root, invalid = fenced_blocks.compose(fence, "the figure's")
    if invalid:
        return None, [invalid]
    if root is None:
        return None, [
            (
                fence.start,
                "empty figure — write its data between the fences, starting with 'type: " + " | ".join(TYPES) + "'",
            )
        ]
    if not fence.closed:
        return None, [
            (
                fence.start,
                "this figure is never closed — end it with a line of three backticks, like the one that opens it",
            )
        ]
    reader = _Reader(fence.start + 1)
    kind = _read_type(reader, root, fence.start)
    if kind is None:
        return None, reader.problems
    fields = reader.mapping(root, FIELDS[kind], f"{_article(kind)} {kind}")
    for name in REQUIRED[kind]:
        if name not in fields:
            reader.problem(fence.start, f"{_article(kind)} {kind} needs '{name}': {WHAT_IT_IS[name]}")
    sources = _read_sources(reader, fields["source"]) if "source" in fields else []
    figure = Figure(
        kind,
        fence.start,
        reader.text(fields.get("title"), "title", fence.start),
        sources,
        reader.text(fields.get("who"), "who", fence.start),
        reader.text(fields.get("time"), "time", fence.start),
        reader.text(fields.get("note"), "note", fence.start),
    )
    READERS[kind](reader, fields, figure)
    return (None if reader.problems else figure), reader.problems


def _article(kind: str) -> str:
    return "an" if kind[0] in "aeiou" else "a"


def _read_type(reader: _Reader, root: yaml.Node, at: int) -> str | None:
    """The figure's type, or None (with the problem) if it has none the build knows."""
    top = reader.mapping(root, set().union(*FIELDS.values()), "a figure")
    if "type" not in top:
        reader.problem(at, "the figure has no 'type' — start with 'type: " + " | ".join(TYPES) + "'")
        return None
    kind = reader.text(top["type"], "type", at)
    if kind not in TYPES:
        hint = did_you_mean(kind, TYPES)
        reader.problem(top["type"], f"unknown figure type '{kind}' — {hint}use one of: " + ", ".join(TYPES))
        return None
    # Fields of another type are unknown here: the block is read again with this type's fields.
    reader.problems = []
    return kind


def _read_sources(reader: _Reader, node: yaml.Node) -> list[tuple[int, str]]:
    """(line, key) for each refs.bib key in 'source' (one key or a list)."""
    keys = (
        [(item, _value(item)) for item in node.value] if isinstance(node, yaml.SequenceNode) else [(node, _value(node))]
    )
    sources = []
    for key_node, key in keys:
        if not isinstance(key, str) or not KEY.match(key.lstrip("@")):
            reader.problem(
                key_node, f"'source' must be a refs.bib key such as sargos2020adjuvant (no brackets), not {key!r}"
            )
        else:
            sources.append((reader.line(key_node), key.lstrip("@")))
    return sources


def _read_icon_array(reader: _Reader, fields: dict[str, yaml.Node], figure: Figure) -> None:
    total = reader.number(fields["total"], "total") if "total" in fields else None
    if total is not None and not 1 <= total <= MAX_ICON_TOTAL:
        reader.problem(
            fields["total"], f"an icon array shows 1 to {MAX_ICON_TOTAL} people; for 'per 1,000' numbers use a fact-box"
        )
        total = None
    if ("groups" in fields) == ("arms" in fields):
        reader.problem(
            figure.line,
            "an icon-array needs either 'groups' (one array) or 'arms' (arrays "
            "side by side, each with a 'label' and its 'groups'), not both",
        )
        return
    arms = [(label, _read_groups(reader, groups_node, total)) for label, groups_node in _read_arms(reader, fields)]
    labels = [[g for g, _ in groups] for _, groups in arms]
    if len(arms) > 1 and any(one != labels[0] for one in labels):
        reader.problem(
            fields["arms"],
            "every arm must list the same groups in the same order, so each shape means the same thing in every array",
        )
    figure.data = {"total": int(total or 0), "arms": arms}


def _read_arms(reader: _Reader, fields: dict[str, yaml.Node]) -> list[tuple[str, yaml.Node]]:
    """(label, groups) for each array of an icon array: one without a label when it has 'groups'."""
    if "groups" in fields:
        return [("", fields["groups"])]
    arms = []
    for arm in reader.items(fields["arms"], "arms", 1):
        arm_fields = reader.mapping(arm, {"label", "groups"}, "an arm")
        if "label" not in arm_fields or "groups" not in arm_fields:
            reader.problem(arm, "each arm needs 'label' (who got what) and 'groups'")
            continue
        arms.append((reader.text(arm_fields["label"], "label", reader.line(arm)), arm_fields["groups"]))
    return arms


def _read_groups(reader: _Reader, node: yaml.Node, total: float | None) -> list[tuple[str, int]]:
    groups = []
    for item in reader.items(node, "groups", 2):
        group = _read_group(reader, item, total)
        if group is not None:
            groups.append(group)
    if len(groups) > MAX_GROUPS:
        reader.problem(
            node,
            f"at most {MAX_GROUPS} groups per array, so each keeps a shape a "
            "reader can tell apart — merge the smallest",
        )
    if total is not None and groups and sum(c for _, c in groups) != total and all(c <= total for _, c in groups):
        added = " + ".join(str(c) for _, c in groups)
        reader.problem(
            node,
            f"the groups add up to {sum(c for _, c in groups)} ({added}), not the "
            f"total of {int(total)} — add the group that makes up the rest "
            "(e.g. '- {label: did not, count: …}') or fix a count",
        )
    return groups


def _read_group(reader: _Reader, node: yaml.Node, total: float | None) -> tuple[str, int] | None:
    fields = reader.mapping(node, {"label", "count"}, "a group")
    if "label" not in fields or "count" not in fields:
        reader.problem(node, "each group needs 'label' and 'count', e.g. '- {label: had side effects, count: 42}'")
        return None
    count = reader.number(fields["count"], "count")
    if count is None:
        return None
    if total is not None and count > total:
        reader.problem(
            fields["count"],
            f"count {int(count)} is more than the total of {int(total)} — check the number against the source",
        )
    return reader.text(fields["label"], "label", reader.line(node)), int(count)


def _read_fact_box(reader: _Reader, fields: dict[str, yaml.Node], figure: Figure) -> None:
    per = reader.number(fields["per"], "per") if "per" in fields else None
    if per is not None and per not in (100, 1000):
        reader.problem(fields["per"], "'per' must be 100 or 1000 (outcomes per 100 or per 1,000 people)")
        per = None
    columns: list[str] = []
    if "columns" in fields:
        columns = [
            reader.text(node, "column", reader.line(node)) for node in reader.items(fields["columns"], "columns", 2)
        ]
    rows: list[tuple[str, list[float | None]]] = []
    for row in reader.items(fields["rows"], "rows", 1) if "rows" in fields else []:
        row_fields = reader.mapping(row, {"label", "values"}, "a row")
        if "label" not in row_fields or "values" not in row_fields:
            reader.problem(row, "each row needs 'label' (the outcome) and 'values' (one per column)")
            continue
        values_node = row_fields["values"]
        values = [
            reader.number(node, "value", whole=False, allow_none=True)
            for node in reader.items(values_node, "values", 1)
        ]
        if columns and len(values) != len(columns):
            reader.problem(
                values_node,
                f"{len(values)} values for {len(columns)} columns — give one value "
                "per column, in the same order (null for 'not reported')",
            )
        for node, value in zip(
            values_node.value if isinstance(values_node, yaml.SequenceNode) else [], values, strict=False
        ):
            if value is not None and per is not None and value > per:
                reader.problem(
                    node,
                    f"{value:g} is more than {int(per)} — a fact box shows how many people in "
                    f"{int(per)}; check the number against the source",
                )
        rows.append((reader.text(row_fields["label"], "label", reader.line(row)), values))
    figure.data = {"per": int(per or 100), "columns": columns, "rows": rows}


def _read_timeline(reader: _Reader, fields: dict[str, yaml.Node], figure: Figure) -> None:
    points: list[tuple[str, str, float | None]] = []
    for point in reader.items(fields["points"], "points", 2) if "points" in fields else []:
        point_fields = reader.mapping(point, {"when", "what", "value"}, "a point")
        if "when" not in point_fields or "what" not in point_fields:
            reader.problem(point, "each point needs 'when' (e.g. 'Day 3') and 'what' (what happens then)")
            continue
        value = reader.number(point_fields["value"], "value", whole=False) if "value" in point_fields else None
        points.append(
            (
                reader.text(point_fields["when"], "when", reader.line(point)),
                reader.text(point_fields["what"], "what", reader.line(point)),
                value,
            )
        )
    thresholds: list[tuple[float, str]] = []
    for threshold in reader.items(fields["thresholds"], "thresholds", 1) if "thresholds" in fields else []:
        threshold_fields = reader.mapping(threshold, {"value", "label"}, "a threshold")
        if "value" not in threshold_fields or "label" not in threshold_fields:
            reader.problem(threshold, "each threshold needs 'value' (a number) and 'label' (what it means)")
            continue
        number = reader.number(threshold_fields["value"], "value", whole=False)
        if number is not None:
            thresholds.append((number, reader.text(threshold_fields["label"], "label", reader.line(threshold))))
    axis = reader.text(fields.get("axis"), "axis", figure.line)
    charted = thresholds or any(value is not None for _, _, value in points)
    if charted and not axis:
        reader.problem(
            figure.line,
            "a timeline with values or thresholds needs 'axis': what the values "
            "measure, with the unit, e.g. 'axis: PSA (ng/mL)'",
        )
    if len(thresholds) > 3:
        reader.problem(fields["thresholds"], "at most 3 thresholds, so each keeps a line style a reader can tell apart")
    figure.data = {"points": points, "thresholds": thresholds, "axis": axis}


def _read_pathway(reader: _Reader, fields: dict[str, yaml.Node], figure: Figure) -> None:
    steps: list[tuple[str, list[str]]] = []
    for step in reader.items(fields["steps"], "steps", 2) if "steps" in fields else []:
        if isinstance(step, yaml.ScalarNode):
            steps.append((reader.text(step, "step", reader.line(step)), []))
            continue
        step_fields = reader.mapping(step, {"step", "branches"}, "a step")
        if "step" not in step_fields:
            reader.problem(step, "each step is a sentence, or 'step: …' with 'branches: [...]'")
            continue
        branches = (
            [
                reader.text(node, "branch", reader.line(node))
                for node in reader.items(step_fields["branches"], "branches", 2)
            ]
            if "branches" in step_fields
            else []
        )
        steps.append((reader.text(step_fields["step"], "step", reader.line(step)), branches))
    figure.data = {"steps": steps}


READERS: dict[str, Callable[[_Reader, dict[str, yaml.Node], Figure], None]] = {
    "icon-array": _read_icon_array,
    "fact-box": _read_fact_box,
    "timeline": _read_timeline,
    "pathway": _read_pathway,
}


def scan(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(every figure source as (line, key), every problem as (line, what to fix)) in a page's text."""
    uses: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for fence in find_fences(text):
        figure, found = parse(fence)
        problems += found
        if figure is not None:
            uses += figure.sources
    return uses, problems


# ---- Drawing ---------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def _per(count: float | None, total: int) -> str:
    return "not reported" if count is None else f"{_n(count)} in {_n(total)}"


def _caption(figure: Figure) -> str:
    """The caption as Markdown: title, who, time frame, source (a normal citation)."""
    parts = [f"**{_e(figure.title)}**<br>"]
    if figure.who:
        parts.append(f"Who: {_e(figure.who)}.")
    if figure.time:
        parts.append(f"Time: {_e(figure.time)}.")
    if figure.note:
        parts.append(_e(figure.note))
    keys = "; ".join(f"@{key}" for _, key in figure.sources)
    parts.append(f"Source: [{keys}]")
    return "\n".join(parts)


def _svg(ident: str, title: str, description: str, view_box: str, body: str, css: str) -> str:
    return (
        f'<svg class="stg-fig__svg {css}" viewBox="{view_box}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(description)}</desc>{body}</svg>'
    )


def _group_class(group: int) -> str:
    return f"stg-fig__icon stg-fig__icon--g{group + 1}"


def _shape(group: int, x: float, y: float, r: float) -> str:
    """Group 1 filled circles, 2 hollow circles, 3 filled squares, 4 hollow squares: never colour alone.
    The group's class is on the enclosing <g>, so each of up to 100 icons is a few bytes."""
    if group < 2:
        return f'<circle cx="{x:g}" cy="{y:g}" r="{r:g}"/>'
    return f'<rect x="{x - r:g}" y="{y - r:g}" width="{2 * r:g}" height="{2 * r:g}"/>'


def _data_table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    head_html = "".join(f'<th scope="col">{_e(cell)}</th>' for cell in head)
    body = "".join(
        "<tr>" + f'<th scope="row">{_e(row[0])}</th>' + "".join(f"<td>{_e(cell)}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
    return (
        f'<details class="stg-fig__data"><summary>{_e(caption)}</summary>'
        f'<div class="stg-fig__scroll"><table><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody>'
        "</table></div></details>"
    )


def _icon_array(figure: Figure, ident: str) -> str:
    total: int = figure.data["total"]
    arms: list[tuple[str, list[tuple[str, int]]]] = figure.data["arms"]
    rows = -(-total // ICON_COLUMNS)
    size, r = 12, 4.6
    parts = []
    for number, (label, groups) in enumerate(arms):
        icons = []
        position = 0
        for group, (_, count) in enumerate(groups):
            icons.append(f'<g class="{_group_class(group)}">')
            for _ in range(count):
                x = (position % ICON_COLUMNS) * size + size / 2
                y = (position // ICON_COLUMNS) * size + size / 2
                icons.append(_shape(group, x, y, r))
                position += 1
            icons.append("</g>")
        said = "; ".join(f"{_per(count, total)} {text}" for text, count in groups)
        name = f"{label}: {said}" if label else said
        svg = _svg(
            f"{ident}-{number}",
            f"{figure.title}{' — ' + label if label else ''}",
            f"{name}. Who: {figure.who}. Time: {figure.time}.",
            f"0 0 {ICON_COLUMNS * size} {rows * size}",
            "".join(icons),
            "stg-fig__icons",
        )
        heading = f'<p class="stg-fig__arm-label">{_e(label)}</p>' if label else ""
        numbers = "".join(f"<li>{_e(_per(count, total))} {_e(text)}</li>" for text, count in groups)
        parts.append(f'<div class="stg-fig__arm">{heading}{svg}<ul class="stg-fig__numbers">{numbers}</ul></div>')
    legend = "".join(
        f'<li><svg class="stg-fig__key" viewBox="0 0 12 12" aria-hidden="true" focusable="false">'
        f'<g class="{_group_class(group)}">{_shape(group, 6, 6, 4.6)}</g></svg>{_e(text)}</li>'
        for group, (text, _) in enumerate(arms[0][1])
    )
    head = [f"Out of {total} people", *(label or "People" for label, _ in arms)]
    table_rows = [
        [text, *(_per(groups[index][1], total) for _, groups in arms)] for index, (text, _) in enumerate(arms[0][1])
    ]
    # Three groups or more: on a phone each group is a row (array beside its numbers), so all fit on
    # one screen at the same scale (docs/stylesheets/figures.css).
    many = " stg-fig__arms--many" if len(arms) >= 3 else ""
    return (
        f'<div class="stg-fig__arms{many}">{"".join(parts)}</div>'
        f'<ul class="stg-fig__legend" aria-label="Key">{legend}</ul>'
        + _data_table("The numbers as a table", head, table_rows)
    )


def _fact_box(figure: Figure, ident: str) -> str:
    per: int = figure.data["per"]
    columns: list[str] = figure.data["columns"]
    rows: list[tuple[str, list[float | None]]] = figure.data["rows"]
    head = f'<th scope="col">Per {_n(per)} people</th>' + "".join(
        f'<th scope="col">{_e(column)}</th>' for column in columns
    )
    body = "".join(
        f'<tr><th scope="row">{_e(label)}</th>'
        + "".join(f'<td><span class="stg-fact__value">{_e(_per(value, per))}</span></td>' for value in values)
        + "</tr>"
        for label, values in rows
    )
    return (
        f'<div class="stg-fig__scroll"><table class="stg-fact" aria-describedby="{ident}-c">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


LINE_STYLES = ("dashed", "dotted", "long-dashed")


def _timeline(figure: Figure, ident: str) -> str:
    points: list[tuple[str, str, float | None]] = figure.data["points"]
    thresholds: list[tuple[float, str]] = figure.data["thresholds"]
    axis: str = figure.data["axis"]
    steps = "".join(
        f'<li class="stg-timeline__point"><span class="stg-timeline__when">{_e(when)}</span> '
        f'<span class="stg-timeline__what">{_e(what)}</span></li>'
        for when, what, _ in points
    )
    listing = f'<ol class="stg-timeline">{steps}</ol>'
    if not axis:
        return listing
    width, height, left, right, top, bottom = 320.0, 170.0, 34.0, 92.0, 12.0, 26.0
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max([v for _, _, v in points if v is not None] + [t for t, _ in thresholds] + [0.0]) or 1.0
    ceiling = highest * 1.25

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / ceiling

    inset = 16.0  # the first point sits clear of the value axis
    step = (plot_w - 2 * inset) / max(len(points) - 1, 1)
    body = [
        f'<line class="stg-chart__axis" x1="{left:g}" y1="{top:g}" x2="{left:g}" y2="{top + plot_h:g}"/>',
        f'<line class="stg-chart__axis" x1="{left:g}" y1="{top + plot_h:g}" x2="{left + plot_w:g}" '
        f'y2="{top + plot_h:g}"/>',
        f'<text class="stg-chart__label" x="{left - 4:g}" y="{top + plot_h:g}" text-anchor="end">0</text>',
    ]
    described = []
    for number, (level, label) in enumerate(thresholds):
        y = y_of(level)
        style = LINE_STYLES[number % len(LINE_STYLES)]
        body.append(
            f'<line class="stg-chart__threshold stg-chart__threshold--{style}" x1="{left:g}" '
            f'y1="{y:.1f}" x2="{left + plot_w:g}" y2="{y:.1f}"/>'
        )
        body.append(
            f'<text class="stg-chart__label" x="{left + plot_w + 4:g}" y="{y + 4:.1f}">'
            f"{_e(_n(level))} – line {number + 1}</text>"
        )
        described.append(f"{style} line {number + 1} at {_n(level)}: {label}")
    previous: tuple[float, float] | None = None
    for number, (_when, _what, point_value) in enumerate(points):
        value = point_value
        x = left + inset + step * number if len(points) > 1 else left + plot_w / 2
        y = y_of(value) if value is not None else top + plot_h
        if previous is not None and value is not None:
            body.append(
                f'<line class="stg-chart__trace" x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" '
                f'x2="{x:.1f}" y2="{y:.1f}"/>'
            )
        if value is not None:
            previous = (x, y)
        marker = "stg-chart__point" + ("" if value is not None else " stg-chart__point--open")
        body.append(f'<circle class="{marker}" cx="{x:.1f}" cy="{y:.1f}" r="5"/>')
        body.append(
            f'<text class="stg-chart__number" x="{x:.1f}" y="{top + plot_h + 16:g}" '
            f'text-anchor="middle">{number + 1}</text>'
        )
    body.append(f'<text class="stg-chart__label" x="{left - 4:g}" y="{top - 2:g}">{_e(axis)}</text>')
    said = "; ".join(
        f"{number + 1}, {when}: {what}" + (f" ({_n(value)})" if value is not None else "")
        for number, (when, what, value) in enumerate(points)
    )
    svg = _svg(
        ident,
        figure.title,
        f"{axis}, over time (not to scale). {said}. " + ". ".join(described),
        f"0 0 {width:g} {height:g}",
        "".join(body),
        "stg-fig__chart",
    )
    key = "".join(
        f'<li><span class="stg-chart__swatch stg-chart__swatch--{LINE_STYLES[n % 3]}" '
        f'aria-hidden="true"></span>Line {n + 1} (at {_e(_n(value))}): {_e(label)}</li>'
        for n, (value, label) in enumerate(thresholds)
    )
    return (
        svg
        + (f'<ul class="stg-fig__legend stg-fig__legend--lines" aria-label="Lines">{key}</ul>' if key else "")
        + '<p class="stg-fig__hint">The numbered points, in order (the time between them is not to scale):</p>'
        + listing
    )


def _pathway(figure: Figure, ident: str) -> str:
    steps: list[tuple[str, list[str]]] = figure.data["steps"]
    items = []
    for text, branches in steps:
        sub = (
            ""
            if not branches
            else '<ul class="stg-pathway__branches">'
            + "".join(f'<li class="stg-pathway__branch">{_e(branch)}</li>' for branch in branches)
            + "</ul>"
        )
        items.append(f'<li class="stg-pathway__step"><p class="stg-pathway__text">{_e(text)}</p>{sub}</li>')
    return f'<ol class="stg-pathway">{"".join(items)}</ol>'


DRAW: dict[str, Callable[[Figure, str], str]] = {
    "icon-array": _icon_array,
    "fact-box": _fact_box,
    "timeline": _timeline,
    "pathway": _pathway,
}


def render(figure: Figure) -> str:
    """The figure as Markdown for the page: raw HTML blocks (no blank lines inside them) in a
    `<figure markdown>`, and the caption as Markdown so its citation is numbered like any other."""
    ident = f"fig-{figure.line}"
    drawing = DRAW[figure.kind](figure, ident)
    return "\n".join(
        [
            f'<figure class="stg-fig stg-fig--{figure.kind}" id="{ident}" markdown>',
            f'<figcaption id="{ident}-c" markdown>',
            _caption(figure),
            "</figcaption>",
            f'<div class="stg-fig__body">{drawing}</div>',
            "</figure>",
        ]
    )


@functools.lru_cache(maxsize=128)  # `mkdocs serve` builds every page again after each save
def draw(fence: Fence) -> tuple[str | None, list[tuple[int, str]]]:
    """One figure block (with the file's line numbers) as its drawing, and its problems."""
    figure, found = parse(fence)
    return (render(figure) if figure is not None else None), found


def render_page(markdown: str, line_offset: int = 0) -> str:
    """Every figure block in a page's Markdown replaced by its drawing (the build draws every kind of
    block in one pass: fenced_blocks.replace_blocks). Raises BlockError."""
    return fenced_blocks.replace_blocks(markdown, {"figure": draw}, line_offset)
