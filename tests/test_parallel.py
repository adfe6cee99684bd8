"""Parallel backends build the same database as a local run, row for row."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.run import run

TABLES = ("documents", "files", "sentences", "entities", "claims", "comparisons", "claim_groups", "group_comparisons",
          "bodies", "policies")


def dump(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def local_db(tmp_path_factory) -> Path:
    from tests.conftest import SEED_CORPUS

    db = tmp_path_factory.mktemp("local") / "claims.db"
    run(SEED_CORPUS, db)
    return db


def test_process_pool_equals_local(local_db, tmp_path):
    from pipeline.parallel import supervised_mapper
    from tests.conftest import SEED_CORPUS

    db = tmp_path / "pool.db"
    run(SEED_CORPUS, db, mapper=supervised_mapper(2, 600))
    assert dump(db) == dump(local_db)


def test_dask_local_cluster_equals_local(local_db, tmp_path):
    pytest.importorskip("distributed")
    from pipeline.parallel import dask_mapper
    from tests.conftest import SEED_CORPUS

    db = tmp_path / "dask.db"
    summary = run(SEED_CORPUS, db, mapper=dask_mapper("local"))
    assert summary.exit_code == 0 and len(summary.processed) == 5
    local, distributed = dump(local_db), dump(db)
    for table in TABLES:
        assert distributed[table] == local[table], table
    assert len(local["sentences"]) > 400
