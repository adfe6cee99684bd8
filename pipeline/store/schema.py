"""Schema: the tables, indexes, views and full-text index of the database (SPEC §6).

The `comparisons` view expands the stored group verdicts into claim pairs and picks, for each
pair, the verdict for its two claims' times: the SQL twin of `compare.time.same_time` decides.
"""
from __future__ import annotations

from ..compare.time import SAME_TIME_SQL

SCHEMA_VERSION = 6

DOCUMENT_COLUMNS = {
    "id": int, "path": str, "paths": str, "title": str, "publisher": str, "url": str,
    "published": str, "sha256": str, "text": str, "n_sentences": int, "n_words": int,
    "status": str, "error": str, "format": str, "encoding": str, "pipeline_version": str,
}
ENTITY_COLUMNS = {
    "id": int, "document_id": int, "sentence_id": int, "label": str, "text": str,
    "start_char": int, "end_char": int, "canonical": str, "date_start": str, "date_end": str,
    "date_granularity": str, "pop_min": int, "pop_max": int, "source": str, "confidence": float,
}
CLAIM_COLUMNS = {
    "id": int, "document_id": int, "sentence_id": int, "subject": str, "predicate": str,
    "event": str, "object": str, "object_text": str, "holder": str, "value_min": float,
    "value_max": float, "date_start": str, "date_end": str, "date_granularity": str,
    "modality": str, "negated": int, "as_of_start": str, "as_of_end": str,
    "confidence": float, "source": str, "group_id": int,
}
COMPARISON_COLUMNS = {  # the columns of the `comparisons` view (SPEC §6)
    "id": str, "claim_a": int, "claim_b": int, "document_a": int, "document_b": int,
    "subject": str, "predicate": str, "event": str, "object": str, "verdict": str, "reason": str,
}
GROUP_COMPARISON_COLUMNS = {
    "id": int, "group_a": int, "group_b": int, "subject": str, "predicate": str, "event": str, "object": str,
    "verdict": str, "reason": str, "verdict_apart": str, "reason_apart": str,
}
_SAME_TIME = SAME_TIME_SQL.format(a="ca", b="cb")
_PAIRS_VIEW = f"""
SELECT printf('%d-%d', MIN(ca.id, cb.id), MAX(ca.id, cb.id)) AS id,
       MIN(ca.id, cb.id) AS claim_a, MAX(ca.id, cb.id) AS claim_b,
       CASE WHEN ca.id < cb.id THEN ca.document_id ELSE cb.document_id END AS document_a,
       CASE WHEN ca.id < cb.id THEN cb.document_id ELSE ca.document_id END AS document_b,
       gc.subject, gc.predicate, gc.event, gc.object,
       CASE WHEN gc.verdict_apart IS NULL OR ({_SAME_TIME}) THEN gc.verdict ELSE gc.verdict_apart END AS verdict,
       CASE WHEN gc.verdict_apart IS NULL OR ({_SAME_TIME}) THEN gc.reason ELSE gc.reason_apart END AS reason,
       gc.id AS group_comparison, gc.verdict AS verdict_same_time, gc.verdict_apart
FROM group_comparisons gc
JOIN claims ca ON ca.group_id = gc.group_a
JOIN claims cb ON cb.group_id = gc.group_b
WHERE ca.document_id {{op}} cb.document_id AND (gc.group_a != gc.group_b OR ca.id < cb.id)
"""
COMPARISONS_VIEW = _PAIRS_VIEW.format(op="!=")
"""SPEC §6 `comparisons`: every cross-document claim pair sharing a key, expanded from the group
verdicts; the verdict for the pair's times is picked here (see compare.grouping.time_aware_verdicts)."""
WITHIN_DOCUMENT_VIEW = _PAIRS_VIEW.format(op="=")

_PAIR_VIEW = """
SELECT c.id AS comparison_id, c.verdict, c.subject, c.predicate, c.event, c.object, c.reason,
       da.title AS document_a_title, sa.text AS sentence_a, ca.id AS claim_a,
       db.title AS document_b_title, sb.text AS sentence_b, cb.id AS claim_b,
       c.document_a, c.document_b, ca.sentence_id AS sentence_a_id, cb.sentence_id AS sentence_b_id
FROM comparisons c
JOIN claims ca ON ca.id = c.claim_a
JOIN claims cb ON cb.id = c.claim_b
JOIN sentences sa ON sa.id = ca.sentence_id
JOIN sentences sb ON sb.id = cb.sentence_id
JOIN documents da ON da.id = c.document_a
JOIN documents db ON db.id = c.document_b
WHERE {where}
"""


def _verdict_is(*verdicts: str) -> str:
    """A filter on the picked verdict that the planner can first narrow through the indexes on
    the two stored verdicts, instead of expanding every claim pair."""
    listed = ", ".join(f"'{v}'" for v in verdicts)
    return f"(c.verdict_same_time IN ({listed}) OR c.verdict_apart IN ({listed})) AND c.verdict IN ({listed})"


