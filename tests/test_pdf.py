"""Real PDFs, read as a reader (and a PDF checker) sees them.

Each distinct handout is built once per module (``pdf`` fixture) and shared;
tests that need a fresh folder or a failing build use the ``run`` fixture.
Text comes from pypdf and poppler's pdftotext, sizes and fonts from the
content streams, expected words from the shipped YAML read with PyYAML.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject, StreamObject

from conftest import EXAMPLES, REPO, pdf_pages_text, poppler_text, topic_data
from handouts.cli import cli

TOPIC = topic_data(REPO / "content" / "back-spasms" / "en.yaml")
LOCALE = yaml.safe_load((REPO / "handouts" / "locales" / "en.yaml").read_text(encoding="utf-8"))
EXAMPLE_BRAND = yaml.safe_load((EXAMPLES / "brand.yaml").read_text(encoding="utf-8"))
WARNINGS = next(s for s in TOPIC["sections"] if s["kind"] == "warnings")
REQUIRED = [item for item in WARNINGS["items"] if item.get("required")]
EMERGENCY_HEAD = LOCALE["tier_emergency"].format(emergency="911")  # "Call 911 or go to ..."
PATIENT = "Zebulon Quixwell"
MARKUP = '<b>x</b> & <font name="x">'
DATE = "2026-11-24"

# Handouts every reader-level check (qpdf, pdftoppm) runs on.
VARIANTS = {
    "default": (),
    "brief": ("--detail", "brief"),
    "large": ("--profile", "large"),
    "greyscale": ("--profile", "greyscale"),
    "a4": ("--page-size", "a4"),
    "brief-large": ("--detail", "brief", "--profile", "large"),
    "patient": ("--patient", PATIENT, "--date", DATE, "--note", "Ice 3 times a day.",
                "--brand", str(EXAMPLES / "brand.yaml")),
    "markup": ("--patient", MARKUP, "--date", DATE, "--note", MARKUP, "--follow-up", MARKUP, "--clinician", MARKUP),
    "removed": ("--remove-required", "warning-signs=after-injury"),
    "example-brand": ("--brand", str(EXAMPLES / "brand.yaml")),
    "first-visit": (str(EXAMPLES / "first-visit.yaml"),),
    "brief-large-print": (str(EXAMPLES / "brief-large-print.yaml"),),
    "patient-example": (str(EXAMPLES / "patient-example.yaml"),),
}


def words(text: str) -> str:
    """Text with all runs of whitespace made one space (lines wrap anywhere)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """pdf(*args) -> path of `handouts build [back-spasms] *args`, built once per module."""
    folder = tmp_path_factory.mktemp("pdfs")
    built: dict[tuple, Path] = {}

    def get(*args: str) -> Path:
        args = tuple(str(a) for a in args)
        if args and args[0].endswith(".yaml"):
            target, options = args[0], args[1:]
        else:
            target, options = "back-spasms", args
        key = (target,) + options
        if key not in built:
            out = folder / f"handout-{len(built)}.pdf"
            result = CliRunner().invoke(cli, ["build", target, *options, "-o", str(out)], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            built[key] = out
        return built[key]

    return get


def variant(pdf, name: str) -> Path:
    return pdf(*VARIANTS[name])


# --- reading a PDF ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    page: int
    size: float  # points, as printed
    font: str
    text: str


def text_runs(path: Path) -> list[Run]:
    """Every piece of text drawn, with its page, printed size and font."""
    runs = []
    for number, page in enumerate(PdfReader(str(path)).pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                name = str(font.get("/BaseFont")) if font else "?"
                runs.append(Run(number, round(size * scale, 2), name, words(text)))

        page.extract_text(visitor_text=visit)
    return runs


def content_texts() -> list[str]:
    """Every piece of the topic's own text a handout may print."""
    out = [TOPIC["title"], TOPIC.get("subtitle", "")]
    for section in TOPIC["sections"]:
        out.append(section["heading"])
        out += section.get("columns", [])
        for item in section["items"]:
            out += [item.get("title", ""), item.get("summary", ""), item.get("body", "")]
            out += item.get("cells", [])
    return [words(t) for t in out if t]


def fonts(path: Path) -> dict[str, object]:
    """BaseFont -> font dictionary, for pages and the form XObjects they use."""
    found = {}

    def walk(resources, depth=0):
        if resources is None or depth > 10:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font.get("/BaseFont"))] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"), depth + 1)

    for page in PdfReader(str(path)).pages:
        walk(page.get("/Resources"))
    return found


