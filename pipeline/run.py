"""Run: a corpus folder in, a database file brought up to date, incrementally and in one
transaction. Orchestration only: the SQL is the store's, the extraction the extractor's, the
worker processes parallel.py's.

The database is the cache: each file's change key (its bytes, its sidecar's, the size limit it
was read under: pipeline/corpus.py) and the pipeline version (code, registries, rules, settings,
model) are stored, so only new or changed files are processed, and a run with nothing to do
imports neither spaCy nor sqlite-utils (its worker, forked before discovery so that it builds
its extractor while the corpus is read, is stopped unused).

The run writes the file in place, in WAL mode, in one transaction: a reader sees the state before
the run or after it, and a crash, `kill -9` or Ctrl-C leaves the previous state. One transaction
rather than one per document, because a reader between two documents would see half a run (new
claims without their comparisons, counts that do not add up). Each document's rows are written
under a savepoint: one that cannot be stored becomes an error row like one that cannot be read.

Errors: a document's are error rows (exit 1); a bad `--db` or corpus is a `UsageError` (exit 2); a
database that cannot be written (read-only, disk full, locked) a `DatabaseWriteError` (exit 3). A
corrupt previous database is set aside with a timestamp and rebuilt from the corpus.
"""
from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .ingest import discover, one_line, read_document
from .parallel import BudgetExceeded, WorkerLost, supervised_mapper
from .records import IngestedDocument, ProcessedDocument, SourceFile
from .settings import SHIPPED, ExtractorSpec
from .store.database import (
    CorruptDatabase,
    NotADatabase,
    State,
    check_target,
    failure_lines,
    is_corruption,
    read_state,
    set_aside,
    stored_counts,
)
from .version import pipeline_version


class UsageError(ValueError):
    """Bad usage: the corpus or the database named cannot be used (exit 2)."""


class DatabaseWriteError(RuntimeError):
    """The database could not be written: read-only, disk full, locked by another run (exit 3)."""


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
    resident: bool = False  # documents went to a resident extractor (resident.py), not a worker of the run's own
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        c = self.counts
        ok = c.get("documents_ok", 0)
        return (f"documents: {ok} ok, {len(self.failed)} failed, {len(self.unchanged)} unchanged"
                f" ({len(self.processed)} processed, {len(self.removed)} removed); "
                f"{c.get('sentences', 0)} sentences, {c.get('entities', 0)} entities, "
                f"{c.get('claims', 0)} claims, {c.get('comparisons', 0)} comparisons; {self.seconds:.2f} s"
                + (" (resident extractor)" if self.resident and self.processed else ""))


def budget_key(key: str, budget: float) -> str:
    """The change key stored for a document that ran out of time: it is tried again only with
    another budget (or changed bytes), not on every run."""
    return f"{key}+budget:{budget:g}"


@dataclass(frozen=True)
class Plan:
    """What a run has to do: the corpus as found, and what the database being updated holds."""

    corpus: Path
    sources: dict[str, SourceFile]  # corpus path -> file
    stored: State  # what the database holds, if it was written by this version; else nothing
    version: str
    reuse: bool  # the database was written by this pipeline version: update it rather than rebuild
    budget: float

    @cached_property  # read several times per run; a comprehension over the whole corpus each time
    def changed(self) -> list[str]:
        return [p for p, s in self.sources.items()
                if self.stored.get(p, (None,))[0] not in (s.key, budget_key(s.key, self.budget))]

    @cached_property
    def removed(self) -> list[str]:
        return sorted(p for p in self.stored if p not in self.sources)

    @cached_property
    def unchanged(self) -> list[str]:
        changed = set(self.changed)
        return sorted(p for p in self.sources if p not in changed)

    def against(self, stored: State, stored_version: str | None) -> Plan:
        reuse = stored_version == self.version
        return Plan(self.corpus, self.sources, stored if reuse else {}, self.version, reuse, self.budget)


def run(corpus: Path, db_path: Path, *, spec: ExtractorSpec = SHIPPED,
        progress: Callable[[Iterable, int], Iterable] | None = None,
        mapper: Callable[[Callable, list], Iterable] | None = None,
        warn: Callable[[str], None] | None = None) -> RunSummary:
    """Bring `db_path` up to date with `corpus`; see the module docstring.

    `spec` says what the extractor is built from; `mapper(fn, items)` maps document processing and
    yields, in order, each result or the exception that stopped it (parallel.py; by default one
    supervised worker process, which enforces the time budget); `progress(iterable, total)` wraps
    it; `warn` gets the warning lines (stderr by default).
    """
    started = time.perf_counter()
    corpus, db_path = Path(corpus), Path(db_path)
    summary = RunSummary()
    warn = warn or (lambda line: print(line, file=sys.stderr))

    def warning(line: str) -> None:
        summary.warnings.append(line)
        warn(line)

    if not corpus.is_dir():
        raise UsageError(f"{corpus}: corpus folder not found")
    try:
        check_target(db_path)
    except NotADatabase as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise DatabaseWriteError(f"{db_path}: cannot be read: {exc.strerror or exc}") from None
    own_workers = mapper is None
    if own_workers:  # a resident's built extractor, or a worker forked now, which builds its own while the corpus is read
        from .resident import resident_mapper

        mapper = resident_mapper(db_path, spec)
        summary.resident = mapper is not None
        mapper = mapper or supervised_mapper(1, spec.settings.time_budget, warm=_warm_worker, warm_args=(spec,))
        mapper.start()
    try:
        return _run(corpus, db_path, spec, progress, mapper, warning, summary, started)
    finally:
        if own_workers:
            mapper.close()  # unused when nothing changed


