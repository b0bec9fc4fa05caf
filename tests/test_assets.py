"""Brand assets are prepared once per process and brand, and caching never changes a PDF's bytes."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder

from conftest import EXAMPLES
from handouts import build
from handouts.pdf import assets
from handouts.request import Overrides, Request

FIRST_VISIT = str(EXAMPLES / "first-visit.yaml")


def branded(patient: str, **options) -> bytes:
    return build.build(Request.for_target(FIRST_VISIT, Overrides(patient=patient, date="2026-11-24", **options)))


@pytest.fixture
def cold():
    """Empty asset caches, as in a fresh process."""
    assets.logo_xobject.cache_clear()
    assets.qr_modules.cache_clear()
    yield
    assets.logo_xobject.cache_clear()
    assets.qr_modules.cache_clear()


def test_logo_and_qr_code_are_prepared_once_per_brand(cold, monkeypatch):
    made = []
    original = qrencoder.QRCode.make
    monkeypatch.setattr(qrencoder.QRCode, "make", lambda self, *a: made.append(1) or original(self, *a))
    for name in ("Ana Diaz", "Bo Lindqvist", "Chidi Okafor"):
        branded(name)
    assert assets.logo_xobject.cache_info().misses == 1
    assert assets.logo_xobject.cache_info().hits >= 2
    assert len(made) == 1  # the QR code's modules (and mask scoring) once for the address
    branded("Dana Kowalska", profile="greyscale")
    assert assets.logo_xobject.cache_info().misses == 2  # the grey logo is its own asset


def test_a_cold_and_a_warm_build_give_the_same_bytes(cold):
    first = branded("Ana Diaz")
    branded("Bo Lindqvist", profile="large")
    branded("Chidi Okafor", language="es")
    assert branded("Ana Diaz") == first


def filters(stream) -> list[str]:
    """A stream's filters as a list: a PDF writer may store one filter as a name or a one-item array."""
    value = stream["/Filter"]
    return [str(value)] if isinstance(value, str) else [str(f) for f in value]


def test_logo_is_one_binary_flate_image_with_its_mask():
    pdf = branded("Ana Diaz", language="en", also_in=("es",))  # two parts, two headers: the logo stored once
    reader = PdfReader(io.BytesIO(pdf))
    images = {}
    for page in reader.pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                images[obj.indirect_reference.idnum] = obj
    assert len(images) == 1
    (logo,) = images.values()
    assert filters(logo) == ["/FlateDecode"]
    assert filters(logo["/SMask"].get_object()) == ["/FlateDecode"]  # the logo's transparency kept
    assert (logo["/Width"], logo["/Height"]) == (600, 240)  # at print resolution for its 1.7-inch box: kept
    assert b"ASCII85Decode" not in pdf  # no stream carries the text layer


def test_qr_code_is_a_form_drawn_from_runs_of_modules():
    count, runs = assets.qr_modules("https://www.riverside-physio.example.org")
    assert count in range(21, 60, 4)  # a QR version's size
    assert all(0 <= col < col + length <= count and 0 <= row < count for row, col, length in runs)
    # the three finder patterns: a row of 7 dark modules at the top left and top right corners
    assert (0, 0, 7) in runs and (0, count - 7, 7) in runs
    page = PdfReader(io.BytesIO(branded("Ana Diaz"))).pages[0]
    forms = [obj.get_object() for obj in page["/Resources"]["/XObject"].values()
             if obj.get_object()["/Subtype"] == "/Form"]
    boxes = [[round(float(v), 2) for v in form["/BBox"]] for form in forms]
    assert [0, 0, 61.2, 61.2] in boxes, "the QR code is drawn as a form XObject of its size"


def test_render_leaves_reportlab_settings_as_they_were():
    before = rl_config.useA85
    branded("Ana Diaz")
    assert rl_config.useA85 == before


def test_logo_well_above_print_resolution_is_resized(tmp_path):
    from PIL import Image

    image = Image.new("RGB", (3000, 1500), "#0e5e6f")
    out = io.BytesIO()
    image.save(out, "PNG")
    xobject = assets.logo_xobject(out.getvalue(), 1.7 * 72, 0.85 * 72)
    assert (xobject.width, xobject.height) == (510, 255)  # 300 dpi at its printed size
