"""Blocks that maintainers write as data inside a page (```figure, ```help, ```decision-aid): one way to
find them, one shape of error, one way to put what each draws in its place."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import yaml

from salvage_site.front_matter import FAST_LOADER, REFERENCE_FIX, yaml_reference
from salvage_site.problems import did_you_mean

_LOADER = yaml.SafeLoader("")


def yaml_value(node: yaml.Node) -> Any:
    """A block's YAML node as the value it stands for (the blocks keep nodes for their line numbers).
    Text that only looks like a date or a time ("2026-13-45") stays text, for the checks to judge."""
    try:
        return _LOADER.construct_object(node, deep=True)
    except ValueError:
        return node.value if isinstance(node, yaml.ScalarNode) else None


_ANY_FENCE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")


@dataclass(frozen=True)
class Fence:
    """One block: line numbers count from 1 at the top of the text it was found in."""

    start: int  # the opening fence's line
    end: int  # the closing fence's line
    indent: str
    body: str
    closed: bool = True

    def moved(self, lines: int) -> Fence:
        return replace(self, start=self.start + lines, end=self.end + lines)


def compose(fence: Fence, whose: str) -> tuple[yaml.Node | None, tuple[int, str] | None]:
    """(the block's YAML tree, None: None when the block is empty), or (None, where and why the YAML is
    not valid). `whose` names the block in that message, e.g. "the figure's"."""
    if found := yaml_reference(fence.body):
        line, kind = found
        return None, (fence.start + line, f"{whose} data cannot use YAML {kind} references or tags — {REFERENCE_FIX}")
    try:
        return yaml.compose(fence.body, Loader=FAST_LOADER), None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = fence.start + 1 + (mark.line if mark is not None else 0)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, (
            line,
            f"{whose} data is not valid YAML ({problem}) — check the indentation "
            "and put text containing ': ' or '#' in double quotes",
        )


class BlockError(Exception):
    """A block cannot be drawn: (line in the file, what to fix) for each problem."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("\n".join(f"line {line}: {message}" for line, message in problems))
        self.problems = problems


def find_fences(text: str, name: str) -> list[Fence]:
    """Every ```name block in a page's text, in order; other code blocks are skipped. An unclosed
    block runs to the end."""
    opening = re.compile(rf"^(?P<indent>[ \t]*)(?P<fence>`{{3,}}|~{{3,}})[ \t]*{re.escape(name)}[ \t]*$")
    lines = text.split("\n")
    found: list[Fence] = []
    index = 0
    other_fence: str | None = None  # inside some other code block
    while index < len(lines):
        line = lines[index]
        other = _ANY_FENCE.match(line)
        if other_fence is not None:
            if (
                other
                and other.group(1)[0] == other_fence[0]
                and len(other.group(1)) >= len(other_fence)
                and not line[other.end() :].strip()
            ):
                other_fence = None
            index += 1
            continue
        match = opening.match(line)
        if match:
            fence = match["fence"]
            close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            end = index + 1
            while end < len(lines) and not close.match(lines[end]):
                end += 1
            body = [
                body[len(match["indent"]) :] if body.startswith(match["indent"]) else body.lstrip()
                for body in lines[index + 1 : end]
            ]
            found.append(Fence(index + 1, end + 1, match["indent"], "\n".join(body), end < len(lines)))
            index = end + 1
            continue
        if other:
            other_fence = other.group(1)
        index += 1
    return found


def checked_number(
    problem: Callable[..., None], node: object, name: str, value: float, allow_none: bool = False
) -> float | None:
    """A number as a page will show it ("x in 100"): finite, not negative, and given to at most one
    decimal place, so that what the reader sees is what the maintainer wrote."""
    if not math.isfinite(value):
        problem(
            node,
            f"'{name}' must be a number from the source, not {value!r} — write the number"
            + (", or null for 'not reported'" if allow_none else ""),
        )
        return None
    if value < 0:
        problem(node, f"'{name}' cannot be negative ({value})")
        return None
    if round(value, 1) != value:
        problem(
            node,
            f"'{name}: {value!r}' has more decimal places than a reader is shown — round it to at "
            f"most one, as the source gives it (e.g. {round(value, 1):g})",
        )
        return None
    return value


class BlockReader:
    """Walks a block's YAML node tree, collecting every problem with its line in the page."""

    def __init__(self, first_line: int):
        self.first_line = first_line  # the page line of the block's first data line
        self.problems: list[tuple[int, str]] = []

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def problem(self, where: yaml.Node | int, message: str) -> None:
        self.problems.append((where if isinstance(where, int) else self.line(where), message))

    def mapping(
        self, node: yaml.Node, allowed: set[str], what: str, required: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node]:
        """The fields of a 'field: value' set; a problem at each unknown field and each missing one."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a set of 'field: value' lines")
            return {}
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(yaml_value(key_node))
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if node.flow_style:
                    hint += "(inside {…} a comma starts a new field: put text with a comma in double quotes) "
                self.problem(
                    key_node, f"unknown field '{key}' in {what} — {hint}fields here: " + ", ".join(sorted(allowed))
                )
                continue
            fields[key] = value_node
        for name in required:
            if name not in fields:
                self.problem(node, f"{what} needs '{name}'")
        return fields


Draw = Callable[[Fence], tuple[str | None, list[tuple[int, str]]]]


def replace_blocks(markdown: str, draws: dict[str, Draw], line_offset: int = 0) -> str:
    """Every ```name block (for each name in `draws`) replaced by what its draw function makes of it,
    in one pass so that every block is given its own lines in the file (`line_offset` lines of front
    matter stand above the Markdown). Raises BlockError with every problem of every block, each
    message starting with its block's name."""
    fences = sorted(
        ((fence, name) for name in draws for fence in find_fences(markdown, name)), key=lambda found: found[0].start
    )
    if not fences:
        return markdown
    lines = markdown.split("\n")
    problems: list[tuple[int, str]] = []
    out: list[str] = []
    done = 0
    for fence, name in fences:
        drawn, found = draws[name](fence.moved(line_offset))
        problems += [(line, f"{name}: {message}") for line, message in found]
        out += lines[done : fence.start - 1]
        if drawn is not None:
            out += ["", *(fence.indent + line if line else "" for line in drawn.split("\n")), ""]
        done = fence.end
    if problems:
        raise BlockError(problems)
    out += lines[done:]
    return "\n".join(out)
