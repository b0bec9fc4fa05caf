"""The one screen, rendered on the server: every value escaped, every control labelled."""

from __future__ import annotations

from html import escape
from itertools import groupby
from typing import Iterable, Sequence

from ..coding import region_label
from ..library import TopicSummary
from ..models import Topic
from .form import MAX_NOTES, FormState

LANGUAGE_NAMES = {"en": "English", "es": "Español"}

# A padlock beside a required warning sign, drawn here: an emoji needs a font the system may lack.
LOCK = ('<svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">'
        '<path d="M4 7V5a4 4 0 0 1 8 0v2" fill="none" stroke="currentColor" stroke-width="2"/>'
        '<rect x="2" y="7" width="12" height="8" rx="1" fill="currentColor"/></svg>')


def e(value: object) -> str:
    return escape(str(value), quote=True)


def page(*, topics: Sequence[TopicSummary], query: str, topic: Topic | None, state: FormState | None,
         languages: Sequence[str], presets: Sequence[str], token: str, errors: dict[str, list[str]] | None = None,
         notice: str = "") -> str:
    """The whole page: topic list, the form for the chosen topic, the preview."""
    errors = errors or {}
    body = [f'<aside class="topics" aria-labelledby="find">{_topic_list(topics, query, topic)}</aside>']
    if topic is None or state is None:
        body.append('<main id="main" class="form"><h2>Choose a topic</h2>'
                    '<p>Pick a topic on the left to start a handout.</p></main>')
    else:
        body.append(_form(topic, state, languages, presets, token, errors, notice))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>handouts: patient handouts</title>
<link rel="stylesheet" href="/static/serve.css"><script src="/static/serve.js" defer></script>
</head><body>
<a class="skip" href="#main">Skip to the form</a>
<header><h1>Patient handouts</h1><p>Local and offline: nothing you type leaves this computer.</p></header>
<div class="layout">{''.join(body)}</div>
</body></html>"""


def _topic_list(topics: Sequence[TopicSummary], query: str, chosen: Topic | None) -> str:
    groups = []
    # All topics come in region order and are shown under region headings; a search's come best first, flat.
    for region, members in groupby(topics, key=lambda t: None if query.strip() else t.region):
        links = "".join(
            f'<li data-text="{e((t.id + " " + t.title + " " + (t.subtitle or "")).casefold())}">'
            f'<a href="/?topic={e(t.id)}"{" aria-current=page" if chosen and chosen.id == t.id else ""}>'
            f'{e(t.title)}</a>{f"<span>{e(t.subtitle)}</span>" if t.subtitle else ""}</li>' for t in members)
        heading = f"<h3>{e(region_label(region))}</h3>" if region else ""
        groups.append(f'<section class="region">{heading}<ul>{links}</ul></section>')
    found = "".join(groups) or '<p class="none">No topic matches; try another word.</p>'
    return (f'<h2 id="find">1. Find the topic</h2>'
            f'<form method="get" action="/" role="search"><label for="q">Search topics</label>'
            f'<input id="q" name="q" type="search" value="{e(query)}" autocomplete="off">'
            f'<button type="submit">Search</button></form><nav aria-label="Topics" id="topic-list">{found}</nav>')


def _errors(errors: dict[str, list[str]], name: str) -> str:
    found = errors.get(name, [])
    inner = "".join(f"<li>{e(m)}</li>" for m in found)
    return f'<ul class="error" id="error-{e(name)}" data-error-for="{e(name)}" aria-live="polite">{inner}</ul>'


def _radio(name: str, legend: str, options: Iterable[tuple[str, str]], value: str,
           errors: dict[str, list[str]]) -> str:
    inputs = "".join(
        f'<label><input type="radio" name="{name}" value="{e(v)}"{" checked" if v == value else ""}> {e(text)}</label>'
        for v, text in options)
    return f'<fieldset class="choice"><legend>{e(legend)}</legend>{inputs}{_errors(errors, name)}</fieldset>'


def _sections(topic: Topic, state: FormState, errors: dict[str, list[str]]) -> str:
    out = []
    for section in topic.sections:
        rows = []
        for item in section.items:
            key = (section.id, item.id)
            ident = f"i-{section.id}-{item.id}"
            title = e(getattr(item, "title", None) or getattr(item, "question", None) or item.id)
            if getattr(item, "required", False):
                removed = key in state.removes
                rows.append(
                    f'<li class="required">{LOCK}'
                    f'<span id="{ident}">{title} <em>(required warning sign)</em></span>'
                    f'<label class="remove"><input type="checkbox" name="remove" value="{e(section.id)}:{e(item.id)}"'
                    f'{" checked" if removed else ""} aria-describedby="{ident}"> remove (clinician\'s decision)'
                    f'</label></li>')
            else:
                rows.append(f'<li><label><input type="checkbox" id="{ident}" name="item" '
                            f'value="{e(section.id)}:{e(item.id)}"{" checked" if key in state.items else ""}> '
                            f'{title}</label></li>')
        out.append(f'<fieldset class="section"><legend>{e(section.heading)}</legend><ul>{"".join(rows)}</ul>'
                   f'</fieldset>')
    return "".join(out) + _errors(errors, "sections")


def _notes(state: FormState, errors: dict[str, list[str]]) -> str:
    notes = state.notes + [""] * (MAX_NOTES - len(state.notes))
    boxes = []
    for index, note in enumerate(notes[:MAX_NOTES]):
        boxes.append(f'<div class="note"><label for="note-{index}">Note {index + 1}</label>'
                     f'<textarea id="note-{index}" name="note" rows="2" aria-describedby="level-{index}">'
                     f'{e(note)}</textarea><p class="level" id="level-{index}" aria-live="polite"></p>'
                     f'{_errors(errors, f"note-{index}")}</div>')
    return "".join(boxes)


def _text(name: str, label: str, value: str, errors: dict[str, list[str]], kind: str = "text",
          hint: str = "") -> str:
    described = f' aria-describedby="hint-{name}"' if hint else ""
    hint_html = f'<span class="hint" id="hint-{name}">{e(hint)}</span>' if hint else ""
    return (f'<div class="field"><label for="{name}">{e(label)}</label>{hint_html}'
            f'<input id="{name}" name="{name}" type="{kind}" value="{e(value)}" autocomplete="off"{described}>'
            f'{_errors(errors, name)}</div>')


def _form(topic: Topic, state: FormState, languages: Sequence[str], presets: Sequence[str], token: str,
          errors: dict[str, list[str]], notice: str) -> str:
    langs = [(code, LANGUAGE_NAMES.get(code, code)) for code in languages]
    preset_options = "".join(f'<option value="{e(n)}">{e(n)}</option>' for n in presets)
    load = (f'<form method="get" action="/" class="presets-load">'
            f'<input type="hidden" name="topic" value="{e(topic.id)}">'
            f'<label for="preset">Saved preset</label><select id="preset" name="preset">{preset_options}</select>'
            f'<button type="submit">Load preset</button></form>') if presets else \
        '<p class="hint">No saved presets yet: save the choices below as one.</p>'
    notice_html = f'<p class="notice" role="status">{e(notice)}</p>' if notice else ""
    return f"""<main id="main" class="form">