def drawing_colours(path: Path) -> set[tuple[float, float, float]]:
    """Every RGB fill and stroke colour set in the pages' and forms' content streams."""
    reader = PdfReader(str(path))
    data = b""
    for page in reader.pages:
        data += page.get_contents().get_data()
        xobjects = page["/Resources"].get("/XObject") or {}
        for xobject in xobjects.values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                data += xobject.get_data()
    found = set()
    for r, g, b in re.findall(rb"(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", data):
        found.add((float(r), float(g), float(b)))
    return found


def has_colour(colours, hex_colour: str, tolerance: float = 0.003) -> bool:
    want = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return any(all(abs(a - b) <= tolerance for a, b in zip(colour, want, strict=True)) for colour in colours)


def contrast_on_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio, written out here independently of the code."""

    def lin(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return 1.05 / (lum + 0.05)


# --- pages and sizes ---------------------------------------------------------------------


def test_default_handout_is_two_letter_pages(pdf):
    reader = PdfReader(str(variant(pdf, "default")))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == [0, 0, 612, 792]


def test_brief_handout_is_one_page(pdf):
    assert len(PdfReader(str(variant(pdf, "brief"))).pages) == 1


def test_brief_large_print_is_two_pages_with_the_emergency_signs_on_page_one(pdf):
    # README: `--detail brief --profile large` is 18 pt on 2 pages
    reader = PdfReader(str(variant(pdf, "brief-large")))
    assert len(reader.pages) == 2
    assert "Call 911" in reader.pages[0].extract_text()


def test_a4_page_size(pdf):
    reader = PdfReader(str(variant(pdf, "a4")))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_page_footer_numbers_every_page(pdf):
    pages = pdf_pages_text(variant(pdf, "default"))
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" not in pages[0]
    assert "Page 2 of 2" in pages[1]


def _body_size(path: Path) -> float:
    """The size most of the text is printed at."""
    sizes: dict[float, int] = {}
    for run in text_runs(path):
        sizes[run.size] = sizes.get(run.size, 0) + len(run.text)
    return max(sizes, key=sizes.get)


def _item(section_id: str, item_id: str) -> dict:
    section = next(s for s in TOPIC["sections"] if s["id"] == section_id)
    return next(i for i in section["items"] if i["id"] == item_id)


@pytest.mark.parametrize("name, body, detail", [("default", 12.5, "body"), ("large", 18, "body"),
                                                ("brief-large", 18, "summary")])
def test_body_text_size(pdf, name, body, detail):
    path = variant(pdf, name)
    assert _body_size(path) == body
    runs = text_runs(path)
    # the words of one checklist step, and (full handouts) of a key point
    samples = [words(_item("home-care", "heat-after")[detail])]
    if detail == "body":
        samples.append(words(_item("key-points", "keep-moving")["summary"]))
    for sample in samples:
        hits = [r for r in runs if len(r.text) >= 12 and r.text in sample]
        assert hits, f"{sample!r} not found"
        assert all(r.size == body for r in hits), [(r.size, r.text) for r in hits]


@pytest.mark.parametrize("name, body", [("default", 12.5), ("large", 18)])
def test_no_topic_text_is_printed_below_body_size(pdf, name, body):
    """Only the footer and the header's contact lines may be small; the topic's words never are."""
    content = content_texts()
    small = [r for r in text_runs(variant(pdf, name)) if r.size < body - 0.01]
    offending = sorted({(r.size, r.text) for r in small if len(r.text) >= 8 and any(r.text in c for c in content)})
    assert not offending, f"topic text below {body} pt: {offending[:6]}"


@pytest.mark.parametrize("args", [
    ("--size", "large"),
    ("--size", "large", "--detail", "brief", "--colour", "greyscale"),
    ("--size", "large", "--lang", "es,en", "--page-size", "a4"),
    ("--size", "large", "--brand", str(EXAMPLES / "brand.yaml"), "--patient", PATIENT, "--date", DATE,
     "--note", "Walk every day.", "--follow-up", "In 2 weeks."),
    (str(EXAMPLES / "brief-large-print.yaml"),),
], ids=["full", "brief-greyscale", "bilingual-a4", "clinic-patient", "riverside-preset"])
def test_large_print_is_at_least_16_pt_everywhere_header_and_footer_included(pdf, args):
    runs = text_runs(pdf(*args))
    small = sorted({(round(r.size, 2), r.text) for r in runs if r.size < 16 - 0.01})
    assert runs and not small, f"large-print text under 16 pt: {small[:6]}"


# --- where things are ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "greyscale", "a4", "large", "brief", "patient", "example-brand",
                                  "first-visit", "brief-large-print", "patient-example"])
def test_warning_signs_are_on_page_one(pdf, name):
    pages = [words(t) for t in pdf_pages_text(variant(pdf, name))]
    assert EMERGENCY_HEAD in pages[0], f"'{EMERGENCY_HEAD}' is not on page 1 of {name}"
    for item in REQUIRED:
        assert item["title"] in pages[0], f"required sign {item['id']!r} is not on page 1 of {name}"


def test_section_headings_follow_the_selection_order(run, write, tmp_path):
    # warning signs first: the layout may move them up to page 1, which is not what is tested here
    order = ["warning-signs", "prevention", "key-points", "causes", "what-it-is", "home-care"]
    write("selection.yaml", "topic: back-spasms\nsections:\n" + "".join(f"  - {s}\n" for s in order))
    result = run("build", "selection.yaml", "-o", "ordered.pdf")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in poppler_text(tmp_path / "ordered.pdf").splitlines()]
    headings = {s["id"]: s["heading"] for s in TOPIC["sections"]}
    positions = []
    for section_id in order:
        found = [i for i, line in enumerate(lines) if line == headings[section_id]]
        assert len(found) == 1, f"heading {headings[section_id]!r} found {len(found)} times"
        positions.append(found[0])
    assert positions == sorted(positions), "headings are not in the selection's order"
    notes = lines.index(LOCALE["notes_heading"])
    assert notes > positions[-1]
    # sections not picked are not printed
    for section in TOPIC["sections"]:
        if section["id"] not in order:
            assert section["heading"] not in lines


def test_example_brand_clinic_and_phone_are_printed(pdf):
    pages = [words(t) for t in pdf_pages_text(variant(pdf, "example-brand"))]
    assert EXAMPLE_BRAND["clinic"] in pages[0]
    for page in pages:  # the footer repeats the contact details on every page
        assert EXAMPLE_BRAND["clinic"] in page
        assert EXAMPLE_BRAND["phone"] in page
    # the urgent tier names the clinic's number
    assert LOCALE["tier_urgent_phone"].format(phone=EXAMPLE_BRAND["phone"]) in pages[0]


def test_builtin_brand_leaves_a_line_for_the_phone_number(pdf):
    first = words(pdf_pages_text(variant(pdf, "default"))[0])
    assert LOCALE["clinic_phone"] + " ____" in first


def test_removed_required_sign_leaves_a_sentence(pdf):
    text = words(" ".join(pdf_pages_text(variant(pdf, "removed"))))
    removed = next(item for item in REQUIRED if item["id"] == "after-injury")
    sentence = LOCALE["removed_required"].format(count=1, titles=removed["title"])
    assert sentence in text
    assert text.count(removed["title"]) == 1, "the removed sign is still printed as a sign"
    for item in REQUIRED:
        if item is not removed:
            assert item["title"] in text


@pytest.mark.parametrize("how", ["drop-option", "selection-without-it"])
def test_required_signs_are_printed_even_when_their_section_is_left_out(run, write, tmp_path, how):
    if how == "drop-option":
        args = ("back-spasms", "--drop", "warning-signs")
    else:
        write("selection.yaml", "topic: back-spasms\nsections:\n  - key-points\n  - home-care\n")
        args = ("selection.yaml",)
    result = run("build", *args, "-o", "x.pdf")
    assert result.exit_code == 0, result.output
    pages = [words(t) for t in pdf_pages_text(tmp_path / "x.pdf")]
    assert EMERGENCY_HEAD in pages[0]
    for item in REQUIRED:
        assert item["title"] in pages[0]
    optional = [item for item in WARNINGS["items"] if not item.get("required")]
    assert not any(item["title"] in " ".join(pages) for item in optional)


# --- fonts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["default", "large", "patient", "markup"])
def test_all_fonts_are_embedded_and_subset(pdf, name):
    found = fonts(variant(pdf, name))
    assert found
    problems = []
    for base, font in found.items():
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            continue  # glyphs are drawn by the PDF itself
        descriptor_holder = font["/DescendantFonts"][0].get_object() if subtype == "/Type0" else font
        descriptor = descriptor_holder.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(key in descriptor for key in ("/FontFile2", "/FontFile", "/FontFile3")):
            problems.append(f"{base} ({subtype}) is not embedded")
        elif not re.fullmatch(r"/[A-Z]{6}\+.+", base):
            problems.append(f"{base} is embedded whole, not as a subset")
    assert not problems, problems


def test_fallback_font_is_embedded_for_characters_atkinson_lacks(run, tmp_path):
    # Greek is not in Atkinson Hyperlegible; the fallback face draws it
    result = run("build", "back-spasms", "--note", "Καλή ανάρρωση", "-o", "greek.pdf")
    assert result.exit_code == 0, result.output
    text = words(" ".join(pdf_pages_text(tmp_path / "greek.pdf")))
    assert "Καλή ανάρρωση" in text
    assert any("DejaVu" in base for base in fonts(tmp_path / "greek.pdf"))


# --- metadata and privacy -------------------------------------------------------------------


def test_metadata_title_author_and_language(pdf):
    reader = PdfReader(str(variant(pdf, "patient")))
    info = reader.metadata
    assert info.title == TOPIC["title"]
    assert info.author == EXAMPLE_BRAND["clinic"]
    assert reader.trailer["/Root"]["/Lang"] == TOPIC["language"]


def _non_content_objects(path: Path):
    """(id, text) of every object except the pages' content streams, streams decoded."""
    reader = PdfReader(str(path))
    content = set()
    for page in reader.pages:
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
        for ref in refs:
            if isinstance(ref, IndirectObject):
                content.add(ref.idnum)
    for idnum in range(1, int(reader.trailer["/Size"])):
        if idnum in content:
            continue
        try:
            obj = reader.get_object(idnum)
        except Exception:  # a free entry
            continue
        if obj is None:
            continue
        pieces = [repr(obj).encode("utf-8", "replace")]
        if isinstance(obj, StreamObject):
            try:
                pieces.append(obj.get_data())
            except Exception:
                pieces.append(obj._data)
        yield idnum, b"\n".join(pieces)
    yield "trailer", repr(reader.trailer).encode("utf-8", "replace")


