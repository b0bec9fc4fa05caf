"""Hostile input: what a clinic's options, files, images and folders can throw at the tool.

Most cases are data: ``tests/hostile/<category>.yaml``, each a list of cases. A case
runs one ``handouts`` command in a fresh temporary folder and expects one of two
outcomes:

- ``printed``: exit status 0, and the text appears *literally* in the PDF as
  poppler's ``pdftotext -raw`` reads it (whitespace runs count as one space), so
  markup-like text was printed, not interpreted; the PDF holds no link or action;
- ``error``: exit status 1 within a few seconds, exactly one ``Error: `` line on
  stderr (other lines only the command's own summary), naming the file and line
  or the option (``where``) and containing the expected words (``fragment``), no
  traceback, and no PDF written.

Every case, either way: no ``.handouts-*.tmp`` file is left anywhere in the
folder, no file named PWNED appears (the ReportLab code-execution markup), and
the command ends within ``seconds``.

Keys of a case:

  name        test id (``<category>/<name>``; text cases add ``[field]``)
  args        the command line after ``handouts``; ``{tmp}`` is the case's folder
  in, value   instead of args: the same ``value`` put in each listed field, one test
              per field (see FIELDS): note, patient, clinician, follow-up, notes-file,
              selection-note, clinic, footer, csv
  files       files made first: name -> text (UTF-8), or a mapping (see make_file)
  expect      printed | error
  text        (printed) what must appear; default: the value as the tool normalises
              it (NFC, tab -> space, CR dropped); a list for several
  wrapped     (printed) compare with all whitespace removed: a word longer than a
              line is split across lines
  pdf         (printed) the PDF to read; default out.pdf (csv: out/0001-back-spasms-en.pdf)
  outputs     (printed) every PDF the command may write; default [pdf]
  pages       (printed) at most this many pages
  logo        (printed) page 1 holds the logo, and it is not blank
  where       (error) what follows ``Error: `` at the start of the line: ``file:line: key: ``
              or the option; for text cases a field -> prefix mapping may override
              the field's own default
  fragment    (error) words the line must hold (a list for several)
  not_fragment (error) words it must not hold
  unchanged   files whose bytes must be the same afterwards
  absent      files that must not exist afterwards
  seconds     the most the command may take (default 10)
  subprocess  run ``python -m handouts`` in a child process, killed after ``seconds``:
              for what could hang or crash the interpreter
  note        why the case is there, or what it found (documentation only)

Cases that need code (signals, monkeypatching, permissions) are at the end of
this file.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import textwrap
import time
import unicodedata
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from handouts.cli import cli

HOSTILE = Path(__file__).resolve().parent / "hostile"
CATEGORIES = ("text", "yaml", "images", "files")
TEMP_GLOB = ".handouts-*.tmp"
SUMMARY_LINES = ("Checked ", "Built ", "Warning: ")  # lines a command prints besides its errors
CSV_PDF = "out/0001-back-spasms-en.pdf"
BRAND_CLINIC = "Riverside Physiotherapy"
# A handout has no links or actions; text that became one was read as markup.
ACTIVE_CONTENT = (b"/Annots", b"/URI", b"/JavaScript", b"/Launch", b"/OpenAction", b"/SubmitForm", b"/GoToR")


# --- the fields text reaches the page through -----------------------------------------------------


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back exactly (controls escaped)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ch == "\x85":
            out.append(f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# field -> (args, files, default pdf, default "where" of an error) for a value
FIELDS = {
    "note": lambda v: (["build", "back-spasms", "--note", v, "-o", "out.pdf"], {}, "out.pdf", "--note 1: "),
    "patient": lambda v: (["build", "back-spasms", "--patient", v, "-o", "out.pdf"], {}, "out.pdf", "--patient: "),
    "clinician": lambda v: (["build", "back-spasms", "--clinician", v, "-o", "out.pdf"], {}, "out.pdf",
                            "--clinician: "),
    "follow-up": lambda v: (["build", "back-spasms", "--follow-up", v, "-o", "out.pdf"], {}, "out.pdf",
                            "--follow-up: "),
    "notes-file": lambda v: (["build", "back-spasms", "--notes-file", "notes.txt", "-o", "out.pdf"],
                             {"notes.txt": v}, "out.pdf", "notes.txt:1: "),
    "selection-note": lambda v: (["build", "sel.yaml", "-o", "out.pdf"],
                                 {"sel.yaml": f"topic: back-spasms\nnotes:\n  - {yaml_quoted(v)}\n"},
                                 "out.pdf", "sel.yaml:3: notes.0: "),
    "clinic": lambda v: (["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"],
                         {"brand.yaml": f"clinic: {yaml_quoted(v)}\ncountry: US\n"}, "out.pdf",
                         "brand.yaml:1: clinic: "),
    "footer": lambda v: (["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"],
                         {"brand.yaml": f"clinic: {BRAND_CLINIC}\nfooter: {yaml_quoted(v)}\ncountry: US\n"}, "out.pdf",
                         "brand.yaml:2: footer: "),
    "csv": lambda v: (["batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "out", "-q", "-j", "1"],
                      {"p.csv": {"csv": [["name", "notes"], ["Ana Diaz", v]]}}, CSV_PDF,
                      "job 1 (0001-back-spasms-en.pdf): p.csv:2: notes.0: "),
}


# --- loading the tables ---------------------------------------------------------------------------


def load_cases() -> list:
    params = []
    for category in CATEGORIES:
        cases = yaml.safe_load((HOSTILE / f"{category}.yaml").read_text(encoding="utf-8"))
        for case in cases:
            if "in" in case:
                for field in case["in"]:
                    params.append(pytest.param(category, case, field, id=f"{category}/{case['name']}[{field}]"))
            else:
                params.append(pytest.param(category, case, None, id=f"{category}/{case['name']}"))
    return params


CASES = load_cases()


def expand(case: dict, field: str | None, tmp: Path) -> dict:
    """The case with the command, files and defaults of its field filled in."""
    case = dict(case)
    files = dict(case.get("files") or {})
    if field is not None:
        value = case["value"]
        if isinstance(value, dict):  # {parts: [{text, repeat}, ...]}: long text, generated
            value = "".join(part["text"] * int(part.get("repeat", 1)) for part in value["parts"])
        case["value"] = value
        args, field_files, pdf, where = FIELDS[field](value)
        files.update(field_files)
        case["args"] = args
        case.setdefault("pdf", pdf)
        wanted = case.get("where")
        case["where"] = wanted.get(field, where) if isinstance(wanted, dict) else (wanted or where)
        if "text" not in case:
            case["text"] = normalised(case["value"])
    case["files"] = files
    case["args"] = [str(a).replace("{tmp}", str(tmp)) for a in case["args"]]
    case.setdefault("pdf", "out.pdf")
    return case


def normalised(text: str) -> str:
    """What the tool prints for typed text: NFC, tab as space, no carriage returns."""
    return unicodedata.normalize("NFC", text).replace("\t", " ").replace("\r", "")


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# --- making input files ---------------------------------------------------------------------------


def make_file(path: Path, spec) -> None:
    """Create one input file. ``spec`` is text (UTF-8), or a mapping with one of:

    text (+ encoding: utf-8 | utf-8-sig | utf-16 | latin-1 ..., repeat: N)
    parts: [{text, repeat}, ...]   concatenated, then encoded as above
    csv: rows                      written with the csv module (quoting, line breaks)
    link: target                   a symbolic link
    folder: true                   a folder
    fifo: true                     a named pipe (nothing ever writes to it)
    size: N                        N zero bytes, sparse
    image: {...}                   an image made with Pillow (see make_image)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, str):
        path.write_bytes(spec.encode("utf-8"))
        return
    if "link" in spec:
        path.symlink_to(spec["link"])
    elif spec.get("folder"):
        path.mkdir()
    elif spec.get("fifo"):
        os.mkfifo(path)
    elif "size" in spec:
        with path.open("wb") as handle:
            handle.truncate(int(spec["size"]))
    elif "image" in spec:
        path.write_bytes(make_image(**spec["image"]))
    elif "csv" in spec:
        path.write_bytes(_csv_text(spec["csv"]).encode(spec.get("encoding", "utf-8")))
    else:
        parts = spec.get("parts") or [{"text": spec["text"], "repeat": spec.get("repeat", 1)}]
        text = "".join(part["text"] * int(part.get("repeat", 1)) for part in parts)
        path.write_bytes(text.encode(spec.get("encoding", "utf-8")))


