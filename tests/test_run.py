"""Runs: incremental by content hash, atomic replacement, the command line contract."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.run import run
from tests.conftest import rows

ROOT = Path(__file__).resolve().parent.parent


def test_second_run_with_nothing_changed_processes_nothing(seed_copy, tmp_path):
    db_path = tmp_path / "claims.db"
    first = run(seed_copy, db_path)
    assert len(first.processed) == 5 and first.wrote_database
    before = db_path.stat().st_mtime_ns
    second = run(seed_copy, db_path)
    assert second.processed == [] and len(second.unchanged) == 5 and not second.wrote_database
    assert db_path.stat().st_mtime_ns == before


COMPARED_PAIRS = """
SELECT da.path, sa.text, ca.subject, ca.predicate, ca.object, ca.value_min, ca.date_start,
       db.path, sb.text, cb.subject, cb.predicate, cb.object, cb.value_min, cb.date_start, c.verdict
FROM {view} c JOIN claims ca ON ca.id = c.claim_a JOIN claims cb ON cb.id = c.claim_b
JOIN documents da ON da.id = ca.document_id JOIN documents db ON db.id = cb.document_id
JOIN sentences sa ON sa.id = ca.sentence_id JOIN sentences sb ON sb.id = cb.sentence_id"""


def compared(db_path: Path) -> list[tuple]:
    """Every compared claim pair by content, not id (ids differ between builds), with its verdict."""
    out = []
    for view in ("comparisons", "comparisons_within_document"):
        for row in rows(db_path, COMPARED_PAIRS.format(view=view)):
            out.append((view, *sorted([row[:7], row[7:14]], key=repr), row[14]))
    return sorted(out, key=repr)


def assert_same_as_a_fresh_build(corpus: Path, db_path: Path, tmp_path: Path) -> None:
    fresh = tmp_path / f"fresh{len(list(tmp_path.glob('fresh*')))}.db"
    run(corpus, fresh)
    assert compared(db_path) == compared(fresh)
    assert rows(db_path, "SELECT COUNT(*) FROM comparisons") == rows(fresh, "SELECT COUNT(*) FROM comparisons")
    groups = "SELECT signature, n_claims, n_documents FROM claim_groups ORDER BY signature"
    assert rows(db_path, groups) == rows(fresh, groups)
    questions = ("SELECT q.block, q.label, q.status, q.n_positions, q.n_documents, q.n_claims, p.value, p.n_documents, "
                 "p.n_claims, p.modalities FROM questions q JOIN positions p ON p.question_id = q.id ORDER BY q.block, p.value")
    assert rows(db_path, questions) == rows(fresh, questions)
    # the counts an update keeps up to date are those a fresh build counts
    stored = "SELECT value FROM meta WHERE key = 'counts'"
    assert json.loads(rows(db_path, stored)[0][0]) == json.loads(rows(fresh, stored)[0][0])


def test_add_change_remove_reprocess_only_that_file(seed_copy, tmp_path):
    db_path = tmp_path / "claims.db"
    run(seed_copy, db_path)
    ids_before = dict(rows(db_path, "SELECT path, id FROM documents"))

    (seed_copy / "new" ).mkdir()
    (seed_copy / "new" / "added.txt").write_text("Added\n\nThere are 42 integrated care systems.", encoding="utf-8")
    added = run(seed_copy, db_path)
    assert added.processed == ["new/added.txt"] and len(added.unchanged) == 5
    assert_same_as_a_fresh_build(seed_copy, db_path, tmp_path)

    target = seed_copy / "004_7113205ecde4d8e2.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    changed = run(seed_copy, db_path)
    assert changed.processed == ["004_7113205ecde4d8e2.txt"] and len(changed.unchanged) == 5
    assert rows(db_path, "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.document_id "
                         "WHERE d.path = '004_7113205ecde4d8e2.txt' ORDER BY idx DESC LIMIT 1") == [("One more sentence.",)]
    assert_same_as_a_fresh_build(seed_copy, db_path, tmp_path)

    (seed_copy / "001_9b55d0280cd53b65.txt").unlink()
    removed = run(seed_copy, db_path)
    assert removed.processed == [] and removed.removed == ["001_9b55d0280cd53b65.txt"]
    assert rows(db_path, "SELECT COUNT(*) FROM documents WHERE path = '001_9b55d0280cd53b65.txt'") == [(0,)]
    assert rows(db_path, "SELECT COUNT(*) FROM sentences WHERE document_id = ?",
                (ids_before["001_9b55d0280cd53b65.txt"],)) == [(0,)]
    assert_same_as_a_fresh_build(seed_copy, db_path, tmp_path)
    # untouched documents keep their ids
    now = dict(rows(db_path, "SELECT path, id FROM documents"))
    assert now["000_6ab47e3653cc8845.txt"] == ids_before["000_6ab47e3653cc8845.txt"]


def test_changing_only_a_sidecar_date_changes_the_verdicts_as_a_fresh_build_does(tmp_path):
    corpus, db_path = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    for name, text in (("early", "Integrated care systems are voluntary partnerships."),
                       ("late", "Integrated care systems are statutory bodies.")):
        (corpus / f"{name}.txt").write_text(f"{name}\n\n{text}\n", encoding="utf-8")
        (corpus / f"{name}.meta.json").write_text('{"published": "2021-03"}', encoding="utf-8")
    verdicts = "SELECT verdict FROM comparisons WHERE predicate = 'has_status'"
    run(corpus, db_path)
    assert rows(db_path, verdicts) == [("contradict",)]
    assert rows(db_path, "SELECT status FROM questions WHERE predicate = 'has_status'") == [("disputed",)]
    for published, verdict, status in (('{"published": "2023-06"}', "changed", "changed"), ("{}", "differ", "differ")):
        (corpus / "late.meta.json").write_text(published, encoding="utf-8")
        again = run(corpus, db_path)
        assert again.processed == ["late.txt"] and again.unchanged == ["early.txt"]
        assert rows(db_path, verdicts) == [(verdict,)]
        assert rows(db_path, "SELECT status FROM questions WHERE predicate = 'has_status'") == [(status,)]
        assert_same_as_a_fresh_build(corpus, db_path, tmp_path)


def test_a_change_stated_by_a_later_document_orders_what_it_separates_as_a_fresh_build_does(tmp_path):
    corpus, db_path = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "early.txt").write_text("early\n\nIntegrated care systems are voluntary partnerships.\n", encoding="utf-8")
    (corpus / "early.meta.json").write_text('{"published": "2021-03"}', encoding="utf-8")
    (corpus / "late.txt").write_text("late\n\nIntegrated care systems are statutory bodies.\n", encoding="utf-8")
    pair = ("SELECT c.verdict FROM comparisons c JOIN documents da ON da.id = c.document_a "
            "JOIN documents db ON db.id = c.document_b WHERE da.path = 'early.txt' AND db.path = 'late.txt'")
    status = "SELECT status FROM questions WHERE subject = 'integrated care system' AND predicate = 'has_status'"
    run(corpus, db_path)
    assert rows(db_path, pair) == [("differ",)] and rows(db_path, status) == [("differ",)]
    change = corpus / "the-act.txt"
    change.write_text("the act\n\nIntegrated care systems became statutory bodies on 1 July 2022.\n", encoding="utf-8")
    assert run(corpus, db_path).processed == ["the-act.txt"]
    assert rows(db_path, pair) == [("changed",)] and rows(db_path, status) == [("changed",)]
    assert_same_as_a_fresh_build(corpus, db_path, tmp_path)
    change.unlink()
    run(corpus, db_path)
    assert rows(db_path, pair) == [("differ",)] and rows(db_path, status) == [("differ",)]
    assert_same_as_a_fresh_build(corpus, db_path, tmp_path)


def _state(conn: sqlite3.Connection) -> tuple:
    """What a reader sees: row counts, the documents, and the stored counts, which must agree."""
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences), "
                          "(SELECT COUNT(*) FROM claims), (SELECT COUNT(*) FROM comparisons)").fetchone()
    stored = json.loads(conn.execute("SELECT value FROM meta WHERE key = 'counts'").fetchone()[0])
    assert (stored["documents"], stored["sentences"], stored["claims"], stored["comparisons"]) == counts
    paths = conn.execute("SELECT group_concat(path, '|') FROM (SELECT path FROM files ORDER BY path)").fetchone()
    return counts, paths


def test_readers_see_the_state_before_or_after_a_run_and_a_killed_run_leaves_it(seed_copy, tmp_path):
    db_path = tmp_path / "claims.db"
    run(seed_copy, db_path)
    readers = [sqlite3.connect(f"file:{db_path}?mode=ro", uri=True),  # how Datasette opens a mutable file
               sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)]
    # `datasette --nolock` (nolock=1) cannot read a WAL database at all: SQLite's lock-less VFS has
    # no shared memory for the WAL index. `make serve` must open the file read-only without it.
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(f"file:{db_path}?mode=ro&nolock=1", uri=True).execute("SELECT 1 FROM meta").fetchone()
    before = _state(readers[0])
    seeds = sorted(seed_copy.glob("*.txt"))
    for n in range(150):  # enough distinct work that the run is still writing when killed
        source = seeds[n % len(seeds)]
        (seed_copy / f"copy{n:03}.txt").write_text(f"Copy {n}\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--corpus", str(seed_copy), "--db", str(db_path)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = tmp_path / "claims.db-wal"
    deadline = time.monotonic() + 120
    while (not wal.exists() or wal.stat().st_size < 1_000_000) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None and wal.stat().st_size >= 1_000_000, "the run finished before it had written much"
    for reader in readers:  # mid-run: the state before it, whole
        assert _state(reader) == before
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for reader in readers:
        assert _state(reader) == before
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    # the next run completes, and readers opened before it see its state without reopening
    assert run(seed_copy, db_path).exit_code == 0
    for reader in readers:
        counts, _ = _state(reader)
        assert counts[0] == 155
    assert not list(tmp_path.glob(".claims.db.*"))  # no temporary copies in this design


def test_the_database_is_written_in_place(seed_copy, tmp_path):
    """No copy of the file per run: its inode stays, so a server holding it open sees new data."""
    db_path = tmp_path / "claims.db"
    run(seed_copy, db_path)
    inode = db_path.stat().st_ino
    (seed_copy / "added.txt").write_text("Added\n\nThere are 42 integrated care systems.", encoding="utf-8")
    assert run(seed_copy, db_path).processed == ["added.txt"]
    assert db_path.stat().st_ino == inode
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_a_database_of_an_older_schema_is_rebuilt(tmp_path):
    """Tables that point at each other are dropped within one transaction (foreign keys checked at its end)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A note\n\nIntegrated care boards are accountable to NHS England.\n", encoding="utf-8")
    db_path = tmp_path / "claims.db"
    assert run(corpus, db_path).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    summary = run(corpus, db_path)
    assert summary.exit_code == 0 and summary.processed == ["a.txt"]
    assert rows(db_path, "SELECT COUNT(*) FROM claims") == [(1,)]


