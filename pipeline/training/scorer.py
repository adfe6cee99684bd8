"""Training the claim scorer (pipeline/claims/scorer.py): a scikit-learn estimator over candidate
features, per-predicate thresholds and the choice among rival readings, both decided
leave-one-document-out within the training documents.

`ClaimScorer` is a scikit-learn estimator over feature dicts (`__init__` stores, `fit` returns
self, learned attributes end in `_`), so it fits `Pipeline` and cross-validation; what ships is
its weights (`LinearScorer`), applied at run time without scikit-learn.
"""
from __future__ import annotations

from sklearn.base import BaseEstimator, ClassifierMixin

from ..claims.scorer import LinearScorer, Reading, pick_readings
from ..settings import DEFAULT, Settings

TrainingData = dict[str, tuple]
"""document -> (candidate features, is-gold labels, gold claims per predicate, slots, ranks)."""


class ClaimScorer(ClassifierMixin, BaseEstimator):
    """Logistic regression over `candidate_features` dicts; fits `Pipeline` and cross-validation."""

    def __init__(self, C: float = 0.5):
        self.C = C

    def fit(self, X: list[dict], y) -> ClaimScorer:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model_ = make_pipeline(DictVectorizer(), LogisticRegression(C=self.C, max_iter=2000))
        self.model_.fit(X, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: list[dict]):
        return self.model_.predict_proba(X)

    def predict(self, X: list[dict]):
        return self.model_.predict(X)

    def weights(self) -> dict:
        """The fitted model as plain numbers: feature -> weight, and the intercept."""
        vectorizer, regression = self.model_.steps[0][1], self.model_.steps[-1][1]
        return {"intercept": float(regression.intercept_[0]),
                "weights": {name: round(float(w), 6) for name, w in zip(vectorizer.feature_names_, regression.coef_[0]) if w}}


def choose_thresholds(scored: list[tuple[str, float, int]], gold_counts: dict[str, int],
                      settings: Settings = DEFAULT) -> dict[str, float]:
    """Per predicate, the threshold with the best F1 on (predicate, probability, is_gold) triples
    scored out of sample, when it beats keeping everything by `settings.scorer_min_gain`; ties go
    to the lower threshold, which keeps more of the rules' claims."""
    return {predicate: t for predicate, (t, _) in _best_thresholds(scored, gold_counts, settings).items()}


def _best_thresholds(scored: list[tuple[str, float, int]], gold_counts: dict[str, int],
                     settings: Settings) -> dict[str, tuple[float, float]]:
    out = {}
    for predicate in sorted({p for p, _, _ in scored}):
        rows = [(prob, label) for p, prob, label in scored if p == predicate]
        gold = gold_counts.get(predicate, 0)

        def f1(t: float, rows=rows, gold=gold) -> float:
            kept = [label for prob, label in rows if prob >= t]
            return 2 * sum(kept) / (len(kept) + gold) if kept or gold else 0.0

        best = max(settings.scorer_thresholds, key=lambda t: (round(f1(t), 6), -t))
        if f1(best) < f1(0.0) + settings.scorer_min_gain:
            best = 0.0
        out[predicate] = (best, round(f1(best), 6))
    return out


def train_scorer(data: TrainingData, settings: Settings = DEFAULT) -> LinearScorer:
    """Fit on every document in `data`. Leave-one-document-out within it decides, per predicate,
    whether the model or the rules pick among rival readings, and the threshold."""
    C, names = settings.scorer_c, sorted(data)
    predicates = {_predicate_of(x) for name in names for x in data[name][0]}
    out_of_sample: dict[str, list[Reading]] = {name: [] for name in names}
    gold_counts: dict[str, int] = {}
    for name in names:
        for predicate, n in data[name][2].items():
            gold_counts[predicate] = gold_counts.get(predicate, 0) + n
        rest = [m for m in names if m != name]
        X = [x for m in rest for x in data[m][0]]
        y = [label for m in rest for label in data[m][1]]
        if len(set(y)) < 2 or not data[name][0]:
            continue
        features, labels, _, slots, ranks = data[name]
        probabilities = ClaimScorer(C).fit(X, y).predict_proba(features)[:, 1]
        out_of_sample[name] = [Reading(slot, rank, _predicate_of(x), float(p), label)
                               for x, p, label, slot, rank in zip(features, probabilities, labels, slots, ranks)]

    def results(chooses: frozenset) -> dict[str, tuple[float, float]]:
        scored = [(r.predicate, r.probability, r.item) for name in names for r in pick_readings(out_of_sample[name], chooses)]
        return _best_thresholds(scored, gold_counts, settings)

    by_rules, by_model = results(frozenset()), results(frozenset(predicates))
    chooses = frozenset(p for p in by_model if by_model[p][1] >= by_rules.get(p, (0.0, 0.0))[1] + settings.scorer_min_gain)
    thresholds = {p: (by_model if p in chooses else by_rules)[p][0] for p in by_rules | by_model}
    X = [x for m in names for x in data[m][0]]
    y = [label for m in names for label in data[m][1]]
    fitted = ClaimScorer(C).fit(X, y).weights()
    return LinearScorer(fitted["intercept"], fitted["weights"], thresholds, chooses)


def _predicate_of(features: dict) -> str:
    return next(k.split("=", 1)[1] for k in features if k.startswith("predicate="))
