"""`handouts batch`: manifests, matrices and patient lists, as a clinic runs them.

Every input is generated in tmp_path. In-process runs go through click's
CliRunner (the ``run`` fixture, cwd = tmp_path, stderr apart from stdout);
only the interrupt tests start a real process, so a real signal can reach it.
Messages the tool writes itself are checked word for word.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import signal
import string
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import EXAMPLES, TOPICS_LISTED, pdf_pages_text
from handouts import pool
from handouts.batch import MAX_NAME, plan_manifest, safe_name

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
RECORD_HEADER = "job,output,status,topic,language,version,selection_digest,profile,detail,page_size"
# primary at 1.5:1
SUNNY_BRAND = 'clinic: Sunny Clinic\ncolors:\n  primary: "#ffcc00"\n  accent: "#9c4a00"\ncountry: US\n'
SUNNY_WARNING = ("Warning: sunny/brand.yaml:3: colors.primary: expected a text colour with contrast of at least "
                 "4.5:1 on white, got #ffcc00 at 1.5:1; printing #8f7200 instead (set it to silence this)")
INTERRUPTED = "Interrupted: {} of {} handout(s) were written, each complete; no partial or temporary file was left."
EMOJI = "\U0001F9EA"  # TEST TUBE: no bundled font draws it
GLYPH_MESSAGE = f"no bundled font can draw '{EMOJI}' (U+1F9EA TEST TUBE); remove or replace it"


# --- helpers ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _keep_sigterm_handler():
    """`batch` installs a SIGTERM handler in its own process; in-process runs must not leak it."""
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def write_manifest(path: Path, jobs: list[dict], defaults: dict | None = None, extra: str = "") -> Path:
    """A manifest in plain block YAML; every value is quoted so YAML reads it as text."""
    lines = []
    defaults = {"topic": "back-spasms"} if defaults is None else defaults
    if defaults:
        lines.append("defaults:")
        lines += [f"  {key}: {_q(value)}" for key, value in defaults.items()]
    lines.append("jobs:")
    for job in jobs:
        first = True
        for key, value in job.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list):
                lines.append(f"{lead}{key}:")
                lines += [f"      - {_q(v)}" for v in value]
            else:
                lines.append(f"{lead}{key}: {_q(value)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _q(value) -> str:
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".pdf")


def tree(root: Path) -> set[Path]:
    """Every file (and symlink) under root."""
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".handouts-"))


def text_of(path: Path) -> str:
    return " ".join(" ".join(pdf_pages_text(path)).split())


def page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def summary_line(result) -> str:
    return result.stderr.rstrip("\n").splitlines()[-1]


def assert_clean(result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert "internal error" not in result.stderr, result.stderr


def assert_nothing_written(tmp_path: Path, before: set[Path], outdir: Path) -> None:
    assert not outdir.exists(), f"{outdir} was created although the batch was refused"
    assert tree(tmp_path) == before, sorted(map(str, tree(tmp_path) - before))


def names(n: int, prefix: str = "Ana") -> list[str]:
    """n distinct, printable patient names."""
    return [f"{prefix} Testperson{i:03d}" for i in range(n)]


# --- 1, 2, 3: sets that build -----------------------------------------------------


def test_manifest_of_200_jobs_builds_200_valid_pdfs(run, tmp_path):
    patients = names(200)
    jobs = [{"patient": p, "date": "2026-11-24", "output": f"handout-{i:03d}.pdf"} for i, p in enumerate(patients)]
    write_manifest(tmp_path / "set.yaml", jobs)

    result = run("batch", "set.yaml", "-d", "out", "-j", "2")

    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    assert error_lines(result) == []
    assert result.stdout == ""
    assert summary_line(result).startswith("Built 200 handout(s), 0 failed, in "), result.stderr
    out = tmp_path / "out"
    built = pdfs(out)
    assert [p.name for p in built] == [f"handout-{i:03d}.pdf" for i in range(200)]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in built]  # nothing else, no temp files
    for path in built:  # every file is a whole PDF
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path.name
    for i in (0, 1, 57, 142, 199):
        text = text_of(out / f"handout-{i:03d}.pdf")
        assert patients[i] in text, i
        assert "Call 911" in text, i
        others = {patients[j] for j in (0, 1, 57, 142, 199) if j != i}
        assert not any(other in text for other in others), f"job {i} holds another patient's name"


def test_patient_list_of_200_rows_with_output_template(run, tmp_path):
    patients = names(200, prefix="Ben")
    start = dt.date(2026, 1, 1)
    dates = [(start + dt.timedelta(days=i)).isoformat() for i in range(200)]
    write_csv(tmp_path / "rows.csv", ["name", "date", "notes"],
              [[p, d, f"Note for row {i}"] for i, (p, d) in enumerate(zip(patients, dates, strict=True))])

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv",
                 "--output-template", "{n}-{date}.pdf", "-d", "out", "-j", "2")

    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    assert summary_line(result).startswith("Built 200 handout(s), 0 failed, in "), result.stderr
    out = tmp_path / "out"
    expected = {f"{i + 1}-{d}.pdf" for i, d in enumerate(dates)}
    assert {p.name for p in pdfs(out)} == expected
    assert temp_files(out) == []
    for i in (0, 63, 128, 199):
        text = text_of(out / f"{i + 1}-{dates[i]}.pdf")
        assert patients[i] in text, i
        assert f"Note for row {i}" in text, i
        assert "Call 911" in text, i


def test_matrix_builds_every_combination_with_template_names(run, tmp_path):
    clinic = tmp_path / "clinic"
    shutil.copytree(EXAMPLES, clinic)
    (clinic / "matrix.yaml").write_text(
        "matrix:\n"
        "  selections: [first-visit.yaml, back-spasms]\n"
        "  profiles: [standard, large]\n"
        "  details: [full, brief]\n"
        '  output: "{selection}-{profile}-{detail}.pdf"\n', encoding="utf-8")

    result = run("batch", "clinic/matrix.yaml", "-d", "out", "-j", "2", "-q")

    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    assert summary_line(result).startswith("Built 8 handout(s), 0 failed, in "), result.stderr
    expected = sorted(f"{s}-{p}-{d}.pdf" for s in ("first-visit", "back-spasms")
                      for p in ("standard", "large") for d in ("full", "brief"))
    out = tmp_path / "out"
    assert [p.name for p in pdfs(out)] == expected
    # the saved selection brings its own brand; the bare topic id does not
    assert "Riverside Physiotherapy" in text_of(out / "first-visit-standard-full.pdf")
    assert "Riverside Physiotherapy" not in text_of(out / "back-spasms-standard-full.pdf")
    # large print takes more pages than standard, brief no more than full
    assert page_count(out / "back-spasms-large-full.pdf") > page_count(out / "back-spasms-standard-full.pdf")
    assert page_count(out / "back-spasms-standard-brief.pdf") <= page_count(out / "back-spasms-standard-full.pdf")


# --- 4: one bad job never stops the rest --------------------------------------------


def _bad_jobs_setup(tmp_path: Path) -> Path:
    (tmp_path / "bad-logo").mkdir()
    (tmp_path / "bad-logo" / "logo.png").write_text("this is text, not a PNG\n", encoding="utf-8")
    (tmp_path / "bad-logo" / "brand.yaml").write_text(
        "clinic: Text Logo Clinic\nlogo: logo.png\nphone: 555-0100\ncountry: US\n", encoding="utf-8")
    (tmp_path / "no-logo").mkdir()
    (tmp_path / "no-logo" / "brand.yaml").write_text(
        "clinic: Lost Logo Clinic\nlogo: gone.png\nphone: 555-0100\ncountry: US\n", encoding="utf-8")
    jobs = [
        {"patient": "Good One", "output": "good-1.pdf"},
        {"patient": "Bad Note", "notes": [f"Keep this {EMOJI} cold"], "output": "bad-note.pdf"},
        {"patient": "Good Two", "output": "good-2.pdf"},
        {"patient": "Bad Logo", "brand": "bad-logo/brand.yaml", "output": "bad-logo.pdf"},
        {"patient": "Lost Logo", "brand": "no-logo/brand.yaml", "output": "lost-logo.pdf"},
        {"patient": "Good Three", "output": "good-3.pdf"},
    ]
    return write_manifest(tmp_path / "mixed.yaml", jobs)


def test_bad_jobs_fail_alone_and_the_others_are_written(run, tmp_path):
    _bad_jobs_setup(tmp_path)

    result = run("batch", "mixed.yaml", "-d", "out", "-j", "2")

    assert result.exit_code == 1, result.stderr
    assert_clean(result)
    out = tmp_path / "out"
    assert [p.name for p in pdfs(out)] == ["good-1.pdf", "good-2.pdf", "good-3.pdf"]
    assert temp_files(out) == []
    errors = error_lines(result)
    assert len(errors) == 3, errors
    assert errors[0].startswith("Error: job 2 (bad-note.pdf): "), errors
    assert errors[0].endswith(GLYPH_MESSAGE), errors
    assert errors[1] == ("Error: job 4 (bad-logo.pdf): bad-logo/brand.yaml:2: logo 'bad-logo/logo.png': "
                         "expected a PNG or JPEG image, found something else")
    assert errors[2] == ("Error: job 5 (lost-logo.pdf): no-logo/brand.yaml:2: logo 'no-logo/gone.png': "
                         "no such file; check the path (it is relative to the brand file)")
    assert summary_line(result).startswith("Built 3 handout(s), 3 failed, in "), result.stderr
    assert "Good Two" in text_of(out / "good-2.pdf")


def test_a_bad_job_is_reported_at_its_manifest_line_not_the_command_line(run, tmp_path):
    """README: every error names the file and line. The note was written in the manifest."""
    _bad_jobs_setup(tmp_path)

    result = run("batch", "mixed.yaml", "-d", "out", "-j", "2", "-q")

    line = next(line for line in error_lines(result) if line.startswith("Error: job 2 ("))
    assert "command line" not in line, line
    assert "mixed.yaml:" in line, line


def test_bad_job_with_one_worker_too(run, tmp_path):
    """-j 1 builds in the parent process: the same isolation of a bad job."""
    write_manifest(tmp_path / "m.yaml", [
        {"patient": "A Person", "notes": [EMOJI]},
        {"patient": "B Person"},
    ])

    result = run("batch", "m.yaml", "-d", "out", "-j", "1")

    assert result.exit_code == 1
    assert_clean(result)
    assert [p.name for p in pdfs(tmp_path / "out")] == ["0002-back-spasms-en.pdf"]
    errors = error_lines(result)
    assert len(errors) == 1 and errors[0].startswith("Error: job 1 (0001-back-spasms-en.pdf): "), errors


# --- 5: manifest errors: all reported, nothing written ---------------------------------


def test_unknown_key_in_manifest_is_reported_with_file_and_line(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}, {"pateint": "B Person"}])
    before = tree(tmp_path)

    result = run("batch", "m.yaml", "-d", "out")

    assert result.exit_code == 1
    assert_clean(result)
    assert error_lines(result) == [
        "Error: m.yaml:5: jobs.1.pateint: unknown key 'pateint'; did you mean 'patient'?"]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_every_job_problem_is_reported_before_anything_is_built(run, tmp_path):
    (tmp_path / "typo.yaml").write_text("topic: back-spasms\nprofil: large\n", encoding="utf-8")
    manifest = (
        "defaults:\n"                            # 1
        "  topic: back-spasms\n"                 # 2
        "jobs:\n"                                # 3
        "  - patient: Fine Person\n"             # 4
        "  - patient: Item Typo\n"               # 5
        "    sections:\n"                        # 6
        "      - section: home-care\n"           # 7
        "        items: [icee]\n"                # 8
        "  - topic: back-spazms\n"               # 9
        "  - selection: typo.yaml\n"             # 10
        "  - brand: missing-brand.yaml\n"        # 11
        "  - output: \"{profle}.pdf\"\n"         # 12
        "matrix:\n"                              # 13
        "  selections: [back-spasm]\n"           # 14
    )
    (tmp_path / "m.yaml").write_text(manifest, encoding="utf-8")
    before = tree(tmp_path)

    result = run("batch", "m.yaml", "-d", "out")

    assert result.exit_code == 1
    assert_clean(result)
    assert error_lines(result) == [
        "Error: job 2: m.yaml:8: jobs.1.sections.0.items.0: unknown item 'icee' in section 'home-care'; "
        "did you mean 'ice-first'?",
        "Error: job 3: m.yaml:9: unknown topic 'back-spazms'; did you mean 'back-spasms'? " + TOPICS_LISTED,
        "Error: job 4: typo.yaml:2: profil: unknown key 'profil'; did you mean 'profile'?",
        "Error: job 5: m.yaml:11: jobs.4: no brand file 'missing-brand.yaml'",
        "Error: job 6: m.yaml:12: jobs.5.output: output template '{profle}.pdf': unknown field '{profle}'; "
        "did you mean 'profile'? (fields: colour, detail, language, n, profile, selection, size, topic)",
        "Error: job 7: m.yaml:14: unknown topic 'back-spasm'; did you mean 'back-spasms'? " + TOPICS_LISTED,
    ]
    assert "Built" not in result.stderr
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_the_same_section_choices_are_checked_against_each_jobs_topic(run, tmp_path):
    # Checking remembers a selection file's choices once found good for a topic (a preset is checked on
    # every row), and only for that topic: the same file's choices are checked again for another.
    (tmp_path / "ice.yaml").write_text("sections:\n  - section: ice-or-heat\n", encoding="utf-8")
    manifest = (
        "jobs:\n"
        "  - {patient: One Person, topic: back-spasms, selection: ice.yaml}\n"
        "  - {patient: Two Person, topic: back-spasms, selection: ice.yaml}\n"
        "  - {patient: Three Person, topic: low-back-pain, selection: ice.yaml}\n"
        "  - {patient: Four Person, topic: back-spasms, selection: ice.yaml, output: four.pdf}\n"
    )
    (tmp_path / "m.yaml").write_text(manifest, encoding="utf-8")

    result = run("batch", "m.yaml", "-d", "out")

    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 3: ice.yaml:2: sections.0.section: unknown section 'ice-or-heat' in topic 'low-back-pain' "
        "(sections: causes, exercises, home-care, key-points, prevention, questions, recovery, symptoms, ...)",
    ]


def test_job_without_a_topic_is_reported(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}], defaults={})
    before = tree(tmp_path)

    result = run("batch", "m.yaml", "-d", "out")

    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 1: m.yaml:2: jobs.0: expected a topic: set 'topic' in defaults, the job or its selection"]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_bad_csv_row_is_reported_with_its_line(run, tmp_path):
    write_csv(tmp_path / "rows.csv", ["name", "date", "profile"], [
        ["A Person", "2026-11-24", "standard"],
        ["B Person", "2026-13-01", "standard"],
        ["C Person", "2026-11-24", "larg"],
    ])
    before = tree(tmp_path)

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out")

    assert result.exit_code == 1
    assert_clean(result)
    errors = error_lines(result)
    assert len(errors) == 2, errors
    assert errors[0].startswith("Error: job 2: rows.csv:3: date: "), errors
    assert errors[1].startswith("Error: job 3: rows.csv:4: profile: "), errors
    assert "did you mean 'large'?" in errors[1]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


# --- 6: two jobs, one file ---------------------------------------------------------------


def test_duplicate_outputs_are_refused_before_building(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [
        {"patient": "A Person", "output": "same.pdf"},   # line 4
        {"patient": "B Person", "output": "Other.pdf"},  # line 6
        {"patient": "C Person", "output": "same.pdf"},   # line 8
        {"patient": "D Person", "output": "other.PDF"},  # line 10: differs only in case
    ])
    before = tree(tmp_path)

    result = run("batch", "m.yaml", "-d", "out")

    assert result.exit_code == 1
    assert_clean(result)
    assert error_lines(result) == [
        "Error: job 3: m.yaml:9: jobs.2.output: would write 'same.pdf', as job 1 (m.yaml:5) does; "
        "give one of them another output name",
        "Error: job 4: m.yaml:11: jobs.3.output: would write 'other.pdf', as job 2 (m.yaml:7) does; "
        "give one of them another output name",
    ]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_duplicate_outputs_from_a_patient_list_differing_in_case(run, tmp_path):
    write_csv(tmp_path / "rows.csv", ["name", "output"], [["A Person", "visit.pdf"], ["B Person", "VISIT.pdf"]])
    before = tree(tmp_path)

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out")

    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 2: rows.csv:3: would write 'VISIT.pdf', as job 1 (rows.csv:2) does; "
        "give one of them another output name"]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_names_that_become_the_same_once_made_safe_clash(run, tmp_path):
    write_csv(tmp_path / "rows.csv", ["name", "output"], [["A Person", "../x.pdf"], ["B Person", "--x.pdf"]])
    before = tree(tmp_path)

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out")

    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 2: rows.csv:3: would write '--x.pdf', as job 1 (rows.csv:2) does; "
        "give one of them another output name"]
    assert_nothing_written(tmp_path, before, tmp_path / "out")


def test_duplicate_outputs_of_a_matrix_name_its_output_template(run, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "matrix:\n  selections: [back-spasms]\n  details: [full, brief]\n  output: \"same-{language}.pdf\"\n",
        encoding="utf-8")
    result = run("batch", "m.yaml", "-d", "out")
    assert error_lines(result) == [
        "Error: job 2: m.yaml:4: matrix.output: would write 'same-en.pdf', as job 1 (m.yaml:4) does; "
        "give one of them another output name"]


# --- 7: hostile names ------------------------------------------------------------------------


def _reserved(name: str) -> bool:
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return stem.lower() in RESERVED or stem.split(".")[0].lower() in RESERVED


def assert_names_safe(outdir: Path, tmp_path: Path, before: set[Path]) -> None:
    written = tree(tmp_path) - before
    assert written, "nothing was written"
    for path in written:
        assert path.parent.resolve() == outdir.resolve(), f"{path} is outside {outdir}"
        name = path.name
        assert not name.startswith("."), name
        assert not _reserved(name), name
        assert len(name) <= MAX_NAME, (len(name), name)
        assert name.endswith(".pdf"), name
        assert not any(ch in name for ch in '/\\:*?"<>|'), name
        assert not any(unicodedata.category(ch).startswith("C") for ch in name), repr(name)


HOSTILE = ["../x", "../../etc/passwd", "../../../escape.pdf", "/etc/x", "CON", "nul", "aux.txt", "LPT1.pdf",
           "", "   ", ".hidden", "..", "a" * 300, "bell\x07char", "tab\there", "new\nline",
           "back\\slash", "..\\..\\win.pdf", "colon:star*.pdf"]


def test_hostile_names_from_csv_output_column_stay_inside_outdir(run, tmp_path):
    outdir = tmp_path / "deep" / "er" / "out"
    hostile = HOSTILE + [str(tmp_path / "absolute-escape.pdf")]
    write_csv(tmp_path / "rows.csv", ["name", "output"], [[f"Person {i}", h] for i, h in enumerate(hostile)])
    before = tree(tmp_path)
    etc_x = Path("/etc/x").exists()

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", outdir, "-j", "2", "-q")

    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    assert len(pdfs(outdir)) == len(hostile)
    assert_names_safe(outdir, tmp_path, before)
    assert not (tmp_path / "absolute-escape.pdf").exists()
    assert Path("/etc/x").exists() == etc_x
    assert temp_files(outdir) == []
    assert not any(p.name.startswith(".") for p in outdir.iterdir())


def test_hostile_values_through_an_output_template_stay_inside_outdir(run, tmp_path):
    outdir = tmp_path / "a" / "b" / "out"
    values = ["../x", "../../etc/passwd", "/etc/x", "CON", "con", "Nul", ".hidden", "", "b" * 300, "x\\y"]
    write_csv(tmp_path / "rows.csv", ["name", "clinic_id"], [[f"Person {i}", v] for i, v in enumerate(values)])
    before = tree(tmp_path)

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", outdir,
                 "--output-template", "{clinic_id}", "-q")

    # 'CON' and 'con' make the same name on a case-insensitive disk: refused, nothing written
    assert result.exit_code == 1
    assert any("would write '_con.pdf', as job 4" in line for line in error_lines(result)), result.stderr
    assert_nothing_written(tmp_path, before, outdir)

    values.remove("con")
    write_csv(tmp_path / "rows.csv", ["name", "clinic_id"], [[f"Person {i}", v] for i, v in enumerate(values)])
    before = tree(tmp_path)
    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", outdir,
                 "--output-template", "{clinic_id}", "-q")

    assert result.exit_code == 0, result.stderr
    assert len(pdfs(outdir)) == len(values)
    assert_names_safe(outdir, tmp_path, before)
    assert "_CON.pdf" in {p.name for p in pdfs(outdir)}
    assert "handout-0007.pdf" in {p.name for p in pdfs(outdir)}  # the empty value


def test_nul_and_control_characters_in_manifest_outputs(run, tmp_path):
    (tmp_path / "m.yaml").write_text(
        "defaults: {topic: back-spasms}\n"
        "jobs:\n"
        '  - output: "a\\0b.pdf"\n'
        '  - output: "c\\x1fd.pdf"\n'
        '  - output: "e\\u202ef.pdf"\n'       # right-to-left override (format char)
        '  - output: "..\\\\..\\\\g.pdf"\n'
        '  - output: "{n}/../h.pdf"\n', encoding="utf-8")
    outdir = tmp_path / "x" / "out"
    before = tree(tmp_path)

    result = run("batch", "m.yaml", "-d", outdir, "-q")

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in pdfs(outdir)) == sorted(["a-b.pdf", "c-d.pdf", "e-f.pdf", "----g.pdf", "5---h.pdf"])
    assert_names_safe(outdir, tmp_path, before)


def test_a_long_non_ascii_name_fits_the_file_system(run, tmp_path):
    """120 characters can be 480 bytes; file systems allow 255 bytes per name."""
    write_csv(tmp_path / "rows.csv", ["name", "output"],
              [["A Person", "日本語" * 100], ["B Person", EMOJI * 200], ["C Person", "é" * 300]])

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out", "-q")

    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    built = pdfs(tmp_path / "out")
    assert len(built) == 3
    for path in built:
        assert len(path.name.encode("utf-8")) <= 255 and len(path.name) <= MAX_NAME


def test_a_symlink_in_outdir_is_never_followed(run, tmp_path):
    outside = tmp_path / "outside.txt"  # not a PDF: the suite checks every *.pdf it leaves
    outside.write_bytes(b"not yours to overwrite")
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "trap.pdf").symlink_to(outside)
    write_csv(tmp_path / "rows.csv", ["name", "output"], [["A Person", "trap.pdf"], ["B Person", "fine.pdf"]])

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out", "-q")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 1 (trap.pdf): 'out/trap.pdf' already exists and differs; use --force to replace it, "
        "or pick another name"]
    assert outside.read_bytes() == b"not yours to overwrite"

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out", "-q", "--force")
    assert result.exit_code == 0, result.stderr
    assert outside.read_bytes() == b"not yours to overwrite"
    assert not (outdir / "trap.pdf").is_symlink()
    assert "A Person" in text_of(outdir / "trap.pdf")


SAFE_NAMES = [
    ("ana.pdf", "ana.pdf"),
    ("ana", "ana.pdf"),
    ("Ana Diaz.PDF", "Ana Diaz.pdf"),
    ("x.pdf.pdf", "x.pdf.pdf"),
    ("../x", "--x.pdf"),
    ("../../etc/passwd", "----etc-passwd.pdf"),
    ("/etc/x", "-etc-x.pdf"),
    ("a\\b", "a-b.pdf"),
    ('a:b*c?d"e<f>g|h', "a-b-c-d-e-f-g-h.pdf"),
    ("CON", "_CON.pdf"),
    ("con.pdf", "_con.pdf"),
    ("nul", "_nul.pdf"),
    ("NUL.txt", "_NUL.txt.pdf"),
    ("com1.pdf", "_com1.pdf"),
    ("lpt9", "_lpt9.pdf"),
    ("aux", "_aux.pdf"),
    ("console.pdf", "console.pdf"),
    ("", "handout-0007.pdf"),
    ("   ", "handout-0007.pdf"),
    (".pdf", "pdf.pdf"),
    (".hidden", "hidden.pdf"),
    ("..", "-.pdf"),
    ("...", "-.pdf"),
    ("trailing.", "trailing.pdf"),
    (" spaced .pdf", "spaced.pdf"),
    ("a\x00b", "a-b.pdf"),
    ("a\x1fb.pdf", "a-b.pdf"),
    ("tab\tname", "tab-name.pdf"),
    ("a\u200bb", "a-b.pdf"),
    ("a\x7fb", "a-b.pdf"),  # DEL: ASCII, not printable
    ("caf\u00e9/x\u2028y", "caf\u00e9-x-y.pdf"),  # a separator and a line separator beside a letter that is not ASCII
    ("cafe\u0301.pdf", "caf\u00e9.pdf"),  # NFC
    ("a" * 300, "a" * (MAX_NAME - 4) + ".pdf"),
]


@pytest.mark.parametrize("wanted, expected", SAFE_NAMES, ids=[repr(w)[:30] for w, _ in SAFE_NAMES])
def test_safe_name_table(wanted, expected):
    assert safe_name(wanted, 7) == expected


def test_safe_name_numbers_the_default_with_the_job():
    assert safe_name("", 12) == "handout-0012.pdf"
    assert safe_name("", 12345) == "handout-12345.pdf"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400), st.integers(min_value=1, max_value=99999))
def test_safe_name_is_always_a_plain_pdf_name(wanted, number):
    name = safe_name(wanted, number)
    assert name.endswith(".pdf") and len(name) <= MAX_NAME
    assert not name.startswith(".") and not name[0].isspace()
    assert not any(ch in name for ch in '/\\:*?"<>|'), name
    assert not any(unicodedata.category(ch).startswith("C") for ch in name), repr(name)
    assert not _reserved(name), name
    assert Path(name).name == name and Path(name).parent == Path(".")


# --- 8: interrupts ---------------------------------------------------------------------------


def _as_at_a_terminal() -> None:
    """Ctrl-C not ignored, as at a terminal, even when the tests run in the background (which ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
@pytest.mark.parametrize("signame, whole_group",
                         [("SIGINT", False), ("SIGTERM", False), ("SIGINT", True), ("SIGTERM", True)],
                         ids=["SIGINT", "SIGTERM", "SIGINT-to-process-group", "SIGTERM-to-process-group"])
def test_interrupt_leaves_only_complete_pdfs(tmp_path, signame, whole_group):
    """Ctrl-C at a terminal reaches the whole process group; `kill` just the parent; a shutdown kills them all."""
    jobs = [{"patient": p, "date": "2026-11-24"} for p in names(400)]
    write_manifest(tmp_path / "BIG.yaml", jobs)
    out = tmp_path / "OUT"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("HANDOUTS_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "handouts", "batch", "BIG.yaml", "-d", "OUT", "-q", "-j", "2"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=whole_group, preexec_fn=_as_at_a_terminal)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if out.is_dir() and any(out.glob("*.pdf")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert any(out.glob("*.pdf")), "no PDF appeared within 30 s"
        sig = getattr(signal, signame)
        if whole_group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        # communicate() returns only when every worker has closed the pipes too
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    stderr = stderr.decode("utf-8", "replace")

    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert "Interrupted:" in stderr, stderr
    written = pdfs(out)
    assert 0 < len(written) < 400
    assert temp_files(out) == []
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in written]
    line = next(line for line in stderr.splitlines() if line.startswith("Interrupted:"))
    # the count is exact: a PDF renamed into place as the signal came is counted, whoever got the signal
    assert line == (f"Interrupted: {len(written)} of 400 handout(s) were written, each complete; "
                    "no partial or temporary file was left."), (line, len(written))
    qpdf = shutil.which("qpdf")
    for path in written:
        reader = PdfReader(str(path))
        assert len(reader.pages) == 2, path.name
        if qpdf:
            check = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
            assert check.returncode == 0, (path.name, check.stdout, check.stderr)


def _interrupt_after_writing(monkeypatch, output_name: str, signum: int | None = None) -> None:
    """The batch's writer, made to be interrupted just after it renamed ``output_name`` into place."""
    real = pool.write_atomic

    def write_then_interrupt(target, data, **options):
        written = real(target, data, **options)
        if Path(target).name == output_name:
            if signum is None:
                raise KeyboardInterrupt  # as the signal handler raises it, after the rename
            os.kill(os.getpid(), signum)
        return written

    monkeypatch.setattr(pool, "write_atomic", write_then_interrupt)


def test_interrupt_just_after_a_rename_counts_that_pdf(run, tmp_path, monkeypatch):
    """Building in this process (-j 1), Ctrl-C lands after job 2's PDF is in place, before its result."""
    _three_jobs(tmp_path)
    _interrupt_after_writing(monkeypatch, "b.pdf")

    result = run("batch", "m.yaml", "-d", "out", "-j", "1", "-q")

    assert result.exit_code == 130, result.stderr
    assert result.stderr == "\n" + INTERRUPTED.format(2, 3) + "\n"
    out = tmp_path / "out"
    assert [p.name for p in pdfs(out)] == ["a.pdf", "b.pdf"]
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pdf"]


def test_a_signal_while_the_parent_takes_a_result_loses_no_count(tmp_path):
    """With a pool, a signal arriving as the parent records a result: every PDF on disk is counted."""
    manifest = write_manifest(tmp_path / "m.yaml", [{"patient": p, "date": "2026-11-24"} for p in names(12)])
    out = tmp_path / "out"
    out.mkdir()
    plan = plan_manifest(manifest, out)
    sent = []
    handler = signal.getsignal(signal.SIGINT)

    def progress(result):
        if not sent:
            sent.append(result)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(pool.Interrupted) as stopped:
        pool.run(plan, 2, progress=progress)

    summary = stopped.value.summary
    written = pdfs(out)
    assert 0 < len(written) < 12  # the jobs never handed to a worker are not built
    assert summary.written == len(written)
    assert [r.output.name for r in summary.results if r.status == "built"] == [p.name for p in written]
    assert temp_files(out) == []
    assert signal.getsignal(signal.SIGINT) is handler  # the batch's own handler is gone


def test_a_batch_started_with_ctrl_c_ignored_keeps_ignoring_it(run, tmp_path, monkeypatch):
    """`nohup` or '&' in a script starts a program with SIGINT ignored; a batch must not undo that."""
    _three_jobs(tmp_path)
    _interrupt_after_writing(monkeypatch, "a.pdf", signal.SIGINT)
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = run("batch", "m.yaml", "-d", "out", "-j", "1", "-q")
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)

    assert result.exit_code == 0, result.stderr
    assert summary_line(result).startswith("Built 3 handout(s), 0 failed, in "), result.stderr
    assert [p.name for p in pdfs(tmp_path / "out")] == ["a.pdf", "b.pdf", "c.pdf"]


