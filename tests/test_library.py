"""What a topic covers (codes, region), finding a topic, and `handouts list` by region."""

from __future__ import annotations

import json

import pytest

from handouts import library
from handouts.coding import REGIONS, code_matches, code_shape, fold, known_region


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def replace_line(path, old: str, new: str) -> int:
    """Replace the line ``old`` of ``path`` with ``new``; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(old)
    lines[at] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


# --- codes and region ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["M54.50", "S93.401A", "M17.0", "M54.2", "S16.1XXA", "M62.830", "R52"])
def test_a_code_of_icd10cm_shape_is_accepted(code):
    assert code_shape(code) == code


@pytest.mark.parametrize("code", ["m54.50", "M5.50", "M54.", "M54.12345", "54.50", "M54-50", "MM4.5"])
def test_a_code_of_another_shape_is_refused_naming_the_shape(code):
    with pytest.raises(ValueError, match=f"expected an ICD-10-CM code such as M54.50 .* got '{code}'"):
        code_shape(code)


def test_an_unknown_region_suggests_the_nearest_and_lists_them_all():
    with pytest.raises(ValueError) as caught:
        known_region("sholder")
    assert str(caught.value) == (f"unknown region 'sholder'; did you mean 'shoulder'? (regions: {', '.join(REGIONS)})")


def test_a_bad_code_is_reported_at_its_line(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "codes: [M62.830]", "codes: [M62.830,\n        M6283]")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 1
    assert errors(result)[0] == (
        f"Error: back-spasms/en.yaml:{line + 1}: codes.1: expected an ICD-10-CM code such as M54.50 or S93.401A "
        "(a capital letter, 2 digits, then optionally a dot and 1-4 capital letters or digits), got 'M6283'")


def test_an_unknown_region_is_reported_at_its_line_with_did_you_mean(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "region: back", "region: bak")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 1
    assert errors(result)[0].startswith(f"Error: back-spasms/en.yaml:{line}: region: unknown region 'bak'; "
                                        "did you mean 'back'? (regions: back, neck,")


def test_a_code_listed_twice_is_refused(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "codes: [M62.830]", "codes: [M62.830, M62.830]")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert errors(result) == [f"Error: back-spasms/en.yaml:{line}: codes: code M62.830 is listed more than once; "
                              "keep one"]


@pytest.mark.parametrize("old, new, message", [
    ("region: back", "region: neck", "region: expected region back as in en, got neck"),
    ("codes: [M62.830]", "codes: [M62.830, M54.50]", "codes: expected codes M62.830 as in en, got M62.830, M54.50"),
])
def test_a_translation_covering_something_else_is_refused_at_its_line(run, topic_copy, old, new, message):
    line = replace_line(topic_copy / "es.yaml", old, new)
    result = run("check", "-q", "back-spasms/es.yaml")
    assert result.exit_code == 1
    assert errors(result) == [f"Error: back-spasms/es.yaml:{line}: {message}; a translation covers what its "
                              "source covers"]


def test_a_clinics_own_topic_may_leave_codes_and_region_out(run, topic_copy):
    for lang in ("en", "es"):
        path = topic_copy / f"{lang}.yaml"
        text = path.read_text(encoding="utf-8").replace("region: back\n", "").replace("codes: [M62.830]\n", "")
        path.write_text(text, encoding="utf-8")
    result = run("check", "-q", "back-spasms")
    assert result.exit_code == 0, result.stderr  # the folder: both languages
    result = run("check", "-q", "back-spasms/en.yaml", "back-spasms/es.yaml")
    assert result.exit_code == 0, result.stderr


def test_a_library_topic_without_codes_or_region_is_refused(tmp_path):
    from handouts.validate import library_problems, load_topic_doc

    path = tmp_path / "en.yaml"
    text = (library.content_dir() / "back-spasms" / "en.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("region: back\n", "").replace("codes: [M62.830]\n", ""), encoding="utf-8")
    topic, doc = load_topic_doc(path, "content/back-spasms/en.yaml")
    problems = [str(p) for p in library_problems(topic, doc)]
    assert problems == [
        "content/back-spasms/en.yaml:5: subtitle: expected a value for 'region' in a library topic, found none; "
        f"add 'region: ...' under the subtitle (one of {', '.join(REGIONS)})",
        "content/back-spasms/en.yaml:5: subtitle: expected the ICD-10-CM codes the topic covers in a library topic, "
        "found none; add 'codes: [M54.50, ...]' under the subtitle",
    ]


def test_every_library_topic_has_a_region_and_codes_the_same_in_each_language():
    for topic_id in library.topic_ids():
        covers = {(t.region, t.codes) for t in (library.load_topic(topic_id, lang)
                                                for lang in library.languages(topic_id))}
        assert len(covers) == 1, topic_id
        region, codes = covers.pop()
        assert region in REGIONS and codes, topic_id


def test_show_prints_region_and_codes(run):
    result = run("show", "knee-osteoarthritis")
    assert "Region: knee" in result.stdout
    assert "Codes (ICD-10-CM): M17.0, M17.10, M17.11," in result.stdout
    data = json.loads(run("show", "ankle-sprain", "--lang", "es", "--json").stdout)
    assert data["region"] == "ankle-foot" and data["codes"][:2] == ["S93.401A", "S93.402A"]


def test_fold_drops_case_and_accents():
    assert fold("Rodilla DOLOR Cómo Ñ") == "rodilla dolor como n"


@pytest.mark.parametrize("query, found", [("M17", True), ("m17.1", True), ("m1710", True), ("M17.10", True),
                                          ("M17.2", False), ("M16", False), ("", False), ("17", False)])
def test_a_code_prefix_matches_its_codes(query, found):
    assert code_matches(query, "M17.10") is found
