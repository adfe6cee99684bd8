"""The store's comparisons: group verdicts in the database equal pairwise comparison, and an
update touches only what changed."""
from __future__ import annotations

from pipeline.compare.grouping import compare_claims as _compare_claims
from pipeline.store.store import Store
from tests.compare.claims import (
    FEB_2019,
    JAN_2019,
    KINDS,
    T2020,
    T2023,
    WHITE_PAPER_DAY,
    WHITE_PAPER_MONTH,
    compare_claims,
    ranged,
    status,
    verdict_for,
)


def _database_with(claims: list[dict]):
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
    assert {v for v, _ in view.values()} == {"agree", "compatible", "changed", "contradict", "differ"}
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


_TIMES = [None, "2019-01-01", "2019-12-31", "2020-06-30", "2021-04-01", "2021-04-30", "2022-06-30", "2022-07-01",
          "2023-11-01"]


def _random_claim(rng, claim_id: int) -> dict:
    """A state or event claim of one subject, its values, qualifiers and time drawn from small sets,
    so that every verdict, time relation and stated change (an `effective` fact) turns up."""
    start, end = rng.choice(_TIMES), rng.choice(_TIMES)
    if start and end and start > end:
        start, end = end, start
    claim = {"id": claim_id, "document_id": rng.randint(1, 4), "subject": "integrated care system",
             "modality": rng.choice(["fact"] * 6 + ["plan", "proposal", "question"]), "negated": rng.choice([0, 0, 0, 1]),
             "as_of_start": start, "as_of_end": end}
    kind = rng.choice(["status", "count", "part", "effective", "deadline"])
    if kind == "status":
        return {**claim, "predicate": "has_status", "object": rng.choice(["statutory", "non_statutory"])}
    if kind == "count":
        value = rng.choice([14, 42, 44])
        return {**claim, "predicate": "has_count", "value_min": value, "value_max": value}
    if kind == "part":
        return {**claim, "predicate": "part_of", "object": "NHS England"}
    day = rng.choice(["2021-04-01", "2022-04-01", "2022-07-01"])
    return {**claim, "predicate": "dated", "event": "effective" if kind == "effective" else "deadline",
            "date_start": day, "date_end": day, "date_granularity": "day"}


def test_time_dependent_verdicts_and_question_statuses_equal_pairwise_comparison():
    """Random small corpora: the views equal the pairwise reference (verdict and reason, across and
    within documents, stated changes included), and each question's status is its pairs' strongest."""
    import random

    from pipeline.compare.questions import question_status

    for seed in range(60):
        rng = random.Random(seed)
        claims = [_random_claim(rng, i) for i in range(1, rng.randint(3, 14))]
        store = _database_with(claims)
        db = store.db
        store.update_comparisons(KINDS)
        assert _view(db) == {(r["claim_a"], r["claim_b"]): (r["verdict"], r["reason"]) for r in compare_claims(claims)}
        assert _view(db, "comparisons_within_document") == {
            (r["claim_a"], r["claim_b"]): (r["verdict"], r["reason"]) for r in _compare_claims(claims, KINDS, True)}
        by_block: dict[str, set] = {}
        for block, verdict in db.execute(
                "SELECT g.block, c.verdict FROM (SELECT claim_a, verdict FROM comparisons UNION ALL "
                "SELECT claim_a, verdict FROM comparisons_within_document) c "
                "JOIN claims x ON x.id = c.claim_a JOIN claim_groups g ON g.id = x.group_id"):
            by_block.setdefault(block, set()).add(verdict)
        for block, stored in db.execute("SELECT block, status FROM questions"):
            assert stored == question_status(by_block.get(block, ())), (seed, block)


def test_a_stated_change_added_later_updates_the_question_it_orders():
    claims = [dict(status("non_statutory", (None, None)), id=1, document_id=1),
              dict(status("statutory", (None, None)), id=2, document_id=2)]
    store = _database_with(claims)
    db = store.db
    store.update_comparisons(KINDS)
    assert [r["status"] for r in db.query("SELECT status FROM questions")] == ["differ"]
    db["documents"].insert({"id": 3, "path": "d3.txt", "status": "ok"})
    db["claims"].insert({"id": 3, "document_id": 3, "subject": "integrated care system", "predicate": "dated",
                         "event": "effective", "date_start": "2022-07-01", "date_end": "2022-07-01",
                         "date_granularity": "day", "modality": "fact", "negated": 0})
    store.update_comparisons(KINDS, lost_claims_in=set())
    assert _view(db)[(1, 2)][0] == "changed"
    assert {r["label"]: r["status"] for r in db.query("SELECT label, status FROM questions")} == {
        "Is an integrated care system statutory?": "changed", "When did integrated care systems take effect?": "consensus"}
    positions = {r["value"]: r["n_documents"] for r in db.query(
        "SELECT p.value, p.n_documents FROM positions p JOIN questions q ON q.id = p.question_id "
        "WHERE q.predicate = 'has_status'")}
    assert positions == {"statutory": 1, "not statutory": 1}
    assert sorted(r[0] for r in db.execute("SELECT claim_id FROM position_claims")) == [1, 2, 3]


def test_group_pair_rows_fill_the_group_comparisons_table():
    from pipeline.compare.grouping import GroupPair
    from pipeline.store.schema import GROUP_COMPARISON_COLUMNS

    assert list(GroupPair._fields) == [c for c in GROUP_COMPARISON_COLUMNS if c != "id"]