def make_image(mode: str = "RGB", size=(200, 100), format: str = "PNG", color=None, frames: int = 1,
               claim=None, cut=None, damage=None) -> bytes:
    """An image made now with Pillow, optionally made hostile afterwards.

    claim: [w, h]        rewrite the header to claim these dimensions (a PNG's IHDR, CRC
                         fixed; a JPEG's SOF), so a small file says it is enormous
    cut: fraction        keep only this fraction of the bytes (truncated)
    damage: [at, n]      overwrite n bytes from offset ``at`` with 0x00 (corrupt)
    """
    from PIL import Image

    if color is None:
        color = {"RGB": (14, 94, 111), "RGBA": (14, 94, 111, 160), "CMYK": (90, 20, 0, 30), "L": 90,
                 "LA": (90, 200), "P": 5, "I;16": 30000, "1": 0}.get(mode, 0)
    images = [Image.new(mode, tuple(size), color)]
    for _ in range(1, frames):
        images.append(Image.new(mode, tuple(size), {"RGB": (200, 40, 0)}.get(mode, color)))
    buffer = io.BytesIO()
    extra = {"save_all": True, "append_images": images[1:]} if frames > 1 else {}
    images[0].save(buffer, format, **extra)
    data = buffer.getvalue()
    if claim:
        data = _claim_size(data, *claim)
    if cut:
        data = data[: int(len(data) * float(cut))]
    if damage:
        at, n = damage
        data = data[:at] + b"\x00" * n + data[at + n:]
    return data


