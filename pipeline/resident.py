"""A resident extractor: one process that has imported spaCy and built the extractor once, and
forks a child for each document a run sends it.

Why: a run's own worker is a fresh process, and importing spaCy and building the extractor is
1.1-1.4 s of a quiet machine (twice that when it is loaded), most of the time it takes to add one
document to a large database. `make serve` keeps one beside Datasette (the analyst's workflow:
drop an article into corpus/, run `make`, look); `python -m pipeline resident` starts one alone.

Contract, so that a run through it writes exactly what it would have written without it:
- a run uses it only when the resident's extractor is the run's: the same spec (up to the run
  options, which decide whether a document is read, not what is extracted) and the same code,
  registries, rules and models on disk (`resident_key`); otherwise, or when nothing answers, the
  run forks its own worker as before;
- a resident whose files changed on disk answers no, then re-executes itself to rebuild;
- each document runs in its own forked child, whose pid the run gets first: past the time budget
  the run kills that child (`BudgetExceeded`), and a child that dies fails its document alone
  (`WorkerLost`), as with the worker pool (parallel.py).

The socket is `.NAME.resident` beside the database, mode 0600, and both ends check that the other
is this user (the messages are pickles). Nothing else starts one (a plain `make`, `make test` and
CI fork their own workers, except this module's tests); `POLICY_CLAIMS_RESIDENT=off` keeps runs
from using one and `serve` from starting one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from .parallel import BudgetExceeded, WorkerLost
from .settings import DEFAULT, RUN_OPTIONS, ExtractorSpec

OFF = "POLICY_CLAIMS_RESIDENT"
"""Set to `off` to make runs ignore a resident extractor (and `serve` start none)."""
MAX_SOCKET_PATH = 100  # bytes: an AF_UNIX address holds 107 on Linux
_HEADER = struct.Struct("!Q")


def socket_path(db: Path) -> Path:
    return db.parent / f".{db.name}.resident"


def resident_command(db: Path, idle_minutes: float) -> list[str]:
    """How `make serve` and the bench start a resident (0 minutes: it never exits when idle)."""
    return [sys.executable, "-m", "pipeline", "resident", "--db", str(db), "--idle-minutes", f"{idle_minutes:g}"]


def disabled() -> bool:
    return os.environ.get(OFF, "").lower() in ("off", "0", "no", "false")


def extractor_spec(spec: ExtractorSpec) -> ExtractorSpec:
    """`spec` without its run options: what decides the extractor a resident holds."""
    return replace(spec, settings=replace(spec.settings, **{o: getattr(DEFAULT, o) for o in RUN_OPTIONS}))


def resident_key(spec: ExtractorSpec) -> str:
    """The pipeline version of `spec` and every module of the package, from the files on disk:
    a resident and a run agree on it only when the resident's loaded code is what the run would use."""
    from .version import code_digest, pipeline_version

    return pipeline_version(spec) + code_digest(hashlib.sha256(), (".",)).hexdigest()[:16]  # ".": the whole package


