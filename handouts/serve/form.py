"""The web form's fields <-> the core's request, and the core's problems in the form's words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .. import library
from ..errors import HandoutsError, Problem
from ..models import Selection, Topic
from ..request import Overrides, fill_fields

CHOICES = {"detail": ("full", "brief"), "size": ("standard", "large"), "colour": ("colour", "greyscale"),
           "page_size": ("", "letter", "a4")}
MAX_NOTES = 5
# The core names another field as {field}; here each is the control that sets it.
WORDS = {"removes": "the “remove (clinician's decision)” box", "drops": "untick it", "picks": "tick it",
         "patient": "Patient name", "date": "Date", "notes": "Notes", "follow_up": "Follow-up",
         "clinician": "Your name", "language": "Language", "also_in": "Second language", "detail": "Detail",
         "size": "Print size", "colour": "Colour", "page_size": "Page size", "brand": "Brand", "topic": "Topic"}
# A problem's first key -> the field it is shown beside.
FIELDS = {"patient": "patient", "date": "date", "follow_up": "follow_up", "clinician": "clinician",
          "language": "language", "also_in": "also_in", "detail": "detail", "size": "size", "colour": "colour",
          "profile": "size", "page_size": "page_size", "topic": "topic", "sections": "sections",
          "picks": "sections", "drops": "sections", "removes": "sections", "preset": "preset"}


@dataclass
class FormState:
    """Everything the form shows; PHI (patient, notes, follow-up) only ever from a POST body."""

    topic: str
    language: str = "en"
    also_in: str = ""
    detail: str = "full"
    size: str = "standard"
    colour: str = "colour"
    page_size: str = ""
    items: set[tuple[str, str]] = field(default_factory=set)
    removes: set[tuple[str, str]] = field(default_factory=set)
    patient: str = ""
    date: str = ""
    notes: list[str] = field(default_factory=list)
    follow_up: str = ""
    clinician: str = ""

    @classmethod
    def default(cls, topic: Topic) -> FormState:
        """The topic's default handout."""
        return cls.from_choices(topic.id, topic, topic.preset("full")[0])

    @classmethod
    def from_choices(cls, topic_id: str, topic: Topic, sections: Iterable, **axes: Any) -> FormState:
        items, removes = set(), set()
        for choice in sections:
            section = topic.section(choice.section)
            if section is None:
                continue
            for item_id in choice.items if choice.items is not None else section.item_ids():
                items.add((choice.section, item_id))
            removes |= {(choice.section, item_id) for item_id in choice.remove_required}
        return cls(topic_id, items=items, removes=removes, **axes)

    @classmethod
    def from_selection(cls, selection: Selection, topic: Topic) -> FormState:
        """A saved preset's choices (it holds no patient details)."""
        sections = selection.sections if selection.sections is not None else topic.preset(selection.detail)[0]
        return cls.from_choices(selection.topic, topic, sections, language=selection.language,
                                also_in=selection.also_in[0] if selection.also_in else "", detail=selection.detail,
                                size=selection.size, colour=selection.colour, page_size=selection.page_size or "")

    @classmethod
    def from_form(cls, form: Mapping[str, Any], getlist) -> FormState:
        """The posted form, every value a string; unknown choices are kept for the core to refuse."""
        def pairs(name: str) -> set[tuple[str, str]]:
            out = set()
            for value in getlist(name):
                section, _, item = str(value).partition(":")
                out.add((section, item))
            return out

        notes = [str(n) for n in getlist("note")][:MAX_NOTES]
        text = {key: str(form.get(key) or "").strip() for key in
                ("topic", "language", "also_in", "detail", "size", "colour", "page_size", "patient", "date",
                 "follow_up", "clinician")}
        text = {key: value for key, value in text.items() if value}  # a choice not sent is its default
        return cls(text.pop("topic", ""), items=pairs("item"), removes=pairs("remove"), notes=notes, **text)

    def sections(self, topic: Topic) -> tuple[dict, ...]:
        """The choice of sections, in the topic's order: required warnings kept unless removed on purpose."""
        out = []
        first = [c.section for c in topic.default_selection]  # the default handout's order, then the topic's
        order = {section_id: index for index, section_id in enumerate(dict.fromkeys(first + topic.section_ids()))}
        for section in sorted(topic.sections, key=lambda s: order[s.id]):
            required = [i.id for i in section.items if getattr(i, "required", False)]
            picked = [i for i in section.item_ids() if (section.id, i) in self.items or i in required]
            removed = [i for i in required if (section.id, i) in self.removes]
            picked = [i for i in picked if i not in removed]
            if picked or removed:
                entry: dict = {"section": section.id, "items": picked}
                if removed:
                    entry["remove_required"] = removed
                out.append(entry)
        return tuple(out)

    def overrides(self, topic: Topic | None) -> Overrides:
        """The request layer this form types, as the command line types its own."""
        return Overrides(
            topic=self.topic, language=self.language or None, also_in=(self.also_in,) if self.also_in else (),
            detail=self.detail or None, size=self.size or None, colour=self.colour or None,
            page_size=self.page_size or None, patient=self.patient or None, date=self.date or None,
            notes=tuple(n.strip() for n in self.notes if n.strip()), follow_up=self.follow_up or None,
            clinician=self.clinician or None, sections=self.sections(topic) if topic is not None else None)

    def preset(self, topic: Topic) -> dict:
        """The choices to save as a preset: never the patient's name, date, notes or follow-up."""
        data: dict = {"topic": self.topic, "language": self.language}
        if self.also_in:
            data["also_in"] = [self.also_in]
        data.update(detail=self.detail, size=self.size, colour=self.colour)
        if self.page_size:
            data["page_size"] = self.page_size
        data["sections"] = [dict(s) for s in self.sections(topic)]
        return data


