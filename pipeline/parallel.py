"""Local parallelism: document processing mapped over a process pool (one model per worker)."""
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