@pytest.mark.slow
def test_version_and_list_do_not_import_reportlab_or_build_schemas():
    code = ("import sys; from handouts.cli import main; sys.argv = ['handouts', {arg!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pydantic', 'PIL', 'textstat')"
            " or m in ('handouts.models', 'xml.sax.saxutils', 'importlib.metadata')), file=sys.stderr)")
    for arg in ("--version", "list"):
        done = subprocess.run([sys.executable, "-c", code.format(arg=arg)], capture_output=True, text=True, check=True)
        assert done.stderr.strip() == "[]", f"handouts {arg} imported {done.stderr.strip()}"



QR_ALONE = """
import sys
from handouts.pdf import assets
from handouts import build
from handouts.request import Overrides, Request
build.build(Request.for_target({preset!r}, Overrides(patient="Ana Diaz")))
alone = assets.qr_modules("https://www.riverside-physio.example.org")
print(sorted(m for m in sys.modules if m.startswith("reportlab.graphics.barcode")))
from reportlab.graphics.barcode import qrencoder  # the usual way, for comparison
code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
code.addData("https://www.riverside-physio.example.org")
code.make()
count = code.getModuleCount()
same = alone[0] == count and sorted((r, c + i) for r, c, n in alone[1] for i in range(n)) == [
    (r, c) for r in range(count) for c in range(count) if code.isDark(r, c)]
print(same)
"""


def test_a_branded_build_loads_the_qr_encoder_alone_with_the_same_modules():
    done = subprocess.run([sys.executable, "-c", QR_ALONE.format(preset=str(FIRST_VISIT))],
                          capture_output=True, text=True, check=True)
    imported, same = done.stdout.split("\n")[:2]
    assert imported == "[]", f"the QR code imported ReportLab's barcode package: {imported}"
    assert same == "True", "the encoder loaded alone drew other modules than the package's"


FALLBACK_LOADED = """
import sys
from handouts import build
from handouts.request import Overrides, Request
from reportlab.pdfbase import pdfmetrics
build.build(Request.for_target({target!r}, Overrides(patient={name!r}, notes=({note!r},))))
print("dejavu-sans-regular" in pdfmetrics.getRegisteredFontNames())
"""


@pytest.mark.slow
@pytest.mark.parametrize(("name", "note", "loaded"), [
    ("Ana Díaz-Łukasz", "Ice 3 times a day, 10–15 minutes.", "False"),  # the main font has every character
    ("Αλέξης Παπαδόπουλος", "Ice 3 times a day.", "True"),  # Greek: drawn in the fallback face
])
def test_fallback_font_is_opened_only_when_a_character_needs_it(name, note, loaded):
    code = FALLBACK_LOADED.format(target=FIRST_VISIT, name=name, note=note)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == loaded


def test_a_png_logo_fit_to_print_is_carried_as_its_file_and_greyed_only_when_asked(tmp_path, cold):
    from PIL import Image

    from handouts import brand

    path = EXAMPLES / "logo.png"  # RGBA, 600 x 240: nothing to change
    logo = brand._open_logo(path, path.stat().st_mtime_ns)
    assert logo.png == path.read_bytes() and (logo.width, logo.height) == (600, 240)
    brand._grey.cache_clear()
    branded("Ana Diaz")
    assert brand._grey.cache_info().misses == 0, "a colour handout made the grey logo"
    branded("Ana Diaz", profile="greyscale")
    assert brand._grey.cache_info().misses == 1
    assert Image.open(io.BytesIO(logo.image(greyscale=True))).mode == "LA"  # greys, transparency kept

    wide = tmp_path / "wide.png"
    Image.new("RGBA", (1200, 480), (31, 78, 121, 255)).save(wide)
    shrunk = brand._open_logo(wide, wide.stat().st_mtime_ns)
    assert (shrunk.width, shrunk.height) == (600, 240) and shrunk.png != wide.read_bytes()
    assert Image.open(io.BytesIO(shrunk.png)).size == (600, 240)
