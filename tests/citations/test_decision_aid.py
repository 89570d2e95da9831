"""The ```decision-aid block: what the build refuses (file:line problems), what it draws, and the IPDAS
checklist keeping every criterion accounted for."""

from __future__ import annotations

from pathlib import Path

import yaml

from salvage_site import decision_aid

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = ROOT / "docs" / "includes" / "ipdas-v4-psa-rising.yml"

GOOD = """\
```decision-aid
outcomes:
  - {id: ffp, label: Free of cancer growth, per: 100, time: 5 years, who: men in a trial}
options:
  - id: a
    name: Option A
    involves: Something.
    how_long: A week.
    for: Some men.
    numbers:
      - {outcome: ffp, value: 71, source: key1}
    harms:
      - {what: Side effects, source: key2}
  - id: b
    name: Option B
    involves: Something else.
    how_long: A month.
    for: Other men.
    numbers:
      - {outcome: ffp, value: 81, source: key1}
    harms:
      - {what: Other side effects, source: key2}
statements:
  - {id: s1, text: One, fits: [a], ask: Q1?}
  - {id: s2, text: Two, fits: [b], ask: Q2?}
  - {id: s3, text: Three, fits: [a, b], ask: Q3?}
  - {id: s4, text: Four, fits: [a], ask: Q4?}
questions:
  - A general question?
```
"""


def problems(text: str) -> list[tuple[int, str]]:
    return decision_aid.scan(text)[1]


def test_a_good_block_has_no_problems_and_cites_every_source():
    uses, found = decision_aid.scan(GOOD)
    assert found == []
    assert {key for _, key in uses} == {"key1", "key2"}


def test_a_number_without_a_source_is_refused_at_its_line():
    text = GOOD.replace("{outcome: ffp, value: 71, source: key1}", "{outcome: ffp, value: 71}")
    found = problems(text)
    assert any("source" in message for _, message in found)
    line = text.split("\n").index("      - {outcome: ffp, value: 71}") + 1
    assert any(where == line for where, _ in found)


def test_a_different_time_frame_on_a_compared_outcome_is_refused():
    text = GOOD.replace(
        "{outcome: ffp, value: 81, source: key1}", "{outcome: ffp, value: 81, time: 10 years, source: key1}"
    )
    assert any("compares every option at '5 years'" in message for _, message in problems(text))


def test_a_different_denominator_is_refused():
    text = GOOD.replace(
        "{outcome: ffp, value: 81, source: key1}", "{outcome: ffp, value: 810, per: 1000, source: key1}"
    )
    assert any("per 100" in message for _, message in problems(text))


def test_an_option_without_harms_is_refused():
    text = GOOD.replace("    harms:\n      - {what: Other side effects, source: key2}\n", "")
    assert any("has no 'harms'" in message for _, message in problems(text))


def test_a_statement_must_map_to_options_that_exist():
    text = GOOD.replace("fits: [b]", "fits: [c]")
    assert any("no option with the id 'c'" in message for _, message in problems(text))


def test_two_options_without_an_id_are_each_named_not_a_crash():
    text = GOOD.replace("  - id: a\n    name: Option A", "  - name: Option A").replace(
        "  - id: b\n    name: Option B", "  - name: Option B"
    )
    found = problems(text)
    missing = [where for where, message in found if "'id'" in message]
    assert len(missing) == 2, found


def test_yaml_tags_and_references_are_refused_at_their_line_not_a_crash():
    text = GOOD.replace("involves: Something.", "involves: !!python/name:os.system Something.")
    found = problems(text)
    line = text.split("\n").index("    involves: !!python/name:os.system Something.") + 1
    assert any(where == line and "cannot use YAML '!'" in message for where, message in found), found


def test_too_few_statements_and_unknown_fields_are_refused():
    text = GOOD.replace("  - {id: s4, text: Four, fits: [a], ask: Q4?}\n", "")
    text = text.replace("how_long: A week.", "how_lng: A week.")
    found = [message for _, message in problems(text)]
    assert any("at least 4" in message for message in found)
    assert any("did you mean 'how_long'" in message for message in found)


def test_the_drawing_has_labelled_inputs_a_polite_summary_and_every_question():
    out = decision_aid.render_page(GOOD)
    assert 'aria-live="polite"' in out and "[@key1]" in out and "[@key2]" in out
    assert out.count('type="radio"') == 4 * 3 and out.count("<label for=") == 4 * 3
    for question in ("Q1?", "Q2?", "Q3?", "Q4?", "A general question?"):
        assert question in out
    assert "<script" not in out and "style=" not in out and "<form" not in out


def test_each_number_is_also_drawn_as_a_bar_at_the_same_scale_hidden_from_screen_readers():
    out = decision_aid.render_page(GOOD)
    rows = [line for line in out.splitlines() if " in 100**" in line]
    assert len(rows) == 2
    for row, value in zip(rows, ("71", "81"), strict=True):
        assert f'<rect class="stg-aid__bar-n" width="{value}" height="8"/>' in row
        assert 'aria-hidden="true"' in row and f"**{value} in 100**" in row


def test_every_ipdas_criterion_is_accounted_for():
    checklist = yaml.safe_load(CHECKLIST.read_text(encoding="utf-8"))
    assert (ROOT / checklist["page"]).is_file()
    ids = {group: [item["id"] for item in checklist[group]] for group in ("qualifying", "certification", "quality")}
    assert ids["qualifying"] == [f"Q{n}" for n in range(1, 7)]
    assert ids["certification"] == [f"C{n}" for n in range(1, 11)]
    assert ids["quality"] == [f"QL{n}" for n in range(1, 29)]
    for group in ("qualifying", "certification", "quality"):
        for item in checklist[group]:
            assert item.get("criterion"), item
            assert bool(item.get("met")) != bool(item.get("not_met")), f"{item['id']}: say where it is met, or why not"
    # Qualifying criteria are the minimum: every one must be met.
    assert all(item.get("met") for item in checklist["qualifying"])
