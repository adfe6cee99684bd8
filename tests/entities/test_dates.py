"""Dates: normalisation as (text, expected) pairs, spans, and properties over any text."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities.dates import find_dates, normalise_date


@pytest.mark.parametrize("text,expected", [
    ("11 February 2021", ("2021-02-11", "2021-02-11", "day")),
    ("1 July 2022", ("2022-07-01", "2022-07-01", "day")),
    ("September 7, 2021", ("2021-09-07", "2021-09-07", "day")),
    ("07/09/2021", ("2021-09-07", "2021-09-07", "day")),  # UK order: day first
    ("April 2021", ("2021-04-01", "2021-04-30", "month")),
    ("February 2020", ("2020-02-01", "2020-02-29", "month")),
    ("summer 2023", ("2023-06-01", "2023-08-31", "season")),
    ("winter 2021", ("2021-12-01", "2022-02-28", "season")),
    ("early 2021", ("2021-01-01", "2021-04-30", "range")),
    ("late 2021", ("2021-09-01", "2021-12-31", "range")),
    ("end of 2022", ("2022-10-01", "2022-12-31", "range")),
    ("late January 2018", ("2018-01-21", "2018-01-31", "range")),
    ("Q3 2022", ("2022-07-01", "2022-09-30", "quarter")),
    ("third quarter of 2022", ("2022-07-01", "2022-09-30", "quarter")),
    ("2016", ("2016-01-01", "2016-12-31", "year")),
    ("2022-23", ("2022-04-01", "2023-03-31", "financial_year")),
    ("2022/23", ("2022-04-01", "2023-03-31", "financial_year")),
    ("between 2019 and 2021", ("2019-01-01", "2021-12-31", "range")),
    ("from April 2021 to March 2022", ("2021-04-01", "2022-03-31", "range")),
    ("early 1990s", ("1990-01-01", "1993-12-31", "range")),
    ("by April 2021", ("2021-04-01", "2021-04-30", "month")),
])
def test_date_normalisation(text, expected):
    assert normalise_date(text).iso() == expected


@pytest.mark.parametrize("text,expected", [
    ("the deadline is by April 2021 for all", ["April 2021"]),
    ("Originally scheduled for implementation in April 2022, ICSs will become statutory bodies from 1 July 2022.",
     ["April 2022", "1 July 2022"]),
    ("it lasted six years and cost £2019m for 2,020 people", []),
    ("a balanced financial plan for 2022-23", ["2022-23"]),
    ("On 26 November, NHS England published", ["26 November"]),
])
def test_date_spans(text, expected):
    assert [d.text for d in find_dates(text)] == expected


@pytest.mark.parametrize("text,expected", [
    ("start of 2021/22", ("2021-04-01", "2021-06-30", "range")),  # a financial year starts in April
    ("end of financial year 2021-22", ("2022-01-01", "2022-03-31", "range")),
    ("quarter 4 of 2020/21", ("2021-01-01", "2021-03-31", "quarter")),
    ("Q1 2024/25", ("2024-04-01", "2024-06-30", "quarter")),
])
def test_parts_of_a_financial_year(text, expected):
    assert normalise_date(text).iso() == expected


@pytest.mark.parametrize("text,expected", [
    ("The scheme closed in March last year.", ("March last year", "2017-03-01", "2017-03-31")),
    ("Bids are due by 30 June this year.", ("30 June this year", "2018-06-30", "2018-06-30")),
    ("Funding starts from September, the trust said.", ("September", "2018-09-01", "2018-09-30")),
    ("The board met in late November to agree it.", ("November", "2018-11-01", "2018-11-30")),
])
def test_month_without_a_year_takes_the_document_year(text, expected):
    (span,) = find_dates(text, default_year=2018)
    assert (span.text, *span.value.iso()[:2]) == expected


@pytest.mark.parametrize("text", ["You May apply now.", "Trusts may merge in time.", "March on, said the chair.",
                                  "April is the one who chairs it."])
def test_a_month_name_alone_is_a_date_only_after_a_time_preposition(text):
    assert find_dates(text, default_year=2018) == []


def test_yearless_date_is_never_filled_from_today():
    (span,) = find_dates("On 26 November, NHS England published")
    assert span.value.start is None and span.value.granularity == "day"
    assert find_dates("On 26 November, NHS England published", default_year=2020)[0].value.iso()[0] == "2020-11-26"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_date_normaliser_never_raises_and_orders_its_interval(text):
    value = normalise_date(text)
    if value is not None and value.start is not None:
        assert value.start <= value.end
    for span in find_dates(text):
        if span.value.start:
            assert span.value.start <= span.value.end