VIEWS = {
    "agreements": _PAIR_VIEW.format(where=_verdict_is("agree", "compatible")),
    "contradictions": _PAIR_VIEW.format(where=_verdict_is("contradict")),
    "changes": _PAIR_VIEW.format(where=_verdict_is("changed")),
    "contradictions_within_document": _PAIR_VIEW.replace("FROM comparisons c", "FROM comparisons_within_document c")
    .format(where=_verdict_is("contradict")),
}


def create_schema(db) -> None:
    """Every table, index, view and full-text index, empty, in `db` (a sqlite_utils.Database)."""
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["documents"].create(DOCUMENT_COLUMNS, pk="id", not_null={"path", "status"}, if_not_exists=True)
    db["files"].create({"path": str, "sha256": str, "size": int, "key": str, "stat": str, "document_id": int}, pk="path",
                       foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
    db["sentences"].create(
        {"id": int, "document_id": int, "idx": int, "start_char": int, "end_char": int, "text": str},
        pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True)
    db["entities"].create(ENTITY_COLUMNS, pk="id", foreign_keys=[
        ("document_id", "documents", "id"), ("sentence_id", "sentences", "id")], if_not_exists=True)
    db["claims"].create(CLAIM_COLUMNS, pk="id", foreign_keys=[
        ("document_id", "documents", "id"), ("sentence_id", "sentences", "id")], if_not_exists=True)
    db["claim_groups"].create({"id": int, "signature": str, "block": str, "subject": str, "predicate": str,
                               "event": str, "object": str, "n_claims": int, "n_documents": int},
                              pk="id", if_not_exists=True)
    db["group_comparisons"].create(GROUP_COMPARISON_COLUMNS, pk="id", foreign_keys=[
        ("group_a", "claim_groups", "id"), ("group_b", "claim_groups", "id")], if_not_exists=True)
    db["bodies"].create({"name": str, "kind": str, "aliases": str, "successor": str, "instance_of": str, "broader": str},
                        pk="name", if_not_exists=True)
    db["policies"].create({"name": str, "aliases": str, "known_dates": str}, pk="name", if_not_exists=True)
    for table, columns in (
        ("files", ["document_id"]), ("sentences", ["document_id", "idx"]),
        ("entities", ["document_id"]), ("entities", ["sentence_id"]), ("entities", ["label", "canonical"]),
        ("claims", ["document_id"]), ("claims", ["sentence_id"]), ("claims", ["subject", "predicate"]),
        ("group_comparisons", ["verdict"]), ("group_comparisons", ["verdict_apart"]), ("group_comparisons", ["group_a"]),
        ("claim_groups", ["block"]),
        ("group_comparisons", ["group_b"]), ("claims", ["group_id"]),
        ("documents", ["sha256"]),
    ):
        db[table].create_index(columns, if_not_exists=True)
    db["claim_groups"].create_index(["signature"], unique=True, if_not_exists=True)
    if not db["sentences"].detect_fts():
        db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="porter")
    existing = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    for name, sql in {"comparisons": COMPARISONS_VIEW, "comparisons_within_document": WITHIN_DOCUMENT_VIEW,
                      **VIEWS}.items():
        # redefining views on a large file costs 0.3 s: only those that changed
        if (existing.get(name) or "").strip() != f"CREATE VIEW \"{name}\" AS {sql}".strip():
            db.create_view(name, sql, replace=True)
    db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


COMPARISON_COUNT = """
WITH per_document AS (SELECT group_id AS g, document_id AS d, COUNT(*) AS n FROM claims
                      WHERE group_id IS NOT NULL GROUP BY group_id, document_id),
     per_group AS (SELECT g, SUM(n) AS n, SUM(n * n) AS squares FROM per_document GROUP BY g),
     same_document AS (SELECT gc.id, SUM(x.n * y.n) AS n FROM group_comparisons gc
                       JOIN per_document x ON x.g = gc.group_a JOIN per_document y ON y.g = gc.group_b AND y.d = x.d
                       WHERE gc.group_a != gc.group_b GROUP BY gc.id)
SELECT COALESCE(SUM(CASE WHEN gc.group_a = gc.group_b THEN (a.n * a.n - a.squares) / 2
                         ELSE a.n * b.n - COALESCE(s.n, 0) END), 0)
FROM group_comparisons gc JOIN per_group a ON a.g = gc.group_a JOIN per_group b ON b.g = gc.group_b
LEFT JOIN same_document s ON s.id = gc.id
"""
"""How many rows the `comparisons` view holds, counted without expanding it: for each compared
pair of groups, the claim pairs between them less those within one document (a group compared
with itself: each pair once)."""
