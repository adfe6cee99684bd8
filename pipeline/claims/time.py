"""Time: when a document speaks (its `as_of`), and which dates in a sentence are targets rather
than the time a claim speaks of (SPEC §4, Time)."""
from __future__ import annotations

import datetime as dt
import re

from ..records import Entity, Sentence
from ..vocabulary import Patterns
from .view import SentenceView

DOCUMENT_TIME = "document"  # an as_of that is the document's own time, whatever other dates the sentence holds


GRAMMAR = {
    "future": r"\b{future}\b",  # announced as future: the document was written before it began
    "past": r"(?-i:\b(?:{past}|\w+ed)\b)",  # reported as past (lower case: "Published" opens a heading)
    # what makes a "by"/"until" date a target ("will be covered by 2021") rather than the time a claim speaks of
    "future_or_duty": r"\b(?:{future_or_duty}|{asking})\b",
}
"""Templates over annotations/rules/modality.yml and verbs.yml (see pipeline/vocabulary.py)."""


def document_as_of(published: str | None, entities: list[Entity], sentences: list[Sentence],
                   p: Patterns) -> tuple[str | None, str | None]:
    """When the document speaks: its published date, else the span it must have been written in
    (no earlier than the latest event reported as past, no later than the earliest announced as future)."""
    if published and len(published) == 10:
        return published, published
    if published and len(published) == 7:
        year, month = int(published[:4]), int(published[5:7])
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return f"{published}-01", last.isoformat()
    by_idx = {s.idx: s.text for s in sentences}
    past, future = [], []
    for e in entities:
        if e.label != "DATE" or not e.date_start:
            continue
        sentence = by_idx.get(e.sentence_idx, "")
        if p.future.search(sentence):
            future.append(e.date_start)  # announced as future: written before it began
        elif p.past.search(sentence):
            past.append(e.date_start)
    start = max(past) if past else None
    ends = [f for f in future if start is None or f >= start]
    return start, (min(ends) if ends else None)


def is_target_date(view: SentenceView, date: Entity, p: Patterns) -> bool:
    """"by 2021", "before April 2022", "until 2025": a target, not the time the claim speaks of."""
    start, _ = view.rel(date)
    return bool(re.search(r"\b(?:by|before|until|from)\s*$", view.text[max(0, start - 10):start], re.I)) \
        and bool(p.future_or_duty.search(view.text))
