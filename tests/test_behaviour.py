"""What a printed handout promises, pinned through the CLI and the PDF bytes alone.

Paper size (brand < selection < command line), the greyscale profile's
colours, the QR code's contents, and what the PDF asks of the printer. Every check reads the PDF back with
pypdf, poppler or zbar, never the package's internals, so the tests hold
across a rewrite of the core and catch regressions in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import ContentStream, FloatObject, NumberObject

from conftest import EXAMPLES

BRAND = yaml.safe_load((EXAMPLES / "brand.yaml").read_text(encoding="utf-8"))
A4, LETTER = (595, 842), (612, 792)  # points, rounded


def clinic_brand(folder: Path, **changes: str) -> Path:
    """The example clinic's brand.yaml and logo copied to ``folder``, with top-level keys changed."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "logo.png", folder / "logo.png")
    lines = (EXAMPLES / "brand.yaml").read_text(encoding="utf-8").splitlines()
    for key, value in changes.items():
        at = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        assert len(at) == 1, f"the example brand has no single '{key}:' line to change"
        lines[at[0]] = f"{key}: {value}"
    path = folder / "brand.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def page_sizes(path: Path) -> set[tuple[int, int]]:
    """Each distinct MediaBox size in the file, in whole points."""
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(str(path)).pages}