def notes_in_form(state: FormState) -> list[int]:
    """The index in the form of each note the request holds (blank boxes are skipped)."""
    return [index for index, note in enumerate(state.notes) if note.strip()]


def field_of(problem: Problem, state: FormState) -> str:
    """The form field a problem concerns: 'note-2', 'patient', ...; 'general' when it names none."""
    key, _, rest = (problem.where or "").partition(".")
    if problem.file or not key:
        return "general"
    if key == "notes":
        index = int(rest.split(".")[0]) if rest.split(".")[0].isdigit() else 0
        places = notes_in_form(state)
        return f"note-{places[index] if index < len(places) else 0}"
    return FIELDS.get(key, "general")


def in_words(problem: Problem) -> str:
    """A problem as the form says it: the message with the form's words, never a YAML key path."""
    message = fill_fields(problem.message, WORDS)
    if problem.file and not problem.file.startswith("content/"):
        return f"{problem.file}{f' line {problem.line}' if problem.line else ''}: {message}"
    return message


def errors(problems: Iterable[Problem], state: FormState) -> dict[str, list[str]]:
    """Each problem beside its field."""
    out: dict[str, list[str]] = {}
    for problem in problems:
        out.setdefault(field_of(problem, state), []).append(in_words(problem))
    return out


def record_line(selection: Selection, topics: Mapping[str, Topic]) -> str:
    """The chart's one line: topic, version, languages, sections, print choices, date; never the patient."""
    first = topics[selection.language]
    langs = ", ".join(topics)
    headings = ", ".join(s.heading for c in (selection.sections or first.preset(selection.detail)[0])
                         if (s := first.section(c.section)) is not None)
    extras = [x for x in ("brief" if selection.detail == "brief" else "",
                          "large print" if selection.size == "large" else "",
                          "greyscale" if selection.colour == "greyscale" else "") if x]
    when = (selection.date or dt.date.today()).isoformat()
    return "; ".join([f"Patient education given: {first.title} v{first.version} ({langs})", f"sections {headings}",
                      *extras, when]).replace("; sections", ", sections").replace("; ", ", ")


def topic_or_none(topic_id: str, language: str) -> Topic | None:
    try:
        return library.load_topic(topic_id, language)
    except HandoutsError:
        return None
