"""Unit tests of handouts.fonts: the one path text takes to ReportLab markup."""

from __future__ import annotations

import pytest

from handouts.errors import LayoutError
from handouts.fonts import FALLBACK, clean, fontset, glyph_problems, markup
from handouts.yamlload import Document

MAIN = "atkinson-hyperlegible"


def refusal(text: str, field: str = "notes.0") -> list[str]:
    with pytest.raises(LayoutError) as excinfo:
        markup(text, MAIN, field)
    return [str(p) for p in excinfo.value.problems]


# --- escaping ---------------------------------------------------------------------------


def test_markup_escapes_angle_brackets_and_ampersands():
    assert markup("a < b & c > d", MAIN, "f") == "a &lt; b &amp; c &gt; d"


def test_markup_prints_tags_literally():
    assert markup("<b>not bold</b>", MAIN, "f") == "&lt;b&gt;not bold&lt;/b&gt;"


def test_markup_escapes_an_already_escaped_entity_again():
    assert markup("&amp;", MAIN, "f") == "&amp;amp;"


def test_plain_text_the_main_face_draws_is_unchanged():
    assert markup("Ice for 15 to 20 minutes.", MAIN, "f") == "Ice for 15 to 20 minutes."


def test_markup_reads_back_literally_in_a_paragraph():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    text = "<b>not bold</b> & more &amp; <font name=x> <i>y</i>"
    style = ParagraphStyle("body", fontName=fontset(MAIN).regular)
    assert Paragraph(markup(text, MAIN, "f"), style).getPlainText() == text


# --- fallback face ------------------------------------------------------------------------


def test_a_word_the_main_face_lacks_is_drawn_in_the_fallback_face():
    assert markup("Ελληνικά word", MAIN, "f") == '<font name="dejavu-sans-regular">Ελληνικά</font> word'


def test_a_bold_fallback_word_uses_the_bold_fallback_face():
    assert markup("Ελληνικά", MAIN, "f", bold=True) == '<font name="dejavu-sans-bold">Ελληνικά</font>'


def test_each_fallback_word_is_wrapped_on_its_own():
    assert markup("Tiếng Việt", MAIN, "f") == (
        '<font name="dejavu-sans-regular">Tiếng</font> <font name="dejavu-sans-regular">Việt</font>'
    )


def test_text_in_a_fallback_word_is_escaped_too():
    assert markup("→<", MAIN, "f") == '<font name="dejavu-sans-regular">→&lt;</font>'


def test_the_fallback_family_as_main_face_needs_no_font_switch():
    assert markup("Ελληνικά → x", FALLBACK, "f") == "Ελληνικά → x"


def test_fontsets_register_a_regular_and_a_bold_face():
    main = fontset(MAIN)
    assert (main.regular, main.bold) == ("atkinson-hyperlegible-regular", "atkinson-hyperlegible-bold")


def test_fallback_face_draws_characters_the_main_face_lacks():
    assert "α" not in fontset(MAIN).chars
    assert "α" in fontset(FALLBACK).chars


# --- refused characters ----------------------------------------------------------------------


def test_a_character_no_bundled_font_has_is_refused_naming_the_field():
    assert refusal("see 漢字", "sections.1.items.0.body") == [
        "sections.1.items.0.body: no bundled font can draw '漢' (U+6F22 CJK UNIFIED IDEOGRAPH-6F22); "
        "remove or replace it"
    ]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused(char):
    assert refusal(f"ring {char} bell") == [
        f"notes.0: found the control character U+{ord(char):04X}; expected printable text, remove it"
    ]


def test_glyph_problems_locates_what_markup_refuses():
    doc = Document("sel.yaml", {"notes": ["ok", "漢"]}, {("notes", 1): 7})
    problems = glyph_problems(doc, [(("notes", 0), "ok"), (("notes", 1), "漢")], MAIN)
    assert [str(p) for p in problems] == [
        "sel.yaml:7: notes.1: no bundled font can draw '漢' (U+6F22 CJK UNIFIED IDEOGRAPH-6F22); remove or replace it"
    ]


def test_glyph_problems_accepts_printable_text():
    doc = Document("sel.yaml", {})
    assert glyph_problems(doc, [(("patient",), "Ana Díaz, Ελένη")], MAIN) == []


# --- cleaning pasted text ---------------------------------------------------------------------


def test_tab_becomes_a_space():
    assert clean("a\tb", "f") == "a b"


def test_windows_line_ends_become_newlines():
    assert clean("a\r\nb", "f") == "a\nb"


def test_vertical_tab_and_form_feed_become_newlines():
    assert clean("a\x0bb\x0cc", "f") == "a\nb\nc"


def test_newline_is_kept():
    assert clean("a\nb", "f") == "a\nb"


def test_text_is_normalised_to_composed_characters():
    assert clean("cafe\u0301", "f") == "caf\u00e9"
