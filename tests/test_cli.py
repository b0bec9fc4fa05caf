"""Every command through click's CliRunner, as a clinician or clinic admin types it.

Expected values come from the shipped YAML files (read here with plain
PyYAML), not from the code under test, and every error is checked for the
project's promise: exit status 1, stderr starting with "Error: ", no traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, topic_data

TOPIC_FILE = REPO / "content" / "back-spasms" / "en.yaml"


@pytest.fixture(scope="module")
def topic() -> dict:
    return topic_data(TOPIC_FILE)


def assert_error(result, expected: str | None = None, *, startswith: str | None = None) -> str:
    """A user error: exit 1, stderr starts with 'Error: ', no traceback; returns stderr's first line."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, result.output
    first = result.stderr.splitlines()[0]
    if expected is not None:
        assert first == expected
    if startswith is not None:
        assert first.startswith(startswith), first
    return first


def no_temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".handouts-")]


# --- list ------------------------------------------------------------------------


def test_list_shows_back_spasms_language_and_version(run, topic):
    result = run("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TOPIC", "LANGUAGES", "VERSION", "TITLE"]
    row = next(line for line in lines[1:] if line.split()[0] == "back-spasms")
    assert row.split()[:3] == ["back-spasms", "en,es", topic["version"]]
    assert topic["version"] == "1.1.0" and topic["language"] == "en"
    assert topic["title"] in row
    # honest about review status
    assert ("not yet clinically reviewed" in row) == (topic["review"]["status"] != "reviewed")


# --- show ------------------------------------------------------------------------


def test_show_lists_sections_in_order_with_kind_heading_and_item_ids(run, topic):
    result = run("show", "back-spasms")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    positions = []
    for section in topic["sections"]:
        pattern = re.compile(
            rf"^[* ] {re.escape(section['id'])}  \[{section['kind']}\]  {re.escape(section['heading'])}$")
        found = [i for i, line in enumerate(lines) if pattern.match(line)]
        assert len(found) == 1, f"section line for {section['id']} not found once in:\n{result.stdout}"
        positions.append(found[0])
    assert positions == sorted(positions), "sections are not listed in the topic's order"
    # every item id is listed under its own section, in order
    bounds = positions + [len(lines)]
    for index, section in enumerate(topic["sections"]):
        block = lines[bounds[index] + 1 : bounds[index + 1]]
        ids = [_item_id(line) for line in block if _item_id(line)]
        assert ids == [item["id"] for item in section["items"]], section["id"]


def _item_id(line: str) -> str | None:
    """The item id of an item line of `show` ('    *! after-injury   emergency: ...')."""
    match = re.match(r"^    [* ][! ] ([a-z0-9-]+)\s", line)
    return match.group(1) if match else None


def test_show_marks_required_warnings_and_default_items(run, topic):
    result = run("show", "back-spasms")
    warnings = next(s for s in topic["sections"] if s["kind"] == "warnings")
    required = {item["id"] for item in warnings["items"] if item.get("required")}
    assert required, "the topic has required warning signs"
    for line in result.stdout.splitlines():
        item = _item_id(line)
        if item in {i["id"] for i in warnings["items"]}:
            assert (line[5] == "!") == (item in required), line


