"""The gold itself: every file under annotations/gold/ validates against its document and the registries."""
from __future__ import annotations

import pytest

from pipeline.evaluation.gold import GOLD_DIR, gold_files, read_comparisons, read_gold
from pipeline.evaluation.validation import validate
from pipeline.registry import load_registry
from tests.conftest import SEED_CORPUS

REGISTRY = load_registry()

GOLD = gold_files()


def test_every_seed_document_has_gold():
    assert sorted(GOLD) == sorted(p.name for p in SEED_CORPUS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_file_is_valid(name):
    text = (SEED_CORPUS / name).read_text(encoding="utf-8")
    problems = validate(text, read_gold(GOLD[name]), REGISTRY)
    assert problems == []


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_sentences_cover_the_text(name):
    """No word falls between gold sentences: only spaces, bullet markers and stray punctuation."""
    text = (SEED_CORPUS / name).read_text(encoding="utf-8")
    sentences = read_gold(GOLD[name])
    position = 0
    for sentence in sentences:
        gap = text[position:sentence["start"]]
        assert not any(ch.isalnum() for ch in gap), (name, sentence["id"], gap)
        position = sentence["end"]


def test_gold_comparisons_point_at_gold_claims():
    claims = {c["id"]: c for name in GOLD for s in read_gold(GOLD[name]) for c in s.get("claims", [])}
    registry = REGISTRY
    for pair in read_comparisons(GOLD_DIR):
        a, b = claims[pair["claim_a"]], claims[pair["claim_b"]]
        assert pair["verdict"] in registry.verdicts
        assert a["predicate"] == b["predicate"], pair
        assert pair["claim_a"].split(":")[0] != pair["claim_b"].split(":")[0], "comparisons are across documents"


def test_validator_catches_bad_offsets_and_labels():
    text = "There are 42 integrated care systems."
    bad = [{"id": "x:s1", "start": 0, "end": len(text), "text": text, "entities": [
        {"id": "x:e1", "label": "BODY", "start": 13, "end": 36, "text": "integrated care system",
         "canonical": "integrated care system"},
        {"id": "x:e2", "label": "ORG", "start": 13, "end": 36, "text": text[13:36]},
        {"id": "x:e3", "label": "DATE", "start": 10, "end": 12, "text": "42", "date_start": "2021-02-30",
         "date_end": "2021-03-01", "date_granularity": "day"}],
        "claims": [{"id": "x:c1", "subject": "integrated care system", "predicate": "has_count", "value_min": 42,
                    "value_max": 43, "modality": "fact", "negated": 0}]}]
    problems = " | ".join(validate(text, bad, REGISTRY))
    assert "x:e1: text[13:36]" in problems
    assert "unknown label 'ORG'" in problems
    assert "bad date" in problems
    assert "has_count needs value_min == value_max" in problems
