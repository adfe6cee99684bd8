"""Training data for the claim scorer: the rules' candidates on each gold document, labelled by
whether they match a gold claim (the matching of `make eval`, pipeline/evaluation/metrics.py)."""
from __future__ import annotations

from ..claims.scorer import LinearScorer, candidate_features
from ..evaluation.gold import SEEDS, GoldSet, gold_documents
from ..evaluation.metrics import match_claims
from ..extract import Extractor
from .scorer import TrainingData, train_scorer


class GoldCandidates:
    """The labelled candidates of the gold documents, computed once per document, and scorers trained
    on any subset of them (what `make eval` grades a held-out document with)."""

    def __init__(self, extractor: Extractor, gold_set: GoldSet = SEEDS):
        """`extractor`: the rules' extractor (its scorer is not used)."""
        self.extractor, self.gold_set = extractor, gold_set
        self.gold = gold_documents(gold_set)
        self._data: TrainingData = {}
        self._scorers: dict[tuple[str, ...], LinearScorer | None] = {}

    def data(self, names) -> TrainingData:
        """For each gold document: its candidates' features, whether each matches a gold claim, how
        many gold claims of each predicate it has (the recall denominator for choosing thresholds),
        and each candidate's slot and rank."""
        for name in names:
            if name not in self._data:
                self._data[name] = self._labelled(name)
        return {name: self._data[name] for name in names}

    def scorer_for(self, names: tuple[str, ...]) -> LinearScorer | None:
        """A scorer trained on exactly these gold documents (None for fewer than two)."""
        key = tuple(sorted(names))
        if key not in self._scorers:
            self._scorers[key] = train_scorer(self.data(key), self.extractor.settings) if len(key) >= 2 else None
        return self._scorers[key]

    def _labelled(self, name: str) -> tuple:
        gold = self.gold[name]
        _, _, candidates = self.extractor.candidates_of(gold["document"])
        predicted = [{**c.claim.__dict__, "span": (c.view.sentence.start_char, c.view.sentence.end_char)} for c in candidates]
        matched = {id(p) for _, p in match_claims(gold["claims"], predicted)}
        gold_counts: dict[str, int] = {}
        for claim in gold["claims"]:
            gold_counts[claim["predicate"]] = gold_counts.get(claim["predicate"], 0) + 1
        return ([candidate_features(c) for c in candidates], [int(id(p) in matched) for p in predicted], gold_counts,
                [c.slot for c in candidates], [c.rank for c in candidates])
