"""The resident extractor (pipeline/resident.py): a run through it writes what a run with a
worker of its own writes, under the same time budget and isolation; it is used only while its
extractor and code are the run's, and rebuilds itself when they change."""
from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.paths import ROOT
from pipeline.resident import OFF, resident_command, resident_mapper, socket_path
from pipeline.run import run
from pipeline.settings import SHIPPED, ExtractorSpec, Settings
from tests.conftest import SEED_CORPUS, rows
from tests.hostile import TEXT, prose
from tests.test_parallel import dump

pytestmark = pytest.mark.slow  # each starts a resident, which builds the extractor


def start_resident(db: Path, cwd: Path = ROOT, env: dict | None = None) -> subprocess.Popen:
    """`python -m pipeline resident` for `db`, once it says it is ready."""
    proc = subprocess.Popen(resident_command(db, idle_minutes=5), cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    assert "ready" in line, line + proc.stdout.read()
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def resident(tmp_path, monkeypatch):
    monkeypatch.delenv(OFF, raising=False)
    db = tmp_path / "claims.db"
    proc = start_resident(db)
    yield db, proc
    stop(proc)


def test_a_run_through_the_resident_writes_what_a_worker_of_its_own_writes(seed_db, resident):
    db, proc = resident
    assert stat.S_IMODE(socket_path(db).stat().st_mode) == 0o600
    summary = run(SEED_CORPUS, db)
    assert summary.resident and summary.exit_code == 0 and len(summary.processed) == 5
    assert dump(db) == dump(seed_db)
    stop(proc)
    assert not socket_path(db).exists()  # removed on the way out: the next run forks its own worker
    assert resident_mapper(db, SHIPPED) is None


def test_past_its_time_budget_a_document_is_killed_and_the_resident_serves_on(resident, tmp_path):
    db, proc = resident
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sane.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "long.txt").write_text("Long\n\n" + prose(400_000), encoding="utf-8")  # seconds of work
    started = time.monotonic()
    summary = run(corpus, db, spec=ExtractorSpec(settings=Settings(time_budget=1.0)))  # a run option: still served
    assert summary.resident and time.monotonic() - started < 30
    errors = dict(rows(db, "SELECT f.path, d.error FROM files f JOIN documents d ON d.id = f.document_id "
                           "WHERE d.status = 'error'"))
    assert list(errors) == ["long.txt"] and "time budget" in errors["long.txt"]
    assert proc.poll() is None
    (corpus / "more.txt").write_text(TEXT.replace("July 2022", "April 2023"), encoding="utf-8")
    again = run(corpus, db, spec=ExtractorSpec(settings=Settings(time_budget=1.0)))
    assert again.resident and again.processed == ["more.txt"] and again.failed == ["long.txt"]


def test_a_run_with_another_extractor_forks_its_own_worker_and_writes_its_own_output(resident, tmp_path):
    db, _ = resident
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(TEXT, encoding="utf-8")
    unscored = ExtractorSpec(settings=Settings(use_scorer=False))
    summary = run(corpus, db, spec=unscored)
    assert not summary.resident and summary.exit_code == 0
    alone = tmp_path / "alone.db"
    run(corpus, alone, spec=unscored)
    assert dump(db) == dump(alone)


def test_a_run_ignores_a_resident_when_told_to(resident, tmp_path, monkeypatch):
    db, _ = resident
    monkeypatch.setenv(OFF, "off")
    assert resident_mapper(db, SHIPPED) is None


