"""The claim rules, one module per family of predicates, each registered by the predicate it finds."""
from . import concerns, dated, duties, quantities, relations, status  # noqa: F401  (registers the rules)
from .base import RULES, Rule, RuleClaim, RuleContext, rule

__all__ = ["RULES", "Rule", "RuleClaim", "RuleContext", "rule"]
