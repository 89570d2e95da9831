"""The "Where to get help" block (scripts/salvage_site/helplines.py): helplines written once in a data
file, drawn on any page that asks with a ```help block, each number a tap-to-call link with its hours and
its source cited; a mistake in the data or an unknown topic is an error at the file and line."""

from __future__ import annotations

from salvage_site import helplines

DATA = """\
intro: Checked on each organization's own website.
organisations:
  nurses:
    name: Prostate Cancer UK Specialist Nurses
    country: UK
    phone: 0800 074 8383
    tel: "+448000748383"
    hours: 9am to 5pm, Monday to Friday
    for: Specialist nurses answer questions.
    url: https://prostatecanceruk.org/
    source: pcuk2023worried
  acs:
    name: American Cancer Society
    country: US
    phone: 1-800-227-2345
    tel: "+18002272345"
    hours: any time of day or night
    for: Cancer information specialists answer questions.
    url: https://cancer.org/
    source: acs2026what
  webonly:
    name: Blood Cancer UK
    country: UK
    for: Support for people with blood cancer.
    url: https://bloodcancer.org.uk/
    source: bloodcanceruk2026just
topics:
  prostate: [nurses, acs]
  blood-cancer: [webonly, acs]
"""


def data() -> helplines.Helplines:
    parsed, problems = helplines.parse(DATA)
    assert problems == []
    return parsed


def page(*topics: str) -> str:
    return "# A page\n\nSome text.\n\n```help\n" + "\n".join(topics) + "\n```\n\n## After\n"


def test_a_help_block_becomes_where_to_get_help_with_numbers_to_tap_and_their_hours():
    out = helplines.render_page(page("prostate"), data())
    assert "## Where to get help" in out and "data-search-exclude" in out and "```help" not in out
    assert "[0800 074 8383](tel:+448000748383), 9am to 5pm, Monday to Friday." in out
    assert "[1-800-227-2345](tel:+18002272345), any time of day or night." in out
    assert out.index("**United Kingdom**") < out.index("Prostate Cancer UK") < out.index("**United States**")
    assert "## After" in out


def test_each_organisation_cites_its_own_page_so_the_citation_engine_numbers_it():
    out = helplines.render_page(page("prostate"), data())
    assert "Specialist nurses answer questions. [@pcuk2023worried]" in out
    assert "[@acs2026what]" in out
    uses, problems = helplines.scan(page("prostate"), data())
    assert problems == [] and [key for _, key in uses] == ["pcuk2023worried", "acs2026what"]


def test_topics_in_one_block_are_merged_without_listing_an_organisation_twice():
    out = helplines.render_page(page("prostate", "blood-cancer"), data())
    assert out.count("American Cancer Society") == 1 and "Blood Cancer UK" in out


def test_an_organisation_without_a_confirmed_number_is_listed_by_its_website_only():
    out = helplines.render_page(page("blood-cancer"), data())
    line = next(line for line in out.splitlines() if "Blood Cancer UK" in line)
    assert "tel:" not in line and "(https://bloodcancer.org.uk/)" in line


def test_a_number_whose_hours_are_not_on_the_organisations_page_sends_the_reader_there_for_them():
    with_number = DATA.replace(
        "    for: Support for people with blood cancer.\n",
        '    phone: 0808 2080 888\n    tel: "+448082080888"\n    hours: see its website\n'
        "    for: Support for people with blood cancer.\n",
    )
    parsed, problems = helplines.parse(with_number)
    assert problems == []
    line = next(line for line in helplines.render_page(page("blood-cancer"), parsed).splitlines() if "Blood" in line)
    assert "[0808 2080 888](tel:+448082080888); its opening hours are on its website." in line
    assert "see its website" not in line
    capitalised = helplines.parse(with_number.replace("see its website", "See its website."))[0]
    assert "its opening hours are on its website" in helplines.render_page(page("blood-cancer"), capitalised)


def test_an_unknown_topic_is_an_error_at_its_line_naming_the_topics_there_are():
    uses, problems = helplines.scan(page("prostrate"), data())
    assert uses == []
    assert problems[0][0] == 6
    assert "unknown help topic 'prostrate'" in problems[0][1] and "did you mean 'prostate'?" in problems[0][1]


def test_a_number_without_its_hours_is_an_error_in_the_data_file_at_its_line():
    broken = DATA.replace("    hours: any time of day or night\n", "")
    _, problems = helplines.parse(broken)
    assert len(problems) == 1
    line, message = problems[0]
    assert broken.splitlines()[line - 1].strip() == "acs:"
    assert "number without its hours" in message


def test_a_key_or_value_that_only_looks_like_a_date_is_a_message_not_a_crash():
    _, problems = helplines.parse(DATA.replace("    country: US\n", "    2026-13-45: US\n    country: US\n", 1))
    assert len(problems) == 1 and "unknown field '2026-13-45'" in problems[0][1]
    parsed, problems = helplines.parse(DATA.replace("any time of day or night", "2026-13-45"))
    assert problems == [] and parsed.organisations["acs"].hours == "2026-13-45"


def test_yaml_references_and_tags_are_refused_at_their_line_not_expanded():
    _, problems = helplines.parse(
        DATA.replace("  prostate: [nurses, acs]", "  prostate: &both [nurses, acs]\n  again: *both")
    )
    assert len(problems) == 1 and "cannot use YAML '&' references or tags" in problems[0][1]
    assert DATA.splitlines()[problems[0][0] - 1].startswith("  prostate:")


def test_a_topic_naming_an_unknown_organisation_is_an_error_with_a_suggestion():
    _, problems = helplines.parse(DATA.replace("[nurses, acs]", "[nurse, acs]"))
    assert len(problems) == 1 and "names 'nurse'" in problems[0][1] and "did you mean 'nurses'?" in problems[0][1]


def test_the_project_data_file_has_no_problems_and_every_topic_pages_use():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / helplines.DATA_FILE
    parsed, problems = helplines.load(path)
    assert problems == []
    assert {"prostate", "cancer", "blood-cancer", "hiv", "infections", "feelings"} <= set(parsed.topics)
