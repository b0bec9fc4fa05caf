"""Inputs that once ended in an internal error, each now a correct handout or one clear line.

Each test reproduced its crash before the fix (issue 10: "never crashes").
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, pdf_pages_text, poppler_text, topic_data
from handouts import library


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def assert_one_error(result) -> str:
    """The run failed with exactly one `Error:` line and no traceback or internal error; that line."""
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- a paragraph taller than what is left of a page ----------------------------------------------


def numbered_note(note: int, characters: int) -> tuple[str, list[str]]:
    """A note of about ``characters`` characters whose every word is numbered, and those words."""
    tokens = [f"n{note}w{number:03d}" for number in range(characters // 8)]
    return " ".join(tokens), tokens


@pytest.mark.parametrize("profile", ["standard", "large"])
@pytest.mark.parametrize("size", [430, 1990])
def test_long_notes_flow_across_pages_whole_and_in_order(run, tmp_path, profile, size):
    """Four notes of 430 characters in large print ended in `Para.__init__() got an unexpected
    keyword argument 'frags'`: ReportLab splits a paragraph by making its class again."""
    notes = [numbered_note(index, size) for index in range(4)]
    args = ["build", "back-spasms", "--profile", profile, "-o", "out.pdf"]
    for text, _ in notes:
        args += ["--note", text]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "out.pdf"
    expected = [token for _, tokens in notes for token in tokens]
    assert re.findall(r"n\dw\d{3}", poppler_text(pdf)) == expected
    pages = pdf_pages_text(pdf)
    assert [t for page in pages for t in re.findall(r"n\dw\d{3}", page)] == expected
    on_page = {t: number for number, page in enumerate(pages) for t in re.findall(r"n\dw\d{3}", page)}
    if size == 1990:  # a note this long cannot all fit below the others: one must be split
        assert any(on_page[tokens[0]] != on_page[tokens[-1]] for _, tokens in notes), on_page


def test_splitting_a_note_leaves_the_next_handout_with_it_unchanged(run, tmp_path):
    """Line breaking is memoised and shared within a process (a batch): ReportLab's split edits
    the lines it splits, which must not change how the same note prints in the next handout."""
    note = "Ice first.\n" + " ".join(f"n0w{number:03d}" for number in range(60))  # two lines: two fragments
    brief = ["build", "back-spasms", "--detail", "brief", "--profile", "large", "--note", note]
    alone = subprocess.run([sys.executable, "-m", "handouts", *brief, "-o", "alone.pdf"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert alone.returncode == 0, alone.stderr
    long_args = ["build", "back-spasms", "--profile", "large"]
    for _ in range(12):  # the same note many times: one is bound to cross a page
        long_args += ["--note", note]
    for attempt in range(2):
        assert run(*long_args, "-o", f"long{attempt}.pdf").exit_code == 0
    pages = pdf_pages_text(tmp_path / "long0.pdf")
    assert any(page.count("n0w000") != page.count("n0w059") for page in pages), "no note was split"
    assert run(*brief, "-o", "after.pdf").exit_code == 0
    assert (tmp_path / "after.pdf").read_bytes() == (tmp_path / "alone.pdf").read_bytes()


@pytest.fixture
def library_copy(tmp_path, monkeypatch):
    """The built-in library copied to tmp_path/content, used in place of the real one."""
    folder = tmp_path / "content" / "back-spasms"
    folder.mkdir(parents=True)
    for lang in ("en", "es"):
        (folder / f"{lang}.yaml").write_bytes((REPO / "content" / "back-spasms" / f"{lang}.yaml").read_bytes())
    shutil.copytree(REPO / "content" / "_shared", tmp_path / "content" / "_shared")  # what its refs name
    monkeypatch.setattr(library, "content_dir", lambda: tmp_path / "content")
    library.topic_files.cache_clear()
    yield folder
    library.topic_files.cache_clear()


@pytest.mark.parametrize("kind", ["text", "list"])
def test_a_long_item_flows_across_pages_in_large_print(run, tmp_path, library_copy, kind):
    path = library_copy / "en.yaml"
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = next(s for s in topic["sections"] if s["kind"] == kind)
    body, tokens = numbered_note(0, 1990)
    section["items"][0]["body"] = body
    path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("build", "back-spasms", "--profile", "large", "--pick", f"{section['id']}={section['items'][0]['id']}",
                 "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    pages = pdf_pages_text(tmp_path / "out.pdf")
    found = [(number, t) for number, page in enumerate(pages) for t in re.findall(r"n0w\d{3}", page)]
    assert [t for _, t in found] == tokens
    assert found[0][0] != found[-1][0], "the item fitted on one page: make it longer"


# --- a translation whose section changed kind ----------------------------------------------------

KINDS = ("text", "list", "summary", "checklist", "warnings", "table")


def as_kind(section: dict, kind: str) -> dict:
    """``section`` (of plain items) rewritten as a valid section of ``kind``, same ids."""
    out = {key: section[key] for key in ("id", "heading")} | {"kind": kind}
    plain = [{key: item[key] for key in ("id", "title", "summary", "body")} for item in section["items"]]
    if kind == "warnings":
        out["items"] = [item | {"tier": "urgent"} for item in plain]
    elif kind == "table":
        out["columns"] = ["What", "How"]
        out["items"] = [{"id": item["id"], "title": item["title"], "cells": [item["summary"]]} for item in plain]
    else:
        out["items"] = plain
    return out


def set_kind(path, section_id: str, kind: str) -> int:
    """Rewrite one section of a topic file as ``kind``; return the line its `kind:` is on."""
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = next(i for i, s in enumerate(topic["sections"]) if s["id"] == section_id)
    topic["sections"][index] = as_kind(topic["sections"][index], kind)
    path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.strip() == f"- id: {section_id}")
    return next(n for n, line in enumerate(lines, 1) if n > start and line.strip().startswith("kind:"))


@pytest.fixture
def translation(tmp_path):
    """content/back-spasms/{en,es}.yaml side by side in tmp_path, to break on purpose."""
    folder = tmp_path / "back-spasms"
    folder.mkdir()
    for lang in ("en", "es"):
        (folder / f"{lang}.yaml").write_bytes((REPO / "content" / "back-spasms" / f"{lang}.yaml").read_bytes())
    return folder


def test_a_list_that_became_warnings_in_the_translation_is_one_problem_at_its_line(run, translation):
    """Was `AttributeError: 'Item' object has no attribute 'tier'`."""
    line = set_kind(translation / "es.yaml", "symptoms", "warnings")
    result = run("check", "-q", translation / "es.yaml")
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert error_lines(result) == [
        f"Error: {translation / 'es.yaml'}:{line}: sections.2.kind: section 'symptoms': the kind changed "
        "('list' in en, 'warnings' in es); a translation keeps its source's kinds: set kind: list"]


@pytest.mark.parametrize("source_kind, translated_kind", list(itertools.permutations(KINDS, 2)))
def test_any_change_of_kind_in_a_translation_is_reported_not_a_crash(run, translation, source_kind, translated_kind):
    set_kind(translation / "en.yaml", "symptoms", source_kind)
    line = set_kind(translation / "es.yaml", "symptoms", translated_kind)
    result = run("check", "-q", translation / "es.yaml")
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    expected = (f"Error: {translation / 'es.yaml'}:{line}: sections.2.kind: section 'symptoms': the kind changed "
                f"('{source_kind}' in en, '{translated_kind}' in es)")
    assert [e for e in error_lines(result) if "sections.2.kind: " in e] == [
        expected + f"; a translation keeps its source's kinds: set kind: {source_kind}"], result.stderr


def test_a_warning_sign_with_another_tier_in_the_translation_is_still_reported(run, translation):
    path = translation / "es.yaml"
    topic = topic_data(path)
    signs = next(s for s in topic["sections"] if s["kind"] == "warnings")
    sign = next(item for item in signs["items"] if item["tier"] == "routine")
    sign["tier"] = "urgent"
    path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("check", "-q", path)
    assert result.exit_code == 1
    assert f"item '{sign['id']}': expected tier routine and required false as in en" in result.stderr


# --- input files the user may not read -----------------------------------------------------------
#
# Real permissions, not a simulated error: the command runs as a user other than the files'
# owner. Root reads everything, so as root it runs as `nobody` through setpriv.

NOBODY = 65534
DENIED = "cannot read the file (permission denied); check its permissions"
BRAND = "clinic: Riverside Physiotherapy\nlogo: logo.png\ncountry: US\n"
FONT_BRAND = "clinic: Riverside Physiotherapy\nfont:\n  regular: clinic.ttf\ncountry: US\n"


def _as_reader(args: list[str], cwd) -> subprocess.CompletedProcess:
    """`handouts ARGS` run by a user who is not root, in ``cwd``."""
    command = [sys.executable, "-m", "handouts", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: no user to whom a file can be unreadable")
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    env = {k: v for k, v in os.environ.items() if k != "HANDOUTS_DEBUG"}
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if os.geteuid() == 0 and "No module named handouts" in proc.stderr:
        pytest.skip("user nobody cannot read this Python installation")
    return proc


@pytest.fixture
def shared_folder():
    """A folder another user may enter (pytest's own temp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="handouts-perm-"))
    folder.chmod(0o777)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (14, 94, 111)).save(buffer, "PNG")
    return buffer.getvalue()


