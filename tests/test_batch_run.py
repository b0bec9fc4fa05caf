"""`handouts batch` as a library call: batch.run(plan, options) -> Summary, and what issue 11 fixed on the way.

The command-line behaviour is in test_batch.py; here: the problems the library
names by field (the CLI's words for them are its own), a failure with many
problems kept to one readable line, and a job's selection file named at its
own line.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from handouts.batch import Options, plan_manifest, run
from handouts.errors import InputError

EMOJI = "\U0001F9EA"  # TEST TUBE: no bundled font draws it


@pytest.fixture(autouse=True)
def _keep_sigterm_handler():
    """`batch` installs a SIGTERM handler in its own process; in-process runs must not leak it."""
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def manifest(write, jobs: str) -> Path:
    return write("m.yaml", "defaults:\n  topic: back-spasms\njobs:\n" + jobs)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


# --- the library call ----------------------------------------------------------------------------------


def test_run_builds_a_plan_and_returns_its_summary(write, tmp_path):
    plan = plan_manifest(manifest(write, "  - {patient: A Person, output: a.pdf}\n  - {detail: brief}\n"),
                         tmp_path / "out")
    summary = run(plan, Options(tmp_path / "out", workers=1, record=tmp_path / "rec.csv"))
    assert (summary.written, summary.failed, summary.problems) == (2, [], [])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["0002-back-spasms-en-brief.pdf", "a.pdf"]
    assert (tmp_path / "rec.csv").read_text(encoding="utf-8").count("\n") == 3


def test_run_names_its_options_by_field_not_by_option(write, tmp_path):
    (tmp_path / "taken").write_text("a file\n", encoding="utf-8")
    plan = plan_manifest(manifest(write, "  - patient: A Person\n"), tmp_path / "taken")
    with pytest.raises(InputError) as caught:
        run(plan, Options(tmp_path / "taken"))
    assert [(p.where, p.message) for p in caught.value.problems] == [("outdir", "is a file; expected a folder")]
    plan = plan_manifest(manifest(write, "  - {patient: A Person, output: a.pdf}\n"), tmp_path / "out")
    with pytest.raises(InputError) as caught:
        run(plan, Options(tmp_path / "out", combine=tmp_path / "out" / "a.pdf"))
    assert [(p.where, p.message) for p in caught.value.problems] == [
        ("combine", "a job writes that file too; pick another name")]


def test_a_record_that_cannot_be_written_is_kept_in_the_summary_beside_the_built_jobs(write, tmp_path):
    (tmp_path / "rec.csv").write_text("someone else's record\n", encoding="utf-8")
    plan = plan_manifest(manifest(write, "  - patient: A Person\n"), tmp_path / "out")
    summary = run(plan, Options(tmp_path / "out", workers=1, record=tmp_path / "rec.csv"))
    assert summary.written == 1
    assert [str(p) for p in summary.problems] == [
        f"'{tmp_path / 'rec.csv'}' already exists and differs; use --force to replace it, or pick another name"]
    assert (tmp_path / "rec.csv").read_text(encoding="utf-8") == "someone else's record\n"


def test_the_cli_prints_every_failure_and_the_summary_when_the_record_cannot_be_written(run, write, tmp_path):
    (tmp_path / "rec.csv").write_text("someone else's record\n", encoding="utf-8")
    manifest(write, f"  - {{patient: A Person, output: a.pdf}}\n  - {{notes: ['{EMOJI}'], output: b.pdf}}\n")
    result = run("batch", "m.yaml", "-d", "out", "-q", "-j", "1", "--record", "rec.csv")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: job 2 (b.pdf): m.yaml:5: jobs.1.notes.0: no bundled font can draw"), lines
    assert lines[1] == ("Error: 'rec.csv' already exists and differs; use --force to replace it, "
                        "or pick another name")
    assert lines[2].startswith("Built 1 handout(s), 1 failed, in "), lines


# --- issue 11's leftovers -------------------------------------------------------------------------------


def test_a_job_failing_with_many_problems_is_one_line_of_twenty_and_a_count(run, write):
    """Was: every problem joined with '; ' into one line as long as the problems were many."""
    notes = "".join(f"      - 'note {n} {EMOJI}'\n" for n in range(25))
    manifest(write, "  - output: a.pdf\n    notes:\n" + notes)
    result = run("batch", "m.yaml", "-d", "out", "-q", "-j", "1")
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith("Error: job 1 (a.pdf): m.yaml:6: jobs.0.notes.0: no bundled font can draw "), line
    assert line.count("no bundled font can draw") == 20
    assert line.endswith("; ... and 5 more problems"), line[-80:]


def test_a_jobs_selection_naming_an_unknown_topic_is_named_at_its_topic_line(run, write, tmp_path):
    """Was: at the manifest's job line, though the topic is the selection file's."""
    write("sel.yaml", "detail: brief\ntopic: back-spazms\n")
    write("m.yaml", "jobs:\n  - selection: sel.yaml\n")
    result = run("batch", "m.yaml", "-d", "out", "-q")
    assert result.exit_code == 1
    assert error_lines(result) == [
        "Error: job 1: sel.yaml:2: topic: unknown topic 'back-spazms'; did you mean 'back-spasms'? "
        "(topics: back-spasms, hip-osteoarthritis, knee-osteoarthritis)"]
    assert not (tmp_path / "out").exists()


def test_a_patient_list_may_set_size_and_colour_as_the_readme_says(run, write, tmp_path):
    """README: a patient list's columns include `profile` (or `size`, `colour`); they were kept as names only."""
    write("rows.csv", "name,size,colour\nA Person,large,\nB Person,,greyscale\n")
    result = run("batch", "--selection", "back-spasms", "--patients", "rows.csv", "-d", "out", "-q", "-j", "1",
                 "--output-template", "{n}-{size}-{colour}.pdf")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["1-large-colour.pdf", "2-standard-greyscale.pdf"]