# --- 9: existing outputs ------------------------------------------------------------------------


def _three_jobs(tmp_path: Path, middle: str = "Bea Second") -> Path:
    return write_manifest(tmp_path / "m.yaml", [
        {"patient": "Ana First", "date": "2026-11-24", "output": "a.pdf"},
        {"patient": middle, "date": "2026-11-24", "output": "b.pdf"},
        {"patient": "Cy Third", "date": "2026-11-24", "output": "c.pdf"},
    ])


def test_rerun_is_unchanged_and_force_replaces_only_what_changed(run, tmp_path):
    _three_jobs(tmp_path)
    out = tmp_path / "out"
    first = run("batch", "m.yaml", "-d", "out", "-j", "2")
    assert first.exit_code == 0, first.stderr
    assert summary_line(first).startswith("Built 3 handout(s), 0 failed, in ")
    stamps = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in pdfs(out)}

    again = run("batch", "m.yaml", "-d", "out", "-j", "2")
    assert again.exit_code == 0, again.stderr
    assert summary_line(again).startswith("Built 3 handout(s) (3 unchanged), 0 failed, in "), again.stderr
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in pdfs(out)} == stamps

    _three_jobs(tmp_path, middle="Bea Changed")
    refused = run("batch", "m.yaml", "-d", "out", "-j", "2")
    assert refused.exit_code == 1
    assert_clean(refused)
    assert error_lines(refused) == [
        "Error: job 2 (b.pdf): 'out/b.pdf' already exists and differs; use --force to replace it, "
        "or pick another name"]
    assert summary_line(refused).startswith("Built 2 handout(s) (2 unchanged), 1 failed, in "), refused.stderr
    assert (out / "b.pdf").read_bytes() == stamps["b.pdf"][2]
    assert temp_files(out) == []

    forced = run("batch", "m.yaml", "-d", "out", "-j", "2", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert summary_line(forced).startswith("Built 3 handout(s) (2 unchanged), 0 failed, in "), forced.stderr
    assert "Bea Changed" in text_of(out / "b.pdf")
    assert "Bea Second" not in text_of(out / "b.pdf")
    assert (out / "a.pdf").read_bytes() == stamps["a.pdf"][2]
    assert (out / "c.pdf").read_bytes() == stamps["c.pdf"][2]


def test_identical_rerun_with_combine_and_record_succeeds(run, tmp_path):
    """Running the same command twice must not fail: nothing changed but the word 'unchanged'."""
    _three_jobs(tmp_path)
    args = ("batch", "m.yaml", "-d", "out", "-j", "2", "--combine", "all.pdf", "--record", "rec.csv")
    first = run(*args)
    assert first.exit_code == 0, first.stderr

    again = run(*args)

    assert error_lines(again) == [], again.stderr
    assert again.exit_code == 0
    assert summary_line(again).startswith("Built 3 handout(s) (3 unchanged), 0 failed, in "), again.stderr


# --- 10: combine and record -------------------------------------------------------------------------


def test_combine_holds_every_built_page_in_job_order(run, tmp_path):
    clinic = tmp_path / "clinic"
    shutil.copytree(EXAMPLES, clinic)
    (clinic / "m.yaml").write_text(
        "defaults:\n  topic: back-spasms\n"
        "jobs:\n"
        "  - {patient: Ana Combined, output: 1-ana.pdf, date: 2026-11-24}\n"
        "  - {selection: first-visit.yaml, profile: large, output: 2-large.pdf}\n"
        "  - {detail: brief, output: 3-brief.pdf}\n"
        "  - {selection: brief-large-print.yaml, output: 4-brief-large.pdf}\n", encoding="utf-8")

    result = run("batch", "clinic/m.yaml", "-d", "out", "-j", "2", "--combine", "all.pdf")

    assert result.exit_code == 0, result.stderr
    built = pdfs(tmp_path / "out")
    assert [p.name for p in built] == ["1-ana.pdf", "2-large.pdf", "3-brief.pdf", "4-brief-large.pdf"]
    counts = [page_count(p) for p in built]
    combined = PdfReader(str(tmp_path / "all.pdf"))
    assert len(combined.pages) == sum(counts)
    assert len(set(counts)) > 1  # the sum is a real check: the parts differ
    # in job order: the first handout's pages come first
    assert "Ana Combined" in combined.pages[0].extract_text()
    tops = [item for item in combined.outline if not isinstance(item, list)]  # lists: each part's own bookmarks
    assert [item.title for item in tops] == [p.stem for p in built]
    starts = [sum(counts[:i]) for i in range(len(counts))]
    assert [combined.get_destination_page_number(item) for item in tops] == starts


def test_combine_skips_a_failed_job(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [
        {"patient": "A Person", "output": "a.pdf"},
        {"patient": "B Person", "notes": [EMOJI], "output": "b.pdf"},
        {"patient": "C Person", "output": "c.pdf"},
    ])

    result = run("batch", "m.yaml", "-d", "out", "--combine", "all.pdf", "--record", "rec.csv")

    assert result.exit_code == 1
    built = pdfs(tmp_path / "out")
    assert [p.name for p in built] == ["a.pdf", "c.pdf"]
    assert len(PdfReader(str(tmp_path / "all.pdf")).pages) == sum(page_count(p) for p in built)
    rows = list(csv.DictReader((tmp_path / "rec.csv").open(encoding="utf-8")))
    assert [(r["job"], r["output"], r["status"]) for r in rows] == [
        ("1", "a.pdf", "written"), ("2", "b.pdf", "failed"), ("3", "c.pdf", "written")]


def test_record_has_a_row_per_job_and_names_only_when_asked(run, tmp_path):
    patients = names(6, prefix="Rec")
    rows = [[p, "2026-11-24", f"note {i}", "standard"] for i, p in enumerate(patients)]
    rows[5][3] = "large"  # another preset for the last row
    write_csv(tmp_path / "rows.csv", ["name", "date", "notes", "profile"], rows)

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out",
                 "-j", "2", "--record", "rec.csv")

    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "rec.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == RECORD_HEADER
    assert len(lines) == 1 + len(patients)
    assert not any(p in text for p in patients)
    records = list(csv.DictReader(text.splitlines()))
    assert [r["job"] for r in records] == [str(i) for i in range(1, 7)]
    assert [r["output"] for r in records] == [p.name for p in pdfs(tmp_path / "out")]
    assert {r["status"] for r in records} == {"written"}
    assert {(r["topic"], r["language"], r["version"], r["detail"]) for r in records} == {
        ("back-spasms", "en", "1.1.0", "full")}
    assert [r["profile"] for r in records] == ["standard"] * 5 + ["large"]
    digests = [r["selection_digest"] for r in records]
    assert len(set(digests[:5])) == 1, digests  # same preset, different patients, notes: same digest
    assert digests[5] != digests[0]
    assert all(len(d) == 12 and set(d) <= set(string.hexdigits) for d in digests)

    named = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out2",
                "-j", "2", "--record", "named.csv", "--record-names")
    assert named.exit_code == 0, named.stderr
    named_rows = list(csv.reader((tmp_path / "named.csv").read_text(encoding="utf-8").splitlines()))
    assert ",".join(named_rows[0]) == RECORD_HEADER + ",patient"
    assert [r[-1] for r in named_rows[1:]] == patients
    assert [r[6] for r in named_rows[1:]] == digests


