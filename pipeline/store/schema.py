"""Schema: the tables, indexes, views and full-text index of the database (SPEC §6).

The `comparisons` view expands the stored group verdicts into claim pairs and, for a group pair
whose verdict depends on time, picks each claim pair's verdict from the two claims' times and the
dated changes the corpus states: the SQL twins of compare/time.py decide, and the reason is put
together from the groups' words and the claims' times (compare/reasons.py), in the row's order.
"""
from __future__ import annotations

from ..compare.questions import STATUS_OF_VERDICT
from ..compare.reasons import side_sql, versus_sql
from ..compare.time import TRANSITION_CLAIMS_SQL, TRANSITION_EVENTS, TRANSITION_SQL, time_relation_sql, transition_orders_sql
from ..compare.verdicts import ORDERED_WHY, UNKNOWN_WHY

SCHEMA_VERSION = 8  # 8: bodies.registered, policies.registered

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
    "confidence": float, "source": str, "group_id": int, "time_text": str,
}
COMPARISON_COLUMNS = {  # the columns of the `comparisons` view (SPEC §6)
    "id": str, "claim_a": int, "claim_b": int, "document_a": int, "document_b": int,
    "subject": str, "predicate": str, "event": str, "object": str, "verdict": str, "reason": str,
}
GROUP_COLUMNS = {"id": int, "signature": str, "block": str, "subject": str, "predicate": str, "event": str,
                 "object": str, "label": str, "note": str, "value_text": str, "n_claims": int, "n_documents": int,
                 "position_id": int}
GROUP_COMPARISON_COLUMNS = {
    "id": int, "group_a": int, "group_b": int, "subject": str, "predicate": str, "event": str, "object": str,
    "verdict": str, "reason": str, "verdict_apart": str, "reason_apart": str, "verdict_unknown": str,
    "positive_group": int,
}
QUESTION_COLUMNS = {"id": int, "block": str, "subject": str, "predicate": str, "event": str, "object": str,
                    "label": str, "status": str, "n_positions": int, "n_documents": int, "n_claims": int}
POSITION_COLUMNS = {"id": int, "question_id": int, "value": str, "n_documents": int, "n_claims": int,
                    "modalities": str}

_A, _B = ("CASE WHEN ca.id < cb.id THEN ca.{column} ELSE cb.{column} END",
          "CASE WHEN ca.id < cb.id THEN cb.{column} ELSE ca.{column} END")
"""A column of claim_a (the lower id) and of claim_b, whichever group each comes from."""
_BOTH_KNOWN = ("ca.as_of_start IS NOT NULL AND ca.as_of_end IS NOT NULL "
               "AND cb.as_of_start IS NOT NULL AND cb.as_of_end IS NOT NULL")
_CA_BEFORE = "(t.event = 'effective') != (gc.group_a = gc.positive_group)"  # ca is the side to lie before the change
_CHANGE_WORDS = " ".join(f"WHEN '{e}' THEN '{w}'" for e, w in TRANSITION_EVENTS.items())
_ORDERING = f"""CASE WHEN gc.positive_group IS NULL THEN NULL ELSE (
    SELECT CASE t.event {_CHANGE_WORDS} END || ' ' || tg.label FROM claims t JOIN claim_groups tg ON tg.id = t.group_id
    WHERE t.subject = gc.subject AND {TRANSITION_SQL.format(t="t")}
      AND {transition_orders_sql("t", f"CASE WHEN {_CA_BEFORE} THEN ca.as_of_start ELSE cb.as_of_start END",
                                 f"CASE WHEN {_CA_BEFORE} THEN cb.as_of_end ELSE ca.as_of_end END")}
    ORDER BY t.date_start, t.id LIMIT 1) END"""
"""The stated change that orders a claim pair (compare.verdicts.ordering_transition), as "took effect
1 July 2022"; NULL when none does."""
_ORDERED_WHY = "'" + ORDERED_WHY.split("{subject}")[0] + "' || p.subject || ' ' || p.ordering"
assert ORDERED_WHY.endswith("{subject} {change} {date}")
_WHY = f"""CASE WHEN p.verdict_apart IS NULL THEN p.why
            WHEN p.time_relation = 'first' THEN replace(p.why_apart, '{{first}}', p.label_a)
            WHEN p.time_relation = 'second' THEN replace(p.why_apart, '{{first}}', p.label_b)
            WHEN p.ordering IS NOT NULL THEN {_ORDERED_WHY}
            WHEN p.time_relation = 'same' THEN p.why
            WHEN p.both_known THEN '{UNKNOWN_WHY[True]}' ELSE '{UNKNOWN_WHY[False]}' END"""
"""Why the pair's verdict (compare.verdicts.resolve): the group pair's, or that of the pair's times."""