def test_a_second_resident_for_the_same_database_refuses_and_the_first_serves_on(resident):
    db, proc = resident
    second = subprocess.run([sys.executable, "-m", "pipeline", "resident", "--db", str(db)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 1 and "already serves" in second.stderr
    assert proc.poll() is None and resident_mapper(db, SHIPPED) is not None


def test_a_stale_socket_left_by_a_killed_resident_is_ignored_then_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv(OFF, raising=False)
    db = tmp_path / "claims.db"
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(socket_path(db)))  # bound, never listening: what a SIGKILL leaves
    stale.close()
    assert resident_mapper(db, SHIPPED) is None
    proc = start_resident(db)
    try:
        assert resident_mapper(db, SHIPPED) is not None
    finally:
        stop(proc)


def test_a_resident_whose_files_changed_refuses_then_rebuilds_itself(tmp_path):
    """In a copy of the project, so that its annotations can change under the running resident."""
    project = tmp_path / "p"
    for part in ("pipeline", "annotations", "models"):
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    corpus, db = project / "corpus", project / "db" / "claims.db"
    corpus.mkdir()
    db.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k != OFF}

    def add_and_run(name: str, text: str) -> str:
        (corpus / name).write_text(text, encoding="utf-8")
        code = ("import sys; from pipeline.run import run; s = run(sys.argv[1], sys.argv[2]); "
                "print(s.resident, s.processed, s.failed)")
        return subprocess.run([sys.executable, "-c", code, str(corpus), str(db)], cwd=project, env=env,
                              capture_output=True, text=True, check=True).stdout.strip()

    proc = start_resident(db, cwd=project, env=env)
    try:
        assert add_and_run("a.txt", TEXT) == "True ['a.txt'] []"
        with (project / "annotations" / "bodies.yml").open("a", encoding="utf-8") as registry:
            registry.write("\n# an annotator's comment: the registries' bytes, so the pipeline's version, changed\n")
        # the pipeline's version changed: everything again, in a worker of the run's own
        assert add_and_run("b.txt", TEXT.replace("July 2022", "April 2023")) == "False ['a.txt', 'b.txt'] []"
        assert "ready" in proc.stdout.readline()  # the resident started again from the changed files
        assert proc.poll() is None
        assert add_and_run("c.txt", TEXT.replace("July 2022", "May 2024")) == "True ['c.txt'] []"
    finally:
        stop(proc)


def test_serve_keeps_a_resident_for_as_long_as_datasette_runs(seed_db, tmp_path, monkeypatch):
    monkeypatch.delenv(OFF, raising=False)
    db = tmp_path / "claims.db"
    shutil.copy(seed_db, db)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    serve = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while resident_mapper(db, SHIPPED) is None:
            assert serve.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    deadline = time.monotonic() + 30
    while socket_path(db).exists() and time.monotonic() < deadline:  # the resident got SIGTERM with its parent
        time.sleep(0.1)
    assert not socket_path(db).exists()


def test_a_document_the_resident_cannot_take_goes_to_a_worker_of_the_runs_own(tmp_path):
    """The resident stopped after the run found it: each document is still processed, and the
    same as by the run's own worker."""
    from pipeline.ingest import discover
    from pipeline.resident import ResidentMapper
    from pipeline.run import Job, extract_in_worker

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plain.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "second.txt").write_text(TEXT.replace("July 2022", "April 2023"), encoding="utf-8")
    alone = tmp_path / "alone.db"
    run(corpus, alone)
    gone = ResidentMapper(socket_path(tmp_path / "claims.db"), 60.0)
    sources = discover(corpus)
    outcomes = list(gone(extract_in_worker, [Job(corpus, source, SHIPPED) for source in sources]))
    assert [o.document.path for o in outcomes] == [s.path for s in sources] == ["plain.txt", "second.txt"]
    for outcome in outcomes:
        assert outcome.document.ok and [s.text for s in outcome.sentences] == [r[0] for r in rows(
            alone, "SELECT s.text FROM sentences s JOIN files f ON f.document_id = s.document_id "
                   "WHERE f.path = ? ORDER BY s.id", (outcome.document.path,))]


def test_a_run_that_leaves_before_the_answer_does_not_stop_the_resident(resident):
    import pickle
    import struct

    from pipeline.resident import extractor_spec, resident_key

    db, proc = resident
    for _ in range(3):
        with socket.socket(socket.AF_UNIX) as rude:
            rude.connect(str(socket_path(db)))
            hello = pickle.dumps(("hello", extractor_spec(SHIPPED), resident_key(SHIPPED)))
            rude.sendall(struct.pack("!Q", len(hello)) + hello)
        time.sleep(0.3)  # the answer meets a closed connection
    assert proc.poll() is None and resident_mapper(db, SHIPPED) is not None
