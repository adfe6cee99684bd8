"""Datasette plugin: what one request may cost, and what every response says (issue #17).

Datasette's own settings bound a query's time and rows (`sql_time_limit_ms`, `max_returned_rows`:
pipeline/web/serve.py); this bounds its size, so that `?sql=select randomblob(300000000)` fails at
once instead of building a 400 MB response that stalls every other request:
- no SQL value larger than `MAX_VALUE_BYTES` can be made (SQLite's length limit, set on every
  connection; above any stored text, since SQLite refuses to read a stored value over it too);
- one query's rows stop at `MAX_RESULT_BYTES` with a query error naming the limit.
The server is read-only: any method but GET, HEAD and OPTIONS is answered 405 (a POST to a canned
query raised a 500). Every response, JSON and CSV included, carries `X-Content-Type-Options: nosniff`.
"""
from __future__ import annotations

import sqlite3
import weakref

from datasette import hookimpl

MAX_VALUE_BYTES = 64 * 1024 * 1024  # a 20 MiB cp1252 file's text can reach 60 MB in UTF-8
MAX_RESULT_BYTES = 32 * 1024 * 1024
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def bounded_rows(limit: int = MAX_RESULT_BYTES):
    """A row factory giving `sqlite3.Row`s (as Datasette does) that raises once the rows of one
    cursor add up to more than `limit` bytes; Datasette shows it as a query error."""
    current = {"cursor": lambda: None, "bytes": 0}

    def factory(cursor, row):
        if current["cursor"]() is not cursor:  # a new query on this connection
            current["cursor"], current["bytes"] = weakref.ref(cursor), 0
        current["bytes"] += sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in row)
        if current["bytes"] > limit:
            raise sqlite3.OperationalError(f"result larger than {limit // (1024 * 1024)} MB: "
                                           "select fewer rows or columns, or shorter values")
        return sqlite3.Row(cursor, row)

    return factory


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.row_factory = bounded_rows()


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            if scope["method"] not in READ_METHODS:
                await send({"type": "http.response.start", "status": 405,
                            "headers": [(b"allow", b"GET, HEAD, OPTIONS"), (b"content-type", b"text/plain; charset=utf-8"),
                                        (b"x-content-type-options", b"nosniff")]})
                await send({"type": "http.response.body", "body": b"405 Method Not Allowed: this server is read-only\n"})
                return

            async def send_with_nosniff(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-content-type-options"]
                    message = {**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]}
                await send(message)

            await app(scope, receive, send_with_nosniff)

        return guarded

    return wrap