def test_files_whose_stat_is_unchanged_are_not_read_again(tmp_path, monkeypatch):
    import pipeline.corpus as corpus_module

    corpus, db_path = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Alpha\n\nThere are 42 integrated care systems.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Beta\n\nThere are 44 integrated care systems.\n", encoding="utf-8")
    (corpus / "b.meta.yml").write_text("title: Beta\n", encoding="utf-8")
    run(corpus, db_path)
    reads = []
    original = corpus_module.read_bytes
    monkeypatch.setattr(corpus_module, "read_bytes", lambda *a, **k: reads.append(a[1]) or original(*a, **k))
    assert run(corpus, db_path).processed == [] and reads == []
    os.utime(corpus / "a.txt")  # touched, same bytes: read again to be sure, not processed
    assert run(corpus, db_path).processed == [] and reads == ["a.txt"]
    (corpus / "a.txt").write_text("Alpha\n\nThere are 43 integrated care systems.\n", encoding="utf-8")  # same size
    assert run(corpus, db_path).processed == ["a.txt"]
    (corpus / "b.meta.yml").write_text("title: Bête\n", encoding="utf-8")  # only the sidecar
    assert run(corpus, db_path).processed == ["b.txt"]
    assert rows(db_path, "SELECT title FROM documents WHERE path = 'b.txt'") == [("Bête",)]


