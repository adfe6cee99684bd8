"""The development set's gold: valid against the text it indexes, every article listed in SOURCES.md,
its comparisons pointing at gold claims, and carried onto today's ingest with (almost) nothing lost."""
from __future__ import annotations

import re

import pytest

from pipeline import paths
from pipeline.evaluation.gold import DEV, SEEDS, gold_documents, read_gold
from pipeline.evaluation.validation import validate
from pipeline.registry import load_registry

REGISTRY = load_registry()
FILES = DEV.files()


def test_the_dev_set_has_at_least_twelve_annotated_articles():
    assert len(FILES) >= 12


@pytest.mark.parametrize("name", sorted(FILES))
def test_dev_gold_is_valid_against_the_text_it_indexes(name):
    text = FILES[name].with_suffix(".text").read_text(encoding="utf-8")
    assert validate(text, read_gold(FILES[name]), REGISTRY) == []


def test_every_annotated_article_is_listed_in_sources():
    listed = set(re.findall(r"^\| (d\d\d_[^ |]+) \|", (paths.DEV / "SOURCES.md").read_text(encoding="utf-8"), re.M))
    assert set(FILES) <= listed


def test_new_duty_keys_are_listed_apart_from_the_registry():
    import yaml

    listed = set(yaml.safe_load((paths.DEV / "duty_keys.yml").read_text(encoding="utf-8")))
    used = {c["object"] for path in FILES.values() for s in read_gold(path) for c in s["claims"] if c["predicate"] == "has_duty"}
    assert used - set(REGISTRY.duties) <= listed
    assert not listed & set(REGISTRY.duties)


def test_dev_comparisons_point_at_gold_claims_of_both_sets():
    claims = {c["id"] for files in (FILES, SEEDS.files()) for path in files.values() for s in read_gold(path)
              for c in s["claims"]}
    pairs = DEV.comparisons()
    assert pairs and all(p["claim_a"] in claims and p["claim_b"] in claims for p in pairs)
    assert {p["verdict"] for p in pairs} <= set(REGISTRY.verdicts)


def test_the_gold_survives_todays_ingest():
    documents = gold_documents(DEV)
    spans = sum(len(d["sentences"]) + len(d["entities"]) for d in documents.values())
    assert sum(d["lost"] for d in documents.values()) <= 0.01 * spans


@pytest.mark.slow
def test_make_eval_shows_the_seeds_and_the_dev_set_side_by_side():
    from pipeline.evaluation.evaluate import evaluate
    from pipeline.evaluation.report import format_report
    from pipeline.extract import Extractor
    from pipeline.training.data import GoldCandidates

    extractor = Extractor(REGISTRY)
    report = evaluate(extractor, GoldCandidates(extractor).scorer_for)
    assert report["dev"]["trained_on"] == sorted(SEEDS.files())
    assert sorted(report["dev"]["documents"]) == sorted(FILES)
    for column in ("seeds", "dev"):
        assert set(report[column]["claims"]) >= set(REGISTRY.predicates)
        assert 0 < report[column]["claims_micro"]["f1"] <= 1
    assert len(report["dev"]["per_publisher"]) >= 8
    text = format_report(report)
    assert "dev per publisher" in text and "seeds P" in text and "dev P" in text
