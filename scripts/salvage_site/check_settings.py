"""The limits the maintainer checks hold pages to (scripts/check_*.py), read from `extra: checks:` in
mkdocs.yml, where a maintainer looks for the site's settings."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load


@dataclass(frozen=True)
class CheckSettings:
    page_grade_max: float  # a page's reading grade (US school grade) above this fails
    key_points_grade_max: float  # the same for a page's Key points box
    site_median_grade_max: float  # and for the median over all pages
    paragraph_sentences_max: int
    citations_per_100_words_median_max: float
    description_length_max: int  # search results cut a longer description
    review_warning_days: int  # warn this many days before a page's next_review


class SettingsProblem(Exception):
    """mkdocs.yml lacks a setting, or gives one that is not a number."""


def load(config_file: Path) -> CheckSettings:
    where = f"{config_file.name}, extra: checks:"
    try:
        with open(config_file, encoding="utf-8") as handle:
            data = yaml_load(handle) or {}
    except OSError as error:
        raise SettingsProblem(f"{config_file}: cannot be read ({error.strerror})") from None
    given = ((data.get("extra") or {}).get("checks")) or {}
    values: dict[str, Any] = {}
    for setting in dataclasses.fields(CheckSettings):
        value = given.get(setting.name)
        whole = setting.type == "int"
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            raise SettingsProblem(
                f"{where} '{setting.name}' must be {'a whole number' if whole else 'a number'}"
                " — restore it from the project's mkdocs.yml"
            )
        values[setting.name] = value
    return CheckSettings(**values)


def page_check_parser(prog: str, doc: str, root: Path) -> argparse.ArgumentParser:
    """The options every page check shares: the pages, --docs and --config."""
    parser = argparse.ArgumentParser(
        prog=prog, description=doc.split("\n\n")[0], epilog=f"Example: scripts/{prog} docs/prostate/imaging.md"
    )
    parser.add_argument("files", nargs="*", type=Path, help="pages to check (default: every page in docs/)")
    parser.add_argument("--docs", type=Path, default=root / "docs", help="the docs folder")
    parser.add_argument(
        "--config",
        type=Path,
        default=root / "mkdocs.yml",
        help="the site's settings, with the checks' limits (default: %(default)s)",
    )
    return parser


def settings_for(args: argparse.Namespace) -> CheckSettings | None:
    """The limits for a page check, or None once it has said why the check cannot start."""
    if not args.docs.is_dir():
        print(f"{args.docs}: no such folder", file=sys.stderr)
        return None
    try:
        return load(args.config)
    except SettingsProblem as problem:
        print(problem, file=sys.stderr)
        return None
