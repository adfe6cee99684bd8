"""Hostile input and faults (issue #17): no single input stops or stalls a run, nothing outside the
corpus is read, the change check sees everything that decides a document's rows, and every failure
is one plain line with the exit code SPEC §1 gives it. The hostile files are made by
tests/hostile.py at test time."""
from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.run as run_module
from pipeline.paths import ROOT
from pipeline.run import DatabaseWriteError, UsageError, run
from pipeline.settings import ExtractorSpec, Settings
from tests.conftest import SEED_CORPUS, rows
from tests.hostile import CASES, TEXT, Case, make_all, prose

pytestmark = pytest.mark.slow  # they run the pipeline (`pytest -m "not slow"` leaves them out while working)

ERRORS = "SELECT f.path, d.error FROM files f JOIN documents d ON d.id = f.document_id WHERE d.status = 'error'"


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, **kwargs)


def one_plain_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# ---------------------------------------------------------------- each hostile file, beside a sane one
@pytest.mark.parametrize("case", CASES, ids=[c.path for c in CASES])
def test_a_hostile_file_is_its_own_error_row_and_the_rest_is_processed(case: Case, tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "sane.txt").write_text(TEXT, encoding="utf-8")
    case.make(corpus)
    started = time.monotonic()
    summary = run(corpus, db)
    elapsed = time.monotonic() - started
    assert elapsed < case.seconds, f"{case.path} took {elapsed:.1f} s"
    errors = dict(rows(db, ERRORS))
    if case.error is None:
        assert case.path in summary.processed and case.path not in errors, errors.get(case.path)
    else:
        assert case.error in errors[case.path], errors[case.path]
        assert "\n" not in errors[case.path]
    assert rows(db, "SELECT status, n_sentences > 0 FROM documents WHERE path = 'sane.txt'") == [("ok", 1)]
    assert rows(db, "SELECT COUNT(*) FROM claims c JOIN documents d ON d.id = c.document_id WHERE d.path = 'sane.txt'")[0][0] > 0


