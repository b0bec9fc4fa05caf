"""Unit tests of handouts.yamlload: safe YAML with line marks, and its refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handouts.errors import InputError, Problem
from handouts.yamlload import MAX_BYTES, MAX_DEPTH, Document, decode_utf8, load_yaml, parse_yaml, read_text


def problems_of(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def parse_error(text: str, name: str = "f.yaml") -> list[str]:
    with pytest.raises(InputError) as excinfo:
        parse_yaml(text, name)
    return problems_of(excinfo)


def load_error(path, name: str | None = None) -> list[str]:
    with pytest.raises(InputError) as excinfo:
        load_yaml(path, name)
    return problems_of(excinfo)


# --- what a good file becomes --------------------------------------------------


def test_mapping_becomes_a_dict_of_plain_values():
    doc = parse_yaml("topic: back-spasms\nnotes:\n  - Rest\n  - Walk\n", "sel.yaml")
    assert doc.data == {"topic": "back-spasms", "notes": ["Rest", "Walk"]}


def test_line_of_every_key_and_list_item_is_recorded():
    doc = parse_yaml("topic: back-spasms\nnotes:\n  - Rest\n\n  - Walk\n", "sel.yaml")
    assert doc.lines[("topic",)] == 1
    assert doc.lines[("notes",)] == 2
    assert doc.lines[("notes", 0)] == 3
    assert doc.lines[("notes", 1)] == 5


def test_line_of_nested_mapping_key_inside_a_list():
    doc = parse_yaml("sections:\n  - section: home-care\n    items:\n      - short-rest\n", "s.yaml")
    assert doc.line_of(("sections", 0, "items", 0)) == 4
    assert doc.line_of(("sections", 0, "items")) == 3


def test_line_of_an_unknown_location_falls_back_to_its_nearest_ancestor():
    doc = parse_yaml("a: 1\nsections:\n  - section: x\n", "s.yaml")
    assert doc.line_of(("sections", 0, "items", 7)) == 3


def test_line_of_the_empty_location_is_the_document_start():
    doc = parse_yaml("\n\na: 1\n", "s.yaml")
    assert doc.line_of(()) == 3


def test_problem_renders_file_line_key_path_and_message():
    doc = parse_yaml("topic: x\nsections:\n  - section: y\n", "sel.yaml")
    assert str(doc.problem(("sections", 0, "section"), "bad")) == "sel.yaml:3: sections.0.section: bad"


def test_problem_at_the_top_has_no_key_path():
    doc = parse_yaml("topic: x\n", "sel.yaml")
    assert str(doc.problem((), "bad")) == "sel.yaml:1: bad"


def test_document_folder_is_the_folder_of_its_source(tmp_path):
    path = tmp_path / "sub" / "sel.yaml"
    path.parent.mkdir()
    path.write_text("topic: x\n", encoding="utf-8")
    assert load_yaml(path).folder == tmp_path / "sub"


def test_load_yaml_names_the_file_as_given(write):
    path = write("sel.yaml", "topic: x\n")
    assert load_yaml(path, "my/sel.yaml").name == "my/sel.yaml"


def test_date_with_a_time_keeps_only_the_date():
    doc = parse_yaml("date: 2026-11-24 10:30:00\n", "s.yaml")
    assert doc.data["date"] == dt.date(2026, 11, 24)


def test_impossible_date_is_kept_as_its_text_for_the_schema_to_report():
    doc = parse_yaml("date: 2026-02-30\n", "s.yaml")
    assert doc.data["date"] == "2026-02-30"


def test_non_text_keys_become_their_text():
    doc = parse_yaml("1: a\ntrue: b\nnull: c\n", "s.yaml")
    assert list(doc.data) == ["1", "true", "null"]


def test_quoted_no_stays_text():
    doc = parse_yaml('patient: "No"\n', "s.yaml")
    assert doc.data["patient"] == "No"


def test_unquoted_no_is_read_as_false_yaml_1_1():
    doc = parse_yaml("patient: No\n", "s.yaml")
    assert doc.data["patient"] is False


def test_unquoted_leading_zero_number_is_read_as_octal_yaml_1_1():
    doc = parse_yaml("code: 0123\n", "s.yaml")
    assert doc.data["code"] == 83


def test_source_text_of_an_unquoted_non_text_value_is_kept():
    doc = parse_yaml("patient: No\ncode: 0123\nwhen: 10:30\n", "s.yaml")
    assert doc.plain == {("patient",): "No", ("code",): "0123", ("when",): "10:30"}


def test_source_text_is_not_kept_for_quoted_values_or_text():
    doc = parse_yaml("a: '0123'\nb: plain text\nc: !!str 12\n", "s.yaml")
    assert doc.plain == {}


def test_an_alias_used_a_few_times_is_fine():
    doc = parse_yaml("a: &x [1, 2]\nb: *x\n", "s.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_a_byte_order_mark_is_dropped():
    assert decode_utf8(b"\xef\xbb\xbftopic: x\n", "s.yaml") == "topic: x\n"


def test_a_file_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftopic: back-spasms\n")
    assert load_yaml(path).data == {"topic": "back-spasms"}


# --- files it refuses ------------------------------------------------------------


def test_missing_file_is_refused(tmp_path):
    assert load_error(tmp_path / "sel.yaml", "sel.yaml") == ["sel.yaml: no such file"]


def test_missing_file_suggests_a_file_of_a_similar_name(tmp_path):
    (tmp_path / "selection.yaml").write_text("topic: x\n", encoding="utf-8")
    assert load_error(tmp_path / "selecton.yaml", "selecton.yaml") == [
        "selecton.yaml: no such file; did you mean 'selection.yaml'?"
    ]


def test_missing_file_does_not_suggest_an_unrelated_yaml_file(tmp_path):
    # 'notes.yaml' and 'brand.yaml' share only their '.yaml' ending.
    (tmp_path / "brand.yaml").write_text("clinic: x\ncountry: US\n", encoding="utf-8")
    assert load_error(tmp_path / "notes.yaml", "notes.yaml") == ["notes.yaml: no such file"]


def test_folder_is_refused(tmp_path):
    (tmp_path / "sel.yaml").mkdir()
    assert load_error(tmp_path / "sel.yaml", "sel.yaml") == ["sel.yaml: expected a file, found a folder"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_device_is_refused():
    with pytest.raises(InputError) as excinfo:
        read_text(Path("/dev/null"), "null.yaml")
    assert problems_of(excinfo) == ["null.yaml: expected a regular file, found a device or pipe"]


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    assert load_error(path, "big.yaml") == [
        f"big.yaml: file is larger than {MAX_BYTES // 1024} KB; expected a small text file"
    ]


def test_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 5))
    assert load_yaml(path).data == {"a": 1}


def test_non_utf8_byte_is_refused_with_its_line(tmp_path):
    path = tmp_path / "sel.yaml"
    path.write_bytes(b"topic: back-spasms\npatient: Jos\xe9\n")
    assert load_error(path, "sel.yaml") == [
        "sel.yaml:2: expected UTF-8 text, found byte 0xe9; save the file as UTF-8"
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_is_refused_with_advice(tmp_path, encoding):
    path = tmp_path / "sel.yaml"
    bom = "\ufeff".encode(encoding)
    path.write_bytes(bom + "topic: back-spasms\n".encode(encoding))
    assert load_error(path, "sel.yaml") == ["sel.yaml: expected UTF-8 text, found UTF-16; save the file as UTF-8"]


def test_nul_byte_is_refused_with_its_line(tmp_path):
    path = tmp_path / "sel.yaml"
    path.write_bytes(b"topic: x\n\nnotes: a\x00b\n")
    assert load_error(path, "sel.yaml") == ["sel.yaml:3: expected text, found a NUL byte (binary file?)"]


def test_control_character_in_a_file_is_one_line_naming_its_line(tmp_path):
    path = tmp_path / "sel.yaml"
    path.write_bytes(b"topic: back-spasms\nnotes:\n  - ring \x07 bell\n")
    (message,) = load_error(path, "sel.yaml")
    assert message.startswith("sel.yaml:3: ")
    assert "\n" not in message


def test_empty_file_is_refused():
    assert parse_error("", "sel.yaml") == ["sel.yaml: file is empty; expected a YAML mapping of keys and values"]


def test_file_of_only_comments_is_refused_as_empty():
    assert parse_error("# nothing yet\n\n", "sel.yaml") == [
        "sel.yaml: file is empty; expected a YAML mapping of keys and values"
    ]


# --- YAML it refuses ---------------------------------------------------------------


def test_syntax_error_names_its_line():
    (message,) = parse_error("topic: back-spasms\nsections: [key-points\ndetail: full\n", "sel.yaml")
    assert message.startswith("sel.yaml:3: YAML syntax: ")


def test_tab_indentation_gets_a_hint():
    (message,) = parse_error("topic: back-spasms\nsections:\n\t- key-points\n", "sel.yaml")
    assert message.startswith("sel.yaml:3: YAML syntax: ")
    assert message.endswith("; indent with spaces, not tabs")


def test_syntax_error_without_a_tab_gets_no_tab_hint():
    (message,) = parse_error("topic: [a\n", "sel.yaml")
    assert "tabs" not in message


def test_duplicate_key_names_both_lines():
    assert parse_error("topic: x\ndetail: full\ndetail: brief\n", "sel.yaml") == [
        "sel.yaml:3: duplicate key 'detail' (first at line 2); keep one"
    ]


def test_duplicate_key_spelled_differently_in_quotes_is_still_a_duplicate():
    assert parse_error("'a': 1\n\"a\": 2\n", "s.yaml") == ["s.yaml:2: duplicate key 'a' (first at line 1); keep one"]


def test_duplicate_key_in_a_nested_mapping_is_refused():
    assert parse_error("colors:\n  primary: '#000000'\n  primary: '#111111'\n", "b.yaml") == [
        "b.yaml:3: duplicate key 'primary' (first at line 2); keep one"
    ]


def test_python_object_tag_is_refused():
    assert parse_error("topic: x\npatient: !!python/object:os.system ls\n", "sel.yaml") == [
        "sel.yaml:2: tag !!python/object:os.system is not allowed; remove it"
    ]


def test_python_apply_tag_on_a_list_is_refused():
    assert parse_error("topic: x\npatient: !!python/object/apply:os.system [ls]\n", "sel.yaml") == [
        "sel.yaml:2: tag !!python/object/apply:os.system is not allowed; expected a plain list"
    ]


def test_custom_tag_on_a_mapping_is_refused():
    assert parse_error("topic: x\ncolors: !thing {a: 1}\n", "b.yaml") == [
        "b.yaml:2: tag !thing is not allowed; expected a plain mapping"
    ]


def test_binary_tag_is_refused():
    assert parse_error("logo: !!binary aGVsbG8=\n", "b.yaml") == ["b.yaml:1: tag !!binary is not allowed; remove it"]


def test_merge_key_is_refused():
    assert parse_error("topic: x\n<<: {detail: full}\n", "sel.yaml") == [
        "sel.yaml:2: merge keys ('<<') are not supported; write the keys out"
    ]


def test_list_as_a_key_is_refused():
    assert parse_error("topic: x\n? [a, b]\n: 1\n", "sel.yaml") == [
        "sel.yaml:2: expected a plain key, found a list or mapping as a key"
    ]


def test_alias_bomb_is_refused():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (message,) = parse_error("\n".join(lines) + "\n", "bomb.yaml")
    assert message.endswith(": more than 100,000 values (an alias bomb?); expected a small handout file")
    assert message.startswith("bomb.yaml:")


def test_nesting_deeper_than_the_limit_is_refused():
    depth = MAX_DEPTH + 5
    assert parse_error("a: " + "[" * depth + "]" * depth + "\n", "s.yaml") == [
        "s.yaml:1: nested too deeply; expected at most 40 levels"
    ]


def test_nesting_just_under_the_limit_is_fine():
    depth = MAX_DEPTH - 2
    doc = parse_yaml("a: " + "[" * depth + "]" * depth + "\n", "s.yaml")
    assert doc.data["a"]


def test_very_deep_nesting_is_refused_without_a_crash():
    assert parse_error("a: " + "[" * 5000 + "]" * 5000 + "\n", "s.yaml") == [
        "s.yaml:1: nested too deeply; expected at most 40 levels"
    ]


def test_two_documents_are_refused():
    assert parse_error("topic: x\n---\ntopic: y\n", "sel.yaml") == [
        "sel.yaml:2: YAML syntax: expected one YAML document, found more than one (a '---' line?)"
    ]


def test_one_document_with_explicit_markers_is_fine():
    assert parse_yaml("---\ntopic: x\n...\n", "sel.yaml").data == {"topic": "x"}


def test_anchor_defined_twice_is_refused():
    assert parse_error("a: &x 1\nb: &x 2\n", "s.yaml") == ["s.yaml:2: YAML syntax: an anchor name is used twice"]


def test_input_errors_are_problems_with_a_file():
    with pytest.raises(InputError) as excinfo:
        parse_yaml("a: 1\na: 2\n", "s.yaml")
    assert excinfo.value.problems == [
        Problem("duplicate key 'a' (first at line 1); keep one", file="s.yaml", line=2)
    ]


def test_document_is_immutable():
    doc = parse_yaml("a: 1\n", "s.yaml")
    assert isinstance(doc, Document)
    with pytest.raises(AttributeError):
        doc.name = "other"  # type: ignore[misc]
