"""Runs: incremental by content hash, atomic replacement, the command line contract."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def test_killed_run_leaves_the_previous_database_intact(seed_copy, tmp_path):
    db_path = tmp_path / "claims.db"
    run(seed_copy, db_path)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    counts = rows(db_path, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences)")
    seeds = sorted(seed_copy.glob("*.txt"))
    for n in range(150):  # enough distinct work that the run is still writing when killed
        source = seeds[n % len(seeds)]
        (seed_copy / f"copy{n:03}.txt").write_text(f"Copy {n}\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--corpus", str(seed_copy), "--db", str(db_path)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".claims.db.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
    assert rows(db_path, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences)") == counts
    # the next run cleans up the leftover temporary file and completes
    assert run(seed_copy, db_path).exit_code == 0
    assert not list(tmp_path.glob(".claims.db.*.tmp"))
