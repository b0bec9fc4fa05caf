"""A patient list streams (issue 14): its rows are read as they are checked and built, never all held.

The plan keeps a count, the topics and brands, and a short hash per output
name; the rows themselves are read again from the file when they are built,
a few at a time, so the first PDF is written long before the last row is
read, and a list of 10,000 rows costs the parent no more than one of 1,000.
"""

from __future__ import annotations

import csv
import gc
import os
import signal
import tempfile
import tracemalloc
from pathlib import Path

import pytest

import handouts.batch as planner
from handouts import pool
from handouts.batch import Options, Plan, plan_patients, run
from handouts.errors import InputError
from handouts.output import TEMP_PREFIX

PRESET = str(Path(__file__).resolve().parents[1] / "content" / "examples" / "riverside" / "first-visit.yaml")


@pytest.fixture(autouse=True)
def _keep_sigterm_handler():
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def patient_list(path: Path, count: int, bad: dict[int, str] | None = None) -> Path:
    """``count`` rows; ``bad`` maps a row's number (1-based) to the date it is given instead."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "date", "notes"])
        for n in range(1, count + 1):
            writer.writerow([f"Patient {n}", (bad or {}).get(n, "2026-11-24"), "Ice twice a day." if n % 3 else ""])
    return path


class Counted:
    """The plan's rows, counting how many have been read so far."""

    def __init__(self, specs):
        self.specs, self.read = specs, 0

    def __iter__(self):
        for spec in self.specs:
            self.read += 1
            yield spec


def counted(plan: Plan) -> Counted:
    plan.specs = Counted(plan.specs)
    return plan.specs


def test_a_patient_list_plan_keeps_no_row(tmp_path):
    """The parent's memory after planning 10,000 rows is that of 1,000, give or take a hash per row."""
    small = patient_list(tmp_path / "small.csv", 1000)
    big = patient_list(tmp_path / "big.csv", 10000)
    plan_patients(small, PRESET, tmp_path / "out")  # content, brand and caches loaded once, before measuring
    kept = {}
    for name, path in (("small", small), ("big", big)):
        gc.collect()
        tracemalloc.start()
        plan = plan_patients(path, PRESET, tmp_path / "out")
        gc.collect()
        kept[name] = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        assert len(plan) == int(path.stem == "big") * 9000 + 1000
    # Kept: 8 bytes a row for its output name's hash, and pydantic-core's cache of recent strings (bounded,
    # 16,384 at most). A plan holding its rows kept 1.6-2.6 KB each: 15 MB or more here.
    grown = kept["big"] - kept["small"]
    assert grown < 3_000_000, f"{grown / 9000:.0f} bytes kept per row"


def test_the_first_pdf_is_written_before_the_last_row_is_read(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for workers in (1, 2):
        plan = plan_patients(patient_list(tmp_path / "rows.csv", 400), PRESET, out)
        rows = counted(plan)
        read_at_first: list[int] = []

        def progress(result, rows=rows, seen=read_at_first):
            if not seen:
                seen.append(rows.read)
                assert any(out.glob("*.pdf"))
                raise KeyboardInterrupt  # enough: stop the batch here

        with pytest.raises(pool.Interrupted):
            pool.run(plan, workers, progress=progress)
        assert read_at_first and read_at_first[0] <= 4 * workers + 2, (workers, read_at_first)
        assert [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)] == []
        for path in out.iterdir():
            path.unlink()


