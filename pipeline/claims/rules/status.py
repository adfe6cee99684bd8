"""`has_status`: whether a body is statutory or non-statutory ("became statutory bodies", "a
non-statutory alliance", "voluntary partnerships with no statutory basis")."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..view import SentenceView, first_after, nearest_before
from .base import RuleClaim, RuleContext, rule


_STATUTORY = re.compile(
    r"\b(?:bec[oa]me|becoming|become|as|are|is|be|were|was|into|establish\w*\s+\w+\s+as|create\s+\w+\s+as)\s+"
    r"(?:new\s+|legal\s+entities\s+with\s+|an?\s+(?:new\s+)?)?statutory\s+(?:bodies|organisations|committees|powers|status|body|footing|basis)?"
    r"|\b(?:statutory\s+(?:footing|status|basis|underpinning))\b|:\s*statutory\s+(?:bodies|committees)"
    r"|\b(?:introduc\w+|establish\w*|creat\w+)\s+(?:of\s+)?(?:new\s+)?statutory\b"
    r"|\bestablish\w*\s+(?:\w+\s+){1,3}in\s+law\b|\benshrin\w+\s+(?:\w+\s+){1,3}in\s+legislation\b", re.I)


_NON_STATUTORY = re.compile(r"\b(?:non-statutory|no\s+(?:statutory|legal)\s+(?:basis|status|footing|standing)|informal(?:ly)?|on\s+an\s+informal\s+basis|"
                            r"alliance-basis|not\s+statutory|(?:are|is|were|was|remain|remains)\s+voluntary|"
                            r"voluntary\s+(?:partnerships?|basis|arrangements?|alliances?|systems|networks|joint\s+committees))\b", re.I)


_STATUTORY_BEFORE = re.compile(r"\b(non-statutory|statutory)\s+(?:new\s+)?$", re.I)


@rule("has_status")
def has_status(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    bodies = [b for b in view.bodies() if b.canonical]
    found = []
    negative_spans = [m.span() for m in _NON_STATUTORY.finditer(view.text)]
    for status, pattern in (("statutory", _STATUTORY), ("non_statutory", _NON_STATUTORY)):
        for m in pattern.finditer(view.text):
            if status == "statutory" and any(a < m.end() and m.start() < b for a, b in negative_spans):
                continue
            inside = [b for b in bodies if m.start() <= view.rel(b)[0] and view.rel(b)[1] <= m.end()]
            near = [b for b in bodies if abs(view.rel(b)[0] - m.start()) < 80 or abs(view.rel(b)[1] - m.end()) < 80]
            holder = inside[0] if inside else (nearest_before(view, m.start(), near) or first_after(view, m.end(), near))
            subject = holder.canonical if holder else None
            if view.pointing and view.context_subject and (holder is None or view.rel(holder)[0] > m.start()):
                subject = view.context_subject
            if subject and (subject, status) not in found:
                found.append((subject, status))
                yield RuleClaim(subject=subject, predicate="has_status", object=status, cue=m.span())
    for body in bodies:  # "a statutory NHS ICS body", "non-statutory alliances"
        start, end = view.rel(body)
        m = _STATUTORY_BEFORE.search(view.text[max(0, start - 25):start])
        status = ("non_statutory" if m.group(1).lower().startswith("non") else "statutory") if m else None
        if status and (body.canonical, status) not in found and view.text[max(0, start - 25):start].count("(") == 0:
            found.append((body.canonical, status))
            yield RuleClaim(subject=body.canonical, predicate="has_status", object=status, cue=(start - 10, end))
