"""Store: the SQLite database of SPEC §6, written through sqlite-utils.

Schema creation, reading what a previous run left (the incremental cache), and writing
processed documents. The atomic replace of the file lives in `run.py`.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils

from .records import ProcessedDocument
from .registry import Registry, registry_tables

SCHEMA_VERSION = 4

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
_SAME_TIME = ("COALESCE(ca.as_of_start, '0001-01-01') <= COALESCE(cb.as_of_end, '9999-12-31') "
              "AND COALESCE(cb.as_of_start, '0001-01-01') <= COALESCE(ca.as_of_end, '9999-12-31')")
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
verdicts; the verdict for the pair's times is picked here (see compare.time_aware_verdicts)."""
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


def create_schema(db: sqlite_utils.Database) -> None:
    """Every table, index, view and full-text index, empty."""
    db.execute("PRAGMA foreign_keys = ON")
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["documents"].create(DOCUMENT_COLUMNS, pk="id", not_null={"path", "status"}, if_not_exists=True)
    db["files"].create({"path": str, "sha256": str, "size": int, "document_id": int}, pk="path",
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
        if (existing.get(name) or "").strip() != f"CREATE VIEW \"{name}\" AS {sql}".strip():  # redefining views on a large file costs 0.3 s
            db.create_view(name, sql, replace=True)
    db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")


def open_existing(path: Path) -> sqlite_utils.Database | None:
    """The previous database, if it exists and has this schema; else None (rebuild)."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        conn.close()
    except sqlite3.DatabaseError:
        return None
    if not row or row[0] != str(SCHEMA_VERSION):
        return None
    return sqlite_utils.Database(path)


def read_state(path: Path) -> tuple[dict[str, tuple[str, int]], str | None]:
    """{file path: (bytes sha256, document id)} and the pipeline version of a previous run."""
    db = open_existing(path)
    if db is None:
        return {}, None
    try:
        files = {r["path"]: (r["sha256"], r["document_id"]) for r in db["files"].rows}
        version = next((r["value"] for r in db["meta"].rows_where("key = 'pipeline_version'")), None)
    finally:
        db.close()
    return files, version


def write_registries(db: sqlite_utils.Database, registry: Registry) -> None:
    bodies, policies = registry_tables(registry)
    db["bodies"].delete_where()
    db["policies"].delete_where()
    db["bodies"].insert_all(bodies, pk="name")
    db["policies"].insert_all(policies, pk="name")


def delete_documents(db: sqlite_utils.Database, document_ids: list[int]) -> set[int]:
    """Remove documents and everything extracted from them; `update_comparisons` then drops
    the claim groups left empty. Returns the groups that lost claims."""
    groups: set[int] = set()
    for doc_id in document_ids:
        groups |= {r[0] for r in db.execute(
            "SELECT DISTINCT group_id FROM claims WHERE document_id = ? AND group_id IS NOT NULL", [doc_id])}
        for table in ("claims", "entities", "sentences", "files"):
            db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
        db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
    return groups


def insert_document(db: sqlite_utils.Database, processed: ProcessedDocument, paths: list[str],
                    sources: dict[str, tuple[str, int]], pipeline_version: str) -> int:
    """Insert one processed document with its files, sentences, entities and claims; its id."""
    doc = processed.document
    row = {
        "path": paths[0], "paths": json.dumps(paths), "title": doc.title, "publisher": doc.publisher,
        "url": doc.url, "published": doc.published, "sha256": doc.sha256,
        "text": doc.text if doc.ok else None,
        "n_sentences": len(processed.sentences), "n_words": len(doc.text.split()) if doc.ok else 0,
        "status": "ok" if doc.ok else "error", "error": doc.error, "format": doc.format,
        "encoding": doc.encoding, "pipeline_version": pipeline_version,
    }
    doc_id = db["documents"].insert(row).last_pk
    db["files"].insert_all(
        ({"path": p, "sha256": sources[p][0], "size": sources[p][1], "document_id": doc_id} for p in paths),
        replace=True)
    first_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM sentences").fetchone()[0]
    sentence_ids = {sent.idx: first_id + n for n, sent in enumerate(processed.sentences)}
    db["sentences"].insert_all(
        ({"id": sentence_ids[sent.idx], "document_id": doc_id, "idx": sent.idx,
          "start_char": sent.start_char, "end_char": sent.end_char, "text": sent.text}
         for sent in processed.sentences), batch_size=500)
    db["entities"].insert_all(
        ({**{k: v for k, v in ent.__dict__.items() if k != "sentence_idx"},
          "document_id": doc_id, "sentence_id": sentence_ids.get(ent.sentence_idx)}
         for ent in processed.entities), batch_size=500)
    db["claims"].insert_all(
        ({**{k: v for k, v in claim.__dict__.items() if k != "sentence_idx"},
          "document_id": doc_id, "sentence_id": sentence_ids.get(claim.sentence_idx)}
         for claim in processed.claims), batch_size=500)
    return doc_id


def update_comparisons(db: sqlite_utils.Database, lost_claims_in: set[int] | None = None) -> None:
    """Bring claim groups and their verdicts up to date with `claims`, touching only what changed:
    empty groups go, ungrouped claims join their group or found a new one, and only new groups
    are compared with their block. A full build is the same steps from an empty table.
    `lost_claims_in`: the groups whose claims were deleted since the last update, so that only
    those and the groups gaining claims are recounted (None: recount all)."""
    from .compare import SIGNATURE_FIELDS, block_of, new_group_pairs, signature

    empty = [r[0] for r in db.execute(
        "SELECT id FROM claim_groups g WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.group_id = g.id)")]
    for group_id in empty:
        db.execute("DELETE FROM group_comparisons WHERE group_a = ? OR group_b = ?", [group_id, group_id])
        db.execute("DELETE FROM claim_groups WHERE id = ?", [group_id])
    group_ids = {sig: gid for gid, sig in db.execute("SELECT id, signature FROM claim_groups")}
    next_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claim_groups").fetchone()[0]
    new_groups, membership = [], []
    for claim in db.query("SELECT * FROM claims WHERE group_id IS NULL ORDER BY id"):
        block = block_of(claim)
        if block is None:
            continue
        sig = signature(claim)
        if sig not in group_ids:
            group_ids[sig] = next_id
            new_groups.append((next_id, sig, block, claim["subject"], claim["predicate"], claim.get("event"),
                               claim.get("object")))
            next_id += 1
        membership.append((group_ids[sig], claim["id"]))
    db.conn.executemany("INSERT INTO claim_groups (id, signature, block, subject, predicate, event, object) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", new_groups)
    db.conn.executemany("UPDATE claims SET group_id = ? WHERE id = ?", membership)
    touched = {g[2] for g in new_groups}
    groups_by_block: dict[str, list[dict]] = {}
    for block in touched:
        groups_by_block[block] = [{"id": gid, "claim": dict(zip(SIGNATURE_FIELDS, json.loads(sig)))}
                                  for gid, sig in db.execute("SELECT id, signature FROM claim_groups WHERE block = ?",
                                                             [block])]
    columns = [c for c in GROUP_COMPARISON_COLUMNS if c != "id"]
    db.conn.executemany(
        f"INSERT INTO group_comparisons ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        ([row.get(c) for c in columns] for row in new_group_pairs(groups_by_block, {g[0] for g in new_groups})))
    recount = None if lost_claims_in is None else sorted({g for g, _ in membership} | set(lost_claims_in))
    recount_sql = ("UPDATE claim_groups SET n_claims = (SELECT COUNT(*) FROM claims c WHERE c.group_id = claim_groups.id), "
                   "n_documents = (SELECT COUNT(DISTINCT document_id) FROM claims c WHERE c.group_id = claim_groups.id)")
    if recount is None:
        db.execute(recount_sql)
    else:
        db.conn.executemany(recount_sql + " WHERE id = ?", [(g,) for g in recount])


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    out = {t: db[t].count for t in ("documents", "sentences", "entities", "claims")}
    out["comparisons"] = db.execute(CROSS_DOCUMENT_PAIRS).fetchone()[0]
    return out


CROSS_DOCUMENT_PAIRS = """
WITH per_document AS (SELECT g.block, c.document_id, COUNT(*) AS n FROM claims c
                      JOIN claim_groups g ON g.id = c.group_id GROUP BY g.block, c.document_id),
     per_block AS (SELECT SUM(n) AS total, SUM(n * n) AS squares FROM per_document GROUP BY block)
SELECT COALESCE(SUM((total * total - squares) / 2), 0) FROM per_block
"""
"""How many rows the `comparisons` view holds, counted without expanding it: per block, all
claim pairs less those within one document."""
