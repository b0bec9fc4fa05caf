"""What a topic covers: its ICD-10-CM codes and its body region.

A code is checked for shape only (a letter, two digits, then optionally a
dot and one to four letters or digits: M54.50, S93.401A, M17.0); whether a
code exists is the author's to look up. Regions are a fixed list, in the
order `handouts list` prints them: head to foot, then general.
"""

from __future__ import annotations

import re
import unicodedata

REGIONS: tuple[str, ...] = (
    "back", "neck", "shoulder", "elbow", "wrist-hand", "hip", "knee", "ankle-foot", "general",
)
CODE = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")


def region_label(region: str) -> str:
    """A region as a heading reads: 'ankle-foot' -> 'Ankle and foot'."""
    return region.replace("-", " and ").capitalize()


def known_region(value: str) -> str:
    """``value`` if it is one of :data:`REGIONS`, else a problem naming the list (and the nearest one)."""
    from .errors import did_you_mean

    if value not in REGIONS:
        raise ValueError(f"unknown region '{value}'{did_you_mean(value, REGIONS)} (regions: {', '.join(REGIONS)})")
    return value


def code_shape(value: str) -> str:
    """``value`` if it has the shape of an ICD-10-CM code, else a problem showing the shape."""
    if not CODE.match(value):
        raise ValueError(f"expected an ICD-10-CM code such as M54.50 or S93.401A (a capital letter, 2 digits, "
                         f"then optionally a dot and 1-4 capital letters or digits), got '{value}'")
    return value


def fold(text: str) -> str:
    """``text`` without case or accents, to compare what a user types with what a topic says."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def code_matches(query: str, code: str) -> bool:
    """Whether ``query`` is ``code`` or the start of it, in any case, with or without its dot ('m545' finds M54.50)."""
    want = fold(query).replace(".", "").strip()
    return bool(want) and code.casefold().replace(".", "").startswith(want)
