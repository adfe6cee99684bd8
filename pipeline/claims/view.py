"""The sentence a rule reads: its text, its entities (offsets relative to the sentence), what a
word at its start points back to, and the locators every rule uses to find a body near a cue.

No parser: "near" means by character offset, with the words in between deciding ("the nearest
body not preceded by 'within'"), so that the pipeline keeps the speed of the tokenizer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Entity, Sentence


@dataclass
class SentenceView:
    """One sentence with its entities, offsets relative to the sentence text."""

    sentence: Sentence
    entities: list[Entity]
    context_subject: str | None  # what a pronoun at its start refers to
    context_policy: str | None = None  # the policy named last before: what "its provisions came into force" is about
    pointing: bool = False  # does the sentence open with a word that points back ("It", "They", "The board")?
    lead_in_modality: str | None = None  # a list item's: the modality of the lead-in it carries on ("must:")

    @property
    def text(self) -> str:
        return self.sentence.text

    def rel(self, entity: Entity) -> tuple[int, int]:
        return entity.start_char - self.sentence.start_char, entity.end_char - self.sentence.start_char

    def of(self, *labels: str) -> list[Entity]:
        return [e for e in self.entities if e.label in labels]

    def bodies(self) -> list[Entity]:
        return self.of("BODY")

    def between(self, a: int, b: int) -> str:
        return self.text[min(a, b):max(a, b)]

    def clause_around(self, start: int, end: int) -> str:
        """The clause holding [start, end): bounded by ; : – or a sentence edge."""
        left = max(self.text.rfind(ch, 0, start) for ch in (";", ":", "–", " - ", "?"))
        rights = [i for i in (self.text.find(ch, end) for ch in (";", "–", " - ")) if i >= 0]
        return self.text[left + 1 if left >= 0 else 0:min(rights) if rights else len(self.text)]


def nearest_before(view: SentenceView, offset: int, candidates: list[Entity]) -> Entity | None:
    before = [e for e in candidates if view.rel(e)[1] <= offset]
    return before[-1] if before else None


def first_after(view: SentenceView, offset: int, candidates: list[Entity]) -> Entity | None:
    after = [e for e in candidates if view.rel(e)[0] >= offset]
    return after[0] if after else None


def subject_before(view: SentenceView, offset: int, labels=("BODY",)) -> str | None:
    """The nearest body before `offset`, else what a leading pronoun refers to."""
    entity = nearest_before(view, offset, view.of(*labels))
    if entity is not None and entity.canonical:
        return entity.canonical
    return view.context_subject if view.pointing else None


OBJECT_OF_VERB = re.compile(r"\b(?:within|by|into|inside|under|to|with|are|is|were|was|become|became)\s+"
                             r"(?:an?\s+|the\s+|each\s+|every\s+|their\s+|its\s+)?(?:new\s+|statutory\s+)?$", re.I)


def nearest_unless(view: SentenceView, offset: int, bodies: list[Entity], preceded_by: re.Pattern) -> Entity | None:
    """The nearest body before `offset` whose 20 characters before do not end in `preceded_by`;
    else the nearest body before `offset`."""
    before = [b for b in bodies if view.rel(b)[1] <= offset]
    for body in reversed(before):
        if not preceded_by.search(view.text[max(0, view.rel(body)[0] - 20):view.rel(body)[0]]):
            return body
    return before[-1] if before else None


def actor_before(view: SentenceView, offset: int, bodies: list[Entity]) -> Entity | None:
    """The nearest body before `offset` that is not the object or complement of a verb ("PCNs sit within
    ICSs and serve 50,000 people": the PCNs; "ICBs are NHS bodies and must ...": the ICBs)."""
    return nearest_unless(view, offset, bodies, OBJECT_OF_VERB)


_LIST_GAP = r"\s*(?:\([^)]*\))?\s*(?:,|,?\s*and{by}|&)\s*(?:all\s+|the\s+)?"


_LIST_GAP_BEFORE = re.compile(_LIST_GAP.format(by=""))


_LIST_GAP_AFTER = re.compile(_LIST_GAP.format(by=r"(?:\s+by)?"))  # "both by X and by Y"


def listed(view: SentenceView, anchor: Entity, bodies: list[Entity], forward: bool = True) -> list[Entity]:
    """`anchor` and the bodies listed right after it (or right before it): "NHS trusts, foundation
    trusts and ICBs", "NHS England and NHS Improvement"."""
    listed = [anchor]
    others = [b for b in bodies if view.rel(b)[0] > view.rel(anchor)[0]] if forward else \
        list(reversed([b for b in bodies if view.rel(b)[1] <= view.rel(anchor)[0]]))
    for body in others:
        left, right = (listed[-1], body) if forward else (body, listed[0])
        if not (_LIST_GAP_AFTER if forward else _LIST_GAP_BEFORE).fullmatch(view.text[view.rel(left)[1]:view.rel(right)[0]]):
            break
        if forward:
            listed.append(body)
        else:
            listed.insert(0, body)
    return listed


MODIFIER_BEFORE = re.compile(r"\b(?:in|within|across|of|from|for|according\s+to)\s+(?:an?|the|each|every|their|its)?\s*$", re.I)


def main_body_before(view: SentenceView, offset: int, bodies: list[Entity]) -> Entity | None:
    """The nearest body before `offset` that is not inside a prepositional phrase ("trusts in an
    ICS will be part of": the trusts, not the ICS)."""
    return nearest_unless(view, offset, bodies, MODIFIER_BEFORE)
