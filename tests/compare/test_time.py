"""The one "same time": `same_time` and its SQL twin in the comparisons view agree."""
from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.compare.time import SAME_TIME_SQL, same_time

DATES = st.one_of(st.none(), st.dates(min_value=__import__("datetime").date(1990, 1, 1),
                                      max_value=__import__("datetime").date(2040, 12, 31)).map(lambda d: d.isoformat()))
INTERVALS = st.tuples(DATES, DATES).map(lambda t: tuple(sorted(t, key=lambda v: (v is None, v))) if all(t) else t)


@settings(max_examples=500, deadline=None)
@given(INTERVALS, INTERVALS)
def test_python_and_sql_agree(a, b):
    ca = {"as_of_start": a[0], "as_of_end": a[1]}
    cb = {"as_of_start": b[0], "as_of_end": b[1]}
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE claims (id INTEGER, as_of_start TEXT, as_of_end TEXT)")
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?)", [(1, *a), (2, *b)])
    sql = f"SELECT {SAME_TIME_SQL.format(a='ca', b='cb')} FROM claims ca, claims cb WHERE ca.id = 1 AND cb.id = 2"
    assert bool(conn.execute(sql).fetchone()[0]) == same_time(ca, cb)


def test_unknown_bounds_are_open():
    assert same_time({"as_of_start": "2020-01-01", "as_of_end": None}, {"as_of_start": None, "as_of_end": "2020-01-01"})
    assert not same_time({"as_of_start": "2021-01-01", "as_of_end": "2021-12-31"},
                         {"as_of_start": "2022-01-01", "as_of_end": None})
