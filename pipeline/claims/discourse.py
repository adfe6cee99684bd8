"""Discourse: what a sentence points back to, and who only reports what it says.

A sentence that opens with "It", "They", "This body" speaks of the subject of the sentence
before; "the boards", "each system" name the latest body whose name ends in that noun; "told
them to" points to the subject before. A body followed by "said", "reported", "warned" (or
after "according to") is who says the claim, not what the claim is about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Entity, Sentence
from ..vocabulary import Patterns, Words
from .qualifiers import modality_of
from .view import SentenceView

GRAMMAR = {
    # a sentence that points back to the one before; an expletive "it" ("It is clear that", "It is only six
    # years since") points to nothing
    "pronoun_start": r"^(?:{connectives},?\s+)?(?:it(?!\s+{expletive_verbs}\s+(?:\w+\s+)?{expletive_complements}\b)"
                     r"|{pointing})\b",
    # "These timescales are tight": a demonstrative before a noun that names no kind of body points to that noun
    "demonstrative_thing": r"^(?:{connectives},?\s+)?(?:this|these|such)\s+(?!(?:{anaphor_modifiers}\s+)?{anaphor_heads}\b)[a-z]+"
                           r"(?<!ing)\s+(?:is|are|was|were|will|would|could|may|might|have|has|had|seem|seems|remain|remains)\b",
    "anaphor": r"\b{anaphor_determiners}\s+(?:{anaphor_modifiers}\s+)?({anaphor_heads})\b",
    "generic_heads": Words("generic_heads"),
    "instructed_pronoun": r"\b{instructing_a_pronoun}\s+(them|it)\b",
    "reporter_after": r"(?:\s*\([^)]*\))?(?:\s+(?!(?:was|were|is|are|be|been|being)\b)\w+){0,2}?\s+"
                      r"(?:report(?:ed|s)(?!\s+(?:an?\s+|large\s+|huge\s+|big\s+)?{reported_problems})"
                      r"|{reporting_after_a_body})\b(?!\s+(?:[\w’'-]+\s+){0,4}?to\s)",
    "reporter_before": r"\b{reporting_before}\s+(?:\w+\s+)?(?:in|by|to|with)\s+(?:the\s+)?$",
}
"""Templates over annotations/rules/discourse.yml and verbs.yml (see pipeline/vocabulary.py)."""


def points_back(sentence: Sentence, entities: list[Entity], p: Patterns) -> bool:
    """Does the sentence open with a word that points to what came before? "These ICSs" names its
    subject: a determiner right before a name does not point."""
    m = p.pronoun_start.match(sentence.text)
    if not m or p.demonstrative_thing.match(sentence.text):
        return False
    next_word = sentence.start_char + m.end() + re.match(r"\s*", sentence.text[m.end():]).end()
    return not any(e.label in ("BODY", "POLICY") and e.start_char == next_word for e in entities)


def anaphor_mentions(sentence: Sentence, entities: list[Entity], recent: list[str], context: str | None,
                     p: Patterns) -> list[Entity]:
    """"The boards", "each system", "these bodies" as mentions of the latest body named before
    whose name ends in the same noun ("integrated care board"); a sentence that opens with "This body"
    and "told them to" as the subject of the sentence before. Only for the claims:
    they are not stored as entities."""
    out = []
    for m in p.instructed_pronoun.finditer(sentence.text):
        if context:
            out.append(Entity("BODY", sentence.start_char + m.start(1), sentence.start_char + m.end(1), m.group(1),
                              sentence.idx, canonical=context, source="anaphor"))
    for m in p.anaphor.finditer(sentence.text):
        start, end = sentence.start_char + m.start(), sentence.start_char + m.end()
        if any(e.label in ("BODY", "POLICY") and e.start_char < end and start < e.end_char for e in entities):
            continue  # part of a name the tagger found ("the NHS trusts")
        head = re.sub(r"(?:ies)$", "y", m.group(1).lower())
        head = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        if head in p.generic_heads:  # "This body will ..." is the sentence before's subject; never "the bodies involved"
            referent = context if m.start() == 0 else None
        else:
            referent = next((name for name in reversed(recent) if name.lower().split()[-1].rstrip("s") == head), None)
        if referent:
            out.append(Entity("BODY", start, end, m.group(0), sentence.idx, canonical=referent, source="anaphor"))
    return sorted(out, key=lambda e: e.start_char)


def first_body(view_entities: list[Entity]) -> str | None:
    for e in view_entities:
        if e.label == "BODY" and e.canonical:
            return e.canonical
    return None


def is_reporter(view: SentenceView, body: Entity, p: Patterns) -> bool:
    """Is this body only who says or publishes the concern ("HSJ reported that", "according to NHS England")?"""
    start, end = view.rel(body)
    return bool(p.reporter_after.match(view.text, end) or p.reporter_before.search(view.text[max(0, start - 40):start]))



@dataclass
class Discourse:
    """What the sentences read so far leave for the next one to point back to."""

    patterns: Patterns
    subject: str | None = None  # what a leading "It", "They", "This body" refers to
    policy: str | None = None  # the policy named last: what "its provisions came into force" is about
    recent: list[str] = field(default_factory=list)  # bodies named lately, the latest last: what "the boards" can be
    memory: int = 12  # how many bodies `recent` keeps
    lead_ins: dict[int, tuple[str | None, str]] = field(default_factory=dict)  # lead-in idx -> (subject, modality)

    def view(self, sentence: Sentence, named: list[Entity], lead_in: int | None = None) -> SentenceView:
        """The sentence with its entities (`named`, in text order) and the bodies its anaphors point to;
        a list item (`lead_in`: the idx of its lead-in) speaks of its lead-in's subject."""
        if lead_in is not None and lead_in in self.lead_ins:
            subject, modality = self.lead_ins[lead_in]
            return SentenceView(sentence, sorted(named, key=lambda e: e.start_char), subject, self.policy,
                                subject is not None, modality)
        anaphors = anaphor_mentions(sentence, named, self.recent, self.subject, self.patterns)
        entities = sorted(named + anaphors, key=lambda e: e.start_char)
        pointing = points_back(sentence, named, self.patterns)
        if anaphors and anaphors[0].start_char == sentence.start_char:
            self.subject = anaphors[0].canonical  # "The boards are ...": the boards, whatever the sentence before began with
        context = self.subject if pointing or not any(e.label == "BODY" for e in entities) else None
        return SentenceView(sentence, entities, context, self.policy, pointing)

    def read(self, view: SentenceView) -> None:
        """Move on past the sentence of `view`."""
        if view.text.rstrip().endswith(":"):  # a lead-in: its items will speak of its subject, as it does
            subject = first_body(view.entities) or (view.context_subject if view.pointing else None)
            self.lead_ins[view.sentence.idx] = (subject, modality_of(view.text, view.text, self.patterns))
        if view.lead_in_modality is not None:
            return  # a list item leaves the discourse as the lead-in left it
        first = first_body(view.entities)
        if first:
            self.subject = first  # the sentence's first body is what the next "It"/"They" points to
        elif view.pointing and view.context_subject:
            self.subject = view.context_subject
        self.recent = (self.recent + [e.canonical for e in view.entities if e.label == "BODY" and e.canonical])[-self.memory:]
        self.policy = next((e.canonical for e in reversed(view.entities) if e.label == "POLICY" and e.canonical), self.policy)
