"""Compare: claims of all documents in, one verdict per cross-document pair out (SPEC §5)."""
from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils


def compare_all(db: sqlite_utils.Database) -> Iterator[dict]:
    """Comparison rows for every pair of claims from different documents sharing a key."""
    return iter(())