_PAIRS_VIEW = f"""
SELECT p.id, p.claim_a, p.claim_b, p.document_a, p.document_b, p.subject, p.predicate, p.event, p.object,
       CASE WHEN p.verdict_apart IS NULL THEN p.verdict_same_time
            WHEN p.time_relation IN ('first', 'second') THEN p.verdict_apart
            WHEN p.ordering IS NOT NULL THEN p.verdict_apart
            WHEN p.time_relation = 'same' THEN p.verdict_same_time
            ELSE p.verdict_unknown END AS verdict,
       {versus_sql("p.side_a", "p.side_b", _WHY)} AS reason,
       p.time_relation, p.group_comparison, p.verdict_same_time, p.verdict_apart, p.verdict_unknown
FROM (
SELECT printf('%d-%d', MIN(ca.id, cb.id), MAX(ca.id, cb.id)) AS id,
       MIN(ca.id, cb.id) AS claim_a, MAX(ca.id, cb.id) AS claim_b,
       {_A.format(column="document_id")} AS document_a, {_B.format(column="document_id")} AS document_b,
       gc.subject, gc.predicate, gc.event, gc.object, gc.id AS group_comparison,
       gc.verdict AS verdict_same_time, gc.verdict_apart, gc.verdict_unknown, gc.reason AS why, gc.reason_apart AS why_apart,
       CASE WHEN gc.verdict_apart IS NULL THEN NULL ELSE {time_relation_sql(_A, _B)}
            END AS time_relation,
       CASE WHEN gc.verdict_apart IS NULL THEN NULL ELSE {_ORDERING} END AS ordering,
       CASE WHEN ca.id < cb.id THEN ga.label ELSE gb.label END AS label_a,
       CASE WHEN ca.id < cb.id THEN gb.label ELSE ga.label END AS label_b,
       {_BOTH_KNOWN} AS both_known,
       CASE WHEN ca.id < cb.id THEN {side_sql("ga", "ca")} ELSE {side_sql("gb", "cb")} END AS side_a,
       CASE WHEN ca.id < cb.id THEN {side_sql("gb", "cb")} ELSE {side_sql("ga", "ca")} END AS side_b
FROM group_comparisons gc
JOIN claims ca ON ca.group_id = gc.group_a
JOIN claims cb ON cb.group_id = gc.group_b
LEFT JOIN claim_groups ga ON ga.id = gc.group_a
LEFT JOIN claim_groups gb ON gb.id = gc.group_b
WHERE ca.document_id {{op}} cb.document_id AND (gc.group_a != gc.group_b OR ca.id < cb.id)
) p
"""
COMPARISONS_VIEW = _PAIRS_VIEW.replace("{op}", "!=")
"""SPEC §6 `comparisons`: every cross-document claim pair sharing a key, expanded from the group
verdicts (compare/grouping.py), claim_a the lower id; the verdict and reason for the pair's times
are picked here (compare.verdicts.resolve is the Python twin)."""
WITHIN_DOCUMENT_VIEW = _PAIRS_VIEW.replace("{op}", "=")

_PAIR_VIEW = """
SELECT (SELECT p.question_id FROM claim_groups g JOIN positions p ON p.id = g.position_id WHERE g.id = ca.group_id)
         AS question_id,
       c.verdict, sa.text AS sentence_a, da.title AS document_a_title, sb.text AS sentence_b,
       db.title AS document_b_title, c.reason, c.subject, c.predicate, c.event, c.object,
       c.id AS comparison_id, ca.id AS claim_a, cb.id AS claim_b,
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


_STORED_VERDICT = {"contradict": "c.verdict_same_time = 'contradict'",
                   "changed": "(c.verdict_same_time = 'changed' OR c.verdict_apart IS NOT NULL)",
                   "differ": "(c.verdict_same_time = 'differ' OR c.verdict_apart IS NOT NULL)",
                   "agree": "c.verdict_same_time = 'agree'", "compatible": "c.verdict_same_time = 'compatible'"}
"""Which stored group verdicts can give each verdict: a time-dependent group pair (`verdict_apart`
set) gives its same-time verdict, `changed` or `differ`."""


def _verdict_is(*verdicts: str) -> str:
    """A filter on the picked verdict that the planner can first narrow through the indexes on the
    stored verdicts, instead of expanding every claim pair."""
    listed = ", ".join(f"'{v}'" for v in verdicts)
    return f"({' OR '.join(_STORED_VERDICT[v] for v in verdicts)}) AND c.verdict IN ({listed})"


VIEWS = {
    "agreements": _PAIR_VIEW.format(where=_verdict_is("agree", "compatible")),
    "contradictions": _PAIR_VIEW.format(where=_verdict_is("contradict")),
    "changes": _PAIR_VIEW.format(where=_verdict_is("changed")),
    "differences": _PAIR_VIEW.format(where=_verdict_is("differ")),
    "contradictions_within_document": _PAIR_VIEW.replace("FROM comparisons c", "FROM comparisons_within_document c")
    .format(where=_verdict_is("contradict")),
    "transitions": f"""
