"""Messages a maintainer meets when something is wrong: each names the file and line and says what
to write instead. One broken input per case, checked with the command a maintainer runs."""

from __future__ import annotations

import pytest

from salvage_site import front_matter, wording

from .maintainer_helpers import run

PAGE = """---
title: A page
description: One plain sentence.
last_reviewed: 2026-11-28
next_review: 2027-11-28
---

# A page

Text.
"""


@pytest.mark.parametrize(
    "change, line, words",
    [
        (
            ("description: One plain sentence.", "description: Rising PSA: what it means"),
            3,
            'double quotes: description: "Rising PSA: what it means"',
        ),
        (("next_review: 2027-11-28\n---\n", "next_review: 2027-11-28\n"), 1, "never closed — add a line '---'"),
        (("last_reviewed: 2026-11-28", "last_reviewed: 28/11/2026"), 4, "write it as YYYY-MM-DD"),
    ],
)
def test_front_matter_mistakes_name_their_line_and_the_fix(change, line, words):
    source = PAGE.replace(*change)
    problems = front_matter.front_matter_problems(source)
    assert any(number == line and words in message for number, message in problems), problems


def test_the_template_instructions_in_a_comment_are_not_left_over_text():
    source = PAGE + "<!--\n  Replace every TODO below.\n-->\nTODO: write this.\n"
    assert [line for line, _ in front_matter.template_leftovers(source)] == [source.count("\n")]


@pytest.mark.parametrize(
    "text, words",
    [
        ("H. pylori after failed treatment", "when treatment has not worked"),
        ("Some patients failed two regimens.", "not the person"),
        ("A breakthrough medicine.", "what the evidence shows"),
        ("The cure rate is high.", "what the source measured"),
        ("You should take it with food.", "information, not instructions"),
    ],
)
def test_blaming_and_selling_words_are_flagged_with_a_rewording(text, words):
    findings = wording.wording_findings(PAGE + text + "\n")
    assert [f.line for f in findings] == [PAGE.count("\n") + 1]
    assert words in findings[0].message


def test_explained_guideline_terms_are_allowed():
    text = 'Doctors call this "virologic failure": the virus can be measured again.\n'
    assert wording.wording_findings(PAGE + text) == []


def test_a_source_cited_twice_in_one_paragraph_is_flagged_but_not_across_paragraphs_or_bullets():
    body = "One [@a2020x].\nTwo [@a2020x].\n\nThree [@a2020x].\n\n- Four [@b2020y].\n- Five [@b2020y].\n"
    findings = wording.repeated_citations(PAGE + body)
    start = PAGE.count("\n")
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [(start + 2, "a2020x")]


def test_new_page_takes_the_section_in_any_case_and_leaves_review_dates_to_the_reviewer(maintainer_copy):
    made = run(
        maintainer_copy, "scripts/new_page.py", "--section", "hiv", "--title", "Test page", "--file", "hiv/test-page.md"
    )
    assert made.returncode == 0, made.stderr
    text = (maintainer_copy / "docs/hiv/test-page.md").read_text(encoding="utf-8")
    assert "last_reviewed: TODO" in text and "next_review: TODO" in text
    checked = run(maintainer_copy, "scripts/check_pages.py", "docs/hiv/test-page.md")
    assert checked.returncode == 1
    assert "docs/hiv/test-page.md:5: template text left" in checked.stdout


def test_new_page_offers_only_the_menus_sections(maintainer_copy):
    result = run(maintainer_copy, "scripts/new_page.py", "--section", "Nowhere", "--title", "X")
    assert result.returncode == 2
    offered = result.stderr.split("Choose one of: ")[1].split(".\n")[0]
    assert '"Prostate cancer"' in offered and "Generated" not in offered


def test_documented_commands_run_with_the_system_python(maintainer_copy):
    """CONTRIBUTING.md writes `scripts/check_references.py`: started by any python3, it re-runs itself
    with the project's .venv/bin/python."""
    result = run(maintainer_copy, "scripts/check_references.py", system_python=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unverified identifier" in result.stdout + result.stderr


def test_a_paragraph_of_more_than_five_sentences_is_flagged_but_not_bullets_or_short_paragraphs():
    six = "".join(f"Sentence {n} says a thing, e.g. that H. pylori is a germ.\n" for n in range(6))
    five = "".join(f"Sentence {n} is fine.\n" for n in range(5))
    bullets = "".join(f"- Point {n}. Another sentence.\n" for n in range(4))
    body = f"\n{six}\n{five}\n{bullets}\n| A. | B. | C. | D. | E. | F. |\n"
    findings = wording.long_paragraphs(PAGE + body, 5)
    assert [(f.line, f.message.split(" —")[0]) for f in findings] == [
        (PAGE.count("\n") + 2, "a paragraph of 6 sentences")
    ]
