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
from .view import SentenceView


_PRONOUN_START = re.compile(
    r"^(?:(?:however|but|and|further|furthermore|in addition|also|instead|as a result|since \d{4}|in \d{4}),?\s+)?"
    r"(?:it(?!\s+(?:is|was|has\s+been|had\s+been|seems|seemed|remains|appears|would\s+be|will\s+be)\s+(?:\w+\s+)?"
    r"(?:that|since|clear|unclear|(?:un)?likely\s+that|possible|impossible|difficult|hard|important|only|worth|"
    r"reported|said|thought|understood|believed)\b)"
    r"|its|this|these|they|their|them|such|the (?:board|body|partnership|system|new body|new bodies|organisation)s?"
    r"|this (?:body|board|organisation|partnership|system)|current systems|these (?:bodies|systems|partnerships))\b", re.I)
"""A sentence that points back to the one before; an expletive "it" ("It is clear that", "It is only six
years since") points to nothing."""


def points_back(sentence: Sentence, entities: list[Entity]) -> bool:
    """Does the sentence open with a word that points to what came before? "These ICSs" names its
    subject: a determiner right before a name does not point."""
    m = _PRONOUN_START.match(sentence.text)
    if not m:
        return False
    next_word = sentence.start_char + m.end() + re.match(r"\s*", sentence.text[m.end():]).end()
    return not any(e.label in ("BODY", "POLICY") and e.start_char == next_word for e in entities)


_ANAPHOR = re.compile(r"\b(?:the|these|those|each|every|such|this|all|both)\s+(?:new\s+|local\s+|statutory\s+)?"
                      r"(boards?|bod(?:y|ies)|systems?|partnerships?|organisations?|trusts?|groups?|networks?|collaboratives?|"
                      r"committees?|providers?|authorit(?:y|ies)|councils?)\b", re.I)


_GENERIC_HEADS = {"body", "organisation"}


_INSTRUCTED_PRONOUN = re.compile(r"\b(?:told|asked|instructed|directed|required|gave|given|give|gives|tell|ask|set)\s+(them|it)\b", re.I)


def anaphor_mentions(sentence: Sentence, entities: list[Entity], recent: list[str], context: str | None = None) -> list[Entity]:
    """"The boards", "each system", "these bodies" as mentions of the latest body named before
    whose name ends in the same noun ("integrated care board"); a sentence that opens with "This body"
    and "told them to" as the subject of the sentence before. Only for the claims:
    they are not stored as entities."""
    out = []
    for m in _INSTRUCTED_PRONOUN.finditer(sentence.text):
        if context:
            out.append(Entity("BODY", sentence.start_char + m.start(1), sentence.start_char + m.end(1), m.group(1),
                              sentence.idx, canonical=context, source="anaphor"))
    for m in _ANAPHOR.finditer(sentence.text):
        start, end = sentence.start_char + m.start(), sentence.start_char + m.end()
        if any(e.label in ("BODY", "POLICY") and e.start_char < end and start < e.end_char for e in entities):
            continue  # part of a name the tagger found ("the NHS trusts")
        head = re.sub(r"(?:ies)$", "y", m.group(1).lower())
        head = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
        if head in _GENERIC_HEADS:  # "This body will ..." is the sentence before's subject; never "the bodies involved"
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


_REPORTER_AFTER = re.compile(r"(?:\s*\([^)]*\))?(?:\s+(?!(?:was|were|is|are|be|been|being)\b)\w+){0,2}?\s+(?:"
                             r"report(?:ed|s)(?!\s+(?:an?\s+|large\s+|huge\s+|big\s+)?(?:deficits?|losses|overspends?|shortfalls?|problems?))|said|says|told|found|argued|argues|"
                             r"warned|warns|claimed|claims|highlighted|wrote|impl(?:y|ies|ied)|suggest(?:s|ed)?|not(?:es|ed)|stat(?:es|ed)|"
                             r"raised|raises|voiced|voices|expressed|expresses|questioned|questions|criticised|criticises)\b(?!\s+(?:[\w’'-]+\s+){0,4}?to\s)", re.I)


_REPORTER_BEFORE = re.compile(r"\b(?:reported|published|article|according|investigation|working)\s+(?:\w+\s+)?(?:in|by|to|with)\s+(?:the\s+)?$", re.I)


def is_reporter(view: SentenceView, body: Entity) -> bool:
    """Is this body only who says or publishes the concern ("HSJ reported that", "according to NHS England")?"""
    start, end = view.rel(body)
    return bool(_REPORTER_AFTER.match(view.text, end) or _REPORTER_BEFORE.search(view.text[max(0, start - 40):start]))



@dataclass
class Discourse:
    """What the sentences read so far leave for the next one to point back to."""

    subject: str | None = None  # what a leading "It", "They", "This body" refers to
    policy: str | None = None  # the policy named last: what "its provisions came into force" is about
    recent: list[str] = field(default_factory=list)  # bodies named lately, the latest last: what "the boards" can be
    memory: int = 12  # how many bodies `recent` keeps

    def view(self, sentence: Sentence, named: list[Entity]) -> SentenceView:
        """The sentence with its entities (`named`, in text order) and the bodies its anaphors point to."""
        anaphors = anaphor_mentions(sentence, named, self.recent, self.subject)
        entities = sorted(named + anaphors, key=lambda e: e.start_char)
        pointing = points_back(sentence, named)
        if anaphors and anaphors[0].start_char == sentence.start_char:
            self.subject = anaphors[0].canonical  # "The boards are ...": the boards, whatever the sentence before began with
        context = self.subject if pointing or not any(e.label == "BODY" for e in entities) else None
        return SentenceView(sentence, entities, context, self.policy, pointing)

    def read(self, view: SentenceView) -> None:
        """Move on past the sentence of `view`."""
        first = first_body(view.entities)
        if first:
            self.subject = first  # the sentence's first body is what the next "It"/"They" points to
        elif view.pointing and view.context_subject:
            self.subject = view.context_subject
        self.recent = (self.recent + [e.canonical for e in view.entities if e.label == "BODY" and e.canonical])[-self.memory:]
        self.policy = next((e.canonical for e in reversed(view.entities) if e.label == "POLICY" and e.canonical), self.policy)
