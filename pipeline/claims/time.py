"""Time: when a document speaks (its `as_of`), and the time a state claim speaks of (SPEC §4, Time).

A state (a status, a count, a duty ...) holds over a time: the sentence's own where it gives one
("since 2016", "in 2019 there were", "until 2022", "prior to July 2022", "became statutory on 1
July 2022"), else the document's time, which a past tense ends ("were voluntary" speaks of before
the document: up to the day before it starts). A bound that nothing fixes is None: unknown, never
"for ever". Events (`dated`, `replaces`, `merges_with`) keep the simpler reading: the first date
that is not a target, else the document's time; their verdicts do not depend on it.
"""
from __future__ import annotations

import datetime as dt
import re

from ..records import Entity, Sentence
from ..vocabulary import Patterns
from .view import SentenceView

DOCUMENT_TIME = "document"  # an as_of that is the document's own time, whatever other dates the sentence holds

Interval = tuple[str | None, str | None]

GRAMMAR = {
    "future": r"\b{future}\b",  # announced as future: the document was written before it began
    "past": r"(?-i:\b(?:{past}|\w+ed)\b)",  # reported as past (lower case: "Published" opens a heading)
    "future_in_past": r"\b{future_in_past}\b",  # "would be covered from April 2021": neither past nor future
    # what makes a "by"/"until" date a target ("will be covered by 2021") rather than the time a claim speaks of
    "future_or_duty": r"\b(?:{future_or_duty}|{asking})\b",
    # the words right before a date (its last 30 characters) that say how a state relates to it
    "state_from": r"\b{state_from}\s+(?:the\s+)?(?:start\s+of\s+|end\s+of\s+|beginning\s+of\s+)?$",
    "state_until": r"\b{state_until}\s+(?:the\s+)?(?:start\s+of\s+|end\s+of\s+)?$",
    "state_before": r"\b{state_before}\s+(?:the\s+)?$",
    "state_target": r"\b(?:by|no\s+later\s+than|deadline\s+of|in\s+time\s+for)\s+(?:the\s+)?(?:end\s+of\s+)?$",
    "state_began": r"\b{state_began}\b",
    "state_now": r"\b{state_now}\b",
    "past_state": r"\b{past_state}\b",
}
"""Templates over annotations/rules/modality.yml, time.yml and verbs.yml (see pipeline/vocabulary.py)."""


def _month_end(year: int, month: int) -> str:
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso[:10]) - dt.timedelta(days=1)).isoformat()


def document_as_of(published: str | None, entities: list[Entity], sentences: list[Sentence],
                   p: Patterns) -> Interval:
    """When the document speaks: its published date (that day, that month), else the span it must
    have been written in: no earlier than the start of the latest event it reports as past, no later
    than the end of the earliest it announces as future. A bound nothing fixes is None."""
    if published and len(published) == 10:
        return published, published
    if published and len(published) == 7:
        return f"{published}-01", _month_end(int(published[:4]), int(published[5:7]))
    by_idx = {s.idx: s.text for s in sentences}
    past, future = [], []
    for e in entities:
        if e.label != "DATE" or not e.date_start or not e.date_end:
            continue
        sentence = by_idx.get(e.sentence_idx, "")
        if p.future_in_past.search(sentence):
            continue  # a plan reported from another time: it dates neither side of this document
        if p.future.search(sentence):
            future.append(e.date_end)  # announced as future: written before it ended
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


def event_as_of(view: SentenceView, own_date: Entity | None, doc_time: Interval, p: Patterns) -> Interval:
    """An event claim's time: the first date of the sentence that is neither its own nor a target,
    else the document's time."""
    for e in view.of("DATE"):
        if e.date_start and e is not own_date and not is_target_date(view, e, p):
            return e.date_start, e.date_end
    return doc_time


def state_as_of(view: SentenceView, cue: tuple[int, int], window: str, doc_time: Interval, p: Patterns) -> Interval:
    """The time a state claim speaks of, from its sentence (see the module docstring). `cue`: the
    offsets of the words that made the claim; `window`: the words that qualify it (its clause)."""
    dates = [e for e in view.of("DATE") if e.date_start and e.date_end]
    clause = view.clause_around(max(0, cue[0]), max(cue[0], cue[1]))
    offset = view.text.find(clause)
    in_clause = [e for e in dates if offset <= view.rel(e)[0] and view.rel(e)[1] <= offset + len(clause)]
    doc_start, doc_end = doc_time
    read = [(e, _introduced(view, e, p)) for e in sorted(in_clause or dates, key=lambda e: _distance(view.rel(e), cue))]
    read = [(e, how) for e, how in read if how != "target"]
    if read:
        date, how = read[0]  # the date nearest the claim's words, read by the words that introduce it
        near = [(e, h) for e, h in read[1:] if _distance(view.rel(e), view.rel(date)) <= 60]
        if how == "from":  # "from 2016 until 2022" ends where a nearby date says so, else at the document's time
            end = next((_end_of(e, h) for e, h in near if h in ("until", "before")), None)
            return date.date_start, end or (doc_end if doc_end and doc_end >= date.date_start else None)
        if how in ("until", "before"):
            return next((e.date_start for e, h in near if h == "from"), None), _end_of(date, how)
        if p.state_began.search(window):  # "became statutory on 1 July 2022": from then on
            return date.date_start, doc_end if doc_end and doc_end >= date.date_start else None
        return date.date_start, date.date_end
    if p.state_now.search(window) or p.state_began.search(window):
        return doc_time
    if p.past_state.search(window):  # "were voluntary": before the document's time
        return None, _day_before(doc_start) if doc_start else None
    return doc_time


def _introduced(view: SentenceView, date: Entity, p: Patterns) -> str:
    """How a date relates to a state, by the words right before it: from, until, before, target
    ("by 2021" in a sentence announcing the future) or at (any other)."""
    before = view.text[max(0, view.rel(date)[0] - 30):view.rel(date)[0]]
    if p.state_from.search(before):
        return "from"
    if p.state_until.search(before):
        return "until"
    if p.state_before.search(before):
        return "before"
    if p.state_target.search(before) and p.future_or_duty.search(view.text):
        return "target"
    return "at"


def _end_of(date: Entity, how: str) -> str:
    """The last day of a state that lasts until the date, or ends before it."""
    return date.date_end if how == "until" else _day_before(date.date_start)


def _distance(span: tuple[int, int], cue: tuple[int, int]) -> int:
    return max(0, span[0] - cue[1], cue[0] - span[1])