def _claim_size(data: bytes, width: int, height: int) -> bytes:
    if data.startswith(b"\x89PNG"):
        ihdr = struct.pack(">II", width, height) + data[24:29]
        crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
        return data[:16] + ihdr + crc + data[33:]
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at < len(data):
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2: at + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):  # start of frame: precision, height, width
                return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9:]
            at += 2 + length
    raise ValueError("claim: expected a PNG or a JPEG")


# --- running a command ------------------------------------------------------------------------------


class Outcome:
    def __init__(self, code: int, stdout: str, stderr: str, seconds: float):
        self.code, self.stdout, self.stderr, self.seconds = code, stdout, stderr, seconds


def run_in_process(args: list[str], cwd: Path) -> Outcome:
    old = os.getcwd()
    os.chdir(cwd)
    start = time.monotonic()
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Outcome(result.exit_code, result.stdout, result.stderr, time.monotonic() - start)


def run_subprocess(args: list[str], cwd: Path, seconds: float) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_DEBUG"}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "handouts", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"`handouts {' '.join(args)[:200]}` was still running after {seconds} s (killed)")
    elapsed = time.monotonic() - start
    return Outcome(proc.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"), elapsed)


@pytest.fixture(autouse=True)
def _keep_sigterm_handler():
    """`batch` installs a SIGTERM handler in its own process; in-process runs must not leak it."""
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


def snapshot(root: Path) -> dict[Path, bytes | None]:
    """Every file under root, with its bytes (None for links, folders' contents listed)."""
    out = {}
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file():
            out[path] = None
        elif path.stat().st_size < 5_000_000:
            out[path] = path.read_bytes()
        else:
            out[path] = b"<big>"
    return out


def temp_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(TEMP_GLOB))


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler reads it, in content order, whitespace runs as one space."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout
    return squeeze(raw.decode("utf-8"))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def shown(text: str, limit: int = 160) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


# --- the table-driven test --------------------------------------------------------------------------