<h2>{e(topic.title)} <span class="version">v{e(topic.version)}</span></h2>{notice_html}
<section aria-labelledby="presets-h"><h3 id="presets-h">Presets</h3>{load}</section>
<form id="handout" method="post" action="/download" novalidate>
<input type="hidden" name="csrf" value="{e(token)}"><input type="hidden" name="topic" value="{e(topic.id)}">
{_errors(errors, "general")}{_errors(errors, "topic")}
<h3>2. Choose what goes in</h3>
{_sections(topic, state, errors)}
<div class="options">
{_radio("detail", "Detail", [("full", "Full"), ("brief", "Brief (one page)")], state.detail, errors)}
{_radio("size", "Print size", [("standard", "Standard"), ("large", "Large print")], state.size, errors)}
{_radio("colour", "Colour", [("colour", "Colour"), ("greyscale", "Greyscale")], state.colour, errors)}
{_radio("page_size", "Page size", [("", "The clinic's"), ("letter", "Letter"), ("a4", "A4")], state.page_size, errors)}
{_radio("language", "Language", langs, state.language, errors)}
{_radio("also_in", "Second language", [("", "None")] + langs, state.also_in, errors)}
</div>
<h3>3. Personalise</h3>
{_text("patient", "Patient name", state.patient, errors, hint="Printed on the page only.")}
{_text("date", "Date", state.date, errors, kind="date", hint="Today when a name is typed.")}
<fieldset class="notes"><legend>Notes</legend>{_notes(state, errors)}</fieldset>
{_text("follow_up", "Follow-up", state.follow_up, errors, hint="For example: Come back in 2 weeks.")}
{_text("clinician", "Your name", state.clinician, errors)}
<h3>4. Preview and print</h3>
<div class="actions"><button type="submit" id="download">Download PDF</button>
<button type="button" id="copy-record" hidden>Copy chart line</button></div>
<p id="record" class="record" aria-live="polite"></p>
<h3>5. Save these choices</h3>
<div class="field"><label for="preset_name">Preset name</label>
<span class="hint" id="hint-preset">Small letters, digits and '-'. Saved without the patient's name or notes.</span>
<input id="preset_name" name="preset_name" aria-describedby="hint-preset" autocomplete="off">
{_errors(errors, "preset")}<button type="submit" formaction="/preset" id="save-preset">Save preset</button></div>
</form></main>
<section class="preview" aria-labelledby="preview-h"><h2 id="preview-h">Preview</h2>
<p id="status" role="status">The preview appears here; print it with the viewer's printer button.</p>
<iframe id="pdf" title="Handout preview" hidden></iframe></section>"""