def build(run, *args: str) -> None:
    result = run("build", *args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


# --- 1. paper size: brand < selection < command line ------------------------------------------

SIZE_CASES = {
    # name: (brand page_size, selection page_size or None for no selection file, --page-size, expected)
    "no-brand-is-letter": (None, None, None, LETTER),
    "brand-a4": ("a4", None, None, A4),
    "brand-a4-selection-without-size": ("a4", "", None, A4),
    "brand-letter-selection-a4": ("letter", "a4", None, A4),
    "brand-a4-selection-letter": ("a4", "letter", None, LETTER),
    "brand-a4-option-letter": ("a4", None, "letter", LETTER),
    "brand-letter-option-a4": ("letter", None, "a4", A4),
    "brand-a4-selection-letter-option-a4": ("a4", "letter", "a4", A4),
    "brand-letter-selection-a4-option-letter": ("letter", "a4", "letter", LETTER),
}


@pytest.mark.parametrize("brand_size, selection_size, option, expected", SIZE_CASES.values(), ids=list(SIZE_CASES))
def test_page_size_precedence_is_brand_then_selection_then_command_line(
        run, tmp_path, brand_size, selection_size, option, expected):
    args: list[str] = []
    if brand_size:
        clinic_brand(tmp_path / "clinic", page_size=brand_size)
    if selection_size is None:
        args += ["back-spasms"] + (["--brand", "clinic/brand.yaml"] if brand_size else [])
    else:  # the selection names the brand itself, as a saved preset does
        size_line = f"page_size: {selection_size}\n" if selection_size else ""
        (tmp_path / "clinic" / "preset.yaml").write_text(
            f"topic: back-spasms\nbrand: brand.yaml\n{size_line}", encoding="utf-8")
        args += ["clinic/preset.yaml"]
    if option:
        args += ["--page-size", option]
    build(run, *args, "-o", "x.pdf")
    assert page_sizes(tmp_path / "x.pdf") == {expected}


def test_brand_page_size_holds_on_every_page_of_a_bilingual_handout(run, tmp_path):
    clinic_brand(tmp_path / "clinic", page_size="a4")
    build(run, "back-spasms", "--brand", "clinic/brand.yaml", "--lang", "es,en", "-o", "x.pdf")
    assert len(PdfReader(str(tmp_path / "x.pdf")).pages) >= 4
    assert page_sizes(tmp_path / "x.pdf") == {A4}


# --- 2. greyscale: no colour anywhere on the page ---------------------------------------------

COLOUR_OPERATORS = {b"rg", b"RG", b"k", b"K", b"sc", b"scn", b"SC", b"SCN", b"g", b"G"}


def colour_operations(path: Path) -> list[tuple[str, str, list]]:
    """(where, operator, operands) of every colour operator in every page and form XObject, recursively."""
    reader = PdfReader(str(path))
    found: list[tuple[str, str, list]] = []
    seen: set[int] = set()

    def visit(stream, resources, where: str) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in COLOUR_OPERATORS:
                found.append((where, operator.decode(), list(operands)))
            elif operator == b"INLINE IMAGE":
                found.append((where, "inline image", [operands]))
        for name, ref in _xobjects(resources):
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                inner = xobject.get("/Resources")
                visit(xobject, inner.get_object() if inner is not None else resources, f"{where} {name}")

    for number, page in enumerate(reader.pages, 1):
        visit(page.get_contents(), page.get("/Resources"), f"page {number}")
    return found


def _xobjects(resources):
    if resources is None:
        return []
    xobjects = resources.get_object().get("/XObject")
    return list(xobjects.get_object().items()) if xobjects is not None else []


def is_grey(operator: str, operands: list) -> bool:
    """True for a grey level, an RGB colour with r == g == b, or CMYK with no c, m or y."""
    if operator == "inline image" or any(not isinstance(v, (NumberObject, FloatObject)) for v in operands):
        return False  # a pattern, a named colour space or an inline image: not provably grey
    values = [float(v) for v in operands]
    if len(values) == 1:
        return True
    if len(values) == 3:
        return max(values) - min(values) < 1e-3
    if len(values) == 4:
        return max(values[:3]) < 1e-3
    return False


def image_xobjects(path: Path):
    """(where, PIL image) of every image drawn; pypdf looks inside form XObjects and inline images too."""
    return [(f"page {number} {image.name}", image.image)
            for number, page in enumerate(PdfReader(str(path)).pages, 1) for image in page.images]


@pytest.fixture(scope="module")
def clinic_pdfs(tmp_path_factory):
    """The default handout with the example clinic's brand, built in each profile once."""
    from click.testing import CliRunner

    from handouts.cli import cli

    folder = tmp_path_factory.mktemp("behaviour")
    out = {}
    for profile in ("standard", "greyscale", "large"):
        path = folder / f"{profile}.pdf"
        result = CliRunner().invoke(cli, ["build", "back-spasms", "--brand", str(EXAMPLES / "brand.yaml"),
                                          "--profile", profile, "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[profile] = path
    return out


def test_greyscale_sets_no_colour_on_any_page_or_icon(clinic_pdfs):
    operations = colour_operations(clinic_pdfs["greyscale"])
    assert any(" " in where for where, _, _ in operations), "no colour operator found inside a form XObject"
    assert [op for op in operations if not is_grey(op[1], op[2])] == []


def test_the_brand_colour_is_found_in_the_standard_profile(clinic_pdfs):
    """The reader above does see colour: the clinic's primary colour, and the icons' tier colours."""
    primary = BRAND["colors"]["primary"].lstrip("#")
    rgb = [int(primary[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    operations = colour_operations(clinic_pdfs["standard"])
    coloured = [op for op in operations if not is_grey(op[1], op[2])]
    assert any(len(o) == 3 and all(abs(float(v) - c) < 0.003 for v, c in zip(o, rgb, strict=True))
               for _, _, o in coloured)
    assert any(" " in where for where, _, _ in coloured), "no coloured icon (form XObject) found"


def test_greyscale_logo_is_grey(clinic_pdfs):
    images = image_xobjects(clinic_pdfs["greyscale"])
    assert images, "the clinic's logo is not on the page"
    coloured = [where for where, image in images if not _neutral(image)]
    assert coloured == []


def test_the_logo_keeps_its_colour_in_the_standard_profile(clinic_pdfs):
    """The image check above can see colour: the same logo is coloured in the standard profile."""
    images = image_xobjects(clinic_pdfs["standard"])
    assert images and not all(_neutral(image) for _, image in images)


def _neutral(image) -> bool:
    """Every pixel has r == g == b (a greyscale image is neutral by construction)."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return True
    red, green, blue = image.convert("RGB").split()
    return red.tobytes() == green.tobytes() == blue.tobytes()


# --- 3. the QR code decodes to the clinic's website ----------------------------------------------


def tool(name: str, package: str) -> str:
    """The tool's path; a skip only where it cannot be installed, a failure where .ci/run would have."""
    path = shutil.which(name)
    if path:
        return path
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.fail(f"{name} is missing; install it with 'apt-get install -y {package}' (.ci/run does)")
    pytest.skip(f"{name} ({package}) is not installed and cannot be here: no apt-get, or not root to run it")


def qr_codes_on_page_one(path: Path) -> list[str]:
    """What zbar decodes from page 1 rendered at 200 dpi (an empty list when it finds no code)."""
    pdftoppm, zbarimg = tool("pdftoppm", "poppler-utils"), tool("zbarimg", "zbar-tools")
    image = path.with_name(path.stem + "-page")
    subprocess.run([pdftoppm, "-r", "200", "-f", "1", "-l", "1", "-singlefile", "-png", str(path), str(image)],
                   check=True, capture_output=True)
    result = subprocess.run([zbarimg, "--raw", "-q", str(image) + ".png"], capture_output=True, text=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.splitlines()


@pytest.mark.parametrize("profile", ["standard", "greyscale", "large"])
def test_qr_code_on_page_one_decodes_to_the_brands_website(clinic_pdfs, profile):
    website = BRAND["website"]  # www.riverside-physio.example.org: no scheme, as a clinic writes it
    # A full address, so a phone opens it as a web page rather than searching for the words.
    assert qr_codes_on_page_one(clinic_pdfs[profile]) == [f"https://{website}"]


def test_the_address_under_the_qr_code_is_printed_as_the_brand_writes_it(clinic_pdfs):
    page_one = PdfReader(str(clinic_pdfs["standard"])).pages[0].extract_text()
    assert BRAND["website"] in page_one and "https://" not in page_one


@pytest.mark.parametrize("website", ["https://www.example.org/back", "http://clinic.example.org"])
def test_a_website_with_its_scheme_is_encoded_as_written(run, tmp_path, website):
    clinic_brand(tmp_path / "clinic", website=website)
    build(run, "back-spasms", "--brand", "clinic/brand.yaml", "-o", "x.pdf")
    assert qr_codes_on_page_one(tmp_path / "x.pdf") == [website]


def test_a_website_that_is_not_a_web_address_is_encoded_as_one(run, tmp_path):
    """A scanner never gets another scheme to run: a 'javascript:' website is only the name of a host."""
    clinic_brand(tmp_path / "clinic", website='"javascript:alert(1)"')
    build(run, "back-spasms", "--brand", "clinic/brand.yaml", "-o", "x.pdf")
    assert qr_codes_on_page_one(tmp_path / "x.pdf") == ["https://javascript:alert(1)"]


def test_no_qr_code_when_the_brand_turns_it_off(run, tmp_path):
    clinic_brand(tmp_path / "clinic", qr_code="false")
    build(run, "back-spasms", "--brand", "clinic/brand.yaml", "-o", "x.pdf")
    assert qr_codes_on_page_one(tmp_path / "x.pdf") == []


# --- 4. what the PDF asks of the printer ----------------------------------------------------------


@pytest.mark.parametrize("profile", ["standard", "large"])
def test_the_pdf_asks_for_long_edge_duplex_and_no_print_scaling(clinic_pdfs, profile):
    """Both sides of the sheet, and never shrunk to fit: large print stays 18 pt on paper."""
    preferences = PdfReader(str(clinic_pdfs[profile])).trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/Duplex"] == "/DuplexFlipLongEdge"
    assert preferences["/PrintScaling"] == "/None"
