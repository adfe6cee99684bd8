"""The claim rules, one module per family of predicates, each registered by the predicate it finds."""
from ...vocabulary import grammar
from . import base, concerns, dated, duties, quantities, relations, status
from .base import RULES, Rule, RuleClaim, RuleContext, rule

GRAMMAR = grammar(base.GRAMMAR, concerns.GRAMMAR, dated.GRAMMAR, duties.GRAMMAR, quantities.GRAMMAR,
                  relations.GRAMMAR, status.GRAMMAR)
"""Every rule module's templates (importing the modules also registers their rules)."""

__all__ = ["GRAMMAR", "RULES", "Rule", "RuleClaim", "RuleContext", "rule"]
