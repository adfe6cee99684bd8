"""`raises_concern`: a CONCERN span's topic, who voices it (`holder`: a named person, a group such
as "some GPs", a body that reports it) and which body it is about, with the rival readings."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...vocabulary import Words
from ..discourse import is_reporter
from ..view import SentenceView
from .base import RuleClaim, RuleContext, rule

GRAMMAR = {
    # who voices a concern: "voiced by some GPs who", "Jane Smith, a GP, said", "some GPs fear", "critics argued"
    "holder": r"(?:{voicing}\s+by\s+(?:some\s+|many\s+)?(?P<by>[\w’' ]{2,40}?)\s+who\b"
              r"|(?P<name>(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+))(?:,[^,]{0,80},)?\s+{reporting_after_a_name}"
              r"|(?:some|many|several)?\s*(?P<group>(?:(?-i:[A-Z]{2,})\s+|[a-z]+\s+)?{holder_groups}"
              r"|some|many)\s+(?:\w+\s+)?{reporting_after_a_group})",
    # "They argue that ...": the body pointed to holds the concern
    "pointed_speaker": r"^(?:they|it|he|she)\s+(?:also\s+)?{reporting_after_a_pronoun}\b",
    "self_voicing": Words("self_voicing"),
}
"""Templates over annotations/rules/discourse.yml and verbs.yml (see pipeline/vocabulary.py)."""


@rule("raises_concern")
def raises_concern(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    if not view.of("CONCERN"):
        return
    p = context.patterns
    holder_match = p.holder.search(view.text)
    holder = None
    if holder_match:
        holder = next(g for g in (holder_match.group("by"), holder_match.group("name"), holder_match.group("group")) if g)
        holder = re.sub(r"^(?:some|many|several)\s+", "", holder.strip(), flags=re.I)
        if holder.lower() in ("some", "many"):
            holder = None
    reporters = [b for b in view.bodies() if b.canonical and is_reporter(view, b, p)]
    if holder is None and reporters:
        holder = reporters[0].canonical
    speaker_pointed = bool(p.pointed_speaker.match(view.text))
    if holder is None and speaker_pointed:  # "They argue that ...": the body pointed to holds the concern
        holder = view.context_subject
    for concern in view.of("CONCERN"):
        start, end = view.rel(concern)
        candidates = [b for b in view.bodies() if b.canonical and b not in reporters and b.canonical not in p.never_subjects
                      and (holder is None or b.text != holder)]
        inside = [b for b in candidates if start <= view.rel(b)[0] < end]
        candidates = [b for b in candidates if view.rel(b)[0] < end  # a body after the concern only in its own clause
                      or not re.search(r"[;:]|,\s*(?:and|but|while|whereas)\b|\bbut\b", view.text[end:view.rel(b)[0]])]
        subject = (inside or candidates or [None])[0]
        subject = subject.canonical if subject else (
            view.context_subject if view.pointing and not speaker_pointed else None)
        if subject in p.self_voicing and holder == subject:  # "Some GPs fear a loss of autonomy": not about GPs
            subject = None
        rivals = [None, *(b.canonical for b in candidates), view.context_subject]  # who else the concern may be about
        yield RuleClaim(subject=subject, predicate="raises_concern", object=concern.canonical,
                            object_text=concern.text, holder=holder, cue=(start, end), alternatives=tuple(rivals))