def test_nothing_outside_the_corpus_is_stored(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    make_all(corpus, [c for c in CASES if c.category == "only the corpus" and c.path != "sparse.txt"])
    run(corpus, db)
    secret = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    assert rows(db, "SELECT COUNT(*) FROM documents WHERE text LIKE ?", [f"%{secret}%"]) == [(0,)]
    assert rows(db, "SELECT COUNT(*) FROM documents WHERE status = 'ok'") == [(0,)]


# ---------------------------------------------------------------- every hostile case with the seeds, from the command line
def test_a_run_over_every_hostile_case_and_the_seeds_exits_1_within_a_minute_with_the_seeds_intact(seed_db, tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    made = make_all(corpus)
    for seed in SEED_CORPUS.iterdir():
        (corpus / seed.name).write_bytes(seed.read_bytes())
    started = time.monotonic()
    result = cli("run", "--corpus", str(corpus), "--db", str(db), timeout=300)
    elapsed = time.monotonic() - started
    print(f"hostile corpus + seeds: {elapsed:.1f} s")  # the figure in the report (pytest -s)
    assert result.returncode == 1, result.stderr
    assert elapsed < 60
    errors = dict(rows(db, ERRORS))
    for case in made:
        if case.error is not None:
            assert case.error in errors[case.path], (case.path, errors.get(case.path))
    assert all(line.startswith("error: ") for line in result.stderr.strip().splitlines()), result.stderr
    assert len(result.stderr.strip().splitlines()) == len(errors)
    seed_rows = ("SELECT d.path, d.title, d.n_sentences, (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id), "
                 "(SELECT COUNT(*) FROM entities e WHERE e.document_id = d.id) FROM documents d "
                 "WHERE d.path IN ({}) ORDER BY d.path").format(",".join(f"'{p.name}'" for p in SEED_CORPUS.iterdir()))
    assert rows(db, seed_rows) == rows(seed_db, seed_rows)
    assert len(rows(db, seed_rows)) == 5


# ---------------------------------------------------------------- linear time
def test_processing_time_grows_linearly_with_unpunctuated_prose():
    """10 KB, 100 KB and 1 MB of one unpunctuated sentence: each tenfold size may cost at most
    about twenty times the time (quadratic would be a hundred)."""
    from tests.helpers import document, rules_extractor

    extractor = rules_extractor()
    extractor.process(document(prose(5_000)))  # warm caches

    def seconds(n: int) -> float:
        text = prose(n)
        best = float("inf")
        for _ in range(2 if n < 1_000_000 else 1):
            started = time.process_time()
            extractor.process(document(text))
            best = min(best, time.process_time() - started)
        return best

    small, medium, large = seconds(10_000), seconds(100_000), seconds(1_000_000)
    assert medium / small < 20 and large / medium < 20, (small, medium, large)


def test_runs_of_one_punctuation_character_tokenize_in_linear_time():
    from pipeline.text.sentences import parse, sentence_nlp

    nlp = sentence_nlp()
    for ch in "=[(\"'*!?:)]-_.":
        times = []
        for n in (2_000, 20_000):
            text = f"Before {ch * n} after"
            started = time.process_time()
            doc = parse(text, nlp)
            times.append(time.process_time() - started)
            assert doc.text == text
        assert times[1] < 0.5 or times[1] / max(times[0], 1e-3) < 20, (ch, times)


def test_long_sentences_are_cut_into_bounded_windows_that_keep_offsets():
    from pipeline.text.sentences import sentence_nlp, split_sentences

    text = "Intro.\n\n" + prose(50_000)
    sentences = split_sentences(text, sentence_nlp())
    assert max(s.end_char - s.start_char for s in sentences) <= Settings().max_sentence_chars
    assert all(text[s.start_char:s.end_char] == s.text for s in sentences)
    assert "".join(s.text for s in sentences[1:]).replace(" ", "") == prose(50_000).replace(" ", "")


# ---------------------------------------------------------------- faults inside a document
def test_a_document_past_its_time_budget_is_an_error_row_and_is_not_retried_until_the_budget_changes(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "sane.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "long.txt").write_text("Long\n\n" + prose(400_000), encoding="utf-8")  # seconds of work
    tight = ExtractorSpec(settings=Settings(time_budget=1.0))
    started = time.monotonic()
    first = run(corpus, db, spec=tight)
    assert time.monotonic() - started < 30
    errors = dict(rows(db, ERRORS))
    assert "time budget" in errors["long.txt"] and first.failed == ["long.txt"]
    assert rows(db, "SELECT status FROM documents WHERE path = 'sane.txt'") == [("ok",)]
    again = run(corpus, db, spec=tight)
    assert again.processed == [] and again.failed == ["long.txt"]
    generous = run(corpus, db, spec=ExtractorSpec(settings=Settings(time_budget=600)))
    assert generous.processed == ["long.txt"] and generous.failed == []


def _failing(original):
    """`extract_file` that kills its worker on "dies" and raises on "raises"."""

    def extract_file(job, extractor):
        if "dies" in job.source.path:
            os.kill(os.getpid(), signal.SIGKILL)
        if "raises" in job.source.path:
            raise ZeroDivisionError("a rule divided by zero")
        return original(job, extractor)

    return extract_file


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dead_worker_fails_its_document_not_the_run(tmp_path, monkeypatch, workers):
    from pipeline.parallel import supervised_mapper

    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    for name in ("a.txt", "b-dies.txt", "c.txt", "d-raises.txt", "e.txt"):
        (corpus / name).write_text(TEXT.replace("A plain report", f"Report {name}"), encoding="utf-8")
    monkeypatch.setattr(run_module, "extract_file", _failing(run_module.extract_file))  # workers are forked: they see it
    started = time.monotonic()
    summary = run(corpus, db, mapper=supervised_mapper(workers, 60) if workers > 1 else None)
    assert time.monotonic() - started < 60
    errors = dict(rows(db, ERRORS))
    assert "worker process died (SIGKILL)" in errors["b-dies.txt"]
    assert "ZeroDivisionError: a rule divided by zero" in errors["d-raises.txt"]
    assert sorted(summary.failed) == ["b-dies.txt", "d-raises.txt"] and summary.exit_code == 1
    assert rows(db, "SELECT COUNT(*) FROM documents WHERE status = 'ok'") == [(3,)]


def test_files_and_sidecars_that_cannot_be_opened_are_error_rows(tmp_path, monkeypatch):
    """As root nothing is unreadable, so the refusal is made where the file is opened."""
    import pipeline.corpus as corpus_module

    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    for name in ("locked.txt", "sane.txt", "side.txt"):
        (corpus / name).write_text(TEXT.replace("A plain report", f"Report {name}"), encoding="utf-8")
    (corpus / "side.meta.json").write_text('{"title": "Side"}', encoding="utf-8")
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):
        if str(path).endswith(("locked.txt", "side.meta.json")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(corpus_module.os, "open", guarded)
    summary = run(corpus, db)
    errors = dict(rows(db, ERRORS))
    assert "Permission denied" in errors["locked.txt"] and "cannot be opened" in errors["locked.txt"]
    assert "metadata sidecar side.meta.json" in errors["side.txt"] and "Permission denied" in errors["side.txt"]
    assert sorted(summary.failed) == ["locked.txt", "side.txt"]
    monkeypatch.undo()  # permissions fixed: both are read
    fixed = run(corpus, db)
    assert sorted(fixed.processed) == ["locked.txt", "side.txt"] and fixed.failed == []
    assert rows(db, "SELECT title FROM documents WHERE path = 'side.txt'") == [("Side",)]


def test_a_value_sqlite_cannot_store_makes_an_error_row_not_a_failed_run(tmp_path, monkeypatch):
    from pipeline.records import Entity

    original = run_module.extract_file

    def with_huge_value(job, extractor):
        processed = original(job, extractor)
        if "huge" in job.source.path:
            processed.entities.append(Entity("POPULATION", 0, 3, processed.document.text[:3], 0, pop_min=10 ** 20))
        return processed

    monkeypatch.setattr(run_module, "extract_file", with_huge_value)
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "huge.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "sane.txt").write_text(TEXT.replace("A plain", "Another"), encoding="utf-8")
    summary = run(corpus, db)
    assert "could not be stored: OverflowError" in dict(rows(db, ERRORS))["huge.txt"]
    assert summary.failed == ["huge.txt"]
    assert rows(db, "SELECT COUNT(*) FROM entities e JOIN documents d ON d.id = e.document_id "
                    "WHERE d.path = 'huge.txt'") == [(0,)]  # none of its rows half-stored


# ---------------------------------------------------------------- the change check
def test_the_change_check_sees_sidecars_and_the_size_limit(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_text(TEXT.replace("A plain", "Another plain") * 100, encoding="utf-8")
    (corpus / "a.meta.yml").write_text("title: First title\npublished: 2021-02\n", encoding="utf-8")
    run(corpus, db)
    # editing only a sidecar re-processes its document: new title and date, as a fresh build would
    (corpus / "a.meta.yml").write_text("title: Second title\npublished: 2023-05-04\n", encoding="utf-8")
    edited = run(corpus, db)
    assert edited.processed == ["a.txt"]
    assert rows(db, "SELECT title, published FROM documents WHERE path = 'a.txt'") == [("Second title", "2023-05-04")]
    # a broken sidecar is an error row; fixing it clears the row
    (corpus / "a.meta.yml").write_text("published: 2023-13\n", encoding="utf-8")
    assert run(corpus, db).failed == ["a.txt"]
    (corpus / "a.meta.yml").write_text("published: 2023-12\n", encoding="utf-8")
    fixed = run(corpus, db)
    assert fixed.processed == ["a.txt"] and fixed.failed == []
    # removing the sidecar: back to the first line as title
    (corpus / "a.meta.yml").unlink()
    assert run(corpus, db).processed == ["a.txt"]
    assert rows(db, "SELECT title, published FROM documents WHERE path = 'a.txt'") == [("A plain report", None)]
    # --max-bytes: the error row of a lower limit does not survive the default; only b.txt is concerned
    small = ExtractorSpec(settings=Settings(max_bytes=5000))
    limited = run(corpus, db, spec=small)
    assert limited.processed == ["b.txt"] and "too large" in dict(rows(db, ERRORS))["b.txt"]
    assert run(corpus, db, spec=small).processed == []
    default = run(corpus, db)
    assert default.processed == ["b.txt"] and default.failed == []


# ---------------------------------------------------------------- the database file
def test_db_that_is_a_folder_empty_or_not_sqlite_is_refused_with_exit_2(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("my precious notes\n", encoding="utf-8")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    for db, says in ((tmp_path, "folder"), ("", "empty"), (notes, "not a SQLite database"),
                     (other, "another program's")):
        result = cli("run", "--corpus", str(corpus), "--db", str(db))
        assert result.returncode == 2, (db, result.stderr)
        assert says in one_plain_line(result.stderr)
    assert notes.read_text(encoding="utf-8") == "my precious notes\n"
    assert rows(other, "SELECT name FROM sqlite_master") == [("recipes",)]
    with pytest.raises(UsageError):
        run(corpus, notes)


def test_a_database_that_cannot_be_written_exits_3_with_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    # /proc refuses new files even to root: a read-only place
    result = cli("run", "--corpus", str(corpus), "--db", "/proc/claims.db")
    assert result.returncode == 3 and "cannot be written" in one_plain_line(result.stderr)
    with pytest.raises(DatabaseWriteError):
        run(corpus, Path("/proc/claims.db"))


def test_a_full_disk_exits_3_and_leaves_the_previous_state(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    assert run(corpus, db).exit_code == 0
    for n in range(40):
        (corpus / f"more{n}.txt").write_text(f"More {n}\n\n" + prose(20_000), encoding="utf-8")

    def small_disk():  # writes past 300 KB fail, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))

    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--db", str(db)],
                            cwd=ROOT, capture_output=True, text=True, preexec_fn=small_disk)
    assert result.returncode == 3, result.stderr
    assert "cannot be written" in one_plain_line(result.stderr)
    assert rows(db, "SELECT path FROM documents") == [("a.txt",)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_a_corrupt_database_is_set_aside_and_rebuilt(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    run(corpus, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the header stays: SQLite opens it, reading fails
    db.write_bytes(bytes(data))
    result = cli("run", "--corpus", str(corpus), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "corrupt" in one_plain_line(result.stderr) and "set aside" in result.stderr
    assert len(list(tmp_path.glob("claims.db.corrupt-*"))) >= 1
    assert rows(db, "SELECT path, status FROM documents") == [("a.txt", "ok")]


# ---------------------------------------------------------------- true figures
def test_stored_counts_equal_the_rows_behind_them(seed_db):
    import json

    counts = json.loads(rows(seed_db, "SELECT value FROM meta WHERE key = 'counts'")[0][0])
    actual = rows(seed_db, "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences), "
                           "(SELECT COUNT(*) FROM entities), (SELECT COUNT(*) FROM claims), "
                           "(SELECT COUNT(*) FROM comparisons)")[0]
    assert (counts["documents"], counts["sentences"], counts["entities"], counts["claims"], counts["comparisons"]) == actual


# ---------------------------------------------------------------- anything at all
_names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1, max_size=30)
_suffixes = st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf", ".csv", ""])
_metadata = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                                   lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                                       st.sampled_from(["title", "published", "url", "publisher", "x"]), inner, max_size=4),
                                   max_leaves=12).map(lambda value: __import__("json").dumps(value).encode()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=st.lists(st.tuples(_names, _suffixes, st.binary(max_size=2000), st.none() | _metadata),
                      min_size=1, max_size=4, unique_by=lambda f: (f[0].lower(), f[1])))
def test_random_bytes_names_and_metadata_never_stop_a_run(tmp_path_factory, files):
    corpus = tmp_path_factory.mktemp("random")
    db = corpus.parent / f"{corpus.name}.db"
    written = set()
    for name, suffix, data, metadata in files:
        name = name.strip(".") or "x"
        try:
            (corpus / f"{name}{suffix}").write_bytes(data)
        except OSError:  # a name the filesystem refuses (too long...)
            continue
        written.add(f"{name}{suffix}")
        if metadata is not None:
            (corpus / f"{name}.meta.{'json' if len(metadata) % 2 else 'yml'}").write_bytes(metadata)
    summary = run(corpus, db)
    stored = dict(rows(db, "SELECT f.path, d.status FROM files f JOIN documents d ON d.id = f.document_id"))
    visible = {p for p in written if not p.startswith(".") and not p.endswith((".meta.json", ".meta.yml"))}
    assert set(stored) == visible
    assert summary.exit_code == (1 if "error" in stored.values() else 0)
    assert all(reason and "\n" not in reason for _, reason in rows(db, ERRORS))


def test_two_runs_at_once_queue_on_the_write_lock_and_the_second_finds_the_work_done(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    corpus.mkdir()
    (corpus / "long.txt").write_text("Long\n\n" + prose(150_000), encoding="utf-8")
    (corpus / "sane.txt").write_text(TEXT, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--db", str(db)]
    first = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wal = tmp_path / "claims.db-wal"
    deadline = time.monotonic() + 60
    while not wal.exists() and time.monotonic() < deadline:  # the first holds the write lock (waited for up to 10 s)
        time.sleep(0.05)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0 and "2 processed" in out, err
    assert second.returncode == 0 and "0 processed" in second.stdout and "2 unchanged" in second.stdout, second.stderr
    assert rows(db, "SELECT path FROM documents ORDER BY path") == [("long.txt",), ("sane.txt",)]
