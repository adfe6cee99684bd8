"""Command line: every command of the project, each a thin wrapper around one function of the
Python API; no other module has a `main()`. Heavy imports happen inside the command that needs
them, so `run` and `train` with nothing to do stay fast.

    python -m pipeline run --corpus DIR --db FILE    exit 0 all ok, 1 some failed, 2 bad usage, 3 not written
    python -m pipeline train | eval [--json] | serve | gold DOC GOLD | agreement FIRST SECOND
    python -m pipeline bench | synthetic --n N --out DIR | datasette-config --out FILE
"""
from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from .settings import Settings


def _progress(work, total):
    """A rich progress bar on a terminal; the plain iterable otherwise."""
    from rich.progress import track

    return track(work, total=total, description="documents", transient=True, console=None)


def cmd_run(args: argparse.Namespace) -> int:
    """Exit 0 all processed, 1 some documents failed, 2 bad usage, 3 the database cannot be written;
    every failure is one plain line on stderr."""
    from .run import DatabaseWriteError, UsageError, run
    from .settings import ExtractorSpec
    from .store.database import failure_lines

    if args.workers < 1 or args.max_bytes < 1 or args.time_budget <= 0:
        print("error: --workers, --max-bytes and --time-budget must be positive", file=sys.stderr)
        return 2
    corpus, db_path = Path(args.corpus), Path(args.db)
    if not args.db.strip():
        print("error: --db is empty: name a database file", file=sys.stderr)
        return 2
    settings = Settings(max_bytes=args.max_bytes, time_budget=args.time_budget)
    mapper = None
    if args.dask:
        from .parallel import dask_mapper

        mapper = dask_mapper(args.dask, settings.time_budget)
    elif args.workers > 1:
        from .parallel import supervised_mapper

        mapper = supervised_mapper(args.workers, settings.time_budget)
    try:
        summary = run(corpus, db_path, spec=ExtractorSpec(settings=settings),
                      progress=_progress if sys.stderr.isatty() else None, mapper=mapper)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DatabaseWriteError as exc:
        print(f"error: {exc}; the previous state is left as it was", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"interrupted: {db_path} left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, and the transaction was rolled back
        print(f"error: the run failed ({type(exc).__name__}: {exc}); {db_path} is left as it was", file=sys.stderr)
        return 3
    for path, reason in failure_lines(db_path):
        print(f"error: {path}: {reason}", file=sys.stderr)
    print(summary.line())
    return summary.exit_code


def cmd_train(args: argparse.Namespace) -> int:
    from . import paths
    from .version import verify_manifest

    if args.model == "syntax":
        if not args.ud:
            print("error: train syntax needs --ud DIR (a Universal Dependencies treebank folder), once per treebank",
                  file=sys.stderr)
            return 2
        from .training.syntax import train_syntax

        metrics = train_syntax([Path(d) for d in args.ud], allow_noncommercial=args.allow_noncommercial)
        print(json.dumps(metrics.get("test", metrics), indent=1))
        return 0
    problems = verify_manifest(paths.SYNTAX)  # the committed parser: its files as shipped (a hash check)
    if problems:
        print(f"error: {problems[0]}; restore models/syntax/ from git or retrain it (python -m pipeline train "
              f"syntax --ud DIR)", file=sys.stderr)
        return 1
    print("syntax model as shipped (manifest verified)")
    from .training.shipped import train_shipped

    print(train_shipped(force=args.force))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation.evaluate import evaluate
    from .evaluation.report import format_report
    from .extract import Extractor
    from .registry import load_registry
    from .training.data import GoldCandidates

    extractor = Extractor(load_registry())
    scorer_for = GoldCandidates(extractor).scorer_for
    if args.errors:
        from .evaluation.errors import error_listing

        print(error_listing(extractor, args.set, scorer_for))
        return 0
    report = evaluate(extractor, scorer_for)
    print(json.dumps(report, indent=2, sort_keys=True) if args.json else format_report(report))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .web.serve import serve

    return serve(Path(args.db), args.port)


def cmd_resident(args: argparse.Namespace) -> int:
    from .resident import serve_resident
    from .settings import SHIPPED

    idle = args.idle_minutes * 60 if args.idle_minutes > 0 else None
    return serve_resident(Path(args.db), SHIPPED, idle=idle, ready=lambda line: print(line, flush=True))


def cmd_datasette_config(args: argparse.Namespace) -> int:
    from .registry import load_registry
    from .web.datasette_config import write_datasette_config

    write_datasette_config(Path(args.out), load_registry(), args.database)
    return 0


def cmd_gold(args: argparse.Namespace) -> int:
    from .evaluation.gold import read_gold
    from .evaluation.validation import validate
    from .ingest import normalise_newlines
    from .registry import load_registry

    text = normalise_newlines(Path(args.document).read_bytes().decode("utf-8-sig"))
    problems = validate(text, read_gold(Path(args.gold)), load_registry())
    for line in problems:
        print(line)
    print(f"{len(problems)} problems in {args.gold}")
    return 1 if problems else 0


def cmd_author(args: argparse.Namespace) -> int:
    from .evaluation.authoring import AuthoringError, build, ingested_text, skeleton, write_gold

    try:
        if args.action == "text":
            print(ingested_text(Path(args.document)), end="")
        elif args.action == "skeleton":
            print(skeleton(Path(args.document)), end="")
        else:
            if not (args.author and args.out):
                print("error: author build needs DOCUMENT AUTHOR.yml OUT.jsonl", file=sys.stderr)
                return 2
            records = build(Path(args.document), Path(args.author))
            write_gold(records, Path(args.out), ingested_text(Path(args.document)))
            print(f"{args.out}: {len(records)} sentences, {sum(len(r['entities']) for r in records)} entities, "
                  f"{sum(len(r['claims']) for r in records)} claims; valid")
    except AuthoringError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from .evaluation.annotator_agreement import annotator_agreement
    from .evaluation.report import format_agreement
    from .registry import load_registry

    print(format_agreement(annotator_agreement(Path(args.first), Path(args.second), load_registry())))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .tools.bench import bench

    return bench(args.words, args.runs, args.workers, tuple(args.synthetic), tuple(args.synthetic_workers),
                 Path(args.keep) if args.keep else None)


def cmd_synthetic(args: argparse.Namespace) -> int:
    from .tools.synthetic import generate

    words = generate(Path(args.corpus), Path(args.out), args.n, args.seed)
    print(f"{args.n} documents, {words:,} words in {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="policy-claims: what policy articles claim, sentence by sentence, and where they agree or contradict.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, function, help: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=description)
        sub.set_defaults(func=function)
        return sub

    run_p = command("run", cmd_run, "run the pipeline over a corpus folder into a database file",
                    "Ingest, split, tag and extract claims from every document under --corpus, compare claims across "
                    "documents, and update --db in one transaction. Exit 0 when every document was processed, 1 when "
                    "some failed (each an error row), 2 on bad usage, 3 when the database cannot be written.")
    run_p.add_argument("--corpus", required=True, help="folder of documents (.txt .md .html .htm .pdf), sub-folders allowed")
    run_p.add_argument("--db", required=True, help="SQLite database file to create or update")
    run_p.add_argument("--max-bytes", type=int, default=Settings.max_bytes,
                       help="files larger than this are rejected (default 20 MiB)")
    run_p.add_argument("--time-budget", type=float, default=Settings.time_budget, metavar="SECONDS",
                       help=f"seconds one document may take before it becomes an error row (default {Settings.time_budget:g})")
    run_p.add_argument("--workers", type=int, default=1, help="local worker processes for document processing (default 1)")
    run_p.add_argument("--dask", metavar="SCHEDULER", help="process documents on a Dask cluster: a scheduler address, or 'local'")

    train_p = command("train", cmd_train, "train the claim scorer in models/ from annotations/",
                      "Train the claim scorer from the gold annotations if it is missing or out of date (a hash "
                      "comparison when it is current: neither spaCy nor scikit-learn is imported).")
    train_p.add_argument("model", nargs="?", choices=("scorer", "syntax"), default="scorer",
                         help="scorer (default: check the shipped parser's hash, train the claim scorer if out of date) "
                              "or syntax (train the tagger and parser from Universal Dependencies treebanks)")
    train_p.add_argument("--force", action="store_true", help="retrain even when the scorer is up to date")
    train_p.add_argument("--ud", action="append", metavar="DIR",
                         help="syntax: a UD English treebank folder (repeat for several; UD_English-EWT is what ships)")
    train_p.add_argument("--allow-noncommercial", action="store_true",
                         help="syntax: also train on treebanks whose licence forbids commercial use (e.g. GUM)")

    eval_p = command("eval", cmd_eval, "score the pipeline on the seeds and the dev set, side by side",
                     "Precision, recall and F1 per label, per predicate and per verdict: the seeds (annotations/gold/, "
                     "the claim scorer trained leave-one-document-out) beside the development set (annotations/dev/, "
                     "everything trained on the seeds alone), with a per-publisher table for dev.")
    eval_p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    eval_p.add_argument("--errors", action="store_true",
                        help="list every missed and spurious entity and claim, grouped by label, predicate and kind")
    eval_p.add_argument("--set", choices=("seeds", "dev"), default="dev",
                        help="which column --errors lists (default dev)")

    serve_p = command("serve", cmd_serve, "browse a database in Datasette on 127.0.0.1, read-only",
                      "Datasette on 127.0.0.1, read-only but not immutable (a run writing in place is seen without a "
                      "restart), with the configuration, canned queries, templates and plugins of this repository.")
    serve_p.add_argument("--db", default="db/claims.db", help="database file (default db/claims.db)")
    serve_p.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001)")

    resident_p = command("resident", cmd_resident, "keep an extractor built for the runs that write a database",
                         "Import spaCy and build the extractor once, then process each document a run of --db sends, "
                         "in a forked child: adding a document skips a fresh worker's 1-2 s start. make serve starts "
                         "one; it rebuilds itself when the code, registries or models change.")
    resident_p.add_argument("--db", default="db/claims.db", help="database file whose runs it serves (default db/claims.db)")
    resident_p.add_argument("--idle-minutes", type=float, default=10,
                            help="exit after this long without a document (default 10; 0: never)")

    config_p = command("datasette-config", cmd_datasette_config,
                       "write the Datasette configuration generated from the registries",
                       "Titles, column descriptions, canned queries and dashboards for Datasette, derived from "
                       "annotations/labels.yml (Datasette's --metadata file).")
    config_p.add_argument("--out", required=True, help="JSON file to write")
    config_p.add_argument("--database", default="claims", help="database name (the file name without .db)")

    gold_p = command("gold", cmd_gold, "validate a gold annotation file against its document and the registries",
                     "Check one annotations/gold/*.jsonl file while annotating: offsets, span texts, labels, predicates, "
                     "values. Exit 1 when it has problems.")
    gold_p.add_argument("document", help="the corpus document the gold annotates")
    gold_p.add_argument("gold", help="the gold JSONL file")

    author_p = command("author", cmd_author, "write gold by surface text: a skeleton, then offsets resolved and checked",
                       "skeleton DOC: the sentences to annotate (YAML); build DOC AUTHOR.yml OUT.jsonl: the gold with "
                       "offsets resolved from surface text, ids given and validated, and OUT.text beside it; text DOC: "
                       "the ingested text the offsets index. See pipeline/evaluation/authoring.py for the format.")
    author_p.add_argument("action", choices=("skeleton", "build", "text"), help="what to do (see above)")
    author_p.add_argument("document", help="the article file")
    author_p.add_argument("author", nargs="?", help="build: the authoring YAML")
    author_p.add_argument("out", nargs="?", help="build: the gold JSONL to write")

    agreement_p = command("agreement", cmd_agreement, "annotator agreement between two gold passes of a document",
                          "Span-level F1 of sentences, entities and claims between two independent annotations.")
    agreement_p.add_argument("first", help="the first pass (annotations/gold/NAME.jsonl)")
    agreement_p.add_argument("second", help="the second pass (annotations/second_pass/NAME.jsonl)")

    bench_p = command("bench", cmd_bench, "measure words/s, memory and a second make (make bench)",
                      "Words per second and peak memory against spaCy's bare tokenizer, a second run and a second make "
                      "with nothing changed; fresh processes, medians.")
    bench_p.add_argument("--words", type=int, default=300_000, help="corpus size in words (default 300,000)")
    bench_p.add_argument("--runs", type=int, default=3, help="fresh-process runs per figure (default 3)")
    bench_p.add_argument("--workers", type=int, default=1, help="worker processes for the pipeline (default 1)")
    bench_p.add_argument("--synthetic", type=int, nargs="*", default=[],
                         help="also measure synthetic corpora of these sizes (e.g. 1000 10000)")
    bench_p.add_argument("--synthetic-workers", type=int, nargs="+", default=[1, 2],
                         help="worker counts for the synthetic runs (default 1 2)")
    bench_p.add_argument("--keep", metavar="DIR", help="build the synthetic corpora and databases in DIR and keep them")

    synthetic_p = command("synthetic", cmd_synthetic, "write a synthetic corpus for benchmarks",
                          "N documents recombined from the corpus's sentences, dates, figures and bodies varied; "
                          "deterministic for a seed.")
    synthetic_p.add_argument("--n", type=int, required=True, help="number of documents")
    synthetic_p.add_argument("--out", required=True, help="folder to write them into")
    synthetic_p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    synthetic_p.add_argument("--corpus", default="corpus", help="source corpus (default corpus/)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return args.func(args)


def script() -> None:
    """`python -m pipeline` and the `policy-claims` command: `main`, then exit. What is left is
    freed as the process ends, so its last full garbage collection is skipped (`gc.freeze`): with
    pandas loaded (sqlite-utils imports it) that collection is 0.07 s of every run."""
    code = main()
    gc.freeze()
    sys.exit(code)
