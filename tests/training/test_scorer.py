"""The claim scorer's training: a scikit-learn estimator trained on the gold claims, shipped as
plain weights. The data are the rules' candidates on the seed gold documents, labelled by the
matching of `make eval`; held-out scores come from a model that never saw the document."""
from __future__ import annotations

import pytest

from pipeline.claims.scorer import LinearScorer
from tests.helpers import rules_extractor

sklearn = pytest.importorskip("sklearn")

from pipeline.training.data import GoldCandidates  # noqa: E402
from pipeline.training.scorer import ClaimScorer, choose_thresholds  # noqa: E402


@pytest.fixture(scope="module")
def gold_candidates() -> dict:
    gold = GoldCandidates(rules_extractor())
    return gold.data(sorted(gold.gold))


def _pooled(data: dict, names: list[str]) -> tuple[list[dict], list[int]]:
    return [x for n in names for x in data[n][0]], [label for n in names for label in data[n][1]]


def test_the_scorer_is_an_estimator_that_cross_validates_by_document(gold_candidates):
    from sklearn.base import clone
    from sklearn.model_selection import LeaveOneGroupOut, cross_val_score

    assert clone(ClaimScorer(C=0.2)).get_params() == {"C": 0.2}
    names = sorted(gold_candidates)
    X, y = _pooled(gold_candidates, names)
    groups = [n for n in names for _ in gold_candidates[n][0]]
    folds = [n for n in names if len(set(gold_candidates[n][1])) > 1]
    X = [x for x, g in zip(X, groups) if g in folds]
    y = [label for label, g in zip(y, groups) if g in folds]
    groups = [g for g in groups if g in folds]
    scores = cross_val_score(ClaimScorer(), X, y, groups=groups, cv=LeaveOneGroupOut(), scoring="roc_auc")
    assert len(scores) == len(folds) and all(0.0 <= s <= 1.0 for s in scores)


def test_on_a_held_out_document_gold_claims_score_higher_than_the_rest(gold_candidates):
    from sklearn.metrics import roc_auc_score

    held_out = "003_2539cba5ebfc5c4e.txt"  # the largest gold document: 144 candidates
    X, y = _pooled(gold_candidates, [n for n in gold_candidates if n != held_out])
    features, labels = gold_candidates[held_out][0], gold_candidates[held_out][1]
    probabilities = ClaimScorer().fit(X, y).predict_proba(features)[:, 1]
    assert roc_auc_score(labels, probabilities) > 0.65


def test_the_shipped_weights_give_the_estimators_probabilities(gold_candidates):
    X, y = _pooled(gold_candidates, sorted(gold_candidates))
    estimator = ClaimScorer().fit(X, y)
    weights = estimator.weights()
    shipped = LinearScorer(weights["intercept"], weights["weights"], {})
    for x, p in zip(X, estimator.predict_proba(X)[:, 1]):
        assert shipped.probability(x) == pytest.approx(p, abs=1e-4)


def test_thresholds_cut_where_f1_is_best_and_keep_everything_when_nothing_separates():
    scored = [("part_of", 0.9, 1), ("part_of", 0.8, 1), ("part_of", 0.25, 0), ("part_of", 0.15, 0),
              ("dated", 0.9, 1), ("dated", 0.35, 1), ("dated", 0.3, 0), ("dated", 0.05, 1)]
    thresholds = choose_thresholds(scored, {"part_of": 2, "dated": 4})
    assert thresholds["part_of"] == 0.3  # the lowest cut that drops both wrong claims
    assert thresholds["dated"] == 0.0  # dropping the wrong one would cost a right one: keep all
