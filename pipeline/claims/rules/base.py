"""What a claim rule is: a function from a sentence to `RuleClaim` records, registered by the
predicate it finds (`@rule("has_duty")`), so that every predicate of annotations/labels.yml can
be checked to have one and the candidates module runs them in the registry's order."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...records import Entity, Statement
from ...registry import Registry
from ...vocabulary import Patterns, Words
from ..view import SentenceView


@dataclass(frozen=True, kw_only=True)
class RuleClaim(Statement):
    """A claim as a rule finds it, before its qualifiers are read: what it says, the offsets of the
    words that triggered it (`cue`, in the sentence text), and what only the rule knows: a time the
    statement gives (`as_of`: an interval, or DOCUMENT_TIME for the document's own), the DATE entity
    a `dated` claim dates, and rival subjects a scorer may prefer (`alternatives`)."""

    cue: tuple[int, int]
    as_of: tuple[str | None, str | None] | str | None = None
    date_entity: Entity | None = None
    alternatives: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class RuleContext:
    """What a rule reads besides its sentence: the registries, and every grammar of pipeline/claims
    compiled with the rules' vocabulary (`patterns.replaces`, `patterns.never_subjects`)."""

    registry: Registry
    patterns: Patterns


GRAMMAR = {
    "never_subjects": Words("never_subjects"),  # "the principles of the NHS": the service as a whole
}


Rule = Callable[[SentenceView, RuleContext], Iterator[RuleClaim]]
RULES: dict[str, Rule] = {}
"""predicate -> the rule that finds it; filled by `@rule` when pipeline.claims.rules is imported."""


def rule(predicate: str) -> Callable[[Rule], Rule]:
    """Register a function as the rule for `predicate` (one rule per predicate)."""

    def register(function: Rule) -> Rule:
        if predicate in RULES:
            raise ValueError(f"two rules for {predicate}: {RULES[predicate].__name__} and {function.__name__}")
        RULES[predicate] = function
        return function

    return register