def _run(corpus: Path, db_path: Path, spec: ExtractorSpec, progress, mapper, warning, summary: RunSummary,
         started: float) -> RunSummary:
    settings, version = spec.settings, pipeline_version(spec)
    stored, stored_version = {}, None
    try:
        stored, stored_version = read_state(db_path)
    except CorruptDatabase as exc:
        warning(f"warning: {db_path} is corrupt ({exc}); set aside as {set_aside(db_path).name}, rebuilding from the corpus")
    except sqlite3.DatabaseError as exc:
        raise DatabaseWriteError(f"{db_path}: cannot be read: {exc}") from None
    known = ({p: (sig, key.split("+budget:")[0]) for p, (key, _, sig) in stored.items() if sig}
             if stored_version == version else {})  # files whose stat is unchanged are not read again
    plan = Plan(corpus, {s.path: s for s in discover(corpus, settings, known)}, {}, version, False,
                settings.time_budget).against(stored, stored_version)
    summary.removed, summary.unchanged = plan.removed, plan.unchanged
    if not (plan.reuse and not plan.changed and not plan.removed):
        for attempt in (1, 2):
            try:
                _write(db_path, plan, spec, mapper, progress, summary)
                break
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and is_corruption(exc):
                    warning(f"warning: {db_path} is corrupt ({exc}); set aside as {set_aside(db_path).name}, "
                            "rebuilding from the corpus")
                    summary.processed.clear()
                    plan = plan.against({}, None)
                    continue
                raise DatabaseWriteError(f"{db_path}: cannot be written: {_why(exc)}") from None
            except OSError as exc:
                raise DatabaseWriteError(f"{db_path}: cannot be written: {exc.strerror or exc}") from None
    summary.failed = [path for path, _ in failure_lines(db_path)]
    summary.counts = stored_counts(db_path) if db_path.exists() else {}
    summary.seconds = time.perf_counter() - started
    return summary


def _why(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another run is writing it)"
    return text


def _write(db_path: Path, plan: Plan, spec: ExtractorSpec, mapper, progress, summary: RunSummary) -> None:
    """One transaction: re-read the state under the write lock (another run may have written since
    the plan), apply the plan, commit."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    work = _processing(plan, spec, mapper)  # workers start now, building their extractors while the store opens
    from .store.store import Store  # sqlite-utils' import: paid only when there is something to write

    store = Store(db_path, create=False)
    try:
        with store.transaction():
            files, version, schema = store.state()
            current = plan.against(files, version)
            summary.removed, summary.unchanged = current.removed, current.unchanged
            if current.reuse and not current.changed and not current.removed:
                return  # another run, which held the lock, did it all
            if current.changed != plan.changed:  # another run wrote in between: process what it left
                work.close()
                work = _processing(current, spec, mapper)
            store.prepare(schema, rebuild=not current.reuse)
            _update(store, current, work, summary, spec, progress)
        summary.wrote_database = True
    finally:
        work.close()
        store.close()


def _update(store, plan: Plan, work: Iterable[tuple[SourceFile, object]], summary: RunSummary, spec: ExtractorSpec,
            progress) -> None:
    """Apply the plan to `store`: forget what changed or went, add what was processed, then the
    registries and the comparisons the new claims touch."""
    from .compare.verdicts import BodyKinds
    from .registry import load_registry

    registry = load_registry(spec.annotations)  # while the workers start
    changed = set(plan.changed)
    lost_claims_in: set[int] = set()
    for doc_id in sorted({plan.stored[p][1] for p in (*changed, *plan.removed) if p in plan.stored}):
        # a document shared by several paths loses only the stale paths; keep it if any remain
        remaining = [p for p in store.paths_of(doc_id) if p in plan.sources and p not in changed]
        if remaining:
            store.keep_paths(doc_id, remaining)
        else:
            lost_claims_in |= store.delete_documents([doc_id])
    work = progress(work, len(plan.changed)) if progress is not None else work
    for source, outcome in work:
        document, key = _document_of(source, outcome, plan)
        summary.processed.append(source.path)
        doc = document.document
        same_text = store.document_with_text(doc.sha256) if doc.ok else None
        if same_text is not None:  # the same text under another name: one document
            doc_id, paths = same_text
            store.add_path(doc_id, source, key, sorted({*paths, source.path}))
            continue
        _insert(store, document, source, key, plan.version)
    store.write_registries(registry)
    store.update_comparisons(BodyKinds.of(registry), lost_claims_in)
    store.finish(plan.version)


def _insert(store, document: ProcessedDocument, source: SourceFile, key: str, version: str) -> int:
    """Insert one document under a savepoint; rows that cannot be stored (a value SQLite cannot
    hold, say) make it an error row instead. Failures of the database itself propagate."""
    try:
        with store.savepoint():
            return store.insert_document(document, source, key, version)
    except sqlite3.OperationalError:
        raise
    except Exception as exc:
        failed = ProcessedDocument(_failed(source, f"could not be stored: {type(exc).__name__}: {one_line(exc)}"))
        return store.insert_document(failed, source, key, version)


def _document_of(source: SourceFile, outcome, plan: Plan) -> tuple[ProcessedDocument, str]:
    """The document to store for one job's outcome, and the change key to store with it."""
    if isinstance(outcome, ProcessedDocument):
        return outcome, source.key
    if isinstance(outcome, BudgetExceeded):
        return ProcessedDocument(_failed(source, f"time budget exceeded: not done in {plan.budget:g} s "
                                                 "(a setting: time_budget)")), budget_key(source.key, plan.budget)
    if isinstance(outcome, WorkerLost):
        return ProcessedDocument(_failed(source, str(outcome))), source.key
    return ProcessedDocument(_failed(source, f"cannot be processed: {type(outcome).__name__}: {one_line(outcome)}")), source.key