# --- 11: the patient's name stays on the page -----------------------------------------------------


def test_patient_name_appears_nowhere_but_on_the_page(run, tmp_path):
    patient = "Zebulon Quixwell"
    write_csv(tmp_path / "rows.csv", ["name", "date", "notes"],
              [[patient, "2026-11-24", "Ice twice a day"], ["Other Person", "2026-11-24", ""]])

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out",
                 "-j", "2", "--record", "rec.csv", "--combine", "out/all.pdf")

    assert result.exit_code == 0, result.stderr
    needles = ("zebulon", "quixwell")
    for path in tree(tmp_path):
        assert not any(n in str(path.relative_to(tmp_path)).lower() for n in needles), path
    assert not any(n in (result.stdout + result.stderr).lower() for n in needles)
    assert not any(n in (tmp_path / "rec.csv").read_text(encoding="utf-8").lower() for n in needles)
    out = tmp_path / "out"
    own = next(p for p in pdfs(out) if p.name.startswith("0001-"))
    assert patient in text_of(own)  # it is on the page, so the checks below can fail
    for path in pdfs(out):
        reader = PdfReader(str(path))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values()).lower()
        assert not any(n in meta for n in needles), (path.name, reader.metadata)
        outline = " ".join(str(getattr(item, "title", item)) for item in reader.outline).lower()
        assert not any(n in outline for n in needles), (path.name, outline)


