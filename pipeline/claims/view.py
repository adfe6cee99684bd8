"""The sentence a rule reads: its text, its entities (offsets relative to the sentence), what a
word at its start points back to, and the locators every rule uses to find a body near a cue.

No parser: "near" means by character offset, with the words in between deciding ("the nearest
body not preceded by 'within'"), so that the pipeline keeps the speed of the tokenizer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Entity, Sentence
from ..text.parse import SentenceParse, SyntaxWords


@dataclass
class SentenceView:
    """One sentence with its entities, offsets relative to the sentence text."""

    sentence: Sentence
    entities: list[Entity]
    context_subject: str | None  # what a pronoun at its start refers to
    context_policy: str | None = None  # the policy named last before: what "its provisions came into force" is about
    pointing: bool = False  # does the sentence open with a word that points back ("It", "They", "The board")?
    lead_in_modality: str | None = None  # a list item's: the modality of the lead-in it carries on ("must:")
    parse: SentenceParse | None = None  # the sentence's dependency parse, where it was parsed
    syntax: SyntaxWords | None = None  # how the rules read a parse (annotations/rules/syntax.yml)
    published: str | None = None  # the document's date (ISO, any precision): what is still to come when it was written
    title: str | None = None  # the document's own title: what "Published 3 May" or "This report was published" dates
    author: str | None = None  # the body that published the document (canonical): who "we" are

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
    """The subject of the clause at `offset` where the sentence was parsed; else the nearest body
    before `offset`, else what a leading pronoun refers to."""
    decided, entity = grammatical_subject(view, offset, view.of(*labels))
    if decided:
        return entity.canonical if entity is not None else None
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
    """The subject of the clause at `offset` where the sentence was parsed; else the nearest body before
    `offset` that is not the object or complement of a verb ("PCNs sit within ICSs and serve 50,000
    people": the PCNs; "ICBs are NHS bodies and must ...": the ICBs)."""
    decided, body = grammatical_subject(view, offset, bodies)
    return body if decided else nearest_unless(view, offset, bodies, OBJECT_OF_VERB)


_RELATIVE = frozenset({"which", "that", "who", "whom", "whose"})


def grammatical_subject(view: SentenceView, offset: int, bodies: list[Entity]) -> tuple[bool, Entity | None]:
    """(decided, body): the body the parse makes the subject of the clause holding `offset`. Under a
    verb of object control the object holds it ("gave ICSs a deadline to", "urged councils to"); a
    relative pronoun stands for the noun its clause modifies ("NHS England, which retains"); "the
    number of CCGs" is about the CCGs, "ICS areas" about the ICS. Undecided (False) where the sentence has no
    parse, the climb reaches another clause, or the subject is a pronoun the discourse rules resolve;
    decided with no body when the subject is something else ("patients must ...")."""
    parse, words = view.parse, view.syntax
    i = parse.word_at(offset) if parse is not None and words is not None else None
    found = parse.path_to_subject(i, words.climb_through) if i is not None else None
    if found is None:
        return False, None
    path, subject = found
    if parse.children(subject, "case"):  # "With the service growing, NHS England will ...": a misread adverbial
        plain = [c for c in parse.children(subject, "conj") if not parse.children(c, "case")]
        if not plain:
            return False, None
        subject = plain[-1]
    predicate = path[-1]
    for verb in path[1:]:
        if parse.words[verb].lemma in words.object_control:
            objects = parse.children(verb, "obj", "iobj", "xcomp")
            held = next((b for b in (_body_at(view, parse, j, bodies, words) for j in objects) if b is not None), None)
            if held is not None:
                return True, held
    if parse.words[subject].lemma in _RELATIVE and parse.words[predicate].dep == "acl:relcl":
        subject = parse.words[predicate].head
    elif parse.words[subject].lemma in _RELATIVE and parse.words[predicate].dep == "advcl:relcl":
        before = [b for b in bodies if view.rel(b)[1] <= parse.words[subject].start]  # ", which": the name just before
        if before and not view.text[view.rel(before[-1])[1]:parse.words[subject].start].strip(" ,"):
            return True, before[-1]
    body = _body_at(view, parse, subject, bodies, words)
    if body is not None:
        return True, body
    return (False, None) if parse.words[subject].pos in ("PRON", "DET") else (True, None)


def passive_agent(view: SentenceView, offset: int, bodies: list[Entity]) -> Entity | None:
    """The body named as the agent ("by a network") of the passive clause holding `offset` whose own
    subject is no body ("every resident must be served by a local network": the network)."""
    parse, words = view.parse, view.syntax
    i = parse.word_at(offset) if parse is not None and words is not None else None
    found = parse.path_to_subject(i, words.climb_through) if i is not None else None
    if found is None or _body_at(view, parse, found[1], bodies, words):
        return None
    path, _ = found
    verbs = [*path, *(x for v in path for x in parse.children(v, "xcomp"))]  # "will need to be served by"
    for verb in verbs:
        if not parse.children(verb, "aux:pass", "nsubj:pass"):
            continue
        for j in parse.children(verb, "obl:agent", "obl"):
            if any(parse.words[c].lemma == "by" for c in parse.children(j, "case")):
                body = _body_at(view, parse, j, bodies, words)
                if body is not None:
                    return body
    return None


def _body_at(view: SentenceView, parse: SentenceParse, i: int, bodies: list[Entity], words: SyntaxWords) -> Entity | None:
    """The body the word `i` heads: the one it stands in, else one that modifies it ("ICS areas"), the
    one a partitive is "of" ("the number of CCGs"), or the name it is in apposition to."""
    partitive = parse.children(i, "nmod") if parse.words[i].lemma in words.partitive_heads else []
    named = [parse.words[i].head] if parse.words[i].dep == "appos" else []  # "ICBs: statutory bodies that ..."
    for word in (i, *parse.children(i, "compound"), *partitive, *named):
        start = parse.words[word].start
        body = next((b for b in bodies if view.rel(b)[0] <= start < view.rel(b)[1]), None)
        if body is not None:
            return body
    return None


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
