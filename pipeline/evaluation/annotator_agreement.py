"""Inter-annotator agreement: span-level F1 between two independent gold passes of a document
(`python -m pipeline agreement FIRST SECOND`). Named so, not "agreement": that is a verdict."""
from __future__ import annotations

from pathlib import Path

from ..registry import Registry
from .gold import read_gold
from .metrics import score_claims, score_entities, score_sentences


def annotator_agreement(first: Path, second: Path, registry: Registry) -> dict:
    """Pairwise F1 (symmetric) of sentences, entities per label (strict, relaxed, value) and claims."""
    a, b = read_gold(first), read_gold(second)
    ents_a = [e for s in a for e in s.get("entities", [])]
    ents_b = [e for s in b for e in s.get("entities", [])]
    claims_a = [{**c, "span": (s["start"], s["end"])} for s in a for c in s.get("claims", [])]
    claims_b = [{**c, "span": (s["start"], s["end"])} for s in b for c in s.get("claims", [])]
    return {
        "sentences": score_sentences([(s["start"], s["end"]) for s in a], [(s["start"], s["end"]) for s in b]),
        "entities": score_entities(ents_a, ents_b, registry.labels),
        "claims": score_claims(claims_a, claims_b, registry.predicates),
    }