def test_show_json_parses_and_has_the_same_ids(run, topic):
    result = run("show", "back-spasms", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == topic["id"] == "back-spasms"
    assert data["language"] == topic["language"]
    assert data["version"] == topic["version"]
    assert [s["id"] for s in data["sections"]] == [s["id"] for s in topic["sections"]]
    for shown, section in zip(data["sections"], topic["sections"], strict=True):
        assert shown["kind"] == section["kind"]
        assert shown["heading"] == section["heading"]
        assert [i["id"] for i in shown["items"]] == [i["id"] for i in section["items"]]
    warnings = next(s for s in data["sections"] if s["kind"] == "warnings")
    assert any(item["required"] for item in warnings["items"])


def test_show_text_and_json_agree(run):
    text = run("show", "back-spasms").stdout
    data = json.loads(run("show", "back-spasms", "--json").stdout)
    text_ids = [_item_id(line) for line in text.splitlines() if _item_id(line)]
    assert text_ids == [i["id"] for s in data["sections"] for i in s["items"]]


# --- check -------------------------------------------------------------------------


def test_check_without_paths_passes_and_prints_reading_levels(run, topic):
    result = run("check")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "content/back-spasms/en.yaml: topic 'back-spasms' (en) version 1.1.0" in out
    assert "reading level: Flesch-Kincaid grade" in out
    # one score line per item and per section, and one for the whole topic
    for section in topic["sections"]:
        pattern = rf"^\s+-?\d+\.\d\s+-?\d+\.\d\s+\d+  section {re.escape(section['id'])}$"
        assert re.search(pattern, out, re.M), section["id"]
        for item in section["items"]:
            assert re.search(rf"^\s+-?\d+\.\d\s+-?\d+\.\d\s+\d+    {re.escape(item['id'])}$", out, re.M), item["id"]
    assert re.search(r"^\s+-?\d+\.\d\s+-?\d+\.\d\s+\d+  topic back-spasms$", out, re.M)
    # the built-in brand, the catalogue and the examples are checked too
    assert "handouts/default-brand.yaml: brand" in out
    assert "handouts/locales/en.yaml: handout words: ok" in out
    for example in ("brand.yaml", "first-visit.yaml", "brief-large-print.yaml", "patient-example.yaml"):
        assert f"content/examples/riverside/{example}: " in out
    assert "Error" not in result.stderr
    assert re.search(r"^Checked \d+ file\(s\): 0 error\(s\), 0 warning\(s\): ok$", result.stderr, re.M), result.stderr


def test_check_quiet_prints_no_reading_levels(run):
    result = run("check", "-q")
    assert result.exit_code == 0, result.output
    assert "reading level" not in result.stdout
    assert "content/back-spasms/en.yaml: topic 'back-spasms'" in result.stdout


def test_check_topic_file_by_path(run):
    result = run("check", TOPIC_FILE)
    assert result.exit_code == 0, result.output
    assert "reading level" in result.stdout


def test_check_missing_file(run):
    result = run("check", "nothere.yaml")
    assert_error(result, "Error: nothere.yaml: no such file")
    assert "Checked 1 file(s): 1 error(s), 0 warning(s): FAILED" in result.stderr


def test_check_bad_brand_names_file_line_and_key(run, write):
    write("brand.yaml", """
        clinic: Test Clinic
        colors:
          primary: teal
        """)
    result = run("check", "brand.yaml")
    assert_error(result,
                 "Error: brand.yaml:3: colors.primary: expected a colour as '#rrggbb' (like '#1f4e79'), got 'teal'")


def test_check_bad_selection_item_suggests_the_right_one(run, write):
    write("selection.yaml", """
        topic: back-spasms
        sections:
          - key-points
          - section: home-care
            items: [short-rest, icee]
        """)
    result = run("check", "selection.yaml")
    assert_error(result, "Error: selection.yaml:5: sections.1.items.1: unknown item 'icee' in section 'home-care'; "
                         "did you mean 'ice-first'?")


def test_check_empty_folder(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("check", "empty")
    assert_error(result, "Error: empty: expected YAML files in this folder, found none")


# --- init --------------------------------------------------------------------------


def test_init_writes_two_files_that_pass_check_and_build(run, tmp_path):
    result = run("init", "my-clinic")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "my-clinic"
    assert sorted(p.name for p in folder.iterdir()) == ["brand.yaml", "selection.yaml"]
    assert result.stderr.splitlines() == ["Wrote my-clinic/brand.yaml", "Wrote my-clinic/selection.yaml"]
    check = run("check", "my-clinic")
    assert check.exit_code == 0, check.output
    assert "Checked 2 file(s): 0 error(s), 0 warning(s): ok" in check.stderr
    build = run("build", "my-clinic/selection.yaml", "-o", "starter.pdf")
    assert build.exit_code == 0, build.output
    assert (tmp_path / "starter.pdf").read_bytes().startswith(b"%PDF-")


def test_init_in_current_folder(run, tmp_path):
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "brand.yaml").is_file() and (tmp_path / "selection.yaml").is_file()


def test_second_init_refuses_and_writes_nothing(run, tmp_path):
    assert run("init", "my-clinic").exit_code == 0
    folder = tmp_path / "my-clinic"
    (folder / "brand.yaml").unlink()  # only one of the two is there now
    (folder / "selection.yaml").write_text("topic: back-spasms\n", encoding="utf-8")
    result = run("init", "my-clinic")
    assert_error(result, "Error: my-clinic/selection.yaml already exist(s); init never overwrites: pick another folder")
    assert not (folder / "brand.yaml").exists(), "init wrote brand.yaml although it refused"
    assert (folder / "selection.yaml").read_text(encoding="utf-8") == "topic: back-spasms\n"
    assert no_temp_files(folder) == []


def test_second_init_with_both_files_refuses(run, tmp_path):
    assert run("init", "my-clinic").exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "my-clinic").iterdir()}
    result = run("init", "my-clinic")
    assert_error(result, "Error: my-clinic/brand.yaml, my-clinic/selection.yaml already exist(s); "
                         "init never overwrites: pick another folder")
    assert {p.name: p.read_bytes() for p in (tmp_path / "my-clinic").iterdir()} == before


