"""The database file before a `Store` opens it: is it ours, is it corrupt, what state and counts a
previous run left. Only the standard library's sqlite3 is needed, so a run with nothing to do never
imports sqlite-utils (which imports pandas: most of a second)."""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from .schema import COMPARISON_COUNT, SCHEMA_VERSION

State = dict[str, tuple[str, int, str | None]]
"""{corpus path: (change key, document id, stat signature)} of a database: what change detection compares."""

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000  # another run writing the same file: wait this long, then give up (exit 3)


class NotADatabase(ValueError):
    """`--db` names something that is not a database this pipeline may write (a usage error)."""


class CorruptDatabase(Exception):
    """The previous database cannot be read: it is set aside and rebuilt from the corpus."""


def check_target(path: Path) -> None:
    """Refuse a `--db` that is a folder, not a regular file, a file that is not SQLite, or another
    program's SQLite database: never overwrite what this pipeline did not write."""
    if str(path) in ("", "."):
        raise NotADatabase("--db is empty: name a database file")
    if path.is_dir():
        raise NotADatabase(f"{path}: is a folder, not a database file")
    if not path.exists():
        return
    if not path.is_file():
        raise NotADatabase(f"{path}: is not a regular file")
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise NotADatabase(f"{path}: exists and is not a SQLite database; refusing to overwrite it")
    if header:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return  # corrupt: `read_state` sets it aside
        if tables and "meta" not in tables:
            raise NotADatabase(f"{path}: is another program's SQLite database (no `meta` table); refusing to overwrite it")


def is_corruption(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        word in text for word in ("malformed", "not a database", "corrupt", "file is encrypted"))


def set_aside(path: Path) -> Path:
    """Rename a corrupt database (and its -wal and -shm files) out of the way, with a timestamp."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, target.with_name(target.name + suffix))
    return target


def state_of(conn) -> tuple[State, str | None, int | None]:
    """(files, pipeline version, schema version) of an open database; ({}, None, None) if it holds none.
    Each file: (change key, document id, stat signature)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return {}, None, None
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema_version', 'pipeline_version')"))
    schema = int(meta["schema_version"]) if str(meta.get("schema_version", "")).isdigit() else None
    if schema != SCHEMA_VERSION:
        return {}, None, schema
    files = {p: (key, doc_id, sig) for p, key, doc_id, sig in conn.execute("SELECT path, key, document_id, stat FROM files")}
    return files, meta.get("pipeline_version"), schema


def read_state(path: Path) -> tuple[State, str | None]:
    """The files a previous run stored and the pipeline version it ran with ({}, None: no usable
    database); `CorruptDatabase` when the file cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return {}, None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            files, version, _ = state_of(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise CorruptDatabase(str(exc)) from None
        raise
    return files, version


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def stored_counts(path: Path) -> dict[str, int]:
    """The row counts stored when the database was written (counting a large one costs seconds)."""
    conn = _read_only(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()
        return json.loads(row[0]) if row else counts_of(conn)
    finally:
        conn.close()


def failure_lines(path: Path) -> list[tuple[str, str]]:
    """(path, reason) of every corpus file whose document failed, in path order."""
    if not path.exists():
        return []
    conn = _read_only(path)
    try:
        # from the failed documents (their partial index) to their files: reading each file's document
        # status would walk every document's text
        return conn.execute("SELECT f.path, d.error FROM documents d CROSS JOIN files f ON f.document_id = d.id "
                            "WHERE d.status = 'error' ORDER BY f.path").fetchall()
    finally:
        conn.close()


def counts_of(conn) -> dict[str, int]:
    out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "sentences", "entities", "claims")}
    out["comparisons"] = conn.execute(COMPARISON_COUNT).fetchone()[0]
    out["documents_ok"] = conn.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
    return out