# --- 12: usage errors -----------------------------------------------------------------------------


def test_neither_manifest_nor_patients(run, tmp_path):
    result = run("batch", "-d", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: expected a MANIFEST, or --patients CSV with --selection PRESET (one of the two)"]
    assert not (tmp_path / "out").exists()


def test_both_manifest_and_patients(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}])
    write_csv(tmp_path / "rows.csv", ["name"], [["A Person"]])
    result = run("batch", "m.yaml", "--patients", "rows.csv", "--selection", "back-spasms", "-d", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: expected a MANIFEST, or --patients CSV with --selection PRESET (one of the two)"]
    assert not (tmp_path / "out").exists()


def test_patients_without_selection(run, tmp_path):
    write_csv(tmp_path / "rows.csv", ["name"], [["A Person"]])
    result = run("batch", "--patients", "rows.csv", "-d", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: --patients needs --selection PRESET (a selection file or a topic id)"]
    assert not (tmp_path / "out").exists()


def test_outdir_is_an_existing_file(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}])
    (tmp_path / "taken").write_text("a file\n", encoding="utf-8")
    result = run("batch", "m.yaml", "-d", "taken")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: -d taken: is a file; expected a folder"]
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file\n"


def test_outdir_is_required(run):
    result = run("batch", "m.yaml")
    assert result.exit_code == 2  # a usage error, as click users expect
    assert result.stderr.splitlines() == ["Error: Missing option '-d' / '--outdir'. (see 'handouts batch --help')"]


