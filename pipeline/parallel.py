"""Parallelism: document processing mapped over a local process pool or a Dask cluster.

Each worker builds its extractor once (pipeline/run.py `extract_in_worker`) and sends back
plain records; the SQLite file is written by the caller exactly as in a local run, in the same
order, so every backend gives the same database row for row. Dask workers must see the corpus
folder at the same path (a shared filesystem).
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator


def pool_mapper(workers: int) -> Callable[[Callable, list], Iterator]:
    """A `mapper(fn, items)` that yields fn(item) in input order from `workers` processes."""

    def mapper(fn: Callable, items: list) -> Iterator:
        if workers <= 1 or len(items) < 2:
            yield from map(fn, items)
            return
        context = multiprocessing.get_context("fork")
        chunksize = max(1, min(16, len(items) // (workers * 4)))
        with context.Pool(workers) as pool:
            yield from pool.imap(fn, items, chunksize=chunksize)

    return mapper


def dask_mapper(address: str) -> Callable[[Callable, list], Iterator]:
    """`address`: a scheduler address such as tcp://10.0.0.5:8786, or 'local' for a LocalCluster."""
    from distributed import Client, LocalCluster

    def mapper(fn: Callable, items: list) -> Iterator:
        cluster = None
        if address == "local":
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address)
        try:
            futures = client.map(fn, items, pure=False)
            for future in futures:  # in input order, so ids match a local run
                yield future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return mapper
