"""Lists: which sentences open an item of a list, and the lead-in that introduces it.

Articles describe a body's duties as lists: a lead-in that names the holder ("Practices wishing
to form a network must:", "ICBs will:") and items that carry on its sentence ("agree a plan;",
"1. appoint a lead"). An item says nothing of its subject, so the claims read it from the
lead-in, and a duty's cue may be the lead-in's marker alone. Pure functions of the text and its
sentences.
"""
from __future__ import annotations

import re

from ..records import Sentence
from .sentences import BULLET_CHARS

_NUMBERED = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+", re.I)


def item_number(sentence: str) -> re.Match | None:
    """The list number an item keeps at its start ("1. ", "(b) ", "iv. "), if any."""
    return _NUMBERED.match(sentence)


def opens_item(text: str, sentence: Sentence) -> bool:
    """Does the sentence start a list item: after a bullet on its own line, or with a list number?"""
    line_start = text.rfind("\n", 0, sentence.start_char) + 1
    before = text[line_start:sentence.start_char]
    if before.strip() and before.strip() in BULLET_CHARS:
        return True
    return not before.strip() and bool(item_number(sentence.text))


def list_lead_ins(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """Sentence idx of each list item's first sentence -> idx of the lead-in (a sentence ending in ':')
    whose list it belongs to. Sentences inside an item (after its first) keep the list open."""
    out: dict[int, int] = {}
    lead_in: int | None = None
    lead_in_number: str | None = None
    for sentence in sentences:
        if lead_in is not None and opens_item(text, sentence) and not _next_paragraph(lead_in_number, sentence.text):
            out[sentence.idx] = lead_in
            continue
        line_start = text.rfind("\n", 0, sentence.start_char) + 1
        inside_item = lead_in is not None and text[line_start:sentence.start_char].strip() != ""
        if sentence.text.rstrip().endswith(":"):
            lead_in = sentence.idx
            number = item_number(text[line_start:sentence.end_char])  # the number of the paragraph it ends
            lead_in_number = number.group(0).strip() if number else None
        elif not inside_item:
            lead_in = lead_in_number = None
    return out


def _next_paragraph(lead_in_number: str | None, sentence: str) -> bool:
    """Is a numbered sentence the paragraph after a lead-in's numbered paragraph ("2. Each body has two
    parts:" then "3. Under the Act ..."), not an item of its list? Reports number their paragraphs; a list inside
    one starts again from 1 or a."""
    number = item_number(sentence)
    if not lead_in_number or not number:
        return False
    previous, current = (re.sub(r"\D", "", n) for n in (lead_in_number, number.group(0)))
    return bool(previous and current) and int(current) == int(previous) + 1
