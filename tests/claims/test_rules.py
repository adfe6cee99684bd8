"""The claim rules: one registered per predicate of annotations/labels.yml, run in its order."""
from __future__ import annotations

import dataclasses

import pytest

from pipeline.claims.candidates import ClaimRules
from pipeline.claims.rules import RULES, rule
from pipeline.registry import load_registry


def test_every_predicate_in_labels_yml_has_a_rule():
    assert sorted(load_registry().predicates) == sorted(RULES)


def test_a_predicate_without_a_rule_is_an_error_when_the_rules_are_built():
    registry = load_registry()
    extended = dataclasses.replace(registry, predicates={**registry.predicates, "funds": {"subject": "BODY"}})
    with pytest.raises(ValueError, match="no rule finds funds"):
        ClaimRules(extended)


def test_a_predicate_has_one_rule():
    with pytest.raises(ValueError, match="two rules for has_duty"):
        rule("has_duty")(lambda view, context: iter(()))
