"""Print settings and the paragraph styles they make.

Styles are data: a :class:`Size` per print size and a :class:`Colour` per
colour setting, and one cached :class:`Styles` per (size, colour, font
family, brand colours).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch

from ..fonts import fontset

TEXT = "#1a1a1a"  # near-black body text: 17:1 on white
MUTED = "#4d4d4d"  # secondary text: 8.4:1 on white

# Warning tiers keep their own colours whatever the brand: safety signals are
# not the clinic's to restyle. Each passes 4.5:1 with white text on it, and
# each tier also has its own icon, words and border weight.
TIER_COLOURS = {"emergency": "#a4161a", "urgent": "#7a4a00", "routine": "#1f4e79"}
TIER_GREYS = {"emergency": "#000000", "urgent": "#333333", "routine": "#555555"}


@dataclass(frozen=True)
class Size:
    """One print size: type sizes, line spacing and margins."""

    name: str
    body: float  # points
    title: float
    heading: float
    small: float  # footer and captions
    leading: float = 1.3  # line spacing as a multiple of the type size
    margin: float = 0.65 * inch


@dataclass(frozen=True)
class Colour:
    """One colour setting: the brand's colours, or greys for a black-and-white printer."""

    name: str
    greyscale: bool = False


# Print settings are two axes, each defined once here; the models' Size and
# Colour choices are these keys.
SIZES = {
    # 12.5 pt on a 6.8-inch measure: about 78 characters a line (at 12 pt across 7.2 inches, 90-99).
    "standard": Size("standard", body=12.5, title=24, heading=16, small=9, margin=0.75 * inch),
    # Large print is large everywhere: nothing under 16 pt, the footer included.
    "large": Size("large", body=18, title=30, heading=22, small=16, margin=0.6 * inch),
}
COLOURS = {
    "colour": Colour("colour"),
    "greyscale": Colour("greyscale", greyscale=True),
}


@dataclass(frozen=True)
class Styles:
    """Everything the layout needs to know about how text and boxes look."""

    size: Size
    colour: Colour
    family: str
    primary: colors.Color  # headings, rules
    accent: colors.Color  # tick boxes, table header
    tint: colors.Color  # light fill for boxes
    body: ParagraphStyle
    bold: ParagraphStyle
    bullet: ParagraphStyle
    sign: ParagraphStyle  # a warning sign in the warnings box
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    clinic: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    small_centre: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    tier_head: ParagraphStyle
    hint: ParagraphStyle  # a short how-to under a label (a tracker row's): smaller than the body, still large in large

    def tier_colour(self, tier: str) -> colors.Color:
        table = TIER_GREYS if self.colour.greyscale else TIER_COLOURS
        return colors.HexColor(table[tier])


# Unbounded on purpose: there are few combinations, and pen.Para keys its
# caches on a style's identity, which must never be reused by a new style.
@functools.lru_cache(maxsize=None)
def styles_for(size_name: str, colour_name: str, family: str, primary: str, accent: str) -> Styles:
    profile, colour = SIZES[size_name], COLOURS[colour_name]
    fonts = fontset(family)
    if colour.greyscale:
        primary, accent = "#000000", "#333333"
    size = profile.body

    def style(name: str, font: str = fonts.regular, size: float = size, colour: str = TEXT,
              **extra: object) -> ParagraphStyle:
        extra.setdefault("alignment", TA_LEFT)
        extra.setdefault("bulletFontName", fonts.regular)  # ReportLab's default is unembedded Helvetica
        extra.setdefault("bulletFontSize", size)
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=round(size * profile.leading, 2),
            textColor=colors.HexColor(colour),
            **extra,
        )

    body = style("body", spaceAfter=size * 0.35)
    tint = colors.HexColor("#ececec") if colour.greyscale else _tint(primary, 0.09)
    return Styles(
        size=profile,
        colour=colour,
        family=family,
        primary=colors.HexColor(primary),
        accent=colors.HexColor(accent),
        tint=tint,
        body=body,
        bold=style("bold", fonts.bold),
        bullet=style("bullet", leftIndent=size * 1.3, bulletIndent=size * 0.2, spaceAfter=size * 0.3),
        sign=style("sign", leftIndent=size * 1.1, bulletIndent=size * 0.1, spaceAfter=size * 0.12),
        title=style("title", fonts.bold, profile.title, primary, spaceAfter=2),
        subtitle=style("subtitle", size=size * 1.05, colour=MUTED, spaceAfter=size * 0.6),
        heading=style("heading", fonts.bold, profile.heading, primary),
        clinic=style("clinic", fonts.bold, profile.heading * 1.05, primary),
        small=style("small", size=profile.small, colour=MUTED),
        small_right=style("small_right", size=profile.small, colour=MUTED, alignment=2),
        small_centre=style("small_centre", size=profile.small, colour=MUTED, alignment=1),
        cell=style("cell"),
        cell_head=style("cell_head", fonts.bold, colour="#ffffff"),
        tier_head=style("tier_head", fonts.bold, size * 1.08, "#ffffff"),
        hint=style("hint", size=max(profile.small, size * 0.9), colour=MUTED),
    )


def _tint(hex_colour: str, strength: float) -> colors.Color:
    """``hex_colour`` mixed into white: a fill light enough for body text on it."""
    c = colors.HexColor(hex_colour)
    return colors.Color(*(1 - strength * (1 - v) for v in (c.red, c.green, c.blue)))
