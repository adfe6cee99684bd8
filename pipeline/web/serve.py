"""Serve: the one place that says how Datasette runs on a database (read-only, loopback).

`make serve` and the tests both use `datasette_command`, so what is tested is what runs.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..paths import ANNOTATIONS
from ..paths import DATASETTE as DATASETTE_DIR
from ..registry import load_registry
from .datasette_config import write_datasette_config

SETTINGS = {
    "sql_time_limit_ms": "2000",  # a slow query is cut off rather than hogging the server
    "max_returned_rows": "1000",
    "allow_download": "off",  # Datasette offers only immutable files; db/claims.db is written in place (copy the file)
    "allow_csv_stream": "on",
    "default_page_size": "50",
    # suggested facets count a view's rows without the time limit's guard (Datasette 0.65): on a large
    # corpus the side-by-side views' pages failed with 400 "took too long"; facets stay one click away
    "suggest_facets": "off",
    "max_csv_mb": "32",  # a streamed CSV stops there; one query's rows stop at 32 MB too (datasette/plugins/limits.py)
}


def datasette_command(db: Path, port: int, metadata: Path) -> list[str]:
    # read-only but not immutable: a run writing the database in place is seen without a restart
    args = [sys.executable, "-m", "datasette", "serve", str(db), "--host", "127.0.0.1", "--port", str(port),
            "--metadata", str(metadata), "--template-dir", str(DATASETTE_DIR / "templates"),
            "--plugins-dir", str(DATASETTE_DIR / "plugins"), "--static", f"assets:{DATASETTE_DIR / 'static'}"]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


def config_path_for(db: Path, annotations: Path = ANNOTATIONS) -> Path:
    """The Datasette configuration of `db`, written from the registries into a new private
    temporary folder (mode 0700, a fresh name: nothing planted in /tmp can be followed); the caller
    removes `path.parent` when Datasette has stopped."""
    path = Path(tempfile.mkdtemp(prefix="policy-claims-datasette-")) / "metadata.json"
    write_datasette_config(path, load_registry(annotations), db.stem)
    return path


def serve(db: Path, port: int) -> int:
    if not db.exists():
        print(f"error: {db}: database not found; run make first", file=sys.stderr)
        return 2
    config = config_path_for(db)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a kill stops Datasette too, and removes the config
    resident = _start_resident(db)
    try:
        return subprocess.run(datasette_command(db, port, config), preexec_fn=_stop_with_parent).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        shutil.rmtree(config.parent, ignore_errors=True)
        if resident is not None:
            resident.terminate()
            resident.wait()


def _start_resident(db: Path) -> subprocess.Popen | None:
    """The resident extractor (pipeline/resident.py) for as long as Datasette serves: the analyst
    who adds an article and runs `make` while looking at the pages gets it in well under the
    fresh worker's start. `POLICY_CLAIMS_RESIDENT=off` starts none."""
    from ..resident import disabled, resident_command

    if disabled():
        return None
    return subprocess.Popen(resident_command(db, idle_minutes=0), preexec_fn=_stop_with_parent)


def _stop_with_parent() -> None:
    """In Datasette's process: be sent SIGTERM when `serve` dies, even by SIGKILL (Linux), rather
    than serve on, orphaned, from a configuration folder that is gone."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
