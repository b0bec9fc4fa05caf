"""Small icons drawn with ReportLab graphics: no image files needed.

Each icon is a function ``(size, colour) -> Drawing``; a new section kind or
warning tier gets one function and one entry in its table.
"""

from __future__ import annotations

import functools

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect
from reportlab.lib import colors
from reportlab.platypus import Flowable

WHITE = colors.white


def _canvas(size: float) -> Drawing:
    return Drawing(size, size)


def info(size, colour):
    """An 'i' in a circle: explanations."""
    d = _canvas(size)
    r = size / 2
    d.add(Circle(r, r, r * 0.95, fillColor=colour, strokeColor=None))
    d.add(Circle(r, size * 0.74, size * 0.075, fillColor=WHITE, strokeColor=None))
    d.add(Rect(r - size * 0.065, size * 0.2, size * 0.13, size * 0.4, fillColor=WHITE, strokeColor=None))
    return d


def bullets(size, colour):
    """Three dots and lines: a list."""
    d = _canvas(size)
    for y in (0.8, 0.5, 0.2):
        d.add(Circle(size * 0.12, size * y, size * 0.09, fillColor=colour, strokeColor=None))
        d.add(Rect(size * 0.32, size * y - size * 0.05, size * 0.64, size * 0.1, fillColor=colour, strokeColor=None))
    return d


def star(size, colour):
    """A five-pointed star: key points."""
    import math

    d = _canvas(size)
    points = []
    for i in range(10):
        radius = size * (0.5 if i % 2 == 0 else 0.21)
        angle = math.pi / 2 + i * math.pi / 5
        points += [size / 2 + radius * math.cos(angle), size * 0.47 + radius * math.sin(angle)]
    d.add(Polygon(points, fillColor=colour, strokeColor=None))
    return d


def alert(size, colour, background=WHITE):
    """A triangle with '!': warning signs and the emergency tier."""
    d = _canvas(size)
    d.add(Polygon([size / 2, size * 0.97, size * 0.02, size * 0.06, size * 0.98, size * 0.06],
                  fillColor=colour, strokeColor=None))
    d.add(Rect(size * 0.455, size * 0.38, size * 0.09, size * 0.34, fillColor=background, strokeColor=None))
    d.add(Circle(size / 2, size * 0.24, size * 0.058, fillColor=background, strokeColor=None))
    return d


def tick_box(size, colour):
    """A box with a tick: a checklist section."""
    d = _canvas(size)
    d.add(Rect(size * 0.05, size * 0.05, size * 0.9, size * 0.9, fillColor=None, strokeColor=colour,
               strokeWidth=size * 0.1))
    d.add(PolyLine([size * 0.24, size * 0.52, size * 0.43, size * 0.3, size * 0.78, size * 0.74],
                   strokeColor=colour, strokeWidth=size * 0.13))
    return d


def grid(size, colour):
    """A small table: a table section."""
    d = _canvas(size)
    d.add(Rect(size * 0.04, size * 0.1, size * 0.92, size * 0.8, fillColor=None, strokeColor=colour,
               strokeWidth=size * 0.09))
    d.add(Rect(size * 0.04, size * 0.62, size * 0.92, size * 0.28, fillColor=colour, strokeColor=None))
    d.add(Line(size * 0.5, size * 0.1, size * 0.5, size * 0.9, strokeColor=colour, strokeWidth=size * 0.08))
    d.add(Line(size * 0.04, size * 0.36, size * 0.96, size * 0.36, strokeColor=colour, strokeWidth=size * 0.06))
    return d


def clock(size, colour, background=WHITE):
    """A clock: act today (the urgent tier)."""
    d = _canvas(size)
    r = size / 2
    d.add(Circle(r, r, r * 0.92, fillColor=colour, strokeColor=None))
    d.add(Circle(r, r, r * 0.7, fillColor=background, strokeColor=None))
    d.add(Line(r, r, r, r + r * 0.52, strokeColor=colour, strokeWidth=size * 0.1))
    d.add(Line(r, r, r + r * 0.42, r - r * 0.1, strokeColor=colour, strokeWidth=size * 0.1))
    return d


def calendar(size, colour, background=WHITE):
    """A calendar page: make an appointment (the routine tier)."""
    d = _canvas(size)
    d.add(Rect(size * 0.06, size * 0.06, size * 0.88, size * 0.78, fillColor=background, strokeColor=colour,
               strokeWidth=size * 0.09))
    d.add(Rect(size * 0.06, size * 0.6, size * 0.88, size * 0.24, fillColor=colour, strokeColor=None))
    for x in (0.28, 0.72):
        d.add(Rect(size * x - size * 0.05, size * 0.76, size * 0.1, size * 0.2, fillColor=colour, strokeColor=None))
    for x in (0.3, 0.5, 0.7):
        for y in (0.38, 0.2):
            d.add(Rect(size * x - size * 0.06, size * y - size * 0.05, size * 0.12, size * 0.1,
                       fillColor=colour, strokeColor=None))
    return d


def pencil_lines(size, colour):
    """Ruled lines: notes."""
    d = _canvas(size)
    for y in (0.8, 0.55, 0.3):
        d.add(Line(size * 0.05, size * y, size * 0.95, size * y, strokeColor=colour, strokeWidth=size * 0.09))
    return d


def empty_box(size, colour):
    """An empty tick box for a patient to mark by hand."""
    d = _canvas(size)
    d.add(Rect(size * 0.06, size * 0.06, size * 0.88, size * 0.88, fillColor=WHITE, strokeColor=colour,
               strokeWidth=max(1.0, size * 0.08)))
    return d


SECTION_ICONS = {
    "summary": star,
    "text": info,
    "list": bullets,
    "warnings": alert,
    "checklist": tick_box,
    "table": grid,
    "notes": pencil_lines,
}
TIER_ICONS = {"emergency": alert, "urgent": clock, "routine": calendar}


class Icon(Flowable):
    """An icon drawn once per PDF as a form XObject, then reused wherever it appears.

    Rendering a Drawing costs more than a paragraph; a handout repeats a few
    icons many times, so each is rendered once per document.
    """

    def __init__(self, drawing: Drawing, key: str):
        super().__init__()
        self.drawing, self.key = drawing, key
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, *args):
        return self.width, self.height

    def draw(self):
        from reportlab.graphics import renderPDF

        name = f"icon-{self.key}"
        if not self.canv.hasForm(name):
            self.canv.beginForm(name, 0, 0, self.width, self.height)
            renderPDF.draw(self.drawing, self.canv, 0, 0)
            self.canv.endForm()
        self.canv.doForm(name)


def icon(name: str, size: float, colour_hex: str, background_hex: str | None = None) -> Icon:
    """The icon ``name`` (a section kind, tier or 'box') as a flowable."""
    key = f"{name}-{size:g}-{colour_hex}-{background_hex}".replace("#", "")
    return Icon(_drawing(name, size, colour_hex, background_hex), key)


@functools.lru_cache(maxsize=64)
def _drawing(name: str, size: float, colour_hex: str, background_hex: str | None = None) -> Drawing:
    """The icon ``name`` (a section kind, tier or 'box'), drawn in ``colour_hex``.

    Tier icons sit on a bar of their tier's colour: they are drawn in white
    with the bar's colour (``background_hex``) for their inner details.
    """
    if name in TIER_ICONS:
        return TIER_ICONS[name](size, colors.HexColor(colour_hex), colors.HexColor(background_hex or "#ffffff"))
    table = {**SECTION_ICONS, "box": empty_box}
    return table[name](size, colors.HexColor(colour_hex))
