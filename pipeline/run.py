"""Run: a corpus folder in, a database file out, incrementally and atomically.

The previous database is the cache: each file's bytes hash and the pipeline version
(code + registries + models) are stored, so only new or changed files are processed.
All writing happens in a temporary file beside the target, moved into place with
`os.replace` at the very end: a crash, `kill -9` or Ctrl-C leaves the old file intact.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import store
from .ingest import DEFAULT_MAX_BYTES, discover, read_document
from .records import IngestedDocument, ProcessedDocument, SourceFile
from .settings import ExtractorSpec
from .registry import load_registry

from .paths import MODELS as MODELS_DIR, PACKAGE as PACKAGE_DIR


@dataclass
class RunSummary:
    """What a run did, for the closing line and for tests (asserted on, never timed)."""

    processed: list[str] = field(default_factory=list)  # paths read and extracted this run
    failed: list[str] = field(default_factory=list)  # paths whose document has status error
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    wrote_database: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        c = self.counts
        ok = c.get("documents_ok", 0)
        return (f"documents: {ok} ok, {len(self.failed)} failed, {len(self.unchanged)} unchanged"
                f" ({len(self.processed)} processed, {len(self.removed)} removed); "
                f"{c.get('sentences', 0)} sentences, {c.get('entities', 0)} entities, "
                f"{c.get('claims', 0)} claims, {c.get('comparisons', 0)} comparisons; {self.seconds:.2f} s")


def pipeline_version() -> str:
    """A hash of the code, registries and models that produce the records."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(load_registry().fingerprint.encode())
    if MODELS_DIR.is_dir():
        for path in sorted(p for p in MODELS_DIR.rglob("*") if p.is_file() and ".cache" not in p.parts):
            digest.update(str(path.relative_to(MODELS_DIR)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _remove_stale_temporaries(target: Path) -> None:
    for stale in target.parent.glob(f".{target.name}.*.tmp*"):
        try:
            pid = int(stale.name.split(".")[-2] if stale.name.endswith(".tmp") else stale.name.split(".")[-3])
            os.kill(pid, 0)  # still running: leave it alone
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            stale.unlink(missing_ok=True)


def run(corpus: Path, db_path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Callable[[Iterable, int], Iterable] | None = None,
        mapper: Callable[[Callable, list], Iterable] | None = None,
        spec: ExtractorSpec = ExtractorSpec()) -> RunSummary:
    """Bring `db_path` up to date with `corpus`; see the module docstring.

    `mapper(fn, items)` maps document processing (the built-in `map` by default; a
    process pool or Dask client can be passed), `progress(iterable, total)` wraps it.
    """
    started = time.perf_counter()
    corpus, db_path = Path(corpus), Path(db_path)
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus}: corpus folder not found")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(db_path)
    version = pipeline_version()
    sources = {s.path: s for s in discover(corpus)}
    previous_files, previous_version = store.read_state(db_path)
    reusable = previous_version == version
    if not reusable:
        previous_files = {}

    summary = RunSummary()
    changed = [p for p, s in sources.items() if previous_files.get(p, (None,))[0] != s.sha256]
    summary.removed = sorted(p for p in previous_files if p not in sources)
    summary.unchanged = sorted(p for p in sources if p not in changed)
    if reusable and not changed and not summary.removed:
        summary.failed = _failed_paths(db_path)
        summary.counts = _counts(db_path)
        summary.seconds = time.perf_counter() - started
        return summary

    tmp = _temporary_path(db_path)
    try:
        if reusable and db_path.exists():
            shutil.copyfile(db_path, tmp)
        else:
            tmp.unlink(missing_ok=True)
        db = sqlite_utils.Database(tmp)
        store.create_schema(db)
        with db.conn:
            _update(db, corpus, sources, changed, summary.removed, previous_files, version,
                    max_bytes, progress, mapper, summary, spec)
        db.close()
        os.replace(tmp, db_path)
        summary.wrote_database = True
    finally:
        tmp.unlink(missing_ok=True)
    summary.failed = _failed_paths(db_path)
    summary.counts = _counts(db_path)
    summary.seconds = time.perf_counter() - started
    return summary


def _update(db, corpus, sources, changed, removed, previous_files, version, max_bytes,
            progress, mapper, summary, spec) -> None:
    registry = load_registry(spec.annotations)
    stale_ids = {previous_files[p][1] for p in (*changed, *removed) if p in previous_files}
    lost_claims_in: set[int] = set()
    for doc_id in stale_ids:
        # a document shared by several paths loses only the stale paths; keep it if any remain
        remaining = [r["path"] for r in db["files"].rows_where("document_id = ?", [doc_id])
                     if r["path"] in sources and r["path"] not in changed]
        if remaining:
            db.execute("DELETE FROM files WHERE document_id = ? AND path NOT IN ({})".format(
                ",".join("?" * len(remaining))), [doc_id, *remaining])
            db.execute("UPDATE documents SET path = ?, paths = ? WHERE id = ?",
                       [remaining[0], _json(remaining), doc_id])
        else:
            lost_claims_in |= store.delete_documents(db, [doc_id])
    jobs = [Job(corpus, sources[p], max_bytes, spec) for p in changed]
    if mapper is None:
        extractor = spec.build() if jobs else None  # spaCy's import: paid only when there is a document to process
        work = (extract_file(job, extractor) for job in jobs)
    else:
        work = mapper(extract_in_worker, jobs)
    if progress is not None:
        work = progress(work, len(jobs))
    by_text: dict[str, tuple[int, list[str]]] = {
        r["sha256"]: (r["id"], _paths(r["paths"])) for r in db.query("SELECT id, sha256, paths FROM documents WHERE status = 'ok'")
    }
    sizes = {p: (s.sha256, s.size) for p, s in sources.items()}
    for processed in work:
        path = processed.document.path
        summary.processed.append(path)
        doc = processed.document
        if doc.ok and doc.sha256 in by_text:  # the same text under another name: one document
            doc_id, paths = by_text[doc.sha256]
            paths = sorted({*paths, path})
            db["files"].insert({"path": path, "sha256": sizes[path][0], "size": sizes[path][1],
                                "document_id": doc_id}, replace=True)
            db.execute("UPDATE documents SET path = ?, paths = ? WHERE id = ?", [paths[0], _json(paths), doc_id])
            by_text[doc.sha256] = (doc_id, paths)
            continue
        doc_id = store.insert_document(db, processed, [path], sizes, version)
        if doc.ok:
            by_text[doc.sha256] = (doc_id, [path])
    store.write_registries(db, registry)
    store.update_comparisons(db, lost_claims_in)
    db["meta"].upsert({"key": "pipeline_version", "value": version}, pk="key")
    counted = store.counts(db)
    counted["documents_ok"] = db.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
    db["meta"].upsert({"key": "counts", "value": json.dumps(counted)}, pk="key")


@dataclass(frozen=True)
class Job:
    """One corpus file to read and extract, with what to build the extractor from (for workers)."""

    corpus: Path
    source: SourceFile
    max_bytes: int
    spec: ExtractorSpec


def extract_file(job: Job, extractor) -> ProcessedDocument:
    document: IngestedDocument = read_document(job.corpus, job.source, job.max_bytes)
    return extractor.process(document)


_WORKER_EXTRACTORS: dict = {}
"""The extractor of each spec in this worker process, built on its first document (never used by a
run in the calling process, which builds its own)."""


def extract_in_worker(job: Job) -> ProcessedDocument:
    """`extract_file` in a pool or Dask worker: the worker builds its extractor once."""
    if job.spec not in _WORKER_EXTRACTORS:
        _WORKER_EXTRACTORS[job.spec] = job.spec.build()
    return extract_file(job, _WORKER_EXTRACTORS[job.spec])


def _json(value) -> str:
    return json.dumps(value)


def _paths(value: str | None) -> list[str]:
    return json.loads(value) if value else []


def _failed_paths(db_path: Path) -> list[str]:
    db = sqlite_utils.Database(db_path)
    try:
        return sorted(r["path"] for r in db.query(
            "SELECT f.path FROM files f JOIN documents d ON d.id = f.document_id WHERE d.status = 'error'"))
    finally:
        db.close()


def _counts(db_path: Path) -> dict[str, int]:
    """The row counts stored when the database was written (counting a large one costs seconds)."""
    db = sqlite_utils.Database(db_path)
    try:
        stored = next((r["value"] for r in db["meta"].rows_where("key = 'counts'")), None)
        if stored:
            return json.loads(stored)
        c = store.counts(db)
        c["documents_ok"] = db.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
        return c
    finally:
        db.close()


def failure_lines(db_path: Path) -> list[str]:
    """One line per failed file: 'path: reason'."""
    db = sqlite_utils.Database(db_path)
    try:
        return [f"{r['path']}: {r['error']}" for r in db.query(
            "SELECT f.path, d.error FROM files f JOIN documents d ON d.id = f.document_id "
            "WHERE d.status = 'error' ORDER BY f.path")]
    finally:
        db.close()


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
