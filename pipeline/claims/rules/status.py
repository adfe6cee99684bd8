"""`has_status`: whether a body is statutory or non-statutory ("became statutory bodies", "a
non-statutory alliance", "voluntary partnerships with no statutory basis")."""
from __future__ import annotations

from collections.abc import Iterator

from ..view import SentenceView, first_after, nearest_before
from .base import RuleClaim, RuleContext, rule

GRAMMAR = {
    "statutory": r"\b{statutory}\b|:\s*statutory\s+(?:bodies|committees)",
    "non_statutory": r"\b{non_statutory}\b",
    "status_before": r"\b({status_before})\s+(?:new\s+)?$",  # "a statutory NHS body", "non-statutory alliances"
}
"""Templates over annotations/rules/predicates.yml (see pipeline/vocabulary.py)."""


@rule("has_status")
def has_status(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    p = context.patterns
    bodies = [b for b in view.bodies() if b.canonical]
    found = []
    negative_spans = [m.span() for m in p.non_statutory.finditer(view.text)]
    for status, pattern in (("statutory", p.statutory), ("non_statutory", p.non_statutory)):
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
        m = p.status_before.search(view.text[max(0, start - 25):start])
        status = ("non_statutory" if m.group(1).lower().startswith("non") else "statutory") if m else None
        if status and (body.canonical, status) not in found and view.text[max(0, start - 25):start].count("(") == 0:
            found.append((body.canonical, status))
            yield RuleClaim(subject=body.canonical, predicate="has_status", object=status, cue=(start - 10, end))
