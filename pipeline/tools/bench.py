"""Benchmark (`make bench`): words/s and peak memory of the whole pipeline, beside spaCy's
bare tokenizer + sentencizer on the same text in the same run.

Machines are shared and noisy, so every figure is the median of fresh-process runs and
the headline is a ratio. Benchmarks are never tests.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from ..paths import CORPUS, ROOT

BARE_TOKENIZER = """
import sys, time, pathlib, spacy
nlp = spacy.blank("en"); nlp.add_pipe("sentencizer"); nlp.max_length = 50_000_000
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))]
started = time.perf_counter()
n = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
print(time.perf_counter() - started)
"""


EXTRACTION_ONLY = """
import sys, time, pathlib
from pipeline.extract import Extractor
from pipeline.ingest import discover, read_document
corpus = pathlib.Path(sys.argv[1])
documents = [read_document(corpus, s) for s in discover(corpus)]
extractor = Extractor.load()  # load the models before the clock starts, as the bare tokenizer does
parsing = [0.0]
parses = extractor.parses
def timed_parses(*args):  # the dependency parser's share: the time inside Extractor.parses
    t = time.perf_counter()
    try:
        return parses(*args)
    finally:
        parsing[0] += time.perf_counter() - t
extractor.parses = timed_parses
started = time.perf_counter()
for d in documents:
    extractor.process(d)
print(time.perf_counter() - started, parsing[0])
"""


BUILD_EXTRACTOR = """
from pipeline.extract import Extractor
from pipeline.settings import SHIPPED
Extractor.from_spec(SHIPPED)
"""
"""What a run's fresh worker does before its first document."""

COMPARISONS_ONLY = """
import sqlite3, sys, time
from pipeline.compare.verdicts import BodyKinds
from pipeline.registry import load_registry
from pipeline.store.store import Store
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(copy)  # a consistent copy of a WAL database
source.close(); copy.close()
store = Store(sys.argv[2])
db = store.db
with db.conn:
    for table in ("positions", "questions", "group_comparisons", "claim_groups"):
        db.execute(f"DELETE FROM {table}")
    db.execute("UPDATE claims SET group_id = NULL, time_text = NULL")
kinds = BodyKinds.of(load_registry())
started = time.perf_counter()
with store.transaction():
    store.update_comparisons(kinds)
elapsed = time.perf_counter() - started
print(elapsed, db["claims"].count, db["claim_groups"].count, db["group_comparisons"].count, store.counts()["comparisons"],
      db["questions"].count)
"""


