"""Serve: the one place that says how Datasette runs on a database (read-only, loopback).

`make serve` and the tests both use `datasette_command`, so what is tested is what runs.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .metadata import write_metadata

from .paths import DATASETTE as DATASETTE_DIR
SETTINGS = {
    "sql_time_limit_ms": "2000",  # a slow query is cut off rather than hogging the server
    "max_returned_rows": "1000",
    "allow_download": "on",  # the whole database file, for researchers who want it
    "allow_csv_stream": "on",
    "default_page_size": "50",
}


def datasette_command(db: Path, port: int, metadata: Path) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--host", "127.0.0.1", "--port", str(port),
            "--metadata", str(metadata), "--template-dir", str(DATASETTE_DIR / "templates"),
            "--plugins-dir", str(DATASETTE_DIR / "plugins"), "--static", f"assets:{DATASETTE_DIR / 'static'}"]
    for name, value in SETTINGS.items():
        args += ["--setting", name, value]
    return args


def metadata_path_for(db: Path) -> Path:
    path = Path(tempfile.gettempdir()) / f"policy-claims-metadata-{db.stem}.json"
    write_metadata(path, db.stem)
    return path


def serve(db: Path, port: int) -> int:
    if not db.exists():
        print(f"error: {db}: database not found; run make first", file=sys.stderr)
        return 2
    command = datasette_command(db, port, metadata_path_for(db))
    os.execv(command[0], command)
    return 0  # not reached
