"""Shared content written once: references resolve, and bad ones are reported at their line."""

from __future__ import annotations

import pytest

from conftest import errors, replace_line, warnings
from handouts import library, shared
from handouts.errors import ContentError
from handouts.yamlload import load_yaml, parse_yaml


@pytest.fixture
def own_shared(tmp_path, monkeypatch):
    """A library whose content folder is a copy, with its shared files to break on purpose."""
    import shutil

    root = tmp_path / "content"
    shutil.copytree(library.content_dir(), root)
    monkeypatch.setattr(library, "content_dir", lambda: root)
    return root


def test_a_text_reference_resolves_to_the_passage():
    topic = library.load_topic("neck-pain")
    heat = next(item for s in topic.sections for item in s.items if item.id == "heat" and s.kind != "summary")
    assert heat.caution == shared.passages("en").values["heat-caution"]


def test_an_item_reference_takes_the_passage_id_and_fields():
    topic = library.load_topic("sciatica", "es")
    section = next(s for s in topic.sections if s.kind == "warnings")
    item = section.item("groin-numbness")
    assert item is not None and item.tier == "emergency" and item.required
    assert item.title == shared.passages("es").values["groin-numbness"]["title"]


def test_a_reference_inside_a_passage_resolves_too():
    row = next(i for s in library.load_topic("back-spasms").sections if s.kind == "tracker" for i in s.items
               if i.id == "pain")
    assert (row.title, row.hint) == ("Pain today", "0 = no pain, 10 = worst pain")


def test_keys_beside_an_item_reference_replace_the_passages(own_shared):
    doc = parse_yaml("language: en\nitems:\n  - {ref: groin-numbness, tier: urgent, id: numb}\n", "t.yaml")
    item = shared.resolve_refs(doc).data["items"][0]
    assert (item["id"], item["tier"], item["required"]) == ("numb", "urgent", True)


def test_an_unknown_reference_is_reported_at_its_line_with_did_you_mean(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "        caution: {ref: heat-caution}",
                        "        caution: {ref: heat-cautoin}")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 1
    assert errors(result)[0].startswith(
        f"Error: back-spasms/en.yaml:{line}: sections.")
    assert errors(result)[0].endswith(".caution.ref: unknown shared passage 'heat-cautoin'; did you mean "
                                      "'heat-caution'? (in content/_shared/en.yaml)")


def test_an_unknown_item_reference_is_reported_at_its_line(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "      - ref: bladder-bowel", "      - ref: bladder")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert errors(result)[0] == (f"Error: back-spasms/en.yaml:{line}: sections.4.items.0.ref: unknown shared passage "
                                 "'bladder'; did you mean 'bladder-bowel'? (in content/_shared/en.yaml)")


def test_a_text_reference_with_more_keys_is_refused(run, topic_copy):
    line = replace_line(topic_copy / "en.yaml", "        caution: {ref: heat-caution}",
                        "        caution: {ref: heat-caution, title: Heat}")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert [e for e in errors(result) if f":{line}: " in e and "'heat-caution' is a shared text; a text reference "
            "holds only 'ref:'" in e]


def test_a_cyclic_reference_is_reported(own_shared, run):
    path = own_shared / "_shared" / "en.yaml"
    text = path.read_text(encoding="utf-8").replace("hint: {ref: pain-scale}", "hint: {ref: tracker-pain}")
    path.write_text(text, encoding="utf-8")
    result = run("check", "-q", str(path))
    assert result.exit_code == 1
    assert errors(result) == [f"Error: {path}:{_line(path, 'hint: {ref: tracker-pain}')}: "
                              "passages.tracker-pain.hint.ref: cyclic reference: tracker-pain -> tracker-pain "
                              f"(in {path}); a passage cannot include itself"]
    topic = own_shared / "back-spasms" / "en.yaml"
    shared._parse.cache_clear()
    with pytest.raises(ContentError, match="cyclic reference: tracker-pain -> tracker-pain"):
        shared.resolve_refs(load_yaml(topic))