def test_patient_name_is_page_text_only(pdf):
    path = variant(pdf, "patient")
    assert PATIENT in words(pdf_pages_text(path)[0])
    raw = path.read_bytes()
    for encoding in ("latin-1", "utf-16-be", "utf-16-le"):
        for part in (PATIENT, "Zebulon", "Quixwell"):
            assert part.encode(encoding) not in raw, f"{part!r} is in the raw file ({encoding})"
    info = PdfReader(str(path)).metadata
    assert not any("Zebulon" in str(v) or "Quixwell" in str(v) for v in info.values())
    objects = list(_non_content_objects(path))
    # the search sees metadata and decoded streams: the clinic (Author) and a font's name are found
    assert any(EXAMPLE_BRAND["clinic"].encode() in data for _, data in objects)
    assert any(b"AtkinsonHyperlegible" in data for _, data in objects)
    for where, data in objects:
        for part in ("Zebulon", "Quixwell"):
            for encoding in ("latin-1", "utf-16-be"):
                assert part.encode(encoding) not in data, f"{part!r} found in object {where}"


def test_patient_name_search_can_find_it_in_page_content(pdf):
    # The privacy check above must be able to fail: the name is in the page's own stream.
    reader = PdfReader(str(variant(pdf, "patient")))
    data = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert b"Zebulon" in data or "Zebulon".encode("utf-16-be") in data


