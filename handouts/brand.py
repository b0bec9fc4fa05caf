"""Brands: loading, colour contrast, and the logo image.

A brand colour used for text must reach 4.5:1 contrast on white (WCAG AA).
One that does not is printed in a darkened shade of the same hue that does,
and the change is reported as a warning by both ``check`` and ``build``: a
clinic gets a readable handout today and a message saying what to fix.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem, reading
from .models import WORDS, Brand
from .yamlload import Document

MIN_CONTRAST = 4.5
LOGO_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
LOGO_MAX_SIDE = 600  # pixels kept: plenty for a 1.6-inch box at print resolution
DEFAULT_BRAND = Path(__file__).resolve().parent / "default-brand.yaml"


@dataclass(frozen=True)
class Logo:
    """A checked logo, re-encoded as PNG bytes at a sensible size."""

    png: bytes
    width: int
    height: int

    def image(self, greyscale: bool) -> bytes:
        """The PNG bytes to print: in greys for the greyscale setting (made the first time it is asked for)."""
        return _grey(self.png) if greyscale else self.png


@functools.lru_cache(maxsize=8)
def _grey(png: bytes) -> bytes:
    """The logo ``png`` in greys, for black-and-white printing; its transparency kept."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    return _png(image.convert("LA" if image.mode == "RGBA" else "L"))


@dataclass(frozen=True)
class ResolvedBrand:
    """A brand ready to print: colours that pass contrast, logo loaded."""

    brand: Brand
    primary: str
    accent: str
    logo: "Logo | None"
    font: str  # a bundled family name, or a fonts.custom_family key
    warnings: tuple[Problem, ...] = ()
    builtin: bool = False
    doc: Document | None = field(default=None, compare=False, repr=False)  # its file, to place problems in its text


def load_brand(path: Path | str | None) -> ResolvedBrand:
    """Load ``path`` (or the built-in default brand) and resolve it for printing, once per file version."""
    if path is None:
        return _load_brand(None, 0)
    path = Path(path)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0  # let the loader report it
    return _load_brand(path, mtime)


@functools.lru_cache(maxsize=32)
def _load_brand(path: Path | None, mtime_ns: int) -> ResolvedBrand:
    from .validate import load_brand_doc

    brand, doc = load_brand_doc(path) if path else _default()
    return resolve_brand(brand, doc, builtin=path is None)


@functools.lru_cache(maxsize=1)
def _default():
    from .validate import load_brand_doc

    return load_brand_doc(DEFAULT_BRAND)


def resolve_brand(brand: Brand, doc: Document, builtin: bool = False) -> ResolvedBrand:
    warnings = []
    colours = {}
    for name in ("primary", "accent"):
        value = _expand(getattr(brand.colors, name))
        ratio = contrast(value)
        if ratio < MIN_CONTRAST:
            darker = darken_to_contrast(value)
            warnings.append(
                doc.problem(
                    ("colors", name),
                    f"expected a text colour with contrast of at least {MIN_CONTRAST}:1 on white, "
                    f"got {value} at {ratio:.1f}:1; printing {darker} instead (set it to silence this)",
                )
            )
            value = darker
        colours[name] = value
    logo = None
    if brand.logo:
        logo = load_logo(doc.folder / brand.logo, doc.name, doc.line_of(("logo",)))
    font = _font(brand, doc)
    warnings += _number_warnings(brand, doc)
    # Its text is checked with every other printed text, by handouts.check.
    return ResolvedBrand(brand, colours["primary"], colours["accent"], logo, font, tuple(warnings), builtin, doc)


def _number_warnings(brand: Brand, doc: Document) -> list[Problem]:
    """An emergency number the brand's country does not list: printed as given (some regions use others)."""
    from .emergency import known_numbers, number_for

    if brand.country is None or brand.emergency_number is None:
        return []
    if brand.emergency_number in known_numbers(brand.country):
        return []
    return [doc.problem(("emergency_number",), (
        f"expected an emergency number of {brand.country} ({', '.join(known_numbers(brand.country))}), "
        f"got '{brand.emergency_number}'; printing '{brand.emergency_number}' as given, as some regions use "
        f"another: check it, or leave emergency_number out to print {number_for(brand.country)}"))]


def language_gaps(brand: ResolvedBrand, languages: "list[str] | None" = None) -> list[Problem]:
    """A warning for each per-language text with no text in a language the clinic builds.

    ``languages`` are the handouts' languages; without them, those the brand's own texts name.
    Such a handout prints the text's first language, so `check` says which line to add.
    """
    if brand.doc is None:
        return []
    wanted = languages if languages is not None else brand.brand.languages()
    problems = []
    for key in WORDS:
        words = getattr(brand.brand, key)
        if not isinstance(words, dict):
            continue
        first = next(iter(words))
        for lang in wanted:
            if lang not in words and lang.split("-")[0] not in words:
                problems.append(brand.doc.problem((key,), f"no text in '{lang}'; add '{lang}: ...' "
                                                          f"(the '{lang}' handout prints the '{first}' text instead)"))
    return problems