def _failed(source: SourceFile, reason: str) -> IngestedDocument:
    return IngestedDocument(path=source.path, sha256=source.sha256 or source.key, error=reason)


# ---------------------------------------------------------------- processing, in worker processes
@dataclass(frozen=True)
class Job:
    """One corpus file to read and extract, with what to build the extractor from (for workers)."""

    corpus: Path
    source: SourceFile
    spec: ExtractorSpec


def _processing(plan: Plan, spec: ExtractorSpec, mapper) -> Paired:
    """(source, outcome) for each changed file in order: a `ProcessedDocument`, or the exception
    that stopped it (a time budget, a lost worker). The workers start at once."""
    jobs = [Job(plan.corpus, plan.sources[p], spec) for p in plan.changed]
    return Paired(jobs, mapper(extract_in_worker, jobs) if jobs else iter(()))


class Paired:
    """Each job's source with its outcome; `close` stops the workers even before the first result
    is read (a plain generator's `finally` would not run then)."""

    def __init__(self, jobs: list[Job], outcomes: Iterator):
        self._pairs, self._outcomes = zip(jobs, outcomes), outcomes

    def __iter__(self) -> Paired:
        return self

    def __next__(self) -> tuple[SourceFile, object]:
        job, outcome = next(self._pairs)
        return job.source, outcome

    def close(self) -> None:
        close = getattr(self._outcomes, "close", None)
        if close is not None:
            close()


def _extractor(spec: ExtractorSpec):
    """The extractor of `spec`; spaCy's import is paid here, only when there is a document to process."""
    from .extract import Extractor

    return Extractor.from_spec(spec)


_WORKER_EXTRACTORS: dict = {}
"""The extractor of each spec in this worker process, built on its first document (never used by a
run in the calling process)."""


def _warm_worker(spec: ExtractorSpec) -> None:
    """A new worker builds its extractor at once, while the parent opens the database."""
    try:
        _WORKER_EXTRACTORS[spec] = _extractor(spec)
    except Exception:  # noqa: S110 (reported by the first document, which builds it again)
        pass


def extract_file(job: Job, extractor) -> ProcessedDocument:
    """One file read and extracted; whatever goes wrong is the document's error row, never raised."""
    document = read_document(job.corpus, job.source, job.spec.settings)
    if not document.ok:
        return ProcessedDocument(document)
    try:
        return extractor.process(document)
    except RecursionError:
        return ProcessedDocument(_failed(job.source, "cannot be processed: nested too deeply (RecursionError)"))
    except Exception as exc:  # a rule's bug on unforeseen text: this document's error, not the run's
        return ProcessedDocument(_failed(job.source, f"cannot be processed: {type(exc).__name__}: {one_line(exc)}"))


def extract_in_worker(job: Job) -> ProcessedDocument:
    """`extract_file` in a worker process (local or Dask): the worker builds its extractor once."""
    try:
        if job.spec not in _WORKER_EXTRACTORS:
            _WORKER_EXTRACTORS[job.spec] = _extractor(job.spec)
        return extract_file(job, _WORKER_EXTRACTORS[job.spec])
    except Exception as exc:
        return ProcessedDocument(_failed(job.source, f"cannot be processed: {type(exc).__name__}: {one_line(exc)}"))