def test_a_longer_cycle_names_every_step(own_shared):
    path = own_shared / "_shared" / "en.yaml"
    path.write_text("language: en\npassages:\n  a: {ref: b}\n  b:\n    title: {ref: c}\n  c: {ref: a}\n",
                    encoding="utf-8")
    shared._parse.cache_clear()
    doc = parse_yaml("language: en\nx: {ref: a}\n", "t.yaml")
    with pytest.raises(ContentError) as caught:
        shared.resolve_refs(doc)
    assert str(caught.value.problems[0]) == ("t.yaml:2: x.title.ref: cyclic reference: a -> b -> c -> a "
                                             "(in content/_shared/en.yaml); a passage cannot include itself")


def _line(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_check_warns_where_a_topic_writes_a_shared_passage_out(run, topic_copy):
    passage = shared.passages("en").values["medicine-label"]
    line = replace_line(topic_copy / "en.yaml", "        caution: {ref: medicine-label}",
                        f"        caution: {passage.replace('asthma', 'athsma')}")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 0, result.stderr  # a warning, not an error
    written = _line(library.content_dir() / "_shared" / "en.yaml", "medicine-label:")
    assert warnings(result) == [
        f"Warning: back-spasms/en.yaml:{line}: sections.5.items.7.caution: writes out the shared passage "
        f"'medicine-label' (content/_shared/en.yaml:{written}); "
        "use '{ref: medicine-label}' instead, so a wording fix is one edit"]


def test_a_different_text_is_not_a_written_out_passage(run, topic_copy):
    replace_line(topic_copy / "en.yaml", "        caution: {ref: medicine-label}",
                 "        caution: Follow the label, and ask us first if you take other medicines.")
    result = run("check", "-q", "back-spasms/en.yaml")
    assert result.exit_code == 0 and warnings(result) == []


def test_the_shipped_library_writes_no_shared_passage_out(run):
    result = run("check", "-q")
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == []
    count = len(shared.passages("en").values)
    assert f"content/_shared/en.yaml: {count} shared passage(s): ok" in result.stdout.splitlines()
    assert f"content/_shared/es.yaml: {count} shared passage(s): ok" in result.stdout.splitlines()


def test_both_shared_files_have_the_same_passages_and_kinds():
    en, es = shared.passages("en"), shared.passages("es")
    assert en is not None and es is not None
    assert list(en.values) == list(es.values)
    for key, value in en.values.items():
        other = es.values[key]
        assert type(value) is type(other), key
        if isinstance(value, dict):
            assert {k: v for k, v in value.items() if k in ("id", "tier", "required")} == \
                {k: v for k, v in other.items() if k in ("id", "tier", "required")}, key


def test_the_shared_file_is_parsed_once_per_process():
    library._load.cache_clear()
    shared._parse.cache_clear()
    for topic_id in library.topic_ids():
        for language in library.languages(topic_id):
            library.load_topic(topic_id, language)
    assert shared._parse.cache_info().misses == 2  # en and es


def test_a_shared_file_of_the_wrong_shape_is_refused_at_its_line(own_shared, run):
    path = own_shared / "_shared" / "en.yaml"
    path.write_text("language: en\npassages:\n  Bad_Id: text\n  empty: ''\n  nums: [1, 2]\n", encoding="utf-8")
    result = run("check", "-q", str(path))
    assert errors(result) == [
        f"Error: {path}:3: passages.Bad_Id: expected a kebab-case passage id (like 'medicine-label'), got 'Bad_Id'",
        f"Error: {path}:4: passages.empty: expected some text, got nothing",
        f"Error: {path}:5: passages.nums: expected a text, or an item (a mapping of its fields)",
    ]


def test_a_language_that_is_not_a_code_names_no_shared_file():
    doc = parse_yaml("language: ../_shared/en\nx: {ref: medicine-label}\n", "t.yaml")
    with pytest.raises(ContentError, match=r"t.yaml:2: uses shared passages, but there is no "):
        shared.resolve_refs(doc)