# ---------------------------------------------------------------- the messages
def _send(conn: socket.socket, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    conn.sendall(_HEADER.pack(len(data)) + data)


def _receive(conn: socket.socket, deadline: float | None = None) -> object:
    """One message; `TimeoutError` past `deadline` (time.monotonic), `EOFError` if the other end closed."""
    size = _HEADER.unpack(_read(conn, _HEADER.size, deadline))[0]
    return pickle.loads(_read(conn, size, deadline))


def _read(conn: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks, left = [], size
    while left:
        conn.settimeout(None if deadline is None else max(deadline - time.monotonic(), 0.001))
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _same_user(conn: socket.socket) -> bool:
    uid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
    return uid == os.getuid()


def _connect(path: Path, timeout: float) -> socket.socket:
    """A connection to the resident at `path`; `OSError` if there is none, or it is not this user's."""
    if path.stat().st_uid != os.getuid():
        raise PermissionError(f"{path} belongs to another user")
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(str(path))
        if not _same_user(conn):
            raise PermissionError(f"{path} is served by another user")
    except BaseException:
        conn.close()
        raise
    return conn


# ---------------------------------------------------------------- the run's side
def resident_mapper(db: Path, spec: ExtractorSpec) -> ResidentMapper | None:
    """A mapper over the resident serving `db`'s folder, if one answers with `spec`'s extractor
    and the code on disk; else None (the run forks its own worker)."""
    path = socket_path(db)
    if disabled() or not path.exists() or len(os.fsencode(path)) > MAX_SOCKET_PATH:
        return None
    try:
        with _connect(path, timeout=2.0) as conn:
            _send(conn, ("hello", extractor_spec(spec), resident_key(spec)))
            answer = _receive(conn, time.monotonic() + 2.0)
    except (OSError, EOFError, pickle.UnpicklingError, struct.error):
        return None
    return ResidentMapper(path, spec.settings.time_budget) if answer == "yes" else None


class ResidentMapper:
    """`mapper(fn, items)` (parallel.py) over a resident's forked children, one document at a time
    like the run's own worker (`--workers N` forks a pool instead). Only the run's
    `extract_in_worker` is sent: the resident runs nothing else."""

    def __init__(self, path: Path, budget: float | None):
        self.path, self.budget = path, budget

    def start(self, n_items: int | None = None) -> None:
        """Nothing to start: the resident's extractor is built."""

    def close(self) -> None:
        """Nothing to stop: each document's child ends with it."""

    def __call__(self, fn: Callable, items: list) -> Iterator:
        from concurrent.futures import ThreadPoolExecutor

        from .run import extract_in_worker

        if fn is not extract_in_worker:
            raise ValueError("a resident extractor runs extract_in_worker only")
        executor = ThreadPoolExecutor(1, thread_name_prefix="resident")
        results = _served(executor, executor.map(self._one, items), items, self.budget)  # the first documents go now
        next(results)  # started, so that closing it before the first result still cancels the rest
        return results

    def _one(self, job) -> object:
        """One document's outcome: its `ProcessedDocument`, or the exception that stopped it;
        `UNSERVED` if the resident went away or changed during the run."""
        try:
            conn = _connect(self.path, timeout=5.0)
        except OSError:
            return UNSERVED
        with conn:
            child = None
            try:
                _send(conn, ("job", replace(job, corpus=job.corpus.resolve())))
                child = _receive(conn, time.monotonic() + 30.0)  # its pid: a fork, no work yet
                if not isinstance(child, int):
                    return UNSERVED
                return _receive(conn, None if self.budget is None else time.monotonic() + self.budget)
            except TimeoutError:
                _kill(child)
                return BudgetExceeded(self.budget) if child is not None else UNSERVED
            except (EOFError, ConnectionError):
                return WorkerLost("the resident extractor's process for it died while processing it")


UNSERVED = object()
"""A document the resident did not take: it went away or changed during the run."""


def _served(executor, outcomes: Iterator, items: list, budget: float | None) -> Iterator:
    """None, then the outcomes in input order. Every document is queued at once and one is in the
    resident at a time; a result waits in memory until the store takes it, which is faster than
    extraction, so few wait. From the first document the resident did not take, the rest go to one
    worker of the run's own, forked here in the run's main thread (a fork from the sending thread
    could copy a lock another thread holds)."""
    from .parallel import supervised_mapper
    from .run import _warm_worker, extract_in_worker

    try:
        yield None
        for i, outcome in enumerate(outcomes):
            if outcome is UNSERVED:
                executor.shutdown(wait=False, cancel_futures=True)
                own = supervised_mapper(1, budget, warm=_warm_worker, warm_args=(items[i].spec,))
                yield from own(extract_in_worker, items[i:])
                return
            yield outcome
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


def _kill(pid: int | None) -> None:
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# ---------------------------------------------------------------- the resident's side
def serve_resident(db: Path, spec: ExtractorSpec, idle: float | None = None, ready: Callable[[str], None] = print) -> int:
    """Build `spec`'s extractor, then serve the runs that write `db` until stopped or `idle`
    seconds without a request; exit 0. Exit 1 if another resident serves `db` or the path is too
    long for a socket."""
    from .run import _WORKER_EXTRACTORS, _extractor

    path, spec = socket_path(db), extractor_spec(spec)
    if len(os.fsencode(path)) > MAX_SOCKET_PATH:
        print(f"error: {path}: too long for a socket ({MAX_SOCKET_PATH} bytes at most); runs fork their own worker",
              file=sys.stderr)
        return 1
    key = resident_key(spec)
    _WORKER_EXTRACTORS[spec] = _extractor(spec)
    try:
        listener = _listen(path)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    inode = path.stat().st_ino
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # the socket file is removed on the way out
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    listener.settimeout(idle)
    ready(f"resident extractor ready for {db} ({path.name}); runs that write it use it")
    restart = False
    try:
        while not restart:
            try:
                conn, _ = listener.accept()
            except (TimeoutError, KeyboardInterrupt):  # idle, or Ctrl-C in the terminal of make serve
                return 0
            with conn:
                restart = _answer(conn, listener, spec, key)
    finally:
        listener.close()
        if path.exists() and path.stat().st_ino == inode:
            path.unlink()
    os.execv(sys.executable, sys.orig_argv)  # the files changed: start again from them


def _listen(path: Path) -> socket.socket:
    """A listening socket at `path`, mode 0600 from the start; a stale one (nobody answers) is replaced."""
    if path.exists():
        try:
            _connect(path, timeout=1.0).close()
        except OSError:
            path.unlink()
        else:
            raise FileExistsError(f"{path}: a resident extractor already serves this database")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    umask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(umask)
    listener.listen(16)
    return listener


def _answer(conn: socket.socket, listener: socket.socket, spec: ExtractorSpec, key: str) -> bool:
    """Answer one request; True when the files on disk changed and the resident must rebuild."""
    try:
        conn.settimeout(5.0)
        if not _same_user(conn):
            return False
        kind, *rest = _receive(conn, time.monotonic() + 5.0)
    except Exception:  # a connection that broke, or sent something else: not the resident's end
        return False
    try:
        if kind == "hello" and len(rest) == 2:
            asked, asked_key = rest
            current = resident_key(spec)
            _send(conn, "yes" if (asked, asked_key) == (spec, key) and current == key else "no")
            return current != key
        if kind != "job" or len(rest) != 1 or extractor_spec(rest[0].spec) != spec:
            _send(conn, "no")  # the run sends this document to a worker of its own
        elif os.fork() == 0:
            _child(conn, listener, rest[0], spec)
    except OSError:  # the run went away before the answer, or no process could be forked: it falls back
        pass
    return False


def _child(conn: socket.socket, listener: socket.socket, job, spec: ExtractorSpec) -> None:
    """In the forked child: process one document with the built extractor, send it, exit."""
    from .records import ProcessedDocument
    from .run import _WORKER_EXTRACTORS, _failed, extract_in_worker

    code = 0
    try:
        listener.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        conn.settimeout(None)
        _send(conn, os.getpid())
        _WORKER_EXTRACTORS[job.spec] = _WORKER_EXTRACTORS[spec]  # the same extractor: only run options differ
        outcome = extract_in_worker(job)
        try:
            _send(conn, outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            _send(conn, ProcessedDocument(_failed(job.source, f"cannot be sent back: {exc}")))
    except BaseException:
        code = 1
    finally:
        os._exit(code)