def test_bad_jobs_option_is_a_usage_error(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}])
    result = run("batch", "m.yaml", "-d", "out", "-j", "0")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Invalid value for '-j' / '--jobs': 0 "), lines
    assert lines[0].endswith(" (see 'handouts batch --help')"), lines
    assert not (tmp_path / "out").exists()


def test_missing_manifest_file(run, tmp_path):
    result = run("batch", "nothere.yaml", "-d", "out")
    assert result.exit_code == 1
    assert_clean(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "nothere.yaml" in lines[0], lines
    assert not (tmp_path / "out").exists()


# --- 13: check ------------------------------------------------------------------------------------


def test_check_accepts_a_valid_manifest(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}, {"detail": "brief"}],
                   extra="matrix:\n  selections: [back-spasms]\n  profiles: [standard, large]\n")
    result = run("check", "m.yaml")
    assert result.exit_code == 0, result.stderr
    assert "m.yaml: batch manifest with 4 job(s): ok" in result.stdout.splitlines()
    assert not any(p.suffix == ".pdf" for p in tree(tmp_path))


def test_check_reports_an_invalid_manifest(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}, {"topic": "back-spazms"}])
    result = run("check", "m.yaml")
    assert result.exit_code == 1
    assert "Error: job 2: m.yaml:5: unknown topic 'back-spazms'; did you mean 'back-spasms'? " + TOPICS_LISTED \
        in result.stderr.splitlines()
    assert "batch manifest" not in result.stdout


