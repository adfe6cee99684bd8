"""Run: a corpus folder in, a database file out, incrementally and atomically. Orchestration only:
the SQL is the store's, the extraction the extractor's.

The previous database is the cache: each file's bytes hash and the pipeline version (code,
registries, rules, settings, model) are stored, so only new or changed files are processed, and
a run with nothing to do imports neither spaCy nor sqlite-utils. All writing happens in a
temporary file beside the target, moved into place with `os.replace` at the very end: a crash,
`kill -9` or Ctrl-C leaves the old file intact.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .compare.verdicts import BodyKinds
from .ingest import discover, read_document
from .records import ProcessedDocument, SourceFile
from .registry import load_registry
from .settings import SHIPPED, ExtractorSpec
from .store.store import State, failure_lines, read_state, stored_counts
from .version import pipeline_version


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


@dataclass(frozen=True)
class Plan:
    """What a run has to do: the corpus as found, and what the database being updated holds."""

    corpus: Path
    sources: dict[str, SourceFile]  # corpus path -> file
    stored: State  # what the database holds, if it was written by this version; else nothing
    version: str
    reuse: bool  # the database was written by this pipeline version: update it rather than rebuild

    @property
    def changed(self) -> list[str]:
        return [p for p, s in self.sources.items() if self.stored.get(p, (None,))[0] != s.sha256]

    @property
    def removed(self) -> list[str]:
        return sorted(p for p in self.stored if p not in self.sources)

    @property
    def unchanged(self) -> list[str]:
        changed = set(self.changed)
        return sorted(p for p in self.sources if p not in changed)


def plan_run(corpus: Path, db_path: Path, spec: ExtractorSpec) -> Plan:
    version = pipeline_version(spec)
    stored, stored_version = read_state(db_path)
    reuse = stored_version == version
    return Plan(corpus, {s.path: s for s in discover(corpus)}, stored if reuse else {}, version, reuse)


def run(corpus: Path, db_path: Path, *, spec: ExtractorSpec = SHIPPED,
        progress: Callable[[Iterable, int], Iterable] | None = None,
        mapper: Callable[[Callable, list], Iterable] | None = None) -> RunSummary:
    """Bring `db_path` up to date with `corpus`; see the module docstring.

    `spec` says what the extractor is built from; `mapper(fn, items)` maps document processing
    (in this process by default; a process pool or a Dask client can be passed), and
    `progress(iterable, total)` wraps it.
    """
    started = time.perf_counter()
    corpus, db_path = Path(corpus), Path(db_path)
    if not corpus.is_dir():
        raise FileNotFoundError(f"{corpus}: corpus folder not found")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(db_path)
    plan = plan_run(corpus, db_path, spec)
    summary = RunSummary(removed=plan.removed, unchanged=plan.unchanged)
    if plan.reuse and not plan.changed and not plan.removed:
        return _finished(summary, db_path, started)
    with _replacing(db_path, copy=plan.reuse and db_path.exists()) as tmp:
        from .store.store import Store  # sqlite-utils' import: paid only when there is something to write

        store = Store(tmp)
        with store.transaction():
            _update(store, plan, _processed(plan, spec, mapper, progress), summary, spec)
        store.close()
    summary.wrote_database = True
    return _finished(summary, db_path, started)


def _finished(summary: RunSummary, db_path: Path, started: float) -> RunSummary:
    summary.failed = [path for path, _ in failure_lines(db_path)]
    summary.counts = stored_counts(db_path)
    summary.seconds = time.perf_counter() - started
    return summary


def _update(store, plan: Plan, processed: Iterable[ProcessedDocument], summary: RunSummary, spec: ExtractorSpec) -> None:
    """Apply the plan to `store`: forget what changed or went, add what was processed, then the
    registries and the comparisons the new claims touch."""
    changed = set(plan.changed)
    lost_claims_in: set[int] = set()
    for doc_id in sorted({plan.stored[p][1] for p in (*changed, *plan.removed) if p in plan.stored}):
        # a document shared by several paths loses only the stale paths; keep it if any remain
        remaining = [p for p in store.paths_of(doc_id) if p in plan.sources and p not in changed]
        if remaining:
            store.keep_paths(doc_id, remaining)
        else:
            lost_claims_in |= store.delete_documents([doc_id])
    by_text = store.documents_by_text()
    for document in processed:
        doc, source = document.document, plan.sources[document.document.path]
        summary.processed.append(source.path)
        if doc.ok and doc.sha256 in by_text:  # the same text under another name: one document
            doc_id, paths = by_text[doc.sha256]
            paths = sorted({*paths, source.path})
            store.add_path(doc_id, source, paths)
            by_text[doc.sha256] = (doc_id, paths)
            continue
        doc_id = store.insert_document(document, source, plan.version)
        if doc.ok:
            by_text[doc.sha256] = (doc_id, [source.path])
    registry = load_registry(spec.annotations)
    store.write_registries(registry)
    store.update_comparisons(BodyKinds.of(registry), lost_claims_in)
    store.finish(plan.version)


# ---------------------------------------------------------------- processing, here or in workers
@dataclass(frozen=True)
class Job:
    """One corpus file to read and extract, with what to build the extractor from (for workers)."""

    corpus: Path
    source: SourceFile
    spec: ExtractorSpec


def _processed(plan: Plan, spec: ExtractorSpec, mapper, progress) -> Iterable[ProcessedDocument]:
    jobs = [Job(plan.corpus, plan.sources[p], spec) for p in plan.changed]
    if mapper is None:
        extractor = _extractor(spec) if jobs else None
        work: Iterable[ProcessedDocument] = (extract_file(job, extractor) for job in jobs)
    else:
        work = mapper(extract_in_worker, jobs)
    return progress(work, len(jobs)) if progress is not None else work


def _extractor(spec: ExtractorSpec):
    """The extractor of `spec`; spaCy's import is paid here, only when there is a document to process."""
    from .extract import Extractor

    return Extractor.from_spec(spec)


def extract_file(job: Job, extractor) -> ProcessedDocument:
    return extractor.process(read_document(job.corpus, job.source, job.spec.settings.max_bytes))


_WORKER_EXTRACTORS: dict = {}
"""The extractor of each spec in this worker process, built on its first document (never used by a
run in the calling process, which builds its own)."""


def extract_in_worker(job: Job) -> ProcessedDocument:
    """`extract_file` in a pool or Dask worker: the worker builds its extractor once."""
    if job.spec not in _WORKER_EXTRACTORS:
        _WORKER_EXTRACTORS[job.spec] = _extractor(job.spec)
    return extract_file(job, _WORKER_EXTRACTORS[job.spec])


# ---------------------------------------------------------------- the atomic replace
@contextmanager
def _replacing(target: Path, copy: bool) -> Iterator[Path]:
    """A temporary file beside `target` (a copy of it when `copy`), moved over it if the block
    succeeds and removed whatever happens."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if copy:
            shutil.copyfile(target, tmp)
        else:
            tmp.unlink(missing_ok=True)
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_stale_temporaries(target: Path) -> None:
    for stale in target.parent.glob(f".{target.name}.*.tmp*"):
        try:
            pid = int(stale.name.split(".")[-2] if stale.name.endswith(".tmp") else stale.name.split(".")[-3])
            os.kill(pid, 0)  # still running: leave it alone
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            stale.unlink(missing_ok=True)
