"""The shipped claim scorer (models/claims/scorer.json): trained on every gold document when it is
missing or out of date with the gold, registries, rules and code (pipeline/version.py decides,
without importing scikit-learn)."""
from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from ..version import gold_names, scorer_is_current, scorer_training_hash


def save(scorer, path: Path, names: list[str], gold_dir: Path) -> None:
    """Write a `LinearScorer` with the hash of what it was trained on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"training_hash": scorer_training_hash(names, gold_dir), "documents": sorted(names),
                                "thresholds": scorer.thresholds, "chooses": sorted(scorer.chooses),
                                "intercept": scorer.intercept,
                                "weights": dict(sorted(scorer.weights.items()))}, indent=1) + "\n")


def train_shipped(force: bool = False, gold_dir: Path = paths.GOLD, target: Path = paths.SCORER) -> str:
    """Train `target` on every gold document if missing or out of date; say what happened."""
    names = gold_names(gold_dir)
    if len(names) < 2:
        return "fewer than two gold documents: the claim scorer is not trained; every rule claim is kept"
    if not force and scorer_is_current(target, gold_dir):
        return f"claim scorer up to date ({len(names)} gold documents)"
    from ..evaluation.gold import GoldSet
    from ..extract import Extractor  # spaCy and scikit-learn: imported only when there is training to do
    from ..registry import load_registry
    from .data import GoldCandidates

    gold = GoldCandidates(Extractor(load_registry()), GoldSet("seeds", gold_dir, paths.CORPUS))
    save(gold.scorer_for(tuple(names)), target, names, gold_dir)
    return f"claim scorer trained on {len(names)} gold documents into {target}"
