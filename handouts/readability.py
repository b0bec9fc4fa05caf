"""Reading level as a measured property of content.

English: Flesch-Kincaid grade (the limit) and Flesch reading ease (reported).
Spanish: Szigriszt-Pazos perspicuity on the INFLESZ scale (the limit) and
Fernandez-Huerta (reported). textstat is imported only when something is
scored, since it costs most of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Topic


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
