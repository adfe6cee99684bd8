"""Qualifiers: the modality of a claim (fact, plan, proposal, requirement, possibility, question)
and its negation, read from the words around the cue that made it."""
from __future__ import annotations

import re

from .view import SentenceView


_POSSIBILITY = re.compile(r"\b(?:could|might|possib(?:le|ly|ility)|potential(?:ly)?|perhaps)\b"
                          r"|(?<![\d\s]\d\s)(?<!\b(?:in|of|by|on|to)\s)\b[Mm]ay\b(?!\s+(?:19|20)\d\d)", re.I)
""""may" as a modal, not the month: "in May 2022", "11 May", "by May" are dates."""


_REQUIREMENT = re.compile(r"\b(?:must|should|required to|requirement|expected to|needs? to|has to|have to|obliged to|mandat\w+|duty to|"
                          r"(?:told|instructed|directed|ordered)\s+(?:[\w’'-]+\s+){1,4}?to|"
                          r"(?:gave|given|set)\s+(?:\w+\s+){0,3}a\s+deadline|"
                          r"(?:is|are|was|were|been|being)\s+(?:also\s+)?(?:asked|told|instructed|directed|ordered)\b"
                          r"(?:\s+by\s+[\w\s&]{2,40}?)?\s+to)\b", re.I)


_PROPOSAL = re.compile(r"\b(?:propos(?:e|es|ed|ing)|(?:under|in)\s+(?:the|these|its)\s+proposals|proposals?\s+(?:to|for|that)|"
                       r"would|recommend\w*|option\s+(?:one|two)|suggest\w*(?!\s+that)|consult(?:s|ed|ing)?\s+on|"
                       r"(?:paper|proposals?|bill)\s+(?:also\s+)?sets?\s+out|proposals\s+(?:\w+\s+)?includ\w*|"
                       r"(?:asked|asking|urged|urging|called\s+(?:on|upon))\s+(?:\w+\s+){0,6}to)\b", re.I)


_PLAN = re.compile(r"\b(?:will|shall|is to|are to|set to|scheduled|(?<!have\s)(?<!has\s)(?<!had\s)planned|plans? to|intend\w*|going to|due to|"
                   r"formation of|to be (?:developed|created|established)|yet to be|target\w*)\b", re.I)


_REPORTED_PLAN = re.compile(r"\b(?:confirmed|announced|committed|stated|said|set\s+out|made\s+clear)\s+(?:that\b)?(?:(?!\bpropos)[^;])*\bwould\b"
                            r"(?:(?!\bpropos|\brecommend|\bsuggest|\bconsult)[^;])*$", re.I)
"""A "would" that reports a decision ("the Plan confirmed that all areas would be served") is a plan."""


_NEGATION = re.compile(r"\b(?:not|no|never|none|neither|nor|without|cannot)\b|n't\b", re.I)


_OPTION = re.compile(r"^\s*(?:option|proposal|recommendation)\s+(?:\w+|\d+)\s*[:.–-]", re.I)


_WOULD_HAVE_TO = re.compile(r"\bwould\s+(?:have|need|be\s+required|be\s+expected)\s+to\b", re.I)


def modality_of(clause: str, sentence: str) -> str:
    """fact, plan, proposal, requirement, possibility or question, from the clause's words."""
    if sentence.rstrip().endswith("?"):
        return "question"
    if _OPTION.match(sentence) or _WOULD_HAVE_TO.search(clause):
        return "proposal"  # "Option two: to create ...", "CCGs would have to merge"
    if _POSSIBILITY.search(clause):
        return "possibility"
    if _REQUIREMENT.search(clause):
        return "requirement"
    if _PROPOSAL.search(clause) and not _REPORTED_PLAN.search(clause):
        return "proposal"
    if _PLAN.search(clause) or _REPORTED_PLAN.search(clause):
        return "plan"
    return "fact"


def negated_in(clause: str) -> int:
    return 1 if _NEGATION.search(clause) else 0


def qualifier_window(view: SentenceView, start: int, end: int, after: int = 20) -> str:
    """The words that qualify a cue: its clause, from up to 100 characters before it to `after` after."""
    clause = view.clause_around(start, end)
    offset = view.text.find(clause)
    lo, hi = max(offset, start - 100), min(offset + len(clause), end + after)
    return view.text[lo:hi]