def replicate_corpus(source: Path, target: Path, min_words: int) -> int:
    """Copies of the corpus's .txt files, each made unique by a first line, up to `min_words`."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.rglob("*.txt"))]
    target.mkdir(parents=True, exist_ok=True)
    words, n = 0, 0
    while words < min_words:
        text = f"Copy {n}\n" + texts[n % len(texts)]
        (target / f"doc{n:06}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
        n += 1
    return words


def _sample_tree_rss(pid: int, peak: list[int], stop: threading.Event) -> None:
    """Keep in peak[0] the largest sum of RSS over the process and all its descendants (pool
    workers included), sampled every 50 ms: ru_maxrss alone reports only the largest process."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not stop.is_set():
        total = 0
        try:
            for proc in [root, *root.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            return
        peak[0] = max(peak[0], total)
        stop.wait(0.05)


def timed_process(args: list[str], memory: bool = True) -> tuple[float, int, str]:
    """Wall seconds, peak memory in MiB (the process and its workers together) and stdout of
    one fresh child process. `memory=False` leaves out the tree sampling (a thread listing every
    process 20 times a second), whose CPU would weigh on a short run on two cores; the peak is
    then the largest single process's."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)
        peak, stop = [0], threading.Event()
        sampler = threading.Thread(target=_sample_tree_rss, args=(proc.pid, peak, stop), daemon=True)
        if memory:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        stop.set()
        if memory:
            sampler.join()
        out.seek(0)
        stdout = out.read().decode()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{args} failed: {stdout}")
    return elapsed, max(usage.ru_maxrss * 1024, peak[0]) // (1024 * 1024), stdout


def bench_pipeline(corpus: Path, words: int, runs: int, workers: int = 1) -> dict:
    seconds, rss = [], []
    for i in range(runs):
        db = corpus.parent / f"bench{i}.db"
        db.unlink(missing_ok=True)
        elapsed, peak, _ = timed_process([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus),
                                          "--db", str(db), "--workers", str(workers)])
        seconds.append(elapsed)
        rss.append(peak)
    bare = [float(timed_process([sys.executable, "-c", BARE_TOKENIZER, str(corpus)])[2].strip()) for _ in range(runs)]
    extraction_runs = [[float(x) for x in timed_process([sys.executable, "-c", EXTRACTION_ONLY, str(corpus)])[2].split()]
                       for _ in range(runs)]
    extraction = [total for total, _ in extraction_runs]
    pipeline_wps = words / statistics.median(seconds)
    bare_wps = words / statistics.median(bare)
    extraction_wps = words / statistics.median(extraction)
    return {"words": words, "runs": runs, "workers": workers,
            "pipeline_seconds_median": statistics.median(seconds), "pipeline_words_per_s": pipeline_wps,
            "peak_rss_mib_median": statistics.median(rss), "bare_tokenizer_words_per_s": bare_wps,
            "ratio": pipeline_wps / bare_wps, "extraction_words_per_s": extraction_wps,
            "extraction_ratio": extraction_wps / bare_wps,
            "parser_share": statistics.median(parsing / total for total, parsing in extraction_runs)}


def bench_second_run(corpus: Path, runs: int) -> float:
    """Median seconds of a run with nothing changed (the database already built)."""
    db = corpus.parent / "bench0.db"
    return statistics.median(timed_process([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus),
                                            "--db", str(db)])[0] for _ in range(runs))


def page_times(db: Path, pages: list[str], requests: int = 5) -> dict[str, float]:
    """Median response time of each page over loopback against a running Datasette."""
    import socket
    import urllib.request

    from ..web.serve import config_path_for, datasette_command

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = config_path_for(db)
    proc = subprocess.Popen(datasette_command(db, port, config), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/{db.stem}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + ".json", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        out = {}
        for page in pages:
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                urllib.request.urlopen(f"{base}/{page}", timeout=120).read()
                times.append(time.perf_counter() - started)
            out[page] = statistics.median(times)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(config.parent, ignore_errors=True)


def bench_synthetic(n: int, workers: list[int], runs: int, keep: Path | None = None) -> dict:
    """The issue-8 figures for a synthetic corpus of `n` documents; `keep`: a folder to build the
    corpus and database in and leave there (for profiling afterwards), else a temporary one."""
    with tempfile.TemporaryDirectory(prefix=f"policy-claims-syn{n}-") as tmp:
        return _bench_synthetic(n, workers, runs, keep or Path(tmp))


def _bench_synthetic(n: int, workers: list[int], runs: int, folder: Path) -> dict:
    from .synthetic import generate

    result: dict = {"documents": n}
    corpus = folder / "corpus"
    result["words"] = words = generate(CORPUS, corpus, n, seed=1)
    bare = [float(timed_process([sys.executable, "-c", BARE_TOKENIZER, str(corpus)])[2].strip()) for _ in range(runs)]
    result["bare_tokenizer_words_per_s"] = words / statistics.median(bare)
    db = folder / "synthetic.db"
    for w in workers:
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
        elapsed, peak, stdout = timed_process([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus),
                                               "--db", str(db), "--workers", str(w)])
        result[f"workers_{w}"] = {"seconds": elapsed, "words_per_s": words / elapsed, "peak_rss_mib": peak,
                                  "summary": stdout.strip()}
    seconds, peak, stdout = timed_process([sys.executable, "-c", COMPARISONS_ONLY, str(db), str(folder / "compare.db")])
    elapsed, claims, groups, group_pairs, pairs, questions = stdout.split()
    result["comparisons"] = {"seconds": float(elapsed), "peak_rss_mib": peak, "claims": int(claims),
                             "groups": int(groups), "group_verdicts": int(group_pairs), "claim_pairs": int(pairs),
                             "questions": int(questions)}
    (folder / "compare.db").unlink()
    os.sync()  # the build's and the comparison's writes reach the disk now, not during the first addition
    result["add_one_document_cold_all"] = _additions(corpus, db, "cold")
    # what a resident saves: a fresh process's spaCy import and extractor build, timed alone
    result["extractor_build_seconds"] = statistics.median(
        timed_process([sys.executable, "-c", BUILD_EXTRACTOR], memory=False)[0] for _ in range(5))
    with resident_extractor(db):
        result["add_one_document_all"] = _additions(corpus, db, "resident")
    result["add_one_document_seconds"] = statistics.median(result["add_one_document_all"])
    result["add_one_document_cold_seconds"] = statistics.median(result["add_one_document_cold_all"])
    result["second_run_seconds"] = statistics.median(timed_process(
        [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--db", str(db)])[0] for _ in range(runs))
    # as the home page links them above 200,000 pairs (no row count), then with Datasette's count
    result["page_seconds"] = page_times(db, ["contradictions?_nocount=1", "agreements?_nocount=1", "contradictions"])
    return result


def _additions(corpus: Path, db: Path, name: str) -> list[float]:
    """Wall seconds of five runs, each adding one new document (a seed article with a line of its
    own, so that no text is already stored) in a fresh process, as `make` would."""
    seconds = []
    for i, seed in enumerate(sorted(CORPUS.glob("*.txt"))):
        (corpus / f"added-{name}-{i}.txt").write_text(seed.read_text(encoding="utf-8") + f"\nAdded {name} {i}.\n",
                                                       encoding="utf-8")
        seconds.append(timed_process([sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus),
                                      "--db", str(db)], memory=False)[0])
    return seconds


@contextlib.contextmanager
def resident_extractor(db: Path) -> Iterator[None]:
    """A resident extractor serving `db` (pipeline/resident.py), as `make serve` keeps one, ready
    before the block starts and stopped after it."""
    from ..resident import resident_command

    proc = subprocess.Popen(resident_command(db, idle_minutes=10), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        ready = proc.stdout.readline()
        if "ready" not in ready:
            raise RuntimeError(f"the resident extractor did not start: {ready.strip()}")
        yield
    finally:
        proc.terminate()
        proc.wait()


def print_synthetic(r: dict) -> None:
    print(f"\nsynthetic corpus: {r['documents']:,} documents, {r['words']:,} words; "
          f"bare tokenizer+sentencizer {r['bare_tokenizer_words_per_s']:,.0f} words/s")
    for key, value in r.items():
        if key.startswith("workers_"):
            ratio = value["words_per_s"] / r["bare_tokenizer_words_per_s"]
            print(f"  {key.replace('_', ' ')}: {value['words_per_s']:,.0f} words/s end to end ({ratio:.1%} of bare), "
                  f"{value['seconds']:.0f} s, peak RSS {value['peak_rss_mib']} MiB")
    c = r["comparisons"]
    print(f"  comparing all claims from scratch: {c['seconds']:.1f} s, peak RSS {c['peak_rss_mib']} MiB "
          f"({c['claims']:,} claims in {c['groups']:,} groups, {c['group_verdicts']:,} group verdicts "
          f"standing for {c['claim_pairs']:,} cross-document claim pairs; {c['questions']:,} questions)")
    print(f"  add one document: {r['add_one_document_seconds']:.2f} s with the resident extractor that make serve "
          f"keeps (median of {', '.join(f'{t:.2f}' for t in r['add_one_document_all'])}); "
          f"{r['add_one_document_cold_seconds']:.2f} s without one (median of "
          f"{', '.join(f'{t:.2f}' for t in r['add_one_document_cold_all'])}), of which a fresh process's spaCy "
          f"import and extractor build, timed alone: {r['extractor_build_seconds']:.2f} s")
    print(f"  second run, nothing changed: {r['second_run_seconds']:.2f} s")
    print("  pages: " + ", ".join(f"{p} {s * 1000:.0f} ms" for p, s in r["page_seconds"].items()))


def bench_second_make(runs: int) -> float:
    """Median wall seconds of what a second `make` runs when nothing changed, each step a fresh
    process as make starts it: the claim scorer's up-to-date check, then a run over the seed
    corpus into the database it already built."""
    with tempfile.TemporaryDirectory(prefix="policy-claims-make-") as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "claims.db"
        shutil.copytree(CORPUS, corpus)
        run = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--db", str(db)]
        timed_process(run)
        return statistics.median(timed_process([sys.executable, "-m", "pipeline", "train"])[0] + timed_process(run)[0]
                                 for _ in range(runs))


def bench(words: int = 300_000, runs: int = 3, workers: int = 1, synthetic: tuple[int, ...] = (),
          synthetic_workers: tuple[int, ...] = (1, 2), keep: Path | None = None) -> int:
    """Print the figures of `make bench` (see the module docstring)."""
    second_make = bench_second_make(runs)
    with tempfile.TemporaryDirectory(prefix="policy-claims-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        words = replicate_corpus(CORPUS, corpus, words)
        result = bench_pipeline(corpus, words, runs, workers)
        result["second_run_seconds_median"] = bench_second_run(corpus, runs)
    print(f"corpus: {result['words']:,} words in fresh processes, median of {result['runs']} runs, "
          f"{result['workers']} worker(s)")
    print(f"pipeline end to end:        {result['pipeline_words_per_s']:>10,.0f} words/s "
          f"({result['pipeline_seconds_median']:.1f} s), peak RSS {result['peak_rss_mib_median']} MiB")
    print(f"extraction only (1 core):   {result['extraction_words_per_s']:>10,.0f} words/s "
          "(sentences, entities, claims; no database, no comparisons)")
    print(f"bare tokenizer+sentencizer: {result['bare_tokenizer_words_per_s']:>10,.0f} words/s")
    print(f"ratio pipeline / bare:      {result['ratio']:>10.1%}")
    print(f"ratio extraction / bare:    {result['extraction_ratio']:>10.1%}")
    print(f"dependency parser's share of extraction: {result['parser_share']:.1%} (sentences naming a body or policy)")
    print(f"second run, nothing changed: {result['second_run_seconds_median']:.2f} s")
    print(f"second make, nothing changed (scorer check + run over corpus/, fresh processes): {second_make:.2f} s")
    for n in synthetic:
        print_synthetic(bench_synthetic(n, synthetic_workers, runs, keep / str(n) if keep else None))
    return 0