def _sunny(tmp_path: Path) -> None:
    (tmp_path / "sunny").mkdir()
    (tmp_path / "sunny" / "brand.yaml").write_text(SUNNY_BRAND, encoding="utf-8")
    (tmp_path / "sunny" / "visit.yaml").write_text("topic: back-spasms\nbrand: brand.yaml\n", encoding="utf-8")


def test_check_of_a_manifest_shows_its_brand_warning_once(run, tmp_path):
    _sunny(tmp_path)
    write_manifest(tmp_path / "m.yaml",
                   [{"patient": "A Person"}, {"selection": "sunny/visit.yaml"}, {"detail": "brief"}],
                   defaults={"topic": "back-spasms", "brand": "sunny/brand.yaml"})

    result = run("check", "m.yaml")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["m.yaml: batch manifest with 3 job(s): ok"]
    assert result.stderr.splitlines() == [SUNNY_WARNING, "Checked 1 file(s): 0 error(s), 1 warning(s): ok"]


def test_check_of_a_manifest_and_its_brand_warns_once(run, tmp_path):
    _sunny(tmp_path)
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person"}], defaults={"topic": "back-spasms",
                                                                          "brand": "sunny/brand.yaml"})

    result = run("check", "m.yaml", "sunny/brand.yaml")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [SUNNY_WARNING, "Checked 2 file(s): 0 error(s), 1 warning(s): ok"]