def test_bodies_and_policies_list_names_no_registry_holds_and_forget_them_with_their_documents(tmp_path):
    corpus, db_path = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A note\n\nThe Wessex Health Partnership published the Coastal Care Strategy in May 2024. "
                                  "NHS England welcomed it.\n", encoding="utf-8")
    assert run(corpus, db_path).exit_code == 0
    unregistered = "SELECT name FROM {} WHERE registered = 0 ORDER BY name"
    assert rows(db_path, unregistered.format("bodies")) == [("Wessex Health Partnership",)]
    assert rows(db_path, unregistered.format("policies")) == [("Coastal Care Strategy",)]
    assert rows(db_path, "SELECT registered FROM bodies WHERE name = 'NHS England'") == [(1,)]
    registered = "SELECT COUNT(*) FROM {} WHERE registered = 1"
    before = [rows(db_path, registered.format(t)) for t in ("bodies", "policies")]
    # a run that only adds a document adds its names alone, and keeps the registries' rows
    (corpus / "c.txt").write_text("C note\n\nThe Mercia Health Partnership adopted the Riverside Care Strategy "
                                  "in June 2024.\n", encoding="utf-8")
    assert run(corpus, db_path).processed == ["c.txt"]
    assert rows(db_path, unregistered.format("bodies")) == [("Mercia Health Partnership",), ("Wessex Health Partnership",)]
    assert rows(db_path, unregistered.format("policies")) == [("Coastal Care Strategy",), ("Riverside Care Strategy",)]
    assert [rows(db_path, registered.format(t)) for t in ("bodies", "policies")] == before
    (corpus / "a.txt").unlink()
    (corpus / "c.txt").unlink()
    (corpus / "b.txt").write_text("B note\n\nNHS England is accountable to the Secretary of State.\n", encoding="utf-8")
    assert run(corpus, db_path).exit_code == 0
    assert rows(db_path, unregistered.format("bodies")) == rows(db_path, unregistered.format("policies")) == []
