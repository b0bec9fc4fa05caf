"""Small icons drawn with ReportLab's canvas: no image files needed.

Each icon is a function ``(canvas, size, colour, background)`` drawing in a
``size`` x ``size`` box; a new section kind or warning tier gets one function
and one entry in :data:`ICONS`. Icons are drawn once per PDF as a form
XObject and reused wherever they appear.
"""

from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .assets import qr_form_name, qr_modules


def _fill(c, colour):
    c.setFillColor(colour)
    c.setStrokeColor(colour)


def info(c, s, fg, bg):
    """An 'i' in a circle: explanations."""
    _fill(c, fg)
    c.circle(s / 2, s / 2, s * 0.475, stroke=0, fill=1)
    _fill(c, bg)
    c.circle(s / 2, s * 0.74, s * 0.075, stroke=0, fill=1)
    c.rect(s / 2 - s * 0.065, s * 0.2, s * 0.13, s * 0.4, stroke=0, fill=1)


def bullets(c, s, fg, bg):
    """Three dots and lines: a list."""
    _fill(c, fg)
    for y in (0.8, 0.5, 0.2):
        c.circle(s * 0.12, s * y, s * 0.09, stroke=0, fill=1)
        c.rect(s * 0.32, s * y - s * 0.05, s * 0.64, s * 0.1, stroke=0, fill=1)


def star(c, s, fg, bg):
    """A five-pointed star: key points."""
    _fill(c, fg)
    path = c.beginPath()
    for i in range(10):
        radius = s * (0.5 if i % 2 == 0 else 0.21)
        angle = math.pi / 2 + i * math.pi / 5
        x, y = s / 2 + radius * math.cos(angle), s * 0.47 + radius * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def alert(c, s, fg, bg):
    """A triangle with '!': warning signs and the emergency tier."""
    _fill(c, fg)
    path = c.beginPath()
    path.moveTo(s / 2, s * 0.97)
    path.lineTo(s * 0.02, s * 0.06)
    path.lineTo(s * 0.98, s * 0.06)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    _fill(c, bg)
    c.rect(s * 0.455, s * 0.38, s * 0.09, s * 0.34, stroke=0, fill=1)
    c.circle(s / 2, s * 0.24, s * 0.058, stroke=0, fill=1)


def tick_box(c, s, fg, bg):
    """A box with a tick: a checklist section."""
    _fill(c, fg)
    c.setLineWidth(s * 0.1)
    c.rect(s * 0.05, s * 0.05, s * 0.9, s * 0.9, stroke=1, fill=0)
    c.setLineWidth(s * 0.13)
    path = c.beginPath()
    path.moveTo(s * 0.24, s * 0.52)
    path.lineTo(s * 0.43, s * 0.3)
    path.lineTo(s * 0.78, s * 0.74)
    c.drawPath(path, stroke=1, fill=0)


def grid(c, s, fg, bg):
    """A small table: a table section."""
    _fill(c, fg)
    c.setLineWidth(s * 0.09)
    c.rect(s * 0.04, s * 0.1, s * 0.92, s * 0.8, stroke=1, fill=0)
    c.rect(s * 0.04, s * 0.62, s * 0.92, s * 0.28, stroke=0, fill=1)
    c.setLineWidth(s * 0.07)
    c.line(s * 0.5, s * 0.1, s * 0.5, s * 0.9)
    c.line(s * 0.04, s * 0.36, s * 0.96, s * 0.36)


def clock(c, s, fg, bg):
    """A clock: act today (the urgent tier)."""
    r = s / 2
    _fill(c, fg)
    c.circle(r, r, r * 0.92, stroke=0, fill=1)
    _fill(c, bg)
    c.circle(r, r, r * 0.7, stroke=0, fill=1)
    _fill(c, fg)
    c.setLineWidth(s * 0.1)
    c.line(r, r, r, r + r * 0.52)
    c.line(r, r, r + r * 0.42, r - r * 0.1)


