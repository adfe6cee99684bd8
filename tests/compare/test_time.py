"""The one definition of how two claims' times relate, and of a stated change ordering them: the
Python and its SQL twins in the comparisons view agree."""
from __future__ import annotations

import datetime as dt
import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.compare.time import (
    TRANSITION_SQL,
    is_transition,
    time_relation,
    time_relation_sql,
    transition_orders,
    transition_orders_sql,
)

DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)).map(
    lambda d: d.isoformat()))
INTERVALS = st.tuples(DATES, DATES).map(lambda t: tuple(sorted(t)) if all(t) else t)


def _sql_claims(*intervals) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE claims (id INTEGER, as_of_start TEXT, as_of_end TEXT, date_start TEXT, date_end TEXT)")
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", [(i, *iv) for i, iv in enumerate(intervals, start=1)])
    return conn


def _claim(interval) -> dict:
    return {"as_of_start": interval[0], "as_of_end": interval[1]}


@settings(max_examples=500, deadline=None)
@given(INTERVALS, INTERVALS)
def test_relation_in_python_and_sql_agree(a, b):
    conn = _sql_claims((*a, None, None), (*b, None, None))
    sql = f"SELECT {time_relation_sql('ca', 'cb')} FROM claims ca, claims cb WHERE ca.id = 1 AND cb.id = 2"
    assert conn.execute(sql).fetchone()[0] == time_relation(_claim(a), _claim(b))


@settings(max_examples=500, deadline=None)
@given(INTERVALS, INTERVALS, INTERVALS.filter(all))
def test_a_stated_change_orders_the_same_pairs_in_python_and_sql(before, after, change):
    conn = _sql_claims((*before, None, None), (*after, None, None), (None, None, *change))
    sql = (f"SELECT {transition_orders_sql('t', 'b.as_of_start', 'a.as_of_end')} FROM claims b, claims a, claims t "
           "WHERE b.id = 1 AND a.id = 2 AND t.id = 3")
    t = {"date_start": change[0], "date_end": change[1]}
    assert bool(conn.execute(sql).fetchone()[0]) == transition_orders(t, _claim(before), _claim(after))


def test_disjoint_times_need_only_the_bounds_that_prove_it():
    assert time_relation(_claim((None, "2021-04-30")), _claim(("2023-11-01", None))) == "first"
    assert time_relation(_claim(("2023-11-01", None)), _claim((None, "2021-04-30"))) == "second"
    assert time_relation(_claim(("2021-04-01", "2021-04-30")), _claim(("2021-01-01", "2021-12-31"))) == "same"


def test_an_unknown_bound_or_a_long_overlap_is_unknown_never_the_same_time():
    assert time_relation(_claim((None, None)), _claim(("2021-01-01", "2021-12-31"))) == "unknown"
    assert time_relation(_claim(("2020-01-01", None)), _claim(("2021-01-01", "2021-12-31"))) == "unknown"
    # 2019 to 2021 overlaps 2020-21 but spans three years: a later count cannot be told from a conflicting one
    assert time_relation(_claim(("2019-01-01", "2021-12-31")), _claim(("2020-04-01", "2021-03-31"))) == "unknown"


def test_a_year_is_short_enough_two_are_not():
    leap_year = _claim(("2020-01-01", "2020-12-31"))
    assert time_relation(leap_year, dict(leap_year)) == "same"
    assert time_relation(_claim(("2020-01-01", "2021-01-01")), leap_year) == "unknown"


def test_a_change_is_a_stated_dated_fact():
    change = {"predicate": "dated", "event": "effective", "date_start": "2022-07-01", "date_end": "2022-07-01",
              "modality": "fact", "negated": 0}
    assert is_transition(change)
    assert not is_transition(dict(change, modality="plan"))
    assert not is_transition(dict(change, event="published"))
    assert not is_transition(dict(change, negated=1))
    assert not is_transition(dict(change, date_end=None))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE claims (predicate, event, date_start, date_end, modality, negated)")
    rows = [change, dict(change, modality="plan"), dict(change, event="published"), dict(change, date_end=None),
            dict(change, event="abolished", modality=None, negated=None), dict(change, event="abolished")]
    conn.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)",
                     [tuple(r[k] for k in ("predicate", "event", "date_start", "date_end", "modality", "negated")) for r in rows])
    found = [bool(r[0]) for r in conn.execute(f"SELECT {TRANSITION_SQL.format(t='claims')} FROM claims ORDER BY rowid")]
    assert found == [is_transition(r) for r in rows] == [True, False, False, False, False, True]


def test_a_change_orders_what_may_lie_before_and_after_it():
    july = {"date_start": "2022-07-01", "date_end": "2022-07-01"}
    assert transition_orders(july, _claim((None, None)), _claim((None, None)))
    assert transition_orders(july, _claim(("2021-04-01", "2021-04-30")), _claim(("2023-11-01", None)))
    assert not transition_orders(july, _claim(("2023-01-01", None)), _claim((None, None)))  # began after the change
    assert not transition_orders(july, _claim((None, None)), _claim((None, "2022-06-30")))  # ended before it