# --- the same input gives the same bytes ----------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path):
    args = ["build", "back-spasms", "--patient", PATIENT, "--date", DATE, "--note", "Rest.",
            "--brand", str(EXAMPLES / "brand.yaml")]
    runner = CliRunner()
    assert runner.invoke(cli, args + ["-o", str(tmp_path / "a.pdf")], catch_exceptions=False).exit_code == 0
    # a different handout in between must not change the next one
    other = ["build", "back-spasms", "--profile", "large", "--note", "Καλή ανάρρωση", "-o", str(tmp_path / "o.pdf")]
    assert runner.invoke(cli, other, catch_exceptions=False).exit_code == 0
    assert runner.invoke(cli, args + ["-o", str(tmp_path / "b.pdf")], catch_exceptions=False).exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.slow
def test_build_in_a_fresh_process_gives_the_same_bytes(pdf, tmp_path):
    """Whatever each process's hash seed: nothing may follow a set's or a str-keyed hash's own order."""
    inside = variant(pdf, "patient")
    for seed in ("1", "2", "123"):  # a two-item set comes out both ways among these seeds
        out = tmp_path / f"fresh-{seed}.pdf"
        subprocess.run([sys.executable, "-m", "handouts", "build", "back-spasms", *VARIANTS["patient"], "-o", str(out)],
                       check=True, capture_output=True, cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.read_bytes() == inside.read_bytes(), f"PYTHONHASHSEED={seed}"


# --- text is text ----------------------------------------------------------------------------


def test_markup_like_text_prints_literally(pdf):
    pages = [words(t) for t in pdf_pages_text(variant(pdf, "markup"))]
    assert MARKUP in pages[0], "the patient's name"
    everything = " ".join(pages)
    assert everything.count(MARKUP) >= 4, "patient, note, follow-up and clinician"
    assert "Prepared for " + MARKUP in pages[0]


def test_markup_like_text_prints_literally_for_pdftotext(pdf):
    text = poppler_text(variant(pdf, "markup"))
    assert text.count(MARKUP) >= 3


@pytest.mark.parametrize("option, field", [("--note", "--note 1"), ("--patient", "--patient"),
                                           ("--follow-up", "--follow-up")])
def test_character_no_font_has_is_one_clear_error(run, tmp_path, option, field):
    result = run("build", "back-spasms", option, "Test \U0001F9EA tube", "-o", "x.pdf")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {field}: ")
    assert lines[0].endswith(": no bundled font can draw '\U0001F9EA' (U+1F9EA TEST TUBE); remove or replace it")
    assert not (tmp_path / "x.pdf").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_character_no_font_has_in_a_selection_names_file_and_line(run, write, tmp_path):
    # README: every error names the file and line; `check` does (selection.yaml:4: notes.1: ...)
    write("selection.yaml", 'topic: back-spasms\nnotes:\n  - "A first note."\n  - "Test \\U0001F9EA tube"\n')
    expected = ("Error: selection.yaml:4: notes.1: no bundled font can draw '\U0001F9EA' "
                "(U+1F9EA TEST TUBE); remove or replace it")
    checked = run("check", "selection.yaml")
    assert checked.stderr.splitlines()[0] == expected
    result = run("build", "selection.yaml", "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected]
    assert not (tmp_path / "x.pdf").exists()


# --- independent readers: qpdf and poppler ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_qpdf_check_passes(pdf, name):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed")
    result = subprocess.run(["qpdf", "--check", str(variant(pdf, name))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_pdftoppm_renders_every_page(pdf, name, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    path = variant(pdf, name)
    result = subprocess.run(["pdftoppm", "-r", "20", "-gray", str(path), str(tmp_path / "p")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    images = sorted(tmp_path.glob("p*.pgm"))
    assert len(images) == len(PdfReader(str(path)).pages)
    for image in images:
        low, high = Image.open(image).getextrema()
        assert low < 100 and high > 200, f"{image.name} looks blank"


# --- brands: bad inputs -------------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size in its IHDR chunk; its pixel data is cut short on purpose."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _good_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 60), (14, 94, 111)).save(out, "PNG")
    return out.getvalue()


def _make_logo(folder: Path, kind: str) -> str:
    """Write a bad logo of ``kind``; return the name the brand file gives."""
    if kind == "missing":
        return "logo.png"
    if kind == "folder":
        (folder / "logo.png").mkdir()
        return "logo.png"
    if kind == "text":
        (folder / "logo.png").write_text("This is a note, not an image.\n", encoding="utf-8")
        return "logo.png"
    if kind == "empty":
        (folder / "logo.png").write_bytes(b"")
        return "logo.png"
    if kind == "truncated":
        data = _good_png()
        (folder / "logo.png").write_bytes(data[: len(data) // 2])
        return "logo.png"
    if kind == "enormous":
        (folder / "logo.png").write_bytes(_png_header(100_000, 100_000))
        return "logo.png"
    if kind == "too-many-pixels":
        (folder / "logo.png").write_bytes(_png_header(6000, 5000))
        return "logo.png"
    if kind == "svg":
        (folder / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n',
            encoding="utf-8")
        return "logo.svg"
    if kind == "gif":
        from PIL import Image

        Image.new("RGB", (20, 10), (14, 94, 111)).save(folder / "logo.gif")
        return "logo.gif"
    raise AssertionError(kind)


# kind -> (message after "logo 'NAME': ", whether it must be exact or only start so)
BAD_LOGOS = {
    "missing": ("no such file; check the path (it is relative to the brand file)", True),
    "folder": ("expected an image file, found a folder or device", True),
    "text": ("expected a PNG or JPEG image, found ", False),
    "empty": ("the file is empty; expected a PNG or JPEG image", True),
    "truncated": ("the image is damaged or truncated (", False),
    "enormous": ("the image is 100000 x 100000 pixels; expected at most 25 megapixels, save a smaller copy", True),
    "too-many-pixels": ("the image is 6000 x 5000 pixels; expected at most 25 megapixels, save a smaller copy", True),
    "svg": ("expected a PNG or JPEG image, found ", False),
    "gif": ("expected a PNG or JPEG image, found GIF", True),
}


@pytest.mark.parametrize("kind", sorted(BAD_LOGOS))
def test_bad_logo_is_one_error_naming_brand_file_and_line(run, write, tmp_path, kind):
    name = _make_logo(tmp_path, kind)
    write("brand.yaml", f'clinic: Test Clinic\nlogo: {name}\ncolors:\n  primary: "#0e5e6f"\ncountry: US\n')
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "x.pdf")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    prefix = f"Error: brand.yaml:2: logo '{name}': "
    assert lines[0].startswith(prefix), lines[0]
    message, exact = BAD_LOGOS[kind]
    if exact:
        assert lines[0] == prefix + message
    else:
        assert lines[0].startswith(prefix + message), lines[0]
    assert not (tmp_path / "x.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".handouts-")]


@pytest.mark.parametrize("value, shown", [("teal", "'teal'"), ("#12345", "'#12345'"), ("#ggg", "'#ggg'")])
def test_colour_that_is_not_a_colour(run, write, tmp_path, value, shown):
    write("brand.yaml", f'clinic: Test Clinic\ncolors:\n  primary: "{value}"\ncountry: US\n')
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "x.pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: brand.yaml:3: colors.primary: expected a colour as '#rrggbb' (like '#1f4e79'), got {shown}"]
    assert not (tmp_path / "x.pdf").exists()


def test_low_contrast_colour_builds_with_a_warning_naming_the_darker_shade(run, write, tmp_path):
    write("brand.yaml", 'clinic: Test Clinic\ncolors:\n  primary: "#ffcc00"\ncountry: US\n')
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "x.pdf")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 1, result.stderr
    match = re.fullmatch(
        r"Warning: brand\.yaml:3: colors\.primary: expected a text colour with contrast of at least 4\.5:1 on "
        r"white, got #ffcc00 at 1\.\d:1; printing (#[0-9a-f]{6}) instead \(set it to silence this\)",
        warnings[0])
    assert match, warnings[0]
    shade = match.group(1)
    assert 4.5 <= contrast_on_white(shade) < 5.0, "the shade passes AA and is the nearest that does"
    # the same hue, darker: each channel scaled by about the same factor
    r, g, _ = (int(shade[i : i + 2], 16) for i in (1, 3, 5))
    assert abs(r / 255 - g / 204) < 0.02 and int(shade[5:7], 16) == 0
    colours = drawing_colours(tmp_path / "x.pdf")
    assert has_colour(colours, shade), "the darker shade is not used in the PDF"
    assert not has_colour(colours, "#ffcc00"), "the low-contrast colour is still printed"
    checked = run("check", "brand.yaml")
    assert checked.exit_code == 0
    assert warnings[0] in checked.stderr.splitlines()


# --- brands: logos that must work -----------------------------------------------------------------


def _write_logo(folder: Path, kind: str) -> tuple[str, tuple]:
    """Write a one-colour logo of ``kind``; return its file name and its RGB(A) as printed."""
    from PIL import Image

    name, colour, modes = _paint_logo(folder, kind)
    with Image.open(folder / name) as image:  # the file really is the kind its name says
        assert image.mode in modes, f"{kind}: wrote a {image.mode} image, meant {modes}"
    if kind == "grey-16bit-png":  # IHDR: bit depth 16, colour type 0 (grey); older Pillow reads it as "I"
        assert (folder / name).read_bytes()[24:26] == bytes([16, 0]), "not a 16-bit grey PNG"
    return name, colour


def _paint_logo(folder: Path, kind: str) -> tuple[str, tuple, tuple]:
    """Write the logo; return its file name, its RGB(A) as printed and the modes Pillow may read it back as."""
    from PIL import Image

    size = (120, 60)
    if kind == "rgba-png":
        Image.new("RGBA", size, (14, 94, 111, 200)).save(folder / "logo.png")
        return "logo.png", (14, 94, 111, 200), ("RGBA",)
    if kind == "palette-png":
        Image.new("RGB", size, (156, 74, 0)).convert("P", palette=Image.Palette.ADAPTIVE).save(folder / "logo.png")
        return "logo.png", (156, 74, 0), ("P",)
    if kind == "palette-png-transparent":
        image = Image.new("RGB", size, (156, 74, 0)).convert("P", palette=Image.Palette.ADAPTIVE)
        image.save(folder / "logo.png", transparency=255)  # an unused index: all opaque
        return "logo.png", (156, 74, 0), ("P",)
    if kind == "cmyk-jpeg":
        Image.new("CMYK", size, (200, 40, 20, 0)).save(folder / "logo.jpg", quality=95)
        return "logo.jpg", (255 - 200, 255 - 40, 255 - 20), ("CMYK",)  # no black: RGB = 255 - CMY
    if kind == "grey-png":
        Image.new("L", size, 100).save(folder / "logo.png")
        return "logo.png", (100, 100, 100), ("L",)
    if kind == "grey-alpha-png":
        Image.new("LA", size, (100, 255)).save(folder / "logo.png")
        return "logo.png", (100, 100, 100), ("LA",)
    if kind == "grey-16bit-png":
        Image.new("I;16", size, 32896).save(folder / "logo.png")  # 50% grey; Pillow writes I;16 as 16-bit grey
        return "logo.png", (128, 128, 128), ("I;16", "I")
    if kind == "rgb-jpeg":
        Image.new("RGB", size, (14, 94, 111)).save(folder / "logo.jpg", quality=95)
        return "logo.jpg", (14, 94, 111), ("RGB",)
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["rgba-png", "palette-png", "palette-png-transparent", "cmyk-jpeg", "grey-png",
                                  "grey-alpha-png", "grey-16bit-png", "rgb-jpeg"])
def test_logo_variants_print(run, write, tmp_path, kind):
    name, colour = _write_logo(tmp_path, kind)
    write("brand.yaml", f'clinic: Test Clinic\nlogo: {name}\ncolors:\n  primary: "#0e5e6f"\ncountry: US\n')
    result = run("build", "back-spasms", "--brand", "brand.yaml", "-o", "x.pdf")
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    images = PdfReader(str(tmp_path / "x.pdf")).pages[0].images
    assert len(images) == 1, "the logo is not on page 1"
    image = images[0].image
    assert image.size[0] / image.size[1] == pytest.approx(2, rel=0.05), "aspect ratio kept"
    bands = image.getbands()
    tolerance = 10 if name.endswith(".jpg") else 3
    for band, want in zip(("R", "G", "B", "A"), colour, strict=False):  # RGB or RGBA
        if band not in bands:
            continue
        low, high = image.getchannel(band).getextrema()
        assert abs((low + high) / 2 - want) <= tolerance, f"{kind}: {band} printed as {low}..{high}, expected {want}"
