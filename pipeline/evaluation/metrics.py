"""Metrics shared by `make eval`, annotator agreement and the scorer's training.

Counts that add up: every score is true positives, false positives and false negatives, summed
over documents (a `PRF` adds to another), and precision, recall and F1 are computed from the sums
at the end. Matching follows annotations/GUIDELINES.md §14: entities by label and offsets (strict)
or overlap (relaxed), claims by sentence, predicate, subject and the predicate's key.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..intervals import date_interval, intervals_meet, spans_overlap


@dataclass(frozen=True)
class PRF:
    """True positives, false positives, false negatives; precision, recall and F1 from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def of(cls, matched: int, predicted: int, gold: int) -> PRF:
        return cls(matched, predicted - matched, gold - matched)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict:
        tp, fp, fn = self.tp, self.fp, self.fn
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def prf(tp: int, fp: int, fn: int) -> dict:
    return PRF(tp, fp, fn).as_dict()


def micro(scores: dict) -> dict:
    """One PRF over several scored labels or predicates (their counts summed)."""
    return sum((PRF(s["tp"], s["fp"], s["fn"]) for s in scores.values() if "tp" in s), PRF()).as_dict()


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------- sentences
def count_sentences(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> PRF:
    return PRF.of(len(set(gold) & set(pred)), len(pred), len(gold))


def score_sentences(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> dict:
    return count_sentences(gold, pred).as_dict()


# ---------------------------------------------------------------- entities
def match_spans(gold: list[dict], pred: list[dict], strict: bool) -> list[tuple[dict, dict]]:
    """One-to-one pairs of same-label spans: equal offsets (strict) or overlapping (relaxed)."""
    pairs, used = [], set()
    for g in gold:
        best = None
        for i, p in enumerate(pred):
            if i in used or p["label"] != g["label"]:
                continue
            if strict and (p["start"], p["end"]) != (g["start"], g["end"]):
                continue
            if not spans_overlap((p["start"], p["end"]), (g["start"], g["end"])):
                continue
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if best is None or overlap > best[0]:
                best = (overlap, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, pred[best[1]]))
    return pairs


def value_correct(g: dict, p: dict) -> bool:
    """Does the predicted normalised value equal the gold one (SPEC §3 fields by label)?"""
    label = g["label"]
    if label in ("BODY", "POLICY", "DUTY", "CONCERN"):
        return (g.get("canonical") or "").lower() == (p.get("canonical") or "").lower()
    if label == "DATE":
        return (g.get("date_start"), g.get("date_end")) == (p.get("date_start"), p.get("date_end"))
    if label == "POPULATION":
        return (g.get("pop_min"), g.get("pop_max")) == (p.get("pop_min"), p.get("pop_max"))
    return True


@dataclass(frozen=True)
class EntityCounts:
    """One label's counts: strict and relaxed matches, and relaxed matches with the right value."""

    strict: PRF = PRF()
    relaxed: PRF = PRF()
    values_right: int = 0

    def __add__(self, other: EntityCounts) -> EntityCounts:
        return EntityCounts(self.strict + other.strict, self.relaxed + other.relaxed, self.values_right + other.values_right)

    def as_dict(self) -> dict:
        matched = self.relaxed.tp
        return {"strict": self.strict.as_dict(), "relaxed": self.relaxed.as_dict(),
                "value_accuracy": ratio(self.values_right, matched), "value_matched": matched,
                "gold": self.relaxed.tp + self.relaxed.fn, "predicted": self.relaxed.tp + self.relaxed.fp}


def count_entities(gold: list[dict], pred: list[dict], labels: Iterable[str]) -> dict[str, EntityCounts]:
    out = {}
    for label in labels:
        g = [e for e in gold if e["label"] == label]
        p = [e for e in pred if e["label"] == label]
        strict, relaxed = match_spans(g, p, strict=True), match_spans(g, p, strict=False)
        out[label] = EntityCounts(PRF.of(len(strict), len(p), len(g)), PRF.of(len(relaxed), len(p), len(g)),
                                  sum(value_correct(a, b) for a, b in relaxed))
    return out


def score_entities(gold: list[dict], pred: list[dict], labels: Iterable[str]) -> dict:
    """Per label: strict and relaxed P/R/F1 and value accuracy on relaxed matches."""
    return {label: counts.as_dict() for label, counts in count_entities(gold, pred, labels).items()}


# ---------------------------------------------------------------- claims
_FUNCTION_WORDS = frozenset(
    "the and for with from that this its their will would must shall should have has are was were been being "
    "duty duties responsible responsibility required expected need needs into onto over under all any each "
    "such other new also more most them they than then there".split())


def wording_overlaps(a: str | None, b: str | None) -> bool:
    """Do two wordings of a duty share at least half the content words of the shorter one?"""
    wa, wb = (set(re.findall(r"[a-z]{3,}", (w or "").lower())) - _FUNCTION_WORDS for w in (a, b))
    return bool(wa and wb) and len(wa & wb) * 2 >= min(len(wa), len(wb))


def claims_match(g: dict, p: dict, registered_duties: frozenset[str] | None = None) -> bool:
    """GUIDELINES §14: same sentence, predicate and subject, then the predicate's key. A duty whose
    gold key is in no registry (`registered_duties`, when given) is new to both sides: it matches a
    predicted duty that also has no registered key by its wording."""
    if g["predicate"] != p["predicate"] or not spans_overlap(g["span"], p["span"]):
        return False
    predicate = g["predicate"]
    if predicate == "merges_with":
        return {g["subject"], g.get("object")} == {p["subject"], p.get("object")}
    if (g.get("subject") or "").lower() != (p.get("subject") or "").lower():
        return False
    if predicate == "dated":
        gi = date_interval(g.get("date_start"), g.get("date_end"))
        pi = date_interval(p.get("date_start"), p.get("date_end"))
        return g.get("event") == p.get("event") and gi is not None and pi is not None and intervals_meet(gi, pi)
    if predicate in ("has_population", "has_count"):
        return (_num(g.get("value_min")), _num(g.get("value_max"))) == (_num(p.get("value_min")), _num(p.get("value_max")))
    if predicate == "has_duty" and registered_duties is not None and g.get("object") not in registered_duties:
        return p.get("object") not in registered_duties and wording_overlaps(g.get("object_text"), p.get("object_text"))
    return (g.get("object") or "").lower() == (p.get("object") or "").lower()


def _num(value):
    return None if value is None else float(value)


def match_claims(gold: list[dict], pred: list[dict], registered_duties: frozenset[str] | None = None) -> list[tuple[dict, dict]]:
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and claims_match(g, p, registered_duties):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


@dataclass(frozen=True)
class ClaimCounts:
    """Claims matched per predicate, and the qualifiers read right on the matched ones."""

    predicates: tuple[tuple[str, PRF], ...] = ()
    modality_right: int = 0
    negation_right: int = 0

    def __add__(self, other: ClaimCounts) -> ClaimCounts:
        mine, theirs = dict(self.predicates), dict(other.predicates)
        summed = tuple((p, mine.get(p, PRF()) + theirs.get(p, PRF())) for p in dict.fromkeys([*mine, *theirs]))
        return ClaimCounts(summed, self.modality_right + other.modality_right, self.negation_right + other.negation_right)

    def as_dict(self) -> dict:
        out = {p: {**c.as_dict(), "gold": c.tp + c.fn, "predicted": c.tp + c.fp} for p, c in self.predicates}
        matched = sum(c.tp for _, c in self.predicates)
        out["_qualifiers"] = {"matched": matched, "modality_accuracy": ratio(self.modality_right, matched),
                              "negation_accuracy": ratio(self.negation_right, matched)}
        return out


def count_claims(gold: list[dict], pred: list[dict], predicates: Iterable[str],
                 registered_duties: frozenset[str] | None = None) -> ClaimCounts:
    per_predicate, pairs = [], []
    for predicate in predicates:
        g = [c for c in gold if c["predicate"] == predicate]
        p = [c for c in pred if c["predicate"] == predicate]
        matched = match_claims(g, p, registered_duties)
        pairs += matched
        per_predicate.append((predicate, PRF.of(len(matched), len(p), len(g))))
    return ClaimCounts(tuple(per_predicate), sum(a.get("modality") == b.get("modality") for a, b in pairs),
                       sum(int(a.get("negated") or 0) == int(b.get("negated") or 0) for a, b in pairs))


def score_claims(gold: list[dict], pred: list[dict], predicates: Iterable[str]) -> dict:
    return count_claims(gold, pred, predicates).as_dict()
