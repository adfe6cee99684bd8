"""Quantities: `has_population` (people covered by one such body) and `has_count` (how many such
bodies there are, at the time the sentence gives)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..time import DOCUMENT_TIME
from ..view import SentenceView, actor_before, subject_before
from .base import RuleClaim, RuleContext, rule


@rule("has_population")
def has_population(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    for pop in view.of("POPULATION"):
        start, end = view.rel(pop)
        subject_entity = actor_before(view, start, [b for b in view.bodies() if b.canonical])
        subject = subject_entity.canonical if subject_entity else (view.context_subject if view.pointing else None)
        if subject:
            yield RuleClaim(subject=subject, predicate="has_population", value_min=pop.pop_min, value_max=pop.pop_max,
                                cue=(start, end))


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})


GRAMMAR = {
    "count_before": r"{count_before}\s+(?:{count_adverbs}\s+)?(?:the\s+)?$",  # "there are 42", "all 42": a total
    # "there were 135 CCGs in 2020 and 106 in 2022": a number with no noun counts what the sentence counted before
    "count_elided": r"\b(?:{count_before}\s+(?:{count_adverbs}\s+)?|\band\s+)(\d{1,4})(?=\s+(?:in|by|at|across|now|today|left|"
                    r"remaining)\b|\s*[,.;)]|$)",
    "count_national": r"\s*(?:\([^)]*\)\s*)?(?:areas\s+)?(?:in|across)\s+{national_areas}",  # "42 ICSs across England"
    "count_areas": r"{count_areas}\s+(\d+)\s+areas",  # "covered 44 areas"
}
"""Templates over annotations/rules/predicates.yml (see pipeline/vocabulary.py)."""


_LOOK_BACK = 200  # longer than any count_before phrase; the patterns below are anchored at its end
_CLAUSE_END = re.compile(r"[,;:]\s*$")
_OF_THE = re.compile(r"\bof\s+the\s+$")
_NOT_A_COUNT = re.compile(r"\s*(?:%|per\s*cent|in\s+(?:every|each|\d{1,2}\b))", re.I)  # "and 40% ", "and 3 in 10"
_COUNT_NUMBER = re.compile(r"(\d{1,4}|[a-z]+(?:-[a-z]+)?)\s+(?:[A-Za-z-]+\s+){0,2}$", re.I)


_NUMBER_CHANGE = re.compile(r"number\s+(?:\w+\s+){0,2}from\s+(\d+)\s+in\s+((?:19|20)\d\d)\s+to\s+(\d+)"
                            r"(?:\s+in\s+((?:19|20)\d\d)|\s+now)?", re.I)


def _number_value(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in _NUMBER_WORDS and unit in _NUMBER_WORDS:
            return _NUMBER_WORDS[tens] + _NUMBER_WORDS[unit]
    return _NUMBER_WORDS.get(word)


@rule("has_count")
def has_count(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    text, p = view.text, context.patterns
    kinds = [b for b in view.bodies() if (context.registry.bodies.get(b.canonical) or {}).get("kind") == "type"]
    found: list[RuleClaim] = []
    for body in kinds:
        start, end = view.rel(body)
        m = _COUNT_NUMBER.search(text[max(0, start - 40):start])
        if not m:
            continue
        value = _number_value(m.group(1))
        cut = start - len(m.group(0))
        before = text[max(0, cut - _LOOK_BACK):cut]  # the words before the number: a bounded look, never the whole prefix
        after = text[end:end + 40].lower()
        opens_clause = cut == 0 or _CLAUSE_END.search(before)
        total = (p.count_before.search(before) or p.count_national.match(after)
                 or opens_clause and not re.match(r"\s*(?:[–—:(]|-\s)", after) and (value or 0) >= 10)
        # "Since July 2022, 42 boards have ...": a clause that opens with the number is a total, unless examples
        # follow ("Two ICSs – Greater Manchester and Surrey – have ...") or the number is small ("Three boards reported")
        if value and value > 1 and total and not _OF_THE.search(before):
            found.append(RuleClaim(subject=body.canonical, predicate="has_count", value_min=value, value_max=value,
                                cue=(start - len(m.group(0)), end)))
    yield from found
    for m in p.count_elided.finditer(text):
        before = [c for c in found if c.cue[1] <= m.start(1)]
        if before and not _NOT_A_COUNT.match(text, m.end(1)) and not any(a <= m.start(1) < b for a, b in (c.cue for c in found)):
            value = int(m.group(1))
            yield RuleClaim(subject=before[-1].subject, predicate="has_count", value_min=value, value_max=value,
                            cue=(m.start(), m.end()))
    for m in _NUMBER_CHANGE.finditer(text):
        subject = subject_before(view, m.start()) or (kinds[0].canonical if kinds else None)
        if subject:
            y = m.group(2)
            yield RuleClaim(subject=subject, predicate="has_count", value_min=int(m.group(1)),
                                value_max=int(m.group(1)), as_of=(f"{y}-01-01", f"{y}-12-31"), cue=m.span())
            later = (f"{m.group(4)}-01-01", f"{m.group(4)}-12-31") if m.group(4) else DOCUMENT_TIME  # "to 195 now"
            yield RuleClaim(subject=subject, predicate="has_count", value_min=int(m.group(3)),
                                value_max=int(m.group(3)), as_of=later, cue=m.span())
    for m in p.count_areas.finditer(text):
        subject = subject_before(view, m.start())
        if subject:
            yield RuleClaim(subject=subject, predicate="has_count", value_min=int(m.group(1)),
                                value_max=int(m.group(1)), cue=m.span())
