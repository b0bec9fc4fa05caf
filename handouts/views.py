"""What `handouts show` prints: a topic's pickable sections and items."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .coding import REGIONS, region_label

if TYPE_CHECKING:
    from .library import TopicSummary
    from .models import Topic


def _defaults(topic: Topic) -> dict[str, set[str]]:
    """Section id -> ids of the items in the topic's default handout."""
    out = {}
    for choice in topic.default_selection:
        section = topic.section(choice.section)
        assert section is not None, "validation checks that the default selection's sections exist"
        out[choice.section] = set(choice.items if choice.items is not None else section.item_ids())
    return out


def show_text(topic: Topic) -> str:
    from .models import WarningItem

    defaults = _defaults(topic)
    lines = [
        f"{topic.title} ({topic.id}, {topic.language}, version {topic.version})",
        f"Review: {topic.review.status}" + (f" - {topic.review.note}" if topic.review.note else ""),
        f"Region: {topic.region or 'not given'}",
        f"Codes (ICD-10-CM): {', '.join(topic.codes) or 'none given'}",
        "",
        "Sections, in order (* = in the default handout, ! = required warning sign):",
    ]
    width = max(len(item.id) for section in topic.sections for item in section.items)
    for section in topic.sections:
        star = "*" if section.id in defaults else " "
        lines.append(f"{star} {section.id}  [{section.kind}]  {section.heading}")
        for item in section.items:
            marks = ("*" if item.id in defaults.get(section.id, ()) else " ") + (
                "!" if isinstance(item, WarningItem) and item.required else " "
            )
            tier = f"{item.tier}: " if isinstance(item, WarningItem) else ""
            lines.append(f"    {marks} {item.id.ljust(width)}  {tier}{item.title}")
    lines += [
        "",
        "Pick in a selection file:",
        "  sections:",
        f"    - section: {topic.sections[0].id}",
        f"      items: [{', '.join(topic.sections[0].item_ids()[:2])}]",
        f"or on the command line: handouts build {topic.id} --pick "
        f"{topic.sections[0].id}={','.join(topic.sections[0].item_ids()[:2])}",
    ]
    return "\n".join(lines)


def show_json(topic: Topic) -> str:
    from .models import WarningItem

    defaults = _defaults(topic)
    data = {
        "id": topic.id,
        "language": topic.language,
        "title": topic.title,
        "version": topic.version,
        "review": topic.review.status,
        "region": topic.region,
        "codes": list(topic.codes),
        "sections": [
            {
                "id": section.id,
                "kind": section.kind,
                "heading": section.heading,
                "default": section.id in defaults,
                "items": [
                    {
                        "id": item.id,
                        "title": item.title,
                        "default": item.id in defaults.get(section.id, ()),
                        **({"tier": item.tier, "required": item.required} if isinstance(item, WarningItem) else {}),
                    }
                    for item in section.items
                ],
            }
            for section in topic.sections
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def list_text(found: list[TopicSummary], grouped: bool = True) -> str:
    """Topics as `handouts list` prints them: a heading per region in the fixed order, or (a search) best first."""
    width = max(len(s.id) for s in found)
    header = f"  {'TOPIC'.ljust(width)}  {'LANGUAGES':<9}  VERSION  TITLE"
    lines = [header]
    regions: list[str | None] = [r for r in REGIONS if any(s.region == r for s in found)] if grouped else [None]
    for region in regions:
        if region is not None:
            lines.append(f"{region_label(region)}:")
        for s in (s for s in found if region is None or s.region == region):
            note = "" if s.review == "reviewed" else "  (not yet clinically reviewed)"
            place = f"  [{s.region}]" if not grouped else ""
            lines.append(f"  {s.id.ljust(width)}  {','.join(s.languages):<9}  {s.version:<7}  {s.title}{place}{note}")
    return "\n".join(lines)


def list_json(found: list[TopicSummary]) -> str:
    return json.dumps([s.as_dict() for s in found], indent=2, ensure_ascii=False)