def calendar(c, s, fg, bg):
    """A calendar page: make an appointment (the routine tier)."""
    _fill(c, bg)
    c.rect(s * 0.06, s * 0.06, s * 0.88, s * 0.78, stroke=0, fill=1)
    _fill(c, fg)
    c.setLineWidth(s * 0.09)
    c.rect(s * 0.06, s * 0.06, s * 0.88, s * 0.78, stroke=1, fill=0)
    c.rect(s * 0.06, s * 0.6, s * 0.88, s * 0.24, stroke=0, fill=1)
    for x in (0.28, 0.72):
        c.rect(s * x - s * 0.05, s * 0.76, s * 0.1, s * 0.2, stroke=0, fill=1)
    for x in (0.3, 0.5, 0.7):
        for y in (0.38, 0.2):
            c.rect(s * x - s * 0.06, s * y - s * 0.05, s * 0.12, s * 0.1, stroke=0, fill=1)


def lines(c, s, fg, bg):
    """Ruled lines: notes."""
    _fill(c, fg)
    c.setLineWidth(s * 0.09)
    for y in (0.8, 0.55, 0.3):
        c.line(s * 0.05, s * y, s * 0.95, s * y)


def week(c, s, fg, bg):
    """A grid of days with one ticked: a tracker to fill in."""
    _fill(c, fg)
    c.setLineWidth(s * 0.07)
    c.rect(s * 0.04, s * 0.08, s * 0.92, s * 0.84, stroke=1, fill=0)
    c.rect(s * 0.04, s * 0.68, s * 0.92, s * 0.24, stroke=0, fill=1)
    for x in (0.35, 0.65):
        c.line(s * x, s * 0.08, s * x, s * 0.68)
    c.line(s * 0.04, s * 0.38, s * 0.96, s * 0.38)
    c.setLineWidth(s * 0.09)
    path = c.beginPath()
    path.moveTo(s * 0.1, s * 0.54)
    path.lineTo(s * 0.17, s * 0.45)
    path.lineTo(s * 0.29, s * 0.62)
    c.drawPath(path, stroke=1, fill=0)


def question(c, s, fg, bg):
    """A speech bubble with a question mark: questions to ask."""
    _fill(c, fg)
    c.roundRect(s * 0.04, s * 0.2, s * 0.92, s * 0.76, s * 0.18, stroke=0, fill=1)
    tail = c.beginPath()
    tail.moveTo(s * 0.22, s * 0.24)
    tail.lineTo(s * 0.14, s * 0.02)
    tail.lineTo(s * 0.44, s * 0.24)
    tail.close()
    c.drawPath(tail, stroke=0, fill=1)
    _fill(c, bg)
    c.setLineWidth(s * 0.1)
    c.setLineCap(1)
    c.arc(s * 0.36, s * 0.52, s * 0.64, s * 0.8, startAng=160, extent=-250)
    c.line(s * 0.5, s * 0.52, s * 0.5, s * 0.44)
    c.circle(s * 0.5, s * 0.32, s * 0.055, stroke=0, fill=1)


def empty_box(c, s, fg, bg):
    """An empty tick box for a patient to mark by hand."""
    _fill(c, bg)
    c.rect(s * 0.06, s * 0.06, s * 0.88, s * 0.88, stroke=0, fill=1)
    _fill(c, fg)
    c.setLineWidth(max(1.0, s * 0.08))
    c.rect(s * 0.06, s * 0.06, s * 0.88, s * 0.88, stroke=1, fill=0)


def person(c, s, fg, bg):
    """A person stretching, arms up and legs apart: an exercises section."""
    _fill(c, fg)
    c.circle(s * 0.5, s * 0.86, s * 0.12, stroke=0, fill=1)
    c.setLineCap(1)
    c.setLineJoin(1)
    c.setLineWidth(s * 0.13)
    for points in (((0.14, 0.92), (0.5, 0.6), (0.86, 0.92)),  # arms up, to the spine
                   ((0.5, 0.68), (0.5, 0.4)),  # the spine
                   ((0.22, 0.06), (0.5, 0.4), (0.78, 0.06))):  # legs apart
        path = c.beginPath()
        path.moveTo(s * points[0][0], s * points[0][1])
        for x, y in points[1:]:
            path.lineTo(s * x, s * y)
        c.drawPath(path, stroke=1, fill=0)


