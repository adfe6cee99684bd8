"""Claim scorer at run time: how likely each rule candidate is to be a claim an annotator would mark.

The rules in claims/rules/ propose candidates; a logistic regression trained on the gold claims
in annotations/gold/ (pipeline/training/) gives each one a probability, stored as its
`confidence`, and drops those under its predicate's threshold. Thresholds are chosen
leave-one-document-out, and a predicate whose rules are already precise gets threshold 0: the
model then only grades its claims.

What ships is the model's weights as JSON (models/claims/scorer.json), applied here with plain
arithmetic, so that running the pipeline never pays scikit-learn's import (1.6 s a process).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .candidates import Candidate

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


# ------------------------------------------------------------------ features
def candidate_features(candidate: Candidate) -> dict[str, float]:
    """What a candidate looks like: its cue words, how far its subject is from the cue and what lies
    between, where it sits in the sentence, its qualifiers. Most features are conjoined with the
    predicate, because "include" means something different for part_of and for has_duty."""
    claim, view, (cue_start, cue_end) = candidate.claim, candidate.view, candidate.cue
    p, text = claim.predicate, view.text
    cue_start, cue_end = max(0, cue_start), max(cue_start, cue_end)
    f: dict[str, float] = {f"predicate={p}": 1.0, f"{p}|modality={claim.modality}": 1.0}
    for word in _WORD.findall(text[cue_start:cue_end].lower())[:5]:
        f[f"{p}|cue={word}"] = 1.0
    if claim.event:
        f[f"{p}|event={claim.event}"] = 1.0
    if claim.negated:
        f[f"{p}|negated"] = 1.0
    if candidate.rank:
        f[f"{p}|alternative"] = 1.0
    if claim.holder:
        f[f"{p}|has_holder"] = 1.0
    if claim.object is None and claim.value_min is None and claim.date_start is None:
        f[f"{p}|no_object"] = 1.0
    bodies = view.bodies()
    f[f"{p}|bodies"] = math.log1p(len(bodies))
    f[f"{p}|cue_position"] = cue_start / max(1, len(text))
    f[f"{p}|sentence_words"] = math.log1p(len(text.split()))
    if not re.search(r"[.?!:;\"”’)]\s*$", text):
        f["heading"] = 1.0
    mentions = [e for e in view.entities if e.canonical and e.canonical == claim.subject]
    if claim.subject is None:
        f[f"{p}|no_subject"] = 1.0
    elif not mentions:
        f["subject_from_context"] = 1.0
        f[f"{p}|subject_from_context"] = 1.0
    else:
        mention = min(mentions, key=lambda e: _gap(view.rel(e), (cue_start, cue_end)))
        start, end = view.rel(mention)
        gap_text = text[end:cue_start] if end <= cue_start else text[cue_end:start] if start >= cue_end else ""
        f[f"{p}|subject_{'before' if end <= cue_start else 'after' if start >= cue_end else 'inside'}"] = 1.0
        if bodies and mention is bodies[0]:
            f[f"{p}|subject_first_body"] = 1.0
        previous = _WORD.findall(text[max(0, start - 25):start].lower())
        f[f"{p}|subject_after={previous[-1] if previous else '^'}"] = 1.0
        f[f"{p}|subject_gap_words"] = math.log1p(len(gap_text.split()))
        f["subject_gap_words"] = math.log1p(len(gap_text.split()))
        others = [e for e in bodies if e is not mention and _gap(view.rel(e), (min(end, cue_start), max(start, cue_end))) == 0]
        f[f"{p}|bodies_between"] = float(len(others))
        for word in set(_WORD.findall(gap_text.lower())):
            f[f"{p}|between={word}"] = 1.0
        if re.search(r"[,;:()–]", gap_text):
            f[f"{p}|punctuation_between"] = 1.0
    return f


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -500 else 0.0


@dataclass(frozen=True)
class LinearScorer:
    """The shipped scorer: weights, intercept, per-predicate thresholds, and the predicates for which
    it, not the rules, picks among rival readings (where that did better leave-one-document-out)."""

    intercept: float
    weights: dict
    thresholds: dict
    chooses: frozenset = frozenset()

    def probability(self, features: dict[str, float]) -> float:
        return _sigmoid(self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items()))

    def score(self, candidates: list[Candidate]) -> list:
        """One reading per slot, kept when at or over its predicate's threshold, with its
        probability as confidence."""
        rows = [Reading(c.slot, c.rank, c.claim.predicate, self.probability(candidate_features(c)), c.claim)
                for c in candidates]
        return [replace(r.item, confidence=round(r.probability, 3), source="rules+scorer")
                for r in pick_readings(rows, self.chooses) if r.probability >= self.thresholds.get(r.predicate, 0.0)]


@dataclass(frozen=True)
class Reading:
    """One candidate reduced to what choosing among a slot's readings needs."""

    slot: int
    rank: int
    predicate: str
    probability: float
    item: object  # the claim, or the gold label when training


def pick_readings(readings: list[Reading], chooses: frozenset) -> list[Reading]:
    """Per slot, in document order: the likeliest reading where the scorer `chooses` for the
    predicate (ties go to the rules' own choice), else the rules' own choice."""
    best: dict[int, Reading] = {}
    for r in readings:
        current = best.get(r.slot)
        if r.predicate in chooses:
            if current is None or r.probability > current.probability:
                best[r.slot] = r
        elif r.rank == 0:
            best[r.slot] = r
    return sorted(best.values(), key=lambda r: r.slot)


def load_scorer(path: Path) -> LinearScorer | None:
    """The scorer trained into `path` (models/claims/scorer.json), or None when there is none (every
    rule candidate is then kept, unscored)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return LinearScorer(data["intercept"], data["weights"], data["thresholds"], frozenset(data.get("chooses", ())))
