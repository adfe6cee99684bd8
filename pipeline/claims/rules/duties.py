"""`has_duty`: the body a DUTY span is placed on: those it "shall apply to", those it is "for",
the one "told to", else the actor before it (never who only reports it)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..discourse import is_reporter
from ..view import SentenceView, actor_before, first_after, listed, passive_agent
from .base import RuleClaim, RuleContext, rule

GRAMMAR = {
    # "a duty ... which shall apply to NHS trusts", "a new duty is proposed on ICBs": the bodies after it
    "applies_to": r"\s*(?:which\s+)?(?:(?:shall|will|would|should|could)\s+)?{duty_applies}|\s*is\s+proposed\s+on",
    # "responsibility for running it will fall to the ICB": the body after the verb holds it
    "passes_to": r"\s+(?:(?:will|would|shall|has|have|had|is|are|was|were|now|then|also|been|be)\s+)*{duty_passes_to}\s",
    "asked_to": r"{asking}\s+(?!by\b|to\b)",  # "asked NHS trusts to ...": the one asked holds the duty
}
"""Templates over annotations/rules/predicates.yml and verbs.yml (see pipeline/vocabulary.py)."""


@rule("has_duty")
def has_duty(view: SentenceView, context: RuleContext) -> Iterator[RuleClaim]:
    """The duty's holder: bodies it "shall apply to", bodies "for" whom it is named inside
    the span, else the nearest body before it (or the body a pronoun points to)."""
    p = context.patterns
    bodies = [b for b in view.bodies() if b.canonical]
    for duty in view.of("DUTY"):
        start, end = view.rel(duty)
        holders = []
        if p.applies_to.match(view.text, end):
            first = first_after(view, end, bodies)
            holders = listed(view, first, bodies) if first and view.rel(first)[0] < end + 80 else []
        told = p.asked_to.match(duty.text)
        if told and not holders:  # "told them to ...", "asked NHS trusts to ...": the one told, never the teller
            holders = [b for b in bodies if view.rel(b)[0] == start + told.end()]
            if not holders:
                continue
        passed = p.passes_to.match(view.text, end)
        if passed and not holders:
            first = first_after(view, end, bodies)
            holders = [first] if first and view.rel(first)[0] < passed.end() + 20 else []
        if not holders:  # "duties for/on CCGs and NHS providers": the bodies after "for", and those listed with them
            inside = [b for b in bodies if start <= view.rel(b)[0] and view.rel(b)[1] <= end]
            first = next((b for b in inside if re.search(r"\b(?:for|on)\s+(?:all\s+)?$", view.text[start:view.rel(b)[0]])), None)
            holders = [b for b in listed(view, first, bodies) if view.rel(b)[1] <= end] if first else []
        speaker = actor_before(view, start, bodies)
        # "ICSs, according to NHS England, must ...": not NHS England's duty
        if speaker is not None and is_reporter(view, speaker, p):
            earlier = actor_before(view, start, [b for b in bodies if not is_reporter(view, b, p)])
            speaker = earlier.canonical if earlier else None
        elif speaker is not None:
            speaker = speaker.canonical
        else:
            speaker = view.context_subject if view.pointing else None
        agent = passive_agent(view, start, bodies) if not holders and speaker is None else None
        if agent is not None:  # "every resident must be served by a local network": the network's duty
            speaker = agent.canonical
        subjects = [b.canonical for b in holders] or [speaker]
        for subject in dict.fromkeys(s for s in subjects if s):
            yield RuleClaim(subject=subject, predicate="has_duty", object=duty.canonical, object_text=duty.text,
                                cue=(start, end))