def stop(c, s, fg, bg):
    """An octagon with a bar: when to stop an exercise."""
    _fill(c, fg)
    path = c.beginPath()
    for i in range(8):
        angle = math.pi / 8 + i * math.pi / 4
        x, y = s / 2 + s * 0.5 * math.cos(angle), s / 2 + s * 0.5 * math.sin(angle)
        path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    _fill(c, bg)
    c.rect(s * 0.2, s * 0.41, s * 0.6, s * 0.18, stroke=0, fill=1)


def ask(c, s, fg, bg):
    """A speech bubble: ask us first."""
    _fill(c, fg)
    c.roundRect(s * 0.02, s * 0.24, s * 0.96, s * 0.7, s * 0.18, stroke=0, fill=1)
    path = c.beginPath()
    path.moveTo(s * 0.2, s * 0.3)
    path.lineTo(s * 0.14, s * 0.02)
    path.lineTo(s * 0.45, s * 0.3)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    _fill(c, bg)
    for x in (0.28, 0.5, 0.72):
        c.circle(s * x, s * 0.59, s * 0.075, stroke=0, fill=1)


ICONS = {
    # section kinds
    "summary": star,
    "text": info,
    "list": bullets,
    "warnings": alert,
    "checklist": tick_box,
    "table": grid,
    "tracker": week,
    "questions": question,
    "notes": lines,
    "exercises": person,
    # warning tiers
    "emergency": alert,
    "urgent": clock,
    "routine": calendar,
    # a box to tick by hand
    "box": empty_box,
    "caution": alert,
    # an exercise's safety lines
    "stop": stop,
    "ask": ask,
}


class Icon(Flowable):
    """An icon drawn once per PDF as a form XObject, then reused wherever it appears."""

    def __init__(self, name: str, size: float, colour_hex: str, background_hex: str = "#ffffff"):
        super().__init__()
        self.name, self.size = name, size
        self.colour, self.background = colour_hex, background_hex
        self.width = self.height = size
        self.form = f"icon-{name}-{size:g}-{colour_hex}-{background_hex}".replace("#", "").replace(".", "_")

    def wrap(self, *args):
        return self.width, self.height

    def draw(self):
        canv = self.canv
        if not canv.hasForm(self.form):
            canv.beginForm(self.form, 0, 0, self.size, self.size)
            canv.saveState()  # keep the canvas's own idea of colours and widths true after the form
            ICONS[self.name](canv, self.size, colors.HexColor(self.colour), colors.HexColor(self.background))
            canv.restoreState()
            canv.endForm()
        canv.doForm(self.form)


def icon(name: str, size: float, colour_hex: str, background_hex: str | None = None) -> Icon:
    """The icon ``name`` (a section kind, a warning tier or 'box') as a flowable.

    Tier icons sit on a bar of their tier's colour: they are drawn in white,
    with the bar's colour (``background_hex``) for their inner details.
    """
    return Icon(name, size, colour_hex, background_hex or "#ffffff")


class QrCode(Flowable):
    """A QR code drawn as plain squares (no fonts, no graphics renderer), once per document as a form."""

    def __init__(self, text: str, size: float):
        super().__init__()
        count, self.runs = qr_modules(text)  # computed once per address and process
        self.count = count + 8  # a quiet zone of 4 modules on each side
        self.width = self.height = size
        self.form = qr_form_name(text, size)

    def wrap(self, *args):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        if not canvas.hasForm(self.form):
            canvas.beginForm(self.form, 0, 0, self.width, self.height)
            module = self.width / self.count
            canvas.setFillColor(colors.black)
            for row, col, length in self.runs:  # a run of dark modules in a row is one rectangle
                x = (col + 4) * module
                y = self.height - (row + 5) * module
                canvas.rect(x, y, module * length, module, stroke=0, fill=1)
            canvas.endForm()
        canvas.doForm(self.form)
