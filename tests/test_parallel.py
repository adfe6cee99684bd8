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


def test_the_worker_started_before_discovery_is_stopped_when_nothing_changed(local_db, tmp_path):
    """A run forks its worker before it knows whether there is work; a run with nothing to do
    leaves no process behind, and the database untouched."""
    import multiprocessing
    import shutil

    from tests.conftest import SEED_CORPUS

    db = tmp_path / "again.db"
    shutil.copy(local_db, db)
    before = db.stat().st_mtime_ns
    summary = run(SEED_CORPUS, db)
    assert summary.processed == [] and len(summary.unchanged) == 5
    assert multiprocessing.active_children() == []
    assert db.stat().st_mtime_ns == before


def test_an_unused_supervised_mapper_can_be_started_and_closed():
    import multiprocessing

    from pipeline.parallel import supervised_mapper

    mapper = supervised_mapper(1, 60)
    mapper.start()
    assert len(multiprocessing.active_children()) == 1
    mapper.close()
    assert multiprocessing.active_children() == []
    assert list(mapper(len, ["ab", "abc"])) == [2, 3]  # a closed mapper starts a new pool when used
