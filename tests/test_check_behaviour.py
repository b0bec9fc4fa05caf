"""`handouts check` on topics broken on purpose: reading level over its limits, a translation
that changes a section's kind. Only the command's exit status and its stderr are read."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import errors, topic_data

HARD = ("Considerable musculoskeletal inflammation necessitates conscientious application of cryotherapeutic "
        "interventions, particularly following unanticipated biomechanical exacerbations of lumbar discomfort.")
# Flesch-Kincaid grade 7.3 alone, and as every text of an item at each detail level: each item
# passes its limit of 8, but a topic made only of such items (with its short headings) is over 6.5.
MIDDLING = "Walking every day keeps your back muscles working, and it lowers the chance that the pain comes back soon."


def edit_topic(path: Path, change) -> Path:
    """Rewrite a topic file with ``change`` applied to its data (comments go; lines move)."""
    data = topic_data(path)  # shared passages written out, to change them too
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, pattern: str) -> int:
    """The number of the one line matching ``pattern`` (a regular expression, whole line)."""
    text = path.read_text(encoding="utf-8")
    found = [n for n, line in enumerate(text.splitlines(), 1) if re.fullmatch(pattern, line)]
    assert len(found) == 1, f"{pattern!r} matches lines {found} of {path.name}"
    return found[0]




# --- 4. reading level over the limits ------------------------------------------------------------


def test_check_fails_an_item_over_its_reading_level_limit(run, topic_copy):
    def harder(data):
        home = next(s for s in data["sections"] if s["id"] == "home-care")
        next(i for i in home["items"] if i["id"] == "ice-first")["body"] = HARD

    path = edit_topic(topic_copy / "en.yaml", harder)
    line = line_of(path, r"\s*- id: ice-first")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 1, result.stderr
    found = errors(result)
    assert len(found) == 1, result.stderr
    match = re.fullmatch(rf"Error: back-spasms/en\.yaml:{line}: .*reading level Flesch-Kincaid grade "
                         r"(\d+(?:\.\d+)?), expected at most 8\b.*", found[0])
    assert match, found[0]
    assert float(match.group(1)) > 8


def test_check_fails_a_topic_over_its_whole_reading_level_limit(run, topic_copy):
    def middling(data):
        for section in data["sections"]:
            if "intro" in section:
                section["intro"] = MIDDLING
            for item in section["items"]:
                for key, value in item.items():  # every text an item prints, whatever its kind
                    if key in ("id", "tier", "figure", "required"):
                        continue
                    item[key] = [MIDDLING] * len(value) if isinstance(value, list) else MIDDLING

    edit_topic(topic_copy / "en.yaml", middling)
    result = run("check", "back-spasms/en.yaml")
    assert result.exit_code == 1, result.stderr
    found = errors(result)
    assert not [e for e in found if ": sections." in e], "no single item is over its limit: " + result.stderr
    whole = [e for e in found if "reading level of the whole topic" in e]
    assert len(whole) == 1, result.stderr
    assert [e for e in found if e not in whole and "handout as printed reads at" not in e] == [], result.stderr
    match = re.fullmatch(r"Error: back-spasms/en\.yaml:\d+: reading level of the whole topic "
                         r"(\d+(?:\.\d+)?), expected within 6\.5\b.*", whole[0])
    assert match, whole[0]
    assert float(match.group(1)) > 6.5
    assert re.search(r"^\s*\d+\.\d\s+\S+\s+\d+\s+topic back-spasms\s+<-- over the limit$", result.stdout, re.M)


def test_shipped_english_topic_passes_its_reading_level_limits(run, topic_copy):
    """The two tests above fail for what they changed, not for the copy itself."""
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 0, result.stderr
    assert errors(result) == []


# --- 5. a translation that changes a section's kind ---------------------------------------------


def change_first_list_kind(path: Path, kind: str, tier: str | None = None) -> int:
    """Make the first `list` section of a topic file ``kind``, editing text in place (lines stay); its line.

    With ``tier``, every item of that section gets one, so it is a well-formed warnings section.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line == "    kind: list")
    lines[at] = f"    kind: {kind}"
    if tier:
        end = next((i for i in range(at + 1, len(lines)) if lines[i].startswith("  - id: ")), len(lines))
        for i in reversed(range(at, end)):
            if lines[i].startswith("      - id: "):
                lines.insert(i + 1, f"        tier: {tier}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def assert_kind_change_reported(run, topic_copy, kind: str, tier: str | None = None) -> None:
    line = change_first_list_kind(topic_copy / "es.yaml", kind, tier)
    result = run("check", "-q", "back-spasms/es.yaml")
    assert result.exit_code == 1, result.stderr
    at_kind = [e for e in errors(result) if e.startswith(f"Error: back-spasms/es.yaml:{line}: ")]
    assert [e for e in at_kind if "'list'" in e and f"'{kind}'" in e], result.stderr


def test_check_fails_a_translation_that_makes_a_list_a_text_section(run, topic_copy):
    assert_kind_change_reported(run, topic_copy, "text")


def test_check_fails_a_translation_that_makes_a_list_a_warnings_section(run, topic_copy):
    assert_kind_change_reported(run, topic_copy, "warnings", tier="routine")


def test_check_names_the_kind_change_of_a_warnings_section_without_tiers(run, topic_copy):
    assert_kind_change_reported(run, topic_copy, "warnings")


def test_shipped_spanish_topic_passes_check(run, topic_copy):
    """The kind tests above fail for the kind they changed, not for the copy itself."""
    result = run("check", "-q", "back-spasms/es.yaml")
    assert result.exit_code == 0, result.stderr
