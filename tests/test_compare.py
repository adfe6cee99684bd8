"""Verdicts on pairs of claim records (no NLP): every rule, both directions, the boundaries."""
from __future__ import annotations

import pytest

from pipeline.compare.grouping import compare_claims as _compare_claims
from pipeline.compare.verdicts import BodyKinds, verdict_for as _verdict_for
from pipeline.registry import load_registry

KINDS = BodyKinds.of(load_registry())


def verdict_for(a, b):
    return _verdict_for(a, b, KINDS)


def compare_claims(claims):
    return _compare_claims(claims, KINDS)


def dated(start, end, granularity, event="published", modality="fact", subject="NHS Long Term Plan", **kw):
    return {"subject": subject, "predicate": "dated", "event": event, "date_start": start, "date_end": end,
            "date_granularity": granularity, "modality": modality, **{"negated": 0, **kw}}


def ranged(lo, hi, predicate="has_population", as_of=("2021-01-01", "2021-12-31"), **kw):
    return {"subject": "integrated care system", "predicate": predicate, "value_min": lo, "value_max": hi,
            "modality": "fact", "negated": 0, "as_of_start": as_of[0], "as_of_end": as_of[1], **kw}


def status(value, as_of, negated=0, modality="fact"):
    return {"subject": "integrated care system", "predicate": "has_status", "object": value, "negated": negated,
            "modality": modality, "as_of_start": as_of[0], "as_of_end": as_of[1]}


JAN_2019 = dated("2019-01-01", "2019-01-31", "month")
FEB_2019 = dated("2019-02-01", "2019-02-28", "month")
WHITE_PAPER_DAY = dated("2021-02-11", "2021-02-11", "day", subject="White Paper")
WHITE_PAPER_MONTH = dated("2021-02-01", "2021-02-28", "month", subject="White Paper")
PLANNED_APRIL = dated("2022-04-01", "2022-04-30", "month", event="effective", modality="plan", subject="integrated care system")
ACTUAL_JULY = dated("2022-07-01", "2022-07-01", "day", event="effective", subject="integrated care system")
T2020 = ("2020-01-01", "2020-12-31")
T2023 = ("2023-11-01", None)

CASES = [
    ("published January vs February 2019", JAN_2019, FEB_2019, "contradict"),
    ("same month", JAN_2019, dict(JAN_2019), "agree"),
    ("day within month", WHITE_PAPER_DAY, WHITE_PAPER_MONTH, "compatible"),
    ("touching intervals are disjoint", dated("2019-01-01", "2019-01-31", "month"),
     dated("2019-02-01", "2019-02-01", "day"), "contradict"),
    ("overlapping periods", dated("2021-01-01", "2021-04-30", "range"), dated("2021-04-01", "2021-04-30", "month"), "compatible"),
    ("plan against later fact", PLANNED_APRIL, ACTUAL_JULY, "changed"),
    ("two plans with different dates", PLANNED_APRIL, dict(ACTUAL_JULY, modality="proposal"), "changed"),
    ("unnamed events on different dates", dated("2016-01-01", "2016-12-31", "year", event="other"),
     dated("2018-01-01", "2018-12-31", "year", event="other"), "changed"),
    ("an unnamed event denied against another affirmed", dated("2022-05-01", "2022-05-31", "month", event="other", negated=1),
     dated("2022-05-01", "2022-05-31", "month", event="other"), "changed"),
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
        assert verdict == "changed" and "took over" in reason
        assert reason.index("clinical commissioning group") < reason.index("integrated care board")


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


def _database_with(claims: list[dict]):
    from pipeline.store.store import Store

    store = Store()
    db = store.db
    for doc_id in sorted({c["document_id"] for c in claims}):
        db["documents"].insert({"id": doc_id, "path": f"d{doc_id}.txt", "status": "ok"})
    db["claims"].insert_all(claims, alter=False)
    return store


def _view(db, name="comparisons") -> dict:
    return {(r["claim_a"], r["claim_b"]): (r["verdict"], r["reason"])
            for r in db.query(f"SELECT claim_a, claim_b, verdict, reason FROM {name}")}


GROUPED = [dict(JAN_2019, id=1, document_id=1), dict(JAN_2019, id=2, document_id=2), dict(JAN_2019, id=3, document_id=2),
           dict(FEB_2019, id=4, document_id=3), dict(FEB_2019, id=5, document_id=1),
           dict(WHITE_PAPER_DAY, id=6, document_id=4), dict(WHITE_PAPER_MONTH, id=14, document_id=1),
           # the same statements at different times: one group, verdicts picked per pair by time
           dict(ranged(1e6, 3e6, as_of=T2020), id=7, document_id=1), dict(ranged(1e6, 3e6, as_of=T2023), id=8, document_id=2),
           dict(ranged(5e5, 5e5, as_of=T2020), id=9, document_id=3), dict(ranged(5e5, 5e5, as_of=T2023), id=10, document_id=4),
           dict(status("statutory", T2023), id=11, document_id=1), dict(status("non_statutory", T2020), id=12, document_id=2),
           dict(status("non_statutory", T2023), id=13, document_id=3)]


def _pairwise(claims: list[dict]) -> dict:
    return {(r["claim_a"], r["claim_b"]): (r["verdict"], r["reason"]) for r in compare_claims(claims)}


def test_group_verdicts_in_the_database_equal_pairwise_comparison():
    store = _database_with(GROUPED)
    db = store.db
    store.update_comparisons(KINDS)
    view = _view(db)
    assert view == _pairwise(GROUPED)
    assert {v for v, _ in view.values()} == {"agree", "compatible", "changed", "contradict"}
    assert store.counts()["comparisons"] == len(view)
    # 500,000 in 2020 against 500,000 in 2023 share a group, yet 1-3 million vs 500,000 is
    # `changed` across times and `contradict` within one
    assert view[(7, 9)][0] == "contradict" and view[(8, 9)][0] == "changed"
    assert db["claim_groups"].count < len(GROUPED)


def test_adding_and_removing_claims_updates_only_what_changed_and_matches_a_rebuild():
    store = _database_with(GROUPED[:8])
    db = store.db
    store.update_comparisons(KINDS)
    before = set(db.execute("SELECT id, group_a, group_b, verdict FROM group_comparisons").fetchall())
    white_paper_day = db.execute("SELECT group_id FROM claims WHERE id = 6").fetchone()[0]
    db["claims"].insert_all(GROUPED[8:])
    db.execute("DELETE FROM claims WHERE id = 6")  # its group is left empty and goes
    store.update_comparisons(KINDS)
    assert _view(db) == _pairwise([c for c in GROUPED if c["id"] != 6])
    after = set(db.execute("SELECT id, group_a, group_b, verdict FROM group_comparisons").fetchall())
    kept = {r for r in before if white_paper_day not in r[1:3]}
    assert kept and kept <= after, "verdicts of untouched groups are kept as they were, not recomputed"
    assert not {r for r in after if white_paper_day in r[1:3]}
    assert db.execute("SELECT COUNT(*) FROM claim_groups WHERE id = ?", [white_paper_day]).fetchone()[0] == 0


def test_contradictions_within_one_document_have_their_own_view():
    claims = [dict(JAN_2019, id=1, document_id=1), dict(FEB_2019, id=2, document_id=1), dict(JAN_2019, id=3, document_id=2)]
    store = _database_with(claims)
    db = store.db
    store.update_comparisons(KINDS)
    assert set(_view(db)) == {(1, 3), (2, 3)}
    assert _view(db, "comparisons_within_document") == {(1, 2): verdict_for(JAN_2019, FEB_2019)}