SELECT t.id AS claim_id, t.document_id, t.sentence_id, t.subject, t.event, t.date_start, t.date_end, t.date_granularity
FROM claims t WHERE {TRANSITION_SQL.format(t="t")}""",
    "position_claims": """
SELECT g.position_id, c.id AS claim_id, c.document_id, c.sentence_id, g.value_text AS value, c.modality, c.negated,
       c.as_of_start, c.as_of_end, c.time_text, c.object_text, c.holder
FROM claims c JOIN claim_groups g ON g.id = c.group_id WHERE g.position_id IS NOT NULL""",
}
"""Side-by-side pages per verdict; the dated changes the corpus states, which order states they
separate (compare/time.py); and the claims behind each position of a question."""


DECISIVE_PAIRS = (f"{{t}}verdict_apart IS NULL AND {{t}}verdict IN ({', '.join(map(repr, STATUS_OF_VERDICT))})")
"""Group pairs whose verdict does not depend on time and decides a status (compare/questions.py),
for a `group_comparisons` row prefixed {t} ("gc." or ""): the condition of their partial index."""


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
    db["claim_groups"].create(GROUP_COLUMNS, pk="id", if_not_exists=True)
    db["group_comparisons"].create(GROUP_COMPARISON_COLUMNS, pk="id", foreign_keys=[
        ("group_a", "claim_groups", "id"), ("group_b", "claim_groups", "id")], if_not_exists=True)
    db["questions"].create(QUESTION_COLUMNS, pk="id", if_not_exists=True)
    db["positions"].create(POSITION_COLUMNS, pk="id", foreign_keys=[("question_id", "questions", "id")],
                           if_not_exists=True)
    db["bodies"].create({"name": str, "kind": str, "aliases": str, "successor": str, "instance_of": str, "broader": str,
                         "registered": int}, pk="name", not_null={"registered"}, defaults={"registered": 1},
                        if_not_exists=True)
    db["policies"].create({"name": str, "aliases": str, "known_dates": str, "registered": int}, pk="name",
                          not_null={"registered"}, defaults={"registered": 1}, if_not_exists=True)
    for table, columns in (
        ("files", ["document_id"]), ("sentences", ["document_id", "idx"]),
        ("entities", ["document_id"]), ("entities", ["sentence_id"]), ("entities", ["label", "canonical"]),
        ("claims", ["document_id"]), ("claims", ["sentence_id"]), ("claims", ["subject", "predicate"]),
        ("group_comparisons", ["verdict"]), ("group_comparisons", ["group_a"]),
        ("claim_groups", ["block"]),
        ("group_comparisons", ["group_b"]),
        ("documents", ["sha256"]), ("positions", ["question_id"]), ("questions", ["status"]),
    ):
        db[table].create_index(columns, if_not_exists=True)
    # only the group pairs whose verdict depends on time: a small index, read by the changes and differences pages
    db.execute("CREATE INDEX IF NOT EXISTS idx_group_comparisons_timed ON group_comparisons (verdict_apart) "
               "WHERE verdict_apart IS NOT NULL")
    # the pairs that decide a question's status at the same time, per group: which of them a block has is
    # a few index seeks per group, where reading its pairs costs as many rows as its groups squared
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_group_comparisons_decisive ON group_comparisons (group_a, verdict) "
               f"WHERE {DECISIVE_PAIRS.format(t='')}")
    # the stated changes of a subject in date order, read per claim pair by the comparisons view
    db.execute(f"CREATE INDEX IF NOT EXISTS idx_claims_transitions ON claims (subject, date_start) "
               f"WHERE {TRANSITION_CLAIMS_SQL}")
    # a group's claims with what its counts, positions and times read: those reads never touch the
    # claims' rows (0.1 s for the blocks one document touches at 10,000 documents; 0.035 s); it
    # replaces the index on group_id alone of databases written before it
    db.execute("CREATE INDEX IF NOT EXISTS idx_claims_group_members "
               "ON claims (group_id, document_id, modality, as_of_start, as_of_end)")
    db.execute("DROP INDEX IF EXISTS idx_claims_group_id")
    # the documents that failed, for a run's failure list (reading `status` walks each document's text);
    # partial, so that no query on the documents read without error is drawn to it
    db.execute("CREATE INDEX IF NOT EXISTS idx_documents_failed ON documents (id) WHERE status = 'error'")
    db["claim_groups"].create_index(["signature"], unique=True, if_not_exists=True)
    db["questions"].create_index(["block"], unique=True, if_not_exists=True)
    db["positions"].create_index(["question_id", "value"], unique=True, if_not_exists=True)
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
