"""Dask backend: document processing mapped over a Dask cluster, the database built locally.

Workers run the same `process_document` (each loads the models once, on first use) and
send back plain records; the SQLite file is written by the caller exactly as in a local
run, in the same order, so both give the same database row for row. Workers must see the
corpus folder at the same path (a shared filesystem).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator


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
