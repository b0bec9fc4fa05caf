"""Brand assets prepared once per process: the logo as a ready image XObject, the QR code's modules.

A clinic prints the same logo and QR code on every handout. Decoding the
logo, compressing its pixels and computing the QR code (mask scoring
included) took most of a branded build; here each is done once per process
and per logo or address, and each document only links the ready objects in.
Streams are written binary (Flate, no ASCII85 layer): smaller files, and no
pure-Python encoding on every build; Flate at zlib's fastest level.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import importlib.util
import io
import math
import sys
import zlib
from pathlib import Path
from typing import Iterator

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

PRINT_DPI = 300  # pixels per inch kept for the printed size of the logo


FLATE_LEVEL = 1  # zlib's fastest: a build 5% faster than at its default (6), the file 3% larger


def _flate(text: str | bytes) -> bytes:
    return zlib.compress(text.encode("utf-8") if isinstance(text, str) else text, FLATE_LEVEL)


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Write PDF streams without the ASCII85 text layer, Flate at :data:`FLATE_LEVEL`, while inside.

    ReportLab's settings are global: they are set for the build and put back after (a build runs in
    one thread at a time; the web form renders on its event loop).
    """
    before, flate = rl_config.useA85, PDFZCompress.__dict__.get("encode")
    rl_config.useA85 = 0
    PDFZCompress.encode = _flate  # the one Flate filter every stream of a document uses
    try:
        yield
    finally:
        rl_config.useA85 = before
        if flate is None:
            del PDFZCompress.encode
        else:
            PDFZCompress.encode = flate


@functools.lru_cache(maxsize=16)
def logo_xobject(png: bytes, width: float, height: float) -> PDFImageXObject:
    """The logo's image XObject, its pixels resized to ``width`` x ``height`` points at print resolution.

    Made once per logo and printed size; :func:`draw_xobject` links a copy into each document.
    """
    from PIL import Image as PILImage

    image: PILImage.Image = PILImage.open(io.BytesIO(png))
    image.load()
    size = (max(1, math.ceil(width / 72 * PRINT_DPI)), max(1, math.ceil(height / 72 * PRINT_DPI)))
    # Only a logo well above print resolution is resized: resampling a flat-coloured logo by a little
    # adds soft edges that compress worse, so the file would grow; it is never enlarged.
    if image.width > size[0] * 1.25 and image.height > size[1] * 1.25:
        image = image.resize(size, PILImage.Resampling.LANCZOS)
    name = "logo-" + hashlib.sha256(png + repr(size).encode()).hexdigest()[:16]
    with binary_streams():
        xobject = PDFImageXObject(name, ImageReader(image), mask="auto")
    return xobject


def draw_xobject(canvas: Canvas, template: PDFImageXObject, width: float, height: float) -> None:
    """Draw a ready image XObject at the origin, scaled to ``width`` x ``height``; stored once per document."""
    doc = canvas._doc
    registered = doc.getXObjectName(template.name)
    if registered not in doc.idToObject:
        image = copy.copy(template)  # the pixels are shared; the links to its mask are this document's
        smask = getattr(image, "_smask", None)
        if smask is not None:
            del image._smask
            image.smask = doc.Reference(copy.copy(smask), doc.getXObjectName(smask.name))
        doc.Reference(image, registered)
        doc.addForm(template.name, image)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(template.name)


class LogoImage(Flowable):
    """The clinic's logo from its ready XObject."""

    def __init__(self, png: bytes, width: float, height: float):
        super().__init__()
        self.width, self.height = width, height
        self.template = logo_xobject(png, width, height)
        self.hAlign = "LEFT"

    def wrap(self, *args: object) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_xobject(self.canv, self.template, self.width, self.height)


@functools.lru_cache(maxsize=64)
def qr_modules(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of ``text`` (error correction M): its size in modules, and its dark runs (row, column, length)."""
    qrencoder = _qrencoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        col = 0
        while col < count:
            if code.isDark(row, col):
                start = col
                while col < count and code.isDark(row, col):
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return count, tuple(runs)


@functools.lru_cache(maxsize=1)
def _qrencoder():
    """ReportLab's QR encoder module (plain Python: ``re`` and ``itertools`` only), loaded on its own.

    Importing it as ``reportlab.graphics.barcode.qrencoder`` runs its package first, which imports and
    registers all twenty of ReportLab's barcode widgets (charts, widget bases, Japanese codecs): 13 ms of
    a one-off branded ``handouts build``, for none of which the QR code has any use.
    """
    name = "reportlab.graphics.barcode.qrencoder"
    if name in sys.modules:  # already imported the usual way
        return sys.modules[name]
    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("handouts.pdf._qrencoder", path) if path.is_file() else None
    if spec is None or spec.loader is None:  # not a plain source file (a zipped install): the usual way
        from reportlab.graphics.barcode import qrencoder

        return qrencoder
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its bytecode cache is the one the usual import writes and reads
    return module


def qr_form_name(text: str, size: float) -> str:
    return "qr-" + hashlib.sha256(f"{text}|{size!r}".encode()).hexdigest()[:16]