@pytest.mark.parametrize("category, case, field", CASES)
def test_hostile(category, case, field, tmp_path):
    work = tmp_path / "w"
    work.mkdir()
    case = expand(case, field, work)
    for name, spec in case["files"].items():
        make_file(work / name, spec)
    before = snapshot(work)
    seconds = float(case.get("seconds", 10))

    if case.get("subprocess"):
        outcome = run_subprocess(case["args"], work, seconds)
    else:
        outcome = run_in_process(case["args"], work)

    stderr_lines = outcome.stderr.splitlines()
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert outcome.seconds <= seconds, f"took {outcome.seconds:.1f} s; expected at most {seconds} s"
    assert temp_files(work) == [], "temporary files were left behind"
    assert not list(work.rglob("PWNED")), "text was run as code: a file named PWNED appeared"
    for name in as_list(case.get("unchanged")):
        assert before.get(work / name) is not None, f"{name}: not a file the case made"
        assert (work / name).read_bytes() == before[work / name], f"{name} was changed"
    for name in as_list(case.get("absent")):
        assert not (work / name).exists() and not (work / name).is_symlink(), f"{name} exists"
    new_pdfs = sorted(str(p.relative_to(work)) for p in work.rglob("*.pdf")
                      if p.is_file() and not p.is_symlink() and before.get(p) != p.read_bytes())

    if case["expect"] == "error":
        errors = [line for line in stderr_lines if line.startswith("Error: ")]
        assert outcome.code == 1, f"exit status {outcome.code}; expected 1. stderr: {outcome.stderr[-600:]}"
        assert len(errors) == 1, f"expected exactly one 'Error: ' line, got {len(errors)}: {outcome.stderr[-600:]}"
        others = [line for line in stderr_lines if not line.startswith(("Error: ",) + SUMMARY_LINES)]
        assert others == [], f"stderr lines that are neither an error nor a summary: {others}"
        line = errors[0]
        assert line.startswith("Error: " + case["where"]), (
            f"expected the error to start with {shown('Error: ' + case['where'])}, got {shown(line)}")
        for fragment in as_list(case.get("fragment")):
            assert fragment in line, f"expected {shown(fragment)} in {shown(line, 400)}"
        for fragment in as_list(case.get("not_fragment")):
            assert fragment not in line, f"did not expect {shown(fragment)} in {shown(line, 400)}"
        assert "internal error" not in line
        # A batch goes on past a job that fails while building: the others are written.
        assert new_pdfs == sorted(as_list(case.get("written"))), f"the failed command wrote {new_pdfs}"
        return

    assert case["expect"] == "printed", case["expect"]
    assert outcome.code == 0, f"exit status {outcome.code}; expected 0. stderr: {outcome.stderr[-600:]}"
    assert not [line for line in stderr_lines if line.startswith("Error: ")], outcome.stderr
    pdf = work / case["pdf"]
    outputs = sorted(as_list(case.get("outputs")) or [case["pdf"]])
    assert new_pdfs == outputs, f"expected the command to write {outputs}, it wrote {new_pdfs}"
    assert pdf.is_file() and not pdf.is_symlink(), f"{case['pdf']} is not a regular file"
    data = pdf.read_bytes()
    active = [key.decode() for key in ACTIVE_CONTENT if key in data]
    assert active == [], f"the PDF holds links or actions: {active}"
    printed = pdf_text(pdf)
    for text in as_list(case.get("text")):
        if case.get("wrapped"):
            assert re.sub(r"\s", "", text) in re.sub(r"\s", "", printed), (
                f"{shown(text)} is not in the PDF (whitespace ignored)")
        else:
            assert squeeze(text) in printed, f"{shown(squeeze(text))} is not in the PDF text: {shown(printed, 300)}"
    if "pages" in case:
        count = len(PdfReader(str(pdf)).pages)
        assert count <= case["pages"], f"{count} pages; expected at most {case['pages']}"
    if case.get("logo"):
        assert_logo_on_first_page(pdf)


def assert_logo_on_first_page(pdf: Path) -> None:
    images = PdfReader(str(pdf)).pages[0].images
    assert images, "page 1 has no image: the logo is missing"
    darkest, _ = images[0].image.convert("L").getextrema()
    assert darkest < 250, "the logo is blank (all white)"


# --- the tables themselves ----------------------------------------------------------------------------


def test_every_category_has_a_table_of_cases():
    for category in CATEGORIES:
        cases = yaml.safe_load((HOSTILE / f"{category}.yaml").read_text(encoding="utf-8"))
        assert isinstance(cases, list) and len(cases) >= 10, category


KEYS = {"name", "args", "in", "value", "files", "expect", "text", "wrapped", "pdf", "outputs", "pages", "logo",
        "where", "fragment", "not_fragment", "unchanged", "absent", "seconds", "subprocess", "note", "written"}


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_case_is_well_formed(category):
    cases = yaml.safe_load((HOSTILE / f"{category}.yaml").read_text(encoding="utf-8"))
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in cases:
        assert set(case) <= KEYS, (case["name"], set(case) - KEYS)
        assert case["expect"] in ("printed", "error"), case["name"]
        assert ("args" in case) != ("in" in case), f"{case['name']}: give args, or in + value"
        assert set(case.get("in", ())) <= set(FIELDS), case["name"]
        if case["expect"] == "error":
            assert "where" in case or "in" in case, f"{case['name']}: an error case says where"
            assert case.get("fragment"), f"{case['name']}: an error case names an expected fragment"
        elif "args" in case:
            assert case.get("text"), f"{case['name']}: a printed case names text to find"