# name -> (files, what to lock (a file: mode 000; a folder: mode 000, so nothing in it can be
# reached), the command, the one error line expected)
UNREADABLE = {
    "selection": ({"sel.yaml": "topic: back-spasms\n"}, "sel.yaml",
                  ["build", "sel.yaml", "-o", "out.pdf"], f"Error: sel.yaml: {DENIED}"),
    "brand-of-a-selection": ({"sel.yaml": "topic: back-spasms\nbrand: brand.yaml\n", "brand.yaml": BRAND,
                              "logo.png": None}, "brand.yaml",
                             ["build", "sel.yaml", "-o", "out.pdf"], f"Error: brand.yaml: {DENIED}"),
    "logo": ({"brand.yaml": BRAND, "logo.png": None}, "logo.png",
             ["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"],
             f"Error: brand.yaml:2: logo 'logo.png': {DENIED}"),
    "logo-in-a-locked-folder": ({"brand.yaml": BRAND.replace("logo.png", "art/logo.png"), "art/logo.png": None},
                                "art", ["check", "brand.yaml"],
                                f"Error: brand.yaml:2: logo 'art/logo.png': {DENIED}"),
    "font": ({"brand.yaml": FONT_BRAND, "clinic.ttf": "font"}, "clinic.ttf",
             ["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"],
             f"Error: brand.yaml:3: font.regular: font 'clinic.ttf': {DENIED}"),
    "font-in-a-locked-folder": ({"brand.yaml": FONT_BRAND.replace("clinic.ttf", "type/clinic.ttf"),
                                 "type/clinic.ttf": "font"}, "type", ["check", "brand.yaml"],
                                f"Error: brand.yaml:3: font.regular: font 'type/clinic.ttf': {DENIED}"),
    "notes-file": ({"private/notes.txt": "Ice it.\n"}, "private",
                   ["build", "back-spasms", "--notes-file", "private/notes.txt", "-o", "out.pdf"],
                   f"Error: private/notes.txt: {DENIED}"),
    "patient-list": ({"private/p.csv": "name\nAna Diaz\n"}, "private",
                     ["batch", "--selection", "back-spasms", "--patients", "private/p.csv", "-d", "out"],
                     f"Error: private/p.csv: {DENIED}"),
    "manifest": ({"private/set.yaml": "jobs:\n  - topic: back-spasms\n"}, "private",
                 ["batch", "private/set.yaml", "-d", "out"], f"Error: private/set.yaml: {DENIED}"),
    "selection-of-a-manifest": ({"set.yaml": "jobs:\n  - selection: sel.yaml\n", "sel.yaml": "topic: back-spasms\n"},
                                "sel.yaml", ["batch", "set.yaml", "-d", "out"],
                                f"Error: job 1: sel.yaml: {DENIED}"),
    "file-in-a-checked-folder": ({"topics/sel.yaml": "topic: back-spasms\n"}, "topics/sel.yaml",
                                 ["check", "topics"], f"Error: topics/sel.yaml: {DENIED}"),
    # a file in a folder the user may not enter: even asking whether it is a folder fails
    "selection-in-a-locked-folder": ({"private/sel.yaml": "topic: back-spasms\n"}, "private",
                                     ["build", "private/sel.yaml", "-o", "out.pdf"],
                                     f"Error: private/sel.yaml: {DENIED}"),
    "checked-file-in-a-locked-folder": ({"private/sel.yaml": "topic: back-spasms\n"}, "private",
                                        ["check", "private/sel.yaml"], f"Error: private/sel.yaml: {DENIED}"),
    "brand-of-a-checked-selection-in-a-locked-folder": (
        {"sel.yaml": "topic: back-spasms\nbrand: private/brand.yaml\n", "private/brand.yaml": BRAND}, "private",
        ["check", "sel.yaml"], f"Error: sel.yaml:2: brand: brand file 'private/brand.yaml': {DENIED}"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_input_file_is_one_line_naming_it(shared_folder, case):
    files, locked, args, expected = UNREADABLE[case]
    for name, text in files.items():
        path = shared_folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o777)
        if name.endswith(".ttf"):
            path.write_bytes((REPO / "fonts" / "DejaVuSans.ttf").read_bytes())
        elif text is None:
            path.write_bytes(_png())
        else:
            path.write_text(text, encoding="utf-8")
        path.chmod(0o644)
    (shared_folder / locked).chmod(0)
    proc = _as_reader(args, shared_folder)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [expected], proc.stderr
    assert not list(shared_folder.rglob("*.pdf"))


# --- logos Pillow cannot decode ------------------------------------------------------------------


def _image(format: str, size=(300, 200)) -> bytes:
    """A photo-like image (noise compresses badly, so every part of the file holds pixels)."""
    from PIL import Image

    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format)
    return buffer.getvalue()