def test_order_summary_and_progress_are_those_of_the_rows(tmp_path):
    rows = patient_list(tmp_path / "rows.csv", 12)
    with rows.open("a", encoding="utf-8") as handle:
        handle.write("\n,,\n")  # a spreadsheet's blank lines at the end are no jobs
    plan = plan_patients(rows, PRESET, tmp_path / "out", template="{n}-{name}.pdf")
    first, again = list(plan), list(plan)
    assert [(j.number, j.source, j.output.name) for j in first] == [
        (n, f"{rows}:{n + 1}", f"{n}-Patient {n}.pdf") for n in range(1, 13)]
    assert [(j.number, j.source, j.output, j.request) for j in again] == [
        (j.number, j.source, j.output, j.request) for j in first]
    seen = []
    summary = run(plan, Options(tmp_path / "out", workers=2), progress=seen.append)
    assert len(seen) == len(plan) == 12
    assert [r.number for r in summary.results] == list(range(1, 13))
    assert sorted(r.number for r in seen) == list(range(1, 13))
    assert summary.line().startswith("Built 12 handout(s), 0 failed, in ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(j.output.name for j in first)


def test_a_bad_row_in_a_long_list_is_reported_at_its_line_and_nothing_is_written(run, tmp_path):
    patient_list(tmp_path / "rows.csv", 3000, bad={2500: "2026-13-01", 2999: "soon"})

    result = run("batch", "--selection", PRESET, "--patients", "rows.csv", "-d", "out", "-q")

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2, errors
    assert errors[0].startswith("Error: job 2500: rows.csv:2501: date: "), errors
    assert errors[1].startswith("Error: job 2999: rows.csv:3000: date: "), errors
    assert not (tmp_path / "out").exists()


def test_a_list_changed_after_it_was_checked_is_not_built(tmp_path):
    rows = patient_list(tmp_path / "rows.csv", 3)
    plan = plan_patients(rows, PRESET, tmp_path / "out")
    patient_list(rows, 4)  # rewritten: a new size (and a new file, as a spreadsheet saves it)
    os.utime(rows, ns=(1, 1))
    with pytest.raises(InputError) as caught:
        list(plan)
    assert [str(p) for p in caught.value.problems] == [f"{rows}: changed since the batch was checked; run it again"]
    rows.unlink()
    with pytest.raises(InputError) as caught:
        list(plan)
    assert [str(p) for p in caught.value.problems] == [f"{rows}: changed since the batch was checked; run it again"]


def test_an_interrupted_batch_removes_its_own_temp_files_and_no_other_runs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    fd, other = tempfile.mkstemp(dir=out, prefix=TEMP_PREFIX, suffix=".tmp")  # another batch, writing now
    os.close(fd)
    plan = plan_patients(patient_list(tmp_path / "rows.csv", 5), PRESET, out)
    real = pool.write_atomic
    left: list[str] = []

    def write_then_stop(target, data, tag="", **options):
        if Path(target).name.startswith("0003"):  # stopped halfway through writing job 3
            fd, temp = tempfile.mkstemp(dir=out, prefix=TEMP_PREFIX + tag, suffix=".tmp")
            os.write(fd, data[:100])
            os.close(fd)
            left.append(temp)
            raise KeyboardInterrupt
        return real(target, data, tag=tag, **options)

    monkeypatch.setattr(pool, "write_atomic", write_then_stop)
    with pytest.raises(pool.Interrupted) as stopped:
        pool.run(plan, 1)

    assert stopped.value.summary.written == 2
    assert left and not Path(left[0]).exists()
    assert Path(other).exists()  # not this run's: left for the run writing it
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".pdf") == [
        "0001-first-visit-en.pdf", "0002-first-visit-en.pdf"]


def test_a_worker_does_not_keep_the_layouts_of_the_handouts_it_has_built(tmp_path, monkeypatch):
    """A handout's layout is reference cycles; a long batch's worker collects them as it goes.

    Collection is switched off here, the worst that a command's sparse thresholds allow: without the
    worker's own collections, every document built would still be in memory at the end.
    """
    from reportlab.platypus.doctemplate import BaseDocTemplate

    monkeypatch.setattr(pool, "COLLECT_EVERY", 10)
    plan = plan_patients(patient_list(tmp_path / "rows.csv", 30), PRESET, tmp_path / "out")
    (tmp_path / "out").mkdir()
    pool.warm(plan)
    gc.unfreeze()
    gc.collect()
    gc.disable()
    try:
        for job in plan:
            assert pool.build_one(job, force=False).status == "built"
        alive = sum(isinstance(o, BaseDocTemplate) for o in gc.get_objects())
    finally:
        gc.enable()
    assert alive <= 10, f"{alive} documents of 30 built are still in memory"  # at most the last 10 jobs'