def _font(brand: Brand, doc: Document) -> str:
    """The family key of the brand's font; a clinic's own files are checked here."""
    from .errors import HandoutsError
    from .fonts import custom_family, fontset

    if isinstance(brand.font, str):
        return brand.font
    paths = {}
    for style in ("regular", "bold"):
        name = getattr(brand.font, style)
        if name is None:
            continue
        path = (doc.folder / name).resolve()
        loc = ("font", style)
        with reading(doc.name, doc.line_of(loc), "font." + style, prefix=f"font '{name}': "):
            if not path.is_file():
                raise InputError(doc.problem(loc, f"no font file '{name}' (paths are relative to the brand file)"))
        paths[style] = path
    family = custom_family(paths["regular"], paths.get("bold"))
    try:
        fontset(family)
    except HandoutsError as exc:  # a problem with one of the files says which (where: its style)
        raise InputError([doc.problem(("font",) + ((p.where,) if p.where else ()), p.message)
                          for p in exc.problems]) from None
    return family


# --- colour ------------------------------------------------------------------


def _expand(hex_colour: str) -> str:
    value = hex_colour.lower().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return "#" + value


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = _expand(hex_colour)[1:]
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(hex_colour: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio between two colours."""
    a, b = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def darken_to_contrast(hex_colour: str, target: float = MIN_CONTRAST) -> str:
    """The lightest shade of ``hex_colour`` (mixed towards black) that reaches ``target``."""
    r, g, b = _rgb(hex_colour)
    for step in range(1, 101):
        k = 1 - step / 100
        shade = "#" + "".join(f"{round(c * k * 255):02x}" for c in (r, g, b))
        if contrast(shade) >= target:
            return shade
    return "#000000"


# --- logo ----------------------------------------------------------------------


def load_logo(path: Path, file: str | None, line: int | None):
    """Open a PNG or JPEG logo safely and return it as a :class:`Logo`, or raise InputError."""
    name = str(path)

    def fail(message: str) -> InputError:
        return InputError(Problem(f"logo '{name}': {message}", file=file, line=line))

    with reading(file, line, prefix=f"logo '{name}': "):
        if not path.exists():
            raise fail("no such file; check the path (it is relative to the brand file)")
        if not path.is_file():
            raise fail("expected an image file, found a folder or device")
        size = path.stat().st_size
        if size == 0:
            raise fail("the file is empty; expected a PNG or JPEG image")
        if size > LOGO_MAX_BYTES:
            raise fail(f"the file is {size / (1024 * 1024):.1f} MB; "
                       f"expected at most {LOGO_MAX_BYTES // (1024 * 1024)} MB")
        try:
            return _open_logo(path, path.stat().st_mtime_ns)
        except _LogoError as exc:
            raise fail(str(exc)) from None


class _LogoError(Exception):
    pass


@functools.lru_cache(maxsize=8)
def _open_logo(path: Path, mtime_ns: int):
    import warnings

    from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

    data = path.read_bytes()
    limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            warnings.simplefilter("ignore", UserWarning)  # damaged EXIF: Pillow's file and line, not ours
            # Our own size check below runs on the header, before any pixel is
            # decoded, and can say how big the image is; Pillow's cannot.
            Image.MAX_IMAGE_PIXELS = None
            try:
                image: Image.Image = Image.open(io.BytesIO(data))  # converted copies below are plain Images
            finally:
                Image.MAX_IMAGE_PIXELS = limit
            if image.format not in ("PNG", "JPEG"):
                raise _LogoError(f"expected a PNG or JPEG image, found {image.format}")
            width, height = image.size
            if width * height > LOGO_MAX_PIXELS:
                raise _LogoError(
                    f"the image is {width} x {height} pixels; expected at most "
                    f"{LOGO_MAX_PIXELS // 1_000_000} megapixels, save a smaller copy"
                )
            image.load()
            upright = image.getexif().get(ExifTags.Base.Orientation, 1) == 1
            ImageOps.exif_transpose(image, in_place=True)  # a camera's "turn me" tag: print it upright
    except _LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _LogoError(
            f"the image is larger than {LOGO_MAX_PIXELS // 1_000_000} megapixels; save a smaller copy"
        ) from None
    except UnidentifiedImageError:
        raise _LogoError("expected a PNG or JPEG image, found something else") from None
    except (OSError, SyntaxError, ValueError):  # Pillow's words name its internals, not the fix
        raise _LogoError(f"the image is damaged or truncated (could not decode it as {_signature(data)}); "
                         "export it again or use another file") from None
    if image.mode.startswith("I"):  # 16-bit greyscale: scale to 8 bits, or convert() clips it to white
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    as_read, size = image, image.size
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    if image is as_read and image.size == size and upright and image.format == "PNG":
        return Logo(data, *size)  # an RGB(A) PNG already fit to print: its own bytes, not encoded again
    return Logo(_png(image), *image.size)


def _png(image) -> bytes:
    """The pixels as PNG, quickly: only a carrier to the PDF, which compresses the decoded pixels itself.

    (Pillow's ``optimize`` took 30 ms a logo, a tenth of a whole ``handouts build``, and changed no PDF byte.)
    """
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _signature(data: bytes) -> str:
    """The format the file's first bytes claim."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    return "JPEG" if data.startswith(b"\xff\xd8") else "PNG or JPEG"
