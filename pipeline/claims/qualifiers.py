"""Qualifiers: the modality of a claim (fact, plan, proposal, requirement, possibility, question)
and its negation, read from the words around the cue that made it."""
from __future__ import annotations

from ..vocabulary import Patterns
from .view import SentenceView

GRAMMAR = {
    # "may" as a modal, not the month: "in May 2022", "11 May", "by May" are dates
    "possibility": r"\b{possibility}\b|(?<![\d\s]\d\s)(?<!\b(?:in|of|by|on|to)\s)\b[Mm]ay\b(?!\s+(?:19|20)\d\d)",
    "requirement": r"\b(?:{requirement}|{instructing}\s+(?:[\w’'-]+\s+){1,4}?to|(?:gave|given|set)\s+(?:\w+\s+){0,3}a\s+deadline|"
                   r"(?:is|are|was|were|been|being)\s+(?:also\s+)?{instructed}\b(?:\s+by\s+[\w\s&]{2,40}?)?\s+to)\b",
    "proposal": r"\b{proposal}\b",
    "plan": r"\b(?:{plan}|(?<!have\s)(?<!has\s)(?<!had\s)planned)\b",
    # a "would" that reports a decision ("the Plan confirmed that all areas would be served") is a plan
    "reported_plan": r"\b{reporting_a_decision}\s+(?:that\b)?(?:(?!\bpropos)[^;])*\bwould\b"
                     r"(?:(?!\bpropos|\brecommend|\bsuggest|\bconsult)[^;])*$",
    "negation": r"\b{negation}\b|n't\b",
    "option": r"^\s*{options}\s+(?:\w+|\d+)\s*[:.–-]",  # "Option two: to create ..."
    "would_have_to": r"\bwould\s+(?:have|need|be\s+required|be\s+expected)\s+to\b",  # "CCGs would have to merge"
}
"""Templates over annotations/rules/modality.yml and verbs.yml (see pipeline/vocabulary.py)."""


def modality_of(clause: str, sentence: str, p: Patterns) -> str:
    """fact, plan, proposal, requirement, possibility or question, from the clause's words."""
    if sentence.rstrip().endswith("?"):
        return "question"
    if p.option.match(sentence) or p.would_have_to.search(clause):
        return "proposal"
    if p.possibility.search(clause):
        return "possibility"
    if p.requirement.search(clause):
        return "requirement"
    if p.proposal.search(clause) and not p.reported_plan.search(clause):
        return "proposal"
    if p.plan.search(clause) or p.reported_plan.search(clause):
        return "plan"
    return "fact"


def negated_in(clause: str, p: Patterns) -> int:
    return 1 if p.negation.search(clause) else 0


def qualifier_window(view: SentenceView, start: int, end: int, after: int = 20) -> str:
    """The words that qualify a cue: its clause, from up to 100 characters before it to `after` after."""
    clause = view.clause_around(start, end)
    offset = view.text.find(clause)
    lo, hi = max(offset, start - 100), min(offset + len(clause), end + after)
    return view.text[lo:hi]