def _damaged(data: bytes) -> bytes:
    """``data`` with a run of bytes in its middle overwritten, as a bad copy would."""
    middle = len(data) // 2
    return data[:middle] + bytes(range(256)) * 4 + data[middle + 1024:]


DAMAGED = "the image is damaged or truncated (could not decode it as {}); export it again or use another file"
BAD_IMAGES = {
    "truncated-png": ("logo.png", lambda: _image("PNG")[: len(_image("PNG")) // 2], DAMAGED.format("PNG")),
    "truncated-jpeg": ("logo.jpg", lambda: _image("JPEG")[: len(_image("JPEG")) // 2], DAMAGED.format("JPEG")),
    "damaged-png": ("logo.png", lambda: _damaged(_image("PNG")), DAMAGED.format("PNG")),
    "damaged-jpeg": ("logo.jpg", lambda: _damaged(_image("JPEG")), DAMAGED.format("JPEG")),
    "garbage-named-png": ("logo.png", lambda: bytes(range(256)) * 16,
                          "expected a PNG or JPEG image, found something else"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_a_logo_pillow_cannot_decode_is_said_in_the_tools_words(run, tmp_path, case):
    name, make, message = BAD_IMAGES[case]
    (tmp_path / name).write_bytes(make())
    (tmp_path / "brand.yaml").write_text(f"clinic: Riverside Physiotherapy\nlogo: {name}\ncountry: US\n",
                                         encoding="utf-8")
    for args in (["build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf"], ["check", "brand.yaml"]):
        line = assert_one_error(run(*args))
        assert line == f"Error: brand.yaml:2: logo '{name}': {message}", line
    assert not (tmp_path / "out.pdf").exists()


# --- a photo-style logo turned by its EXIF orientation -------------------------------------------


def _turned_jpeg() -> bytes:
    """A JPEG stored 200 x 100 (wide), left half red, whose EXIF says: turn it 90 degrees clockwise
    to show it (orientation 6, as a phone camera writes), so upright it is 100 x 200 (tall)."""
    from PIL import Image

    image = Image.new("RGB", (200, 100), (255, 255, 255))
    image.paste((200, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def test_a_jpeg_logo_prints_upright_by_its_exif_orientation(run, tmp_path):
    (tmp_path / "logo.jpg").write_bytes(_turned_jpeg())
    (tmp_path / "brand.yaml").write_text("clinic: Riverside Physiotherapy\nlogo: logo.jpg\ncountry: US\n",
                                         encoding="utf-8")
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "out.pdf")
    assert result.exit_code == 0, result.stderr
    page = PdfReader(str(tmp_path / "out.pdf")).pages[0]
    images = page.images
    assert len(images) == 1, "expected the logo as the page's only image"
    xobject = images[0].indirect_reference.get_object()
    assert (xobject["/Width"], xobject["/Height"]) == (100, 200)
    drawn = images[0].image.convert("RGB")
    top, bottom = drawn.getpixel((50, 20)), drawn.getpixel((50, 180))
    assert top[0] > 150 and top[1] < 80, f"turned clockwise, the red half is on top; found {top} there"
    assert min(bottom) > 200, f"and the white half below; found {bottom} there"


def test_a_logo_with_damaged_exif_prints_without_pillows_warning(tmp_path):
    """Pillow warns on stderr, with its own file and line, about EXIF it cannot read all of;
    the picture is fine, and the orientation tag before the damage still counts."""
    data = bytearray(_turned_jpeg())
    at = data.index(b"Exif\x00\x00") + 6 + 8  # the TIFF header (8 bytes), then the count of tags
    data[at] = 0x40  # claims 16385 tags: far more than the block holds
    (tmp_path / "logo.jpg").write_bytes(bytes(data))
    (tmp_path / "brand.yaml").write_text("clinic: Riverside Physiotherapy\nlogo: logo.jpg\ncountry: US\n",
                                         encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("HANDOUTS_DEBUG", "PYTHONWARNINGS")}
    proc = subprocess.run([sys.executable, "-m", "handouts", "build", "back-spasms", "--brand", "brand.yaml",
                           "-o", "out.pdf"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == ["Wrote out.pdf"]
    xobject = PdfReader(str(tmp_path / "out.pdf")).pages[0].images[0].indirect_reference.get_object()
    assert (xobject["/Width"], xobject["/Height"]) == (100, 200)
