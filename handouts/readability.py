"""Reading level as a measured property of content.

English: Flesch-Kincaid grade (the limit) and Flesch reading ease (reported).
Spanish: Szigriszt-Pazos perspicuity on the INFLESZ scale (the limit) and
Fernandez-Huerta (reported). textstat is imported only when something is
scored, since it costs most of a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from .models import Detail, Topic, sentence

if TYPE_CHECKING:
    from .resolve import Handout


@dataclass(frozen=True)
class Formula:
    name: str
    short: str  # a column heading
    textstat_name: str
    limit: float | None = None
    higher_is_easier: bool = False

    def passes(self, value: float, limit: float | None = None) -> bool:
        limit = self.limit if limit is None else limit
        if limit is None:
            return True
        return value >= limit if self.higher_is_easier else value <= limit


@dataclass(frozen=True)
class Rules:
    """The formulas of one language and the limits shipped content must meet."""

    main: Formula
    other: Formula
    topic_limit: float  # the whole topic, on the main formula


RULES = {
    "en": Rules(
        Formula("Flesch-Kincaid grade", "grade", "flesch_kincaid_grade", limit=8.0),
        Formula("Flesch reading ease", "ease", "flesch_reading_ease", higher_is_easier=True),
        topic_limit=6.5,
    ),
    "es": Rules(
        Formula("Szigriszt-Pazos (INFLESZ)", "inflesz", "szigriszt_pazos", limit=55.0, higher_is_easier=True),
        Formula("Fernandez-Huerta", "huerta", "fernandez_huerta", higher_is_easier=True),
        topic_limit=55.0,
    ),
}


@dataclass(frozen=True)
class Score:
    label: str  # item id, section id or topic id
    main: float
    other: float
    words: int
    ok: bool


@dataclass(frozen=True)
class Report:
    language: str
    rules: Rules
    items: tuple[tuple[str, Score], ...]  # (section id, score of one item)
    sections: tuple[Score, ...]
    topic: Score

    @property
    def failures(self) -> list[tuple[str, Score]]:
        return [(section, score) for section, score in self.items if not score.ok]

    @property
    def ok(self) -> bool:
        return not self.failures and self.topic.ok


def rules_for(language: str) -> Rules | None:
    return RULES.get(language.split("-")[0])


def score(text: str, language: str, label: str = "", limit: float | None = None) -> Score:
    """Score one text with its language's two formulas."""
    import textstat

    rules = rules_for(language) or RULES["en"]
    textstat.set_lang(language.split("-")[0])
    main = round(float(getattr(textstat, rules.main.textstat_name)(text)), 1)
    other = round(float(getattr(textstat, rules.other.textstat_name)(text)), 1)
    words = len(text.split())
    return Score(label, main, other, words, rules.main.passes(main, limit))


def topic_report(topic: Topic) -> Report | None:
    """Score every item, every section and the whole topic; None for a language without rules."""
    rules = rules_for(topic.language)
    if rules is None:
        return None
    items, sections, everything = [], [], []
    for section in topic.sections:
        texts = [item.patient_text() for item in section.items]
        for item_id, text in zip(section.item_ids(), texts, strict=True):
            items.append((section.id, score(text, topic.language, item_id)))
        joined = " ".join(texts)
        everything.append(joined)
        sections.append(score(joined, topic.language, section.id))
    whole = score(" ".join(everything), topic.language, topic.id, limit=rules.topic_limit)
    return Report(topic.language, rules, tuple(items), tuple(sections), whole)


# --- what is printed, at each detail level ------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """What one detail level prints, scored: each item, each section, every section at once, the preset handout."""

    detail: str
    rules: Rules
    items: tuple[tuple[int, int, Score], ...]  # (section index, item index, score)
    sections: tuple[Score, ...]
    topic: Score  # every section and item of the topic, as this level prints them
    handout: Score | None  # the topic's preset for this level as printed; None if it cannot be resolved

    @property
    def failures(self) -> list[tuple[int, int, Score]]:
        return [entry for entry in self.items if not entry[2].ok]

    @property
    def hardest(self) -> Score:
        """The item furthest from its limit."""
        key = (lambda s: -s.main) if self.rules.main.higher_is_easier else (lambda s: s.main)
        return max((score for _, _, score in self.items), key=key)


def as_prose(texts: Iterable[str]) -> str:
    """Printed pieces joined as the formulas read them: a heading, a cell or a 'Call us if:' is a sentence."""
    return " ".join(sentence(re.sub(r"[\s:;,]+$", "", text)) for text in texts if text.strip())


def level_report(topic: Topic, detail: Detail, handout: Handout | None = None) -> Level | None:
    """Score what ``detail`` prints of every item and section, and ``handout`` (the preset) as printed."""
    from .printed import item_texts, printed_texts, prints, texts_of

    rules = rules_for(topic.language)
    if rules is None:
        return None
    language, items, sections, everything = topic.language, [], [], []
    for s_index, section in enumerate(topic.sections):
        texts = [t for _, t in texts_of(section, prints(section.kind).section)]
        item: Any
        for i_index, item in enumerate(section.items):
            printed = [t for _, t in item_texts(section.kind, item, detail)]
            items.append((s_index, i_index, score(as_prose(printed), language, item.id)))
            texts += printed
        everything += texts
        sections.append(score(as_prose(texts), language, section.id))
    whole = score(as_prose(everything), language, topic.id, limit=rules.topic_limit)
    shown = None
    if handout is not None:
        shown = score(as_prose(t for _, t in printed_texts(handout, chrome=True)), language,
                      topic.preset(detail)[1], limit=rules.topic_limit)
    return Level(detail, rules, tuple(items), tuple(sections), whole, shown)


# --- the clinician's own notes, at build ---------------------------------------------------------------

NOTE_WORDS, NOTE_SENTENCES = 12, 2  # shorter than both, a formula says nothing useful
AIM = {"en": "aim for grade 6 to 8", "es": "aim for 55 or more"}


def note_hint(note: str, language: str) -> str | None:
    """A one-line hint when a note is hard to read, naming its score only (a note is PHI); else None."""
    rules = rules_for(language)
    lines = [line for line in note.splitlines() if line.strip()]  # a line of its own reads as a sentence
    text = as_prose(lines)
    if rules is None or (len(text.split()) < NOTE_WORDS and len(re.findall(r"[.!?]+", text)) < NOTE_SENTENCES):
        return None
    result = score(text, language)
    if result.ok:
        return None
    base = language.split("-")[0]
    if base == "en":  # a formula's far end means no more than "very hard"
        reads = f"grade {result.main:.0f}" if result.main < 16 else "grade 16 or more"
    else:
        reads = f"{max(result.main, 0):.0f} on the {rules.main.name} scale"
    aim = AIM.get(base) or f"aim for {'at least' if rules.main.higher_is_easier else 'at most'} {rules.main.limit:g}"
    return (f"reads at about {reads} ({aim}); "
            "shorter sentences and everyday words help patients")
