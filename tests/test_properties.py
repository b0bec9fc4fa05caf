"""Property tests: the three doors hostile input comes through, for any input at all.

(a) ``yamlload.parse_yaml``: any text, and text built from YAML's own syntax,
    gives a Document or a HandoutsError (never another exception), quickly.
(b) ``validate.validate`` against Selection, Brand and Topic: any nested data a
    YAML file can hold gives a model, or a HandoutsError whose every problem is
    one line (the CLI prints one line per problem).
(c) ``fonts.markup``: any text is refused with a LayoutError, or becomes markup
    that ReportLab's Paragraph parses back to exactly the text typed (NFC, tab as
    a space, no carriage return): nothing in the text is ever read as markup.

Inputs found to break a property are pinned as plain parametrised tests beside
it, so they show on every run (hypothesis stops at a failing @example and
would then never try the generated inputs).
No network; examples are kept modest so the suite stays quick.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from xml.sax.saxutils import unescape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.errors import HandoutsError, LayoutError
from handouts.fonts import fontset, markup
from handouts.models import Brand, Selection, Topic
from handouts.validate import validate
from handouts.yamlload import Document, parse_yaml

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
QUICK = 2.0  # seconds: the most one small input may take


# --- (a) parse_yaml ------------------------------------------------------------------------------

TOKENS = [
    # structure
    "a", "b", "topic", "notes", ":", ": ", "- ", "? ", ",", "[", "]", "{", "}", "\n", "  ", "    ", "\t", "#",
    "---", "---\n", "...\n", "|", ">", "|-", ">+", "\"", "'", "\\", "\\n", "\\x07", "\\0", "\\u202e",
    # anchors, aliases, merge keys
    "&x ", "*x", "&y ", "*y", "*undefined", "<<: ",
    # tags: standard, custom, Python, verbatim, directives
    "!t ", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ", "!!map ",
    "!!seq ", "!!set ", "!!omap ", "!!pairs ", "!!python/object:os.system ", "!!python/name:os.system ",
    "!<tag:yaml.org,2002:str> ", "%YAML 1.1\n", "%YAML 1.2\n", "%TAG ! tag:example.com,2000:\n",
    # YAML 1.1 scalars
    "~", "null", "Null", "yes", "No", "NO", "on", "off", "y", "n", "true", "0123", "0o17", "0x1F", "0b101",
    "1_000", "8:30", "190:20:30", ".inf", "-.inf", ".nan", "1e999", "-0", "+1", "2026-02-30", "2026-11-24",
    "2026-11-24T10:00:00Z", "2026-11-24 25:61:00", "123456789012345678901234567890",
    # characters
    "é", "e\u0301", "\u2028", "\u0085", "\ufeff", "\u00a0", "\x07", "\x1b", "\x00", "\U0001F600", "<b>", "&amp;",
]

yamlish_tokens = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)

_plain = st.sampled_from(["Ana", "back-spasms", "No", "0123", "8:30", "~", "2026-02-30", ".inf", "\"x\"", "'y'",
                          "<b>", "a: b", "- c", "''", "\"\""])
_tag = st.sampled_from(["", "", "", "!!str ", "!!int ", "!!bool ", "!!float ", "!!timestamp ", "!!null ", "!t ",
                        "!!python/object:x ", "&a ", "*a", "!!binary "])


def _flow(children):
    return st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(_plain, children), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
    )


_flow_value = st.recursive(st.tuples(_tag, _plain).map("".join), _flow, max_leaves=12)
yamlish_documents = st.lists(
    st.tuples(st.sampled_from(["topic", "patient", "notes", "date", "<<", "? x", "a", "b", "\"k\\n\"", "1", "~"]),
              _tag, _flow_value, st.sampled_from(["", "  ", "\t", "  # c"])),
    min_size=1, max_size=6,
).map(lambda rows: "\n".join(f"{k}: {t}{v}{end}" for k, t, v, end in rows) + "\n")


def parses_or_refuses(text: str) -> None:
    start = time.monotonic()
    try:
        doc = parse_yaml(text, "sel.yaml")
    except HandoutsError as exc:
        assert exc.problems, "a HandoutsError with no problem in it"
    else:
        assert isinstance(doc, Document)
    assert time.monotonic() - start < QUICK, f"parse_yaml took {time.monotonic() - start:.1f} s"


@SETTINGS
@given(st.text())
def test_parse_yaml_on_any_text_gives_a_document_or_a_handouts_error(text):
    parses_or_refuses(text)


@SETTINGS
@given(st.one_of(yamlish_tokens, yamlish_documents))
@example("a: &x [*x]\n")
@example("a: " + "[" * 1000 + "]" * 1000 + "\n")
@example("%YAML 1.1\n---\na: 1\n--- \nb: 2\n")
def test_parse_yaml_on_yaml_syntax_gives_a_document_or_a_handouts_error(text):
    parses_or_refuses(text)


# Inputs hypothesis has found to break (a), pinned so they show on every run.
PINNED_YAML = {
    "bool-tag-on-a-word": "patient: !!bool maybe\n",  # PyYAML's bool constructor: KeyError
    "timestamp-tag-on-a-word": "date: !!timestamp soon\n",  # PyYAML's timestamp constructor: AttributeError
    "int-tag-on-nothing": "patient: !!int\n",  # PyYAML's int constructor on '': IndexError
    "float-tag-on-empty-text": "patient: !!float ''\n",
    "hex-key-of-5000-digits": "? 0x" + "f" * 5000 + "\n: x\n",  # str() of the key: ValueError
}


@pytest.mark.parametrize("text", PINNED_YAML.values(), ids=list(PINNED_YAML))
def test_parse_yaml_pinned_inputs(text):
    parses_or_refuses(text)


# --- (b) validate ----------------------------------------------------------------------------------

FIELD_NAMES = sorted({*Selection.model_fields, *Brand.model_fields, *Topic.model_fields,
                      "section", "items", "remove_required", "primary", "accent", "regular", "bold", "id", "title",
                      "summary", "body", "kind", "tier", "required", "cells", "columns", "heading", "status",
                      "reviewed_by", "reviewed_on"})


class HugeInt(int):
    """An int of thousands of digits, as YAML reads 0xfff...; shown short in hypothesis' reports,
    but str() of it fails beyond Python's 4300-digit limit, as it does for a plain int."""

    __str__ = int.__repr__

    def __repr__(self):
        return "HugeInt(16 ** 5000)"


