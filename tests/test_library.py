"""What a topic covers (codes, region), finding a topic, and `handouts list` by region."""

from __future__ import annotations

import json

import pytest

from conftest import errors, replace_line
from handouts import library
from handouts.coding import REGIONS, code_matches, code_shape, fold, known_region

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


# --- finding a topic -----------------------------------------------------------------


def ids(found) -> list[str]:
    return [summary.id for summary in found]


def test_search_finds_by_title_in_any_case():
    assert ids(library.search("KNEE")) == ["knee-osteoarthritis"]


def test_search_finds_by_subtitle_after_title_hits():
    found = ids(library.search("rotator"))  # only shoulder-pain's subtitle says it
    assert found == ["shoulder-pain"]
    # 'back' is in three titles and a region, and only in sciatica's subtitle: the title hits come first
    assert ids(library.search("low back"))[0] == "low-back-pain"
    assert ids(library.search("pinched")) == ["sciatica"]


def test_title_hits_come_before_subtitle_hits():
    found = ids(library.search("back"))
    assert found[:2] == ["back-spasms", "low-back-pain"] and "sciatica" in found
    assert found.index("sciatica") == len(found) - 1  # its title does not say 'back'; its region does


@pytest.mark.parametrize("query, expected", [
    ("M17", ["knee-osteoarthritis"]), ("m54.5", ["low-back-pain"]), ("M545", ["low-back-pain"]),
    ("S93.401A", ["ankle-sprain"]), ("m75.1", ["shoulder-pain"]), ("M51", ["sciatica"]),
])
def test_search_finds_by_a_code_or_its_start(query, expected):
    assert ids(library.search(query)) == expected


def test_search_in_spanish_ignores_accents_both_ways():
    assert ids(library.search("rodilla", "es")) == ["knee-osteoarthritis"]
    assert ids(library.search("talon", "es")) == ["plantar-heel-pain"]  # written talón
    assert ids(library.search("TALÓN", "es")) == ["plantar-heel-pain"]
    assert library.search("talon", "es")[0].title.startswith("Dolor")


def test_search_by_region_and_every_word_must_match():
    assert ids(library.search("ankle-foot")) == ["ankle-sprain", "plantar-heel-pain"]
    assert ids(library.search("knee sciatica")) == []
    assert library.search("") == [] and library.search("   ") == []


def test_summaries_list_every_topic_in_region_order_with_what_the_web_form_reads():
    found = library.summaries("es")
    assert sorted(ids(found)) == library.topic_ids()
    order = [REGIONS.index(s.region) for s in found]
    assert order == sorted(order)
    first = found[0]
    assert first.region == "back" and first.languages == ("en", "es") and first.language == "es"
    assert first.review == "not-reviewed" and first.version and first.codes
    with pytest.raises(AttributeError):
        first.title = "changed"  # type: ignore[misc]


def test_list_groups_topics_under_a_heading_per_region_in_the_fixed_order(run):
    result = run("list")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line.endswith(":") and not line.startswith(" ")]
    used = {library.load_topic(topic_id).region for topic_id in library.topic_ids()}
    assert headings == [f"{r.replace('-', ' and ').capitalize()}:" for r in REGIONS if r in used]
    assert headings[:3] == ["Back:", "Neck:", "Shoulder:"] and "Ankle and foot:" in headings
    back = lines[lines.index("Back:") + 1: lines.index("Neck:")]
    assert [line.split()[0] for line in back] == ["back-spasms", "low-back-pain", "sciatica"]
    assert back[0].split()[1:3] == ["en,es", "1.1.0"] and "(not yet clinically reviewed)" in back[0]


def test_list_search_filters_and_json_has_the_fields(run):
    result = run("list", "--search", "knee")
    assert result.exit_code == 0, result.stderr
    rows = result.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["knee-osteoarthritis"] and "[knee]" in rows[0]
    data = json.loads(run("list", "--search", "m17", "--json").stdout)
    assert [d["id"] for d in data] == ["knee-osteoarthritis"]
    assert set(data[0]) == {"id", "title", "subtitle", "region", "codes", "languages", "language", "version",
                            "review"}
    assert json.loads(run("list", "--lang", "es", "--json").stdout)[0]["language"] == "es"


def test_list_search_with_no_hit_says_so_in_one_line(run):
    result = run("list", "--search", "elbowz")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"No topic matches 'elbowz'; try a word of a title, a region ({', '.join(REGIONS)}) "
                             "or a code such as M54.5\n")


def test_summaries_are_read_once_per_language(monkeypatch):
    """The web form lists every topic on every page: the files are read on the first call only."""
    library._summaries.cache_clear()
    reads = []
    original = library._summary
    monkeypatch.setattr(library, "_summary", lambda found, langs: reads.append(found) or original(found, langs))
    first = library.summaries("en")
    assert len(reads) == len(library.topic_ids())
    assert library.summaries("en") == first and len(reads) == len(library.topic_ids())
    library.summaries("es")
    assert len(reads) == 2 * len(library.topic_ids())
    library._summaries.cache_clear()
