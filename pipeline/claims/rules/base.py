"""What a claim rule is: a function from a sentence to `RuleClaim` records, registered by the
predicate it finds (`@rule("has_duty")`), so that every predicate of annotations/labels.yml can
be checked to have one and the candidates module runs them in the registry's order."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ...records import Entity
from ...registry import Registry
from ..view import SentenceView


@dataclass(frozen=True)
class RuleClaim:
    """A claim as a rule finds it, before its qualifiers are read: the claim's own fields, the offsets
    of the words that triggered it (`cue`, in the sentence text), and what only the rule knows: a time
    the statement gives (`as_of`: an interval, or DOCUMENT_TIME for the document's own), the DATE
    entity a `dated` claim dates, and rival subjects a scorer may prefer (`alternatives`)."""

    subject: str | None
    predicate: str
    cue: tuple[int, int]
    event: str | None = None
    object: str | None = None
    object_text: str | None = None
    holder: str | None = None
    value_min: float | None = None
    value_max: float | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None
    as_of: tuple[str | None, str | None] | str | None = None
    date_entity: Entity | None = None
    alternatives: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class RuleContext:
    """What a rule reads besides its sentence."""

    registry: Registry


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
