"""Candidates: a document's sentences and entities in, the claims its rules propose out.

Each predicate's rule (claims/rules/) reads one sentence at a time; this module walks the
document, keeps the discourse state between sentences, reads each rule claim's qualifiers
(modality, negation, `as_of`), keeps rival readings of one statement together in a slot, and
drops repeats. Choosing among the candidates is the scorer's (claims/scorer.py), or the rules'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from ..records import Claim, Entity, Sentence, Statement
from ..registry import Registry
from ..settings import DEFAULT, Settings
from ..text.parse import SyntaxWords
from ..vocabulary import Patterns, grammar
from . import discourse, qualifiers, rules
from . import time as claim_time
from .discourse import Discourse
from .qualifiers import modality_of, negated_in, qualifier_window
from .rules import RULES, RuleClaim, RuleContext
from .time import DOCUMENT_TIME, document_as_of, event_as_of, state_as_of
from .view import SentenceView


@dataclass(frozen=True)
class Candidate:
    """A claim the rules propose, with the sentence and cue it came from: what the scorer reads.

    Candidates of one `slot` are rival readings of one statement (who holds this concern, what
    this body is part of): rank 0 is the rules' own choice, the rest are alternatives that only a
    scorer may prefer."""

    claim: Claim
    view: SentenceView
    cue: tuple[int, int]  # offsets in the sentence text of the words that triggered the rule
    slot: int = 0
    rank: int = 0


GRAMMAR = grammar(discourse.GRAMMAR, qualifiers.GRAMMAR, claim_time.GRAMMAR, rules.GRAMMAR)
"""Every template of pipeline/claims, compiled with annotations/rules/ when `ClaimRules` is built."""


class ClaimRules:
    """The claim rules of one registry, compiled once: a document's sentences and entities in, the
    claims its rules propose out (`candidates`), with the time the document speaks of (`document_as_of`)."""

    def __init__(self, registry: Registry, settings: Settings = DEFAULT):
        missing = [p for p in registry.predicates if p not in RULES]
        if missing:
            raise ValueError(f"annotations/labels.yml: no rule finds {', '.join(missing)} (see pipeline/claims/rules/)")
        self.registry, self.settings = registry, settings
        self.patterns = Patterns(registry.vocabulary, GRAMMAR)
        self.rules = [RULES[predicate] for predicate in registry.predicates]  # in the registry's order: slots follow it
        self.context = RuleContext(registry, self.patterns)
        self.syntax_words = SyntaxWords.of(registry.vocabulary)

    def document_as_of(self, published: str | None, entities: list[Entity],
                       sentences: list[Sentence]) -> tuple[str | None, str | None]:
        return document_as_of(published, entities, sentences, self.patterns)

    def candidates(self, sentences: list[Sentence], entities: list[Entity], published: str | None,
                   lead_ins: dict[int, int] | None = None, parses: dict | None = None,
                   title: str | None = None, author: str | None = None) -> list[Candidate]:
        """Every claim the rules propose for a document, sentence by sentence, with their alternatives;
        `lead_ins`: the lead-in of each list item (text/lists.py), whose subject and modality it inherits;
        `title`: the document's own, what a line dating the document itself is about; `author`: the body that
        published it (canonical), whom its "we" stands for."""
        by_sentence: dict[int, list[Entity]] = {}
        for e in entities:
            by_sentence.setdefault(e.sentence_idx, []).append(e)
        doc_as_of = self.document_as_of(published, entities, sentences)
        found_in: list[Candidate] = []
        state = Discourse(self.patterns, memory=self.settings.recent_bodies)
        for sentence in sentences:
            view = state.view(sentence, sorted(by_sentence.get(sentence.idx, []), key=lambda e: e.start_char),
                              (lead_ins or {}).get(sentence.idx))
            view.parse, view.syntax, view.published = (parses or {}).get(sentence.idx), self.syntax_words, published
            view.title, view.author = title, author
            for found in (c for rule in self.rules for c in rule(view, self.context)):
                slot = len(found_in)
                found_in.append(Candidate(self._finish(view, found, doc_as_of), view, found.cue, slot, 0))
                for rank, subject in enumerate(dict.fromkeys(a for a in found.alternatives if a != found.subject), start=1):
                    claim = self._finish(view, replace(found, subject=subject), doc_as_of)
                    found_in.append(Candidate(claim, view, found.cue, slot, rank))
            state.read(view)
        return _dedupe(found_in)

    def claims(self, sentences: list[Sentence], entities: list[Entity], published: str | None, scorer=None) -> list[Claim]:
        """All claims of a document: the rules' own choices, or, given a `scorer` (anything with
        `.score(candidates) -> list[Claim]`, see claims/scorer.py), what it keeps of every candidate."""
        return chosen_claims(self.candidates(sentences, entities, published), scorer)


    def _finish(self, view: SentenceView, found: RuleClaim, doc_as_of: tuple[str | None, str | None]) -> Claim:
        """The claim of a rule's finding, with its qualifiers read from the words around its cue."""
        p = self.patterns
        cue_start, cue_end = found.cue
        if found.predicate == "raises_concern":  # voiced as a fact or hedged ("could lead to"): its first words say which
            head = re.match(r"(?:\S+\s+){0,3}", view.text[max(0, cue_start):cue_end]).end()
            window = view.text[view.text.find(view.clause_around(cue_start, cue_end)):max(0, cue_start) + head]
        elif found.predicate == "dated":  # what follows the date is another statement ("published in 2014, first proposed ...")
            window = qualifier_window(view, max(0, cue_start), max(cue_start, cue_end), after=0)
        else:
            window = qualifier_window(view, max(0, cue_start), max(cue_start, cue_end))
        if found.as_of == DOCUMENT_TIME:
            as_of = doc_as_of
        elif found.as_of is not None:
            as_of = found.as_of
        elif found.predicate in self.registry.state_predicates:
            as_of = state_as_of(view, (max(0, cue_start), max(cue_start, cue_end)), window, doc_as_of, p)
        elif found.predicate == "dated":  # the date is what it says, not when
            as_of = doc_as_of
        else:
            as_of = event_as_of(view, found.date_entity, doc_as_of, p)
        negated = negated_in(window, p) if found.predicate != "raises_concern" else 0
        if found.predicate == "has_status" and found.object == "non_statutory":
            negated = 0  # "no statutory basis" is the status itself, not its denial
        said = {f.name: getattr(found, f.name) for f in fields(Statement)}
        modality = modality_of(window, view.text, p)
        if view.lead_in_modality and (modality == "fact" or found.predicate == "has_duty"):
            modality = view.lead_in_modality  # "Practices must: • appoint a lead": the item's duty is as its lead-in puts it
        if found.predicate == "raises_concern" and modality not in ("possibility", "question"):
            modality = "fact"  # a worry is voiced now, hedged or asked; what it fears of the future is no plan of anyone's
        return Claim(**said, sentence_idx=view.sentence.idx, modality=modality, negated=negated,
                     as_of_start=as_of[0], as_of_end=as_of[1], source="rules", confidence=self.settings.rule_confidence)

def chosen_claims(candidates: list[Candidate], scorer=None) -> list[Claim]:
    """What `scorer` keeps of the candidates, or without one, the rules' own choices."""
    return scorer.score(candidates) if scorer is not None else rules_choice(candidates)


def rules_choice(candidates: list[Candidate]) -> list[Claim]:
    """The claims the rules alone stand by: the first reading of every slot."""
    return [c.claim for c in candidates if c.rank == 0]



def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per distinct claim of a sentence. A rules' choice wins over an equal
    alternative; a slot whose own choice repeats an earlier claim is that claim, and goes."""
    seen, dropped_slots, out = set(), set(), []
    for candidate in sorted(candidates, key=lambda c: c.rank > 0):
        c = candidate.claim
        key = (c.sentence_idx, c.subject, c.predicate, c.event, c.object, c.value_min, c.value_max, c.date_start)
        if key in seen or candidate.slot in dropped_slots:
            if candidate.rank == 0:
                dropped_slots.add(candidate.slot)
            continue
        seen.add(key)
        out.append(candidate)
    return sorted(out, key=lambda c: (c.slot, c.rank))
