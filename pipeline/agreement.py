"""Inter-annotator agreement: span-level F1 between two independent gold passes of a document.

    python -m pipeline.agreement annotations/gold/X.jsonl annotations/second_pass/X.jsonl
"""
from __future__ import annotations

import sys
from pathlib import Path

from .evaluate import score_claims, score_entities, score_sentences
from .gold import read_gold
from .registry import load_registry


def agreement(first: Path, second: Path) -> dict:
    """Pairwise F1 (symmetric) of sentences, entities per label (strict, relaxed, value) and claims."""
    registry = load_registry()
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


def main(argv: list[str]) -> int:
    report = agreement(Path(argv[0]), Path(argv[1]))
    s = report["sentences"]
    print(f"sentences F1 {s['f1']:.3f} ({s['tp']} shared, {s['fp'] + s['fn']} differing)")
    print("label       strict F1  relaxed F1  value agreement  (pass 1 / pass 2 counts)")
    for label, e in report["entities"].items():
        value = "-" if e["value_accuracy"] is None else f"{e['value_accuracy']:.3f}"
        print(f"{label:<11} {e['strict']['f1']:.3f}      {e['relaxed']['f1']:.3f}       {value:<6}           "
              f"({e['gold']} / {e['predicted']})")
    for predicate, c in report["claims"].items():
        if not predicate.startswith("_"):
            print(f"{predicate:<16} F1 {c['f1']:.3f} ({c['gold']} / {c['predicted']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
