"""Parallelism and isolation: document processing mapped over supervised worker processes or a
Dask cluster.

A mapper is `mapper(fn, items)`: it yields, in input order, `fn(item)` or the exception that
stopped it, so that one document can never stop a run. Locally every document is processed in a
worker process (pebble's `ProcessPool`), even with one worker, because only a process can be
stopped from outside: a document past its time budget has its worker killed and replaced
(`BudgetExceeded`), and a worker that dies (a crash, the kernel's OOM killer) fails its document
alone (`WorkerLost`). A cooperative deadline checked between sentences could not stop one
pathological regular expression or tokenizer call; a signal alarm would not work in Dask's threads.
Workers are forked: they inherit the loaded code, and each builds its extractor once.

Each worker sends back plain records; the SQLite file is written by the caller exactly as in a
local run, in the same order, so every backend gives the same database row for row. Dask workers
must see the corpus folder at the same path (a shared filesystem).
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout


class BudgetExceeded(Exception):
    """A document took longer than the time budget; its worker was stopped."""


class WorkerLost(Exception):
    """The process working on a document died."""


def supervised_mapper(workers: int, budget: float | None, warm: Callable | None = None,
                      warm_args: tuple = ()) -> SupervisedMapper:
    """A mapper over `workers` forked processes, each document given `budget` seconds (None: no
    limit) from the moment a worker starts it. `warm(*warm_args)` runs in each new worker first
    (building the extractor while the caller opens the database)."""
    return SupervisedMapper(workers, budget, warm, warm_args)


class SupervisedMapper:
    """`mapper(fn, items)` over a pebble pool; `start()` forks the workers before the items are
    known (a run's worker builds its extractor while the corpus is discovered), `close()` stops
    workers that were started and never used."""

    def __init__(self, workers: int, budget: float | None, warm: Callable | None, warm_args: tuple):
        self.workers, self.budget, self.warm, self.warm_args = workers, budget, warm, warm_args
        self._pool = None

    def start(self, n_items: int | None = None) -> None:
        if self._pool is None:
            from pebble import ProcessPool

            n = self.workers if n_items is None else max(1, min(self.workers, n_items))
            self._pool = ProcessPool(max_workers=n, initializer=self.warm, initargs=self.warm_args,
                                     context=multiprocessing.get_context("fork"))
            self._pool.schedule(_ready)  # pebble forks its workers on the first schedule

    def __call__(self, fn: Callable, items: list) -> Iterator:
        self.start(len(items))
        pool, self._pool = self._pool, None  # the results own the pool from here, and stop it
        results = _results(pool, fn, items, self.budget, window=max(2, 4 * self.workers))
        next(results)  # schedule the first documents now
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None


def _ready() -> None:
    """The task that makes a pool fork its workers before there is a document to give them."""


def _results(pool, fn: Callable, items: list, budget: float | None, window: int) -> Iterator:
    """Results in input order, at most `window` documents scheduled ahead (their results wait in
    memory until their turn). The first `next` schedules the first window and yields None, so that
    the workers start (and build their extractors) while the caller opens the database."""
    from pebble import ProcessExpired

    pending: deque = deque()
    queue = iter(items)

    def schedule() -> None:
        while len(pending) < window:
            item = next(queue, None)
            if item is None:
                break
            pending.append(pool.schedule(fn, args=(item,), timeout=budget))

    try:
        schedule()
        yield None
        while pending:
            future = pending.popleft()
            try:
                outcome = future.result()
            except FutureTimeout:
                outcome = BudgetExceeded(budget)
            except ProcessExpired as exc:
                outcome = WorkerLost(_death(exc.exitcode))
            except Exception as exc:  # raised by fn, or it could not be sent back
                outcome = exc
            schedule()
            if not pending:  # the last result: stop the idle workers now, while the caller stores it, so
                pool.stop()  # that the join below (pebble's loops wake every 0.1 s) costs nothing then
            yield outcome
    finally:  # all done, or stopped early (an error, Ctrl-C): kill the workers rather than wait for them
        pool.stop()
        pool.join()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"worker process died ({name}) while processing it"
    return f"worker process died (exit code {exitcode}) while processing it"


def dask_mapper(address: str, budget: float | None = None) -> Callable[[Callable, list], Iterator]:
    """`address`: a scheduler address such as tcp://10.0.0.5:8786, or 'local' for a LocalCluster.

    Exceptions and lost workers (Dask gives up on a task after its workers died) fail their
    document. The budget is waited for each result in turn, so a document's time counts from when
    the previous one was collected: generous, but a stalled task cannot stall the run; its thread
    on the worker is left to finish (Dask cannot kill a running task)."""
    from distributed import Client, LocalCluster

    def mapper(fn: Callable, items: list) -> Iterator:
        cluster = None
        if address == "local":
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address)
        return _dask_results(client, cluster, fn, items, budget)

    return mapper


def _dask_results(client, cluster, fn: Callable, items: list, budget: float | None) -> Iterator:
    try:
        futures = client.map(fn, items, pure=False)
        for future in futures:  # in input order, so ids match a local run
            try:
                yield future.result(timeout=budget)
            except (TimeoutError, FutureTimeout):
                future.cancel()
                yield BudgetExceeded(budget)
            except Exception as exc:
                yield WorkerLost(f"worker lost while processing it: {type(exc).__name__}") \
                    if type(exc).__name__ == "KilledWorker" else exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
