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

from .gold import GOLD_DIR, gold_documents
from .registry import ANNOTATIONS_DIR, REGISTRY_FILES
from .scorer import SHIPPED, LinearScorer, candidate_features, load

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)  # coarse on purpose: a few hundred candidates
# the code that decides which candidates exist and what they look like: a change retrains the scorer
CANDIDATE_CODE = ("sentences.py", "dates.py", "populations.py", "gazetteer.py", "cues.py", "entities.py",
                  "claims.py", "scorer.py")


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
    and each candidate's slot."""
    return {name: _labelled_candidates(name, gold_dir) for name in names}


@lru_cache(maxsize=64)
def _labelled_candidates(name: str, gold_dir: Path) -> tuple[list[dict], list[int], dict, list[int]]:
    from .evaluate import CORPUS_DIR, match_claims
    from .extract import candidates_of
    from .ingest import discover, read_document

    gold = gold_documents(gold_dir)[name]
    source = next(s for s in discover(CORPUS_DIR) if s.path == name)
    _, candidates = candidates_of(read_document(CORPUS_DIR, source), span_model=None)
    predicted = [{**c.claim.__dict__, "span": (c.view.sentence.start_char, c.view.sentence.end_char)} for c in candidates]
    matched = {id(p) for _, p in match_claims(gold["claims"], predicted)}
    gold_counts: dict[str, int] = {}
    for claim in gold["claims"]:
        gold_counts[claim["predicate"]] = gold_counts.get(claim["predicate"], 0) + 1
    return ([candidate_features(c) for c in candidates], [int(id(p) in matched) for p in predicted], gold_counts,
            [c.slot for c in candidates])


@lru_cache(maxsize=16)
def scorer_for(names: tuple[str, ...], gold_dir: Path = GOLD_DIR) -> LinearScorer | None:
    """A scorer trained on exactly these gold documents: what `make eval` scores a held-out one with."""
    return train_scorer(document_candidates(list(names), gold_dir)) if len(names) >= 2 else None


def choose_thresholds(scored: list[tuple[str, float, int]], gold_counts: dict[str, int]) -> dict[str, float]:
    """Per predicate, the threshold with the best F1 on (predicate, probability, is_gold) triples
    scored out of sample; ties go to the lower threshold, which keeps more of the rules' claims."""
    thresholds = {}
    for predicate in sorted({p for p, _, _ in scored}):
        rows = [(prob, label) for p, prob, label in scored if p == predicate]
        gold = gold_counts.get(predicate, 0)

        def f1(t: float) -> float:
            kept = [label for prob, label in rows if prob >= t]
            return 2 * sum(kept) / (len(kept) + gold) if kept or gold else 0.0

        thresholds[predicate] = max(THRESHOLDS, key=lambda t: (round(f1(t), 6), -t))
    return thresholds


def train_scorer(data: dict[str, tuple], C: float = 0.5) -> LinearScorer:
    """Fit on every document in `data`; thresholds from leave-one-document-out within it."""
    names = sorted(data)
    scored, gold_counts = [], {}
    for name in names:
        for predicate, n in data[name][2].items():
            gold_counts[predicate] = gold_counts.get(predicate, 0) + n
        rest = [m for m in names if m != name]
        X = [x for m in rest for x in data[m][0]]
        y = [label for m in rest for label in data[m][1]]
        if len(set(y)) < 2 or not data[name][0]:
            continue
        features, labels, _, slots = data[name]
        probabilities = ClaimScorer(C).fit(X, y).predict_proba(features)[:, 1]
        best: dict[int, tuple[float, int, str]] = {}  # each slot's likeliest reading, as the shipped scorer picks it
        for x, p, label, slot in zip(features, probabilities, labels, slots):
            if slot not in best or p > best[slot][0]:
                best[slot] = (float(p), label, _predicate_of(x))
        scored += [(predicate, p, label) for p, label, predicate in best.values()]
    X = [x for m in names for x in data[m][0]]
    y = [label for m in names for label in data[m][1]]
    fitted = ClaimScorer(C).fit(X, y).weights()
    return LinearScorer(fitted["intercept"], fitted["weights"], choose_thresholds(scored, gold_counts))


def _predicate_of(features: dict) -> str:
    return next(k.split("=", 1)[1] for k in features if k.startswith("predicate="))


# ------------------------------------------------------------------ the shipped model
def training_hash(names: list[str], gold_dir: Path = GOLD_DIR) -> str:
    """What the scorer depends on: the gold it learns from, the registries, the candidate code."""
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode() + (gold_dir / f"{name}.jsonl").read_bytes())
    for registry_file in REGISTRY_FILES:
        digest.update((ANNOTATIONS_DIR / registry_file).read_bytes())
    for module in CANDIDATE_CODE:
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]


def save(scorer: LinearScorer, path: Path, names: list[str], gold_dir: Path = GOLD_DIR) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"training_hash": training_hash(names, gold_dir), "documents": sorted(names),
                                "thresholds": scorer.thresholds, "intercept": scorer.intercept,
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
    load.cache_clear()
    return f"claim scorer trained on {len(names)} gold documents into {SHIPPED}"


def main() -> int:
    print(train_shipped(force="--force" in sys.argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