def test_check_reports_a_schema_error_in_a_manifest(run, tmp_path):
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person", "pateint": "typo"}])
    result = run("check", "m.yaml")
    assert result.exit_code == 1
    assert "Error: m.yaml:5: jobs.0.pateint: unknown key 'pateint'; did you mean 'patient'?" \
        in result.stderr.splitlines()


# --- 14: warnings are never dropped ----------------------------------------------------------------


def test_batch_prints_a_brand_warning_once_not_once_per_job(run, tmp_path):
    """As `build` does: a colour below 4.5:1 is printed darker, and the batch says so, once per brand."""
    _sunny(tmp_path)
    jobs = [{"patient": p, "date": "2026-11-24"} for p in names(4)] + [{"selection": "sunny/visit.yaml"}]
    write_manifest(tmp_path / "m.yaml", jobs, defaults={"topic": "back-spasms", "brand": "sunny/brand.yaml"})

    result = run("batch", "m.yaml", "-d", "out", "-j", "2", "-q")

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:-1] == [SUNNY_WARNING], lines
    assert lines[-1].startswith("Built 5 handout(s), 0 failed, in "), lines
    assert len(pdfs(tmp_path / "out")) == 5


def test_batch_warns_for_each_brand_that_needs_it(run, tmp_path):
    _sunny(tmp_path)
    (tmp_path / "pale").mkdir()
    (tmp_path / "pale" / "brand.yaml").write_text(
        'clinic: Pale Clinic\ncolors:\n  primary: "#1f4e79"\n  accent: "#ffcc00"\ncountry: US\n', encoding="utf-8")
    write_manifest(tmp_path / "m.yaml", [
        {"patient": "A Person", "brand": "sunny/brand.yaml"},
        {"patient": "B Person", "brand": "pale/brand.yaml"},
        {"patient": "C Person"},  # the built-in brand: nothing to warn about
        {"patient": "D Person", "brand": "sunny/brand.yaml"},
    ])

    result = run("batch", "m.yaml", "-d", "out", "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:-1] == [
        "Warning: pale/brand.yaml:4: colors.accent: expected a text colour with contrast of at least 4.5:1 on "
        "white, got #ffcc00 at 1.5:1; printing #8f7200 instead (set it to silence this)",
        SUNNY_WARNING,
    ]


def test_batch_of_a_patient_list_warns_for_its_brand_option(run, tmp_path):
    _sunny(tmp_path)
    write_csv(tmp_path / "rows.csv", ["name", "date"], [[p, "2026-11-24"] for p in names(3)])

    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "--brand", "sunny/brand.yaml",
                 "-d", "out", "-q")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:-1] == [SUNNY_WARNING]
    assert "Sunny Clinic" in text_of(pdfs(tmp_path / "out")[0])


def test_a_brand_warning_does_not_hide_a_failed_job(run, tmp_path):
    _sunny(tmp_path)
    write_manifest(tmp_path / "m.yaml", [{"patient": "A Person", "output": "a.pdf"},
                                          {"patient": "B Person", "notes": [EMOJI], "output": "b.pdf"}],
                   defaults={"topic": "back-spasms", "brand": "sunny/brand.yaml"})

    result = run("batch", "m.yaml", "-d", "out", "-q")

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == SUNNY_WARNING
    assert lines[1].startswith("Error: job 2 (b.pdf): ") and lines[1].endswith(GLYPH_MESSAGE), lines
    assert lines[2].startswith("Built 1 handout(s), 1 failed, in "), lines
    assert len(lines) == 3, lines