HUGE = HugeInt(16 ** 5000)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)), st.text(max_size=60),
    st.sampled_from(["full", "brief", "large", "a4", "en", "es", "back-spasms", "key-points", "warnings",
                     "emergency", "reviewed", "1.0.0", "#0e5e6f", "#fff", "atkinson-hyperlegible", "x" * 300,
                     "a\nb", "a\rb", "\u2028", "\x1b[31m", HUGE]),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=20))
nested = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)), max_leaves=25)
documents = st.one_of(st.dictionaries(keys, nested, max_size=8), nested)


@SETTINGS
@given(documents, st.sampled_from([Selection, Brand, Topic]))
def test_validate_gives_a_model_or_one_line_per_problem(data, model):
    validates_or_refuses_in_one_line_each(data, model)


PINNED_DATA = {
    "value-with-a-line-break": ({"topic": "back-spasms", "detail": "ful\nl"}, Selection),
    "key-with-a-line-break": ({"topic": "back-spasms", "pa\ntient": "Ana"}, Selection),
    "value-with-a-carriage-return": ({"clinic": "Riverside", "page_size": "a4\rletter"}, Brand),
    "number-of-6000-digits": ({"clinic": "Riverside", "emergency_number": HUGE}, Brand),
}


@pytest.mark.parametrize("data, model", PINNED_DATA.values(), ids=list(PINNED_DATA))
def test_validate_pinned_inputs(data, model):
    validates_or_refuses_in_one_line_each(data, model)


