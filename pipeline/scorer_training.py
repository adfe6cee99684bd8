"""Training the claim scorer (pipeline/scorer.py) from annotations/gold/: `python -m pipeline train`.

Candidates are the rules' claims on each gold document, labelled by whether they match a gold
claim (the matching of `make eval`). `ClaimScorer` is a scikit-learn estimator over feature dicts,
so it fits `Pipeline` and cross-validation; what ships is its weights, with per-predicate
thresholds chosen leave-one-document-out.
"""
from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

from sklearn.base import BaseEstimator, ClassifierMixin

from .paths import PACKAGE
from .gold import GOLD_DIR, annotations_digest, gold_documents
from .registry import load_registry
from .claims.scorer import LinearScorer, Reading, candidate_features, pick_readings
from .paths import SCORER as SHIPPED

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)  # coarse on purpose: a few hundred candidates
MIN_GAIN = 0.02
"""F1 a cut or the model's choice of readings must gain leave-one-document-out over keeping the rules'
claims before it is used: on a few hundred candidates smaller gains are noise (measured: they did not
carry over to the held-out document in `make eval`)."""
# the code that decides which candidates exist and what they look like: a change retrains the scorer
CANDIDATE_CODE = ("text", "entities", "claims")


# ------------------------------------------------------------------ the estimator
class ClaimScorer(ClassifierMixin, BaseEstimator):
    """Logistic regression over `candidate_features` dicts; fits `Pipeline` and cross-validation."""

    def __init__(self, C: float = 0.5):
        self.C = C

    def fit(self, X: list[dict], y) -> "ClaimScorer":
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


# ------------------------------------------------------------------ training data
def document_candidates(names: list[str], gold_dir: Path = GOLD_DIR) -> dict[str, tuple]:
    """For each gold document: its candidates' features, whether each matches a gold claim, how
    many gold claims of each predicate it has (the recall denominator for choosing thresholds),
    and each candidate's slot and rank."""
    return {name: _labelled_candidates(name, gold_dir) for name in names}


@lru_cache(maxsize=64)
def _labelled_candidates(name: str, gold_dir: Path) -> tuple[list[dict], list[int], dict, list[int], list[int]]:
    from .evaluate import corpus_document, match_claims
    from .extract import Extractor

    gold = gold_documents(gold_dir)[name]
    _, _, candidates = Extractor(load_registry()).candidates_of(corpus_document(name))
    predicted = [{**c.claim.__dict__, "span": (c.view.sentence.start_char, c.view.sentence.end_char)} for c in candidates]
    matched = {id(p) for _, p in match_claims(gold["claims"], predicted)}
    gold_counts: dict[str, int] = {}
    for claim in gold["claims"]:
        gold_counts[claim["predicate"]] = gold_counts.get(claim["predicate"], 0) + 1
    return ([candidate_features(c) for c in candidates], [int(id(p) in matched) for p in predicted], gold_counts,
            [c.slot for c in candidates], [c.rank for c in candidates])


@lru_cache(maxsize=16)
def scorer_for(names: tuple[str, ...], gold_dir: Path = GOLD_DIR) -> LinearScorer | None:
    """A scorer trained on exactly these gold documents: what `make eval` scores a held-out one with."""
    return train_scorer(document_candidates(list(names), gold_dir)) if len(names) >= 2 else None


def choose_thresholds(scored: list[tuple[str, float, int]], gold_counts: dict[str, int]) -> dict[str, float]:
    """Per predicate, the threshold with the best F1 on (predicate, probability, is_gold) triples
    scored out of sample, when it beats keeping everything by MIN_GAIN; ties go to the lower
    threshold, which keeps more of the rules' claims."""
    return {predicate: t for predicate, (t, _) in _best_thresholds(scored, gold_counts).items()}


def _best_thresholds(scored: list[tuple[str, float, int]], gold_counts: dict[str, int]) -> dict[str, tuple[float, float]]:
    out = {}
    for predicate in sorted({p for p, _, _ in scored}):
        rows = [(prob, label) for p, prob, label in scored if p == predicate]
        gold = gold_counts.get(predicate, 0)

        def f1(t: float) -> float:
            kept = [label for prob, label in rows if prob >= t]
            return 2 * sum(kept) / (len(kept) + gold) if kept or gold else 0.0

        best = max(THRESHOLDS, key=lambda t: (round(f1(t), 6), -t))
        if f1(best) < f1(0.0) + MIN_GAIN:
            best = 0.0
        out[predicate] = (best, round(f1(best), 6))
    return out


def train_scorer(data: dict[str, tuple], C: float = 0.5) -> LinearScorer:
    """Fit on every document in `data`. Leave-one-document-out within it decides, per predicate,
    whether the model or the rules pick among rival readings, and the threshold."""
    names = sorted(data)
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
        return _best_thresholds(scored, gold_counts)

    by_rules, by_model = results(frozenset()), results(frozenset(predicates))
    chooses = frozenset(p for p in by_model if by_model[p][1] >= by_rules.get(p, (0.0, 0.0))[1] + MIN_GAIN)
    thresholds = {p: (by_model if p in chooses else by_rules)[p][0] for p in by_rules | by_model}
    X = [x for m in names for x in data[m][0]]
    y = [label for m in names for label in data[m][1]]
    fitted = ClaimScorer(C).fit(X, y).weights()
    return LinearScorer(fitted["intercept"], fitted["weights"], thresholds, chooses)


def _predicate_of(features: dict) -> str:
    return next(k.split("=", 1)[1] for k in features if k.startswith("predicate="))


# ------------------------------------------------------------------ the shipped model
def training_hash(names: list[str], gold_dir: Path = GOLD_DIR) -> str:
    """What the scorer depends on: the gold it learns from, the registries, the candidate code."""
    digest = annotations_digest(hashlib.sha256(), names, gold_dir)
    for folder in CANDIDATE_CODE:
        for module in sorted((PACKAGE / folder).rglob("*.py")):
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def save(scorer: LinearScorer, path: Path, names: list[str], gold_dir: Path = GOLD_DIR) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"training_hash": training_hash(names, gold_dir), "documents": sorted(names),
                                "thresholds": scorer.thresholds, "chooses": sorted(scorer.chooses),
                                "intercept": scorer.intercept,
                                "weights": dict(sorted(scorer.weights.items()))}, indent=1) + "\n")


def train_shipped(force: bool = False, gold_dir: Path = GOLD_DIR) -> str:
    """Train models/claims/scorer.json on every gold document if missing or out of date."""
    names = sorted(gold_documents(gold_dir))
    if len(names) < 2:
        return "fewer than two gold documents: the claim scorer is not trained; every rule claim is kept"
    current = SHIPPED.exists() and json.loads(SHIPPED.read_text()).get("training_hash") == training_hash(names, gold_dir)
    if current and not force:
        return f"claim scorer up to date ({len(names)} gold documents)"
    save(train_scorer(document_candidates(names, gold_dir)), SHIPPED, names, gold_dir)
    return f"claim scorer trained on {len(names)} gold documents into {SHIPPED}"


def main() -> int:
    print(train_shipped(force="--force" in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
