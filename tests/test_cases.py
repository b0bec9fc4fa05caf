"""Data-driven tests: `handouts check` on every folder under tests/cases/.

Each case folder holds:

- its input files: every ``*.yaml`` / ``*.yml`` entry in the folder (a file, or
  a folder named like one) is passed to ``handouts check``, sorted by name;
- ``args`` (optional): the arguments to pass instead, one a line (e.g. a file
  that does not exist);
- ``expected.txt``: lines that must appear in stderr, in this order, each as a
  whole line. ``<any>`` in a line matches any text; it is used only where the
  wording is the YAML parser's, not ours, or around a name in the list of
  shipped topics, which grows with the library;
- ``stdout.txt`` (optional): lines that must appear in stdout, in this order;
- ``exit``: the expected exit status.

The inputs are copied to a temporary folder and checked from there, so the
names in messages are the bare file names and nothing is written to the
repository. Files that are not UTF-8 are committed as bytes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
META = {"expected.txt", "stdout.txt", "exit", "args"}
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and p.name != "build")  # build/: test_build_cases.py


def arguments(case: Path) -> list[str]:
    args_file = case / "args"
    if args_file.exists():
        return [line for line in args_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(p.name for p in case.iterdir() if p.suffix in (".yaml", ".yml"))


def expected_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def matches(expected: str, line: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("<any>"))
    return re.fullmatch(pattern, line) is not None


def missing_in_order(expected: list[str], actual: list[str]) -> list[str]:
    """The expected lines not found in ``actual`` after the previous expected line."""
    missing, position = [], 0
    for want in expected:
        found = next((i for i in range(position, len(actual)) if matches(want, actual[i])), None)
        if found is None:
            missing.append(want)
        else:
            position = found + 1
    return missing


def copy_inputs(case: Path, target: Path) -> None:
    def meta_files(folder, names):
        return [n for n in names if n in META and Path(folder) == case]

    shutil.copytree(case, target, ignore=meta_files, dirs_exist_ok=True)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case, tmp_path, run):
    copy_inputs(case, tmp_path)  # `run` works in tmp_path
    result = run("check", *arguments(case))
    stderr = result.stderr.splitlines()
    assert missing_in_order(expected_lines(case / "expected.txt"), stderr) == [], result.stderr
    assert missing_in_order(expected_lines(case / "stdout.txt"), result.stdout.splitlines()) == [], result.stdout
    assert result.exit_code == int((case / "exit").read_text().strip()), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_folder_is_complete(case):
    assert (case / "exit").read_text().strip() in ("0", "1")
    assert expected_lines(case / "expected.txt"), "expected.txt is missing or empty"
    assert arguments(case), "no input files and no args"


def test_there_are_at_least_twenty_cases():
    assert len(CASE_DIRS) >= 20


def test_every_failing_case_prints_each_problem_as_an_error_line():
    """A case with exit 1 expects at least one 'Error: ' line, so it checks a message."""
    failing = [c for c in CASE_DIRS if (c / "exit").read_text().strip() == "1"]
    unchecked = [c.name for c in failing
                 if not any(line.startswith("Error: ") for line in expected_lines(c / "expected.txt"))]
    assert unchecked == []


@pytest.mark.parametrize(
    ("expected", "line", "result"),
    [
        ("Error: a.yaml:3: YAML syntax: <any>", "Error: a.yaml:3: YAML syntax: found x", True),
        ("Error: a.yaml:3: YAML syntax: <any>", "Error: a.yaml:4: YAML syntax: found x", False),
        ("Error: a (b) [c] ...", "Error: a (b) [c] ...", True),
        ("Error: a", "Error: ab", False),
    ],
)
def test_expected_line_matching(expected, line, result):
    assert matches(expected, line) is result


def test_expected_lines_must_come_in_order():
    assert missing_in_order(["b", "a"], ["a", "b"]) == ["a"]