def validates_or_refuses_in_one_line_each(data, model):
    doc = Document("sel.yaml", data, {(): 1, **{(k,): 2 for k in (data if isinstance(data, dict) else ())}})
    try:
        result = validate(doc, model)
    except HandoutsError as exc:
        assert exc.problems
        for problem in exc.problems:
            text = str(problem)
            assert text and text.splitlines() == [text], f"a problem printed on several lines: {text!r}"
    else:
        assert isinstance(result, model)


# --- (c) markup ----------------------------------------------------------------------------------------

MAIN = "atkinson-hyperlegible"
FACES = {fontset(MAIN).regular, fontset("dejavu-sans").regular}

MARKUP_TOKENS = [
    "<", ">", "/", "&", ";", "#", "=", "\"", "'", " ", "\n", "\t", "\r", "\x0b", "b", "i", "u", "para", "font",
    "span", "a", "img", "br", "strike", "super", "sub", "seq", "onDraw", "name", "face", "color", "size", "href",
    "src", "backColor", "amp", "lt", "gt", "nbsp", "#60", "#x3c", "quot", "[[[", "]]]", "__import__('os')",
    ".system('touch PWNED')", "<!--", "-->", "<![CDATA[", "]]>", "<?xml", "?>", "javascript:", "/etc/passwd",
    "é", "e\u0301", "Ω", "→", "\u00a0", "\u200b", "\u2028",
]
markup_like = st.lists(st.sampled_from(MARKUP_TOKENS), max_size=30).map("".join)


def typed(text: str) -> str:
    """What the handout should say for typed text: NFC, tab as a space, no carriage return
    (and, as the fonts module documents, vertical tab and form feed as line breaks)."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\t", " ").replace("\r", "").replace("\x0b", "\n").replace("\x0c", "\n")


def _reportlab_whitespace() -> str:
    try:
        from reportlab.platypus.paragraph import _wsc
    except ImportError:  # ReportLab's own list, as of 4.x
        _wsc = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
               "\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
    return _wsc


WHITESPACE = re.compile("[%s]+" % re.escape(_reportlab_whitespace()))


def collapse(text: str) -> str:
    """A Paragraph lays text out with each run of whitespace as one space."""
    return WHITESPACE.sub(" ", text).strip()


@SETTINGS
@given(st.one_of(st.text(), markup_like))
@example("<span color=\"[[[__import__('os').system('touch PWNED')]]]\">x</span>")
@example("<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch PWNED')]]]\">x</font>")
@example("<para backColor=\"[[[__import__('os').system('touch PWNED')]]]\">x</para>")
@example("<a href=\"javascript:alert(1)\">x</a> <img src=\"/etc/passwd\"/> &amp; &#60; <!-- c --> </para>")
@example("<font name=\"dejavu-sans-bold\" size=\"40\">Ω</font> <b>→</b>")
@example("tab\there\r\nCRLF \x0b \x0c")
def test_markup_is_refused_or_read_back_literally(text):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    try:
        result = markup(text, MAIN, "field")
    except LayoutError as exc:
        assert exc.problems and all(str(p).startswith("field: ") for p in exc.problems)
        return
    want = typed(text)
    # Our own tags are the only tags: strip them, undo the escaping, and the text is back.
    assert unescape(re.sub(r"<[^>]*>", "", result)) == want
    style = ParagraphStyle("body", fontName=fontset(MAIN).regular, fontSize=12)
    paragraph = Paragraph(result, style)
    assert collapse(paragraph.getPlainText()) == collapse(want)
    for frag in paragraph.frags:  # nothing in the text changed how it is drawn
        assert frag.fontName in FACES, frag.fontName
        assert frag.fontSize == style.fontSize and frag.textColor == style.textColor
        assert not getattr(frag, "link", None) and not getattr(frag, "cbDefn", None)
        assert not getattr(frag, "backColor", None) and not getattr(frag, "rise", 0)
        assert not getattr(frag, "underline", 0) and not getattr(frag, "strike", 0)
