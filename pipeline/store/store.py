"""Store: the one owner of the database's SQL. Callers say what they want (insert this document,
forget these paths, bring the comparisons up to date); the store writes the statements.

The database is written in place, in WAL mode, one transaction per run: a reader (a running
Datasette) sees the state before the run or after it, never half, and a run that fails or is
killed leaves the previous state as it was. Reading what a previous run left (`read_state`,
`stored_counts`, `failure_lines`) needs only the standard library's sqlite3, so a run with nothing
to do never imports sqlite-utils (which imports pandas: most of a second). Writing goes through
sqlite-utils, imported when a `Store` is opened; the file-level checks are in `database`.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

from ..compare.grouping import SIGNATURE_FIELDS, GroupPair, block_of, group_texts, new_group_pairs, signature
from ..compare.reasons import time_text
from ..compare.time import is_transition
from ..compare.verdicts import BodyKinds
from ..records import ProcessedDocument, SourceFile
from ..registry import Registry, registry_tables
from .database import BUSY_TIMEOUT_MS, State, counts_of, state_of
from .question_tables import update_questions
from .schema import SCHEMA_VERSION, create_schema


class Store:
    """A database being written: its schema created if missing, every change in one transaction."""

    def __init__(self, path: Path | None = None, create: bool = True):
        """`path`: the database file (opened in WAL mode); None for one in memory (tests). `create`:
        create the schema now; a run creates it inside its transaction instead (`prepare`)."""
        import sqlite_utils  # see the module docstring: only writing pays its import

        if path is None:
            self.db = sqlite_utils.Database(memory=True)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute("PRAGMA journal_mode = WAL")  # readers see the last commit while a run writes
            conn.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: consistent after a crash, and fast
            conn.execute("PRAGMA journal_size_limit = 67108864")  # a first build's WAL is not kept at its full size
            self.db = sqlite_utils.Database(conn)
        self.db.execute("PRAGMA foreign_keys = ON")
        self._delta: dict[str, int] = {}
        self._new_documents: list[int] = []
        self._removed_documents = False
        if create:
            create_schema(self.db)

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """Every write of the block commits together at its end, or none does. BEGIN IMMEDIATE takes
        the write lock first, so two runs on one file queue rather than interleave."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.db.rollback()
            raise
        self.db.execute("COMMIT")

    def savepoint(self):
        """A nested block whose writes are undone alone if it raises (one document's rows)."""
        return self.db.atomic()

    def state(self) -> tuple[State, str | None, int | None]:
        """(files, pipeline version, schema version) as stored, read inside the run's transaction."""
        return state_of(self.db.conn)

    def prepare(self, schema_version: int | None, rebuild: bool) -> None:
        """Make the schema current; `rebuild`: empty it first (another pipeline version wrote it).
        DDL is transactional in SQLite: inside a run's transaction, a killed rebuild leaves the
        previous state whole."""
        if schema_version not in (None, SCHEMA_VERSION):
            # a table is dropped while others still point at it: the keys are checked at commit, when none is left
            self.db.execute("PRAGMA defer_foreign_keys = ON")
            for kind in ("view", "trigger", "table"):  # tables last; the full-text index's shadow tables go with it
                for (name,) in self.db.execute(f"SELECT name FROM sqlite_master WHERE type = '{kind}' "
                                               "AND name NOT LIKE 'sqlite_%'").fetchall():
                    if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone():
                        self.db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        create_schema(self.db)
        if rebuild and schema_version == SCHEMA_VERSION:
            for table in ("group_comparisons", "claim_groups", "claims", "entities", "sentences", "files", "documents",
                          "bodies", "policies"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute("DELETE FROM meta WHERE key IN ('pipeline_version', 'counts')")

    # ---------------------------------------------------------------- documents and files
    def paths_of(self, document_id: int) -> list[str]:
        return [r["path"] for r in self.db["files"].rows_where("document_id = ?", [document_id])]

    def keep_paths(self, document_id: int, paths: list[str]) -> None:
        """The document's files are now `paths` alone (a document shared by several files lost some)."""
        self.db.execute("DELETE FROM files WHERE document_id = ? AND path NOT IN ({})".format(",".join("?" * len(paths))),
                        [document_id, *paths])
        self._set_paths(document_id, paths)

    def add_path(self, document_id: int, source: SourceFile, key: str, paths: list[str]) -> None:
        """Another file with the text of a stored document: one document, both paths (`paths`, sorted)."""
        self.db["files"].insert({"path": source.path, "sha256": source.sha256, "size": source.size, "key": key,
                                 "stat": source.stat, "document_id": document_id}, replace=True)
        self._set_paths(document_id, paths)

    def _set_paths(self, document_id: int, paths: list[str]) -> None:
        self.db.execute("UPDATE documents SET path = ?, paths = ? WHERE id = ?", [paths[0], json.dumps(paths), document_id])

    def document_with_text(self, sha256: str) -> tuple[int, list[str]] | None:
        """(id, paths) of the document read without error whose text has this hash, if there is one."""
        row = self.db.execute("SELECT id, paths FROM documents WHERE sha256 = ? AND status = 'ok'", [sha256]).fetchone()
        return None if row is None else (row[0], json.loads(row[1]) if row[1] else [])

    def delete_documents(self, document_ids: list[int]) -> set[int]:
        """Remove documents and everything extracted from them; `update_comparisons` then drops
        the claim groups left empty. Returns the groups that lost claims."""
        groups: set[int] = set()
        if not document_ids:
            return groups
        self._removed_documents = True
        ids = ",".join(str(int(i)) for i in document_ids)
        self._change("comparisons", -self._pairs_involving(f"SELECT id FROM claims WHERE document_id IN ({ids})"))
        for table in ("claims", "entities", "sentences"):
            self._change(table, -self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id IN ({ids})").fetchone()[0])
        for status, n in self.db.execute(f"SELECT status, COUNT(*) FROM documents WHERE id IN ({ids}) GROUP BY status"):
            self._change("documents", -n)
            self._change("documents_ok", -n if status == "ok" else 0)
        for doc_id in document_ids:
            groups |= {r[0] for r in self.db.execute(
                "SELECT DISTINCT group_id FROM claims WHERE document_id = ? AND group_id IS NOT NULL", [doc_id])}
            for table in ("claims", "entities", "sentences", "files"):
                self.db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
            self.db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        return groups

    def insert_document(self, processed: ProcessedDocument, source: SourceFile, key: str, pipeline_version: str) -> int:
        """Insert one processed document with its file, sentences, entities and claims; its id."""
        doc = processed.document
        row = {
            "path": source.path, "paths": json.dumps([source.path]), "title": doc.title, "publisher": doc.publisher,
            "url": doc.url, "published": doc.published, "sha256": doc.sha256,
            "text": doc.text if doc.ok else None,
            "n_sentences": len(processed.sentences), "n_words": len(doc.text.split()) if doc.ok else 0,
            "status": "ok" if doc.ok else "error", "error": doc.error, "format": doc.format,
            "encoding": doc.encoding, "pipeline_version": pipeline_version,
        }
        db = self.db
        doc_id = db["documents"].insert(row).last_pk
        db["files"].insert({"path": source.path, "sha256": source.sha256, "size": source.size, "key": key,
                            "stat": source.stat, "document_id": doc_id}, replace=True)
        first_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM sentences").fetchone()[0]
        sentence_ids = {sent.idx: first_id + n for n, sent in enumerate(processed.sentences)}
        db["sentences"].insert_all(
            ({"id": sentence_ids[sent.idx], "document_id": doc_id, "idx": sent.idx,
              "start_char": sent.start_char, "end_char": sent.end_char, "text": sent.text}
             for sent in processed.sentences), batch_size=500)
        for table, records in (("entities", processed.entities), ("claims", processed.claims)):
            db[table].insert_all(
                ({**{k: v for k, v in record.__dict__.items() if k != "sentence_idx"},
                  "document_id": doc_id, "sentence_id": sentence_ids.get(record.sentence_idx)} for record in records),
                batch_size=500)
        self._new_documents.append(doc_id)
        for table, n in (("documents", 1), ("documents_ok", int(doc.ok)), ("sentences", len(processed.sentences)),
                         ("entities", len(processed.entities)), ("claims", len(processed.claims))):
            self._change(table, n)
        return doc_id

    # ---------------------------------------------------------------- registries, comparisons, meta
    def write_registries(self, registry: Registry) -> None:
        """The registries' bodies and policies (registered = 1), then every other name the stored
        entities give a body or a policy (registered = 0: names found by their shape, SPEC §6 lists
        only the registry), so that both tables list every canonical a claim can name. A run that
        only added documents adds their names alone: the registries are part of the pipeline
        version, so stored registered rows are current (a rebuild emptied them)."""
        bodies, policies = registry_tables(registry)
        only_new = not self._removed_documents and all(
            self.db.execute(f"SELECT COUNT(*) FROM {table} WHERE registered = 1").fetchone()[0] == len(rows)
            for table, rows in (("bodies", bodies), ("policies", policies)))
        # only the new documents' entities, through their document_id index (the label's would read every name)
        entities = (f"entities INDEXED BY idx_entities_document_id WHERE document_id IN "
                    f"({','.join(str(i) for i in self._new_documents) or 'NULL'}) AND" if only_new else "entities WHERE")
        for table, label, rows in (("bodies", "BODY", bodies), ("policies", "POLICY", policies)):
            if not only_new:
                self.db[table].delete_where()
                self.db[table].insert_all(({**row, "registered": 1} for row in rows), pk="name")
            self.db.execute(f"INSERT INTO {table} (name, registered) SELECT DISTINCT canonical, 0 FROM {entities} "
                            f"label = ? AND canonical IS NOT NULL AND canonical NOT IN (SELECT name FROM {table})", [label])

    def update_comparisons(self, kinds: BodyKinds, lost_claims_in: set[int] | None = None) -> None:
        """Bring claim groups, their verdicts and the questions up to date with `claims`, touching only
        what changed: empty groups go, ungrouped claims join their group or found a new one, only new
        groups are compared with their block, and only the questions of blocks that gained or lost
        claims (or whose subject gained or lost a stated change) are recounted. A full build is the
        same steps from empty tables. `lost_claims_in`: the groups whose claims were deleted since the
        last update (None: recount all)."""
        db = self.db
        lost = set(lost_claims_in or ())
        touched_blocks: set[str] = set()
        changed_subjects: set[str] = set()  # subjects whose stated changes (compare/time.py) came or went
        lost_groups = db.execute("SELECT block, signature FROM claim_groups WHERE id IN ({})".format(
            ",".join("?" * len(lost))), sorted(lost)).fetchall() if lost else []
        for block, sig in lost_groups:
            touched_blocks.add(block)
            claim = dict(zip(SIGNATURE_FIELDS, json.loads(sig)))
            if is_transition(claim):
                changed_subjects.add(claim["subject"])
        # only a group that lost claims can be empty; look up signatures one by one (indexed) rather
        # than loading every group: an update costs what it touches, not the database
        maybe_empty = ("SELECT id FROM claim_groups g" if lost_claims_in is None else
                       f"SELECT id FROM claim_groups g WHERE id IN ({','.join(str(int(g)) for g in lost_claims_in) or 'NULL'})")
        empty = [r[0] for r in db.execute(
            f"{maybe_empty} {'AND' if lost_claims_in is not None else 'WHERE'} "
            "NOT EXISTS (SELECT 1 FROM claims c WHERE c.group_id = g.id)")]
        for group_id in empty:
            db.execute("DELETE FROM group_comparisons WHERE group_a = ? OR group_b = ?", [group_id, group_id])
            db.execute("DELETE FROM claim_groups WHERE id = ?", [group_id])
        group_ids: dict[str, int] = {}
        next_id = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM claim_groups").fetchone()[0]
        new_groups, membership = [], []
        # a claim without a subject (most concerns) has no block and stays ungrouped: not read again
        for claim in db.query("SELECT * FROM claims WHERE group_id IS NULL AND subject <> '' AND predicate <> '' ORDER BY id"):
            block = block_of(claim)
            if block is None:
                continue
            sig = signature(claim)
            if sig not in group_ids:
                row = db.execute("SELECT id FROM claim_groups WHERE signature = ?", [sig]).fetchone()
                if row is not None:
                    group_ids[sig] = row[0]
            if sig not in group_ids:
                group_ids[sig] = next_id
                texts = group_texts(claim)
                new_groups.append((next_id, sig, block, claim["subject"], claim["predicate"], claim.get("event"),
                                   claim.get("object"), texts["label"], texts["note"], texts["value_text"]))
                next_id += 1
            if is_transition(claim):
                changed_subjects.add(claim["subject"])
            touched_blocks.add(block)
            membership.append((group_ids[sig], time_text(claim, kinds.states), claim["id"]))
        db.conn.executemany("INSERT INTO claim_groups (id, signature, block, subject, predicate, event, object, "
                            "label, note, value_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_groups)
        db.conn.executemany("UPDATE claims SET group_id = ?, time_text = ? WHERE id = ?", membership)
        groups_by_block: dict[str, list[dict]] = {}
        for block in sorted({g[2] for g in new_groups}):  # sorted: group verdict ids do not depend on hashing
            groups_by_block[block] = [{"id": gid, "claim": dict(zip(SIGNATURE_FIELDS, json.loads(sig)))}
                                      for gid, sig in db.execute("SELECT id, signature FROM claim_groups WHERE block = ?",
                                                                 [block])]
        db.conn.executemany(
            f"INSERT INTO group_comparisons ({', '.join(GroupPair._fields)}) VALUES ({', '.join('?' * len(GroupPair._fields))})",
            new_group_pairs(groups_by_block, {g[0] for g in new_groups}, kinds))
        recount = None if lost_claims_in is None else sorted({g for g, _, _ in membership} | lost)
        recount_sql = ("UPDATE claim_groups SET n_claims = (SELECT COUNT(*) FROM claims c WHERE c.group_id = claim_groups.id), "
                       "n_documents = (SELECT COUNT(DISTINCT document_id) FROM claims c WHERE c.group_id = claim_groups.id)")
        if recount is None:
            db.execute(recount_sql)
        else:
            db.conn.executemany(recount_sql + " WHERE id = ?", [(g,) for g in recount])
        if self._new_documents:
            ids = ",".join(str(i) for i in self._new_documents)
            self._change("comparisons", self._pairs_involving(f"SELECT id FROM claims WHERE document_id IN ({ids})"))
            self._new_documents = []
        if lost_claims_in is None:
            touched_blocks = {r[0] for r in db.execute("SELECT DISTINCT block FROM claim_groups")} | \
                {r[0] for r in db.execute("SELECT block FROM questions")}
        elif changed_subjects:  # a stated change orders the denied and affirmed claims of its subject, whatever the predicate
            touched_blocks |= {r[0] for r in db.execute(
                "SELECT DISTINCT block FROM claim_groups WHERE subject IN ({})".format(",".join("?" * len(changed_subjects))),
                sorted(changed_subjects))}
        update_questions(self.db, sorted(touched_blocks), kinds)

    def counts(self) -> dict[str, int]:
        """Rows per table, and the rows of the `comparisons` view counted without expanding it."""
        return counts_of(self.db.conn)

    def finish(self, pipeline_version: str) -> dict[str, int]:
        """Record the version that wrote the database and its row counts (read back by a run with
        nothing to do); the counts. They are the previous counts plus what this run added and less
        what it removed, when the previous counts are known: counting a large database costs seconds."""
        counted = self._counted()
        for key, value in (("pipeline_version", pipeline_version), ("counts", json.dumps(counted))):
            self.db["meta"].upsert({"key": key, "value": value}, pk="key")
        return counted

    # ---------------------------------------------------------------- counts kept up to date
    def _change(self, name: str, n: int) -> None:
        self._delta[name] = self._delta.get(name, 0) + n

    def _counted(self) -> dict[str, int]:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
        if row is None:
            return self.counts()
        before = json.loads(row[0])
        return {name: before.get(name, 0) + self._delta.get(name, 0) for name in before}

    def _pairs_involving(self, claim_ids_sql: str) -> int:
        """Rows of the `comparisons` view with at least one of these claims, in the present state:
        for each claim, the claims of other documents in the groups its group is compared with,
        less the pairs with both ends in the set, counted twice."""
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.pair_set")
        db.execute(f"CREATE TEMP TABLE pair_set AS SELECT id, group_id AS g, document_id AS d FROM claims "
                   f"WHERE group_id IS NOT NULL AND id IN ({claim_ids_sql})")
        per_claim = db.execute(PAIRS_PER_CLAIM).fetchone()[0] or 0
        within = db.execute(PAIRS_WITHIN_SET).fetchone()[0] or 0
        db.execute("DROP TABLE temp.pair_set")
        return per_claim - within


PAIRS_PER_CLAIM = """
WITH partners AS (SELECT group_a AS g, group_b AS other FROM group_comparisons WHERE group_a IN (SELECT g FROM temp.pair_set)
                  UNION ALL
                  SELECT group_b, group_a FROM group_comparisons WHERE group_b IN (SELECT g FROM temp.pair_set)
                  AND group_a != group_b)
SELECT (SELECT COALESCE(SUM(n.n_claims), 0) FROM temp.pair_set s JOIN partners p ON p.g = s.g
        JOIN claim_groups n ON n.id = p.other)
     - (SELECT COUNT(*) FROM temp.pair_set s JOIN claims y INDEXED BY idx_claims_document_id
        ON y.document_id = s.d AND y.group_id IS NOT NULL JOIN partners p ON p.g = s.g AND p.other = y.group_id)
"""
"""For each claim of the set, the claims of the groups compared with its group, less those in its
own document (itself included): its rows in the `comparisons` view. The claims of its own document
are found by document (left to itself, the planner read every claim of each partner group: 0.1 s
for one document at 10,000 documents)."""

PAIRS_WITHIN_SET = """
WITH per_document AS (SELECT g, d, COUNT(*) AS n FROM temp.pair_set GROUP BY g, d),
     per_group AS (SELECT g, SUM(n) AS n, SUM(n * n) AS squares FROM per_document GROUP BY g)
SELECT COALESCE(SUM(CASE WHEN gc.group_a = gc.group_b THEN (a.n * a.n - a.squares) / 2
                         ELSE a.n * b.n - COALESCE((SELECT SUM(x.n * y.n) FROM per_document x JOIN per_document y
                                                    ON y.d = x.d AND y.g = gc.group_b WHERE x.g = gc.group_a), 0) END), 0)
FROM group_comparisons gc JOIN per_group a ON a.g = gc.group_a JOIN per_group b ON b.g = gc.group_b
"""
"""Rows of the `comparisons` view with both claims in the set."""