def test_yaml_quoting_of_field_values_reads_back_exactly():
    for text in ["<b>", 'a"b\\c', "a\x00b\x07c\x1b", "\u202e\u200b\u2028\x85", "😀 \U000e0001", "tab\there"]:
        assert yaml.safe_load(f"k: {yaml_quoted(text)}")["k"] == text


def test_claimed_image_sizes_are_what_pillow_reads():
    from PIL import Image

    for fmt in ("PNG", "JPEG"):  # under Pillow's own bomb limit, so it opens without complaint
        data = make_image(format=fmt, claim=[12_000, 7_000])
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (12_000, 7_000)


# --- cases that need code ----------------------------------------------------------------------------


def _cli(tmp_path: Path, *args: str) -> Outcome:
    return run_in_process([str(a) for a in args], tmp_path)


def _one_error(outcome: Outcome) -> str:
    assert outcome.code == 1, (outcome.code, outcome.stderr)
    assert "Traceback" not in outcome.stderr
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, outcome.stderr
    return errors[0]


def test_symlink_at_the_output_is_replaced_and_its_target_never_written(tmp_path):
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_bytes(b"the clinic's own file\n")
    link = tmp_path / "out.pdf"
    link.symlink_to(target)

    refused = _cli(tmp_path, "build", "back-spasms", "--patient", "Ana Diaz", "-o", "out.pdf")
    assert "'out.pdf' already exists and differs; use --force" in _one_error(refused)
    assert link.is_symlink() and target.read_bytes() == b"the clinic's own file\n"

    forced = _cli(tmp_path, "build", "back-spasms", "--patient", "Ana Diaz", "-o", "out.pdf", "--force")
    assert forced.code == 0, forced.stderr
    assert not link.is_symlink() and link.read_bytes()[:5] == b"%PDF-"
    assert target.read_bytes() == b"the clinic's own file\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["precious.txt"]
    assert temp_files(tmp_path) == []
    assert "Ana Diaz" in pdf_text(link)


def test_symlink_to_a_device_at_the_output_is_replaced_not_written_through(tmp_path):
    (tmp_path / "out.pdf").symlink_to("/dev/null")
    outcome = _cli(tmp_path, "build", "back-spasms", "-o", "out.pdf", "--force")
    assert outcome.code == 0, outcome.stderr
    assert (tmp_path / "out.pdf").is_file() and not (tmp_path / "out.pdf").is_symlink()
    assert Path("/dev/null").is_char_device()


def test_symlinked_output_folder_inside_a_batch_never_writes_through_a_link_in_it(tmp_path):
    """A link named like a job's output points outside -d: refused, then replaced (never followed)."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "0001-back-spasms-en.pdf").symlink_to(outside)
    (tmp_path / "p.csv").write_text("name\nAna Diaz\n", encoding="utf-8")
    refused = _cli(tmp_path, "batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "out", "-q", "-j", "1")
    assert "already exists and differs" in _one_error(refused)
    forced = _cli(tmp_path, "batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "out", "-q", "-j", "1",
                  "--force")
    assert forced.code == 0, forced.stderr
    assert outside.read_bytes() == b"keep"
    assert not (out / "0001-back-spasms-en.pdf").is_symlink()


@contextlib.contextmanager
def _read_only_folder(tmp_path: Path):
    """A folder nobody may write in: mode 555, and for root (whom modes do not stop) the
    immutable attribute where chattr and the file system allow it; else the test is skipped."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if _writable(folder) and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        if _writable(folder):
            pytest.skip("cannot make a folder read-only for this user (root without chattr +i?)")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        folder.chmod(0o755)


