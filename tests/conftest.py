"""Shared fixtures: the seed corpus, throwaway corpora and a pipeline runner."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The bundled corpus run once through the whole pipeline."""
    from pipeline.run import run

    db_path = tmp_path_factory.mktemp("seed") / "claims.db"
    summary = run(SEED_CORPUS, db_path)
    assert summary.exit_code == 0, summary.failed
    return db_path


SEED_FIXTURES = {"seed_db", "seed_copy", "local_db"}
"""Fixtures that run the pipeline over the seed corpus: the tests using them are marked `slow`
(`pytest -m "not slow"` leaves them out while working; `make test` runs everything)."""


def pytest_collection_modifyitems(items):
    for item in items:
        if SEED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