def mixed_list(path: Path, count: int, special: dict[int, dict[str, str]]) -> Path:
    """``count`` rows in English, with some columns of some rows (by number) set apart."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "date", "language", "output"])
        for n in range(1, count + 1):
            row = {"name": f"Patient {n}", "date": "2026-11-24", "language": "en", "output": "", **special.get(n, {})}
            writer.writerow([row["name"], row["date"], row["language"], row["output"]])
    return path


_SHARE = planner._check_share
_NOTED: dict[str, Path] = {}  # set before the processes fork, read in them


def _noted_share(plan, index, of):
    """The share function, noting the id of the process it runs in (found by name in a forked process)."""
    with _NOTED["pids"].open("a") as handle:
        handle.write(f"{os.getpid()}\n")
    if "changes" in _NOTED:
        os.utime(_NOTED["changes"], ns=(1, 1))  # saved again by a spreadsheet as the processes start
    return _SHARE(plan, index, of)


def shared_out(monkeypatch, tmp_path: Path, changes: Path | None = None) -> Path:
    """Every list checked on several processes however short it is; each process notes its id in a file."""
    monkeypatch.setitem(_NOTED, "pids", tmp_path / "pids")
    if changes:
        monkeypatch.setitem(_NOTED, "changes", changes)
    monkeypatch.setattr(planner, "CHECK_SHARE_BYTES", 1)
    monkeypatch.setattr(planner, "_check_share", _noted_share)
    return tmp_path / "pids"


@pytest.mark.parametrize("workers", [2, 3])
def test_a_list_checked_on_several_processes_is_planned_as_on_one(tmp_path, monkeypatch, workers):
    rows = mixed_list(tmp_path / "rows.csv", 40, {7: {"language": "es"}, 30: {"language": "es"}})
    alone = plan_patients(rows, PRESET, tmp_path / "out", workers=1)
    pids = shared_out(monkeypatch, tmp_path)

    shared = plan_patients(rows, PRESET, tmp_path / "out", workers=workers)

    found = pids.read_text().split()
    assert len(found) == workers and len(set(found)) == workers and str(os.getpid()) not in found
    assert len(shared) == len(alone) == 40
    assert (shared.topics, shared.brands, shared.languages) == (alone.topics, alone.brands, alone.languages)
    assert shared.topics == {("back-spasms", "en"), ("back-spasms", "es")}
    assert list(shared.languages.values()) == [["en", "es"]]
    assert list(shared._names) == list(alone._names)
    assert [(j.number, j.output) for j in shared] == [(j.number, j.output) for j in alone]


def test_a_list_checked_on_several_processes_reports_what_one_would_in_row_order(tmp_path, monkeypatch):
    """Bad rows in every share, and two names clashing across shares: the same lines, in the same order."""
    rows = mixed_list(tmp_path / "rows.csv", 30, {
        4: {"date": "soon"}, 5: {"language": "xx"}, 9: {"output": "same.pdf"}, 12: {"output": "Same.PDF"},
        13: {"output": "same.pdf"}, 21: {"date": "2026-02-30"}})
    with pytest.raises(InputError) as one:
        plan_patients(rows, PRESET, tmp_path / "out", workers=1)
    shared_out(monkeypatch, tmp_path)
    with pytest.raises(InputError) as two:
        plan_patients(rows, PRESET, tmp_path / "out", workers=2)

    lines = [str(p) for p in two.value.problems]
    assert lines == [str(p) for p in one.value.problems]
    assert [line.split(":")[0] for line in lines] == ["job 4", "job 5", "job 12", "job 13", "job 21"]
    assert lines[2] == (f"job 12: {rows}:13: would write 'Same.pdf', as job 9 ({rows}:10) does; "
                        "give one of them another output name")
    assert lines[3].startswith(f"job 13: {rows}:14: would write 'same.pdf', as job 9 ({rows}:10) does")


def test_a_list_that_changes_while_its_shares_are_checked_is_refused(tmp_path, monkeypatch):
    rows = mixed_list(tmp_path / "rows.csv", 10, {})
    shared_out(monkeypatch, tmp_path, changes=rows)
    with pytest.raises(InputError) as caught:
        plan_patients(rows, PRESET, tmp_path / "out", workers=2)
    assert [str(p) for p in caught.value.problems] == [f"{rows}: changed since the batch was checked; run it again"]


def test_a_presets_sections_checked_once_give_every_row_the_choices_a_full_check_gives(tmp_path):
    from handouts import check as check_module
    from handouts.check import check
    from handouts.models import Selection
    from handouts.request import merge
    from handouts.validate import validate

    rows = patient_list(tmp_path / "rows.csv", 3)
    plan = plan_patients(rows, PRESET, tmp_path / "out", workers=1)
    requests = [plan.request(spec) for spec in plan.specs]
    written = {id(merge(r).data["sections"]): merge(r).data["sections"] for r in requests}
    assert len(written) == 1  # one list, read once, in every row
    (listed,) = written.values()
    assert check_module._SECTIONS[id(listed)][0] is listed  # and validated once, then taken from there
    for request in requests:
        assert check(request, printing=False).selection == validate(merge(request).document(), Selection)


def test_a_presets_broken_sections_are_reported_at_every_row(tmp_path):
    preset = tmp_path / "preset.yaml"
    preset.write_text("topic: back-spasms\nsections:\n  - key-points\n  - section: Home_Care\n", encoding="utf-8")
    rows = patient_list(tmp_path / "rows.csv", 3)
    with pytest.raises(InputError) as caught:
        plan_patients(rows, str(preset), tmp_path / "out", workers=1)
    lines = [str(p) for p in caught.value.problems]
    assert [line.split(": ", 2)[:2] for line in lines] == [[f"job {n}", f"{preset}:4"] for n in (1, 2, 3)], lines
