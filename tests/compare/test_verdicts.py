"""Verdicts on pairs of claim records (no NLP): every rule, both directions, the boundaries."""
from __future__ import annotations

import pytest

from tests.compare.claims import (
    ACTUAL_JULY,
    FEB_2019,
    JAN_2019,
    PLANNED_APRIL,
    T2020,
    T2023,
    WHITE_PAPER_DAY,
    WHITE_PAPER_MONTH,
    compare_claims,
    dated,
    ranged,
    status,
    verdict_for,
)

CASES = [
    ("published January vs February 2019", JAN_2019, FEB_2019, "contradict"),
    ("same month", JAN_2019, dict(JAN_2019), "agree"),
    ("day within month", WHITE_PAPER_DAY, WHITE_PAPER_MONTH, "compatible"),
    ("touching intervals are disjoint", dated("2019-01-01", "2019-01-31", "month"),
     dated("2019-02-01", "2019-02-01", "day"), "contradict"),
    ("overlapping periods", dated("2021-01-01", "2021-04-30", "range"), dated("2021-04-01", "2021-04-30", "month"), "compatible"),
    ("plan against later fact", PLANNED_APRIL, ACTUAL_JULY, "changed"),
    ("two plans with different dates", PLANNED_APRIL, dict(ACTUAL_JULY, modality="proposal"), "changed"),
    ("unnamed events on different dates may be different events", dated("2016-01-01", "2016-12-31", "year", event="other"),
     dated("2018-01-01", "2018-12-31", "year", event="other"), "differ"),
    ("an unnamed event denied against another affirmed", dated("2022-05-01", "2022-05-31", "month", event="other", negated=1),
     dated("2022-05-01", "2022-05-31", "month", event="other"), "differ"),
    ("populations overlap", ranged(1_000_000, 3_000_000), ranged(500_000, 3_000_000), "compatible"),
    ("populations equal", ranged(30_000, 50_000), ranged(30_000, 50_000), "agree"),
    ("open bound overlaps", ranged(1_000_000, None), ranged(500_000, 3_000_000), "compatible"),
    ("open bound disjoint", ranged(None, 50_000), ranged(250_000, 500_000), "contradict"),
    ("range touching at a point", ranged(250_000, 500_000), ranged(500_000, 3_000_000), "compatible"),
    ("counts for different times", ranged(14, 14, "has_count", T2020), ranged(42, 42, "has_count", T2023), "changed"),
    ("counts for the same time", ranged(42, 42, "has_count"), ranged(44, 44, "has_count"), "contradict"),
    ("a planned count against a stated one", ranged(42, 42, "has_count", modality="plan"), ranged(14, 14, "has_count"),
     "changed"),
    ("statutory vs non-statutory, different times", status("statutory", T2023), status("non_statutory", T2020), "changed"),
    ("statutory vs non-statutory, same time", status("statutory", T2020), status("non_statutory", T2020), "contradict"),
    ("statutory vs non-statutory, a time unknown", status("statutory", (None, None)), status("non_statutory", T2020),
     "differ"),
    ("statutory vs non-statutory, times overlapping but one spans years", status("statutory", ("2019-01-01", "2021-12-31")),
     status("non_statutory", T2020), "differ"),
    ("counts whose times cannot be placed", ranged(42, 42, "has_count", (None, None)), ranged(44, 44, "has_count"), "differ"),
    ("negated statutory equals non-statutory", status("statutory", T2020, negated=1), status("non_statutory", T2020), "agree"),
    ("question cannot conflict", status("statutory", T2020, modality="question"), status("non_statutory", T2020), "compatible"),
    ("a plan against a fact of the other polarity has changed", status("statutory", T2020, modality="plan"),
     status("non_statutory", T2020), "changed"),
    ("two plans of opposite polarity contradict", status("statutory", T2020, modality="plan"),
     status("non_statutory", T2020, modality="plan"), "contradict"),
    ("a proposal against a fact has changed", status("statutory", T2020, modality="proposal"), status("non_statutory", T2020),
     "changed"),
]


@pytest.mark.parametrize("name,a,b,expected", CASES, ids=[c[0] for c in CASES])
def test_verdicts_both_directions(name, a, b, expected):
    forward, backward = verdict_for(a, b), verdict_for(b, a)
    assert forward[0] == expected and backward[0] == expected
    assert forward[1] and "\n" not in forward[1]


def duty(key, negated=0, modality="fact", as_of=T2020):
    return {"subject": "integrated care board", "predicate": "has_duty", "object": key, "negated": negated,
            "modality": modality, "as_of_start": as_of[0], "as_of_end": as_of[1]}


def test_same_duty_agrees_even_across_modalities():
    assert verdict_for(duty("triple_aim"), duty("triple_aim", modality="proposal"))[0] == "agree"


def test_affirmed_against_negated_duty_contradicts():
    assert verdict_for(duty("triple_aim"), duty("triple_aim", negated=1))[0] == "contradict"


def test_different_duties_are_not_compared():
    assert verdict_for(duty("triple_aim"), duty("break_even")) is None


def test_a_duty_of_a_narrower_kind_is_compatible_with_the_same_duty_of_the_wider_kind():
    trusts = dict(duty("triple_aim"), subject="NHS trust")
    nhs_bodies = dict(duty("triple_aim"), subject="NHS body")
    for a, b in ((trusts, nhs_bodies), (nhs_bodies, trusts)):
        verdict, reason = verdict_for(a, b)
        assert verdict == "compatible" and "NHS trust" in reason and "NHS body" in reason
    assert verdict_for(trusts, dict(nhs_bodies, negated=1))[0] == "contradict"
    assert verdict_for(trusts, dict(duty("triple_aim"), subject="local authority")) is None  # unrelated bodies
    assert verdict_for(dict(duty("triple_aim"), subject="local authority"),
                       dict(duty("triple_aim"), subject="NHS body")) is None


def test_a_duty_of_a_predecessor_and_of_its_successor_has_changed_hands():
    ccgs = dict(duty("commission_services"), subject="clinical commissioning group")
    icbs = dict(duty("commission_services"), subject="integrated care board")
    for a, b in ((ccgs, icbs), (icbs, ccgs), (ccgs, dict(icbs, negated=1))):
        verdict, reason = verdict_for(a, b)
        assert verdict == "changed" and "passed from clinical commissioning group to integrated care board" in reason


def test_merges_with_is_unordered():
    a = {"subject": "NHS England", "predicate": "merges_with", "object": "NHS Improvement", "negated": 0}
    b = {"subject": "NHS Improvement", "predicate": "merges_with", "object": "NHS England", "negated": 0}
    assert verdict_for(a, b)[0] == "agree"


def test_reason_names_both_dates():
    assert verdict_for(JAN_2019, FEB_2019)[1].startswith("January 2019 vs February 2019")


def test_pairs_only_across_documents_and_ordered():
    claims = [dict(JAN_2019, id=1, document_id=1), dict(FEB_2019, id=2, document_id=1),
              dict(JAN_2019, id=3, document_id=2), dict(WHITE_PAPER_DAY, id=4, document_id=3)]
    rows = list(compare_claims(claims))
    assert sorted((r["claim_a"], r["claim_b"], r["verdict"]) for r in rows) == [(1, 3, "agree"), (2, 3, "contradict")]