def test_init_into_a_file(run, tmp_path):
    # starter.py has its own message for this; click's file_okay=False answers first with a usage error (exit 2)
    (tmp_path / "my-clinic").write_text("notes\n", encoding="utf-8")
    result = run("init", "my-clinic")
    assert_error(result, "Error: 'my-clinic' is a file; expected a folder to write the starter files in")
    assert (tmp_path / "my-clinic").read_text(encoding="utf-8") == "notes\n"


# --- help and version -----------------------------------------------------------------


def _command_names():
    from handouts.cli import cli

    return sorted(cli.commands)


def test_every_command_is_covered_here():
    assert set(_command_names()) >= {"list", "show", "build", "check", "init"}


@pytest.mark.parametrize("command", _command_names())
def test_help_of_every_command_has_an_example_block(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    heads = [i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:")]
    assert heads, f"'handouts {command} --help' has no Example block:\n{result.stdout}"
    example = lines[heads[0] + 1].strip()
    assert example.startswith(f"handouts {command}"), example
    assert run(command, "-h").stdout == result.stdout


def test_top_level_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in _command_names():
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


def test_version(run):
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"handouts, version {version('handouts')}"


# --- build: the happy paths the CLI owns ------------------------------------------------


def test_build_default_output_name_never_holds_the_patient(run, tmp_path):
    result = run("build", "back-spasms", "--patient", "Zebulon Quixwell")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "Wrote back-spasms.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["back-spasms.pdf"]


@pytest.mark.parametrize("options, name", [
    (("--detail", "brief"), "back-spasms-brief.pdf"),
    (("--profile", "large"), "back-spasms-large.pdf"),
    (("--detail", "brief", "--profile", "greyscale"), "back-spasms-brief-greyscale.pdf"),
])
def test_build_default_output_name_says_detail_and_profile(run, tmp_path, options, name):
    result = run("build", "back-spasms", *options)
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).is_file()


def test_build_example_selection(run, tmp_path):
    result = run("build", EXAMPLES / "first-visit.yaml", "-o", "first.pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "Wrote first.pdf"
    assert (tmp_path / "first.pdf").read_bytes().startswith(b"%PDF-")


def test_identical_rebuild_says_unchanged_and_leaves_the_file_alone(run, tmp_path):
    args = ("build", "back-spasms", "--patient", "Ana Example", "--date", "2026-11-24", "-o", "out.pdf")
    assert run(*args).exit_code == 0
    before = (tmp_path / "out.pdf").stat()
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "Wrote out.pdf (unchanged)"
    after = (tmp_path / "out.pdf").stat()
    assert after.st_ino == before.st_ino, "the identical file was replaced"
    assert no_temp_files(tmp_path) == []


def test_existing_different_output_is_refused_without_force(run, tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"the clinic's own file, not this handout\n")
    result = run("build", "back-spasms", "-o", "out.pdf")
    assert_error(result, "Error: 'out.pdf' already exists and differs; use --force to replace it, "
                         "or pick another name")
    assert target.read_bytes() == b"the clinic's own file, not this handout\n"
    assert no_temp_files(tmp_path) == []


def test_existing_different_output_is_replaced_with_force(run, tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old\n")
    result = run("build", "back-spasms", "-o", "out.pdf", "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "Wrote out.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert no_temp_files(tmp_path) == []


def test_output_suffix_is_case_insensitive(run, tmp_path):
    result = run("build", "back-spasms", "-o", "OUT.PDF")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "OUT.PDF").is_file()


def test_notes_file_blank_lines_separate_notes(run, write, tmp_path):
    write("notes.txt", """
        First note from the notes file.

        Second note from the notes file.
        """)
    result = run("build", "back-spasms", "--notes-file", "notes.txt", "-o", "n.pdf")
    assert result.exit_code == 0, result.output
    from conftest import pdf_pages_text

    text = " ".join(" ".join(pdf_pages_text(tmp_path / "n.pdf")).split())
    assert "First note from the notes file." in text
    assert "Second note from the notes file." in text


# --- bad input, command by command -------------------------------------------------------


def test_show_unknown_topic_suggests(run):
    result = run("show", "back-spasm")
    assert_error(result, startswith="Error: unknown topic 'back-spasm'; did you mean 'back-spasms'? (topics: ")
    assert "back-spasms" in result.stderr.split("(topics: ", 1)[1]


def test_show_unknown_language(run):
    result = run("show", "back-spasms", "--lang", "xx")
    assert_error(result, startswith="Error: topic 'back-spasms' has no 'xx' version")
    assert "(languages: " in result.stderr and "en" in result.stderr.split("(languages: ", 1)[1]


def test_build_unknown_topic_suggests(run, tmp_path):
    result = run("build", "bak-spasms")
    assert_error(result, startswith="Error: unknown topic 'bak-spasms'; did you mean 'back-spasms'? (topics: ")
    assert not list(tmp_path.glob("*.pdf"))


def test_build_missing_selection_file(run, tmp_path):
    result = run("build", "my-clinic/selection.yaml")
    assert_error(result, "Error: my-clinic/selection.yaml: no such file")
    assert not list(tmp_path.glob("*.pdf"))


def test_build_missing_selection_file_suggests_a_near_name(run, write):
    write("selection.yaml", "topic: back-spasms\n")
    result = run("build", "selectoin.yaml")
    assert_error(result, "Error: selectoin.yaml: no such file; did you mean 'selection.yaml'?")


@pytest.mark.parametrize("target", ["my-clinic/", "./my-clinic", "clinic.yaml"])
def test_build_directory_as_selection(run, tmp_path, target):
    (tmp_path / target.strip("./")).mkdir()
    result = run("build", target)
    assert_error(result, f"Error: '{target}' is a folder; expected a topic id or a selection file")
    assert not list(tmp_path.glob("*.pdf"))


def test_build_bare_folder_name_is_a_clean_error(run, tmp_path):
    # `handouts init my-clinic` then `handouts build my-clinic`: a plausible slip
    (tmp_path / "my-clinic").mkdir()
    result = run("build", "my-clinic")
    assert_error(result)
    assert not list(tmp_path.glob("*.pdf"))


def test_build_selection_with_unknown_item_names_file_and_line(run, write, tmp_path):
    write("selection.yaml", """
        topic: back-spasms
        sections:
          - key-points
          - section: home-care
            items: [short-rest, icee]
        """)
    result = run("build", "selection.yaml", "-o", "s.pdf")
    assert_error(result, "Error: selection.yaml:5: sections.1.items.1: unknown item 'icee' in section 'home-care'; "
                         "did you mean 'ice-first'?")
    assert not (tmp_path / "s.pdf").exists()


def test_build_pick_unknown_item_suggests(run, tmp_path):
    result = run("build", "back-spasms", "--pick", "home-care=icee", "-o", "x.pdf")
    assert_error(result, startswith="Error: --pick home-care=icee: unknown item 'icee' in section 'home-care'; "
                                    "did you mean 'ice-first'?")
    assert "handouts show back-spasms" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_build_pick_unknown_section_suggests(run, tmp_path):
    result = run("build", "back-spasms", "--pick", "home-cares", "-o", "x.pdf")
    assert_error(result, startswith="Error: --pick home-cares: unknown section 'home-cares'; "
                                    "did you mean 'home-care'?")
    assert not (tmp_path / "x.pdf").exists()


def test_build_drop_required_emergency_item_points_to_remove_required(run, tmp_path):
    result = run("build", "back-spasms", "--drop", "warning-signs=after-injury", "-o", "x.pdf")
    assert_error(result, "Error: --drop warning-signs=after-injury: 'after-injury' is a required emergency sign; "
                         "to leave it out on purpose use --remove-required warning-signs=after-injury")
    assert "--remove-required" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_build_remove_required_of_an_ordinary_item(run, tmp_path):
    result = run("build", "back-spasms", "--remove-required", "warning-signs=fever", "-o", "x.pdf")
    assert_error(result, "Error: --remove-required warning-signs=fever: 'fever' is not a required sign; use --drop")
    assert not (tmp_path / "x.pdf").exists()


def test_build_remove_required_without_item(run, tmp_path):
    result = run("build", "back-spasms", "--remove-required", "warning-signs", "-o", "x.pdf")
    assert_error(result, "Error: --remove-required warning-signs: expected SECTION=item, got no item")


@pytest.mark.parametrize("value", ["2026-13-01", "24/11/2026", "tomorrow", "2026-02-30", ""])
def test_build_bad_date(run, tmp_path, value):
    result = run("build", "back-spasms", "--date", value, "-o", "x.pdf")
    assert_error(result, f"Error: --date: expected a date like 2026-11-24 or 'today', got '{value}'")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("output", ["handout.txt", "handout", "handout.pdf.bak"])
def test_build_output_not_ending_in_pdf(run, tmp_path, output):
    result = run("build", "back-spasms", "-o", output)
    assert_error(result, f"Error: -o {output}: expected a file name ending in .pdf")
    assert not (tmp_path / output).exists()


def test_build_output_in_missing_folder(run, tmp_path):
    result = run("build", "back-spasms", "-o", "nofolder/x.pdf")
    assert_error(result, "Error: folder 'nofolder' does not exist; create it or pick another output")
    assert not (tmp_path / "nofolder").exists()


def test_build_output_under_a_file(run, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("build", "back-spasms", "-o", "afile/x.pdf")
    assert_error(result, "Error: 'afile' is a file, not a folder; pick another output")


def test_build_output_that_is_a_folder(run, tmp_path):
    (tmp_path / "handouts").mkdir()
    result = run("build", "back-spasms", "-o", "handouts")
    assert_error(result, "Error: -o handouts: is a folder; expected a PDF file name such as handouts/handout.pdf")


def test_build_missing_brand_file(run, tmp_path):
    result = run("build", "back-spasms", "--brand", "nobrand.yaml", "-o", "x.pdf")
    assert_error(result, "Error: nobrand.yaml: no such file")
    assert not (tmp_path / "x.pdf").exists()


def test_build_missing_notes_file(run, tmp_path):
    result = run("build", "back-spasms", "--notes-file", "notes.txt", "-o", "x.pdf")
    assert_error(result, "Error: notes.txt: no such file")
    assert not (tmp_path / "x.pdf").exists()


def test_build_selection_with_yaml_syntax_error(run, write, tmp_path):
    write("selection.yaml", "topic: back-spasms\nsections:\n  - key-points\n - warning-signs\n")
    result = run("build", "selection.yaml", "-o", "x.pdf")
    assert_error(result, startswith="Error: selection.yaml:4: YAML syntax: ")
    assert not (tmp_path / "x.pdf").exists()


def test_build_selection_with_unknown_key_suggests(run, write):
    write("selection.yaml", "topic: back-spasms\nprofil: large\n")
    result = run("build", "selection.yaml", "-o", "x.pdf")
    assert_error(result, "Error: selection.yaml:2: profil: unknown key 'profil'; did you mean 'profile'?")


def test_usage_errors_have_no_traceback(run):
    # click's own usage errors (a bad choice): exit status 2 by click's convention
    result = run("build", "back-spasms", "--detail", "short")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: Invalid value for '--detail': 'short' is not one of 'full', 'brief'. (see 'handouts build --help')"]
    assert "Traceback" not in result.output


def test_errors_leave_no_temp_files_and_no_pdf(run, tmp_path):
    for args in (("--pick", "home-care=icee"), ("--date", "soon"), ("--brand", "none.yaml")):
        assert run("build", "back-spasms", *args, "-o", "x.pdf").exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- YAML's null words in a selection ------------------------------------------------------


def test_build_refuses_a_patient_named_null_unquoted(run, write, tmp_path):
    write("selection.yaml", "topic: back-spasms\npatient: Null\n")
    result = run("build", "selection.yaml", "-o", "x.pdf")
    assert_error(result, 'Error: selection.yaml:2: patient: expected text, got nothing '
                         '(YAML reads an unquoted Null that way); put it in quotes: "Null"')
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("written, printed", [('"Null"', "Null"), ("None", "None")])
def test_build_prints_a_patient_named_null_or_none(run, write, tmp_path, written, printed):
    from conftest import pdf_pages_text

    write("selection.yaml", f"topic: back-spasms\npatient: {written}\n")
    result = run("build", "selection.yaml", "-o", "x.pdf")
    assert result.exit_code == 0, result.stderr
    first_page = " ".join(pdf_pages_text(tmp_path / "x.pdf")[0].split())
    assert f"Prepared for {printed} on " in first_page, first_page
# --- exit status: one per kind of outcome -----------------------------------------------------

EXIT_CODES = ["0", "1", "2", "3", "130"]


@pytest.mark.parametrize("args, start, end", [
    (("build",), "Error: Missing argument 'TARGET'.", " (see 'handouts build --help')"),
    (("build", "back-spasms", "--nope"), "Error: No such option", " (see 'handouts build --help')"),
    (("build", "back-spasms", "--profile"), "Error: Option '--profile' requires an argument.", ""),
    (("show", "back-spasms", "extra"), "Error: Got unexpected extra argument (extra)", " (see 'handouts show --help')"),
    (("bulid", "back-spasms"), "Error: No such command 'bulid'.", " (see 'handouts --help')"),
], ids=["missing-argument", "unknown-option", "option-without-value", "extra-argument", "unknown-command"])
def test_usage_errors_exit_2_in_one_line(run, tmp_path, args, start, end):
    """Click words these (its wording changes between versions); the line and the status are ours."""
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(start) and lines[0].endswith(end or "."), lines
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_input_errors_exit_1_not_2(run, tmp_path):
    assert run("build", "bak-spasms").exit_code == 1  # a value click accepts, that the library refuses
    assert run("check", "nothere.yaml").exit_code == 1  # a file that is invalid or missing


def test_internal_error_exits_3_in_one_line(run, monkeypatch):
    """A bug is not a usage error: 3, so that 2 always means the command line was wrong."""
    from handouts import library

    def broken():
        raise RuntimeError("boom")

    monkeypatch.delenv("HANDOUTS_DEBUG", raising=False)
    monkeypatch.setattr(library, "topic_files", broken)
    result = run("list")
    assert result.exit_code == 3
    assert result.stderr == ("Error: internal error (RuntimeError: boom); please report it "
                             "(set HANDOUTS_DEBUG=1 for details)\n")


def test_interrupt_exits_130(run, monkeypatch):
    from handouts import library

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(library, "topic_files", interrupted)
    result = run("list")
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["", "Interrupted; no half-written file was left behind."]


def test_exit_statuses_are_documented_in_help_and_readme(run):
    help_text = run("--help").stdout
    block = help_text.split("Exit status:\n", 1)[1]
    assert re.findall(r"^\s+(\d+)\s+\S", block, re.M) == EXIT_CODES, block
    assert "usage error" in block and "internal error" in block and "interrupted" in block
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Exit status\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^- `(\d+)`", section, re.M) == EXIT_CODES, section
