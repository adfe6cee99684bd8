"""The metrics, on hand-made cases."""
from __future__ import annotations

from pipeline.evaluation.metrics import claims_match, score_claims, score_entities, score_sentences

GOLD = [
    {"label": "DATE", "start": 10, "end": 23, "date_start": "2021-02-11", "date_end": "2021-02-11"},
    {"label": "BODY", "start": 30, "end": 42, "canonical": "NHS England"},
    {"label": "POPULATION", "start": 50, "end": 75, "pop_min": 1_000_000, "pop_max": 3_000_000},
]
LABELS = ("BODY", "DATE", "POPULATION")


def test_perfect_prediction_scores_one():
    scores = score_entities(GOLD, [dict(g) for g in GOLD], LABELS)
    for label in LABELS:
        assert scores[label]["strict"]["f1"] == 1.0 and scores[label]["relaxed"]["f1"] == 1.0
        assert scores[label]["value_accuracy"] == 1.0


def test_empty_prediction_scores_zero():
    scores = score_entities(GOLD, [], LABELS)
    for label in LABELS:
        assert scores[label]["strict"]["f1"] == 0.0 and scores[label]["relaxed"]["recall"] == 0.0
        assert scores[label]["value_accuracy"] is None


def test_off_by_one_is_a_strict_miss_and_a_relaxed_hit():
    pred = [dict(GOLD[0], start=9)]
    scores = score_entities(GOLD[:1], pred, ("DATE",))["DATE"]
    assert scores["strict"]["f1"] == 0.0
    assert scores["relaxed"]["f1"] == 1.0


def test_wrong_canonical_is_a_value_error_not_a_span_error():
    pred = [dict(GOLD[1], canonical="NHS Improvement")]
    scores = score_entities(GOLD[1:2], pred, ("BODY",))["BODY"]
    assert scores["strict"]["f1"] == 1.0 and scores["value_accuracy"] == 0.0


def test_wrong_label_is_no_match():
    pred = [dict(GOLD[1], label="POLICY")]
    assert score_entities(GOLD[1:2], pred, ("BODY",))["BODY"]["relaxed"]["recall"] == 0.0


def test_sentence_boundaries():
    assert score_sentences([(0, 10), (11, 20)], [(0, 10), (11, 20)])["f1"] == 1.0
    assert score_sentences([(0, 10), (11, 20)], [(0, 20)])["f1"] == 0.0


CLAIM = {"span": (0, 100), "subject": "NHS Long Term Plan", "predicate": "dated", "event": "published",
         "date_start": "2019-01-01", "date_end": "2019-01-31", "modality": "fact", "negated": 0}


def test_claim_matching_rules():
    assert claims_match(CLAIM, dict(CLAIM, span=(50, 120)))
    assert not claims_match(CLAIM, dict(CLAIM, span=(100, 120)))  # another sentence
    assert not claims_match(CLAIM, dict(CLAIM, event="effective"))
    assert not claims_match(CLAIM, dict(CLAIM, date_start="2019-02-01", date_end="2019-02-28"))
    assert claims_match(CLAIM, dict(CLAIM, date_start="2019-01-07", date_end="2019-01-07"))
    merge = {"span": (0, 10), "subject": "NHS England", "predicate": "merges_with", "object": "NHS Improvement"}
    assert claims_match(merge, dict(merge, subject="NHS Improvement", object="NHS England"))


def test_claim_scores_and_qualifier_accuracy():
    gold = [CLAIM, dict(CLAIM, subject="White Paper")]
    pred = [dict(CLAIM, modality="plan"), dict(CLAIM, subject="Other")]
    scores = score_claims(gold, pred, ("dated",))
    assert scores["dated"]["tp"] == 1 and scores["dated"]["fp"] == 1 and scores["dated"]["fn"] == 1
    assert scores["_qualifiers"]["modality_accuracy"] == 0.0
    assert scores["_qualifiers"]["negation_accuracy"] == 1.0


def test_counts_add_up_over_documents_whose_offsets_coincide():
    """Two documents share offsets: scored apart and summed, a gold span of one never matches a
    prediction of the other (pooling them as one list would)."""
    from pipeline.evaluation.metrics import PRF, count_entities

    span = {"label": "BODY", "start": 0, "end": 5, "canonical": "NHS England"}
    first = count_entities([span], [], ("BODY",))["BODY"]
    second = count_entities([], [dict(span)], ("BODY",))["BODY"]
    total = first + second
    assert total.relaxed == PRF(tp=0, fp=1, fn=1) and total.as_dict()["relaxed"]["f1"] == 0.0
    assert (PRF(2, 1, 0) + PRF(1, 0, 3)).as_dict() == {"precision": 0.75, "recall": 0.5, "f1": 0.6, "tp": 3, "fp": 1, "fn": 3}


def test_a_duty_new_to_the_registry_matches_by_its_wording():
    registered = frozenset({"plan_and_fund_services"})
    gold = {"predicate": "has_duty", "span": (0, 80), "subject": "primary care network",
            "object": "appoint_clinical_lead", "object_text": "must appoint a clinical director"}
    reworded = {**gold, "object": "name_a_clinical_director", "object_text": "required to name a clinical director"}
    unrelated = {**gold, "object": "publish_accounts", "object_text": "required to publish annual accounts"}
    registered_key = {**gold, "object": "plan_and_fund_services", "object_text": "appoint a clinical director"}
    assert claims_match(gold, reworded, registered)
    assert not claims_match(gold, unrelated, registered)
    assert not claims_match(gold, registered_key, registered)  # a registered key is a claim about another duty
    assert not claims_match(gold, reworded)  # without the registry, keys must be equal, as on the seeds
