"""The claim scorer at run time: rival readings share a slot, thresholds drop candidates, the
shipped scorer grades every seed claim."""
from __future__ import annotations

import pytest

from pipeline.claims.candidates import rules_choice
from pipeline.claims.scorer import LinearScorer, candidate_features, load_scorer
from pipeline.paths import SCORER
from tests.helpers import candidates_of


def _candidates(text: str, published: str | None = None):
    return candidates_of(text, published)[2]


def test_rival_readings_share_a_slot_and_the_scorer_keeps_at_most_one_of_each():
    text = ("Local authorities warned that integrated care boards face a funding gap. "
            "Critics fear that ICSs will be used to ration care.")
    candidates = _candidates(text)
    concern_slots = {c.slot for c in candidates if c.claim.predicate == "raises_concern"}
    assert any(c.rank > 0 for c in candidates), "the concern has rival subjects"
    assert [c.claim for c in candidates if c.rank == 0] == rules_choice(candidates)
    weights, thresholds = {"raises_concern|alternative": 5.0}, {"raises_concern": 0.5}
    first_choice = {(c.subject, c.object) for c in rules_choice(candidates) if c.predicate == "raises_concern"}
    choosing = LinearScorer(0.0, weights, thresholds, frozenset({"raises_concern"})).score(candidates)
    concerns = [c for c in choosing if c.predicate == "raises_concern"]
    assert len(concerns) == len(concern_slots)
    assert all(c.source == "rules+scorer" and 0 < c.confidence <= 1 for c in choosing)
    assert {(c.subject, c.object) for c in concerns}.isdisjoint(first_choice), "a strong alternative wins its slot"
    grading = LinearScorer(0.0, weights, thresholds).score(candidates)  # not chosen for this predicate: rules pick
    assert {(c.subject, c.object) for c in grading if c.predicate == "raises_concern"} == first_choice


def test_a_threshold_drops_the_candidates_under_it():
    candidates = _candidates("There are 42 integrated care systems in England.")
    features = candidate_features(candidates[0])
    assert features["predicate=has_count"] == 1.0
    assert LinearScorer(-3.0, {}, {"has_count": 0.5}).score(candidates) == []
    assert [c.value_min for c in LinearScorer(3.0, {}, {"has_count": 0.5}).score(candidates)] == [42]


def test_the_shipped_scorer_grades_every_seed_claim(seed_db):
    from tests.conftest import rows

    if load_scorer(SCORER) is None:
        pytest.skip("no trained scorer: run `make` first")
    sources = rows(seed_db, "SELECT DISTINCT source FROM claims")
    confidences = rows(seed_db, "SELECT MIN(confidence), MAX(confidence), COUNT(DISTINCT confidence) FROM claims")[0]
    assert sources == [("rules+scorer",)]
    assert 0 < confidences[0] < confidences[1] <= 1 and confidences[2] > 10
