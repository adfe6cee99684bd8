"""Command line: thin wrappers, each calling one function of the Python API.

    python -m pipeline run --corpus DIR --db FILE    exit 0 all ok, 1 some failed, 2 bad usage
    python -m pipeline eval [--json]
    python -m pipeline train
    python -m pipeline metadata --out FILE
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _progress(work, total):
    """A rich progress bar on a terminal; the plain iterable otherwise."""
    from rich.progress import track

    return track(work, total=total, description="documents", transient=True, console=None)


def cmd_run(args: argparse.Namespace) -> int:
    from .run import run
    from .settings import ExtractorSpec, Settings
    from .store.store import failure_lines

    corpus, db_path = Path(args.corpus), Path(args.db)
    if not corpus.is_dir():
        print(f"error: {corpus}: corpus folder not found", file=sys.stderr)
        return 2
    mapper = None
    if args.dask:
        from .distributed import dask_mapper

        mapper = dask_mapper(args.dask)
    elif args.workers > 1:
        from .parallel import pool_mapper

        mapper = pool_mapper(args.workers)
    try:
        summary = run(corpus, db_path, spec=ExtractorSpec(settings=Settings(max_bytes=args.max_bytes)),
                      progress=_progress if sys.stderr.isatty() else None, mapper=mapper)
    except KeyboardInterrupt:
        print(f"interrupted: {db_path} left as it was", file=sys.stderr)
        return 130
    for path, reason in failure_lines(db_path):
        print(f"error: {path}: {reason}", file=sys.stderr)
    print(summary.line())
    return summary.exit_code


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate()
    if args.json:
        import json

        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print(format_report(report))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .scorer_training import train_shipped as train_scorer

    print(train_scorer(force=args.force))
    return 0


def cmd_metadata(args: argparse.Namespace) -> int:
    from .metadata import write_metadata

    write_metadata(Path(args.out), args.database)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.db), args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="policy-claims: what policy articles claim, sentence by sentence, and where they agree or contradict.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run_p = commands.add_parser("run", help="run the pipeline over a corpus folder into a database file",
                                description="Ingest, split, tag and extract claims from every document under "
                                            "--corpus, compare claims across documents, and write --db atomically. "
                                            "Exit 0 when every document was processed, 1 when some failed, 2 on bad usage.")
    run_p.add_argument("--corpus", required=True, help="folder of documents (.txt .md .html .htm .pdf), sub-folders allowed")
    run_p.add_argument("--db", required=True, help="SQLite database file to create or update")
    run_p.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="files larger than this are rejected (default 20 MiB)")
    run_p.add_argument("--workers", type=int, default=1, help="local worker processes for document processing (default 1)")
    run_p.add_argument("--dask", metavar="SCHEDULER", help="process documents on a Dask cluster: a scheduler address, or 'local'")
    run_p.set_defaults(func=cmd_run)

    eval_p = commands.add_parser("eval", help="score the pipeline against annotations/ (leave one document out)",
                                 description="Precision, recall and F1 per label and per predicate against the gold "
                                             "annotations, trained components evaluated leave-one-document-out.")
    eval_p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    eval_p.set_defaults(func=cmd_eval)

    train_p = commands.add_parser("train", help="train the models in models/ from annotations/",
                                  description="Train every model from the gold annotations if missing or out of date.")
    train_p.add_argument("--force", action="store_true", help="retrain even when the models are up to date")
    train_p.set_defaults(func=cmd_train)

    meta_p = commands.add_parser("metadata", help="write the Datasette metadata file generated from the registries",
                                 description="Titles and column descriptions for Datasette, derived from annotations/labels.yml.")
    meta_p.add_argument("--out", required=True, help="metadata JSON file to write")
    meta_p.add_argument("--database", default="claims", help="database name (the file name without .db)")
    meta_p.set_defaults(func=cmd_metadata)

    serve_p = commands.add_parser("serve", help="browse a database in Datasette on 127.0.0.1, read-only",
                                  description="Datasette on 127.0.0.1, immutable, with the metadata, canned "
                                              "queries, templates and plugins of this repository.")
    serve_p.add_argument("--db", default="db/claims.db", help="database file (default db/claims.db)")
    serve_p.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001)")
    serve_p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return args.func(args)