def _writable(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


def test_read_only_output_folder_is_one_clean_error(tmp_path):
    with _read_only_folder(tmp_path) as folder:
        line = _one_error(_cli(tmp_path, "build", "back-spasms", "-o", "locked/out.pdf"))
        assert line.startswith("Error: cannot write in 'locked' ("), line
        assert list(folder.iterdir()) == []


def test_read_only_batch_folder_fails_each_job_cleanly(tmp_path):
    (tmp_path / "p.csv").write_text("name\nAna Diaz\n", encoding="utf-8")
    with _read_only_folder(tmp_path) as folder:
        outcome = _cli(tmp_path, "batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "locked", "-q",
                       "-j", "1")
        line = _one_error(outcome)
        assert line.startswith("Error: job 1 (0001-back-spasms-en.pdf): cannot write in 'locked' ("), line
        assert list(folder.iterdir()) == []


class _FullDisk:
    """A file object from os.fdopen whose writes fail as on a full disk."""

    def __init__(self, real):
        self.real = real

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()
        return False


def test_disk_full_is_one_clean_error_and_leaves_no_temp_file(tmp_path, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    line = _one_error(_cli(tmp_path, "build", "back-spasms", "-o", "out.pdf"))
    assert line == f"Error: cannot write 'out.pdf' ({os.strerror(errno.ENOSPC)})"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_disk_full_while_replacing_an_existing_handout_keeps_the_old_one(tmp_path, monkeypatch):
    (tmp_path / "out.pdf").write_bytes(b"(stand-in) the old handout")
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    line = _one_error(_cli(tmp_path, "build", "back-spasms", "-o", "out.pdf", "--force"))
    assert "No space left on device" in line or os.strerror(errno.ENOSPC) in line
    assert (tmp_path / "out.pdf").read_bytes() == b"(stand-in) the old handout"
    assert temp_files(tmp_path) == []


def test_disk_full_in_a_batch_fails_the_jobs_not_the_run(tmp_path, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real_fdopen(fd, *a, **k)))
    (tmp_path / "p.csv").write_text("name\nAna Diaz\n", encoding="utf-8")
    outcome = _cli(tmp_path, "batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "out", "-q", "-j", "1")
    line = _one_error(outcome)
    assert line.startswith("Error: job 1 (0001-back-spasms-en.pdf): cannot write 'out/0001-back-spasms-en.pdf' ("), line
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


def _file_size_limit(limit: int):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow
@pytest.mark.parametrize("command", ["build", "batch"])
def test_real_write_failure_in_a_child_process_is_one_clean_error(tmp_path, command):
    """A file-size limit makes the kernel refuse the write (EFBIG), as a full disk would (ENOSPC)."""
    pytest.importorskip("resource")
    (tmp_path / "p.csv").write_text("name\nAna Diaz\n", encoding="utf-8")
    args = (["build", "back-spasms", "-o", "out.pdf"] if command == "build" else
            ["batch", "--selection", "back-spasms", "--patients", "p.csv", "-d", "out", "-q", "-j", "1"])
    proc = subprocess.run([sys.executable, "-m", "handouts", *args], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, preexec_fn=_file_size_limit(4096))
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(errors) == 1 and "cannot write" in errors[0] and "(File too large)" in errors[0], proc.stderr
    assert list(tmp_path.rglob("*.pdf")) == [] and temp_files(tmp_path) == []


# A command whose write stops with the temp file written but not yet renamed (in fsync for
# build, in os.replace for batch, which skips fsync), so a signal lands mid-write.
SLOW_WRITE = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    marker, hook = Path(sys.argv[1]), sys.argv[2]
    def stall(*args, **kwargs):
        marker.write_text("writing")
        time.sleep(60)
    setattr(os, hook, stall)
    from handouts.cli import main
    sys.argv = ["handouts"] + sys.argv[3:]
    main()
""")


def _kill_mid_write(tmp_path: Path, signum: int, *args: str, hook: str = "fsync", folder: Path | None = None):
    marker = tmp_path / "writing.flag"
    folder = folder or tmp_path
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(marker), hook, *args], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), f"the command never reached its write: {proc.communicate(timeout=5)[1]}"
        assert len(list(folder.glob(TEMP_GLOB))) == 1, "the write in progress has no temp file"
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    marker.unlink()
    return proc.returncode, stderr


@pytest.mark.slow
def test_ctrl_c_mid_write_leaves_neither_the_pdf_nor_a_temp_file(tmp_path):
    code, stderr = _kill_mid_write(tmp_path, signal.SIGINT, "build", "back-spasms", "-o", "out.pdf")
    assert code == 130, stderr
    assert stderr.strip() == "Interrupted; no half-written file was left behind.", stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.slow
def test_kill_mid_write_leaves_neither_the_pdf_nor_a_temp_file(tmp_path):
    """`kill` (SIGTERM) is how a clinic's script or a shutdown stops a build."""
    code, stderr = _kill_mid_write(tmp_path, signal.SIGTERM, "build", "back-spasms", "-o", "out.pdf")
    assert "Traceback" not in stderr
    assert not (tmp_path / "out.pdf").exists()
    assert temp_files(tmp_path) == [], "a kill during the write left the temporary file behind"


@pytest.mark.slow
@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_batch_stopped_mid_write_leaves_neither_the_pdf_nor_a_temp_file(tmp_path, signame):
    (tmp_path / "p.csv").write_text("name\nAna Diaz\n", encoding="utf-8")
    code, stderr = _kill_mid_write(tmp_path, getattr(signal, signame), "batch", "--selection", "back-spasms",
                                   "--patients", "p.csv", "-d", "out", "-q", "-j", "1", hook="replace",
                                   folder=tmp_path / "out")
    assert code == 130, stderr
    assert "Traceback" not in stderr
    assert "no partial or temporary file was left" in stderr, stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []


@pytest.mark.slow
def test_sigkill_mid_write_never_leaves_a_partial_pdf(tmp_path):
    """SIGKILL cannot be caught: the temp file may stay, but the PDF is all or nothing."""
    (tmp_path / "out.pdf").write_bytes(b"(stand-in) the previous handout")
    code, _ = _kill_mid_write(tmp_path, signal.SIGKILL, "build", "back-spasms", "-o", "out.pdf", "--force")
    assert code == -signal.SIGKILL
    assert (tmp_path / "out.pdf").read_bytes() == b"(stand-in) the previous handout"
    for leftover in tmp_path.glob(TEMP_GLOB):  # hidden, and named for no patient
        assert leftover.name.startswith(".handouts-")
        leftover.unlink()
    again = _cli(tmp_path, "build", "back-spasms", "-o", "out.pdf", "--force")
    assert again.code == 0, again.stderr


@pytest.mark.slow
def test_a_fifo_as_every_input_is_refused_without_blocking(tmp_path):
    """Opening a named pipe nobody writes to blocks forever; each input must be refused first."""
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "pipe.csv")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.png")
    (tmp_path / "brand.yaml").write_text("clinic: Riverside Physiotherapy\nlogo: pipe.png\ncountry: US\n",
                                         encoding="utf-8")
    for args, where in [
        (["build", "pipe.yaml", "-o", "out.pdf"], "pipe.yaml: "),
        (["build", "back-spasms", "--brand", "pipe.yaml", "-o", "out.pdf"], "pipe.yaml: "),
        (["build", "back-spasms", "--notes-file", "pipe.txt", "-o", "out.pdf"], "pipe.txt: "),
        (["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"], "brand.yaml:2: logo 'pipe.png': "),
        (["batch", "--selection", "back-spasms", "--patients", "pipe.csv", "-d", "out"], "pipe.csv: "),
        (["batch", "pipe.yaml", "-d", "out"], "pipe.yaml: "),
        (["check", "pipe.yaml"], "pipe.yaml: "),
    ]:
        outcome = run_subprocess(args, tmp_path, 20)
        errors = [line for line in outcome.stderr.splitlines() if line.startswith("Error: ")]
        assert outcome.code == 1 and len(errors) == 1, (args, outcome.stderr)
        assert errors[0].startswith("Error: " + where), (args, errors[0])
    assert list(tmp_path.rglob("*.pdf")) == []


def test_markup_that_once_ran_code_in_reportlab_is_inert_in_every_field(tmp_path):
    """CVE-2023-33733: ReportLab evaluated `[[[...]]]` in colour attributes; here it is text."""
    payload = "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch PWNED')]]]\">x</font>"
    brand = f"clinic: {yaml_quoted(payload[:200])}\nfooter: {yaml_quoted(payload)}\ncountry: US\n"
    (tmp_path / "brand.yaml").write_text(brand, encoding="utf-8")
    outcome = _cli(tmp_path, "build", "back-spasms", "--brand", "brand.yaml", "--patient", payload[:80],
                   "--note", payload, "--follow-up", payload, "-o", "out.pdf")
    assert outcome.code == 0, outcome.stderr
    assert not (tmp_path / "PWNED").exists()
    assert pdf_text(tmp_path / "out.pdf").count(squeeze(payload)) >= 3
